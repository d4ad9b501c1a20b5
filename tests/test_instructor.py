"""autograder.instructor on a small class whose statistics are worked out by hand in the comments.

The class (assignment a1; cells c1 and c3 worth 1, c2 worth 2, the written answer w worth 4):

    student  c1  c2  c3   w | total   self-assessed w (confidence)
    s1        1   2   1   4 |   8     4 (sure)
    s2        1   1   0   3 |   5     4 (sure)
    s3        0   1   1   2 |   4     3 (fairly sure)
    s4        1   0   0   1 |   2     1 (guessing)
    s5        0   0   1   0 |   1     2 (not said)
    s6        grading failed ("kernel died"); saved a self-assessment under an older rubric
    s7        did not submit
    a2        has no submissions at all
"""

from __future__ import annotations

import json
import math
import shutil

import pandas as pd
import pytest
import yaml

from autograder.cli import main
from autograder.instructor import build_report, load_course_data
from autograder.instructor.data import parse_findings
from autograder.instructor.demo import CellSpec, _rubric_yaml, write_gradebook
from autograder.report import Report
from autograder.rubric.savefile import SAVE_SUFFIX

CELLS = {"a1": [CellSpec("c1", 1), CellSpec("c2", 2), CellSpec("c3", 1), CellSpec("w", 4, "markdown")],
         "a2": [CellSpec("x1", 3)]}
TABLE = {"s1": (1, 2, 1, 4), "s2": (1, 1, 0, 3), "s3": (0, 1, 1, 2), "s4": (1, 0, 0, 1), "s5": (0, 0, 1, 0)}
SELF = {"s1": (4, "sure"), "s2": (4, "sure"), "s3": (3, "fairly sure"), "s4": (1, "guessing"), "s5": (2, None)}
CRITERIA = ["decision", "cost", "failure", "alternative"]
# Findings shown in the test cells: check -> the students who failed it, with their message.
TRICKY = "status <b>201</b> & \"Location\""  # escaped in the HTML, must come back exactly
FINDINGS = {
    "c1": {"picks 201": {"s3": "use 201", "s5": "use 201"}, TRICKY: {}},
    "c2": {"index on code": {"s3": "add an index", "s4": "add an index", "s5": "the index is on the wrong column"},
           "unique code": {"s2": "make the code UNIQUE"}},
    "c3": {"units": {"s2": "bits, not bytes", "s4": "bits, not bytes"}},
}


def _self_file(course, student, points, confidence, criteria=None, max_points=4):
    ticks = criteria if criteria is not None else {c: i < points for i, c in enumerate(CRITERIA)}
    entry = {"criteria": ticks, "points": points, "max_points": max_points, "confidence": confidence, "saves": 1}
    folder = course / "submitted" / student / "a1"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"a1{SAVE_SUFFIX}").write_text(json.dumps({"format": 1, "assignment": "a1",
                                                           "questions": {"w": entry}}), encoding="utf-8")
    return folder / f"a1{SAVE_SUFFIX}"


@pytest.fixture(scope="module")
def base_course(tmp_path_factory):
    course = tmp_path_factory.mktemp("instructor") / "course"
    course.mkdir()
    scores = {("a1", s): {"c1": (c1, None), "c2": (c2, None), "c3": (c3, None), "w": (None, w)}
              for s, (c1, c2, c3, w) in TABLE.items()}
    scores[("a1", "s6")] = {}  # failed: no scores, needs manual grade
    write_gradebook(course / "gradebook.db", CELLS, [*TABLE, "s6", "s7"], scores, flagged=[("a1", "s6")])
    state = course / "autograded" / ".autograder-state" / "a1"
    state.mkdir(parents=True)
    (state / "s6.json").write_text(json.dumps({"assignment": "a1", "student": "s6", "status": "failed",
                                               "reasons": ["kernel died"]}))
    for s in TABLE:
        cells = []
        for cell, checks in FINDINGS.items():
            report = Report(f"{cell} checks")
            for check, failed in checks.items():
                report.add(check, s not in failed, failed.get(s, "right"))
            cells.append({"cell_type": "code", "id": cell, "source": "report.grade(1)", "execution_count": 1,
                          "metadata": {"nbgrader": {"grade": True, "solution": False, "grade_id": cell, "points": 1}},
                          "outputs": [{"output_type": "display_data", "metadata": {},
                                       "data": {"text/html": report._repr_html_(), "text/plain": report.to_text()}}]})
        # A learner's own cell printing a fake report must not count: only test cells are read.
        fake = Report("fake")
        fake.add("planted", False, "planted")
        cells.append({"cell_type": "code", "id": "mine", "source": "", "execution_count": 1,
                      "metadata": {"nbgrader": {"grade": False, "solution": True, "grade_id": "mine"}},
                      "outputs": [{"output_type": "display_data", "metadata": {},
                                   "data": {"text/html": fake._repr_html_()}}]})
        folder = course / "autograded" / s / "a1"
        folder.mkdir(parents=True)
        (folder / "a1.ipynb").write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                                     "nbformat_minor": 5}))
        _self_file(course, s, *SELF[s])
    rubrics = course / "rubrics"
    rubrics.mkdir()
    (rubrics / "a1.yaml").write_text(yaml.safe_dump(_rubric_yaml("a1", "w")))
    # Bad input: another rubric version (s6), a student not in the gradebook, a corrupt file.
    _self_file(course, "s6", 2, None, criteria={"decision": True, "explains": True}, max_points=3)
    _self_file(course, "stranger", 2, None)
    (_self_file(course, "s7", 1, None)).write_text("{ not json", encoding="utf-8")
    return course


@pytest.fixture
def course(base_course, tmp_path):
    """A private copy a test may change."""
    shutil.copytree(base_course, tmp_path / "course")
    return tmp_path / "course"


@pytest.fixture(scope="module")
def report(base_course):
    return build_report(base_course, rubric_dir=base_course / "rubrics")


def test_submission_counts_and_totals(report):
    row = report.summary.set_index("assignment").loc["a1"]
    assert (row["students"], row["submitted"], row["graded"], row["failed"], row["flagged"], row["missing"]) == (7, 6, 5, 1, 1, 1)
    assert row["max_score"] == 8
    assert row["mean"] == pytest.approx((8 + 5 + 4 + 2 + 1) / 5)  # 4.0
    assert row["median"] == 4
    empty = report.summary.set_index("assignment").loc["a2"]
    assert (empty["submitted"], empty["missing"], empty["graded"]) == (0, 7, 0) and math.isnan(empty["mean"])
    failed = report.failed_submissions()
    assert failed.to_dict("records") == [{"assignment": "a1", "student": "s6", "reason": "kernel died"}]


def test_item_means_shares_and_discrimination_by_hand(report):
    items = report.items.set_index("cell")
    c1 = items.loc["c1"]
    assert (c1["n"], c1["mean"], c1["share_full"], c1["share_zero"]) == (5, pytest.approx(0.6), pytest.approx(0.6),
                                                             pytest.approx(0.4))
    # c1 = 1,1,0,1,0 against the rest 7,4,4,1,1. Point-biserial: (M1 - M0) / s * sqrt(p q)
    # with M1 = (7+4+1)/3 = 4, M0 = (4+1)/2 = 2.5, s = sqrt(25.2 / 5), p = 0.6, q = 0.4.
    by_hand = (4 - 2.5) / math.sqrt(25.2 / 5) * math.sqrt(0.6 * 0.4)
    assert by_hand == pytest.approx(0.3273, abs=1e-4)
    assert c1["discrimination"] == pytest.approx(by_hand)
    assert c1["flag"] == ""
    c2 = items.loc["c2"]  # 2,1,1,0,0 out of 2
    assert (c2["mean"], c2["mean_share"], c2["share_full"], c2["share_zero"]) == (pytest.approx(0.8), pytest.approx(0.4),
                                                                      pytest.approx(0.2), pytest.approx(0.4))
    # c3 = 1,0,1,0,1 against the rest 7,5,3,2,0: sum of products of deviations -0.2,
    # sums of squares 1.2 and 29.2, so r = -0.2 / sqrt(1.2 * 29.2).
    c3 = items.loc["c3"]
    assert c3["discrimination"] == pytest.approx(-0.2 / math.sqrt(1.2 * 29.2))
    assert "negative discrimination" in c3["flag"]
    assert items.loc["w"]["n"] == 5  # the failed s6 is not in the item statistics


def test_item_that_everyone_gets_right_cannot_discriminate(tmp_path):
    scores = {("a", f"s{i}"): {"same": (1, None), "other": (i % 3, None)} for i in range(6)}
    write_gradebook(tmp_path / "gradebook.db", {"a": [CellSpec("same", 1), CellSpec("other", 2)]},
                    [f"s{i}" for i in range(6)], scores)
    for i in range(6):
        (tmp_path / "autograded" / f"s{i}" / "a").mkdir(parents=True)
    items = build_report(tmp_path).items.set_index("cell")
    assert math.isnan(items.loc["same"]["discrimination"])
    assert "everyone scored the same" in items.loc["same"]["flag"]
    assert items.loc["other"]["share_zero"] == pytest.approx(2 / 6)


def test_misconceptions_ranked_with_their_most_common_message(report):
    table = report.misconceptions
    assert list(zip(table["check"], table["learners_failed"], strict=True)) == [
        ("index on code", 3), ("picks 201", 2), ("units", 2), ("unique code", 1)]
    top = table.iloc[0]
    assert (top["learners_checked"], top["message"], top["message_count"]) == (5, "add an index", 2)
    assert top["share_failed"] == pytest.approx(0.6)
    assert "planted" not in set(report.data.findings["check"])  # only test cells count
    assert TRICKY in set(report.data.findings["check"])  # escaped in HTML, recovered exactly


def test_calibration_by_hand(report):
    cal = report.calibration.iloc[0]
    # self - instructor: 0, +1, +1, 0, +2 points of 4 -> shares 0, .25, .25, 0, .5
    assert (cal["self_assessed"], cal["hand_graded"], cal["awaiting_grade"]) == (5, 5, 0)
    assert cal["mean_self"] == pytest.approx(14 / 5) and cal["mean_instructor"] == pytest.approx(2.0)
    assert cal["bias"] == pytest.approx(0.2) and cal["mean_abs_error"] == pytest.approx(0.2)
    assert (cal["over"], cal["under"], cal["exact"]) == (pytest.approx(0.6), 0.0, pytest.approx(0.4))
    conf = report.confidence.set_index("confidence")
    assert conf.loc["sure"]["n"] == 2 and conf.loc["sure"]["bias"] == pytest.approx(0.125)
    assert conf.loc["fairly sure"]["bias"] == pytest.approx(0.25)
    assert conf.loc["guessing"]["bias"] == 0 and conf.loc["not said"]["bias"] == pytest.approx(0.5)


def test_rubric_lines_by_hand(report):
    lines = report.rubric_lines.set_index("criterion")
    # "decision" ticked by all five: instructor gave them (4+3+2+1+0) / 20 of the points
    assert lines.loc["decision"]["ticked_share"] == 1.0
    assert lines.loc["decision"]["instructor_share_if_ticked"] == pytest.approx(0.5)
    assert math.isnan(lines.loc["decision"]["instructor_share_if_not"])
    # "failure" (third line) ticked by s1, s2, s3 (self points >= 3)
    assert lines.loc["failure"]["ticked_share"] == pytest.approx(0.6)
    assert lines.loc["failure"]["instructor_share_if_ticked"] == pytest.approx((4 + 3 + 2) / 12)
    assert lines.loc["failure"]["instructor_share_if_not"] == pytest.approx((1 + 0) / 8)


def test_bad_input_is_skipped_with_its_reason_and_the_rest_reported(report):
    reasons = {s.source: s.reason for s in report.skipped}
    assert any("another rubric version" in r for src, r in reasons.items() if "s6" in src)
    assert any("not in the gradebook" in r for src, r in reasons.items() if "stranger" in src)
    assert any(r.startswith("corrupt self-assessment file") for src, r in reasons.items() if "s7" in src)
    assert reasons["a2"].startswith("no submissions yet")
    assert len(report.data.self_assessments) == 5  # the five good files still count
    text = report.text()
    assert "Skipped (4)" in text and "a1/s6: kernel died" in text


def test_missing_autograded_notebook_and_unreadable_one(course):
    (course / "autograded" / "s1" / "a1" / "a1.ipynb").write_text("{ broken")
    report = build_report(course, rubric_dir=course / "rubrics")
    assert any("unreadable" in s.reason for s in report.skipped)
    assert set(report.data.findings["student"]) == {"s2", "s3", "s4", "s5"}
    assert report.summary.set_index("assignment").loc["a1"]["graded"] == 5  # the grades still count


def test_missing_rubric_skips_self_assessments_only(course):
    report = build_report(course, rubric_dir=course / "no-such-folder")
    assert report.data.self_assessments.empty
    assert any("no usable rubric" in s.reason for s in report.skipped)
    assert list(report.items["cell"]) == ["c1", "c2", "c3", "w"]  # a1's cells; a2 has no submissions


def test_assignment_filter_and_unknown_assignment(course):
    data = load_course_data(course, assignments=["a2", "nope"], rubric_dir=course / "rubrics")
    assert list(data.assignments["assignment"]) == ["a2"]
    assert any(s.source == "nope" and "no such assignment" in s.reason for s in data.skipped)


def test_no_gradebook_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(FileNotFoundError, match="no gradebook"):
        load_course_data(tmp_path)
    assert main(["report", "--course", str(tmp_path)]) == 2
    assert "no gradebook" in capsys.readouterr().err


def test_html_is_self_contained_and_csv_round_trips(report, tmp_path):
    page = report.to_html()
    assert page.count("src='data:image/png;base64,") == 4
    assert "http://" not in page and "https://" not in page
    assert "index on code" in page and "kernel died" in page and "another rubric version" in page
    written = report.write_csv(tmp_path / "csv")
    assert {p.name for p in written} >= {"assignments.csv", "items.csv", "misconceptions.csv", "calibration.csv",
                                         "skipped.csv", "findings.csv"}
    items = pd.read_csv(tmp_path / "csv" / "items.csv")
    assert items.set_index("cell").loc["c1", "discrimination"] == pytest.approx(report.items.set_index("cell")
                                                                                 .loc["c1", "discrimination"])


def test_cli_report_prints_and_writes(course, capsys):
    assert main(["report", "--course", str(course), "--rubrics", str(course / "rubrics")]) == 0
    out = capsys.readouterr().out
    assert "a1: 6 submitted, 5 graded, 1 failed" in out and "index on code" in out
    assert (course / "reports" / "report.html").is_file()
    assert (course / "reports" / "csv" / "misconceptions.csv").is_file()


def test_parse_findings_reads_what_report_renders():
    report = Report("Contract")
    report.add("a <check> & more", True, "fine: really")
    report.add("second", False, "line one\nline two, 'quoted' \"double\"")
    assert parse_findings(report._repr_html_()) == [
        ("Contract", "a <check> & more", True, "fine: really"),
        ("Contract", "second", False, "line one\nline two, 'quoted' \"double\""),
    ]
    assert parse_findings(Report("empty")._repr_html_()) == []
    assert parse_findings("<p>no report here</p>") == []


@pytest.mark.slow
def test_the_report_does_not_import_ipywidgets(base_course):
    """The instructor's report runs where no widget can (a cron job, a server): it must not need ipywidgets."""
    import subprocess
    import sys

    code = (f"import sys\nfrom autograder.instructor import build_report\n"
            f"r = build_report({str(base_course)!r}, rubric_dir={str(base_course / 'rubrics')!r})\n"
            "r.to_html()\nprint('ipywidgets' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_a_written_answer_awaiting_its_hand_grade(tmp_path):
    """A partly graded submission: its autograded cells count, its written answer waits (and says so)."""
    cells = {"a": [CellSpec("t", 2), CellSpec("w", 4, "markdown")]}
    scores = {("a", f"s{i}"): {"t": (i % 3, None), "w": (None, float(i % 5))} for i in range(6)}
    scores[("a", "s5")]["w"] = (None, None)
    write_gradebook(tmp_path / "gradebook.db", cells, [f"s{i}" for i in range(6)], scores)
    for i in range(6):
        (tmp_path / "autograded" / f"s{i}" / "a").mkdir(parents=True)
    (tmp_path / "rubrics").mkdir()
    (tmp_path / "rubrics" / "a.yaml").write_text(yaml.safe_dump(_rubric_yaml("a", "w")))
    for i in (0, 5):
        folder = tmp_path / "submitted" / f"s{i}" / "a"
        folder.mkdir(parents=True)
        ticks = {c: j < 2 for j, c in enumerate(CRITERIA)}
        (folder / f"a{SAVE_SUFFIX}").write_text(json.dumps({"assignment": "a", "questions": {"w": {
            "criteria": ticks, "points": 2, "max_points": 4, "confidence": "sure"}}}))
    report = build_report(tmp_path, rubric_dir=tmp_path / "rubrics")
    row = report.summary.iloc[0]
    assert (row["graded"], row["awaiting_manual_grade"], row["failed"]) == (5, 1, 0)
    sub = report.data.submissions.set_index("student").loc["s5"]
    assert sub["status"] == "ungraded" and sub["reason"] == "1 cell(s) await a manual grade"
    items = report.items.set_index("cell")
    assert items.loc["t", "n"] == 6 and items.loc["w", "n"] == 5  # s5's t counts, its w does not yet
    cal = report.calibration.iloc[0]
    assert (cal["self_assessed"], cal["hand_graded"], cal["awaiting_grade"]) == (2, 1, 1)
    assert cal["bias"] == pytest.approx((2 - 0) / 4)  # s0: self 2, instructor 0
