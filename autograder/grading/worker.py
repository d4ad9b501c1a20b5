"""Grade one task in a process of its own: ``python -m autograder.grading.worker TASK RECORD``.

Used on Dask workers, which run several tasks at once in threads of one process: nbgrader
changes the working folder, logs to shared loggers and a kernel's uid is claimed per
process, so each task gets its own interpreter and shares nothing with the others. The
sandbox is checked on the worker itself before anything is graded.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile

from .record import GradeRecord
from .task import Task

__all__ = ["grade_in_subprocess"]


def grade_in_subprocess(task: Task, *, timeout: float | None = None) -> GradeRecord:
    """Grade ``task`` in a fresh Python process; a process that dies is the grader's failure."""
    from .pool import lost_worker_record

    if timeout is None:
        total = task.limits.get("total_timeout") or 600
        timeout = total * max(1, len(task.template.notebooks)) + 300
    with tempfile.TemporaryDirectory(prefix="ag-task-") as tmp:
        task_file, record_file = os.path.join(tmp, "task.pickle"), os.path.join(tmp, "record.pickle")
        with open(task_file, "wb") as fh:
            pickle.dump(task, fh)
        try:
            proc = subprocess.run([sys.executable, "-m", "autograder.grading.worker", task_file, record_file],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  timeout=timeout, cwd=tmp)
        except subprocess.TimeoutExpired:
            return lost_worker_record(task, f"its grading process ran past {timeout:.0f} s")
        if proc.returncode != 0 or not os.path.exists(record_file):
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
            return lost_worker_record(task, f"its grading process ended with {tail[0][:200]}")
        with open(record_file, "rb") as fh:
            record = pickle.load(fh)  # written by our own process from our own task
        assert isinstance(record, GradeRecord)
        return record


def _main(task_file: str, record_file: str) -> int:
    from .runner import grade_task
    from .sandbox import sandbox_status

    with open(task_file, "rb") as fh:
        task = pickle.load(fh)
    if task.use_bwrap:
        ok, why = sandbox_status()
        if not ok:
            from .pool import lost_worker_record

            record = lost_worker_record(task, f"the sandbox is unavailable on this worker: {why}")
        else:
            record = grade_task(task)
    else:
        record = grade_task(task)
    with open(record_file + ".tmp", "wb") as fh:
        pickle.dump(record, fh)
    os.replace(record_file + ".tmp", record_file)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1], sys.argv[2]))
