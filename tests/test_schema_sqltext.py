"""autograder.schema without a server: the SQL lexer, the key-value checker, authoring errors."""

from __future__ import annotations

import pytest

from autograder import Missing
from autograder.schema import check_kv_design, check_schema, criteria
from autograder.schema._check import _banned
from autograder.schema._scenario import generate, load
from autograder.schema._sqltext import lex, split

# -- the lexer --------------------------------------------------------------------------------------------


def test_split_ignores_semicolons_in_strings_comments_quotes_and_dollar_bodies():
    sql = """
    CREATE TABLE t (a text DEFAULT 'x;y', "we;ird" int); -- a comment; still a comment
    /* block; /* nested; */ still */ CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
    SELECT E'it\\'s; fine';
    """
    stmts, problem = split(sql)
    assert problem is None
    assert [s.text.words()[:2] for s in stmts] == [["CREATE", "TABLE"], ["CREATE", "FUNCTION"], ["SELECT"]]
    assert [s.line for s in stmts] == [2, 3, 4]


def test_named_parameters_casts_and_percent_signs():
    text = lex("SELECT :code::text, ':not_a_param', \"x:y\" FROM t WHERE a LIKE 'x%' AND b = :code AND c = :Other")
    assert text.names == ["code", "other"]
    assert "%(code)s::text" in text.to_psycopg()
    assert "'x%%'" in text.to_psycopg()
    dollar, names = text.to_dollar()
    assert names == ["code", "other"] and dollar.count("$1") == 2 and "$2" in dollar


def test_positional_parameters_are_noticed():
    assert lex("SELECT 1 FROM t WHERE a = $1").positional
    assert lex("SELECT 1 FROM t WHERE a = ?").positional
    assert not lex("SELECT $$a$$ FROM t").positional


@pytest.mark.parametrize("sql, what", [
    ("SELECT 'open", "string"), ('SELECT "open', "quoted name"), ("SELECT 1 /* open", "comment"),
    ("SELECT $x$ open", "dollar"),
])
def test_unterminated_text_is_reported(sql, what):
    _, problem = split(sql)
    assert problem and what in problem


@pytest.mark.parametrize("sql, word", [
    ("DROP TABLE IF EXISTS links", "DROP"), ("drop index x", "DROP"), ("ALTER SYSTEM SET work_mem = '1GB'", "ALTER SYSTEM"),
    ("COPY links TO PROGRAM 'id'", "COPY"), ("CREATE EXTENSION pg_trgm", "CREATE EXTENSION"),
    ("BEGIN", "BEGIN"), ("COMMIT", "COMMIT"), ("SET statement_timeout = 0", "SET"),
    ("SELECT set_config('statement_timeout', '0', false)", "set_config"),
    ("SELECT pg_terminate_backend(1)", "pg_terminate_backend"),
])
def test_dangerous_statements_are_refused_with_a_message(sql, word):
    message = _banned(lex(sql))
    assert message and word in message


@pytest.mark.parametrize("sql", ["CREATE TABLE drops (x int)", "SELECT 'DROP TABLE x'", "CREATE INDEX ON t (settled)",
                                 "ALTER TABLE t ADD COLUMN y int", "-- DROP TABLE x\nSELECT 1"])
def test_harmless_statements_are_not_refused(sql):
    assert _banned(lex(sql)) is None


# -- authoring errors and answers that cannot be checked (no server needed) ---------------------------------


def test_unknown_scope_or_group_is_an_authoring_error():
    with pytest.raises(ValueError, match="'visible', 'hidden'"):
        check_schema("", {}, scope="secret")
    with pytest.raises(ValueError, match="'constraints'"):
        check_schema("", {}, group="everything")
    with pytest.raises(ValueError, match="'visible', 'hidden'"):
        check_kv_design({}, scope="all")
    with pytest.raises(ValueError, match="unknown scenario"):
        check_schema("", {}, "pastebin")


@pytest.mark.parametrize("ddl", [Missing("shortener_ddl"), None, 42, ["CREATE TABLE x (a int)"], "", "  -- nothing\n"])
def test_missing_or_wrong_type_schema_fails_every_criterion_with_a_message(ddl):
    report = check_schema(ddl, {"redirect": "SELECT 1"})
    graded = [f for f in report.findings if f.weight > 0]
    assert len(graded) == len(criteria()) and not any(f.passed for f in graded)
    assert report.findings[0].message.strip()


def test_the_scenario_generates_the_awkward_cases_deterministically():
    sc = load("shortener")
    hidden = generate(sc, "hidden")
    links = hidden.rows["link"]
    edges = links[hidden.ordinary["link"]:]
    assert any(len(r.values["long_url"]) == 2000 for r in edges)
    assert any(r.values["code"] == links[0].values["code"].swapcase() for r in edges)
    codes = [r.values["code"].lower() for r in links[: hidden.ordinary["link"]]]
    assert len(set(codes)) == len(codes)
    assert generate(sc, "hidden") is hidden  # cached
    visible = generate(sc, "visible")
    assert not any(r.values["code"] == links[0].values["code"].swapcase() for r in
                   visible.rows["link"][visible.ordinary["link"]:])


# -- the key-value design ------------------------------------------------------------------------------------

GOOD_KV = {"key": "link:{code}", "value": ["long_url", "created_at"], "ttl_seconds": 30 * 86_400,
           "single_get_serves": ["redirect"]}


def kv_lost(design) -> set[str]:
    return {f.check for f in check_kv_design(design).findings if not f.passed and f.weight > 0}


def test_a_good_kv_design_gets_full_credit():
    assert check_kv_design(GOOD_KV).score == 1.0
    assert check_kv_design({**GOOD_KV, "key": "url:{code}", "value": "long_url", "ttl_seconds": 2_592_000.0}).score == 1.0


@pytest.mark.parametrize("ttl, unit", [(30, "days"), (720, "hours"), (43_200, "minutes"), (2_592_000_000, "milliseconds")])
def test_a_ttl_in_the_wrong_unit_is_named(ttl, unit):
    report = check_kv_design({**GOOD_KV, "ttl_seconds": ttl})
    assert kv_lost({**GOOD_KV, "ttl_seconds": ttl}) == {"TTL matches the links' lifetime"}
    message = next(f.message for f in report.findings if not f.passed)
    assert f"counted in {unit}" in message and "2,592,000" in message


@pytest.mark.parametrize("ttl", [None, 0, -5, "30 days", True, 86_400, float("nan")])
def test_other_wrong_ttls_lose_only_the_ttl(ttl):
    assert kv_lost({**GOOD_KV, "ttl_seconds": ttl}) == {"TTL matches the links' lifetime"}


@pytest.mark.parametrize("change, lost", [
    ({"key": "user:{user_id}:link:{code}"}, "key comes from the code alone"),
    ({"key": "links"}, "key comes from the code alone"),
    ({"key": "link:{code"}, "key comes from the code alone"),
    ({"value": ["created_at"]}, "value holds the long URL"),
    ({"value": ["url"]}, "value holds the long URL"),
    ({"single_get_serves": ["redirect", "user_links"]}, "one GET serves only the redirect"),
    ({"single_get_serves": []}, "one GET serves only the redirect"),
])
def test_each_kv_flaw_loses_exactly_its_criterion(change, lost):
    assert kv_lost({**GOOD_KV, **change}) == {lost}


@pytest.mark.parametrize("design", [Missing("kv_design"), None, [], "link:{code}"])
def test_missing_kv_design_fails_with_a_message(design):
    report = check_kv_design(design)
    assert report.score == 0 and report.findings[0].message
