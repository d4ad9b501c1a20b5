"""Fairness of check_requirements: a corpus of sound requirement sets (full marks) and flawed ones.

The corpus is ``tests/corpus/requirements/newsfeed.py``; each flawed set names the criterion it loses.
Checked in the grading scope (``hidden``), which is what the grade is. The rates print with

    .venv/bin/python -m tests.corpus.requirements.rates
"""

from __future__ import annotations

import pytest

from autograder.requirements import CRITERIA, check_requirements
from tests.corpus.requirements.newsfeed import CORRECT, WRONG
from tests.corpus.requirements.rates import rates


def _lost(report) -> set[str]:
    return {key for f in report.failures for key, text in CRITERIA.items() if f.check.startswith(text)}


def test_corpus_sizes():
    assert len(CORRECT) >= 40 and len(WRONG) >= 40
    assert {c for c, _ in WRONG.values()} == set(CRITERIA)


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_sound_requirements_get_full_marks(name):
    report = check_requirements(CORRECT[name], scope="hidden")
    assert report.score == 1.0, report.to_text()


@pytest.mark.parametrize("name", sorted(WRONG))
def test_flawed_requirements_lose_their_criterion(name):
    criterion, answer = WRONG[name]
    report = check_requirements(answer, scope="hidden")
    assert report.score < 1.0, report.to_text()
    assert criterion in _lost(report), f"expected to lose {criterion}:\n{report.to_text()}"


def test_fairness_rates():
    unfair_correct, unfair_wrong = rates("hidden")
    assert len(unfair_correct) / len(CORRECT) <= 0.02, unfair_correct
    assert len(unfair_wrong) / len(WRONG) <= 0.02, unfair_wrong


def test_hidden_only_flaws_pass_the_visible_check():
    """Plausibility is a grading check: a learner whose visible report is green loses only on it."""
    for name, (criterion, answer) in WRONG.items():
        if criterion == "plausible":
            assert check_requirements(answer, scope="visible").score == 1.0, name
