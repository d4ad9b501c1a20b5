"""The Report result type: score, credit, rendering, and the nbgrader partial-credit contract."""

from __future__ import annotations

import math

import pytest

from autograder.report import Finding, Missing, Report, answer


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
