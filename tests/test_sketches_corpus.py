"""Fairness of the module 6 checkers on a public corpus (tests/corpus/sketches/).

Per checker, at least 40 correct implementations written the way engineers write them (recursion,
divmod loops, dict and bisect rings, lazy and GCRA-style buckets, dataclasses, class constants...)
must get full marks in the grading scope, and at least 40 wrong ones must each lose the report line
they name. The test asserts at most 2% unfair verdicts each way. The rates and any offender print with

    .venv/bin/python tests/corpus/sketches/rates.py
"""

from __future__ import annotations

import importlib

import pytest
from corpus.sketches.measure import CHECKERS, LIMIT, check_names, measure

MINIMUM = 40


# Checking a corpus takes several seconds of processor time (about 20 s for all three), so the tests
# that do are slow; the one that only reads the corpus is not.
@pytest.fixture(scope="module", params=[pytest.param(name, marks=pytest.mark.slow) for name in CHECKERS])
def measured(request):
    return measure(request.param)


def test_the_corpus_is_large_enough_and_names_real_lines():
    for corpus, (_, checker_module) in CHECKERS.items():
        module = importlib.import_module(f"corpus.sketches.{corpus}")
        assert len(module.CORRECT) >= MINIMUM and len(module.WRONG) >= MINIMUM, corpus
        names = [entry.name for entry in module.CORRECT + module.WRONG]
        assert len(names) == len(set(names)), f"{corpus}: two entries share a name"
        lines = check_names(checker_module)
        unknown = {entry.loses for entry in module.WRONG} - lines
        assert not unknown, f"{corpus}: wrong entries name lines the checker does not have: {unknown}"


def test_at_most_two_percent_unfair_each_way(measured):
    low, high = measured.rates()
    assert low <= LIMIT and high <= LIMIT, measured.summary()


def test_each_wrong_answer_loses_the_line_it_names(measured):
    assert not measured.wrong_keeping_their_line, measured.summary()


def test_grading_repeats_the_visible_report_and_only_adds_lines(measured):
    # Lines, verdicts and weights; not messages: a few wrong answers keep state across instances
    # (a class attribute, a mutable default), so a second run reports other numbers for the same fault.
    checker, _ = CHECKERS[measured.corpus]
    for entry, hidden in measured.correct + measured.wrong:
        visible = checker(*entry.answer, scope="visible")
        shape = [(f.check, f.passed, f.weight) for f in visible.findings]
        assert [(f.check, f.passed, f.weight) for f in hidden.findings[: len(shape)]] == shape, entry.name
        assert not {f.check for f in hidden.findings[len(shape):]} & {c for c, _, _ in shape}, entry.name
