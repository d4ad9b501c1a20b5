"""Merge one graded submission into the course's real gradebook and autograded/ folder.

Idempotent: merging the same record twice leaves the same state, so a run interrupted
between saving a result and merging it simply merges it again. Manual scores, and flags a
human set, are kept; auto scores, "needs manual grade" and auto comments are replaced, as
``nbgrader autograde --force`` does.

A submission whose grading **failed** is not recorded as a zero: its grades get no auto
score and "needs manual grade", and its notebooks are flagged, so formgrader lists it as
needing attention and ``autograder grade`` reports it as failed with the reason.
"""

from __future__ import annotations

import io
import os
import shutil
import tarfile
import tempfile
import warnings
from pathlib import Path

from .record import GradeRecord

__all__ = ["merge_record"]


def _extract(tar: bytes, target: Path) -> None:
    """Replace ``target`` with the tar's content (swap by rename: never half-written)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        with tarfile.open(fileobj=io.BytesIO(tar), mode="r:gz") as tf:
            try:
                tf.extractall(tmp, filter="data")
            except TypeError:  # Python without extraction filters: members are our own tar
                tf.extractall(tmp)
        os.chmod(tmp, 0o755)
        old = None
        if target.exists():
            old = target.parent / f".{target.name}.old-{os.getpid()}"
            os.rename(target, old)
        os.rename(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def merge_record(course_dir: str | Path, record: GradeRecord, tar: bytes, *, db_url: str | None = None,
                 autograded_dir: str | Path | None = None, gradebook=None) -> None:
    """Merge ``record`` into the gradebook ``db_url`` and its autograded folder into ``autograded_dir``
    (defaults: the course's ``gradebook.db`` and ``autograded/``; ``autograder grade`` passes
    nbgrader's own settings).

    ``gradebook``: an open nbgrader ``Gradebook`` to merge into instead of opening ``db_url``
    (``autograder grade`` keeps one for the whole run, which compiles nbgrader's statements once
    instead of once per record). Each record is committed on its own. When one fails, what
    nbgrader had not yet committed of it is rolled back, as closing its own gradebook would, and
    the gradebook goes on serving the next record."""
    from nbgrader.api import Gradebook

    course_dir = Path(course_dir)
    db_url = db_url or f"sqlite:///{course_dir / 'gradebook.db'}"
    failed = record.status != "graded"
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*not in session.*")  # nbgrader's routine notice
        if gradebook is None:
            with Gradebook(db_url) as gb:
                _merge_grades(gb, record)
        else:
            try:
                _merge_grades(gradebook, record)
            except BaseException:
                gradebook.db.rollback()
                raise
    target = Path(autograded_dir or course_dir / "autograded") / record.student / record.assignment
    if tar and not failed:
        _extract(tar, target)
    elif failed and target.exists():
        shutil.rmtree(target)  # a stale autograded notebook of other content would mislead


def _merge_grades(gb, record: GradeRecord) -> None:
    from nbgrader.api import MissingEntry

    assignment, student = record.assignment, record.student
    failed = record.status != "graded"
    gb.update_or_create_student(student)
    kwargs = {"timestamp": record.timestamp} if record.timestamp else {}
    submission = gb.update_or_create_submission(assignment, student, **kwargs)
    for nb in submission.notebooks:
        data = record.notebooks.get(nb.name)
        if failed or data is None:
            for grade in nb.grades:
                grade.auto_score = None
                grade.needs_manual_grade = True
            nb.flagged = True
            continue
        for grade in nb.grades:
            g = data["grades"].get(grade.name)
            if g is None:
                continue
            grade.auto_score = g["auto_score"]
            grade.needs_manual_grade = g["needs_manual_grade"]
        for comment in nb.comments:
            if comment.name in data.get("comments", {}):
                comment.auto_comment = data["comments"][comment.name]
        nb.late_submission_penalty = data.get("late_submission_penalty")
        if record.flagged:
            nb.flagged = True
    gb.db.commit()
    try:
        gb.find_submission(assignment, student)
    except MissingEntry:  # pragma: no cover - update_or_create_submission made it
        raise
