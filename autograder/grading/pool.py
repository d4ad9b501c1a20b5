"""Run grading tasks in parallel: a local process pool, or a Dask distributed cluster.

Each pool worker is a long-lived process that grades many submissions one after another
(nbgrader's and nbformat's imports are paid once per worker, not per submission); each
submission still gets a fresh kernel of its own. With a Dask scheduler address the same
:func:`~autograder.grading.runner.grade_task` runs on the cluster's workers (they need this
package installed); results travel back as plain data, so workers need no shared disk.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from .runner import Task, grade_task

__all__ = ["default_jobs", "run_tasks"]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _local(tasks: list[Task], jobs: int) -> Iterator[dict]:
    if jobs <= 1:
        for task in tasks:
            yield grade_task(task)
        return
    # fork: workers inherit the already imported nbgrader (start-up paid once, here).
    ctx = multiprocessing.get_context("fork")
    executor = ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=ctx)
    try:
        pending = {executor.submit(grade_task, task) for task in tasks}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield fut.result()
    finally:
        for proc in list(getattr(executor, "_processes", {}).values()):
            if proc.is_alive() and pending:
                proc.kill()
        executor.shutdown(wait=True, cancel_futures=True)


def _dask(tasks: list[Task], scheduler) -> Iterator[dict]:
    from distributed import Client, as_completed

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler, timeout="30s")
    try:
        futures = [client.submit(grade_task, task, pure=False) for task in tasks]
        try:
            for fut in as_completed(futures):
                yield fut.result()
        finally:
            client.cancel(futures)
    finally:
        if client is not scheduler:
            client.close()


def run_tasks(tasks: Iterable[Task], *, jobs: int | None = None, scheduler=None) -> Iterator[dict]:
    """Yield result records as submissions finish (in completion order)."""
    tasks = list(tasks)
    if not tasks:
        return iter(())
    if scheduler is not None:
        return _dask(tasks, scheduler)
    return _local(tasks, jobs or default_jobs())
