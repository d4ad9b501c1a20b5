"""autograder.schema: sound designs get full credit, each flaw loses exactly its criterion,
bad input gets a clear message in bounded time, and checks share no state."""

from __future__ import annotations

import time

import pytest

from autograder import Missing
from autograder.schema import (
    CONSTRAINTS,
    PLANS,
    QUERIES,
    check_kv_design,
    check_shortener_constraints,
    check_shortener_plans,
    check_shortener_queries,
    check_shortener_schema,
    time_lookups,
)
from autograder.schema._shortener import P_REDIRECT, Q_CLICKS, Q_CREATE, Q_REDIRECT, Q_USER
from tests.test_schema_variants import CORRECT, REFERENCE_DDL, REFERENCE_QUERIES, WRONG, ref, swap

ALL = set(CONSTRAINTS) | set(QUERIES) | set(PLANS)


def graded(report):
    """Criteria that carry weight, by name -> passed."""
    return {f.check: f.passed for f in report.findings if f.weight > 0}


# -- full credit for sound designs ---------------------------------------------------------------

def test_there_are_at_least_15_distinct_correct_designs():
    assert len(CORRECT) >= 15
    assert len({ddl for ddl, _ in CORRECT.values()}) == len(CORRECT) or len({str(q) for _, q in CORRECT.values()}) == len(CORRECT)


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_correct_design_gets_full_credit(name):
    ddl, queries = CORRECT[name]
    report = check_shortener_schema(ddl, queries)
    assert set(graded(report)) == ALL
    assert report.score == 1.0, report.to_text()


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_correct_design_passes_hidden_scenario(name):
    ddl, queries = CORRECT[name]
    report = check_shortener_schema(ddl, queries, scenario="hidden")
    assert report.score == 1.0, report.to_text()


# -- each flaw loses exactly its criterion --------------------------------------------------------

def test_there_are_at_least_15_wrong_designs():
    assert len(WRONG) >= 15


@pytest.mark.parametrize("name", sorted(WRONG))
def test_wrong_design_loses_exactly_its_criterion(name):
    ddl, queries, criterion, hint = WRONG[name]
    report = check_shortener_schema(ddl, queries)
    failed = [f for f in report.findings if not f.passed]
    assert [f.check for f in failed] == [criterion], report.to_text()
    assert hint in failed[0].message
    assert report.score == pytest.approx(9 / 10)


def test_case_insensitive_codes_fail_only_the_hidden_redirect_check():
    ddl = swap("code       VARCHAR(10) NOT NULL UNIQUE,", "code       VARCHAR(10) NOT NULL UNIQUE COLLATE NOCASE,")
    assert check_shortener_schema(ddl, REFERENCE_QUERIES).score == 1.0
    report = check_shortener_schema(ddl, REFERENCE_QUERIES, scenario="hidden")
    failed = [f for f in report.findings if not f.passed]
    assert [f.check for f in failed] == [Q_REDIRECT]
    assert "case-sensitive" in failed[0].message


def test_redirect_like_pattern_defeats_index():
    report = check_shortener_schema(REFERENCE_DDL, ref(redirect="SELECT long_url FROM links WHERE code LIKE :code"))
    assert not graded(report)[P_REDIRECT]


def test_varchar_length_is_reported_as_not_enforced():
    report = check_shortener_constraints(REFERENCE_DDL, REFERENCE_QUERIES)
    notes = [f.message for f in report.findings if f.check == "note"]
    assert any("VARCHAR(10)" in n and "does not enforce" in n for n in notes)
    assert report.score == 1.0


def test_user_links_tip_when_sorting_after_lookup():
    ddl = swap("CREATE INDEX ON links (user_id, created_at DESC);", "CREATE INDEX ON links (user_id);")
    report = check_shortener_plans(ddl, REFERENCE_QUERIES)
    assert report.score == 1.0
    assert any(f.check == "tip" and "already sorted" in f.message for f in report.findings)


def test_partial_checkers_report_only_their_criteria():
    assert set(graded(check_shortener_constraints(REFERENCE_DDL, REFERENCE_QUERIES))) == set(CONSTRAINTS)
    assert set(graded(check_shortener_queries(REFERENCE_DDL, REFERENCE_QUERIES))) == set(QUERIES)
    assert set(graded(check_shortener_plans(REFERENCE_DDL, REFERENCE_QUERIES))) == set(PLANS)


def test_discovery_is_reported_with_the_learners_names():
    ddl, queries = CORRECT["code-primary-key"]
    header = check_shortener_queries(ddl, queries).findings[0]
    assert header.check == "schema runs in SQLite" and header.passed
    assert "`short_urls`" in header.message and "`slug`" in header.message and "`visits`" in header.message


# -- bad input: a clear message, bounded time, no traceback ---------------------------------------

def _only_failure(report, check):
    failed = {f.check: f.message for f in report.findings if not f.passed}
    assert check in failed, report.to_text()
    return failed[check]


def test_ddl_syntax_error_reports_line_column_and_token():
    ddl = "CREATE TABLE links (\n  id BIGSERIAL PRIMARY KEY,\n  code TEXT NOT NULL UNIQUE\n  long_url TEXT NOT NULL\n);"
    report = check_shortener_schema(ddl, REFERENCE_QUERIES)
    assert report.score == 0
    msg = _only_failure(report, "schema runs in SQLite")
    assert "line 4, column 10" in msg and "`long_url`" in msg and "^" in msg


def test_unclosed_quote_is_located():
    report = check_shortener_queries(REFERENCE_DDL, ref(redirect="SELECT long_url FROM links\nWHERE code = 'abc"))
    assert "line 2, column 14" in _only_failure(report, Q_REDIRECT)


def test_ddl_that_parses_but_fails_in_sqlite():
    report = check_shortener_schema(REFERENCE_DDL + "CREATE INDEX ON missing_table (x);", REFERENCE_QUERIES)
    assert report.score == 0
    msg = _only_failure(report, "schema runs in SQLite")
    assert "missing_table" in msg and "does not exist" in msg


@pytest.mark.parametrize("ddl", ["", "   \n", "-- only a comment", None, 42, ["CREATE TABLE t (a int)"]])
def test_empty_or_wrong_type_schema(ddl):
    report = check_shortener_schema(ddl, REFERENCE_QUERIES)
    assert report.score == 0
    msg = _only_failure(report, "schema runs in SQLite")
    assert "empty" in msg or "should be a string" in msg


def test_missing_variables_say_what_to_define():
    report = check_shortener_schema(Missing("shortener_ddl"), Missing("shortener_queries"))
    assert report.score == 0
    assert "`shortener_ddl` is not defined" in _only_failure(report, "schema runs in SQLite")


def test_missing_queries_variable():
    report = check_shortener_queries(REFERENCE_DDL, Missing("shortener_queries"))
    assert report.score == 0
    assert "`shortener_queries` is not defined" in _only_failure(report, Q_REDIRECT)


def test_query_naming_missing_column():
    report = check_shortener_queries(REFERENCE_DDL, ref(redirect="SELECT destination FROM links WHERE code = :code"))
    assert "no such column: destination" in _only_failure(report, Q_REDIRECT)


def test_query_that_writes_where_a_read_is_expected():
    q = ref(user_links="UPDATE links SET long_url = '' WHERE user_id = :user_id RETURNING code")
    msg = _only_failure(check_shortener_queries(REFERENCE_DDL, q), Q_USER)
    assert "should only read" in msg and "an UPDATE" in msg


def test_select_with_side_effect_is_blocked_by_the_database():
    # sqlglot sees a SELECT; SQLite's authorizer still refuses the hidden write.
    q = ref(redirect="SELECT long_url FROM links WHERE code = :code AND (SELECT count(*) FROM pragma_table_info('links')) > 0")
    msg = _only_failure(check_shortener_queries(REFERENCE_DDL, q), Q_REDIRECT)
    assert "does not allow" in msg or "change data" in msg


def test_runaway_recursive_cte_is_stopped_quickly():
    q = ref(redirect="WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
                     "SELECT long_url FROM links, r WHERE code = :code")
    start = time.perf_counter()
    report = check_shortener_queries(REFERENCE_DDL, q)
    assert time.perf_counter() - start < 30  # bounded; typically about a second
    assert "stopped after doing too much work" in _only_failure(report, Q_REDIRECT)


def test_multiple_statements_in_one_query():
    q = ref(redirect="SELECT long_url FROM links WHERE code = :code; DROP TABLE links")
    assert "2 statements" in _only_failure(check_shortener_queries(REFERENCE_DDL, q), Q_REDIRECT)


def test_positional_and_unknown_parameters():
    report = check_shortener_queries(REFERENCE_DDL, ref(redirect="SELECT long_url FROM links WHERE code = $1"))
    assert "named ones (:code)" in _only_failure(report, Q_REDIRECT)
    report = check_shortener_queries(REFERENCE_DDL, ref(user_links="SELECT code FROM links WHERE user_id = :uid"))
    assert ":uid" in _only_failure(report, Q_USER)


def test_misspelled_query_name_gets_a_suggestion():
    q = dict(REFERENCE_QUERIES)
    q["clicks_per_dya"] = q.pop("clicks_per_day")
    msg = _only_failure(check_shortener_queries(REFERENCE_DDL, q), Q_CLICKS)
    assert "`clicks_per_dya` meant to be `clicks_per_day`" in msg


@pytest.mark.parametrize("queries", [None, ["SELECT 1"], "SELECT 1", {"redirect": 5}])
def test_queries_of_wrong_type(queries):
    report = check_shortener_queries(REFERENCE_DDL, queries)
    assert report.score == 0
    assert report.failures and all(f.message for f in report.failures)


@pytest.mark.parametrize("statement", [
    "INSERT INTO users (email) VALUES ('a@example.com');",
    "UPDATE links SET long_url = 'x';",
    "CREATE TRIGGER t AFTER INSERT ON links BEGIN DELETE FROM links; END;",
])
def test_schema_holds_only_schema_statements(statement):
    report = check_shortener_schema(REFERENCE_DDL + statement, REFERENCE_QUERIES)
    assert report.score == 0
    assert report.findings[0].check == "schema runs in SQLite" and not report.findings[0].passed


def test_no_links_table_found():
    ddl = "CREATE TABLE notes (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL);"
    report = check_shortener_schema(ddl, {"redirect": "SELECT body FROM notes WHERE id = :code"})
    assert report.score < 0.2
    assert all(f.message for f in report.failures)


def test_missing_clicks_table_loses_only_click_criteria():
    ddl = REFERENCE_DDL.split("CREATE TABLE clicks")[0]
    q = ref(clicks_per_day="SELECT date(created_at), count(*) FROM links WHERE code = :code GROUP BY 1")
    report = check_shortener_schema(ddl, q)
    failed = {f.check for f in report.failures}
    assert failed == {"click for a nonexistent link is rejected", Q_CLICKS, "clicks_per_day is answered through an index"}


def test_create_link_failing_insert_does_not_raise():
    q = ref(create_link="INSERT INTO links (code, long_url, nope) VALUES (:code, :long_url, :user_id)")
    msg = _only_failure(check_shortener_queries(REFERENCE_DDL, q), Q_CREATE)
    assert "nope" in msg


# -- isolation: fresh databases, no state between checks, nothing on stderr -----------------------

def test_checks_share_no_state():
    first = check_shortener_schema(REFERENCE_DDL, REFERENCE_QUERIES).to_text()
    check_shortener_schema(WRONG["code-not-unique"][0], REFERENCE_QUERIES)
    check_shortener_schema(REFERENCE_DDL + "CREATE INDEX extra ON links (long_url);", REFERENCE_QUERIES)
    assert check_shortener_schema(REFERENCE_DDL, REFERENCE_QUERIES).to_text() == first


def test_each_criterion_works_on_its_own_copy_of_the_database():
    from autograder.schema import _shortener

    prep = _shortener.prepare(REFERENCE_DDL, REFERENCE_QUERIES)
    try:
        def counts():
            return [prep.base.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("users", "links", "clicks")]

        before = counts()
        findings = _shortener.constraint_findings(prep) + _shortener.query_findings(prep)
        assert all(f.passed for f in findings)
        # create_link inserted a row and the probes inserted control rows - none of it reached the base
        assert counts() == before
        assert before[1] == _shortener.SCENARIOS["visible"].links
        assert before[2] == _shortener.SCENARIOS["visible"].clicks
    finally:
        _shortener._close(prep)


def test_generated_rows_are_not_shared_between_calls():
    from autograder.schema import _shortener

    a = _shortener.generate(_shortener.SCENARIOS["visible"], list(range(1, 200)))
    a.links[0].target = "changed"
    a.links.append(a.links[0])
    b = _shortener.generate(_shortener.SCENARIOS["visible"], list(range(1, 200)))
    assert b.links[0].target is None and len(b.links) == _shortener.SCENARIOS["visible"].links


def test_checkers_write_nothing_to_stderr(capfd):
    check_shortener_schema(REFERENCE_DDL + "CREATE EXTENSION IF NOT EXISTS pgcrypto;", REFERENCE_QUERIES)
    check_shortener_schema("CREATE TABLE (", REFERENCE_QUERIES)
    check_shortener_schema(REFERENCE_DDL, ref(redirect="SELECT long_url FROM links WHERE code = 'x"))
    assert capfd.readouterr().err == ""


def test_report_grades_to_points():
    ddl, queries, *_ = WRONG["long-url-nullable"]
    report = check_shortener_constraints(ddl, queries)
    assert report.credit(3) == 2.0


# -- key-value design -----------------------------------------------------------------------------

GOOD_KV = {"key": "link:{code}", "value": ["long_url", "created_at"], "ttl_seconds": 365 * 86_400,
           "single_get_serves": ["redirect"]}


@pytest.mark.parametrize("design", [
    GOOD_KV,
    {**GOOD_KV, "key": "{code}", "ttl_seconds": None},
    {**GOOD_KV, "key": "short/{code}/v1", "value": "long_url", "single_get_serves": "redirect"},
    {**GOOD_KV, "value": ["long_url", "user_id", "expires_at", "click_count"], "ttl_seconds": 86_400.0},
])
def test_kv_design_correct(design):
    report = check_kv_design(design)
    assert report.score == 1.0, report.to_text()


@pytest.mark.parametrize("change, check, hint", [
    ({"key": "link:{user_id}:{code}"}, "key comes from the code alone", "{user_id}"),
    ({"key": "links"}, "key comes from the code alone", "exactly once"),
    ({"key": "link:{code"}, "key comes from the code alone", "not a valid template"),
    ({"key": 7}, "key comes from the code alone", "template string"),
    ({"value": ["created_at"]}, "value holds the long URL", "add \"long_url\""),
    ({"value": ["url"]}, "value holds the long URL", "'url'"),
    ({"ttl_seconds": 0}, "TTL is a duration or none", "zero or less"),
    ({"ttl_seconds": "1 year"}, "TTL is a duration or none", "number of seconds"),
    ({"ttl_seconds": True}, "TTL is a duration or none", "number of seconds"),
    ({"single_get_serves": ["redirect", "user_links"]}, "one GET serves only the redirect", "user:{user_id}"),
    ({"single_get_serves": ["redirect", "clicks_per_day"]}, "one GET serves only the redirect", "counters"),
    ({"single_get_serves": []}, "one GET serves only the redirect", "include \"redirect\""),
])
def test_kv_design_wrong(change, check, hint):
    report = check_kv_design({**GOOD_KV, **change})
    failed = [f for f in report.findings if not f.passed]
    assert [f.check for f in failed] == [check]
    assert hint in failed[0].message
    assert report.score == pytest.approx(3 / 4)


@pytest.mark.parametrize("design", [Missing("kv_design"), None, [], "link:{code}"])
def test_kv_design_unusable(design):
    report = check_kv_design(design)
    assert report.score == 0 and report.failures[0].message


def test_kv_design_missing_keys_fail_each():
    report = check_kv_design({})
    assert report.score == 0 and len(report.failures) == 4  # a missing ttl is not the same as None


# -- the timing helper behind the notebook's plot --------------------------------------------------

def test_time_lookups_returns_positive_seconds():
    assert 0 < time_lookups(2_000, indexed=True, lookups=20) < 1
    assert 0 < time_lookups(2_000, indexed=False, lookups=20) < 1


# -- helpers the notebook uses ---------------------------------------------------------------------

def test_explain_query_shows_search_and_scan():
    from autograder.schema import explain_query

    ddl = "CREATE TABLE pastes (paste_key VARCHAR(8) PRIMARY KEY, body TEXT NOT NULL, owner_id BIGINT);"
    assert explain_query(ddl, "SELECT body FROM pastes WHERE paste_key = :key")[0].startswith("SEARCH pastes")
    assert explain_query(ddl, "SELECT body FROM pastes WHERE owner_id = :owner") == ["SCAN pastes"]
    indexed = ddl + "CREATE INDEX ON pastes (owner_id);"
    assert "owner_id=?" in explain_query(indexed, "SELECT body FROM pastes WHERE owner_id = :owner")[0]
    # an INSERT is explained, never run
    assert explain_query(ddl, "INSERT INTO pastes (paste_key, body) VALUES (:k, :b)") is not None


@pytest.mark.parametrize("ddl, query, fragment", [
    ("CREATE TABLE (", "SELECT 1", "does not parse"),
    ("CREATE TABLE t (a INT); CREATE INDEX ON nope (a);", "SELECT 1", "does not exist"),
    ("CREATE TABLE t (a INT)", "SELECT b FROM t", "no such column"),
    ("CREATE TABLE t (a INT)", "SELECT 1; SELECT 2", "exactly one"),
])
def test_explain_query_problems_are_messages(ddl, query, fragment):
    from autograder.schema import explain_query

    lines = explain_query(ddl, query)
    assert len(lines) == 1 and fragment in lines[0]
