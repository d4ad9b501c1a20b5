"""Round trip: generate each assignment, grade sample submissions with nbgrader, assert exact scores."""

from __future__ import annotations

import csv
import math
import shutil
from pathlib import Path

import pytest
from roundtrip import (
    Points,
    SampleError,
    all_samples,
    autograde,
    load_sample,
    nbgrader,
    notebook_name,
    points,
    verdict,
)

from autograder.course import assignments

SAMPLES = all_samples()
ASSIGNMENTS = sorted({s.assignment for s in SAMPLES})
ROOT = Path(__file__).resolve().parents[1]


# -- the sample files themselves (fast: nothing is graded) ------------------------------------


def _write(folder, name: str, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "key"), [
    ("descripton: typo\nexpected: {total: 0}\n", "descripton"),
    ("expected: {total: 0}\ndelete_cell: [x]\n", "delete_cell"),
    ("expected:\n  totl: 3\n", "totl"),
    ("expected:\n  total: 0\n  cell: {a: 1}\n", "cell"),
], ids=["top-level", "top-level-plural", "expected-total", "expected-cells"])
def test_a_mistyped_key_fails_naming_file_and_key(tmp_path, text, key):
    path = _write(tmp_path / "01-x", "zero-typo.yaml", text)
    with pytest.raises(SampleError) as caught:
        load_sample(path)
    assert str(path) in str(caught.value) and key in str(caught.value), caught.value


@pytest.mark.parametrize(("name", "text", "says"), [
    ("pass-old-name.yaml", "expected: {total: 1}\n", "<verdict>-<why>.yaml"),
    ("full.yaml", "expected: {total: 1}\n", "<verdict>-<why>.yaml"),
    ("failed-corrupt.yaml", "expected: {total: 0}\n", "failed: true"),
    ("zero-refused.yaml", "expected: {failed: true}\n", "failed: true"),
    ("partial-no-total.yaml", "expected: {cells: {a: 1}}\n", "expected.total"),
    ("failed-with-scores.yaml", "expected: {failed: true, total: 0}\n", "no scores"),
    ("partial-bad-cell.yaml", "expected: {total: 1, cells: {a: lots}}\n", "manual"),
    ("partial-not-a-mapping.yaml", "- just\n- a list\n", "mapping"),
    ("partial-broken.yaml", "expected: {total: [\n", "not valid YAML"),
], ids=lambda v: v if isinstance(v, str) and v.endswith(".yaml") else "")
def test_a_malformed_sample_fails_with_a_clear_message(tmp_path, name, text, says):
    path = _write(tmp_path / "01-x", name, text)
    with pytest.raises(SampleError, match="01-x") as caught:
        load_sample(path)
    assert says in str(caught.value), caught.value


def test_a_well_formed_sample_loads(tmp_path):
    path = _write(tmp_path / "01-x", "partial-some.yaml",
                  "description: d\nexpected:\n  total: 2.5\n  cells: {a: 2.5, b: manual}\n")
    sample = load_sample(path)
    assert (sample.assignment, sample.verdict, sample.expected_total) == ("01-x", "partial", 2.5)
    assert sample.expected_cells == {"a": 2.5, "b": "manual"} and not sample.expected_failed


def test_verdict_counts_written_answers_awaiting_a_grade_as_open():
    pts = Points(auto={"check_a": 5.0, "check_b": 6.0}, manual={"essay": 4.0})
    assert verdict(11, {"check_a": 5, "check_b": 6, "essay": "manual"}, pts) == "full"
    assert verdict(11, {"check_a": 5, "check_b": 6, "essay": 0}, pts) == "partial"  # essay left blank
    assert verdict(0, {"check_a": 0, "check_b": 0, "essay": "manual"}, pts) == "partial"
    assert verdict(0, {"check_a": 0, "check_b": 0, "essay": 0}, pts) == "zero"
    # a deleted test cell that nbgrader flags for a manual grade was given nothing by autograde
    assert verdict(5, {"check_a": 5, "check_b": "manual", "essay": "manual"}, pts) == "partial"
    only_written = Points(auto={}, manual={"a": 4.0, "b": 4.0})
    assert verdict(0, {"a": "manual", "b": "manual"}, only_written) == "full"
    assert verdict(0, {"a": 0, "b": "manual"}, only_written) == "partial"
    assert verdict(0, {"a": 0, "b": 0}, only_written) == "zero"


_POINTS = {name: points(ROOT / "source" / name / notebook_name(name)) for name in ASSIGNMENTS}


@pytest.mark.parametrize("sample", [pytest.param(s, id=f"{s.assignment}/{s.name}") for s in SAMPLES
                                    if not s.expected_failed])
def test_expected_scores_agree_with_the_verdict_in_the_name(sample):
    """Where the expected cells say how every written answer ends up, the expected total already
    decides the verdict (the round trip checks the real scores for every sample)."""
    pts = _POINTS[sample.assignment]
    unknown = sorted(set(sample.expected_cells) - set(pts.auto) - set(pts.manual))
    assert not unknown, f"{sample.path.name}: expected.cells names no graded cell: {unknown}"
    assert sample.expected_total is not None
    assert sample.expected_total <= pts.auto_max + 1e-6, f"{sample.path.name}: total above {pts.auto_max}"
    if not set(pts.manual) <= set(sample.expected_cells):
        pytest.skip(f"expected.cells leaves {sorted(set(pts.manual) - set(sample.expected_cells))} open")
    got = verdict(sample.expected_total, sample.expected_cells, pts)
    assert got == sample.verdict, f"{sample.path.name}: the expected scores make it {got}, not {sample.verdict}"


# -- the round trip through nbgrader -------------------------------------------------------------


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


def test_every_assignment_has_full_and_blank_samples(root):
    for name in assignments(root):
        names = {s.name for s in SAMPLES if s.assignment == name}
        assert any(n.startswith("full-") for n in names), f"{name}: no full-* sample submission"
        assert "zero-blank" in names, f"{name}: no zero-blank sample submission"


@pytest.mark.slow
@pytest.mark.parametrize(
    "sample",
    [pytest.param(s, id=f"{s.assignment}/{s.name}", marks=pytest.mark.xdist_group(s.assignment)) for s in SAMPLES],
)
def test_sample_gets_its_expected_score(sample, graded):
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
    pts = _POINTS[sample.assignment]
    got = verdict(result.total, result.cells, pts)
    assert got == sample.verdict, (
        f"{where}: named {sample.verdict}-*, but nbgrader's scores make it {got} "
        f"(total {result.total} of {pts.auto_max} automatic points; cells {result.cells})"
    )


def _same(want, got) -> bool:
    if want == "manual" or got == "manual":
        return want == got
    return got is not None and math.isclose(float(want), float(got), abs_tol=1e-6)


MANUAL = [s for s in SAMPLES if s.verdict == "full" and "manual" in s.expected_cells.values()]


@pytest.mark.slow
@pytest.mark.xdist_group(MANUAL[0].assignment if MANUAL else "none")
def test_manual_grade_reaches_export_and_feedback_hides_hidden_tests(graded):
    """An instructor's hand grade, set through nbgrader's gradebook, shows in `nbgrader export`;
    feedback shows results but not the source of hidden tests."""
    from nbgrader.api import Gradebook

    assert MANUAL, "no assignment with a manually graded answer has a full-* sample"
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
