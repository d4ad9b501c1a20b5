"""The instructor's report on a class graded end to end by nbgrader (the round trip's sample submissions).

Module 1's sample submissions are graded by plain `nbgrader autograde` (tests/roundtrip.py); module
5's written answers get self-assessment files saved the way the widget saves them and hand grades
set through nbgrader's Gradebook. The report must agree with the gradebook exactly, read the
checkers' findings back from the autograded notebooks, and compute calibration from the hand grades.
"""

from __future__ import annotations

import warnings

import pytest
from roundtrip import SUBMISSIONS, autograde, load_sample

from autograder.course import generate_assignments
from autograder.instructor import build_report
from autograder.rubric import load_rubric, save_self_assessment

pytestmark = pytest.mark.slow

ROOT = SUBMISSIONS.parents[1]
M1, M5 = "01-coding-vs-design", "05-trade-offs"
M1_SAMPLES = ["full-all", "partial-synonyms-and-other-reading-written-answer-blank", "partial-some-wrong", "zero-blank",
              "failed-corrupt-notebook"]
M5_SAMPLES = ["full-all", "zero-blank"]
# Hand grades and self-assessments for module 5's first question (4 points): (instructor, self, confidence).
HAND = {"full-all": (4, 3, "sure"), "zero-blank": (0, 1, "guessing")}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = generate_assignments(ROOT, tmp_path_factory.mktemp("report-roundtrip") / "course", [M1, M5])
    results = {}
    for assignment, names in ((M1, M1_SAMPLES), (M5, M5_SAMPLES)):
        samples = [load_sample(SUBMISSIONS / assignment / f"{name}.yaml") for name in names]
        results[assignment], log = autograde(course, assignment, samples)
    rubric = load_rubric(M5)
    question = next(iter(rubric.questions.values()))
    from nbgrader.api import Gradebook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="sysdesign-interviews") as gb:
            for student, (instructor, _, _) in HAND.items():
                grade = gb.find_grade(question.id, M5, M5, student)
                grade.manual_score = instructor
            gb.db.commit()
    for student, (_, claimed, confidence) in HAND.items():
        ticks = {c.id: i < claimed for i, c in enumerate(question.criteria)}
        entry = {"criteria": ticks, "points": claimed, "max_points": question.points, "confidence": confidence,
                 "saved_at": "2026-12-01T10:00:00Z"}
        save_self_assessment(M5, question.id, entry, course / "submitted" / student / M5)
    return course, results, question


def test_counts_and_scores_match_the_gradebook(graded):
    course, results, _ = graded
    report = build_report(course)
    row = report.summary.set_index("assignment").loc[M1]
    failed = sorted(s for s, g in results[M1].items() if g.failed)
    assert failed == ["failed-corrupt-notebook"]
    # An edited written answer awaits its hand grade: nbgrader's "manual"; the report's "ungraded".
    awaiting = sorted(s for s, g in results[M1].items() if not g.failed and "manual" in g.cells.values())
    assert (row["submitted"], row["failed"]) == (5, 1)
    assert (row["graded"], row["awaiting_manual_grade"]) == (4 - len(awaiting), len(awaiting))
    subs = report.data.submissions.set_index(["assignment", "student"])
    for student, g in results[M1].items():
        status = subs.loc[(M1, student), "status"]
        assert status == ("failed" if g.failed else "ungraded" if student in awaiting else "graded"), student
        if not g.failed:
            assert subs.loc[(M1, student), "score"] == pytest.approx(g.total), student
    # Per cell, the item analysis's mean is the mean of the gradebook's scores.
    items = report.items[report.items["assignment"] == M1].set_index("cell")
    for cell in items.index:
        scores = [g.cells[cell] for g in results[M1].values() if not g.failed and g.cells[cell] != "manual"]
        assert items.loc[cell, "n"] == len(scores)
        assert items.loc[cell, "mean"] == pytest.approx(sum(scores) / len(scores)), cell


def test_findings_come_back_from_the_autograded_notebooks(graded):
    course, _, _ = graded
    report = build_report(course)
    f = report.data.findings[report.data.findings["assignment"] == M1]
    assert set(f["student"]) == {"full-all", "partial-synonyms-and-other-reading-written-answer-blank", "partial-some-wrong", "zero-blank"}
    assert f[f["student"] == "full-all"]["passed"].all()
    assert not f[f["student"] == "partial-some-wrong"]["passed"].all()
    assert not f[f["student"] == "zero-blank"]["passed"].any()
    top = report.misconceptions[report.misconceptions["assignment"] == M1]
    assert len(top) and (top["learners_failed"] >= 1).all()
    assert top.iloc[0]["learners_failed"] == top["learners_failed"].max()
    # A failed submission has no findings and says why once, in its status.
    assert "failed-corrupt-notebook" in set(report.failed_submissions()["student"])


def test_calibration_from_hand_grades_and_saved_self_assessments(graded):
    course, _, question = graded
    report = build_report(course)
    cal = report.calibration.set_index("question").loc[question.id]
    # self - instructor: 3 - 4 = -1 and 1 - 0 = +1 of 4 points: bias 0, mean absolute error 0.25
    assert (cal["self_assessed"], cal["hand_graded"]) == (2, 2)
    assert cal["bias"] == pytest.approx(0.0) and cal["mean_abs_error"] == pytest.approx(0.25)
    assert (cal["over"], cal["under"]) == (pytest.approx(0.5), pytest.approx(0.5))
    conf = report.confidence.set_index("confidence")
    assert conf.loc["sure", "bias"] == pytest.approx(-0.25) and conf.loc["guessing", "bias"] == pytest.approx(0.25)
    assert not [s for s in report.skipped if "self-assessment" in s.reason]
