"""The scenario-driven schema checker: run the learner's PostgreSQL and judge what it does.

One check is one transaction on the process's PostgreSQL server (:mod:`._server`), rolled back
at the end, so nothing persists between checks:

1. the learner's DDL, statement by statement (errors are PostgreSQL's own, with the line);
2. the scenario's generated rows, stored through the learner's own write queries;
3. each criterion inside its own subtransaction (``SAVEPOINT`` ... ``ROLLBACK TO``), so no
   criterion sees another's rows.

Expected results are what the scenario's reference answer returns on the same rows. Plans come
from ``EXPLAIN (VERBOSE, FORMAT JSON)`` with sequential scans (and hash and merge joins) disabled
for that statement: the question is whether an index *can* answer the access pattern, not what
the planner prefers on a small table.
"""

from __future__ import annotations

import datetime as dt
import decimal
import difflib
import logging
import random
import re
from dataclasses import dataclass, field
from typing import Any

from autograder.contract import NOT_WRITTEN, check_scope, plain_data
from autograder.report import Finding, Missing, Report
from autograder.schema import _server
from autograder.schema._scenario import Data, Key, Row, Scenario, generate, load, scoped
from autograder.schema._sqltext import Text, line_of, split

__all__ = ["check_schema", "GROUP_TITLES"]

# psycopg logs some pipeline errors it ignores; nbgrader scores any stderr output as zero
logging.getLogger("psycopg").addHandler(logging.NullHandler())
logging.getLogger("psycopg").propagate = False

GROUP_TITLES = {"constraints": "constraints", "queries": "queries", "plans": "query plans"}
MAX_ROWS = 2000
_READ_START = {"SELECT", "WITH", "VALUES", "TABLE"}
_TXN = {"BEGIN", "START", "COMMIT", "ROLLBACK", "END", "SAVEPOINT", "RELEASE", "ABORT", "PREPARE"}
_BANNED_FUNCS = {"SET_CONFIG", "PG_TERMINATE_BACKEND", "PG_CANCEL_BACKEND", "PG_RELOAD_CONF", "DBLINK",
                 "LO_IMPORT", "LO_EXPORT", "PG_READ_FILE", "PG_READ_BINARY_FILE", "PG_LS_DIR"}


class LearnerError(Exception):
    """Learner SQL failed; the message is for the learner."""

    def __init__(self, message: str, sqlstate: str | None = None):
        super().__init__(message)
        self.sqlstate = sqlstate


# -- statement screening ------------------------------------------------------------------------------


def _banned(text: Text) -> str | None:
    words = text.words()
    if not words:
        return None
    first, second = words[0], (words[1] if len(words) > 1 else "")
    if first == "DROP":
        return ("DROP is not allowed: every check starts from an empty database, so there is nothing to drop. "
                "Remove the DROP statement.")
    if first == "ALTER" and second == "SYSTEM":
        return "ALTER SYSTEM changes the server's configuration, which a schema must not do. Remove it."
    if first == "COPY":
        return "COPY reads or writes files and programs on the server; the checker does not allow it. Remove it."
    if first == "CREATE" and second in ("EXTENSION", "DATABASE", "ROLE", "USER", "TABLESPACE"):
        hint = " (citext is already installed)" if second == "EXTENSION" else ""
        return f"CREATE {second} is not allowed in your SQL{hint}. Remove it."
    if first in _TXN:
        return (f"{first} controls transactions, which the checker does itself (every check runs in one "
                "transaction that is rolled back). Remove it.")
    if first in ("SET", "RESET", "DISCARD", "LOAD", "VACUUM", "CHECKPOINT", "LISTEN", "NOTIFY"):
        return f"{first} statements are not allowed in your SQL; write only the schema and the queries."
    funcs = sorted(_BANNED_FUNCS & set(words))
    if funcs:
        return f"{funcs[0].lower()}() is not allowed in your SQL. Remove it."
    return None


def _a(word: str) -> str:
    return ("an " if word[:1] in "AEIOU" else "a ") + word


def _short(text: str, n: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 3] + "..."


@dataclass
class _Query:
    name: str
    spec: dict
    text: Text | None = None
    problem: str | None = None
    absent: bool = False


def _parse_queries(sc: Scenario, queries: Any) -> dict[str, _Query]:
    out = {name: _Query(name, spec) for name, spec in sc.queries.items()}
    if isinstance(queries, Missing) or queries is Ellipsis:
        for q in out.values():
            q.problem = NOT_WRITTEN if queries is Ellipsis else queries.message()
        return out
    if not isinstance(queries, dict):
        for q in out.values():
            q.problem = (f"the queries should be a dict mapping names to SQL strings, e.g. "
                         f"{{'{next(iter(sc.queries))}': 'INSERT ...'}}; got {type(queries).__name__}.")
        return out
    given = {str(k).strip().lower(): v for k, v in queries.items()}
    for name, q in out.items():
        spec = q.spec
        if name not in given or given[name] is None:
            if spec.get("optional") and name not in given:
                q.absent = True
                continue
            close = difflib.get_close_matches(name, [g for g in given if g not in sc.queries], n=1)
            hint = f" (is `{close[0]}` meant to be `{name}`?)" if close else ""
            q.problem = f"no query named `{name}`{hint}: add one that {spec.get('purpose', 'the scenario needs')}."
            continue
        sql = given[name]
        if not isinstance(sql, str):
            q.problem = f"your `{name}` query should be a string of SQL, not {type(sql).__name__}."
            continue
        stmts, open_ = split(sql)
        if open_:
            q.problem = f"your `{name}` query does not parse: {open_}."
            continue
        if len(stmts) != 1:
            q.problem = (f"your `{name}` query holds {len(stmts)} statements; write exactly one." if stmts else
                         f"your `{name}` query is empty: write one that {spec.get('purpose', '')}.")
            continue
        text = stmts[0].text
        q.text = text
        q.problem = _banned(text) or _param_problem(name, spec, text)
        if q.problem is None and spec["kind"] == "read":
            first = text.words()[0]
            writes = sorted({"INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE"} & set(text.words()))
            if first not in _READ_START:
                q.problem = (f"your `{name}` query should only read, but it is {_a(first)}. Write a SELECT; "
                             "a read must not change data.")
            elif writes:
                q.problem = (f"your `{name}` query should only read, but it contains {writes[0]}. Write a "
                             "SELECT; a read must not change data.")
    return out


def _param_problem(name: str, spec: dict, text: Text) -> str | None:
    allowed, required = set(spec.get("params", [])), set(spec.get("required", []))
    if text.positional and not text.params:
        return (f"your `{name}` query uses positional parameters ($1 or ?); use named ones "
                f"({', '.join(':' + p for p in sorted(required))}) so the checker knows what each means.")
    unknown = set(text.names) - allowed
    if unknown:
        return (f"your `{name}` query uses {', '.join(':' + u for u in sorted(unknown))}, which the checker does "
                f"not supply; it supplies {', '.join(':' + p for p in spec.get('params', []))}. Rename the parameter.")
    missing = required - set(text.names)
    if missing:
        return (f"your `{name}` query does not use {', '.join(':' + m for m in sorted(missing))}; it is the "
                f"query that {spec.get('purpose', '')}.")
    return None


# -- one side (learner or reference) ------------------------------------------------------------------


@dataclass
class _Side:
    sc: Scenario
    data: Data
    queries: dict[str, _Query]
    conn: Any
    keys: dict[tuple[str, int], Any] = field(default_factory=dict)
    load_error: dict[str, str] = field(default_factory=dict)
    edge_error: list[tuple[Row, str]] = field(default_factory=list)
    tables: dict[str, list[tuple[str, str]] | str] = field(default_factory=dict)
    """Write query -> the (schema, table) pairs it writes, or why that is unknown."""

    def value(self, v: Any) -> Any:
        if isinstance(v, Key):
            if (v.entity, v.index) in self.keys:
                return self.keys[(v.entity, v.index)]
            raise KeyError(v)
        return v

    def params_for(self, qname: str, values: dict[str, Any], extra: dict | None = None) -> dict[str, Any]:
        q = self.queries[qname]
        names = q.text.names if q.text else []
        merged = {**(extra or {}), **values}
        return {n: self.value(merged.get(n)) for n in names}


def _explain_error(side: _Side, err: Exception, what: str, source: str | None = None,
                   params: dict | None = None, table_query: str | None = None, why: str | None = None) -> str:
    import psycopg

    if not isinstance(err, psycopg.Error):
        return f"{what} failed: {err}"
    diag = err.diag
    state = err.sqlstate or ""
    primary = diag.message_primary or str(err).splitlines()[0]
    where = ""
    if source is not None and diag.statement_position:
        try:
            pos = int(diag.statement_position) - 1
            line = line_of(source, pos)
            text_line = source.splitlines()[line - 1] if source.splitlines() else ""
            where = f" (line {line}: `{_short(text_line.strip(), 70)}`)"
        except (ValueError, IndexError):
            pass
    hint = f" Hint: {diag.message_hint}" if diag.message_hint else ""
    detail = f" ({diag.message_detail})" if diag.message_detail else ""
    if state == "57014":
        return (f"{what} was stopped after {_timeout_text()} (statement_timeout): a recursive query without a "
                "stop condition, pg_sleep(), or a join without a join condition does this. Add the missing "
                "condition.")
    if state in ("53400", "53200", "54001", "53100"):
        return (f"{what} was stopped: it needed too much memory or temporary space ({primary}). A recursive query "
                "without a stop condition, or a join without a join condition, does this. Add the missing "
                "condition.")
    if state == "42501":
        return (f"{what} is not allowed: {primary}. Your SQL runs as a role without superuser rights; "
                "write only tables, indexes and queries.")
    if state == "25006":
        return f"{what} tries to change data where only a read is expected. Write a SELECT."
    if state == "22001":
        return f"{what} could not store a value: {primary}. {_too_short(side, table_query, params, why)}"
    if state == "23505" and why:
        return (f"{what} refused {why}: {primary}{detail}. "
                f"{_unique_blame(side, diag.table_name, diag.constraint_name, diag.schema_name)}")
    if state == "23502":
        col = f"`{diag.table_name}.{diag.column_name}`" if diag.column_name else "a column"
        return (f"{what} failed: {col} is NOT NULL but gets no value. Give it a DEFAULT or insert one of the "
                "parameters into it.")
    if state == "23514" and why is None:
        return (f"{what} failed: CHECK constraint `{diag.constraint_name}` refused a generated row{detail}. "
                "The checker's rows are valid for the scenario; relax that CHECK.")
    if state.startswith("23"):
        return f"{what} failed: {primary}{detail}." + (f" The row was {why}." if why else "")
    return f"{what} fails in PostgreSQL: {primary}{where}.{hint}"


def _timeout_text() -> str:
    return f"{_STATEMENT_TIMEOUT_MS / 1000:g} s"


def _too_short(side: _Side, table_query: str | None, params: dict | None, why: str | None) -> str:
    longest = max((len(v) for v in (params or {}).values() if isinstance(v, str)), default=0)
    tables = side.tables.get(table_query or "")
    cols: list[tuple[str, str, str]] = []
    if isinstance(tables, list) and tables:
        for schema, table in tables:
            cols += side.conn.execute(
                "SELECT table_name, column_name, format_type(a.atttypid, a.atttypmod) FROM information_schema.columns c "
                "JOIN pg_attribute a ON a.attrelid = format('%%I.%%I', c.table_schema, c.table_name)::regclass "
                "AND a.attname = c.column_name WHERE c.table_schema = %s AND c.table_name = %s "
                "AND c.character_maximum_length < %s ORDER BY c.ordinal_position",
                (schema, table, longest)).fetchall()
    case = f" for {why}" if why else ""
    if cols:
        lengths = sorted(len(v) for v in (params or {}).values() if isinstance(v, str))
        parts = []
        for t, c, ty in cols:
            m = re.search(r"\((\d+)\)", ty)
            limit = int(m.group(1)) if m else 0
            over = next((n for n in lengths if n > limit), longest)
            parts.append(f"`{t}.{c}` is {ty}, but the row holds a {over:,}-character value")
        return (f"Too short{case}: {'; '.join(parts)}. Use TEXT (PostgreSQL stores TEXT as efficiently as "
                "VARCHAR) or a limit that fits the values the service must store.")
    return f"A column is too short{case} ({longest:,} characters); use TEXT or a longer limit."


def _unique_blame(side: _Side, table: str | None, constraint: str | None, schema: str | None) -> str:
    if not constraint:
        return ""
    rows = side.conn.execute(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), coll.collname, coll.collisdeterministic, "
        "pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
        "JOIN pg_namespace n ON n.oid = ic.relnamespace "
        "LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) AND a.attnum > 0 "
        "LEFT JOIN pg_collation coll ON coll.oid = a.attcollation "
        "WHERE ic.relname = %s AND (%s::text IS NULL OR n.nspname = %s)", (constraint, schema, schema)).fetchall()
    for name, typ, coll, deterministic, _indexdef in rows:
        if name and typ and typ.lower().startswith("citext"):
            return (f"Column `{table}.{name}` is CITEXT, which compares case-insensitively: use TEXT (or "
                    "VARCHAR) so that codes differing only in case are different codes.")
        if name and deterministic is False:
            return (f"Column `{table}.{name}` uses collation `{coll}`, which ignores case: drop the COLLATE "
                    "clause (or use COLLATE \"C\").")
    if rows and rows[0][4] and re.search(r"\b(lower|upper)\s*\(", rows[0][4], re.I):
        return f"Index `{constraint}` ({rows[0][4]}) makes values unique ignoring case; index the bare column."
    cols = ", ".join(r[0] for r in rows if r[0])
    return f"Constraint `{constraint}`" + (f" on ({cols})" if cols else "") + " treats the two values as equal."


_STATEMENT_TIMEOUT_MS = 2000


def _write(side: _Side, qname: str, params: dict[str, Any], why: str | None = None) -> list[tuple]:
    """Run one of the side's write queries in its own subtransaction; its RETURNING rows (up to 10)."""
    import psycopg

    q = side.queries[qname]
    assert q.text is not None
    conn = side.conn
    try:
        with conn.transaction():
            cur = conn.execute(q.text.to_psycopg(), params)
            return [tuple(r) for r in cur.fetchmany(10)] if cur.description else []
    except psycopg.Error as err:
        raise LearnerError(_explain_error(side, err, f"your `{qname}` query", q.text.source, params, qname,
                                          why), err.sqlstate) from None


def _read_many(side: _Side, qname: str, params_list: list[dict[str, Any]]) -> list[list[tuple]]:
    """Run a read query once per parameter set, all in one pipeline (one round trip).

    The query is wrapped as ``SELECT * FROM (<query>) LIMIT n`` so that a huge result stops at the
    server. Raises LearnerError for the first failing call; the caller's subtransaction is then
    rolled back.
    """
    import psycopg

    q = side.queries[qname]
    assert q.text is not None
    sql = f"SELECT * FROM (\n{q.text.to_psycopg()}\n) AS _learner_query LIMIT {MAX_ROWS + 1}"
    conn = side.conn
    try:
        with conn.pipeline():
            curs = []
            for params in params_list:
                cur = conn.cursor()
                cur.execute(sql, params)
                curs.append(cur)
        return [[tuple(r) for r in cur.fetchall()] for cur in curs]
    except psycopg.Error as err:
        if "data-modifying" in str(err) or (err.sqlstate == "0A000" and "WITH" in str(err)):
            raise LearnerError(f"your `{qname}` query changes data (a data-modifying WITH) where only a read is "
                               "expected. Write a SELECT.", err.sqlstate) from None
        raise LearnerError(_explain_error(side, err, f"your `{qname}` query", q.text.source,
                                          params_list[0] if params_list else None, qname), err.sqlstate) from None


def _written_tables(side: _Side, qname: str, params: dict[str, Any]) -> list[tuple[str, str]] | str:
    """The tables a write query writes, from its plan (EXPLAIN does not run it)."""
    import psycopg

    q = side.queries[qname]
    if q.text is None or (q.problem and _banned(q.text)):
        return q.problem or "the query is missing"
    # NULL parameters: EXPLAIN coerces constants, and a value too long for a column would fail here
    params = {n: None for n in q.text.names}
    try:
        with side.conn.transaction():
            plan = side.conn.execute("EXPLAIN (VERBOSE, FORMAT JSON) " + q.text.to_psycopg(),
                                     params).fetchone()[0]
    except psycopg.Error as err:
        return _explain_error(side, err, f"your `{qname}` query", q.text.source, params, qname)
    out: list[tuple[str, str]] = []
    for node in _nodes(plan[0]["Plan"]):
        if node.get("Node Type") == "ModifyTable" and node.get("Relation Name"):
            pair = (node.get("Schema", "public"), node["Relation Name"])
            if pair not in out:
                out.append(pair)
    return out or f"your `{qname}` query does not write any table"


def _nodes(plan: dict) -> list[dict]:
    out = [plan]
    for child in plan.get("Plans", []):
        out += _nodes(child)
    return out


def _load(side: _Side) -> None:
    """Store every generated row through the side's write queries, entity by entity."""
    import psycopg

    sc, data = side.sc, side.data
    for ename, ent in sc.entities.items():
        qname = ent["create"]
        q = side.queries[qname]
        rows = data.rows[ename]
        if q.absent:  # an optional write the learner did not write: rows are numbered 1, 2, ...
            for row in rows:
                side.keys[(ename, row.index)] = row.index + 1
            continue
        if q.problem:
            side.load_error[ename] = f"not checked: {q.problem}"
            continue
        blocked = [e for e in side.load_error if any(
            isinstance(v, Key) and v.entity == e for r in rows[:1] for v in r.values.values())]
        if blocked:
            side.load_error[ename] = f"not checked: the {blocked[0]} rows could not be stored (see above)."
            continue
        ordinary = rows[: data.ordinary[ename]]
        returns = bool(q.spec.get("returns_key"))
        try:
            param_list = [side.params_for(qname, r.values) for r in ordinary]
        except KeyError:
            side.load_error[ename] = f"not checked: rows that {ename} rows refer to were not stored."
            continue
        if qname not in side.tables and param_list:
            side.tables[qname] = _written_tables(side, qname, param_list[0])
        sql = q.text.to_psycopg() if q.text else ""
        try:
            with side.conn.transaction():
                cur = side.conn.cursor()
                cur.executemany(sql, param_list, returning=returns)
                if returns:
                    keys = []
                    for _ in cur.results():
                        got = cur.fetchone() if cur.description else None
                        keys.append(got[0] if got else None)
                    if any(k is None for k in keys):
                        side.load_error[ename] = (f"your `{qname}` query returned no row; it must return the new "
                                                  f"{ename}'s key, e.g. ... RETURNING id.")
                        raise psycopg.Rollback()
                    for row, k in zip(ordinary, keys, strict=True):
                        side.keys[(ename, row.index)] = k
                else:
                    for row in ordinary:
                        side.keys[(ename, row.index)] = None
        except psycopg.Error as err:
            bad = _first_failing(side, qname, ordinary, param_list)
            params = param_list[bad] if bad is not None else None
            side.load_error[ename] = _explain_error(
                side, err, f"storing generated {ename} rows with `{qname}`", q.text.source if q.text else None,
                params, qname) + (f" The row was {_show(params)}." if params else "")
            continue
        if ename in side.load_error:
            continue
        for row in rows[data.ordinary[ename]:]:
            try:
                params = side.params_for(qname, row.values)
            except KeyError:
                side.edge_error.append((row, f"{row.edge} could not be stored: a row it refers to is missing."))
                continue
            tables = side.tables.get(qname)
            before = _snapshot(side, tables) if isinstance(tables, list) else None
            try:
                got = _write(side, qname, params, why=row.edge)
                side.keys[(ename, row.index)] = got[0][0] if (returns and got) else None
            except LearnerError as err:
                side.edge_error.append((row, _edge_message(side, qname, params, row, str(err))))
                continue
            if before is not None and isinstance(tables, list) and _snapshot(side, tables) == before:
                why = row.edge or "an awkward row"
                side.edge_error.append((row, f"{why[0].upper()}{why[1:]} was not stored: `{qname}` "
                                             "ran without an error but stored nothing (ON CONFLICT DO NOTHING treated "
                                             f"it as a duplicate?).{_case_insensitive(side, tables)}"))


def _case_insensitive(side: _Side, tables: list[tuple[str, str]]) -> str:
    rows = side.conn.execute(
        "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), coll.collname "
        "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_collation coll ON coll.oid = a.attcollation "
        "WHERE (n.nspname || '.' || c.relname) = ANY(%s) AND a.attnum > 0 AND NOT a.attisdropped "
        "AND (format_type(a.atttypid, a.atttypmod) LIKE 'citext%%' OR coll.collisdeterministic = false)",
        ([f"{s}.{t}" for s, t in tables],)).fetchall()
    if not rows:
        return ""
    t, c, ty, coll = rows[0]
    what = "CITEXT" if ty.startswith("citext") else f"collation `{coll}`"
    return (f" Column `{t}.{c}` uses {what}, which compares ignoring letter case; use TEXT so that values "
            "differing only in case are different.")


def _edge_message(side: _Side, qname: str, params: dict, row: Row, message: str) -> str:
    return message if row.edge and row.edge in message else f"{message} (the row was {row.edge})"


def _first_failing(side: _Side, qname: str, rows: list[Row], params: list[dict]) -> int | None:
    for i, p in enumerate(params):
        try:
            _write(side, qname, p)
        except LearnerError:
            return i
    return None


def _show(params: dict | None) -> str:
    return ", ".join(f":{k} = {_short(repr(_plain(v)), 50)}" for k, v in (params or {}).items())


def _plain(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return v.isoformat().replace("+00:00", "Z")
    return v


# -- reference results -----------------------------------------------------------------------------------

_REFERENCE: dict[tuple[str, str, str], dict] = {}


def _case_values(crit: dict, data: Data, scope: str) -> list[tuple[dict[str, Any], list[Row]]]:
    """The parameter sets of a rows criterion, each with the generated rows it depends on."""
    out: list[tuple[dict[str, Any], list[Row]]] = []
    rng = random.Random(f"{crit['name']}|{scope}")
    for case in crit.get("cases", []):
        expanded: dict[str, list[tuple[Any, Row | None]]] = {}
        for pname, spec in case.items():
            expanded[pname] = _expand(spec, data, rng, scope)
        n = max((len(v) for v in expanded.values()), default=0)
        for i in range(n):
            values, deps = {}, []
            for pname, vals in expanded.items():
                v, row = vals[i] if len(vals) > 1 else vals[0]
                values[pname] = v
                if row is not None:
                    deps.append(row)
            out.append((values, deps))
    return out


def _expand(spec: dict, data: Data, rng: random.Random, scope: str) -> list[tuple[Any, Row | None]]:
    if "value" in spec:
        return [(spec["value"], None)]
    if "time" in spec:
        from autograder.schema._scenario import parse_time

        return [(parse_time(spec["time"]), None)]
    if "fresh" in spec:
        return [(data.fresh.get(spec["fresh"], "zz-none-zz"), None)]
    if "row" in spec:
        n = data.ordinary[spec["row"]]
        row = data.rows[spec["row"]][int(spec["index"]) % n]
        return [(_field(row, spec.get("field", "key")), row)]
    if "sample" in spec:
        n = data.ordinary[spec["sample"]]
        pool = list(range(max(1, n - int(spec.get("skip_last", 0)))))
        if spec.get("first"):
            pool = pool[: max(1, int(len(pool) * float(spec["first"])))]
        k = min(len(pool), int(scoped(spec.get("n", 5), scope)))
        rows = [data.rows[spec["sample"]][i] for i in rng.sample(pool, k)]
        return [(_field(r, spec.get("field", "key")), r) for r in rows]
    if "edge" in spec:
        rows = data.rows[spec["edge"]][data.ordinary[spec["edge"]]:]
        return [(_field(r, spec.get("field", "key")), r) for r in rows]
    raise ValueError(f"unknown case spec {spec!r}")


def _field(row: Row, name: str) -> Any:
    return Key(row.entity, row.index) if name == "key" else row.values.get(name)


def _reference(sc: Scenario, scope: str) -> dict:
    """Expected rows for every rows criterion's cases, from the scenario's reference answer (cached)."""
    import hashlib
    import json

    digest = hashlib.sha256(json.dumps([sc.entities, sc.reference, sc.criteria, sc.queries, sc.seed],
                                       default=str).encode()).hexdigest()
    cache_key = (sc.name, scope, digest)
    if cache_key in _REFERENCE:
        return _REFERENCE[cache_key]
    conn = _server.connect()
    data = generate(sc, scope)
    queries = _parse_queries(sc, sc.reference["queries"])
    broken = {n: q.problem for n, q in queries.items() if q.problem}
    if broken:
        raise ValueError(f"the scenario's reference answer is wrong: {broken}")
    side = _Side(sc, data, queries, conn)
    out: dict[str, Any] = {}
    with conn.transaction(force_rollback=True):
        conn.execute(f"SET LOCAL statement_timeout = {_STATEMENT_TIMEOUT_MS * 5}")
        for stmt in split(sc.reference["ddl"])[0]:
            conn.execute(stmt.text.source)
        _load(side)
        if side.load_error or side.edge_error:
            raise ValueError(f"the scenario's reference answer cannot store its rows: {side.load_error} "
                             f"{side.edge_error[:1]}")
        for crit in sc.criteria:
            if crit["kind"] != "rows":
                continue
            plist = [side.params_for(crit["query"], values, crit.get("extra"))
                     for values, _deps in _case_values(crit, data, scope)]
            try:
                out[crit["name"]] = _read_many(side, crit["query"], plist)
            except LearnerError as err:
                raise ValueError(f"the reference query {crit['query']} fails: {err}") from None
    _REFERENCE[cache_key] = out
    return out


# -- comparing rows ---------------------------------------------------------------------------------------


def _same(ref: Any, got: Any) -> bool:
    if isinstance(got, bool) or isinstance(ref, bool):
        return ref is got
    if isinstance(ref, dt.datetime):
        if isinstance(got, dt.datetime):
            return _utc(ref) == _utc(got)
        return False
    if isinstance(ref, dt.date):
        if isinstance(got, dt.datetime):
            u = _utc(got)
            return u.date() == ref and u.time() == dt.time(0)
        if isinstance(got, dt.date):
            return got == ref
        if isinstance(got, str):
            s = got.strip()
            return s[:10] == ref.isoformat() and s[10:].strip(" T0:.+Z") == ""
        return False
    if isinstance(ref, (int, decimal.Decimal)) and not isinstance(ref, bool):
        if isinstance(got, (int, decimal.Decimal, float)) and not isinstance(got, bool):
            return decimal.Decimal(str(got)) == decimal.Decimal(str(ref))
        return False
    return bool(ref == got)


def _utc(v: dt.datetime) -> dt.datetime:
    return v.replace(tzinfo=dt.UTC) if v.tzinfo is None else v.astimezone(dt.UTC)


def _row_matches(ref: tuple, got: tuple, how: str) -> bool:
    hits = [any(_same(r, g) for g in got) for r in ref]
    return all(hits) if how == "all" else any(hits)


def _compare(ref_rows: list[tuple], got: list[tuple], how: str, ordered: bool) -> str | None:
    """None when ``got`` matches, else what is wrong (a phrase)."""
    if len(got) > MAX_ROWS:
        return f"returned more than {MAX_ROWS:,} rows"
    if len(got) != len(ref_rows):
        return f"returned {len(got)} row(s); expected {len(ref_rows)}"
    left = list(range(len(got)))
    for r in ref_rows:
        hit = next((i for i in left if _row_matches(r, got[i], how)), None)
        if hit is None:
            return f"returned no row holding {_show_row(r, how)}"
        left.remove(hit)
    if ordered and not all(_row_matches(r, g, how) for r, g in zip(ref_rows, got, strict=True)):
        return "returned the right rows in the wrong order"
    return None


def _show_row(row: tuple, how: str) -> str:
    vals = [_short(repr(_plain(v)), 40) for v in row]
    return (" and ".join(vals) if how == "all" else " or ".join(vals)) or "()"


# -- plans ---------------------------------------------------------------------------------------------------


def _plan_text(node: dict) -> str:
    parts = [node.get("Node Type", "?")]
    if node.get("Index Name"):
        parts.append(f"using {node['Index Name']}")
    if node.get("Relation Name"):
        parts.append(f"on {node['Relation Name']}")
    extra = [f"{k}: {node[k]}" for k in ("Index Cond", "Recheck Cond", "Filter") if node.get(k)]
    text = " ".join(parts) + (f" ({'; '.join(extra)})" if extra else "")
    kids = [_plan_text(k) for k in node.get("Plans", [])]
    return text + (" -> [" + ", ".join(kids) + "]" if kids else "")


def _leading_column(conn: Any, schema: str, index: str) -> str | None:
    row = conn.execute(
        "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
        "WHERE c.relname = %s AND n.nspname = %s", (index, schema)).fetchone()
    return row[0] if row else None


def _index_finding(side: _Side, crit: dict, params: dict | None) -> list[Finding]:
    import psycopg

    name, qname = crit["name"], crit["query"]
    q = side.queries[qname]
    if q.problem:
        return [Finding(name, False, q.problem)]
    tables = side.tables.get(crit["table_of"])
    if tables is None:
        tables = side.tables[crit["table_of"]] = _written_tables(side, crit["table_of"], {})
    if isinstance(tables, str):
        return [Finding(name, False, f"not checked: could not tell which table `{crit['table_of']}` writes: {tables}")]
    assert q.text is not None
    try:
        with side.conn.transaction():
            side.conn.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; "
                              "SET LOCAL enable_mergejoin = off")
            if params is None:
                sql, names = q.text.to_dollar()
                plan = side.conn.execute("EXPLAIN (GENERIC_PLAN, VERBOSE, FORMAT JSON) " + sql).fetchone()[0]
            else:
                plan = side.conn.execute("EXPLAIN (VERBOSE, FORMAT JSON) " + q.text.to_psycopg(),
                                         params).fetchone()[0]
    except psycopg.Error as err:
        return [Finding(name, False, _explain_error(side, err, f"your `{qname}` query", q.text.source, params))]
    root = plan[0]["Plan"]
    text = _plan_text(root)
    targets = _with_partitions(side, tables)
    table_names = ", ".join(f"`{t}`" for _, t in tables)
    on_target = [n for n in _nodes(root) if (n.get("Schema", "public"), n.get("Relation Name")) in targets]
    if not on_target:
        return [Finding(name, False, f"your `{qname}` query does not read {table_names} (plan: {text}); it should look "
                                     f"rows up in it.")]
    for node in on_target:
        problem = _node_problem(side, node, crit)
        if problem:
            return [Finding(name, False, f"your `{qname}` query {problem} Plan: {text}")]
    out = [Finding(name, True, f"PostgreSQL can answer it through an index. Plan: {text}")]
    if crit.get("sort_tip") and _sorts(side, q.text, params):
        out.append(Finding("tip", True, f"`{qname}`: {crit['sort_tip']}", 0))
    return out


def _with_partitions(side: _Side, tables: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """The tables and, for partitioned ones, all their partitions (plans scan the partitions)."""
    out = set(tables)
    for schema, table in tables:
        rows = side.conn.execute(
            "SELECT n.nspname, c.relname FROM pg_partition_tree(format('%%I.%%I', %s::text, %s::text)::regclass) t "
            "JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace",
            (schema, table)).fetchall()
        out |= {(r[0], r[1]) for r in rows}
    return out


def _sorts(side: _Side, text: Text, params: dict | None) -> bool:
    """Whether the query still needs a Sort when read through a plain index scan."""
    import psycopg

    if params is None:
        return False
    try:
        with side.conn.transaction():
            side.conn.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; "
                              "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off")
            plan = side.conn.execute("EXPLAIN (FORMAT JSON) " + text.to_psycopg(), params).fetchone()[0]
            raise psycopg.Rollback()
    except psycopg.Error:
        return False
    return any(n.get("Node Type") in ("Sort", "Incremental Sort") for n in _nodes(plan[0]["Plan"]))


def _node_problem(side: _Side, node: dict, crit: dict) -> str | None:
    kind = node.get("Node Type")
    table = node.get("Relation Name")
    if kind == "Seq Scan":
        return (f"reads every row of `{table}` (Seq Scan) even with sequential scans disabled: no index can "
                f"answer it. {crit.get('hint', 'Add an index')}.")
    scans: list[dict] = []
    if kind in ("Index Scan", "Index Only Scan"):
        scans = [node]
    elif kind == "Bitmap Heap Scan":
        scans = [n for n in _nodes(node) if n.get("Node Type") == "Bitmap Index Scan"]
    for scan in scans:
        cond = scan.get("Index Cond")
        index = scan.get("Index Name", "?")
        if not cond:
            return (f"walks the whole index `{index}` of `{table}` without a condition on it. Compare the "
                    "indexed column itself with the parameter: wrapping it in a function (lower(), a cast, "
                    "arithmetic, concatenation) or a LIKE pattern stops the index from being used; "
                    f"otherwise {crit.get('hint', 'add an index')}.")
        lead = _leading_column(side.conn, node.get("Schema", "public"), index)
        if lead and not re.search(rf'(^|[^\w"]){re.escape(lead)}([^\w"]|$)|"{re.escape(lead)}"', cond):
            return (f"uses index `{index}` only through a column that is not its first ({cond}); an index "
                    f"helps from its first column (`{lead}`) on. {crit.get('hint', '')}.")
    return None


# -- criteria --------------------------------------------------------------------------------------------------


def _fmt(template: str, values: dict[str, Any]) -> str:
    class Safe(dict):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    return template.format_map(Safe({k: f"`{_plain(v)}`" for k, v in values.items()}))


def _snapshot(side: _Side, tables: list[tuple[str, str]]) -> tuple:
    out = []
    for schema, table in tables:
        out.append(side.conn.execute(
            f'SELECT count(*), coalesce(sum(hashtext(r::text)::bigint), 0) FROM "{_qi(schema)}"."{_qi(table)}" r'
        ).fetchone())
    return tuple(out)


def _qi(name: str) -> str:
    return name.replace('"', '""')


def _data_problem(side: _Side, crit: dict) -> str | None:
    for ename in crit.get("data", []):
        if ename in side.load_error:
            msg = side.load_error[ename]
            return msg if msg.startswith("not checked") else f"not checked: {msg}"
    return None


def _refuse(side: _Side, crit: dict) -> Finding:
    import psycopg

    name, qname = crit["name"], crit["call"]
    q = side.queries[qname]
    if q.problem:
        return Finding(name, False, q.problem)
    problem = _data_problem(side, crit)
    if problem:
        return Finding(name, False, problem)
    values = {}
    for pname, spec in crit.get("params", {}).items():
        values[pname] = _expand(spec, side.data, random.Random(0), side.data.scope)[0][0]
    try:
        params = side.params_for(qname, values)
    except KeyError:
        return Finding(name, False, "not checked: the rows this test needs were not stored.")
    shown = {k: side.value(v) for k, v in values.items()}
    fk = crit.get("foreign_key")
    if fk:
        src, dst = side.tables.get(fk["from"]), side.tables.get(fk["to"])
        if isinstance(src, list) and isinstance(dst, list):
            found = side.conn.execute(
                "SELECT count(*) FROM pg_constraint con JOIN pg_class a ON a.oid = con.conrelid "
                "JOIN pg_namespace an ON an.oid = a.relnamespace JOIN pg_class b ON b.oid = con.confrelid "
                "JOIN pg_namespace bn ON bn.oid = b.relnamespace WHERE con.contype = 'f' "
                "AND (an.nspname || '.' || a.relname) = ANY(%s) AND (bn.nspname || '.' || b.relname) = ANY(%s)",
                ([f"{s}.{t}" for s, t in src], [f"{s}.{t}" for s, t in dst])).fetchone()[0]
            if not found:
                return Finding(name, False, _fmt(crit.get("no_foreign_key", "no foreign key"), {
                    **shown, "from_table": ", ".join(t for _, t in src), "to_table": ", ".join(t for _, t in dst)}))
    tables = side.tables.get(qname)
    if not isinstance(tables, list):
        return Finding(name, False, f"not checked: {tables or 'the table of `' + qname + '` is unknown'}")
    try:
        with side.conn.transaction():
            before = _snapshot(side, tables)
            try:
                _write(side, qname, params)
            except LearnerError as err:
                if (err.sqlstate or "").startswith("23"):
                    return Finding(name, True, crit.get("refused", "refused."))
                return Finding(name, False, f"the test call failed for another reason: {err}")
            after = _snapshot(side, tables)
            raise psycopg.Rollback()
    except psycopg.Error as err:
        return Finding(name, False, f"the test could not run: {err}")
    if after == before:
        return Finding(name, True, crit.get("refused", "refused."))
    if all(a[0] == b[0] for a, b in zip(after, before, strict=True)) and crit.get("changed"):
        return Finding(name, False, _fmt(crit["changed"], shown))
    return Finding(name, False, _fmt(crit.get("accepted", "accepted."), shown))


_NO_INDEX = "SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off; SET LOCAL enable_bitmapscan = off"


def _rows(side: _Side, crit: dict, expected: list[list[tuple]]) -> Finding:

    name, qname = crit["name"], crit["query"]
    q = side.queries[qname]
    if q.problem:
        return Finding(name, False, q.problem)
    problem = _data_problem(side, crit)
    if problem:
        return Finding(name, False, problem)
    failed_edges = {id(r) for r, _ in side.edge_error}
    how, ordered = crit.get("match", "all"), bool(crit.get("ordered"))
    cases: list[tuple[dict, list[tuple]]] = []
    for (values, deps), ref_rows in zip(_case_values(crit, side.data, side.data.scope), expected, strict=True):
        if any(id(d) in failed_edges for d in deps):
            continue  # reported by the "stored" criterion
        try:
            cases.append((side.params_for(qname, values, crit.get("extra")), ref_rows))
        except KeyError:
            continue
    shown_keys = {k for c in crit.get("cases", []) for k in c}
    for setting in ([None, _NO_INDEX] if ordered else [None]):
        try:
            if setting:
                side.conn.execute(setting)  # undone when the criterion's subtransaction is rolled back
            results = _read_many(side, qname, [p for p, _ in cases])
        except LearnerError as err:
            return Finding(name, False, str(err))
        for (params, ref_rows), got in zip(cases, results, strict=True):
            wrong = _compare(ref_rows, got, how, ordered)
            if not wrong:
                continue
            shown = ", ".join(f":{k} = {_short(repr(_plain(v)), 30)}" for k, v in params.items() if k in shown_keys)
            if setting and "order" in wrong:
                return Finding(name, False, f"for {shown} your query returns the right order only when the "
                                            "database happens to read rows in that order (through an index). "
                                            "Without ORDER BY no order is guaranteed: "
                                            f"{crit.get('order_hint', 'add ORDER BY')}.")
            hint = crit.get("order_hint") if "order" in wrong else crit.get("rows_hint")
            extra = _case_hint(side, qname, got, ref_rows)
            return Finding(name, False, f"for {shown} your query {wrong}" + (f": {hint}" if hint else "")
                           + "." + extra)
    return Finding(name, True, f"right rows for {len(cases)} cases" + (" (also when read without an index)"
                                                                       if ordered else "") + ".")


def _case_hint(side: _Side, qname: str, got: list[tuple], ref_rows: list[tuple]) -> str:
    q = side.queries[qname]
    if len(got) > len(ref_rows) and q.text is not None:
        words = set(q.text.words())
        if words & {"LOWER", "UPPER", "ILIKE"}:
            return " Your query compares ignoring letter case (lower(), upper() or ILIKE); codes are case-sensitive."
        ci = side.conn.execute(
            "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), coll.collname "
            "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "LEFT JOIN pg_collation coll ON coll.oid = a.attcollation "
            "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.relkind = 'r' AND a.attnum > 0 "
            "AND (format_type(a.atttypid, a.atttypmod) LIKE 'citext%%' OR coll.collisdeterministic = false)"
        ).fetchall()
        if ci:
            t, c, ty, coll = ci[0]
            what = "CITEXT" if ty.startswith("citext") else f"collation `{coll}`"
            return (f" Column `{t}.{c}` uses {what}, which compares ignoring letter case; short codes are "
                    "case-sensitive.")
    return ""


def _stored(side: _Side, crit: dict) -> Finding:
    name = crit["name"]
    for ename in crit.get("entities", []):
        if ename in side.load_error:
            return Finding(name, False, side.load_error[ename])
    for row, msg in side.edge_error:
        if row.entity in crit.get("entities", []):
            return Finding(name, False, msg)
    counts = ", ".join(f"{len(side.data.rows[e]):,} {e}" for e in crit.get("entities", []))
    edges = [r.edge for e in crit.get("entities", []) for r in side.data.rows[e][side.data.ordinary[e]:]]
    return Finding(name, True, f"stored {counts} rows" + (f", including {len(edges)} awkward ones" if edges else "")
                   + ".")


# -- the public checker --------------------------------------------------------------------------------------


def check_schema(ddl: Any, queries: Any, scenario: Any = "shortener", *, scope: str = "visible",
                 group: str | None = None) -> Report:
    """Judge a schema and its queries on a scenario, in PostgreSQL.

    ``ddl``: one string of SQL statements (CREATE TABLE, CREATE INDEX, ...). ``queries``: a dict
    from the scenario's query names to one SQL statement each, with named parameters (``:code``).
    ``scenario``: a name (``"shortener"``) or a scenario dict (see :mod:`._scenario`).
    ``scope``: ``"visible"`` (the learner's own checks) or ``"hidden"`` (more rows, awkward cases).
    ``group``: only the criteria of one group (e.g. ``"constraints"``), or all of them.
    """
    check_scope(scope)
    ddl, queries = plain_data(ddl), plain_data(queries)  # what the re-check at grading sees
    sc = load(scenario)
    if group is not None and group not in sc.groups:
        raise ValueError(f"group must be one of {', '.join(repr(g) for g in sc.groups)} or None, not {group!r}")
    title = f"{sc.title}: " + (GROUP_TITLES.get(group, group) if group else "schema")
    crits = sc.criteria_of(group)
    try:
        return _check(sc, ddl, queries, scope, crits, title)
    except _server.ServerUnavailable as err:
        report = Report(title)
        for c in crits:
            report.add(c["name"], False, f"not checked: PostgreSQL is not available here ({err})")
        return report
    except Exception as err:  # a checker bug must not become a learner's traceback
        report = Report(title)
        for c in crits:
            report.add(c["name"], False, f"not checked: the checker failed unexpectedly ({err!r}); tell your "
                                         "instructor.")
        return report


def _fail_all(title: str, crits: list[dict], header: str, message: str) -> Report:
    report = Report(title)
    report.add(header, False, message, weight=0)
    for c in crits:
        report.add(c["name"], False, "not checked until the schema runs (see above).")
    return report


def _check(sc: Scenario, ddl: Any, queries: Any, scope: str, crits: list[dict], title: str) -> Report:
    import psycopg

    header = "schema runs in PostgreSQL"
    parsed = _parse_queries(sc, queries)
    if isinstance(ddl, Missing):
        return _fail_all(title, crits, header, ddl.message())
    if ddl is Ellipsis:
        return _fail_all(title, crits, header, f"the schema is {NOT_WRITTEN}")
    if not isinstance(ddl, str):
        return _fail_all(title, crits, header, f"the schema should be one string of SQL statements "
                                               f"(CREATE TABLE ...), not {type(ddl).__name__}.")
    stmts, open_ = split(ddl)
    if open_:
        return _fail_all(title, crits, header, f"your schema does not parse: {open_}.")
    if not stmts:
        return _fail_all(title, crits, header, "your schema is empty: write CREATE TABLE statements.")
    for i, st in enumerate(stmts, 1):
        ban = _banned(st.text)
        if ban:
            return _fail_all(title, crits, header, f"statement {i} of your schema (line {st.line}): {ban}")
    expected = _reference(sc, scope) if any(c["kind"] == "rows" for c in crits) else {}
    conn = _server.connect()
    conn.prepare_threshold = None
    data = generate(sc, scope)
    side = _Side(sc, data, parsed, conn)
    report = Report(title)
    findings: dict[str, list[Finding]] = {}
    with conn.transaction(force_rollback=True):
        conn.execute(f"SET LOCAL statement_timeout = {_STATEMENT_TIMEOUT_MS}")
        try:  # the whole schema in one round trip; statement by statement only to locate an error
            with conn.transaction():
                conn.execute(ddl)  # no parameters: sent as is
            first_try_failed = False
        except psycopg.Error:
            first_try_failed = True
        for i, st in enumerate(stmts if first_try_failed else [], 1):
            try:
                with conn.transaction():
                    conn.execute(st.text.source)
            except psycopg.Error as err:
                what = f"statement {i} of your schema (line {st.line}: `{_short(st.text.source.strip(), 50)}`)"
                msg = _explain_error(side, err, what, ddl if False else None)
                if err.diag.statement_position:
                    try:
                        pos = st.start + int(err.diag.statement_position) - 1
                        line = line_of(ddl, pos)
                        src = ddl.splitlines()[line - 1].strip()
                        msg = (f"{what} fails in PostgreSQL at line {line} (`{_short(src, 60)}`): "
                               f"{err.diag.message_primary}."
                               + (f" Hint: {err.diag.message_hint}" if err.diag.message_hint else ""))
                    except (ValueError, IndexError):
                        pass
                return _fail_all(title, crits, header, msg + " The schema must run before anything else can be "
                                                              "checked.")
        tables = conn.execute(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "ORDER BY c.oid").fetchall()
        if not tables:
            return _fail_all(title, crits, header, "your schema creates no table: write CREATE TABLE statements.")
        conn.execute(f"SET LOCAL statement_timeout = {_STATEMENT_TIMEOUT_MS}")
        _load(side)
        report.add(header, True, f"{len(tables)} table(s) created: "
                   + ", ".join(f"`{t}`" for _, t in tables) + ".", weight=0)
        for c in crits:
            try:
                with conn.transaction():
                    if c["kind"] == "refuse":
                        findings[c["name"]] = [_refuse(side, c)]
                    elif c["kind"] == "rows":
                        findings[c["name"]] = [_rows(side, c, expected[c["name"]])]
                    elif c["kind"] == "stored":
                        findings[c["name"]] = [_stored(side, c)]
                    else:
                        findings[c["name"]] = _index_finding(side, c, _plan_params(side, c))
                    raise psycopg.Rollback()
            except psycopg.Error as err:
                findings[c["name"]] = [Finding(c["name"], False, f"could not be checked: {err}")]
    for c in crits:
        report.extend(findings.get(c["name"], [Finding(c["name"], False, "not checked.")]))
    return report


def _plan_params(side: _Side, crit: dict) -> dict | None:
    """Real parameter values for the plan, or None (then a generic plan is explained).

    From the criterion's ``params`` when given, else from the first generated row of each entity.
    """
    q = side.queries[crit["query"]]
    if q.text is None:
        return None
    values: dict[str, Any] = dict(_extra_for(side, crit))
    if crit.get("params"):
        for pname, spec in crit["params"].items():
            values[pname] = _expand(spec, side.data, random.Random(0), side.data.scope)[0][0]
    else:
        for rows in side.data.rows.values():
            for k, v in (rows[0].values.items() if rows else ()):
                values.setdefault(k, v)
    if any(n not in values or values[n] is None for n in q.text.names):
        return None
    try:
        return {n: side.value(values[n]) for n in q.text.names}
    except KeyError:
        return None


def _extra_for(side: _Side, crit: dict) -> dict:
    for c in side.sc.criteria:
        if c.get("query") == crit["query"] and c.get("extra"):
            return dict(c["extra"])
    return {}
