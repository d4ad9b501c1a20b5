"""The learner's self-assessment save file: reading, merging and writing it, and gathering every learner's.

``<assignment>.self-assessment.json`` beside the notebook (see the package docstring for its
layout). Written only on a click on Save, under a cross-platform lock (:mod:`filelock`) and
atomically (:func:`autograder._fileio.atomic_write`).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from autograder._fileio import atomic_write

__all__ = [
    "SAVE_FORMAT",
    "SAVE_SUFFIX",
    "SaveBusyError",
    "SaveFileError",
    "SaveOutcome",
    "read_self_assessments",
    "save_path",
    "save_self_assessment",
    "self_assessment_rows",
]

SAVE_SUFFIX = ".self-assessment.json"
SAVE_FORMAT = 1


class SaveFileError(ValueError):
    """A self-assessment save file exists but is not readable as one (corrupt or foreign)."""



@dataclass(frozen=True)
class SaveOutcome:
    """What :func:`save_self_assessment` did."""

    path: Path
    """The save file written."""
    moved_aside: Path | None = None
    """Where an unreadable earlier save file was moved to (kept, never deleted), if there was one."""


class SaveBusyError(OSError):
    """Another save of the same file held the lock for too long."""


def save_path(assignment: str, folder: str | Path | None = None) -> Path:
    """The save file of ``assignment`` in ``folder`` (default: the current working directory)."""
    return Path(folder if folder is not None else os.getcwd()) / f"{assignment}{SAVE_SUFFIX}"


def read_self_assessments(path: str | Path) -> dict:
    """The content of a save file: ``{"format", "assignment", "questions": {id: entry}}``.

    A missing file gives an empty ``questions`` mapping. A file that is not a JSON object with a
    ``questions`` mapping raises :class:`SaveFileError`; an unreadable one (permissions) raises ``OSError``.
    """
    path = Path(path)
    assignment = path.name[: -len(SAVE_SUFFIX)] if path.name.endswith(SAVE_SUFFIX) else path.stem
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {"format": SAVE_FORMAT, "assignment": assignment, "questions": {}}
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SaveFileError(f"{path.name} is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("questions"), dict):
        raise SaveFileError(f"{path.name} is JSON but not a self-assessment file (no 'questions' mapping)")
    return data


def self_assessment_rows(submitted: str | Path, assignment: str) -> list[dict]:
    """Every learner's saved self-assessment of ``assignment`` as flat rows, for instructors' reports.

    ``submitted`` is nbgrader's ``submitted/`` (or ``autograded/``) folder: the files are read from
    ``<submitted>/<student>/<assignment>/<assignment>.self-assessment.json``. One row per student and
    question: ``student, question, points, max_points, confidence, saves, first_points`` (the score
    given before the model answer was first seen), plus ``problem`` (``None``, or why a student's file
    could not be used; such a student gets one row with ``question=None``). Sorted by student, question.
    """
    rows: list[dict] = []
    base = Path(submitted)
    students = sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []
    for student_dir in students:
        path = save_path(assignment, student_dir / assignment)
        if not path.is_file():
            continue
        try:
            questions = read_self_assessments(path)["questions"]
        except (SaveFileError, OSError) as exc:
            rows.append({"student": student_dir.name, "question": None, "problem": str(exc)})
            continue
        for qid in sorted(questions):
            entry = questions[qid]
            if not isinstance(entry, dict):
                rows.append(
                    {"student": student_dir.name, "question": qid, "problem": "entry is not a mapping"}
                )
                continue
            first_save = entry.get("first_save")
            first: dict = first_save if isinstance(first_save, dict) else entry
            rows.append(
                {
                    "student": student_dir.name,
                    "question": qid,
                    "points": entry.get("points"),
                    "max_points": entry.get("max_points"),
                    "confidence": entry.get("confidence"),
                    "saves": entry.get("saves"),
                    "first_points": first.get("points"),
                    "problem": None,
                }
            )
    return rows


def save_self_assessment(
    assignment: str,
    question_id: str,
    entry: Mapping[str, Any],
    folder: str | Path | None = None,
    *,
    lock_timeout: float = 10.0,
) -> SaveOutcome:
    """Store ``entry`` under ``question_id`` in the assignment's save file, keeping every other entry.

    Read-modify-write happens under an exclusive lock (a lock file in the temp folder, keyed by the
    save file's absolute path), so concurrent saves from several notebooks or kernels merge. The write
    is atomic: a temporary file in the same folder, flushed, then ``os.replace``. An unreadable earlier
    file is moved aside first (see :class:`SaveOutcome`). A failing write (read-only folder, full disk)
    raises ``OSError`` and leaves the earlier file as it was.
    """
    path = save_path(assignment, folder)
    with _save_lock(path, lock_timeout):
        moved = None
        try:
            data = read_self_assessments(path)
        except SaveFileError:
            moved = _move_aside(path, assignment)
            data = read_self_assessments(path)  # now missing: a fresh file
        data["format"] = SAVE_FORMAT
        data["assignment"] = assignment
        previous = data["questions"].get(question_id)
        new_entry = dict(entry)
        if isinstance(previous, dict):
            saves = previous.get("saves")
            new_entry["saves"] = (saves if isinstance(saves, int) and saves > 0 else 1) + 1
            first = previous.get("first_save")
            new_entry["first_save"] = (
                first if isinstance(first, dict) else _without(previous, {"first_save", "saves"})
            )
        else:
            new_entry["saves"] = 1
            new_entry["first_save"] = _without(new_entry, {"first_save", "saves"})
        data["questions"][question_id] = new_entry
        _atomic_write_json(path, data)
    return SaveOutcome(path=path, moved_aside=moved)


def _without(entry: Mapping, keys: set[str]) -> dict:
    return {k: v for k, v in entry.items() if k not in keys}


def _move_aside(path: Path, assignment: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for n in range(1000):
        suffix = "" if n == 0 else f"-{n}"
        target = path.with_name(f"{assignment}.corrupt-{stamp}{suffix}{SAVE_SUFFIX}")
        if not target.exists():
            os.rename(path, target)  # same folder: atomic, and nothing is ever deleted
            return target
    raise OSError(f"could not find a free name to keep the unreadable {path.name}")


def _atomic_write_json(path: Path, data: Mapping) -> None:
    """The whole file at once (temporary file, flush, rename): a crash never leaves half a file."""
    atomic_write(path, json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def _lock_dir() -> Path:
    # One folder per user, so two accounts on a shared machine never share (or block) lock files.
    user = getattr(os, "getuid", None)
    tag = str(user()) if user is not None else os.environ.get("USERNAME", "user")
    return Path(tempfile.gettempdir()) / f"autograder-rubric-locks-{tag}"


@contextmanager
def _save_lock(path: Path, timeout: float) -> Iterator[None]:
    """Serialise read-modify-write of one save file across processes and threads, on POSIX and Windows.

    The lock file lives in the temp folder (keyed by the save file's absolute path), not beside
    the notebook, so nbgrader's submit never collects it. Where no lock file can be made (no
    usable temp folder), the save goes ahead unlocked rather than not at all.
    """
    key = hashlib.sha256(str(path.absolute()).encode("utf-8")).hexdigest()[:32]
    lock_dir = _lock_dir()
    try:
        lock_dir.mkdir(mode=0o700, exist_ok=True)
        lock = FileLock(str(lock_dir / f"{key}.lock"), timeout=timeout, thread_local=False)
        lock.acquire()
    except Timeout:
        raise SaveBusyError(f"another save of {path.name} has been running for {timeout:g} s") from None
    except OSError:
        yield
        return
    try:
        yield
    finally:
        lock.release()
