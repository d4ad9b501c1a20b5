"""The Report result type: score, credit, rendering, and the nbgrader partial-credit contract."""

from __future__ import annotations

import math

import pytest

from autograder.report import Credit, Finding, Missing, Report, answer


def make(*passed, weights=None):
    report = Report("demo")
    for i, ok in enumerate(passed):
        report.add(f"check {i}", ok, f"message {i}", weight=(weights or [1] * len(passed))[i])
    return report


@pytest.mark.parametrize(
    ("passed", "weights", "score"),
    [
        ((True, True), None, 1.0),
        ((True, False), None, 0.5),
        ((False, False), None, 0.0),
        ((True, False, False, False), None, 0.25),
        ((True, False), [3, 1], 0.75),
        ((False, True), [0, 1], 1.0),
    ],
)
def test_score_is_the_weighted_share_passed(passed, weights, score):
    assert math.isclose(make(*passed, weights=weights).score, score)


def test_empty_report_scores_zero_and_does_not_pass():
    report = Report("nothing")
    assert report.score == 0.0 and not report.passed
    assert "Nothing was checked" in report._repr_html_()


def test_credit_scales_to_points_and_rounds():
    assert make(True, False, False).credit(3) == 1.0
    assert make(True, False, False).credit(2) == 0.67
    assert make(True, True).credit(4) == 4.0
    with pytest.raises(ValueError, match="points"):
        make(True).credit(-1)
    with pytest.raises(ValueError, match="points"):
        make(True).credit(float("nan"))


def test_weights_must_be_finite_and_non_negative():
    for bad in (-1, float("inf"), float("nan")):
        with pytest.raises(ValueError, match="weight"):
            Finding("x", True, "y", weight=bad)


def test_grade_prints_text_outside_ipython_and_returns_credit(capsys):
    credit = make(True, False).grade(2)
    out, err = capsys.readouterr()
    assert credit == 1.0
    assert "[PASS] check 0: message 0" in out and "[FAIL] check 1: message 1" in out
    assert "1 of 2 checks passed" in out
    assert err == ""


def test_html_escapes_learner_text():
    report = Report("<b>title</b>")
    report.add("<script>", False, "use <em>", weight=1)
    html = report._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;em&gt;" in html
    assert "&lt;b&gt;title&lt;/b&gt;" in html


def test_failures_lists_only_failed_findings():
    report = make(True, False, False)
    assert [f.check for f in report.failures] == ["check 1", "check 2"]


def test_unusable_report_has_one_failing_finding():
    report = Report.unusable("API", "answer defined", "`api` is not defined")
    assert report.score == 0 and len(report.findings) == 1 and not report.findings[0].passed


def test_notes_are_not_counted_as_passes_in_the_headline():
    report = Report("Key-value design")
    report.add("key", True, "fine")
    report.add("note", True, "ignored unknown key(s) ttl", weight=0)
    report.add("value", False, "add the long URL")
    assert report.summary() == "Key-value design: 1 of 2 checks passed, score 50%; 1 note (no points)"
    assert [f.check for f in report.notes] == ["note"] and [f.check for f in report.judged] == ["key", "value"]
    assert "[NOTE] note: ignored unknown key(s) ttl" in report.to_text()
    assert "&#8505; note" in report._repr_html_()


def test_an_unjudged_header_row_is_a_note_not_a_failure_in_the_headline():
    report = Report("Schema")
    report.add("the schema runs", False, "PostgreSQL is not available here", weight=0)
    report.add("links table", False, "not checked until the schema runs")
    assert report.summary() == "Schema: 0 of 1 checks passed, score 0%; 1 note (no points)"
    only_notes = Report("Only notes")
    only_notes.add("note", True, "nothing to judge", weight=0)
    only_notes.add("note 2", False, "still nothing", weight=0)
    assert only_notes.summary() == "Only notes: nothing was judged, score 0%; 2 notes (no points)"


@pytest.mark.parametrize(
    ("passed", "weights"),
    [((True, False), None), ((True, False, True), [1, 2, 1]), ((True, True, False), [0.5, 0.25, 0.25]),
     ((False,), None), ((True, True), [3, 3])],
)
def test_the_headline_agrees_with_the_score(passed, weights):
    report = make(*passed, weights=weights)
    headline = report.summary()
    assert f"score {report.score:.0%}" in headline
    n_passed = sum(passed)
    assert f"{n_passed} of {len(passed)} checks passed" in headline
    weighs_differently = len(set(weights or [1])) > 1
    assert ("weigh differently" in headline) == weighs_differently
    if not weighs_differently:  # then the score is exactly the share of checks passed
        assert math.isclose(report.score, n_passed / len(passed))


def test_the_headline_keeps_the_title_readable_by_the_class_report():
    """The class report takes the title as the text before the headline's last colon."""
    from autograder.instructor.data import parse_findings

    report = Report("API: contract")
    report.add("one", True, "fine")
    report.add("note", True, "about: it", weight=0)
    report.add("two", False, "fix: this")
    assert parse_findings(report._repr_html_()) == [("API: contract", "one", True, "fine"),
                                                    ("API: contract", "two", False, "fix: this")]


def test_grade_returns_a_number_that_says_what_it_is():
    credit = make(True, True, True, False).grade(4)
    assert isinstance(credit, Credit) and isinstance(credit, float) and credit == 3.0
    assert repr(credit) == "3.0" and str(credit) == "3.0"  # what nbgrader reads (text/plain)
    assert credit.label() == "3 of 4 points"
    assert "3 of 4 points" in credit._repr_html_()
    assert make(True, False).grade(5).label() == "2.5 of 5 points"
    assert make(True).grade(1).label() == "1 of 1 point"
    assert make(True, False, False).grade(2).label() == "0.67 of 2 points"


def test_credit_pickles_and_serialises_as_a_plain_number():
    import json
    import pickle

    credit = make(True, False).grade(3)
    assert json.dumps(credit) == "1.5"
    copy = pickle.loads(pickle.dumps(credit))
    assert copy == 1.5 and type(copy) is float


def test_grade_rejects_bad_points_before_showing_anything(capsys):
    with pytest.raises(ValueError, match="points"):
        make(True).grade(-2)
    assert capsys.readouterr().out == ""


prompt_labels = {"a": 1}


def test_answer_reads_the_callers_globals_and_reports_missing_names():
    assert answer("prompt_labels") == {"a": 1}
    missing = answer("no_such_answer_here")
    assert isinstance(missing, Missing) and not missing
    assert "`no_such_answer_here` is not defined" in missing.message()


@pytest.mark.slow  # starts a kernel
def test_partial_credit_reaches_nbgrader_as_the_cells_last_value_without_stderr(tmp_path):
    """Run a real kernel: the test cell's output is display data plus a float execute_result."""
    import nbformat
    from nbclient import NotebookClient
    from nbformat import v4
    from nbgrader.utils import determine_grade

    nb = v4.new_notebook()
    cell = v4.new_code_cell(
        "from autograder import Report\n"
        "r = Report('demo')\n"
        "r.add('one', True, 'ok')\n"
        "r.add('two', False, 'change this')\n"
        "r.grade(3)"
    )
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "t", "points": 3, "solution": False,
                                 "locked": True, "schema_version": 3, "task": False}
    nb.cells = [cell]
    NotebookClient(nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = nb.cells[0].outputs
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"], outputs
    assert any(o.output_type == "display_data" and "text/html" in o.data for o in outputs)
    assert determine_grade(nbformat.from_dict(nb.cells[0])) == (1.5, 3.0)
    result = [o for o in outputs if o.output_type == "execute_result"]
    assert result and result[0].data["text/plain"] == "1.5"
    assert "1.5 of 3 points" in result[0].data["text/html"]
