"""Sample submissions and a real nbgrader autograde round trip (helpers for the tests).

A sample is ``tests/submissions/<assignment>/<expected>-<why>.yaml`` (format in
CONTRIBUTING.md). It is turned into a submitted notebook built from the release
version of the assignment, graded by plain ``nbgrader autograde``, and its scores
are read back from the gradebook.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
SUBMISSIONS = ROOT / "tests" / "submissions"
PREFIXES = ("pass-", "fail-", "partial-", "error-")
_KEYS = {"description", "use_solutions", "answers", "delete_cells", "raw", "expected"}
_MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")


@dataclass
class Sample:
    assignment: str
    name: str
    path: Path
    description: str = ""
    use_solutions: bool = False
    answers: dict[str, str] = field(default_factory=dict)
    delete_cells: list[str] = field(default_factory=list)
    raw: str | None = None
    expected_total: float | None = None
    expected_cells: dict[str, float | str] = field(default_factory=dict)
    expected_failed: bool = False

    @property
    def student(self) -> str:
        return self.name


def load_sample(path: Path) -> Sample:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a sample must be a YAML mapping")
    unknown = set(data) - _KEYS
    if unknown:
        raise ValueError(f"{path}: unknown keys {sorted(unknown)}; allowed: {sorted(_KEYS)}")
    if not path.stem.startswith(PREFIXES):
        raise ValueError(f"{path}: the file name must start with one of {PREFIXES}")
    expected = data.get("expected") or {}
    if not isinstance(expected, dict) or not ({"total", "failed"} & set(expected)):
        raise ValueError(f"{path}: `expected` needs `total` (or `failed: true`)")
    return Sample(
        assignment=path.parent.name,
        name=path.stem,
        path=path,
        description=data.get("description", ""),
        use_solutions=bool(data.get("use_solutions", False)),
        answers={str(k): str(v) for k, v in (data.get("answers") or {}).items()},
        delete_cells=[str(x) for x in data.get("delete_cells") or []],
        raw=data.get("raw"),
        expected_total=None if expected.get("total") is None else float(expected["total"]),
        expected_cells=dict(expected.get("cells") or {}),
        expected_failed=bool(expected.get("failed", False)),
    )


def all_samples() -> list[Sample]:
    return [load_sample(p) for p in sorted(SUBMISSIONS.glob("*/*.yaml"))]


def notebook_name(assignment: str) -> str:
    """The notebook file of an assignment (source/<a>/<a>.ipynb by convention, else the only one)."""
    folder = ROOT / "source" / assignment
    preferred = folder / f"{assignment}.ipynb"
    if preferred.exists():
        return preferred.name
    notebooks = sorted(folder.glob("*.ipynb"))
    if len(notebooks) != 1:
        raise ValueError(f"source/{assignment} must hold {assignment}.ipynb or exactly one notebook")
    return notebooks[0].name


def strip_solution_markers(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if not _MARKER.match(line))


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def build_submission(sample: Sample, release_nb: Path, source_nb: Path) -> str:
    """The text of the notebook a learner would submit for ``sample``."""
    if sample.raw is not None:
        return sample.raw
    nb = nbformat.read(release_nb, as_version=4)
    source = nbformat.read(source_nb, as_version=4)
    solutions = {_grade_id(c): c.source for c in source.cells
                 if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
    by_id = {_grade_id(c): c for c in nb.cells if _grade_id(c)}
    unknown = (set(sample.answers) | set(sample.delete_cells)) - set(by_id)
    if unknown:
        raise ValueError(f"{sample.path}: no cells with grade_id {sorted(unknown)} in {release_nb.name}")
    if sample.use_solutions:
        for gid, src in solutions.items():
            by_id[gid].source = strip_solution_markers(src) if by_id[gid].cell_type == "code" else src
    for gid, src in sample.answers.items():
        by_id[gid].source = src.rstrip("\n")
    nb.cells = [c for c in nb.cells if _grade_id(c) not in set(sample.delete_cells)]
    return nbformat.writes(nb)


def max_auto_points(source_nb: Path) -> float:
    nb = nbformat.read(source_nb, as_version=4)
    total = 0.0
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution") and cell.cell_type == "code":
            total += float(meta["points"])
    return total


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=_env(),
                          capture_output=True, text=True, timeout=1800)


@dataclass
class Graded:
    failed: bool
    total: float | None = None
    cells: dict[str, float | str | None] = field(default_factory=dict)


def submit(course: Path, sample: Sample) -> None:
    folder = course / "submitted" / sample.student / sample.assignment
    folder.mkdir(parents=True, exist_ok=True)
    text = build_submission(
        sample,
        course / "release" / sample.assignment / notebook_name(sample.assignment),
        course / "source" / sample.assignment / notebook_name(sample.assignment),
    )
    (folder / notebook_name(sample.assignment)).write_text(text, encoding="utf-8")


def read_grades(course: Path, assignment: str, students: list[str]) -> dict[str, Graded]:
    """Scores from the gradebook. A submission counts as failed when nbgrader left no autograded
    notebook, even if the gradebook holds a record for it (nbgrader keeps one for a corrupt file)."""
    from nbgrader.api import Gradebook, MissingEntry

    results: dict[str, Graded] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in students:
            graded_nb = course / "autograded" / student / assignment / notebook_name(assignment)
            try:
                submission = gb.find_submission(assignment, student)
            except MissingEntry:
                submission = None
            if submission is None or not graded_nb.exists():
                results[student] = Graded(failed=True)
                continue
            cells: dict[str, float | str | None] = {}
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    cells[grade.name] = "manual" if grade.needs_manual_grade else grade.score
            results[student] = Graded(failed=False, total=float(submission.score), cells=cells)
    return results


def autograde(course: Path, assignment: str, samples: list[Sample]) -> tuple[dict[str, Graded], str]:
    """Submit ``samples`` into ``course`` and grade them all with one `nbgrader autograde` run."""
    for sample in samples:
        submit(course, sample)
    proc = nbgrader(course, "autograde", assignment, "--force")
    log = proc.stdout + proc.stderr
    return read_grades(course, assignment, [s.student for s in samples]), log
