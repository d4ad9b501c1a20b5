"""Sample submissions and a real nbgrader autograde round trip (helpers for the tests).

A sample is ``tests/submissions/<assignment>/<verdict>-<why>.yaml`` (format in
CONTRIBUTING.md). It is turned into a submitted notebook built from the release
version of the assignment, graded by plain ``nbgrader autograde``, and its scores
are read back from the gradebook. The verdict in the file name (``full``,
``partial``, ``zero``, ``failed``) is checked against the expected scores when the
file is loaded and against the real scores after grading (:func:`verdict`).
"""

from __future__ import annotations

import math
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
VERDICTS = ("full", "partial", "zero", "failed")
_KEYS = {"description", "use_solutions", "answers", "delete_cells", "raw", "expected"}
_EXPECTED_KEYS = {"total", "cells", "failed"}


class SampleError(ValueError):
    """A sample submission file is malformed; the message names the file and what is wrong."""
_MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")


@dataclass
class Sample:
    assignment: str
    name: str
    path: Path
    verdict: str
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


def _where(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def load_sample(path: Path) -> Sample:
    """Read one sample file; :class:`SampleError` names the file and the key for any mistake
    (a misspelled key would otherwise drop its assertion silently)."""
    where = _where(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SampleError(f"{where}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise SampleError(f"{where}: a sample must be a YAML mapping")
    unknown = sorted(map(str, set(data) - _KEYS))
    if unknown:
        raise SampleError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_KEYS))}")
    verdict = path.stem.split("-", 1)[0]
    if verdict not in VERDICTS or "-" not in path.stem:
        raise SampleError(f"{where}: the file name must be <verdict>-<why>.yaml, verdict one of {', '.join(VERDICTS)}")
    expected = data.get("expected")
    if not isinstance(expected, dict):
        raise SampleError(f"{where}: `expected` must be a mapping with `total` (or `failed: true`)")
    unknown = sorted(map(str, set(expected) - _EXPECTED_KEYS))
    if unknown:
        raise SampleError(f"{where}: unknown key(s) under `expected`: {', '.join(unknown)}; "
                          f"allowed: {', '.join(sorted(_EXPECTED_KEYS))}")
    failed = expected.get("failed", False)
    if not isinstance(failed, bool):
        raise SampleError(f"{where}: `expected.failed` must be true or false, got {failed!r}")
    if failed != (verdict == "failed"):
        raise SampleError(f"{where}: a {verdict}-* sample must {'' if verdict == 'failed' else 'not '}"
                          "say `failed: true` under `expected`")
    total = expected.get("total")
    if not failed and not isinstance(total, (int, float)):
        raise SampleError(f"{where}: `expected.total` (a number) is required unless `failed: true`")
    if failed and (total is not None or expected.get("cells")):
        raise SampleError(f"{where}: a failed submission has no scores: drop `total` and `cells`")
    cells = expected.get("cells") or {}
    if not isinstance(cells, dict) or any(v != "manual" and (isinstance(v, bool) or not isinstance(v, (int, float)))
                                          for v in cells.values()):
        raise SampleError(f"{where}: `expected.cells` maps grade_id to a number of points or \"manual\"")
    return Sample(
        assignment=path.parent.name,
        name=path.stem,
        path=path,
        verdict=verdict,
        description=data.get("description", ""),
        use_solutions=bool(data.get("use_solutions", False)),
        answers={str(k): str(v) for k, v in (data.get("answers") or {}).items()},
        delete_cells=[str(x) for x in data.get("delete_cells") or []],
        raw=data.get("raw"),
        expected_total=None if total is None else float(total),
        expected_cells={str(k): v for k, v in cells.items()},
        expected_failed=failed,
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


@dataclass(frozen=True)
class Points:
    """The points of one assignment's graded cells, from its source notebook."""

    auto: dict[str, float]
    """Test cells, scored by autograde."""
    manual: dict[str, float]
    """Written answers and tasks, scored by hand."""

    @property
    def auto_max(self) -> float:
        return sum(self.auto.values())

    @property
    def total_max(self) -> float:
        return self.auto_max + sum(self.manual.values())


def points(source_nb: Path) -> Points:
    nb = nbformat.read(source_nb, as_version=4)
    auto: dict[str, float] = {}
    manual: dict[str, float] = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not (meta.get("grade") or meta.get("task")):
            continue
        if meta.get("grade") and not meta.get("solution") and cell.cell_type == "code":
            auto[meta["grade_id"]] = float(meta["points"])
        else:
            manual[meta["grade_id"]] = float(meta["points"])
    return Points(auto=auto, manual=manual)


def verdict(total: float, cells: dict[str, float | str | None], pts: Points) -> str:
    """What autograde left, in one word: ``full`` (nothing lost: every test cell at its maximum,
    every written answer waiting for its hand grade), ``zero`` (nothing earned and nothing
    waiting), else ``partial``. A written answer or task marked ``manual`` counts as its points
    still open; a test cell marked ``manual`` (nbgrader does that when the cell was deleted) does
    not: autograde gave it nothing."""
    waiting = sum(pts.manual[c] for c, v in cells.items() if v == "manual" and c in pts.manual)
    open_points = total + waiting
    if math.isclose(open_points, pts.total_max, abs_tol=1e-6):
        return "full"
    if math.isclose(open_points, 0.0, abs_tol=1e-6):
        return "zero"
    return "partial"


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
