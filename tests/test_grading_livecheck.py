"""One live re-check process per notebook (autograder/grading/livecheck.py), kept across its cells."""

from __future__ import annotations

import os
import socket
import sys
import threading

import pytest

from autograder.grading.livecheck import LiveCheckBroken, LiveChecker, LiveCheckTimedOut
from autograder.grading.proxy import Connection

COMMAND = [sys.executable, "-P", "-m", "autograder.grading.recheck"]


def _learner(namespace: dict):
    """A learner's side of one cell's proxy connection, served by a thread: (our fd, the socket)."""
    ours, theirs = socket.socketpair()

    def serve() -> None:
        with theirs:
            Connection(theirs, namespace).serve_forever()

    threading.Thread(target=serve, daemon=True).start()
    return ours


def _cell(source: str, live: list[str], cell_id: str = "nb--cell") -> dict:
    return {"cells": [{"id": cell_id, "source": source, "answers": {}, "live": live}]}


@pytest.fixture
def checker(tmp_path):
    made = LiveChecker(COMMAND, env=dict(os.environ), cwd=str(tmp_path))
    yield made
    made.close()


def _check(checker: LiveChecker, source: str, namespace: dict, *, timeout: float = 60, in_thread: bool = False):
    sock = _learner(namespace)
    try:
        if not in_thread:
            return checker.check(_cell(source, sorted(namespace)), sock.fileno(), timeout=timeout)
        box: list = []
        worker = threading.Thread(target=lambda: box.append(
            checker.check(_cell(source, sorted(namespace)), sock.fileno(), timeout=timeout)))
        worker.start()
        worker.join(timeout + 30)
        return box[0]
    finally:
        sock.close()


def test_one_process_re_checks_every_live_cell_of_a_notebook_each_in_a_fresh_namespace(checker):
    first = _check(checker, "seen = 'first'\ndouble(21)", {"double": lambda x: 2 * x})
    assert first["nb--cell"]["value_repr"] == "42" and first["nb--cell"]["error"] is None
    second = _check(checker, "print(double(2))\n'seen' in globals()", {"double": lambda x: 2 * x})
    assert second["nb--cell"]["stdout"] == "4\n"
    assert second["nb--cell"]["value_repr"] == "False"  # the earlier cell's names are gone
    assert checker.started == 1


def test_the_process_outlives_the_thread_that_ran_a_check(checker):
    """bwrap's --die-with-parent follows the thread that started it: the process is started by the
    caller's long-lived thread, and a check run from a short-lived one must not end it."""
    checker.start()
    for _ in range(2):
        assert _check(checker, "f()", {"f": lambda: 7}, in_thread=True)["nb--cell"]["value_repr"] == "7"
    assert checker.started == 1


def test_a_cell_past_its_clock_ends_the_process_and_the_next_cell_gets_a_new_one(checker):
    with pytest.raises(LiveCheckTimedOut):
        _check(checker, "import time\ntime.sleep(60)", {}, timeout=1)
    assert _check(checker, "1 + 1", {})["nb--cell"]["value_repr"] == "2"
    assert checker.started == 2


def test_a_process_that_dies_is_the_graders_failure_and_is_replaced(checker):
    with pytest.raises(LiveCheckBroken):
        _check(checker, "import os\nos._exit(3)", {})
    assert _check(checker, "'alive'", {})["nb--cell"]["value_repr"] == "'alive'"
    assert checker.started == 2


def test_a_process_killed_between_cells_is_started_again(checker):
    _check(checker, "0", {})
    checker._proc.kill()  # what a kernel restart does to every process of the kernel's uid
    checker._proc.wait(10)
    assert _check(checker, "3", {})["nb--cell"]["value_repr"] == "3"
    assert checker.started == 2


def test_a_lost_wake_up_on_a_kernel_channel_costs_one_poll_step_not_the_whole_wait():
    """executor.poll_in_steps: a wait for a kernel message is made of short polls, so a message whose
    wake-up never came is found by the next poll (seen: 5 s and 60 s waits for a reply that had come)."""
    import asyncio
    import time
    from queue import Empty

    from autograder.grading.executor import poll_in_steps

    class Channel:
        def __init__(self, wake_up_lost: bool) -> None:
            self.calls, self.wake_up_lost = [], wake_up_lost

        async def get_msg(self, timeout=None):
            self.calls.append(timeout)
            if self.wake_up_lost and len(self.calls) == 1:  # the message is there, the wake-up is lost
                await asyncio.sleep(timeout)
                raise Empty
            if self.wake_up_lost:
                return {"msg_type": "execute_reply"}
            await asyncio.sleep(timeout)
            raise Empty

    lost = Channel(wake_up_lost=True)
    poll_in_steps(lost, step=0.05)
    began = time.monotonic()
    assert asyncio.run(lost.get_msg(timeout=30)) == {"msg_type": "execute_reply"}
    assert time.monotonic() - began < 5 and lost.calls == [0.05, 0.05]

    silent = Channel(wake_up_lost=False)
    poll_in_steps(silent, step=0.05)
    began = time.monotonic()
    with pytest.raises(Empty):  # nothing comes: the wait still ends at its timeout
        asyncio.run(silent.get_msg(timeout=0.3))
    assert 0.25 <= time.monotonic() - began < 5 and all(t <= 0.05 for t in silent.calls)
