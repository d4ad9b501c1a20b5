"""The news-feed scenario of the schema checker (module 8), judged on its public corpus.

Fairness: at most 2% of correct designs below full marks and at most 2% of wrong designs at full
marks, on the hidden scope (what grading uses); both rates are printed:

    .venv/bin/python -m pytest tests/test_schema_newsfeed.py -k fairness -s -q -p no:randomly

Each wrong design must lose exactly the criteria it names. The scenario's own data (the follow
graph written out in the scenario) is checked without PostgreSQL.
"""

from __future__ import annotations

import pytest

from autograder.requirements.scenarios.newsfeed import INTERVIEWER
from autograder.schema import check_schema, criteria, load_scenario
from autograder.schema._scenario import Key, generate
from autograder.schema.scenarios import available
from autograder.schema.scenarios import newsfeed as scenario
from tests.corpus.schema_newsfeed.designs import BASES, CORRECT, WRONG
from tests.test_schema_corpus import pg_server  # noqa: F401 - the session's shared server

ALL = set(criteria("newsfeed"))
REFERENCE = (scenario.SCENARIO["reference"]["ddl"], scenario.SCENARIO["reference"]["queries"])


def _pairs(rows) -> list[tuple[int, int]]:
    out = []
    for r in rows:
        a, b = r.values["follower_id"], r.values["followee_id"]
        assert isinstance(a, Key) and isinstance(b, Key) and a.entity == b.entity == "user"
        out.append((a.index, b.index))
    return out


# -- the scenario as data (no PostgreSQL) -------------------------------------------------------------


def test_the_scenario_is_registered_and_names_every_access_pattern():
    assert "newsfeed" in available()
    sc = load_scenario("newsfeed")
    assert set(sc.queries) == {"create_user", "follow", "unfollow", "publish_post", "user_posts", "home_timeline",
                               "followers", "follower_count"}
    assert "offset" not in sc.queries["home_timeline"]["params"]  # keyset pagination: no OFFSET to supply
    assert {"before", "limit"} <= set(sc.queries["home_timeline"]["required"])
    assert sc.groups == ["constraints", "queries", "plans"]
    assert len(ALL) == len(sc.criteria)  # criterion names are unique


@pytest.mark.parametrize("scope", ["visible", "hidden"])
def test_the_generated_follow_graph_is_one_a_correct_schema_accepts(scope):
    data = generate(load_scenario("newsfeed"), scope)
    n = len(data.rows["user"])
    follows = _pairs(data.rows["follow"])
    assert len(follows) == len(set(follows)), "a duplicate follow in the generated rows"
    assert not [p for p in follows if p[0] == p[1]], "a self-follow in the generated rows"
    assert all(0 <= a < n and 0 <= b < n for a, b in follows)
    unfollows = _pairs(data.rows["unfollow"])
    assert unfollows and set(unfollows) <= set(follows)  # only existing follows are undone
    last = n - 1
    assert not [p for p in follows if last in p]  # the last user follows nobody and nobody follows them
    celebrity = sum(1 for _, b in follows if b == 0) - sum(1 for _, b in unfollows if b == 0)
    others = [sum(1 for _, b in follows if b == u) for u in range(1, n)]
    assert celebrity > 5 * max(others)


def test_the_hidden_scope_is_larger_and_adds_the_awkward_rows():
    sc = load_scenario("newsfeed")
    visible, hidden = generate(sc, "visible"), generate(sc, "hidden")
    assert len(hidden.rows["user"]) > len(visible.rows["user"])
    assert len(hidden.rows["post"]) > len(visible.rows["post"])
    assert not visible.rows["tie_post"] and len(hidden.rows["tie_post"]) >= 3
    times = [r.values["created_at"] for r in hidden.rows["post"] + hidden.rows["tie_post"]]
    assert len(times) - len(set(times)) >= 3  # ties in created_at
    same = hidden.rows["tie_post"][0].values
    first = hidden.rows["post"][0].values
    assert same["user_id"].index == first["user_id"].index and same["created_at"] == first["created_at"]


def test_the_numbers_follow_the_interviewers_answers():
    for scope, users in scenario.USERS.items():
        assert scenario.POSTS[scope] == users * INTERVIEWER["posts_per_user_per_day"] * scenario.DAYS_OF_POSTS


def test_the_corpus_is_large_and_varied():
    assert len(CORRECT) >= 15 and len(WRONG) >= 15
    assert len({ddl for ddl, _ in CORRECT.values()}) >= 10
    assert all(loses and loses <= ALL for _, _, loses in WRONG.values())
    assert {c for _, _, loses in WRONG.values() for c in loses} == ALL  # every criterion has wrong designs


# -- judged in PostgreSQL ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reports(request):
    """Every design checked once on the hidden scope (the checks share the session's server)."""
    request.getfixturevalue("pg_server")
    out = {("correct", name): check_schema(ddl, q, "newsfeed", scope="hidden") for name, (ddl, q) in CORRECT.items()}
    out.update({("wrong", name): check_schema(ddl, q, "newsfeed", scope="hidden")
                for name, (ddl, q, _) in WRONG.items()})
    return out


def lost(report) -> set[str]:
    return {f.check for f in report.findings if f.weight > 0 and not f.passed}


@pytest.mark.slow
def test_fairness_on_the_corpus(reports):
    unfair_correct = [n for (kind, n), r in reports.items() if kind == "correct" and r.score < 1.0]
    unfair_wrong = [n for (kind, n), r in reports.items() if kind == "wrong" and r.score == 1.0]
    rate_correct = len(unfair_correct) / len(CORRECT)
    rate_wrong = len(unfair_wrong) / len(WRONG)
    print(f"\ncorrect designs below full marks: {len(unfair_correct)}/{len(CORRECT)} ({rate_correct:.1%}) {unfair_correct}")
    print(f"wrong designs at full marks:      {len(unfair_wrong)}/{len(WRONG)} ({rate_wrong:.1%}) {unfair_wrong}")
    assert rate_correct <= 0.02 and rate_wrong <= 0.02


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CORRECT))
def test_correct_design_gets_full_credit(reports, name):
    report = reports[("correct", name)]
    assert {f.check for f in report.findings if f.weight > 0} == ALL
    assert report.score == 1.0, report.to_text()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(WRONG))
def test_wrong_design_loses_exactly_its_criteria(reports, name):
    report = reports[("wrong", name)]
    assert lost(report) == WRONG[name][2], report.to_text()
    for f in report.findings:
        if not f.passed:
            assert f.message.strip() and "unexpectedly" not in f.message


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BASES))
def test_correct_bases_also_pass_the_visible_checks(pg_server, name):  # noqa: F811
    ddl, q = CORRECT[name]
    assert check_schema(ddl, q, "newsfeed", scope="visible").score == 1.0


@pytest.mark.slow
def test_ties_are_a_hidden_finding_only(pg_server):  # noqa: F811
    """Posts keyed by (author, time) pass every visible check and lose points only on hidden findings."""
    ddl, q, loses = WRONG["posts-keyed-by-author-and-time"]
    assert check_schema(ddl, q, "newsfeed", scope="visible").score == 1.0
    hidden = check_schema(ddl, q, "newsfeed", scope="hidden")
    assert lost(hidden) == loses
    stored = next(f for f in hidden.findings if f.check == scenario.Q_STORED)
    assert "same author at the very same time" in stored.message


@pytest.mark.slow
@pytest.mark.parametrize("scope", ["visible", "hidden"])
def test_the_reference_answer_gets_full_credit(pg_server, scope):  # noqa: F811
    report = check_schema(*REFERENCE, "newsfeed", scope=scope)
    assert report.score == 1.0, report.to_text()


@pytest.mark.slow
def test_offset_pagination_is_told_what_the_checker_supplies(pg_server):  # noqa: F811
    ddl, q, _ = WRONG["offset-pagination"]
    report = check_schema(ddl, q, "newsfeed", scope="visible")
    timeline = next(f for f in report.findings if f.check == scenario.Q_TIMELINE)
    assert not timeline.passed and ":offset" in timeline.message and ":before" in timeline.message


@pytest.mark.slow
@pytest.mark.parametrize("ddl, queries, says", [
    (None, REFERENCE[1], "schema"),
    (REFERENCE[0], "SELECT 1", "dict"),
    (REFERENCE[0], {**REFERENCE[1], "home_timeline": None}, "home_timeline"),
    (42, REFERENCE[1], "string"),
])
def test_bad_input_is_a_clear_finding(pg_server, ddl, queries, says, capsys):  # noqa: F811
    report = check_schema(ddl, queries, "newsfeed", scope="visible")
    assert report.score < 1.0
    failing = [f.message for f in report.findings if not f.passed]
    assert failing and all(m.strip() for m in failing)
    assert any(says in m for m in failing), failing
    assert not any("unexpectedly" in m for m in failing)
    assert capsys.readouterr().err == ""


def test_an_unknown_scope_is_an_authoring_error():
    with pytest.raises(ValueError):
        check_schema(*REFERENCE, "newsfeed", scope="grading")
