"""autograder.schema in a real PostgreSQL: the reference gets full credit, bad input gets a clear
message in bounded time, the server survives, checks share no state, learner SQL has no
superuser rights, and one checker judges a scenario other than the shortener."""

from __future__ import annotations

import copy

import pytest

from autograder.schema import _server, check_schema, criteria, explain_query, time_lookups
from autograder.schema.scenarios.shortener import _DDL as REF_DDL
from autograder.schema.scenarios.shortener import _QUERIES as REF_QUERIES
from tests.test_schema_corpus import pg_server  # noqa: F401 - the shared server fixture

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("pg_server")]

ALL = set(criteria())



def lost(report) -> set[str]:
    return {f.check for f in report.findings if f.weight > 0 and not f.passed}


def message(report, check: str) -> str:
    return next(f.message for f in report.findings if f.check == check)


def queries(**changes):
    out = dict(REF_QUERIES)
    out.update(changes)
    return {k: v for k, v in out.items() if v is not None}


# -- the reference and the groups -------------------------------------------------------------------------


@pytest.mark.parametrize("scope", ["visible", "hidden"])
def test_reference_answer_gets_full_credit(scope):
    report = check_schema(REF_DDL, REF_QUERIES, scope=scope)
    assert {f.check for f in report.findings if f.weight > 0} == ALL
    assert report.score == 1.0, report.to_text()


def test_groups_split_the_criteria():
    seen = set()
    for group in ("constraints", "queries", "plans"):
        report = check_schema(REF_DDL, REF_QUERIES, group=group)
        names = {f.check for f in report.findings if f.weight > 0}
        assert names == set(criteria(group=group)) and report.score == 1.0
        seen |= names
    assert seen == ALL


def test_plans_are_shown_in_the_findings():
    report = check_schema(REF_DDL, REF_QUERIES, group="plans")
    assert all("Index Cond" in f.message for f in report.findings if f.weight > 0)


# -- bad input: clear messages, bounded time, the server survives ---------------------------------------------


def test_ddl_error_is_postgresql_s_own_with_the_line():
    ddl = REF_DDL.replace("long_url   TEXT NOT NULL,", "long_url   TEXT NOT NULL\n    oops,")
    report = check_schema(ddl, REF_QUERIES)
    assert lost(report) == ALL
    head = report.findings[0].message
    assert "syntax error" in head and "line" in head and "oops" in head


def test_reference_to_a_missing_table_names_the_statement():
    report = check_schema("CREATE TABLE links (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));",
                          REF_QUERIES)
    assert 'relation "users" does not exist' in report.findings[0].message
    assert "statement 1" in report.findings[0].message


@pytest.mark.parametrize("ddl, word", [
    ("DROP TABLE IF EXISTS links;\n" + REF_DDL, "DROP"),
    (REF_DDL + "\nALTER SYSTEM SET work_mem = '1GB';", "ALTER SYSTEM"),
    (REF_DDL + "\nCOPY links TO PROGRAM 'id';", "COPY"),
    ("CREATE EXTENSION IF NOT EXISTS pg_trgm;\n" + REF_DDL, "CREATE EXTENSION"),
    ("BEGIN;\n" + REF_DDL + "\nCOMMIT;", "BEGIN"),
])
def test_dangerous_ddl_is_a_failing_finding(ddl, word):
    report = check_schema(ddl, REF_QUERIES)
    assert lost(report) == ALL and word in report.findings[0].message


def test_a_query_that_sleeps_is_stopped_and_the_server_survives():
    report = check_schema(REF_DDL, queries(redirect="SELECT long_url FROM links, pg_sleep(10) WHERE code = :code"),
                          group="queries")
    assert "statement_timeout" in message(report, "redirect returns the right long URL")
    assert check_schema(REF_DDL, REF_QUERIES, group="queries").score == 1.0


def test_a_runaway_recursive_query_is_stopped():
    runaway = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
               "SELECT l.long_url FROM links l, n WHERE l.code = :code AND n.i < 0")
    report = check_schema(REF_DDL, queries(redirect=runaway), group="queries")
    assert lost(report) == {"redirect returns the right long URL"}
    assert "was stopped" in message(report, "redirect returns the right long URL")


@pytest.mark.parametrize("sql", [
    "DELETE FROM links WHERE code = :code RETURNING long_url",
    "WITH gone AS (DELETE FROM links WHERE code = :code RETURNING long_url) SELECT long_url FROM gone",
])
def test_a_read_query_that_writes_fails_only_its_criteria(sql):
    report = check_schema(REF_DDL, queries(redirect=sql))
    assert lost(report) == {"redirect returns the right long URL", "redirect is answered through an index"}
    assert "read" in message(report, "redirect returns the right long URL")


def test_a_huge_result_is_cut_off_with_a_message():
    huge = "SELECT l.long_url, g FROM links l, generate_series(1, 100000) g WHERE l.code = :code"
    report = check_schema(REF_DDL, queries(redirect=huge), group="queries")
    assert "more than 2,000 rows" in message(report, "redirect returns the right long URL")


def test_superuser_only_functions_are_refused():
    report = check_schema(REF_DDL, queries(redirect="SELECT pg_read_file('/etc/passwd') FROM links WHERE code = :code"),
                          group="queries")
    assert "not allowed" in message(report, "redirect returns the right long URL")


@pytest.mark.parametrize("bad, expect", [
    ({"redirect": None}, "no query named `redirect`"),
    ({"redirect": 42}, "should be a string"),
    ({"redirect": "SELECT long_url FROM links WHERE code = $1"}, "positional"),
    ({"redirect": "SELECT long_url FROM links WHERE code = :short_code"}, ":short_code"),
    ({"redirect": "SELECT long_url FROM links WHERE code = :code; SELECT 1"}, "2 statements"),
    ({"redirect": "SELECT long_url FROM links WHERE code = ':code"}, "does not parse"),
])
def test_malformed_queries_fail_their_criteria_with_a_message(bad, expect):
    report = check_schema(REF_DDL, queries(**bad))
    assert lost(report) == {"redirect returns the right long URL", "redirect is answered through an index"}
    assert expect in message(report, "redirect returns the right long URL")


def test_a_misspelled_query_name_is_suggested():
    q = queries(redirect=None)
    q["redirct"] = REF_QUERIES["redirect"]
    assert "redirct" in message(check_schema(REF_DDL, q), "redirect returns the right long URL")


def test_queries_of_the_wrong_type():
    report = check_schema(REF_DDL, [REF_QUERIES["redirect"]])
    assert lost(report) == ALL
    assert "dict" in message(report, "redirect returns the right long URL")


def test_a_broken_write_query_leaves_the_plans_alone():
    report = check_schema(REF_DDL, queries(create_link=REF_QUERIES["create_link"].replace(":created_at", "now()")))
    assert not lost(report) & set(criteria(group="plans"))
    assert ":created_at" in message(report, "duplicate short code is refused")


def test_nothing_is_written_to_stderr_even_when_loading_fails(capfd):
    check_schema(REF_DDL.replace("code       TEXT", "code       VARCHAR(3)"), REF_QUERIES)
    assert capfd.readouterr().err == ""


# -- isolation and rights ---------------------------------------------------------------------------------


def test_checks_leave_nothing_behind():
    check_schema(REF_DDL, REF_QUERIES)
    conn = _server.connect()
    assert conn.execute("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE n.nspname = 'public' AND c.relkind = 'r'").fetchone()[0] == 0


def test_learner_sql_runs_without_superuser_rights_on_a_unix_socket_only():
    conn = _server.connect()
    assert conn.execute("SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user"
                        ).fetchone() == (False, False, False)
    assert conn.execute("SHOW listen_addresses").fetchone()[0] == ""
    assert conn.info.host.startswith("/")


def test_the_server_stops_when_its_process_is_killed(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    code = ("import sys, time; from autograder.schema import _server; _server.connect(); "
            "print(_server._CURRENT.proc.pid, flush=True); time.sleep(120)")
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) as child:
        try:
            pid = int(child.stdout.readline())
        finally:
            child.kill()
            child.wait()

    def alive() -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 20
    while alive():
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGQUIT)
            pytest.fail("the server outlived its process")
        time.sleep(0.1)


def test_a_stopped_server_starts_again():
    _server.stop()
    assert check_schema(REF_DDL, REF_QUERIES, group="constraints").score == 1.0


# -- helpers for the notebook --------------------------------------------------------------------------------


def test_explain_query_shows_index_and_seq_scans():
    ddl = "CREATE TABLE pastes (paste_key varchar(8) PRIMARY KEY, owner_id bigint);"
    assert any("using pastes_pkey" in line for line in explain_query(ddl, "SELECT 1 FROM pastes WHERE paste_key = :k"))
    plan = explain_query(ddl, "SELECT 1 FROM pastes WHERE owner_id = :o")
    assert any("Seq Scan" in line for line in plan) and any("Disabled: true" in line for line in plan)
    assert "syntax error" in explain_query("CREATE TABLE (", "SELECT 1")[0]
    assert "DROP" in explain_query("DROP TABLE pastes", "SELECT 1")[0]


def test_time_lookups_returns_server_execution_times():
    fast, slow = time_lookups(2_000, indexed=True, lookups=5), time_lookups(2_000, indexed=False, lookups=5)
    assert 0 < fast < 1 and 0 < slow < 1


# -- a scenario that is not the shortener -------------------------------------------------------------------

NEWS_FEED = {
    "name": "news-feed-test",
    "title": "News feed",
    "queries": {
        "create_user": {"kind": "write", "entity": "user", "params": ["name"], "required": ["name"],
                        "returns_key": True, "purpose": "stores a user and returns its key"},
        "follow": {"kind": "write", "entity": "follow", "params": ["follower_id", "followee_id"],
                   "required": ["follower_id", "followee_id"], "purpose": "records that one user follows another"},
        "create_post": {"kind": "write", "entity": "post", "params": ["author_id", "body", "created_at"],
                        "required": ["author_id", "body", "created_at"], "purpose": "stores a post"},
        "home_timeline": {"kind": "read", "params": ["user_id", "limit"], "required": ["user_id"],
                          "purpose": "returns the posts of the users :user_id follows, newest first"},
    },
    "entities": {
        "user": {"create": "create_user", "count": {"visible": 20, "hidden": 30},
                 "fields": {"name": {"gen": "template", "template": "user {i}"}}},
        "follow": {"create": "follow", "count": {"visible": 60, "hidden": 90},
                   "fields": {"follower_id": {"ref": "user", "field": "key", "skip_last": 1},
                              "followee_id": {"ref": "user", "field": "key"}}},
        "post": {"create": "create_post", "count": {"visible": 200, "hidden": 300},
                 "fields": {"author_id": {"ref": "user", "field": "key"}, "body": {"gen": "text", "template": "post {i}"},
                            "created_at": {"gen": "time", "start": "2025-03-01T00:00:00Z", "step_seconds": 61,
                                           "shuffle": True}}},
    },
    "reference": {
        "ddl": """
            CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
            CREATE TABLE follows (follower_id bigint NOT NULL REFERENCES users, followee_id bigint NOT NULL REFERENCES users);
            CREATE TABLE posts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                                author_id bigint NOT NULL REFERENCES users, body text NOT NULL,
                                created_at timestamptz NOT NULL);
        """,
        "queries": {
            "create_user": "INSERT INTO users (name) VALUES (:name) RETURNING id",
            "follow": "INSERT INTO follows VALUES (:follower_id, :followee_id)",
            "create_post": "INSERT INTO posts (author_id, body, created_at) VALUES (:author_id, :body, :created_at)",
            "home_timeline": "SELECT DISTINCT p.id, p.body, p.created_at FROM posts p JOIN follows f ON f.followee_id = p.author_id "
                             "WHERE f.follower_id = :user_id ORDER BY p.created_at DESC, p.id",
        },
    },
    "criteria": [
        {"name": "timeline holds the followed users' posts, newest first", "group": "queries", "kind": "rows",
         "query": "home_timeline", "data": ["user", "follow", "post"], "match": "any", "ordered": True,
         "extra": {"limit": 1000},
         "cases": [{"user_id": {"sample": "user", "field": "key", "n": 4, "skip_last": 1}},
                   {"user_id": {"row": "user", "index": -1, "field": "key"}}],
         "rows_hint": "join the posts to the follows of :user_id", "order_hint": "ORDER BY the post time DESC"},
        {"name": "every post is stored", "group": "queries", "kind": "stored", "entities": ["user", "follow", "post"]},
        {"name": "timeline reads posts through an index", "group": "plans", "kind": "index", "query": "home_timeline",
         "table_of": "create_post", "hint": "CREATE INDEX ON posts (author_id, created_at DESC)",
         "params": {"user_id": {"row": "user", "index": 0, "field": "key"}}},
        {"name": "a post by a user who does not exist is refused", "group": "constraints", "kind": "refuse",
         "call": "create_post", "data": ["user", "post"],
         "params": {"author_id": {"value": 987654321}, "body": {"value": "ghost"},
                    "created_at": {"time": "2025-03-02T00:00:00Z"}},
         "foreign_key": {"from": "create_post", "to": "create_user"},
         "accepted": "a post by a user who does not exist was stored.", "no_foreign_key": "{from_table} has no FOREIGN KEY to {to_table}."},
    ],
}

FEED_DDL = """
CREATE TABLE accounts (account_id bigserial PRIMARY KEY, display_name text NOT NULL);
CREATE TABLE subscriptions (
    subscriber bigint NOT NULL REFERENCES accounts,
    publisher  bigint NOT NULL REFERENCES accounts,
    PRIMARY KEY (subscriber, publisher)
);
CREATE TABLE posts (
    post_id   bigserial PRIMARY KEY,
    author    bigint NOT NULL REFERENCES accounts,
    content   text NOT NULL,
    posted_at timestamptz NOT NULL
);
CREATE INDEX posts_author_time ON posts (author, posted_at DESC);
"""
FEED_QUERIES = {
    "create_user": "INSERT INTO accounts (display_name) VALUES (:name) RETURNING account_id",
    "follow": "INSERT INTO subscriptions VALUES (:follower_id, :followee_id) ON CONFLICT DO NOTHING",
    "create_post": "INSERT INTO posts (author, content, posted_at) VALUES (:author_id, :body, :created_at)",
    "home_timeline": "SELECT content FROM posts WHERE author IN (SELECT publisher FROM subscriptions "
                     "WHERE subscriber = :user_id) ORDER BY posted_at DESC LIMIT :limit",
}


@pytest.mark.parametrize("scope", ["visible", "hidden"])
def test_a_news_feed_scenario_needs_no_new_checker_code(scope):
    ref = NEWS_FEED["reference"]
    assert check_schema(ref["ddl"] + "CREATE INDEX ON posts (author_id, created_at DESC);", ref["queries"],
                        NEWS_FEED, scope=scope).score == 1.0
    assert check_schema(FEED_DDL, FEED_QUERIES, NEWS_FEED, scope=scope).score == 1.0


@pytest.mark.parametrize("ddl_change, query_change, loses", [
    ({"CREATE INDEX posts_author_time ON posts (author, posted_at DESC);": ""}, {}, {"timeline reads posts through an index"}),
    ({}, {"home_timeline": {" ORDER BY posted_at DESC": ""}}, {"timeline holds the followed users' posts, newest first"}),
    ({"author    bigint NOT NULL REFERENCES accounts": "author    bigint NOT NULL"}, {},
     {"a post by a user who does not exist is refused"}),
    ({"content   text NOT NULL": "content   varchar(5) NOT NULL"}, {},
     {"every post is stored", "timeline holds the followed users' posts, newest first",
      "a post by a user who does not exist is refused"}),
])
def test_news_feed_flaws_lose_their_criteria(ddl_change, query_change, loses):
    ddl, q = FEED_DDL, copy.deepcopy(FEED_QUERIES)
    for old, new in ddl_change.items():
        assert old in ddl
        ddl = ddl.replace(old, new)
    for name, edits in query_change.items():
        for old, new in edits.items():
            assert old in q[name]
            q[name] = q[name].replace(old, new)
    assert lost(check_schema(ddl, q, NEWS_FEED, scope="hidden")) == loses
