"""Resumability: what has been graded, with which content, and whether it is merged.

One JSON record per (assignment, student) in ``<state>/<assignment>/<student>.json`` and
the autograded folder as ``<student>-<hash>.tar.gz`` beside it. Every file is written
atomically (temporary file, fsync, rename), the tar before the record that names it, so a
grader killed at any instant leaves either the previous state or the new one, never half.
A re-run skips a submission whose record has the same content hash and is merged; a record
that is saved but not merged is merged again without regrading (merging is idempotent).

The default state folder is ``autograded/.autograder-state`` (git-ignored with autograded/,
and invisible to nbgrader, which lists ``autograded/*/<assignment>`` only).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from pathlib import Path

from .._fileio import atomic_write
from .record import GradeRecord

__all__ = ["State", "atomic_write", "content_hash"]


def content_hash(files: dict[str, bytes], *, template_fingerprint: str, options: dict,
                 refused: list[str] | None = None) -> str:
    """Hash of a submission's files (and what was refused of it), its assignment, the grading
    options and the grader itself (the checkers' code: a fixed checker regrades)."""
    h = hashlib.sha256()
    h.update(template_fingerprint.encode())
    h.update(json.dumps(options, sort_keys=True).encode())
    h.update(grader_fingerprint().encode())
    for name in sorted(files):
        h.update(name.encode("utf-8", "surrogateescape") + b"\0" + hashlib.sha256(files[name]).digest())
    for reason in refused or []:
        h.update(b"refused\0" + reason.encode("utf-8", "surrogateescape"))
    return h.hexdigest()


@functools.cache
def grader_fingerprint() -> str:
    """The version and a hash of every source and data file of the installed ``autograder`` package."""
    import autograder

    root = Path(autograder.__file__).resolve().parent
    h = hashlib.sha256(getattr(autograder, "__version__", "").encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.suffix in (".py", ".yaml", ".json", ".typed"):
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


class State:
    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def _record_path(self, assignment: str, student: str) -> Path:
        return self.folder / assignment / f"{student}.json"

    def load(self, assignment: str, student: str) -> GradeRecord | None:
        try:
            data = json.loads(self._record_path(assignment, student).read_text(encoding="utf-8"))
            return GradeRecord.from_dict(data) if isinstance(data, dict) else None
        except (OSError, ValueError, TypeError):
            return None

    def tar_bytes(self, record: GradeRecord) -> bytes:
        if not record.tar:
            return b""
        return (self.folder / record.assignment / record.tar).read_bytes()

    def save(self, record: GradeRecord) -> GradeRecord:
        """Store a worker's result (its tar beside it); returns the stored record (without the tar's bytes)."""
        stored = dataclasses.replace(record, autograded_tar=b"", tar=None, merged=False)
        old = self.load(record.assignment, record.student)
        if record.autograded_tar:
            stored.tar = f"{record.student}-{record.hash[:16]}.tar.gz"
            atomic_write(self.folder / record.assignment / stored.tar, record.autograded_tar)
        self._write(stored)
        if old and old.tar and old.tar != stored.tar:
            try:
                (self.folder / record.assignment / old.tar).unlink()
            except OSError:
                pass
        return stored

    def mark_merged(self, record: GradeRecord) -> None:
        record.merged = True
        self._write(record)

    def _write(self, record: GradeRecord) -> None:
        data = json.dumps(record.to_json_dict(), indent=1).encode()
        atomic_write(self._record_path(record.assignment, record.student), data)
