"""What `autograder grade` prints: a summary by default, per-submission lines only with -v."""

from __future__ import annotations

import functools

import pytest

from autograder.cli import main
from autograder.grading import pipeline
from autograder.grading.pipeline import GradingRun, SubmissionResult
from autograder.grading.summary import _histogram, format_summary, score_distribution


def big_run() -> GradingRun:
    """500 students x 6 assignments, 3 failures with two reasons, one graded with a limit hit."""
    results = []
    for a in range(6):
        for s in range(500):
            results.append(SubmissionResult(f"0{a + 1}-a", f"s{s:03d}", "graded", score=float(s % 5), max_score=4.0))
    results[0] = SubmissionResult("01-a", "s000", "failed", reasons=["the notebook is not valid JSON"])
    results[1] = SubmissionResult("01-a", "s001", "failed", reasons=["the notebook is not valid JSON"])
    results[2] = SubmissionResult("01-a", "s002", "failed", reasons=["ran out of time (1800 s)"])
    results[3] = SubmissionResult("01-a", "s003", "graded", score=1.0, max_score=4.0,
                                  reasons=["cell q2 exceeded the memory limit"])
    results[4] = SubmissionResult("01-a", "s004", "skipped", score=4.0, max_score=4.0)
    return GradingRun(results=results, sandbox="Sandbox: bubblewrap.", seconds=12.5)


def test_summary_of_a_500_student_course_fits_on_a_screen():
    text = format_summary(big_run())
    lines = text.splitlines()
    assert len(lines) < 20, text
    assert lines[0] == "3000 submissions: 2996 graded, 1 unchanged and skipped, 3 failed in 12.5 s. Sandbox: bubblewrap."
    assert "  2 x the notebook is not valid JSON: 01-a/s000, 01-a/s001" in lines
    assert "  1 x ran out of time (1800 s): 01-a/s002" in lines
    assert "  1 x cell q2 exceeded the memory limit: 01-a/s003" in lines
    assert not any(line.startswith("graded ") for line in lines)  # no per-submission lines
    assert sum(line.startswith("  0") and "n=" in line for line in lines) == 6  # one line per assignment


def test_verbose_adds_one_line_per_submission():
    run = big_run()
    text = format_summary(run, verbose=True)
    lines = text.splitlines()
    assert sum(line.startswith(("graded ", "failed ", "skipped ")) for line in lines) == 3000
    summary_only = format_summary(run).replace("\n(autograder grade -v lists every submission)", "")
    assert text.endswith(summary_only)  # the same summary follows the listing
    assert "-v lists" not in text


def test_many_failures_with_one_reason_are_named_up_to_a_limit():
    results = [SubmissionResult("01-a", f"s{i:03d}", "failed", reasons=["kernel died"]) for i in range(30)]
    text = format_summary(GradingRun(results=results))
    assert "30 x kernel died: 01-a/s000, " in text and "and 22 more (-v lists all)" in text
    assert "01-a/s029" in format_summary(GradingRun(results=results), verbose=True)


def test_score_distribution_and_histogram_by_hand():
    results = [SubmissionResult("a", s, "graded", score=v, max_score=4.0)
               for s, v in [("x", 0.0), ("y", 2.0), ("z", 4.0), ("w", 4.0)]]
    results.append(SubmissionResult("a", "f", "failed"))  # no score: not in the distribution
    assert score_distribution(results) == {"a": [0.0, 0.5, 1.0, 1.0]}
    # bins: 0.0 -> first, 0.5 -> sixth, 1.0 (twice) -> last; the tallest bar is full
    assert _histogram([0.0, 0.5, 1.0, 1.0]) == "▄    ▄   █"
    text = format_summary(GradingRun(results=results))
    assert "n=4" in text and "mean  62%" in text and "median  75%" in text


def test_interrupted_and_empty_runs():
    assert "Interrupted" in format_summary(GradingRun(interrupted=True))
    assert format_summary(GradingRun()).startswith("0 submissions: 0 graded")


@pytest.mark.parametrize("flag", [[], ["-v"]])
def test_cli_prints_the_summary_and_lines_only_with_v(flag, monkeypatch, capsys, tmp_path):
    (tmp_path / "nbgrader_config.py").write_text("")
    (tmp_path / "source").mkdir()
    real_grade = pipeline.grade

    @functools.wraps(real_grade)  # the CLI reads its defaults from grade's signature
    def fake_grade(*args, **kwargs):
        return big_run()

    monkeypatch.setattr(pipeline, "grade", fake_grade)
    code = main(["--root", str(tmp_path), "grade", "--no-progress", *flag])
    out = capsys.readouterr().out
    assert code == 1  # failures exit 1, as before
    per_submission = sum(line.startswith(("graded ", "failed ", "skipped ")) for line in out.splitlines())
    assert per_submission == (3000 if flag else 0)
    assert "3000 submissions: 2996 graded" in out
