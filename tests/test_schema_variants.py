"""The public variant corpus (tests/test_schema_corpus.py) judged by the schema checker.

Fairness: at most 2% of correct designs below full marks and at most 2% of wrong designs at full
marks, on the hidden scope (what grading uses); both rates are printed:

    .venv/bin/python -m pytest tests/test_schema_variants.py -k fairness -s -q -p no:randomly

Each wrong design must lose exactly the criteria it names - no fewer, no more.
"""

from __future__ import annotations

import pytest

from autograder.schema import check_schema, criteria
from tests.test_schema_corpus import BASES, CORRECT, WRONG, pg_server  # noqa: F401 - shared server fixture

pytestmark = pytest.mark.slow

ALL = set(criteria())


@pytest.fixture(scope="module")
def reports(request):
    """Every design checked once on the hidden scope (the checks share the session's server)."""
    request.getfixturevalue("pg_server")
    out = {("correct", name): check_schema(ddl, q, scope="hidden") for name, (ddl, q) in CORRECT.items()}
    out.update({("wrong", name): check_schema(ddl, q, scope="hidden") for name, (ddl, q, _) in WRONG.items()})
    return out


def lost(report) -> set[str]:
    return {f.check for f in report.findings if f.weight > 0 and not f.passed}


def test_the_corpus_is_large_and_varied():
    assert len(CORRECT) >= 40 and len(WRONG) >= 40
    assert len({ddl for ddl, _ in CORRECT.values()}) >= 10
    assert all(loses and loses <= ALL for _, _, loses in WRONG.values())
    assert {c for _, _, loses in WRONG.values() for c in loses} == ALL  # every criterion has wrong designs


def test_fairness_on_the_corpus(reports):
    unfair_correct = [n for (kind, n), r in reports.items() if kind == "correct" and r.score < 1.0]
    unfair_wrong = [n for (kind, n), r in reports.items() if kind == "wrong" and r.score == 1.0]
    rate_correct = len(unfair_correct) / len(CORRECT)
    rate_wrong = len(unfair_wrong) / len(WRONG)
    print(f"\ncorrect designs below full marks: {len(unfair_correct)}/{len(CORRECT)} ({rate_correct:.1%}) {unfair_correct}")
    print(f"wrong designs at full marks:      {len(unfair_wrong)}/{len(WRONG)} ({rate_wrong:.1%}) {unfair_wrong}")
    assert rate_correct <= 0.02 and rate_wrong <= 0.02


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_correct_design_gets_full_credit(reports, name):
    report = reports[("correct", name)]
    assert {f.check for f in report.findings if f.weight > 0} == ALL
    assert report.score == 1.0, report.to_text()


@pytest.mark.parametrize("name", sorted(WRONG))
def test_wrong_design_loses_exactly_its_criteria(reports, name):
    report = reports[("wrong", name)]
    assert lost(report) == WRONG[name][2], report.to_text()
    for f in report.findings:
        if not f.passed:
            assert f.message.strip() and "unexpectedly" not in f.message


@pytest.mark.parametrize("name", sorted(BASES))
def test_correct_bases_also_pass_the_visible_checks(reports, name):
    ddl, q = CORRECT[name]
    assert check_schema(ddl, q, scope="visible").score == 1.0
