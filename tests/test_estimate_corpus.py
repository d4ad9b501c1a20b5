"""Fairness of the estimate checkers on the public corpus in tests/corpus/estimate/.

Per checker: at most 2% of correct answers below full marks, at most 2% of wrong answers at full
marks, judged in the grading scope (visible and hidden assumption sets); every wrong answer loses
the key it names. The same figures are printed by

    .venv/bin/python tests/corpus/estimate/rates.py
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from autograder.estimate import SHORTENER, check_estimate

_spec = importlib.util.spec_from_file_location("estimate_corpus_rates",
                                               Path(__file__).parent / "corpus" / "estimate" / "rates.py")
assert _spec is not None and _spec.loader is not None
corpus_rates = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = corpus_rates  # its dataclasses look their module up there
_spec.loader.exec_module(corpus_rates)

MINIMUM = {"check_estimate[shortener]": 40, "check_pastebin": 40, "check_estimate[newsfeed]": 12}


@pytest.fixture(scope="module")
def all_rates():
    return {r.checker: r for r in corpus_rates.all_rates()}


@pytest.mark.parametrize("checker", list(MINIMUM))
def test_corpus_is_large_enough(all_rates, checker):
    rates = all_rates[checker]
    assert rates.correct >= MINIMUM[checker] and rates.wrong >= MINIMUM[checker], rates.line()


@pytest.mark.parametrize("checker", list(MINIMUM))
def test_at_most_two_percent_unfair_each_way(all_rates, checker):
    rates = all_rates[checker]
    print(rates.line())
    assert rates.unfair_to_correct <= 0.02, rates.correct_below_full
    assert rates.unfair_to_wrong <= 0.02, rates.wrong_at_full


@pytest.mark.parametrize("checker", list(MINIMUM))
def test_every_wrong_answer_loses_the_criterion_it_names(all_rates, checker):
    assert all_rates[checker].criterion_kept == []


def test_hidden_scope_only_adds_findings():
    """For every corpus estimate, the hidden report's findings on the stated assumptions are the visible
    report's findings (same verdict, same weight): hidden checks never re-score visible criteria."""
    corpus = corpus_rates.load("shortener")
    answers = list(corpus.CORRECT.values()) + [fn for fn, _ in corpus.WRONG.values()]
    for estimate in answers:
        visible = check_estimate(estimate, "shortener")
        hidden = check_estimate(estimate, "shortener", scope="hidden")
        stated = [f for f in hidden.findings if f.check.endswith("[stated assumptions]")]
        assert [(f.passed, f.weight) for f in stated] == [(f.passed, f.weight) for f in visible.findings]
        assert len(hidden.findings) == 2 * len(visible.findings)
        if visible.passed:  # all green: only the second set's findings can cost points
            lost = [f for f in hidden.findings if not f.passed]
            assert all(f.check.endswith("[second set of assumptions]") for f in lost)


def test_corpus_estimates_see_the_stated_assumptions():
    """Sanity: the corpus's reference style is right for the assumptions the notebook shows."""
    assert check_estimate(corpus_rates.load("shortener").pint_throughout, "shortener").passed
    assert SHORTENER.code_scheme == "hash"
