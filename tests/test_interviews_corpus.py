"""Fairness of module 1's checkers on the public corpus (tests/corpus/interviews/).

At most 2% of correct answers below full marks and at most 2% of wrong answers at full marks, per
checker, in the grading (hidden) scope; each wrong answer loses exactly the items it names; the
visible scope judges every visible item as the hidden one does. Print the rates with

    .venv/bin/python tests/corpus/interviews/fairness.py
"""

from __future__ import annotations

import pytest
from corpus.interviews.fairness import CHECKERS, load, lost, measure

from autograder.grading.snapshot import decode, encode


@pytest.mark.parametrize("checker", list(CHECKERS))
def test_corpus_is_large_enough_and_names_what_each_wrong_answer_loses(checker):
    correct, wrong = load(checker)
    assert len(correct) >= 40 and len(wrong) >= 40
    _check, items = CHECKERS[checker]
    for case in wrong:
        assert case.loses and set(case.loses) <= set(items), case.name
    # The corpus covers every item, both on the right side and the wrong side.
    assert {item for case in wrong for item in case.loses} == set(items)


@pytest.mark.parametrize("checker", list(CHECKERS))
def test_at_most_two_percent_unfair_each_way(checker):
    rates = measure(checker)
    print(rates.line())
    assert len(rates.unfair_correct) <= 0.02 * rates.correct, rates.unfair_correct
    assert len(rates.unfair_wrong) <= 0.02 * rates.wrong, rates.unfair_wrong


@pytest.mark.parametrize("checker", list(CHECKERS))
def test_wrong_answers_lose_exactly_what_they_break_and_the_scopes_agree(checker):
    rates = measure(checker)
    assert rates.off_target == []
    assert rates.scope_disagreements == []


@pytest.mark.parametrize("checker", list(CHECKERS))
def test_grading_recheck_gives_every_corpus_answer_the_same_score(checker):
    """Grading re-checks these cells from a plain-data snapshot of the answer: same verdicts."""
    check, _items = CHECKERS[checker]
    correct, wrong = load(checker)
    for case in correct + wrong:
        again = decode(encode(case.answer))
        assert lost(check(again, scope="hidden")) == lost(check(case.answer, scope="hidden")), case.name
