"""The result of grading one submission: a typed record that travels from a worker to the merge."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, TypedDict

__all__ = ["CellGrade", "GradeRecord", "NotebookGrades"]


class CellGrade(TypedDict):
    auto_score: float | None
    max_score: float
    needs_manual_grade: bool


class NotebookGrades(TypedDict, total=False):
    grades: dict[str, CellGrade]
    comments: dict[str, str | None]
    late_submission_penalty: float | None


@dataclass
class GradeRecord:
    """One graded (or failed) submission."""

    assignment: str
    student: str
    hash: str = ""
    """The content hash the submission was graded under (see :func:`.state.content_hash`)."""
    status: str = "failed"
    """"graded" or "failed"."""
    reasons: list[str] = field(default_factory=list)
    """Why points were lost to a limit or tampering, or why grading failed."""
    score: float | None = None
    max_score: float | None = None
    flagged: bool = False
    """The re-check found the learner's kernel scored higher than the plain answers: flag for review."""
    infrastructure: bool = False
    """The grader failed (a kernel that never started, a lost worker): not the submission's score;
    graded again by the next run."""
    notebooks: dict[str, NotebookGrades] = field(default_factory=dict)
    timestamp: str | None = None
    seconds: float = 0.0
    sandbox: bool = False
    traceback: str | None = None
    autograded_tar: bytes = b""
    """The autograded folder as a gzipped tar (regular files only); not stored in the state file."""
    tar: str | None = None
    """The state folder's file holding ``autograded_tar`` (set by :class:`.state.State`)."""
    merged: bool = False

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GradeRecord:
        """A record from its JSON form; unknown keys are ignored (state files of older versions)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON form, without the tar's bytes."""
        data = asdict(self)
        data.pop("autograded_tar")
        return data

    def all_grades(self) -> list[CellGrade]:
        return [g for nb in self.notebooks.values() for g in nb.get("grades", {}).values()]

    def grade(self, notebook: str, grade_id: str) -> CellGrade | None:
        return self.notebooks.get(notebook, {}).get("grades", {}).get(grade_id)
