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
