"""Grade one submission in its throw-away course folder (the task driver; runs in a worker).

nbgrader's own ``Autograde`` converter is the engine, run in-process (a long-lived worker
grades many submissions without paying nbgrader's start-up each time), configured by
:func:`.executor.autograde_config`. Before it runs, :mod:`.inspection` notes what the
submission tampered with; afterwards :mod:`.rescore` re-checks the marked test cells outside
the kernel. The result is a :class:`~.record.GradeRecord` with a tar of the autograded
folder, so it can travel back from a Dask worker.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import stat
import tarfile
import time
import traceback
import warnings
from pathlib import Path

from . import sqlcache
from .executor import autograde_config, read_events
from .inspection import inspect_submission
from .isolate import make_course_folder, remove_course_folder
from .record import GradeRecord, NotebookGrades
from .rescore import Rechecked, recheck_scores
from .sandbox import Limits, kernel_uid, kill_uid
from .task import Task

__all__ = ["Task", "grade_task"]

_TAR_MAX_BYTES = 256 * 1024 * 1024
"""Copy-back bound: an autograded folder holds the submission's files (bounded at intake) and notebooks."""


def _read_grades(root: Path, task: Task) -> tuple[dict[str, NotebookGrades], str | None]:
    """The throw-away gradebook's grades of this submission, and its timestamp."""
    from nbgrader.api import Gradebook

    notebooks: dict[str, NotebookGrades] = {}
    with Gradebook(sqlcache.url(root / "gradebook.db")) as gb:
        sub = gb.find_submission(task.assignment, task.student)
        timestamp = sub.timestamp.isoformat() if sub.timestamp else None
        for nb in sub.notebooks:
            notebooks[nb.name] = {
                "grades": {
                    g.name: {"auto_score": g.auto_score, "max_score": float(g.max_score),
                             "needs_manual_grade": bool(g.needs_manual_grade)}
                    for g in nb.grades
                },
                "comments": {c.name: c.auto_comment for c in nb.comments},
                "late_submission_penalty": nb.late_submission_penalty,
            }
    return notebooks, timestamp


def _tar(folder: Path) -> bytes:
    buf = io.BytesIO()
    total = 0
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        # Only regular files: a link the learner's code planted must not pull in what it points to.
        for root, dirs, files in os.walk(folder):  # does not follow links to folders
            dirs.sort()
            for name in sorted(files):
                path = Path(root) / name
                st = path.lstat()
                if not stat.S_ISREG(st.st_mode):
                    continue
                total += st.st_size
                if total > _TAR_MAX_BYTES:
                    raise ValueError(f"the autograded folder holds more than {_TAR_MAX_BYTES >> 20} MB")
                tar.add(path, arcname=path.relative_to(folder).as_posix(), recursive=False)
    return buf.getvalue()


_LIVE_FAILED = "the live re-check failed on the grader's side"
_INFRASTRUCTURE = ("Kernel died before replying", "Kernel didn't respond", "Timeout waiting for kernel",
                   "kernel_info", _LIVE_FAILED)
"""nbgrader's words for a kernel that never started: the machine's failure, not the submission's."""


def grade_task(task: Task) -> GradeRecord:
    """Grade one submission; never raises.

    A kernel that dies before it ever replied (seen on a loaded machine) is the grader's
    failure: the submission is graded once more, and if that fails the same way the record
    says "failed: grader" and is marked ``infrastructure`` - never merged as a score, and
    graded again by the next run.
    """
    record = _grade_once(task)
    if not _infrastructure_failure(record):
        return record
    first = record.reasons
    record = _grade_once(task)
    if _infrastructure_failure(record):
        record.infrastructure = True
        what = "a live re-check failed on the grader's side" if _LIVE_FAILED in " ".join(first) else \
            "its kernel did not start"
        record.reasons = [f"failed: grader ({what}, twice: {'; '.join(first)[-300:]}); "
                          "it is graded again by the next run"]
    return record


def _failed_live_rechecks(root: Path) -> list[str]:
    """What broke, for each live re-check that failed on the grader's side (root's files)."""
    from .isolate import CourseFolder

    found = []
    for path in sorted(CourseFolder(root).live.glob("*.failed")):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            found.append(f"{path.stem}: {path.read_text(encoding='utf-8')[:300]}")
    return found


def _infrastructure_failure(record: GradeRecord) -> bool:
    return record.status != "graded" and any(m in " ".join(record.reasons) for m in _INFRASTRUCTURE)


def _run_nbgrader(root: Path, task: Task, limits: Limits, record: GradeRecord) -> bool:
    """nbgrader's Autograde of the one submission in ``root``; False (with the reason) when it failed."""
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory

    cfg = autograde_config(root, task, limits)
    coursedir = CourseDirectory(config=cfg)
    coursedir.root = str(root)
    coursedir.assignment_id = task.assignment
    coursedir.student_id = task.student
    app = Autograde(coursedir=coursedir, config=cfg)
    app.force = True
    log = io.StringIO()
    handler = logging.StreamHandler(log)
    handler.setLevel(logging.WARNING)
    app.log.addHandler(handler)
    cwd = os.getcwd()
    try:
        with warnings.catch_warnings():
            # nbgrader's routine SQLAlchemy "not in session" notice and third-party
            # deprecations say nothing about the submission (docs/grading-notes.md).
            warnings.simplefilter("ignore")
            app.start()
        return True
    except BaseException as exc:  # nbgrader raises NbGraderException or SystemExit on failure
        if isinstance(exc, KeyboardInterrupt):
            raise
        record.reasons.append(f"nbgrader could not grade it: {_last_error(log.getvalue(), exc)}")
        return False
    finally:
        os.chdir(cwd)
        app.log.removeHandler(handler)
        kill_uid(kernel_uid())


def _apply_recheck(record: GradeRecord, rechecked: dict[tuple[str, str], Rechecked]) -> None:
    """The re-check's score is the one recorded; a kernel that scored higher is flagged with the reason."""
    for (nb_name, grade_id), fresh in rechecked.items():
        g = record.grade(nb_name, grade_id)
        if g is None or g["auto_score"] is None:
            continue
        if fresh.note:
            record.reasons.append(fresh.note)
        if fresh.score is None:
            record.reasons.append(
                f"test `{grade_id}`: the re-check outside the learner's kernel did not finish (its answers "
                "are too large or too slow to check); 0 is recorded")
            g["auto_score"] = 0.0
            continue
        fresh_score = float(fresh.score)
        if fresh_score < g["auto_score"] - 1e-9:
            record.reasons.append(
                f"test `{grade_id}` scored {g['auto_score']:g} in the learner's kernel but {fresh_score:g} "
                "when re-run in a fresh interpreter outside it (the submission changed the checker, a "
                "builtin or the kernel itself, or an answer is not plain data); "
                f"{fresh_score:g} is recorded")
            record.flagged = True
        g["auto_score"] = fresh_score


def _refuse_impossible_scores(record: GradeRecord) -> None:
    """A cell score that is not a number between 0 and the cell's points (NaN, infinite, negative, over
    the maximum: a test cell whose last value the submission changed) is recorded as 0, with the reason."""
    import math

    for nb_name, nb in record.notebooks.items():
        for grade_id, g in nb.get("grades", {}).items():
            score = g["auto_score"]
            if score is None:
                continue
            try:
                value = float(score)
            except (TypeError, ValueError):
                value = math.nan
            if math.isfinite(value) and -1e-9 <= value <= g["max_score"] + 1e-9:
                continue
            record.reasons.append(
                f"test `{grade_id}` of {nb_name} reported a score of {score!r} out of {g['max_score']:g}, which no "
                "check gives (the submission changed the test cell's result); 0 is recorded")
            g["auto_score"] = 0.0
            record.flagged = True


def _show_rechecked(autograded: Path, rechecked: dict[tuple[str, str], Rechecked]) -> None:
    """Put each re-checked cell's own report in the autograded notebook, in place of the kernel's output
    (which may come from a tampered checker, or be an import error where the answer key is hidden)."""
    import nbformat

    for nb_name in {nb for nb, _ in rechecked}:
        path = autograded / f"{nb_name}.ipynb"
        if path.is_symlink() or not path.is_file():  # nbgrader wrote it; the kernel never could
            continue
        nb = nbformat.read(path, as_version=4)
        changed = False
        for cell in nb.cells:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            fresh = rechecked.get((nb_name, grade_id))
            if fresh is not None and cell.cell_type == "code":
                cell.outputs = fresh.outputs or [nbformat.v4.new_output(
                    "stream", name="stdout", text="The re-check of this test outside your kernel did not finish.\n")]
                changed = True
        if changed:
            nbformat.write(nb, path)


def _grade_once(task: Task) -> GradeRecord:
    started = time.monotonic()
    record = GradeRecord(assignment=task.assignment, student=task.student, hash=task.content_hash,
                         sandbox=task.use_bwrap)
    limits = Limits(**task.limits)
    root = None
    uid = kernel_uid()
    try:
        root = make_course_folder(task.template, task.student, task.files, base=task.work_dir, kernel_uid=uid,
                                  sandboxed=task.use_bwrap)
        sub = root / "submitted" / task.student / task.assignment
        deleted: set[tuple[str, str]] = set()
        record.reasons.extend(task.refused)
        record.reasons.extend(inspect_submission(task, sub, deleted))
        ok = _run_nbgrader(root, task, limits, record)
        record.reasons.extend(read_events(root))
        autograded = root / "autograded" / task.student / task.assignment
        if ok and autograded.is_dir():
            record.notebooks, record.timestamp = _read_grades(root, task)
            for nb_name, grade_id in deleted:  # nbgrader leaves them ungraded: nothing is there to grade
                g = record.grade(nb_name, grade_id)
                if g is not None and g["auto_score"] is None:
                    g["auto_score"], g["needs_manual_grade"] = 0.0, False
            failed_live = _failed_live_rechecks(root)
            if failed_live:  # the grader's failure, not the submission's: retried, then graded by the next run
                record.reasons.append(f"{_LIVE_FAILED} ({'; '.join(failed_live)[-300:]})")
            else:
                rechecked = recheck_scores(task, root, limits, task.use_bwrap)
                _apply_recheck(record, rechecked)
                _show_rechecked(autograded, rechecked)
                _refuse_impossible_scores(record)
                record.autograded_tar = _tar(autograded)
                grades = record.all_grades()
                record.score = round(sum(g["auto_score"] or 0.0 for g in grades), 4)
                record.max_score = round(sum(g["max_score"] for g in grades), 4)
                record.status = "graded"
        elif ok:
            record.reasons.append("nbgrader produced no autograded notebook")
    except KeyboardInterrupt:
        raise
    except Exception as exc:
        record.reasons.append(f"grading crashed: {type(exc).__name__}: {exc}")
        record.traceback = traceback.format_exc()[-4000:]
    finally:
        kill_uid(uid)
        if root is not None:
            remove_course_folder(root)
    record.seconds = round(time.monotonic() - started, 2)
    return record


def _last_error(log: str, exc: BaseException) -> str:
    lines = [ln.strip() for ln in log.splitlines() if ln.strip() and not ln.startswith("Traceback")]
    errors = [ln for ln in lines if "rror" in ln or "failed" in ln.lower()]
    text = (errors or lines or [f"{type(exc).__name__}: {exc}"])[-1]
    return text[:400]
