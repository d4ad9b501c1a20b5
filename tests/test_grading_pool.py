"""Grading processes forked from the grader do not inherit its event loop's dead thread pool.

The grader forks its pool workers (they inherit the imported nbgrader). A forked process also
inherits the parent's current event loop - jupyter_core's ``run_sync`` keeps one per thread -
and that loop's default thread pool, without the pool's threads. Once the parent had used that
pool (an ``autograder check`` before a class run, or a test before another in one test
process), a worker's ``asyncio.to_thread`` waited forever: the live re-check hung there. Both
defences are tested in such a child: the worker starts without the inherited loop, and the
live re-check runs its blocking part in a thread of its own.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest
from jupyter_core.utils import run_sync

from autograder.grading import pool
from autograder.grading.executor import in_own_thread

WAIT = 120  # seconds before a child counts as hung (it answers in well under one)


async def _through_default_pool() -> str:
    # A timeout keeps this process's loop awake: a lost wake-up (seen in the full suite, see
    # executor._keep_awake) then costs seconds, not the run; a worker whose pool has no thread
    # still never answers, and times out.
    return await asyncio.wait_for(asyncio.to_thread(lambda: "ran"), timeout=WAIT)


async def _through_own_thread() -> str:
    return await in_own_thread(lambda: "ran")


async def _raising_in_own_thread() -> str:
    def fail() -> str:
        raise ValueError("from the thread")

    return await in_own_thread(fail)


def _default_pool_in_child() -> str:
    return run_sync(_through_default_pool)()


def _own_thread_in_child() -> str:
    return run_sync(_through_own_thread)()


@pytest.fixture
def parent_used_its_default_pool():
    """This process's loop now has a default thread pool with an idle thread, as the grader's has
    after a check of its own."""
    assert run_sync(_through_default_pool)() == "ran"


def _result(executor: ProcessPoolExecutor, function) -> str:
    try:
        return executor.submit(function).result(timeout=WAIT)
    finally:
        for proc in list(getattr(executor, "_processes", {}).values()):
            if proc.is_alive():
                proc.kill()
        executor.shutdown(wait=True, cancel_futures=True)


def test_a_pool_worker_starts_without_the_parents_event_loop(parent_used_its_default_pool):
    assert _result(pool._executor(1), _default_pool_in_child) == "ran"


def test_the_live_recheck_thread_runs_in_a_child_that_inherited_the_loop(parent_used_its_default_pool):
    bare = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))  # no initializer
    assert _result(bare, _own_thread_in_child) == "ran"


def test_an_error_in_the_thread_reaches_the_awaiting_coroutine():
    with pytest.raises(ValueError, match="from the thread"):
        run_sync(_raising_in_own_thread)()
