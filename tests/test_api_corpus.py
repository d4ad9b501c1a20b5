"""Fairness of the API checkers, measured on the public corpus in tests/corpus/api/.

Per checker: at most 2% of the correct answers below full marks (in the visible scope the learner
runs and in the hidden scope of the grade), at most 2% of the wrong ones at full marks or keeping
the criterion they name. The rates are printed by

    .venv/bin/python tests/corpus/api/rates.py        (-v lists every unfair verdict)
"""

from __future__ import annotations

import pytest
from corpus.api import key_service, news_feed, openapi, shortener
from corpus.api.rates import Rates, all_rates, main

MAX_UNFAIR = 0.02
CHECKERS = ["check_shortener_contract", "check_contract(news_feed)", "check_key_service", "check_openapi"]


@pytest.fixture(scope="module")
def measured() -> dict[str, Rates]:
    return {r.checker: r for r in all_rates()}


@pytest.mark.parametrize("corpus", [shortener, news_feed, key_service, openapi], ids=lambda m: m.__name__)
def test_each_corpus_has_forty_correct_and_forty_wrong_answers(corpus):
    assert len(corpus.CORRECT) >= 40 and len(corpus.WRONG) >= 40


@pytest.mark.parametrize("checker", CHECKERS)
def test_correct_answers_below_full_marks_are_at_most_two_percent(measured, checker):
    rates = measured[checker]
    assert rates.correct_rate <= MAX_UNFAIR, rates.line() + "".join(
        f"\n{name}: {report.to_text()}" for name, report in rates.unfair_correct)


@pytest.mark.parametrize("checker", CHECKERS)
def test_wrong_answers_at_full_marks_or_keeping_their_criterion_are_at_most_two_percent(measured, checker):
    rates = measured[checker]
    assert rates.wrong_rate <= MAX_UNFAIR, rates.line() + "".join(
        f"\n{name}: {report.to_text()}" for name, report in rates.unfair_wrong)


def test_wrong_answers_name_criteria_their_checker_has():
    from autograder.api.judge import criteria

    assert {c for _, c in shortener.WRONG.values()} <= set(criteria("shortener"))
    assert {c for _, c in news_feed.WRONG.values()} <= set(criteria("news_feed"))


def test_the_rates_script_prints_one_line_per_checker(measured, capsys):
    assert main([], list(measured.values())) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == CHECKERS
    assert all("below full marks" in line and "at full marks" in line for line in lines)
