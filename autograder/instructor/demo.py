"""A synthetic class for the dashboard's demo, the tests and the benchmark - clearly not real learners.

:func:`write_gradebook` writes an nbgrader gradebook from explicit scores (nbgrader's own
:class:`~nbgrader.api.Gradebook` makes the schema, the assignments, cells and students; the many
submission and grade rows go in as bulk inserts into nbgrader's tables, which is what lets a
500-student course be made in seconds). :func:`synthetic_course` makes a whole course folder:
gradebook, autograded notebooks whose test cells show real :class:`~autograder.report.Report`
tables, rubrics and self-assessment files, from a simple model of learners (an ability each) and
items (a difficulty each), with one item that deliberately does not discriminate.
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import sys
import uuid
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from autograder.report import Report
from autograder.rubric.model import CONFIDENCE_LEVELS
from autograder.rubric.savefile import SAVE_FORMAT, SAVE_SUFFIX

__all__ = ["CellSpec", "DEMO_LABEL", "synthetic_course", "write_gradebook"]

DEMO_LABEL = "DEMO DATA: a synthetic class made up by autograder.instructor.demo, not real learners"


@dataclass(frozen=True)
class CellSpec:
    """A graded cell of a synthetic assignment."""

    name: str
    max_score: float
    cell_type: str = "code"
    """``code`` (autograded test cell) or ``markdown`` (a written answer graded by hand)."""


Score = tuple[float | None, float | None]
"""(auto score, manual score) of one cell; ``(None, None)`` for a cell awaiting a manual grade."""


@contextmanager
def _scripts_on_path() -> Iterator[None]:
    """nbgrader runs ``alembic`` as a program when it makes a gradebook: find it beside this interpreter
    even when the environment is not activated (a kernel started by path, a test)."""
    old = os.environ.get("PATH", "")
    scripts = str(Path(sys.executable).parent)
    if shutil.which("alembic") is None:
        os.environ["PATH"] = scripts + os.pathsep + old
    try:
        yield
    finally:
        os.environ["PATH"] = old


def _create_schema(db_path: Path) -> None:
    """nbgrader's tables and its alembic version stamp, as ``Gradebook`` makes them - but reading the
    alembic head in-process instead of running the ``alembic`` program (seconds saved per gradebook)."""
    try:
        import nbgrader
        from alembic.config import Config
        from alembic.script import ScriptDirectory
        from nbgrader import api
        from sqlalchemy import create_engine, text

        config = Config()
        config.set_main_option("script_location", str(Path(nbgrader.__file__).parent / "alembic"))
        head = ScriptDirectory.from_config(config).get_current_head()
    except Exception:  # any surprise: let nbgrader's Gradebook make the schema its own way
        return
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        api.Base.metadata.create_all(bind=engine)
        with engine.begin() as con:
            con.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
            con.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": head})
    finally:
        engine.dispose()


def _uid() -> str:
    return uuid.uuid4().hex


def write_gradebook(
    db_path: str | Path,
    cells: Mapping[str, Sequence[CellSpec]],
    students: Sequence[str],
    scores: Mapping[tuple[str, str], Mapping[str, Score]],
    *,
    course_id: str = "demo-course",
    flagged: Sequence[tuple[str, str]] = (),
) -> Path:
    """Write ``db_path`` (a new nbgrader gradebook) with these assignments, students and submissions.

    ``cells``: assignment -> its graded cells (one notebook per assignment, named like it).
    ``scores``: (assignment, student) -> cell -> (auto, manual); a submission missing from it was
    not made. ``flagged``: submissions whose notebook is flagged.
    """
    from nbgrader import api
    from sqlalchemy import insert

    db_path = Path(db_path)
    if db_path.exists():
        raise FileExistsError(f"{db_path} exists: write_gradebook makes a new gradebook only")
    base = datetime(2026, 11, 2, 9, 0, 0)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _create_schema(db_path)
    with warnings.catch_warnings(), _scripts_on_path():
        warnings.simplefilter("ignore")
        with api.Gradebook(f"sqlite:///{db_path}", course_id=course_id) as gb:
            cell_ids: dict[tuple[str, str], str] = {}
            notebook_ids: dict[str, str] = {}
            for i, (assignment, specs) in enumerate(cells.items()):
                gb.add_assignment(assignment, duedate=base + timedelta(weeks=i))
                nb = gb.add_notebook(assignment, assignment)
                notebook_ids[assignment] = nb.id
                for spec in specs:
                    cell = gb.add_grade_cell(spec.name, assignment, assignment, max_score=spec.max_score,
                                             cell_type=spec.cell_type)
                    cell_ids[(assignment, spec.name)] = cell.id
            for student in students:
                gb.add_student(student, first_name=f"Demo{student[-3:]}", last_name=f"Learner {student}",
                               email=f"{student}@example.invalid")
            sub_rows, nb_rows, grade_rows = [], [], []
            flagged_set = set(flagged)
            for (assignment, student), cell_scores in scores.items():
                sid, nid = _uid(), _uid()
                sub_rows.append({"id": sid, "student_id": student, "timestamp": base + timedelta(days=1),
                                 "_assignment": assignment})
                nb_rows.append({"id": nid, "assignment_id": sid, "notebook_id": notebook_ids[assignment],
                                "flagged": (assignment, student) in flagged_set})
                for spec in cells[assignment]:
                    auto, manual = cell_scores.get(spec.name, (None, None))
                    grade_rows.append({"id": _uid(), "notebook_id": nid, "cell_id": cell_ids[(assignment, spec.name)],
                                       "auto_score": auto, "manual_score": manual, "extra_credit": None,
                                       "needs_manual_grade": auto is None and manual is None})
            assignment_ids = {a.name: a.id for a in gb.assignments}
            for row in sub_rows:
                row["assignment_id"] = assignment_ids[row.pop("_assignment")]
            if sub_rows:
                gb.db.execute(insert(api.SubmittedAssignment.__table__), sub_rows)
                gb.db.execute(insert(api.SubmittedNotebook.__table__), nb_rows)
                gb.db.execute(insert(api.Grade.__table__), grade_rows)
            gb.db.commit()
    return db_path


# -- a whole synthetic course ------------------------------------------------------------------------

_CHECKS = [
    ("status code fits the operation", "returns 200 where a new resource calls for 201 Created; use 201"),
    ("errors are distinguished", "answers every bad input with 500; use 400 for malformed input and 404 for unknown ids"),
    ("index serves the access pattern", "the lookup by short code scans the table; add an index on the code column"),
    ("units are consistent", "mixes bits and bytes per second; convert the bandwidth to one unit"),
    ("peak is estimated", "uses the daily average as the peak; multiply by a peak factor"),
    ("limits are enforced", "the token bucket lets a burst above its capacity through; cap the tokens at capacity"),
]


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _rubric_yaml(assignment: str, question: str) -> dict:
    return {
        "assignment": assignment,
        "title": f"Demo assignment {assignment}",
        "questions": {question: {
            "title": "A demo trade-off",
            "prompt": "Which option, and why?",
            "criteria": [
                {"id": "decision", "text": "Picks one option and ties it to a requirement", "explain": "Choose.",
                 "points": 1},
                {"id": "cost", "text": "Names the cost of the choice", "explain": "Every option costs something.",
                 "points": 1},
                {"id": "failure", "text": "Says what happens when it fails", "explain": "What breaks?", "points": 1},
                {"id": "alternative", "text": "Compares with the option turned down", "explain": "Why not the other?",
                 "points": 1},
            ],
            "model_answer": "A demo model answer.",
            "strong_answer_adds": "- A demo addition.",
        }},
    }


def synthetic_course(
    folder: str | Path,
    *,
    students: int = 40,
    assignments: int = 4,
    cells_per_assignment: int = 4,
    seed: int = 17,
    notebooks: bool = True,
    problems: bool = True,
) -> Path:
    """Make a synthetic course in ``folder`` (created; must not hold a gradebook) and return it.

    Every assignment has ``cells_per_assignment`` autograded cells (the last of the first
    assignment deliberately unrelated to ability, so it fails to discriminate) and a written answer
    with a rubric; learners self-assess it with a confidence. ``notebooks``: write the autograded
    notebooks with the checkers' findings (and self-assessment files). ``problems``: add the bad
    input a real course has - a missing submission, a failed one, one awaiting its hand grade, a
    corrupt self-assessment file, one saved under another rubric version, one from a student not in
    the gradebook, and an assignment nobody has submitted yet.
    """
    rng = random.Random(seed)
    course = Path(folder)
    course.mkdir(parents=True, exist_ok=True)
    (course / "README-DEMO.txt").write_text(DEMO_LABEL + "\n", encoding="utf-8")
    names = [f"d{i + 1:02d}-demo" for i in range(assignments)]
    ids = [f"learner{i + 1:03d}" for i in range(students)]
    ability = {s: rng.gauss(0.0, 1.0) for s in ids}
    cells: dict[str, list[CellSpec]] = {}
    difficulty: dict[tuple[str, str], float] = {}
    for ai, a in enumerate(names):
        specs = [CellSpec(f"q{ci + 1}_tests", float(1 + (ci % 3)), "code") for ci in range(cells_per_assignment)]
        specs.append(CellSpec("tradeoff", 4.0, "markdown"))
        cells[a] = specs
        for spec in specs:
            difficulty[(a, spec.name)] = rng.uniform(-1.5, 1.5) + 0.2 * ai
    unrelated = (names[0], cells[names[0]][cells_per_assignment - 1].name) if cells_per_assignment else None

    scores: dict[tuple[str, str], dict[str, Score]] = {}
    findings: dict[tuple[str, str], dict[str, list[tuple[str, bool, str]]]] = {}
    submitted = names[:-1] if problems and len(names) > 1 else names  # the last one: nobody yet
    for a in submitted:
        for s in ids:
            if problems and a == names[0] and s == ids[0]:
                continue  # a missing submission
            cell_scores: dict[str, Score] = {}
            cell_findings: dict[str, list[tuple[str, bool, str]]] = {}
            for ci, spec in enumerate(cells[a]):
                if spec.cell_type == "markdown":
                    p = _logistic(1.3 * ability[s] - difficulty[(a, spec.name)])
                    manual = float(sum(rng.random() < p for _ in range(4)))
                    cell_scores[spec.name] = (None, manual)
                    continue
                theta = rng.gauss(0, 1) if (a, spec.name) == unrelated else 1.6 * ability[s]
                p = _logistic(theta - difficulty[(a, spec.name)])
                checks = [_CHECKS[(2 * ci + k + names.index(a)) % len(_CHECKS)] for k in range(3)]
                passed = [rng.random() < p for _ in checks]
                report = Report(f"{spec.name} checks")
                for (check, message), ok in zip(checks, passed, strict=True):
                    report.add(check, ok, "right" if ok else message)
                cell_scores[spec.name] = (report.credit(spec.max_score), None)
                cell_findings[spec.name] = [(f.check, f.passed, f.message) for f in report.findings]
            scores[(a, s)] = cell_scores
            findings[(a, s)] = cell_findings
    failed_submission = (names[0], ids[1]) if problems and len(ids) > 1 else None
    if failed_submission:
        scores[failed_submission] = {spec.name: (None, None) for spec in cells[names[0]]}
        findings.pop(failed_submission, None)
    if problems and len(ids) > 2 and (names[0], ids[2]) in scores:
        scores[(names[0], ids[2])]["tradeoff"] = (None, None)  # awaiting its hand grade
    write_gradebook(course / "gradebook.db", cells, ids, scores,
                    flagged=[failed_submission] if failed_submission else [])
    (course / "rubrics").mkdir(exist_ok=True)
    for a in names:
        (course / "rubrics" / f"{a}.yaml").write_text(yaml.safe_dump(_rubric_yaml(a, "tradeoff"), sort_keys=False),
                                                      encoding="utf-8")
    if notebooks:
        for (a, s), cell_findings in findings.items():
            _write_autograded(course, a, s, cells[a], cell_findings)
        _write_self_assessments(course, rng, ids, submitted, scores, ability, problems)
    return course


def _write_autograded(course: Path, assignment: str, student: str, specs: Sequence[CellSpec],
                      cell_findings: Mapping[str, list[tuple[str, bool, str]]]) -> None:
    cells: list[dict[str, Any]] = []
    for spec in specs:
        meta = {"nbgrader": {"grade": True, "grade_id": spec.name, "points": spec.max_score,
                             "solution": spec.cell_type == "markdown", "locked": spec.cell_type == "code",
                             "schema_version": 3}}
        if spec.cell_type == "markdown":
            cells.append({"cell_type": "markdown", "id": spec.name, "metadata": meta, "source": "My answer."})
            continue
        report = Report(f"{spec.name} checks")
        for check, ok, message in cell_findings.get(spec.name, []):
            report.add(check, ok, message)
        outputs = [{"output_type": "display_data", "metadata": {},
                    "data": {"text/html": report._repr_html_(), "text/plain": report.to_text()}},
                   {"output_type": "execute_result", "execution_count": 1, "metadata": {},
                    "data": {"text/plain": repr(report.credit(spec.max_score))}}]
        cells.append({"cell_type": "code", "id": spec.name, "metadata": meta, "execution_count": 1,
                      "source": f"report.grade({spec.max_score:g})", "outputs": outputs})
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    folder = course / "autograded" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{assignment}.ipynb").write_text(json.dumps(nb), encoding="utf-8")


def _write_self_assessments(course: Path, rng: random.Random, ids: Sequence[str], submitted: Sequence[str],
                            scores: Mapping[tuple[str, str], Mapping[str, Score]], ability: Mapping[str, float],
                            problems: bool) -> None:
    criteria = ["decision", "cost", "failure", "alternative"]
    for a in submitted:
        for s in ids:
            if (a, s) not in scores:
                continue
            manual = scores[(a, s)]["tradeoff"][1]
            truth = manual if manual is not None else 2.0
            # Weaker learners over-rate themselves more (the usual finding); confidence is noisy.
            optimism = max(0.0, -0.8 * ability[s]) + rng.gauss(0.2, 0.6)
            claimed = int(max(0, min(4, round(truth + optimism))))
            ticks = {c: i < claimed for i, c in enumerate(criteria)}
            level = CONFIDENCE_LEVELS[min(2, max(0, int(1 + ability[s] + rng.gauss(0, 0.7))))]
            entry = {"criteria": ticks, "points": claimed, "max_points": 4, "confidence": level,
                     "saved_at": "2026-11-03T10:00:00Z", "saves": 1}
            entry["first_save"] = dict(entry)
            data = {"format": SAVE_FORMAT, "assignment": a, "questions": {"tradeoff": entry}}
            folder = course / "submitted" / s / a
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{a}{SAVE_SUFFIX}").write_text(json.dumps(data), encoding="utf-8")
    if not problems or len(ids) < 5 or not submitted:
        return
    a = submitted[0]
    (course / "submitted" / ids[3] / a / f"{a}{SAVE_SUFFIX}").write_text('{"questions": {"tradeoff": ', "utf-8")
    old = {"format": SAVE_FORMAT, "assignment": a, "questions": {"tradeoff": {
        "criteria": {"decision": True, "explains": True}, "points": 2, "max_points": 3, "confidence": None}}}
    (course / "submitted" / ids[4] / a / f"{a}{SAVE_SUFFIX}").write_text(json.dumps(old), "utf-8")
    stranger = course / "submitted" / "not-enrolled" / a
    stranger.mkdir(parents=True, exist_ok=True)
    (stranger / f"{a}{SAVE_SUFFIX}").write_text(json.dumps(old), "utf-8")
