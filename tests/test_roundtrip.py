"""Round trip: generate each assignment, grade sample submissions with nbgrader, assert exact scores."""

from __future__ import annotations

import csv
import math
import shutil

import pytest
from roundtrip import all_samples, autograde, max_auto_points, nbgrader, notebook_name

from autograder.course import assignments

pytestmark = pytest.mark.slow

SAMPLES = all_samples()
ASSIGNMENTS = sorted({s.assignment for s in SAMPLES})


@pytest.fixture(scope="session")
def graded(generated_course, tmp_path_factory):
    """One nbgrader autograde run per assignment over all its samples, on first use."""
    cache = {}

    def grade(assignment):
        if assignment not in cache:
            course = tmp_path_factory.mktemp(f"graded-{assignment}")
            shutil.copytree(generated_course, course, dirs_exist_ok=True)
            samples = [s for s in SAMPLES if s.assignment == assignment]
            results, log = autograde(course, assignment, samples)
            cache[assignment] = (course, results, log)
        return cache[assignment]

    return grade


def test_every_assignment_has_pass_and_blank_samples(root):
    for name in assignments(root):
        names = {s.name for s in SAMPLES if s.assignment == name}
        assert any(n.startswith("pass-") for n in names), f"{name}: no pass-* sample submission"
        assert "fail-blank" in names, f"{name}: no fail-blank sample submission"


@pytest.mark.parametrize(
    "sample",
    [pytest.param(s, id=f"{s.assignment}/{s.name}", marks=pytest.mark.xdist_group(s.assignment)) for s in SAMPLES],
)
def test_sample_gets_its_expected_score(sample, graded, root):
    course, results, log = graded(sample.assignment)
    result = results[sample.student]
    where = f"{sample.assignment}/{sample.name} ({sample.description})"
    if sample.expected_failed:
        assert result.failed, f"{where}: expected nbgrader to fail this submission, it scored {result.total}"
        return
    assert not result.failed, f"{where}: nbgrader failed this submission.\n{log[-3000:]}"
    mismatched = {
        cell: (want, result.cells.get(cell))
        for cell, want in sample.expected_cells.items()
        if not _same(want, result.cells.get(cell))
    }
    assert not mismatched, f"{where}: cell scores (expected, got): {mismatched}; all: {result.cells}"
    assert math.isclose(result.total, sample.expected_total, abs_tol=1e-6), (
        f"{where}: total {result.total}, expected {sample.expected_total}; cells {result.cells}"
    )
    best = max_auto_points(root / "source" / sample.assignment / notebook_name(sample.assignment))
    if sample.name.startswith("pass-"):
        assert math.isclose(result.total, best), f"{where}: a pass-* sample must score all {best} points"
    if sample.name.startswith("fail-"):
        assert result.total == 0, f"{where}: a fail-* sample must score 0"
    if sample.name.startswith("partial-"):
        assert 0 < result.total < best, f"{where}: a partial-* sample must score between 0 and {best}"


def _same(want, got) -> bool:
    if want == "manual" or got == "manual":
        return want == got
    return got is not None and math.isclose(float(want), float(got), abs_tol=1e-6)


MANUAL = [s for s in SAMPLES if s.name.startswith("pass-") and "manual" in s.expected_cells.values()]


@pytest.mark.xdist_group(MANUAL[0].assignment if MANUAL else "none")
def test_manual_grade_reaches_export_and_feedback_hides_hidden_tests(graded):
    """An instructor's hand grade, set through nbgrader's gradebook, shows in `nbgrader export`;
    feedback shows results but not the source of hidden tests."""
    from nbgrader.api import Gradebook

    assert MANUAL, "no assignment with a manually graded answer has a pass-* sample"
    sample = MANUAL[0]
    course, results, _ = graded(sample.assignment)
    manual_cell = next(c for c, v in sample.expected_cells.items() if v == "manual")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        grade = gb.find_grade(manual_cell, notebook_name(sample.assignment)[: -len(".ipynb")],
                              sample.assignment, sample.student)
        grade.manual_score = grade.max_score
        gb.db.commit()
        expected_total = results[sample.student].total + grade.max_score
    proc = nbgrader(course, "export", "--to", "grades.csv")
    assert proc.returncode == 0, proc.stderr
    with (course / "grades.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    row = next(r for r in rows if r["student_id"] == sample.student and r["assignment"] == sample.assignment)
    assert math.isclose(float(row["score"]), expected_total), row

    proc = nbgrader(course, "generate_feedback", sample.assignment, "--student", sample.student, "--force")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = next((course / "feedback" / sample.student / sample.assignment).glob("*.html")).read_text()
    assert "BEGIN HIDDEN TESTS" not in html
    source = (course / "source" / sample.assignment / notebook_name(sample.assignment)).read_text()
    if "BEGIN HIDDEN TESTS" in source:
        assert "HIDDEN TESTS" not in html
