"""Data models run in a real database and judged by behaviour and query plans.

The learner writes a schema the way people write it in interviews
(PostgreSQL flavour) and four named access-pattern queries. The checkers parse
them with sqlglot, normalise them for SQLite (:mod:`autograder.schema._sql`
lists the rules), run them in an in-memory SQLite database loaded with
generated rows, and judge what the database does:

- constraints reject a duplicate code, a link without a long URL and a click
  for a link that does not exist;
- each query returns the right rows;
- the hot queries are answered through an index or primary key
  (``EXPLAIN QUERY PLAN`` shows ``SEARCH``, not ``SCAN``).

Answer format
-------------
``ddl``: a string of ``CREATE TABLE`` / ``CREATE INDEX`` statements.
Table and column names are the learner's own; the checker discovers them
from the queries (and, failing that, from keys and names).

``queries``: a dict of SQL strings with named parameters::

    {
        "redirect":       "SELECT long_url FROM links WHERE code = :code",
        "create_link":    "INSERT INTO links (code, long_url, user_id) VALUES (:code, :long_url, :user_id)",
        "user_links":     "SELECT code, long_url FROM links WHERE user_id = :user_id ORDER BY created_at DESC",
        "clicks_per_day": "SELECT date_trunc('day', c.clicked_at) AS day, count(*) FROM clicks c "
                          "JOIN links l ON l.id = c.link_id WHERE l.code = :code GROUP BY 1 ORDER BY 1",
    }

Parameters the checker supplies: ``redirect`` and ``clicks_per_day``:
``:code``; ``create_link``: ``:code``, ``:long_url`` (required), ``:user_id``,
``:created_at``, ``:expires_at``; ``user_links``: ``:user_id`` (required),
``:limit``, ``:offset``.

Every checker returns a :class:`~autograder.report.Report`, never raises on
learner input, and starts from nothing each call (fresh in-memory databases).
``scenario="hidden"`` uses more rows and edge cases (codes that differ only in
letter case, a 2,000-character URL, clicks either side of midnight).
"""

from __future__ import annotations

from autograder.report import Report
from autograder.schema import _shortener
from autograder.schema._kv import check_kv_design
from autograder.schema._shortener import CONSTRAINTS, PLANS, QUERIES, QUERY_NAMES
from autograder.schema._sql import RULES, parse
from autograder.schema._timing import time_lookups

__all__ = [
    "check_shortener_schema",
    "check_shortener_constraints",
    "check_shortener_queries",
    "check_shortener_plans",
    "check_kv_design",
    "time_lookups",
    "to_sqlite",
    "explain_query",
    "CONSTRAINTS",
    "QUERIES",
    "PLANS",
    "QUERY_NAMES",
    "RULES",
]


def _check(title: str, ddl, queries, scenario: str, parts, with_notes: bool) -> Report:
    report = Report(title)
    try:
        prep = _shortener.prepare(ddl, queries, scenario)
    except Exception as err:  # a checker bug must not become a learner's traceback
        return Report.unusable(title, "schema could be checked", f"the checker failed unexpectedly ({err!r}); "
                                                                 "tell your instructor.")
    try:
        _shortener._header(report, prep, with_notes)
        findings = []
        for part in parts:
            findings += part(prep)
        return _shortener._finish(report, prep, findings)
    except Exception as err:
        return Report.unusable(title, "schema could be checked", f"the checker failed unexpectedly ({err!r}); "
                                                                 "tell your instructor.")
    finally:
        _shortener._close(prep)


def check_shortener_constraints(ddl, queries, scenario: str = "visible") -> Report:
    """Do the schema's constraints reject a duplicate code, a missing long URL and an orphan click?"""
    return _check("URL shortener: constraints", ddl, queries, scenario, [_shortener.constraint_findings], True)


def check_shortener_queries(ddl, queries, scenario: str = "visible") -> Report:
    """Does each access-pattern query return the right rows on generated data?"""
    return _check("URL shortener: queries", ddl, queries, scenario, [_shortener.query_findings], False)


def check_shortener_plans(ddl, queries, scenario: str = "visible") -> Report:
    """Are the hot queries answered through an index or primary key (SEARCH, not SCAN)?"""
    return _check("URL shortener: query plans", ddl, queries, scenario, [_shortener.plan_findings], False)


def check_shortener_schema(ddl, queries, scenario: str = "visible") -> Report:
    """All ten criteria at once: constraints, query results and query plans."""
    parts = [_shortener.constraint_findings, _shortener.query_findings, _shortener.plan_findings]
    return _check("URL shortener: schema", ddl, queries, scenario, parts, True)


def to_sqlite(sql: str) -> str:
    """The SQLite text the checker runs for PostgreSQL-flavoured ``sql`` (for learners to inspect).

    Returns the problem message instead when the SQL does not parse.
    """
    parsed = parse(sql, "the SQL")
    if parsed.problem:
        return parsed.problem.message
    return ";\n".join(st.sqlite for st in parsed.statements) + ";"


def explain_query(ddl: str, query: str, params: dict | None = None) -> list[str]:
    """SQLite's plan (``EXPLAIN QUERY PLAN``) for ``query`` on an empty database built from ``ddl``.

    Both are PostgreSQL-flavoured SQL, normalised as the checkers do. Returns the plan's lines,
    e.g. ``["SEARCH pastes USING INDEX sqlite_autoindex_pastes_1 (paste_id=?)"]``, or one line that
    says what went wrong. Named parameters (``:name``) get ``params[name]``, or NULL.
    """
    from autograder.schema import _db

    parsed = parse(ddl, "the schema")
    if parsed.problem:
        return [parsed.problem.message]
    conn = _db.connect()
    try:
        for st in parsed.statements:
            try:
                _db.run_learner(conn, st.sqlite, what=f"`{st.source[:40]}`")
            except _db.LearnerSqlError as err:
                return [str(err)]
        q = parse(query, "the query")
        if q.problem:
            return [q.problem.message]
        if len(q.statements) != 1:
            return ["write exactly one query."]
        tree = q.statements[0].tree
        from sqlglot import exp

        values = {p.name: (params or {}).get(p.name) for p in tree.find_all(exp.Placeholder) if p.name}
        try:
            # EXPLAIN QUERY PLAN never runs the statement, so an INSERT may be explained too
            rows = _db.run_learner(conn, "EXPLAIN QUERY PLAN " + q.statements[0].sqlite, values,
                                   read_only=False, what="the query")
        except _db.LearnerSqlError as err:
            return [str(err)]
        return [row[3] for row in rows]
    finally:
        conn.close()
