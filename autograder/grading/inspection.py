"""Tamper inspection: what a submission changed that it should not have (before grading)."""

from __future__ import annotations

import json
from pathlib import Path

from .task import Task

__all__ = ["inspect_submission", "without_hidden_tests"]


def without_hidden_tests(source: str, delimiters: tuple[str, str] = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")) -> str:
    """A test cell's source as the release shows it: nbgrader's ClearHiddenTests, line for line,
    with the course's delimiters."""
    begin, end = delimiters
    kept, hidden = [], False
    for line in source.split("\n"):
        if begin in line:
            hidden = True
        elif end in line:
            hidden = False
        elif not hidden:
            kept.append(line)
    return "\n".join(kept)


def inspect_submission(task: Task, sub: Path, deleted: set | None = None) -> list[str]:
    """Reasons about the submitted files: renamed notebooks, deleted or edited locked cells.

    ``deleted`` receives (notebook, grade_id) of grade cells missing from the submission.
    """
    reasons: list[str] = []
    deleted = set() if deleted is None else deleted
    expected = set(task.template.notebooks)
    present = {p.stem for p in sub.glob("*.ipynb")}
    missing, extra = sorted(expected - present), sorted(present - expected)
    if len(missing) == 1 and len(extra) == 1:
        (sub / f"{extra[0]}.ipynb").rename(sub / f"{missing[0]}.ipynb")
        reasons.append(f"notebook `{extra[0]}.ipynb` was renamed; graded it as `{missing[0]}.ipynb`")
        present = (present - {extra[0]}) | {missing[0]}
    else:
        for name in missing:
            reasons.append(f"notebook `{name}.ipynb` is missing from the submission"
                           + (f" (found {', '.join(e + '.ipynb' for e in extra)})" if extra else "")
                           + ": its questions score 0")
    for name in sorted(expected & present):
        try:  # plain JSON: nbformat's schema validation costs more than the rest of this check
            nb = json.loads((sub / f"{name}.ipynb").read_text(encoding="utf-8"))
            cells = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id"): c for c in nb["cells"]}
        except Exception as exc:
            reasons.append(f"notebook `{name}.ipynb` is not a readable notebook ({type(exc).__name__})")
            continue
        for grade_id, spec in task.template.cells[name].items():
            cell = cells.get(grade_id)
            if cell is None:
                if spec.get("grade"):
                    deleted.add((name, grade_id))
                    reasons.append(f"grade cell `{grade_id}` was deleted from `{name}.ipynb`: it scores 0")
                continue
            meta = cell.get("metadata", {}).get("nbgrader", {})
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            if spec.get("locked") and spec.get("source") is not None and source not in (
                    spec["source"], without_hidden_tests(spec["source"], task.template.hidden_tests)):
                reasons.append(f"locked cell `{grade_id}` was edited; the original was restored before grading")
            elif spec.get("grade") and meta.get("points") not in (None, spec.get("points")):
                reasons.append(f"points of `{grade_id}` were changed in the metadata; the original was restored")
    return reasons


