"""check_requirements: quantities as written, bad input, the contract, scenarios as data."""

from __future__ import annotations

import math

import pytest

from autograder.report import Missing
from autograder.requirements import CRITERIA, check_requirements, interviewer, quantities
from autograder.requirements.quantities import percentile
from autograder.requirements.scenarios.newsfeed import DERIVED, INTERVIEWER
from tests.corpus.requirements.newsfeed import HELLO, req


@pytest.mark.parametrize(("text", "value", "dimension"), [
    ("p99 < 200 ms", 0.2, "time"),
    ("0.2 s", 0.2, "time"),
    ("10K writes/s", 1e4, "rate"),
    ("1e4 QPS", 1e4, "rate"),
    ("10^4 writes per second", 1e4, "rate"),
    ("10,000 requests per second", 1e4, "rate"),
    ("300 million posts a day", 300e6 / 86_400, "rate"),
    ("99.9%", 0.999, "fraction"),
    ("three nines", 0.999, "fraction"),
    ("4 9s", 0.9999, "fraction"),
    ("150M DAU", 150e6, "count"),
    ("1.5 billion users", 1.5e9, "count"),
    ("100:1 read:write", 100, "ratio"),
    ("write:read 1:100", 100, "ratio"),
    ("100x more reads than writes", 100, "ratio"),
    ("200 GB", 200e9, "size"),
])
def test_quantities_as_engineers_write_them(text, value, dimension):
    (q,) = [q for q in quantities(text) if q.dimension != "number"]
    assert q.dimension == dimension
    assert math.isclose(q.value, value, rel_tol=1e-9)


def test_percentiles():
    assert percentile("p99 < 200 ms") == 99
    assert percentile("200 ms at the 95th percentile") == 95
    assert percentile("99% of requests within 300 ms") == 99
    assert percentile("median 40 ms") == 50
    assert percentile("200 ms on average") is None


def test_per_user_rates_are_not_system_rates():
    (q,) = quantities("each user posts 2 times a day")
    assert q.per_user


def _failed(report) -> set[str]:
    return {key for f in report.failures for key, text in CRITERIA.items() if f.check.startswith(text)}


@pytest.mark.parametrize("answer", [Missing("requirements"), ..., None, 42, ["p99 < 200 ms"]])
def test_unusable_answers_are_one_clear_finding(answer):
    report = check_requirements(answer)
    assert report.score == 0 and len(report.findings) == 1
    assert "requirements" in report.findings[0].message


def test_free_text_says_what_shape_is_expected():
    report = check_requirements("Users post and read a feed; fast and available.")
    (finding,) = report.findings
    assert "free text" in finding.message and "non_functional" in finding.message


def test_wrong_dimension_is_named():
    report = check_requirements(req(dict(HELLO, latency="200 GB")))
    (bad,) = [f for f in report.failures if f.check.startswith(CRITERIA["measurable"])]
    assert "a size" in bad.message and "a time" in bad.message


def test_empty_list_says_what_to_write():
    report = check_requirements(req(HELLO, fr=[]))
    (bad,) = [f for f in report.failures if "functional" in f.check and f.check.startswith(CRITERIA["form"])]
    assert "empty list" in bad.message and "Users publish posts" in bad.message
    assert "scope" in _failed(report)


def test_nfr_free_text_blocks_the_checks_that_need_it():
    report = check_requirements(req("p99 < 200 ms and 99.99% available"))
    assert {"form", "measurable", "coverage", "consistent"} <= _failed(report)
    assert "scope" not in _failed(report)


def test_scope_keyword_is_checked():
    with pytest.raises(ValueError):
        check_requirements(req(HELLO), scope="grading")
    with pytest.raises(TypeError):  # scope is keyword-only
        check_requirements(req(HELLO), "newsfeed", "hidden")  # type: ignore[misc]


def test_hidden_adds_findings_and_never_rescores_visible_ones():
    visible = check_requirements(req(HELLO))
    hidden = check_requirements(req(HELLO), scope="hidden")
    assert visible.score == hidden.score == 1.0
    assert [f.check for f in hidden.findings[: len(visible.findings)]] == [f.check for f in visible.findings]
    assert any(f.check.startswith(CRITERIA["plausible"]) for f in hidden.findings)
    assert not any(f.check.startswith(CRITERIA["plausible"]) for f in visible.findings)


def test_subclasses_of_plain_types_are_judged_as_the_plain_value():
    from collections import OrderedDict

    assert check_requirements(OrderedDict(req(HELLO))).score == 1.0


def test_strange_objects_are_not_data():
    class Weird:
        pass

    report = check_requirements(req({"latency": Weird()}))
    assert report.score < 1 and "form" in _failed(report)


def test_the_interviewers_answers_are_data_with_derived_rates():
    answers = interviewer()
    assert answers == INTERVIEWER
    assert round(DERIVED["posts_per_second"]) == 3472  # 150M x 2 / 86,400 (Xu ch. 2: ~3,500)
    assert answers["read_write_ratio"] == answers["feed_reads_per_user_per_day"] / answers["posts_per_user_per_day"]


def test_a_third_system_is_a_data_file():
    chat = {
        "clarifying_questions": ["How big can a group be?", "Do we need read receipts?"],
        "functional": ["Send a message to one user", "Group chats up to 100 people"],
        "non_functional": {"scale": "50M DAU, 40 messages per user per day", "read_write": "1:1 (each message "
                           "read about once per recipient)", "latency": "p99 delivery < 500 ms",
                           "availability": "99.99%", "consistency": "messages in order within a conversation; "
                           "eventual across devices"},
        "out_of_scope": ["voice and video calls", "end-to-end encryption"],
    }
    assert check_requirements(chat, "chat", scope="hidden").score == 1.0, check_requirements(chat, "chat").to_text()
    without_groups = dict(chat, functional=["Send a message to one user"])
    assert "scope" in _failed(check_requirements(without_groups, "chat"))


def test_unknown_scenario_is_an_authoring_error():
    with pytest.raises(ValueError):
        check_requirements(req(HELLO), "pastebin")
