"""The narrow proxy of live re-checks: the checker's side calls the learner's code in another process."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import textwrap
import threading

import pytest

from autograder.grading.proxy import Broken, CallTimedOut, Connection, Remote, RemoteError

LEARNER = {}
exec(textwrap.dedent('''
    import dataclasses

    def double(x):
        return 2 * x

    def rate(a):
        return {"qps": a.new_urls.to("1/s"), "whole": True}

    class Bucket:
        def __init__(self, capacity, clock):
            self.capacity, self.clock, self.tokens, self.last = capacity, clock, capacity, clock()

        def allow(self):
            now = self.clock()
            self.tokens = min(self.capacity, self.tokens + (now - self.last))
            self.last = now
            if self.tokens >= 1:
                self.tokens -= 1
                return True
            return False

    def strict(code):
        if not code.isascii():
            raise ValueError(f"not a base-62 code: {code!r}")
        return len(code)

    class Oops(Exception):
        pass

    def custom():
        raise Oops("mine")

    def noisy():
        print("printed by the learner")
        import sys
        print("to stderr", file=sys.stderr)
        return "quiet"
'''), LEARNER)


@pytest.fixture
def remote():
    """(checker-side connection, the learner's namespace served by a thread on the other end)."""
    ours, theirs = socket.socketpair()
    server = Connection(theirs, dict(LEARNER))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    conn = Connection(ours)
    yield conn
    ours.close()
    thread.join(5)
    theirs.close()


def test_functions_are_called_in_the_learners_process_with_data_crossing_by_value(remote):
    double = remote.request("lookup", name="double")
    assert isinstance(double, Remote) and callable(double)
    assert double(21) == 42 and double("ab") == "abab" and double([1]) == [1, 1]
    with pytest.raises(NameError):
        remote.request("lookup", name="not_defined")


def test_objects_cross_as_handles_and_call_back(remote):
    """A class answer makes instances there; the checker's fake clock is called back from there."""
    now = [0.0]

    def clock():
        return now[0]

    bucket = remote.request("lookup", name="Bucket")(2, clock)
    assert isinstance(bucket, Remote)
    assert [bucket.allow() for _ in range(3)] == [True, True, False]
    now[0] = 1.0
    assert bucket.allow() is True and bucket.tokens == 0
    with pytest.raises(AttributeError):
        bucket.no_such_attribute  # noqa: B018


def test_exceptions_keep_builtin_types(remote):
    strict = remote.request("lookup", name="strict")
    assert strict("abc") == 3
    with pytest.raises(ValueError, match="not a base-62 code"):
        strict("١٢")
    with pytest.raises(RemoteError, match="Oops: mine"):
        remote.request("lookup", name="custom")()


def test_what_the_learner_prints_is_dropped(remote, capsys):
    assert remote.request("lookup", name="noisy")() == "quiet"
    assert capsys.readouterr() == ("", "")


def test_quantities_cross_as_quantities(remote):
    from autograder.estimate import SHORTENER
    from autograder.estimate.units import ureg

    result = remote.request("lookup", name="rate")(SHORTENER)
    assert result["whole"] is True
    assert result["qps"].check("1/[time]") and result["qps"].magnitude > 0
    assert result["qps"].to("1/s").magnitude == pytest.approx(SHORTENER.new_urls.to("1/s").magnitude)
    assert isinstance(result["qps"], ureg.Quantity)


def test_a_closed_connection_is_a_clear_failure(remote):
    double = remote.request("lookup", name="double")
    remote.sock.close()
    with pytest.raises(Broken):
        double(1)


def test_an_endless_call_answers_timed_out_in_processor_time(tmp_path, monkeypatch):
    """In the kernel each call runs under a processor-time cap (the main thread's timer)."""
    path = tmp_path / "proxy.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)
    kernel = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f'''
        import autograder.grading.proxy as proxy
        proxy.CALL_CPU_SECONDS = 0.3
        def spin():
            while True:
                pass
        def fine():
            return "still serving"
        proxy.serve({str(path)!r})
    ''')])
    try:
        listener.settimeout(30)
        sock, _ = listener.accept()
        conn = Connection(sock)
        with pytest.raises(CallTimedOut):
            conn.request("lookup", name="spin")()
        assert conn.request("lookup", name="fine")() == "still serving"
        sock.close()
        assert kernel.wait(30) == 0
    finally:
        kernel.kill()
        listener.close()


@contextlib.contextmanager
def _serving(tmp_path, code: str):
    """A learner's process running ``code`` and serving its functions (main thread, as in a kernel)."""
    path = tmp_path / "proxy.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)
    process = subprocess.Popen([sys.executable, "-c", code + f"\nproxy.serve({str(path)!r})\n"])
    try:
        listener.settimeout(30)
        sock, _ = listener.accept()
        yield Connection(sock)
        sock.close()
        assert process.wait(30) == 0
    finally:
        process.kill()
        listener.close()


@pytest.fixture
def kernel(tmp_path):
    """A learner's process serving ``KERNEL_CODE``'s functions."""
    with _serving(tmp_path, KERNEL_CODE) as conn:
        yield conn


KERNEL_CODE = textwrap.dedent('''
    import time
    import autograder.grading.proxy as proxy

    def spin():
        while True:
            pass

    def burn(seconds):
        started = time.thread_time()
        while time.thread_time() - started < seconds:
            pass
        return seconds

    def where(key):
        return hash(key)

    def nap():
        time.sleep(60)

    def doze(seconds):
        time.sleep(seconds)
''')


def _spin():
    while True:
        pass


def test_an_endless_remote_call_ends_when_the_checks_budget_does_with_the_same_verdict(kernel):
    from autograder.guard import Session

    spin = kernel.request("lookup", name="spin")
    here, there = Session(per_check=0.4, total=2), Session(per_check=0.4, total=2)
    local = here.run(lambda: here.call("spin()", _spin))
    remote = there.run(lambda: there.call("spin()", spin))
    # Both are time-outs. On a machine so busy that a process gets under a fifth of a core, the clock
    # limit (2 s) comes first and the message says the code seems to wait, here or in the kernel.
    assert local is not None and local.startswith("spin() did not return within"), local
    assert remote is not None and remote.startswith("spin() did not return within"), remote
    if remote == "spin() did not return within 0.4 s.":
        assert there.remaining < 2 - 0.4 + 0.1  # the kernel's processor time was counted


def test_processor_time_used_in_the_kernel_counts_against_the_check(kernel):
    """Four calls of 0.2 s each in a check of 0.5 s: the third runs out, as it would here."""
    from autograder.guard import Session

    burn = kernel.request("lookup", name="burn")
    session = Session(per_check=0.5, total=3)
    calls = []

    def check():
        for _ in range(4):
            calls.append(session.call("burn(0.2)", burn, 0.2))

    verdict = session.run(check)
    # "within 0.5 s." on processor time; on a machine too busy for the kernel, its clock limit
    # (2.5 s) may come first: a time-out either way, after at most the two calls that fit.
    assert verdict is not None and verdict.startswith("burn(0.2) did not return within"), verdict
    assert calls in ([0.2, 0.2], [0.2], [])
    assert kernel.request("lookup", name="burn")(0.01) == 0.01  # the kernel still serves


def test_hash_in_another_process_reaches_the_kernel(kernel):
    from autograder.hashsalt import another_process

    where = kernel.request("lookup", name="where")
    before = where("session-1")
    with another_process():
        elsewhere = where("session-1")
        assert where(17) == hash(17)  # numbers hash as before
    assert elsewhere != before and where("session-1") == before


def _sleep():
    import time

    time.sleep(60)


def test_a_remote_call_that_waits_ends_on_the_checks_clock_with_the_same_verdict(kernel):
    """Code that sleeps uses no processor time: the kernel stops it on the check's clock limit."""
    from autograder.guard import Session

    nap = kernel.request("lookup", name="nap")
    here, there = Session(per_check=0.2, total=2), Session(per_check=0.2, total=2)
    local = here.run(lambda: here.call("nap()", _sleep))
    remote = there.run(lambda: there.call("nap()", nap))
    assert local == remote and "did not return within 1.0 s; it seems to wait" in remote, (local, remote)


def test_the_learners_waiting_in_the_kernel_counts_against_the_checks_clock(kernel):
    """Sixty naps of 50 ms: 3 s on the clock against a limit of 2.5 s, in the kernel as here."""
    from autograder.guard import Session

    doze = kernel.request("lookup", name="doze")
    here, there = Session(per_check=0.5, total=3), Session(per_check=0.5, total=3)

    def check(session, function):
        for _ in range(60):
            session.call("doze(0.05)", function, 0.05)

    local = here.run(lambda: check(here, lambda t: __import__("time").sleep(t)))
    remote = there.run(lambda: check(there, doze))
    assert local == remote and "did not return within 2.5 s; it seems to wait" in remote, (local, remote)


@pytest.fixture
def slow_kernel(tmp_path):
    """A kernel whose every answer is 50 ms late after the learner's code returned, as on a loaded
    machine."""
    late = textwrap.dedent('''
        _send = proxy.Connection._send
        def late(self, message):
            time.sleep(0.05)
            _send(self, message)
        proxy.Connection._send = late
    ''')
    with _serving(tmp_path, KERNEL_CODE + late) as conn:
        yield conn


def test_the_machinerys_delays_are_not_charged_to_the_checks_clock(slow_kernel):
    """Sixty quick calls whose answers each arrive 50 ms late (3 s in all, over the 2.5 s limit):
    only the learner's time counts, so a loaded machine cannot use up the check's clock."""
    from autograder.guard import Session

    burn = slow_kernel.request("lookup", name="burn")
    session = Session(per_check=0.5, total=3)

    def check():
        for _ in range(60):
            session.call("burn(0)", burn, 0)

    assert session.run(check) is None


# -- many calls in one round trip (guard.Session.call_each) -------------------------------------------

BATCH_CODE = textwrap.dedent('''
    import autograder.grading.proxy as proxy

    calls = []

    def owner(key):
        calls.append(key)
        if key == "boom":
            raise KeyError(key)
        if key == "spin":
            while True:
                pass
        return "elsewhere" if key == "odd" else "node-" + str(len(key) % 2)

    def called():
        return list(calls)
''')


@pytest.fixture
def batch_kernel(tmp_path):
    with _serving(tmp_path, BATCH_CODE) as conn:
        yield conn


def _learner_owner():
    namespace: dict = {}
    exec(BATCH_CODE.replace("import autograder.grading.proxy as proxy", ""), namespace)
    return namespace["owner"]


def _collect(session, owner, keys, accept=None):
    """What a checker loop over ``call_each`` sees: the results, then the verdict of the check."""
    seen = []

    def body():
        for key, node in zip(keys, session.call_each(lambda k: f"owner({k!r})", owner, keys, accept=accept), strict=False):
            seen.append(node)
            if accept is not None and node not in accept:
                session.fail(f"owner({key!r}) returned {node!r}")

    return seen, session.run(body)


@pytest.mark.parametrize("keys", [
    [f"k{i}" for i in range(2500)],  # several batches, every call succeeds
    ["a", "bb", "boom", "ccc"],  # the third raises: the same LearnerError, nothing after it is used
    ["a", "odd", "bb"],  # a result the checker rejects stops the batch there
])
def test_call_each_through_the_proxy_gives_what_the_loop_gives_here(batch_kernel, keys):
    from autograder.guard import Session

    accept = ["node-0", "node-1"]
    here = _collect(Session(per_check=2, total=4), _learner_owner(), keys, accept)
    remote_owner = batch_kernel.request("lookup", name="owner")
    there = _collect(Session(per_check=2, total=4), remote_owner, keys, accept)
    assert there == here
    assert here[1] is None or "owner(" in here[1]
    called = batch_kernel.request("lookup", name="called")()
    assert len(called) == len(here[0]) + (1 if "boom" in keys else 0)  # no call past the one that stopped
    assert batch_kernel.request("lookup", name="owner").__name__ == "owner"
    if len(keys) > 1000:  # one round trip per batch of calls, not per call
        assert len(keys) // 1000 <= _round_trips(batch_kernel, keys) <= len(keys) // 1000 + 1


def _round_trips(conn, keys) -> int:
    from autograder.guard import Session

    before = conn._next_id
    session = Session(per_check=2, total=4)
    owner = conn.request("lookup", name="owner")
    start = conn._next_id
    assert session.run(lambda: list(session.call_each(repr, owner, keys))) is None
    assert start - before == 1
    return conn._next_id - start


def test_call_each_that_runs_out_of_time_names_the_call_that_did(batch_kernel):
    from autograder.guard import Session

    keys = ["a", "bb", "spin", "ccc"]
    verdict = _collect(Session(per_check=0.4, total=2), batch_kernel.request("lookup", name="owner"), keys)
    assert verdict[0] == ["node-1", "node-0"]
    assert verdict[1] is not None and verdict[1].startswith("owner('spin') did not return within"), verdict


def test_call_each_on_learner_code_here_is_the_plain_loop():
    from autograder.guard import Session

    session = Session()
    calls = []
    results = session.call_each(lambda k: f"f({k})", lambda k: calls.append(k) or k * 2, [1, 2, 3])
    assert next(results) == 2 and calls == [1]  # one call per item taken, none ahead
    assert list(results) == [4, 6] and calls == [1, 2, 3]


def test_a_kernel_that_answers_a_batch_with_nothing_is_a_learner_error_not_a_hang():
    from autograder.guard import LearnerError, Session

    class Empty(Remote):
        __slots__ = ()

        def call_each(self, items, accept=None):
            return [], None

    empty = Empty(None, 1)  # type: ignore[arg-type]
    session = Session()
    with pytest.raises(LearnerError) as raised:
        list(session.call_each(repr, empty, [1, 2]))
    assert raised.value.describe() == "1 raised RuntimeError: 'the call answered nothing'"
