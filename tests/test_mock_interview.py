"""Module 8, the mock interview on a news feed, at the level of its notebook.

The revealed assumptions (the interviewer's answers) are the ones every later check uses; the timer
is exploration only; every check is re-checked at grading and (but the estimate's) has hidden tests;
the written answers follow their rubric; the level self-checks feed the chart; and the source
solutions get every automatic point in a kernel (slow).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import pytest

from autograder.architecture import NEWSFEED
from autograder.estimate import check_answers
from autograder.estimate.scenario import reference, validate
from autograder.estimate.scenarios.newsfeed import INTERVIEW_ASSUMPTIONS, INTERVIEW_SCENARIO
from autograder.requirements import interviewer
from autograder.requirements.scenarios.newsfeed import DERIVED
from autograder.rubric import load_rubric, mark_scheme_markdown, read_self_assessments, save_path, self_assess
from autograder.rubric.levels import AREAS, MID_ANSWER, STAFF_ANSWER, level_grid
from autograder.schema.scenarios import newsfeed as schema_newsfeed

ROOT = Path(__file__).resolve().parents[1]
SLUG = "08-mock-interview"
SOURCE = ROOT / "source" / SLUG / f"{SLUG}.ipynb"
RELEASE = ROOT / "release" / SLUG / f"{SLUG}.ipynb"
NB = nbformat.read(SOURCE, as_version=4)
IDS = [c.metadata.get("nbgrader", {}).get("grade_id") for c in NB.cells]
TEST_CELLS = [c for c in NB.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]


def _index(predicate) -> int:
    return next(i for i, c in enumerate(NB.cells) if predicate(c))


# -- the interviewer's answers are the round's stated assumptions ------------------------------------


def test_the_estimate_uses_the_interviewers_answers():
    given = interviewer("newsfeed")
    a = INTERVIEW_ASSUMPTIONS
    assert a.daily_active_users == given["daily_active_users"]
    assert a.posts_per_user_per_day == given["posts_per_user_per_day"]
    assert a.feed_views_per_user_per_day == given["feed_reads_per_user_per_day"]
    assert a.average_followers == given["average_followers"]
    assert a.peak_factor == given["peak_factor"]
    validate(INTERVIEW_SCENARIO)
    ref = reference(INTERVIEW_SCENARIO, a)
    posts_per_second = given["daily_active_users"] * given["posts_per_user_per_day"] / 86_400
    assert ref["feed_write_qps"].to("1/s").magnitude == pytest.approx(posts_per_second * given["average_followers"])
    assert ref["feed_write_qps"].to("1/s").magnitude == pytest.approx(DERIVED["timeline_inserts_per_second"])
    assert ref["peak_feed_read_qps"].to("1/s").magnitude == pytest.approx(
        DERIVED["feed_reads_per_second"] * given["peak_factor"])
    assert ref["fanout_workers"] == math.ceil(posts_per_second * 75 * 2 / 50_000)  # 11
    assert ref["feed_storage"].to("TB").magnitude == pytest.approx(posts_per_second * 75 * 30 * 86_400 * 16 / 1e12)


def test_the_design_and_the_schema_use_the_interviewers_answers():
    given = interviewer("newsfeed")
    feed, publish = NEWSFEED.flow("read home feed"), NEWSFEED.flow("publish")
    assert feed is not None and publish is not None
    assert feed.peak_rps == pytest.approx(DERIVED["feed_reads_per_second"] * given["peak_factor"])
    assert feed.hidden_peak_rps == pytest.approx(DERIVED["feed_reads_per_second"] * given["hidden_peak_factor"])
    assert publish.peak_rps == pytest.approx(DERIVED["posts_per_second"] * given["peak_factor"])
    assert feed.availability == given["feed_availability"]
    users = schema_newsfeed.USERS["visible"]
    assert schema_newsfeed.POSTS["visible"] == users * given["posts_per_user_per_day"] * schema_newsfeed.DAYS_OF_POSTS


def test_the_answers_are_revealed_after_the_requirements_and_before_the_estimate():
    reveal = _index(lambda c: c.cell_type == "code" and 'interviewer("newsfeed")' in c.source)
    assert IDS.index("requirements_check") < reveal < IDS.index("estimates")
    assert "INTERVIEW_ASSUMPTIONS" in "".join(c.source for c in NB.cells[reveal:IDS.index("estimates")])
    estimate_check = NB.cells[IDS.index("estimates_check")].source
    assert "check_answers(" in estimate_check and "INTERVIEW_SCENARIO" in estimate_check
    assert 'check_design(answer("feed_design"), NEWSFEED' in NB.cells[IDS.index("feed_design_check")].source
    for gid in ("schema_constraints_check", "schema_queries_check", "schema_plans_check"):
        assert '"newsfeed"' in NB.cells[IDS.index(gid)].source


def test_the_prose_quotes_the_scenarios_figures():
    text = "\n".join(c.source for c in NB.cells if c.cell_type == "markdown")
    assert f"{DERIVED['timeline_inserts_per_second']:,.0f} feed writes a second" in text
    assert f"{DERIVED['feed_reads_per_second']:,.0f} feed loads a second" in text
    for flow in NEWSFEED.flows:
        assert f"| {flow.name} | {flow.peak_rps:,.0f} |" in text


def test_the_estimate_check_is_fair_on_the_interviewers_numbers():
    """The news-feed estimate corpus (tests/corpus/estimate/newsfeed.py, written as functions of the
    assumptions) evaluated on the interviewer's answers and judged as values, as module 8 judges them:
    at most 2% unfair verdicts each way, and each wrong answer loses the key it names."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("newsfeed_estimates", ROOT / "tests/corpus/estimate/newsfeed.py")
    assert spec is not None and spec.loader is not None
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    assert len(corpus.CORRECT) >= 10 and len(corpus.WRONG) >= 10
    below = [n for n, fn in corpus.CORRECT.items()
             if check_answers(fn(INTERVIEW_ASSUMPTIONS), INTERVIEW_SCENARIO).score < 1]
    at_full, kept = [], []
    for name, (fn, key) in corpus.WRONG.items():
        report = check_answers(fn(INTERVIEW_ASSUMPTIONS), INTERVIEW_SCENARIO)
        if report.score >= 1:
            at_full.append(name)
        if not any(not f.passed and f.check.startswith(f"`{key}`") for f in report.findings):
            kept.append(name)
    assert len(below) / len(corpus.CORRECT) <= 0.02, below
    assert len(at_full) / len(corpus.WRONG) <= 0.02, at_full
    assert not kept, kept


# -- the timer and the other widgets are never graded ---------------------------------------------------


def test_the_timer_is_exploration_only():
    timer = [c for c in NB.cells if "run_of_show_timer" in c.source]
    assert len(timer) == 1 and timer[0].cell_type == "code"
    assert "nbgrader" not in timer[0].metadata  # an ordinary cell: not an answer, not a check
    assert NB.cells.index(timer[0]) < IDS.index("requirements")
    for cell in TEST_CELLS:
        assert "timer" not in cell.source and "level_chart" not in cell.source and "self_assess" not in cell.source


# -- checks: re-checked outside the kernel, hidden tests where values can be recomputed ----------------


def test_every_check_is_rechecked_and_has_hidden_tests_but_the_estimate():
    assert [c.metadata.nbgrader.grade_id for c in TEST_CELLS] == [
        "requirements_check", "estimates_check", "feed_api_check", "schema_constraints_check",
        "schema_queries_check", "schema_plans_check", "feed_design_check"]
    for cell in TEST_CELLS:
        gid = cell.metadata.nbgrader.grade_id
        assert cell.source.startswith("# autograder: recheck"), gid
        hidden = "### BEGIN HIDDEN TESTS" in cell.source
        # written values cannot be recomputed for a second set of assumptions (check_answers)
        assert hidden == (gid != "estimates_check"), gid
        if hidden:
            assert 'scope="hidden"' in cell.source.split("### BEGIN HIDDEN TESTS")[1], gid
    assert sum(c.metadata.nbgrader.points for c in TEST_CELLS) == 22
    release = nbformat.read(RELEASE, as_version=4)
    assert "HIDDEN TESTS" not in "".join(c.source for c in release.cells)


def test_an_unwritten_answer_is_released_as_not_written_yet():
    release = nbformat.read(RELEASE, as_version=4)
    stubs = {c.metadata.nbgrader.grade_id: c.source for c in release.cells
             if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"}
    for gid, names in {"requirements": ["requirements"], "estimates": ["posts_per_day", "fanout_workers"],
                       "feed_api": ["feed_api"], "feed_schema": ["feed_ddl", "feed_queries"],
                       "feed_design": ["feed_design"]}.items():
        for name in names:
            assert re.search(rf"^{name} = \.\.\.$", stubs[gid], re.MULTILINE), (gid, name)


# -- written answers and the level rubric ---------------------------------------------------------------


def test_each_written_answer_has_its_mark_scheme_then_its_self_check():
    rubric = load_rubric(SLUG)
    assert list(rubric.questions) == ["fanout_deep_dive", "level_mid", "level_senior", "level_staff"]
    for qid, question in rubric.questions.items():
        at = IDS.index(qid)
        assert IDS[at + 1 : at + 3] == [f"{qid}_mark_scheme", f"{qid}_self_check"]
        assert NB.cells[at + 1].source == mark_scheme_markdown(question)
        assert NB.cells[at].metadata.nbgrader.points == question.points
    assert IDS.index("fanout_deep_dive") > IDS.index("feed_design_check")


def test_the_notebook_shows_the_same_prompt_at_mid_and_staff_level():
    text = "\n".join(c.source for c in NB.cells if c.cell_type == "markdown")
    unquoted = re.sub(r"^> ?", "", text, flags=re.MULTILINE)
    assert " ".join(MID_ANSWER.split()) in " ".join(unquoted.split())
    assert " ".join(STAFF_ANSWER[len(MID_ANSWER):].split()) in " ".join(unquoted.split())


def test_the_level_self_checks_feed_the_chart(tmp_path):
    widget = self_assess(SLUG, "level_senior", folder=tmp_path)
    widget.checkboxes["design"].value = True
    widget.checkboxes["deep_dive"].value = True
    widget.save_button.click()
    saved = read_self_assessments(save_path(SLUG, tmp_path))
    grid = level_grid(saved)
    assert grid["senior"]["design"] is True and grid["senior"]["deep_dive"] is True
    assert grid["senior"]["requirements"] is False
    assert set(grid["mid"].values()) == {None} and set(grid["staff"].values()) == {None}
    assert tuple(grid["senior"]) == AREAS
    chart = next(c for c in NB.cells if "level_chart(" in c.source)
    assert 'save_path("08-mock-interview")' in chart.source and "read_self_assessments" in chart.source


# -- the solutions, run in a kernel --------------------------------------------------------------------


@pytest.mark.slow
def test_the_source_solutions_get_every_point_with_hidden_tests_and_nothing_on_stderr(tmp_path):
    from nbclient import NotebookClient

    nb = nbformat.read(SOURCE, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    scores = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert not [o for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"], cell.source[:80]
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            value = [o for o in cell.outputs if o.output_type == "execute_result"][-1]["data"]["text/plain"]
            scores[meta["grade_id"]] = (float(value), meta["points"])
    assert len(scores) == len(TEST_CELLS)
    assert all(got == points for got, points in scores.values()), scores
    chart = next(c for c in nb.cells if "level_chart(" in c.source)
    assert any("image/png" in o.get("data", {}) for o in chart.outputs)
