"""Run grading tasks in parallel: a local process pool, or a Dask distributed cluster.

Each pool worker is a long-lived process that grades many submissions one after another
(nbgrader's and nbformat's imports are paid once per worker, not per submission); each
submission still gets a fresh kernel of its own. With a Dask scheduler address the same
:func:`~autograder.grading.runner.grade_task` runs on the cluster's workers (they need this
package installed); results travel back as plain data, so workers need no shared disk.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from .record import GradeRecord
from .runner import Task, grade_task

__all__ = ["default_jobs", "run_tasks"]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _die_with_parent() -> None:
    """Pool initializer: the worker is killed when the grader dies (even by kill -9)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() == 1:  # the parent died before the call
        os._exit(1)


def _forget_inherited_event_loop() -> None:
    """Pool initializer, part two: the worker starts without its parent's event loop.

    A forked worker inherits the parent's current event loop (jupyter_core's ``run_sync``, which
    nbclient and nbconvert use, keeps one per thread and reuses it), and with it the loop's
    default thread pool - but not that pool's threads, which stay in the parent. Work handed to
    that pool in the worker (``asyncio.to_thread``) then never runs: the grading hung there,
    in a pool worker forked after the parent had run a check of its own. The worker makes
    its own loop when it first needs one.
    """
    asyncio.set_event_loop(None)
    try:  # jupyter_core remembers the loop in a context variable too (private, hence guarded)
        from jupyter_core.utils import _loop
    except ImportError:  # pragma: no cover - another jupyter_core
        return
    _loop.set(None)


def _init_worker() -> None:
    _die_with_parent()
    _forget_inherited_event_loop()


def lost_worker_record(task: Task, why: str) -> GradeRecord:
    """The record of a submission whose grading process was lost: the grader's failure, not a score."""
    return GradeRecord(assignment=task.assignment, student=task.student, hash=task.content_hash,
                       status="failed", infrastructure=True,
                       reasons=[f"failed: grader ({why}); it is graded again by the next run"])


def _executor(jobs: int) -> ProcessPoolExecutor:
    # fork: workers inherit the already imported nbgrader (start-up paid once, here).
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_init_worker)


def _run_in_pool(tasks: list[Task], jobs: int) -> Iterator[tuple[Task, GradeRecord | None]]:
    """(task, record) as they finish; record None when the pool broke under the task."""
    executor = _executor(min(jobs, len(tasks)))
    pending = {executor.submit(grade_task, task): task for task in tasks}
    try:
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                task = pending.pop(fut)
                try:
                    yield task, fut.result()
                except BrokenProcessPool:
                    yield task, None
    finally:
        if pending:
            for proc in list(getattr(executor, "_processes", {}).values()):
                if proc.is_alive():
                    proc.kill()
        executor.shutdown(wait=True, cancel_futures=True)


def _local(tasks: list[Task], jobs: int) -> Iterator[GradeRecord]:
    if jobs <= 1 and len(tasks) <= 1:
        for task in tasks:
            yield grade_task(task)
        return
    # A worker lost (the OOM killer, a crash) breaks the whole pool: the submissions it was
    # grading, and those still queued, are then graded again, each in a process of its own,
    # so only the one that really kills its worker becomes a failed record.
    again = []
    for task, record in _run_in_pool(tasks, jobs):
        if record is None:
            again.append(task)
        else:
            yield record
    for task in again:
        results = [record for _, record in _run_in_pool([task], 1)]
        record = results[0] if results else None
        yield record if record is not None else lost_worker_record(
            task, "its grading process was killed (out of memory?)")


def _dask(tasks: list[Task], scheduler) -> Iterator[GradeRecord]:
    from distributed import Client, as_completed

    from .worker import grade_in_subprocess

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler, timeout="30s")
    try:
        # Each task in a process of its own: a worker's threads share the working folder,
        # loggers and (per process) the kernel's uid.
        futures = {client.submit(grade_in_subprocess, task, pure=False): task for task in tasks}
        try:
            for fut in as_completed(list(futures)):
                try:
                    yield fut.result()
                except Exception as exc:  # a lost worker (KilledWorker) or a broken connection
                    yield lost_worker_record(futures[fut], f"the Dask worker was lost: {type(exc).__name__}")
        finally:
            client.cancel(futures)
    finally:
        if client is not scheduler:
            client.close()


def run_tasks(tasks: Iterable[Task], *, jobs: int | None = None, scheduler=None) -> Iterator[GradeRecord]:
    """Yield result records as submissions finish (in completion order)."""
    tasks = list(tasks)
    if not tasks:
        return iter(())
    if scheduler is not None:
        return _dask(tasks, scheduler)
    return _local(tasks, jobs or default_jobs())
