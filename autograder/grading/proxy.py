"""A narrow proxy: the re-check calls the learner's functions and classes in the learner's kernel.

Answers that are code (module 4's ``estimate(a)``, module 6's ``encode``/``TokenBucket``/
``HashRing``) cannot be re-checked as data. For a re-checked test cell that reads such an answer,
the grader runs the cell's trusted source in a fresh sandboxed interpreter *while the learner's
kernel is still alive* (:mod:`.recheck`), and ``answer("estimate")`` there is a :class:`Remote`:
calling it, reading an attribute or creating an instance sends one message over a unix socket
to :func:`serve`, which the kernel runs for the length of the check. The checker, its answer
keys and its reference models never enter the learner's process; the learner's code only ever
sees the arguments the checker passes (numbers, strings, ``autograder`` data, and handles to
checker-side objects such as a fake clock, which call back the same way).

Values cross as the tagged JSON of :mod:`.snapshot`; anything that is not data crosses as a
handle (``{"$ref": n}``) into the sending side's table. Exceptions cross as their type's name
and message: a builtin exception type (``ValueError``) is raised as itself on the other side,
any other as :class:`RemoteError`. Each call in the kernel runs under a processor-time cap
(:data:`CALL_CPU_SECONDS`, or less: what the running check's budget has left,
:func:`autograder.guard.remote_budget`), so a loop that never ends answers "timed out" instead of
hanging the check; the processor time a call used in the kernel comes back with its answer and
counts against the check's budget (:func:`autograder.guard.charge_remote`), as if the code had run
in the checker's process. A call made while the checker computes ``hash()`` as another process
would (:mod:`autograder.hashsalt`) runs that way in the kernel too.

A checker that judges a class by what it declares (module 2's ``check_key_service``) asks for its
facts instead (:mod:`.facts`; the ``facts`` request), read in the kernel and sent back as data.

Only the standard library, :mod:`.snapshot`, :mod:`.facts`, :mod:`autograder.guard` and
:mod:`autograder.hashsalt` (all standard library only) are used here: :func:`serve` runs in the
learner's kernel.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import json
import signal
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from autograder import guard, hashsalt

from .snapshot import decode, encode

__all__ = ["CALL_CPU_SECONDS", "Broken", "CallTimedOut", "Connection", "Remote", "RemoteError", "serve"]

CALL_CPU_SECONDS = 20.0
"""Processor time one call into learner code may use in the kernel before it answers "timed out"."""
_MAX_MESSAGE = 20_000_000
_HEADER = struct.Struct(">I")


class RemoteError(Exception):
    """The other side raised an exception whose type is not a builtin one."""

    def __init__(self, type_name: str, message: str) -> None:
        super().__init__(f"{type_name}: {message}" if message else type_name)
        self.type_name = type_name


class _CallTimedOut(BaseException):
    """Raised inside learner code in the kernel when a call used up its processor time ("cpu") or,
    waiting rather than computing, its time on the clock ("wall")."""

    def __init__(self, kind: str = "cpu") -> None:
        super().__init__(kind)
        self.kind = kind


class CallTimedOut(Exception):
    """The learner's code used up the processor time one call may take in the kernel."""


class Broken(Exception):
    """The connection is gone or out of step: no further calls are possible."""


class Connection:
    """One side of the proxy: sends requests, answers the other side's requests meanwhile."""

    def __init__(self, sock: socket.socket, namespace: dict | None = None) -> None:
        self.sock = sock
        self.namespace = namespace if namespace is not None else {}
        self._objects: dict[int, Any] = {}
        self._next_ref = 1
        self._next_id = 1
        self.broken: str | None = None

    # -- wire ------------------------------------------------------------------------------

    def _send(self, message: dict) -> None:
        data = json.dumps(message).encode("utf-8")
        self.sock.sendall(_HEADER.pack(len(data)) + data)

    def _recv_exact(self, n: int) -> bytes:
        chunks, got = [], 0
        while got < n:
            chunk = self.sock.recv(min(n - got, 1 << 20))
            if not chunk:
                raise Broken("the other side closed the connection")
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def _recv(self) -> dict:
        (size,) = _HEADER.unpack(self._recv_exact(_HEADER.size))
        if size > _MAX_MESSAGE:
            raise Broken(f"a message of {size} bytes is over the limit")
        message = json.loads(self._recv_exact(size).decode("utf-8"))
        if not isinstance(message, dict):
            raise Broken("a message that is not an object")
        return message

    # -- values ---------------------------------------------------------------------------

    def export(self, value: Any) -> int:
        ref = self._next_ref
        self._next_ref += 1
        self._objects[ref] = value
        return ref

    def pack(self, value: Any) -> Any:
        return encode(value, export=self.export)

    def unpack(self, data: Any) -> Any:
        return decode(data, remote=lambda ref: Remote(self, ref))

    # -- requests -------------------------------------------------------------------------

    def request(self, op: str, **fields: Any) -> Any:
        """Send one request and return its result (answering nested requests meanwhile)."""
        message, budget, wall = self._exchange(op, fields)
        self._raise_failure(message, budget, wall)
        return self.unpack(message.get("ok"))

    def _exchange(self, op: str, fields: dict) -> tuple[dict, float | None, float | None]:
        """Send one request; its reply, and the budgets the request carried. The learner's time is charged."""
        if self.broken:
            raise Broken(self.broken)
        rid = self._next_id
        self._next_id += 1
        budget, wall = guard.remote_budget(), guard.remote_wall_budget()
        if budget is not None:
            fields["cpu"] = budget
        if wall is not None:
            fields["wall"] = wall
        if hashsalt.active():
            fields["salted"] = True
        try:
            with guard.remote_call():
                self._send({"id": rid, "op": op, **fields})
                while True:
                    message = self._recv()
                    if "op" in message:
                        self._answer(message)
                        continue
                    if message.get("re") == rid:
                        break
                    # else: the late answer to a call this side stopped waiting for (its time guard)
        except (OSError, ValueError, struct.error, Broken) as exc:
            self.broken = f"the connection to the kernel failed ({type(exc).__name__})"
            raise Broken(self.broken) from None
        used, took = message.get("cpu"), message.get("wall")
        guard.charge_remote(_limit(used, CALL_CPU_SECONDS) if used is not None else 0.0,
                            _limit(took, CALL_CPU_SECONDS * guard.WALL_FACTOR) if took is not None else 0.0)
        return message, budget, wall

    @staticmethod
    def _raise_failure(message: dict, budget: float | None, wall: float | None) -> None:
        """Raise what the reply says the call raised or ran out of, as if it had happened here."""
        if "raise" in message:
            type_name, text = (list(message["raise"]) + ["", ""])[:2]
            raise _exception(str(type_name), str(text))
        if message.get("timeout"):
            waited = message.get("timeout") == "wall"
            if waited and wall is not None:
                raise guard.out_of_time(waited=True)  # the check's clock ran out there: the guard says so
            if not waited and budget is not None and budget < CALL_CPU_SECONDS:
                raise guard.out_of_time(waited=False)  # its processor time ran out there
            raise CallTimedOut(f"it used more than {CALL_CPU_SECONDS:g} s of processor time")

    def call_each(self, ref: int, items: list[tuple], accept: list | None = None) -> tuple[list, Callable[[], None] | None]:
        """Call the object ``ref`` with each argument tuple of ``items`` in one round trip.

        The other side stops at the first call that raises or runs out of time, and after the first
        result not in ``accept`` (when given). Returns the results it got, in order, and ``None`` when
        every item was called, else a function that raises what stopped it (for the next item)."""
        fields: dict = {"ref": ref, "items": [[self.pack(a) for a in args] for args in items]}
        if accept is not None:
            fields["accept"] = [self.pack(a) for a in accept]
        message, budget, wall = self._exchange("map", fields)
        done = self.unpack(message.get("ok", message.get("done", [])))
        done = list(done) if isinstance(done, list) else []
        if "ok" in message:  # every item called, or stopped after a result not in ``accept``
            return done, None

        def rest() -> None:
            self._raise_failure(message, budget, wall)
            raise Broken("the other side stopped without saying why")

        return done, rest

    def serve_forever(self) -> None:
        """Answer requests until the other side closes the connection."""
        while True:
            try:
                message = self._recv()
            except (Broken, OSError, ValueError, struct.error):
                return
            if "op" in message:
                self._answer(message)

    def _answer(self, message: dict) -> None:
        rid = message.get("id")
        started, started_wall = time.thread_time(), time.perf_counter()
        done: list = []  # "map": the results so far, sent back whatever stops the loop
        try:
            salted = (hashsalt.another_process() if message.get("salted") and not hashsalt.active()
                      else contextlib.nullcontext())
            with salted:
                result = self._perform(message, done)
            reply: dict = {"re": rid, "ok": self.pack(result)}
        except _CallTimedOut as out:
            reply = {"re": rid, "timeout": out.kind}
        except BaseException as exc:  # the learner's exception (or ours): it crosses as data
            if isinstance(exc, (KeyboardInterrupt, Broken)):
                raise
            reply = {"re": rid, "raise": [type(exc).__name__, _text(exc)]}
        if "ok" not in reply and message.get("op") == "map":
            reply["done"] = self.pack(done)
        reply["cpu"] = time.thread_time() - started
        reply["wall"] = time.perf_counter() - started_wall
        self._send(reply)

    def _perform(self, message: dict, done: list) -> Any:
        op = message.get("op")
        if op == "lookup":
            name = str(message.get("name"))
            if name not in self.namespace:
                raise NameError(name)
            return self.namespace[name]
        target = self._objects.get(int(message.get("ref", 0)))
        if target is None and op != "release":
            raise Broken("an unknown handle")
        limit = _limit(message.get("cpu"), CALL_CPU_SECONDS)
        wall = _limit(message.get("wall"), CALL_CPU_SECONDS * guard.WALL_FACTOR)
        if op == "call":
            args = [self.unpack(a) for a in message.get("args", [])]
            kwargs = {str(k): self.unpack(v) for k, v in dict(message.get("kwargs", {})).items()}
            return _guarded(target, args, kwargs, limit, wall)
        if op == "map":
            items = [[self.unpack(a) for a in args] for args in list(message.get("items", []))]
            accept = [self.unpack(a) for a in message["accept"]] if isinstance(message.get("accept"), list) else None
            _guarded(_each, [target, items, accept, done], {}, limit, wall)
            return done
        if op == "getattr":
            return _guarded(getattr, [target, str(message.get("name"))], {}, limit, wall)
        if op == "repr":
            return _guarded(repr, [target], {}, limit, wall)
        if op == "facts":  # what a class declares, for checks by introspection (see .facts)
            from .facts import describe

            return _guarded(describe, [target], {}, limit, wall)
        if op == "release":
            self._objects.pop(int(message.get("ref", 0)), None)
            return None
        raise Broken(f"an unknown request {op!r}")


class Remote:
    """Stands for an object on the other side; calls and attribute reads go there."""

    __slots__ = ("_conn", "_ref")

    def __init__(self, conn: Connection, ref: int) -> None:
        object.__setattr__(self, "_conn", conn)
        object.__setattr__(self, "_ref", ref)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        conn = self._conn
        return conn.request("call", ref=self._ref, args=[conn.pack(a) for a in args],
                            kwargs={k: conn.pack(v) for k, v in kwargs.items()})

    def call_each(self, items: list[tuple], accept: list | None = None) -> tuple[list, Callable[[], None] | None]:
        """Many calls in one round trip (see :meth:`Connection.call_each`; used by :meth:`guard.Session.call_each`)."""
        return self._conn.call_each(self._ref, items, accept)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__") and name not in ("__name__", "__qualname__", "__doc__"):
            raise AttributeError(name)
        return self._conn.request("getattr", ref=self._ref, name=name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a remote object's attributes are read-only here")

    def __repr__(self) -> str:
        try:
            return str(self._conn.request("repr", ref=self._ref))
        except Exception:
            return "<learner object>"


class _Verbatim(str):
    """Text whose ``repr`` is itself: ``str(KeyError(x))`` is ``repr(x)``, and the text crossed already shown."""

    def __repr__(self) -> str:
        return str.__str__(self)


def _exception(type_name: str, text: str) -> BaseException:
    kind = getattr(builtins, type_name, None)
    if isinstance(kind, type) and issubclass(kind, Exception):
        try:
            return kind(_Verbatim(text)) if issubclass(kind, KeyError) and text else kind(text)
        except Exception:
            pass
    return RemoteError(type_name, text)


def _text(exc: BaseException) -> str:
    try:
        return str(exc)[:500]
    except Exception:
        return ""


_timer_lock = threading.Lock()


def _each(function: Any, items: list, accept: list | None, done: list) -> None:
    """Call ``function`` on each argument list in turn, collecting into ``done``; stop after a result
    not in ``accept``. An exception (or running out of time) stops it too, with ``done`` kept."""
    for args in items:
        result = function(*args)
        done.append(result)
        if accept is not None and result not in accept:
            return


def _limit(asked: Any, cap: float) -> float:
    """A cap of one call: what the caller's check has left, at most ``cap``."""
    if isinstance(asked, (int, float)) and not isinstance(asked, bool) and asked == asked:
        return max(0.0, min(float(asked), cap))
    return cap


def _guarded(function: Any, args: list, kwargs: dict, limit: float = CALL_CPU_SECONDS,
             wall: float = CALL_CPU_SECONDS * guard.WALL_FACTOR) -> Any:
    """Call learner code quietly, under a processor-time cap (main thread: a repeating timer)."""
    sink = io.StringIO()
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            return function(*args, **kwargs)
    started, started_wall = time.thread_time(), time.perf_counter()

    def tick(signum: int, frame: Any) -> None:
        if time.thread_time() - started > limit:
            raise _CallTimedOut("cpu")
        if time.perf_counter() - started_wall > wall:
            raise _CallTimedOut("wall")

    with _timer_lock:
        previous = signal.signal(signal.SIGALRM, tick)
        signal.setitimer(signal.ITIMER_REAL, 0.05, 0.05)
        try:
            with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                return function(*args, **kwargs)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0, 0)
            signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


def serve(path: str) -> None:
    """Run in the learner's kernel: answer the re-check's requests on the unix socket ``path``.

    The namespace of the caller (the kernel's user namespace) is what ``lookup`` reads.
    Returns when the re-check closes the connection.
    """
    namespace = sys._getframe(1).f_globals
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        return
    conn = Connection(sock, namespace)
    try:
        conn.serve_forever()
    finally:
        sock.close()
