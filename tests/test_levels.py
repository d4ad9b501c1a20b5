"""The level rubric: criteria by level and area from the YAML, a deterministic chart, two answers."""

from __future__ import annotations

import hashlib
import io

import pytest

from autograder.rubric import load_rubric, mark_scheme_markdown
from autograder.rubric.levels import (
    AREAS,
    LEVELS,
    MID_ANSWER,
    STAFF_ADDS,
    STAFF_ANSWER,
    level_chart,
    level_grid,
    level_rubric,
)


def test_every_level_has_one_criterion_per_area():
    table = level_rubric()
    assert tuple(table) == LEVELS
    for level in LEVELS:
        assert tuple(table[level]) == AREAS, level
    assert len({table[lvl]["design"] for lvl in LEVELS}) == 3  # each level expects something different


def test_the_mark_scheme_is_the_same_rubric():
    rubric = load_rubric("08-mock-interview")
    scheme = mark_scheme_markdown(rubric.question("level_staff"))
    for text in level_rubric()["staff"].values():
        assert " ".join(text.split()) in scheme
    assert rubric.question("fanout_deep_dive").points == 4


def test_grid_reads_a_save_file_and_plain_dicts():
    saved = {"questions": {"level_mid": {"criteria": {a: True for a in AREAS}},
                           "level_senior": {"criteria": {"design": True, "estimates": False}}}}
    grid = level_grid(saved)
    assert all(grid["mid"].values())
    assert grid["senior"]["design"] is True and grid["senior"]["estimates"] is False
    assert grid["senior"]["requirements"] is None and set(grid["staff"].values()) == {None}
    assert level_grid({"staff": {"deep_dive": True}})["staff"]["deep_dive"] is True
    assert level_grid("nonsense")["mid"]["design"] is None  # type: ignore[arg-type]
    assert level_grid({"questions": {"level_mid": {"criteria": {"design": "yes"}}}})["mid"]["design"] is None


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def test_chart_is_deterministic_and_shows_the_ticks():
    saved = {"mid": {a: True for a in AREAS}, "senior": {"design": True, "deep_dive": False}}
    first, second = level_chart(saved), level_chart(saved)
    assert hashlib.sha256(_png(first)).digest() == hashlib.sha256(_png(second)).digest()
    texts = [t.get_text() for t in first.axes[0].texts]
    assert texts.count("shown") == len(AREAS) + 1
    assert texts.count("not yet") == 1
    assert "6/6" in texts and "1/6" in texts and "0/6" in texts
    other = level_chart({"mid": {"design": True}})
    assert _png(other) != _png(first)


@pytest.mark.parametrize("topic", STAFF_ADDS)
def test_the_staff_answer_adds_what_staff_shows(topic):
    assert topic.lower() in STAFF_ANSWER.lower()
    assert topic.lower() not in MID_ANSWER.lower()


def test_the_answers_use_the_interviewers_figures():
    from autograder.requirements.scenarios.newsfeed import DERIVED

    assert f"{round(DERIVED['posts_per_second'], -2):,.0f}" in MID_ANSWER  # 3,500
    assert f"{round(DERIVED['feed_reads_per_second'], -3):,.0f}" in MID_ANSWER  # 174,000
    peak_inserts = DERIVED["timeline_inserts_per_second"] * 2
    assert f"{round(peak_inserts, -4) / 1000:.0f} thousand timeline writes" in STAFF_ANSWER  # 520


def test_half_credit_ticks_show_as_half(tmp_path):
    from autograder.rubric import read_self_assessments, save_path, self_assess
    from autograder.rubric.levels import ASSIGNMENT, HALF

    widget = self_assess(ASSIGNMENT, "level_senior", folder=tmp_path)
    assert set(widget.half_boxes) == {"estimates"}  # the one level criterion the mark scheme halves
    widget.half_boxes["estimates"].value = True
    widget.checkboxes["design"].value = True
    widget.save_button.click()
    grid = level_grid(read_self_assessments(save_path(ASSIGNMENT, tmp_path)))
    assert grid["senior"]["estimates"] == HALF and grid["senior"]["design"] is True
    assert level_grid({"senior": {"design": 0.7}})["senior"]["design"] is None  # only the half the scheme gives
    texts = [t.get_text() for t in level_chart({"senior": {"estimates": 0.5, "design": True}}).axes[0].texts]
    assert texts.count("half") == 1 and texts.count("shown") == 1 and "1.5/6" in texts
