"""Run a learner's code quietly and under a time budget, so a checker never raises (every checker uses it, through :mod:`autograder.contract`).

A checker runs each of its checks through :meth:`Session.run`. Inside, every call
into the learner's code goes through :meth:`Session.call`, which turns an exception
into :class:`LearnerError` and remembers which call is running. A repeating timer
(main thread only) raises :class:`OutOfTime` *inside the learner's code* once the
check's budget is used up, so a loop that never ends becomes a finding ("... did not
return within 1.5 s") and the rest of the notebook still grades.

The budget is **processor time of the thread that runs the check** (``time.thread_time``,
looked at by a timer that ticks every 50 ms), not time on the clock and not the whole
process's: on a machine busy with other work (a grading run with several workers, a shared
CI runner), or beside other threads of the same process (a test runner's, a kernel's), a
correct answer gets the same computing time as on an idle one, so it gets the same score. Code that waits instead of computing (``time.sleep``, a blocking
read) uses no processor time; a clock-time cap of :data:`WALL_FACTOR` times the budget
stops it. ``OutOfTime`` derives from ``BaseException``: hypothesis and ``except
Exception`` in learner code let it through, and the timer keeps firing every 50 ms
while the learner's code still runs, so even a loop with a broad ``except`` is
interrupted once it leaves its ``try``. Only a loop that swallows every exception
(``except BaseException: pass``) or spins inside C code escapes; nbgrader's
per-cell timeout is the last resort for those.

When the learner's code runs in another process (the grader's live re-check calls it in the
learner's kernel, :mod:`autograder.grading.proxy`), each call asks :func:`remote_budget` how much
processor time the check has left, the other process stops the call there, and the time it used
comes back through :func:`charge_remote`: the check's budget counts the learner's processor time
wherever it ran, so both ways give the same verdict.

Everything the learner's code prints, and every warning, is captured and dropped:
a test cell must write nothing to stderr.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import signal
import threading
import time
import warnings
from collections.abc import Callable

__all__ = ["REMOTE_GRACE", "Counterexample", "LearnerError", "OutOfTime", "Session", "charge_remote", "out_of_time",
           "remote_budget", "remote_call", "remote_wall_budget", "short"]

_REFIRE_SECONDS = 0.05
WALL_FACTOR = 5
"""Clock-time cap of a check (and of a session) as a multiple of its processor-time budget."""


class OutOfTime(BaseException):
    """Raised inside the learner's code when the check's time budget is used up."""


class LearnerError(Exception):
    """The learner's code raised; carries the call that did it."""

    def __init__(self, call: str, error: BaseException) -> None:
        super().__init__(call)
        self.call = call
        self.error = error

    def describe(self) -> str:
        detail = str(self.error).strip()
        detail = f": {short(detail, 120)}" if detail else ""
        return f"{self.call} raised {type(self.error).__name__}{detail}"


class Counterexample(Exception):
    """A property does not hold; the message says for which input and what to change."""


class _ShrunkEnough(BaseException):
    """Stops hypothesis' shrinking after a fixed number of failures (deterministic, unlike a clock)."""


_MAX_FAILURES = 12
_MAX_CALLS_WHILE_SHRINKING = 800


def short(value, limit: int = 80) -> str:
    """``repr`` of a value, cut to ``limit`` characters (huge ints stay readable)."""
    try:
        text = repr(value)
    except Exception:  # a learner's object with a broken __repr__
        text = f"<{type(value).__name__} object>"
    if len(text) > limit:
        text = text[: limit - 12] + "..." + text[-9:]
    return text


_RUNNING: contextvars.ContextVar[Session | None] = contextvars.ContextVar("autograder_guard_session", default=None)
"""The session whose check is running (set by :meth:`Session.run`)."""


def remote_budget() -> float | None:
    """Processor seconds the running check has left (None outside a check)."""
    session = _RUNNING.get()
    if session is None:
        return None
    return max(0.0, session._budget - session._used())


def charge_remote(seconds: float, wall: float = 0.0) -> None:
    """Count ``seconds`` of processor time and ``wall`` seconds on the clock that the learner's code
    used in another process, in the call :func:`remote_call` just timed (the rest of that call's
    time was the machinery's: sending, waiting to be scheduled)."""
    session = _RUNNING.get()
    if session is None:
        return
    if seconds > 0:
        session._remote += float(seconds)
    if wall > 0:
        session._remote_wall -= min(float(wall), session._last_remote)


REMOTE_GRACE = 30.0
"""Seconds past the check's clock limit a call in another process may take before the check stops
waiting for it (that process enforces the limit itself; this is for one that stopped answering)."""


def remote_wall_budget() -> float | None:
    """Clock seconds the running check has left (None outside a check)."""
    session = _RUNNING.get()
    if session is None:
        return None
    return max(0.0, session._wall_budget - session._wall_used())


@contextlib.contextmanager
def remote_call():
    """Around one call into learner code in another process, which enforces the check's budgets
    itself. While it runs, the check's clock is not looked at here; afterwards only the time the
    learner's code took there counts (:func:`charge_remote`), not the machinery's (on a loaded
    machine, waiting for another process costs clock time a local call would not)."""
    session = _RUNNING.get()
    if session is None or session._remote_since is not None:  # outside a check, or nested
        yield
        return
    session._remote_since = time.perf_counter()
    try:
        yield
    finally:
        session._last_remote = time.perf_counter() - session._remote_since
        session._remote_wall += session._last_remote
        session._remote_since = None


def out_of_time(*, waited: bool) -> OutOfTime:
    """The exception that ends the running check because its budget ran out in another process
    (``waited``: the clock limit, i.e. the code waited rather than computed)."""
    session = _RUNNING.get()
    if session is not None:
        session._waited = waited
    return OutOfTime()


_BATCH = 1000
"""Calls sent to the learner's kernel in one round trip by :meth:`Session.call_each`."""


def _is_remote(function) -> bool:
    """Whether ``function`` is the learner's code in another process (never imports the proxy)."""
    import sys

    proxy = sys.modules.get("autograder.grading.proxy")
    return proxy is not None and isinstance(function, proxy.Remote)


def _answered_nothing() -> None:
    raise RuntimeError("the call answered nothing")


def _can_use_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class Session:
    """One checker run: a time budget per check and in total, shared by its checks."""

    def __init__(self, per_check: float = 1.0, total: float = 3.0) -> None:
        self.per_check = per_check
        self.remaining = total
        self.remaining_wall = total * WALL_FACTOR
        self._waited = False
        self.current: str | None = None
        self._in_learner = False
        self._budget = per_check
        self._started = self._started_cpu = 0.0
        self._remote = 0.0
        self._remote_wall = self._last_remote = 0.0
        self._remote_since: float | None = None
        self._wall_budget = per_check * WALL_FACTOR
        self.last_failure: str | None = None
        self._failures = 0
        self._shrink_calls = 0

    # -- calls into learner code ----------------------------------------------------

    def call(self, description: str, function: Callable, *args, **kwargs):
        """Call the learner's ``function``; its exception becomes :class:`LearnerError`."""
        self._count_shrink_call()
        self.current = description
        self._in_learner = True
        try:
            return function(*args, **kwargs)
        except (Exception, SystemExit) as error:
            self._in_learner = False
            failure = LearnerError(description, error)
            self._note(failure.describe() + ".")
            raise failure from None
        finally:
            self._in_learner = False

    def call_each(self, describe: Callable[[object], str], function: Callable, items, *, accept=None):
        """Yield ``self.call(describe(item), function, item)`` for each item, one at a time.

        The same calls, results, errors and messages as that loop. When ``function`` is the learner's
        code in another process (:class:`autograder.grading.proxy.Remote`), the calls go there in
        batches, one round trip each instead of one per call; that side stops a batch at the first
        error, and after the first result not in ``accept`` (the checker's own validity test, so it
        never calls on past a result the checker rejects)."""
        batch = getattr(type(function), "call_each", None) if _is_remote(function) else None
        if batch is None:
            for item in items:
                yield self.call(describe(item), function, item)
            return
        items = list(items)
        i = 0
        while i < len(items):
            size = _BATCH if not self._failures else max(1, _MAX_CALLS_WHILE_SHRINKING - self._shrink_calls)
            chunk = items[i:i + size]
            self.current = describe(chunk[0])
            self._in_learner = True
            try:
                results, failure = batch(function, [(item,) for item in chunk], accept)
            finally:
                self._in_learner = False
            if not results and failure is None:  # no progress: only a tampered kernel answers so
                failure = _answered_nothing
            for result in results[:len(chunk)]:
                self._count_shrink_call()
                yield result
                i += 1
            if failure is not None:  # raises what stopped the batch, as the call itself would have
                self.call(describe(items[i]), failure)

    def _count_shrink_call(self) -> None:
        if self._failures:
            self._shrink_calls += 1
            if self._shrink_calls > _MAX_CALLS_WHILE_SHRINKING:
                raise _ShrunkEnough()

    def attempt(self, description: str, function: Callable, *args):
        """Call the learner's ``function`` where an exception is an answer: ``(result, error)``."""
        self.current = description
        self._in_learner = True
        try:
            return function(*args), None
        except (Exception, SystemExit) as error:
            return None, error
        finally:
            self._in_learner = False

    def fail(self, message: str):
        """Report a counterexample (recorded, so a later time-out can still show it)."""
        self._note(message)
        raise Counterexample(message)

    def _note(self, message: str) -> None:
        self.last_failure = message
        self._failures += 1
        if self._failures > _MAX_FAILURES:  # shrinking found a small enough example
            raise _ShrunkEnough()

    # -- running one check ------------------------------------------------------------

    def run(self, body: Callable[[], None], *, hint_on_timeout: str = "") -> str | None:
        """Run one check; None when it passed, else the message for the learner."""
        if self.remaining <= 0.05 or self.remaining_wall <= 0.05:
            return (
                "not checked: earlier checks used up this cell's time budget "
                "(your code was too slow or did not return); fix those first"
            )
        self._budget = min(self.per_check, self.remaining)
        self._wall_budget = min(self.per_check * WALL_FACTOR, self.remaining_wall)
        self._waited = False
        self.current = None
        self.last_failure = None
        self._failures = 0
        self._shrink_calls = 0
        started, started_cpu = time.perf_counter(), time.thread_time()
        self._started, self._started_cpu = started, started_cpu
        self._remote = self._remote_wall = 0.0
        self._remote_since = None
        running = _RUNNING.set(self)
        try:
            with _quiet(), self._alarm():
                body()
            return None
        except _ShrunkEnough:
            return self.last_failure
        except OutOfTime:
            if self.last_failure is not None:  # found a failure, ran out of time shrinking it
                return self.last_failure
            where = self.current or "your code"
            if self._waited:
                return (f"{where} did not return within {self._wall_budget:.1f} s; it seems to wait "
                        f"(sleep, input, a lock) rather than compute. {hint_on_timeout}").strip()
            return f"{where} did not return within {self._budget:.1f} s. {hint_on_timeout}".strip()
        except LearnerError as error:
            return error.describe() + "."
        except Counterexample as failure:
            return str(failure)
        except Exception as error:  # hypothesis' own errors (e.g. a flaky learner function)
            if self.last_failure is not None:
                return self.last_failure
            return (
                f"the check could not finish ({type(error).__name__}); does your code keep state "
                "between calls that it should not, or behave differently when called twice?"
            )
        finally:
            _RUNNING.reset(running)
            self._in_learner = False
            self.remaining -= self._used()
            self.remaining_wall -= time.perf_counter() - started - self._remote_wall

    def _used(self) -> float:
        """Processor time of the running check: this thread's and the learner's elsewhere."""
        return time.thread_time() - self._started_cpu + self._remote

    def _wall_used(self) -> float:
        """Clock time of the running check, less its waits for calls in another process."""
        now = time.perf_counter()
        in_flight = now - self._remote_since if self._remote_since is not None else 0.0
        return now - self._started - self._remote_wall - in_flight

    @contextlib.contextmanager
    def _alarm(self):
        if not _can_use_alarm():  # e.g. a worker thread: run without a time limit
            yield
            return

        def tick(signum, frame):
            # Python runs signal handlers in the main thread, the one running the check.
            if not self._in_learner:
                return
            if self._remote_since is not None:  # a call in another process, which keeps the limits itself
                if time.perf_counter() - self._remote_since >= self._wall_budget + REMOTE_GRACE:
                    self._waited = True  # it stopped answering
                    raise OutOfTime()
                return
            if self._used() >= self._budget:
                self._waited = False
                raise OutOfTime()
            if self._wall_used() >= self._wall_budget:
                self._waited = True
                raise OutOfTime()

        previous = signal.signal(signal.SIGALRM, tick)
        signal.setitimer(signal.ITIMER_REAL, _REFIRE_SECONDS, _REFIRE_SECONDS)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0, 0)
            signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


class _Discard(io.TextIOBase):
    """A text stream that keeps nothing (a printing loop cannot fill memory)."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)


@contextlib.contextmanager
def _quiet():
    """Drop whatever the learner's code (or a library) prints or warns."""
    sink = _Discard()
    with warnings.catch_warnings(), contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        warnings.simplefilter("ignore")
        yield
