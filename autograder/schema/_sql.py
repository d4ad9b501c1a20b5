"""Parse PostgreSQL-flavoured SQL with sqlglot and normalise it for SQLite.

A plain ``sqlglot.transpile(read="postgres", write="sqlite")`` is not enough
(see SCHEMA-NOTES.md): serial keys would not be rowid aliases, unnamed indexes
and ``NULLS LAST`` in an index are syntax errors in SQLite, and so on. The
rules below rewrite the parsed tree; each one is listed in :data:`RULES` and
tested in ``tests/test_schema_normalise.py``.

Nothing here raises on learner input: problems come back as :class:`SqlProblem`
records with a message that points at the line, column and token.
"""

from __future__ import annotations

import contextlib
import logging
import re
from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, SqlglotError, TokenError

MAX_SQL_CHARS = 100_000

RULES = {
    "serial": "SERIAL / BIGSERIAL / SMALLSERIAL become INTEGER, so a primary key of that type is SQLite's auto-numbered rowid",
    "identity": "GENERATED ... AS IDENTITY primary keys become INTEGER PRIMARY KEY (auto-numbered)",
    "pk_not_null": "primary-key columns get NOT NULL, as in PostgreSQL (SQLite would accept NULL keys)",
    "index_name": "CREATE INDEX without a name gets one (<table>_<columns>_idx)",
    "index_nulls": "NULLS FIRST / NULLS LAST in an index column list are dropped (SQLite has no such index option)",
    "index_using": "USING btree / hash, INCLUDE (...) and CONCURRENTLY are dropped from CREATE INDEX",
    "uuid_default": "DEFAULT gen_random_uuid() / uuid_generate_v4() becomes a random hex string",
    "array_type": "array types (TEXT[]) become TEXT",
    "date_trunc": "date_trunc('day', x) and x::date become date(x)",
    "interval": "x +/- INTERVAL 'n unit' becomes datetime(x, '+/-n unit')",
    "extract_epoch": "EXTRACT(EPOCH FROM x) becomes unixepoch(x); EXTRACT(YEAR / MONTH / DAY / HOUR ... FROM x) becomes strftime",
    "at_time_zone": "x AT TIME ZONE 'UTC' becomes x (the checker stores every time in UTC)",
    "date_arithmetic": "CURRENT_DATE +/- n (days) becomes date('now', '+/-n days')",
    "conflict_target": "NULLS FIRST / LAST added to an ON CONFLICT (...) target are dropped",
}

# Statements a schema may hold that have no meaning for SQLite: skipped, with a note.
_SKIPPED_COMMANDS = ("COMMENT", "CREATE EXTENSION", "SET ", "BEGIN", "COMMIT", "START TRANSACTION")


@dataclass
class SqlProblem:
    """Why a piece of SQL could not be used, in words a learner can act on."""

    message: str
    line: int | None = None
    col: int | None = None


@dataclass
class Statement:
    """One parsed statement: the tree and its SQLite text."""

    tree: exp.Expression
    sqlite: str
    source: str


@dataclass
class Parsed:
    statements: list[Statement] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problem: SqlProblem | None = None


@contextlib.contextmanager
def quiet_sqlglot():
    """sqlglot logs warnings (to stderr) for syntax it falls back on; nbgrader scores stderr as 0."""
    logger = logging.getLogger("sqlglot")
    old_level, old_propagate = logger.level, logger.propagate
    logger.setLevel(logging.CRITICAL + 1)
    logger.propagate = False
    try:
        yield
    finally:
        logger.setLevel(old_level)
        logger.propagate = old_propagate


def _locate(sql: str, line: int | None, col: int | None) -> str:
    if not line:
        return ""
    lines = sql.splitlines() or [""]
    if 1 <= line <= len(lines):
        text = lines[line - 1]
        caret = " " * max((col or 1) - 1, 0) + "^"
        return f"\n    {text}\n    {caret}"
    return ""


def _parse_error(sql: str, err: SqlglotError, what: str) -> SqlProblem:
    info = {}
    if isinstance(err, ParseError) and err.errors:
        info = err.errors[0]
    line, col = info.get("line"), info.get("col")
    token = (info.get("highlight") or "").strip()
    desc = str(info.get("description") or "").strip() or str(err).splitlines()[0]
    desc = re.sub(r"<Token token_type: [^,]*, text: (.*?), line: .*?>", r"`\1`", desc)
    desc = desc.replace("`SENTINEL`", "the end of the statement")
    if isinstance(err, TokenError):
        line, col = _unclosed_quote(sql)
        token = ""
        desc = "a quote opened here is never closed"
    where = f" at line {line}, column {col}" if line else ""
    near = f" near `{token}`" if token else ""
    return SqlProblem(
        f"{what} does not parse{where}{near}: {desc}. Fix the SQL there (a missing comma, "
        f"bracket or quote is the usual cause).{_locate(sql, line, col)}",
        line,
        col,
    )


def parse(sql, what: str = "your schema") -> Parsed:
    """Parse PostgreSQL-flavoured SQL into normalised SQLite statements."""
    out = Parsed()
    if not isinstance(sql, str):
        out.problem = SqlProblem(f"{what} should be a string of SQL text, got {type(sql).__name__}.")
        return out
    if not sql.strip() or not _strip_comments(sql).strip():
        out.problem = SqlProblem(f"{what} is empty: write the SQL statements in the string.")
        return out
    if len(sql) > MAX_SQL_CHARS:
        out.problem = SqlProblem(f"{what} is {len(sql):,} characters long; the checker reads at most {MAX_SQL_CHARS:,}.")
        return out
    try:
        with quiet_sqlglot():
            trees = sqlglot.parse(sql, read="postgres")
    except SqlglotError as err:
        out.problem = _parse_error(sql, err, what)
        return out
    except RecursionError:
        out.problem = SqlProblem(f"{what} is nested too deeply to read; simplify it.")
        return out
    for tree in trees:
        if tree is None:
            continue
        if isinstance(tree, (exp.Comment, exp.Transaction, exp.Commit)) or (
            isinstance(tree, exp.Drop) and tree.args.get("exists")
        ):
            out.notes.append(f"skipped `{_short(tree.sql(dialect='postgres'))}` (it has no effect in this check)")
            continue
        if isinstance(tree, exp.Command):
            text = tree.sql(dialect="postgres")
            upper = text.upper().lstrip()
            if upper.startswith(_SKIPPED_COMMANDS):
                out.notes.append(f"skipped `{_short(text)}` (it has no effect in this check)")
                continue
            out.problem = SqlProblem(
                f"{what}: `{_short(text)}` is not SQL the checker understands. Use standard "
                "CREATE TABLE / CREATE INDEX / SELECT / INSERT statements."
            )
            return out
        source = tree.sql(dialect="postgres")
        try:
            with quiet_sqlglot():
                notes = normalise(tree)
                text = tree.sql(dialect="sqlite")
        except (SqlglotError, RecursionError, ValueError, TypeError) as err:
            out.problem = SqlProblem(f"{what}: `{_short(tree.sql())}` cannot be written for SQLite ({err}).")
            return out
        out.notes.extend(notes)
        out.statements.append(Statement(tree, text, source))
    if not out.statements and out.problem is None:
        out.problem = SqlProblem(f"{what} holds no statement the checker can run.")
    return out


def _unclosed_quote(sql: str) -> tuple[int | None, int | None]:
    """Line and column of a quote that is never closed (sqlglot's TokenError has no position)."""
    i, n, opened = 0, len(sql), None
    while i < n:
        ch = sql[i]
        if opened is None:
            if sql.startswith("--", i):
                j = sql.find("\n", i)
                i = n if j < 0 else j
                continue
            if sql.startswith("/*", i):
                j = sql.find("*/", i + 2)
                i = n if j < 0 else j + 2
                continue
            if ch in "'\"":
                opened = i
        elif ch == sql[opened]:
            if i + 1 < n and sql[i + 1] == ch:  # doubled quote inside a string
                i += 2
                continue
            opened = None
        i += 1
    if opened is None:
        return None, None
    before = sql[:opened]
    return before.count("\n") + 1, opened - (before.rfind("\n") + 1) + 1


def _strip_comments(sql: str) -> str:
    sql = re.sub(r"/\*.*?\*/", "", sql, flags=re.S)
    return re.sub(r"--[^\n]*", "", sql)


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."


# -- normalisation rules ----------------------------------------------------------------------

_SERIALS = {exp.DataType.Type.SERIAL, exp.DataType.Type.BIGSERIAL, exp.DataType.Type.SMALLSERIAL}


def normalise(tree: exp.Expression) -> list[str]:
    """Rewrite ``tree`` in place for SQLite; returns notes for the learner."""
    notes: list[str] = []
    if isinstance(tree, exp.Create):
        kind = (tree.args.get("kind") or "").upper()
        if kind == "TABLE":
            notes += _normalise_table(tree)
        elif kind == "INDEX":
            notes += _normalise_index(tree)
    _normalise_expressions(tree)
    return notes


def _pk_columns(schema: exp.Schema) -> set[str]:
    names = set()
    for item in schema.expressions:
        if isinstance(item, exp.ColumnDef):
            if any(isinstance(c.args.get("kind"), exp.PrimaryKeyColumnConstraint) for c in item.constraints):
                names.add(item.name.lower())
        elif isinstance(item, exp.PrimaryKey):
            cols = [e.name.lower() for e in item.expressions]
            names.update(cols)
    return names


def _normalise_table(create: exp.Create) -> list[str]:
    notes: list[str] = []
    schema = create.this
    if not isinstance(schema, exp.Schema):
        return notes
    table = schema.this.name if isinstance(schema.this, exp.Table) else "?"
    pks = _pk_columns(schema)
    single_pk = len(pks) == 1
    for col in schema.expressions:
        if not isinstance(col, exp.ColumnDef):
            continue
        kind = col.args.get("kind")
        name = col.name.lower()
        constraints = list(col.constraints)
        is_identity = any(isinstance(c.args.get("kind"), exp.GeneratedAsIdentityColumnConstraint) for c in constraints)
        if isinstance(kind, exp.DataType):
            serial = kind.this in _SERIALS or kind.sql("postgres").lower() in {"serial2", "serial4", "serial8"}
            if serial or (is_identity and name in pks and single_pk):
                col.set("kind", exp.DataType.build("INTEGER"))
                if is_identity:
                    col.set("constraints", [c for c in constraints
                                            if not isinstance(c.args.get("kind"), exp.GeneratedAsIdentityColumnConstraint)])
                    constraints = list(col.constraints)
            elif kind.this == exp.DataType.Type.ARRAY or kind.args.get("nested"):
                col.set("kind", exp.DataType.build("TEXT"))
                notes.append(f"`{table}.{col.name}` is an array type; SQLite stores it as TEXT")
            elif kind.this in (exp.DataType.Type.VARCHAR, exp.DataType.Type.CHAR, exp.DataType.Type.NCHAR,
                               exp.DataType.Type.NVARCHAR) and kind.expressions:
                notes.append(
                    f"`{table}.{col.name}` is {kind.sql('postgres')}: SQLite does not enforce the length, "
                    "so the limit was not checked here (PostgreSQL would enforce it)"
                )
        for c in constraints:
            default = c.args.get("kind")
            if isinstance(default, exp.DefaultColumnConstraint):
                value = default.this
                if isinstance(value, exp.Uuid) or (
                    isinstance(value, exp.Anonymous) and value.name.lower() in {"uuid_generate_v4", "gen_random_uuid"}
                ):
                    default.set("this", exp.Paren(this=sqlglot.parse_one("lower(hex(randomblob(16)))", read="sqlite")))
                elif isinstance(value, (exp.Func, exp.Binary)) and not isinstance(
                    value, (exp.CurrentTimestamp, exp.CurrentDate, exp.CurrentTime)
                ) and not isinstance(value, exp.Paren):
                    default.set("this", exp.Paren(this=value))
        if name in pks and not any(isinstance(c.args.get("kind"), exp.NotNullColumnConstraint) for c in col.constraints):
            col.append("constraints", exp.ColumnConstraint(kind=exp.NotNullColumnConstraint()))
    return notes


def _normalise_index(create: exp.Create) -> list[str]:
    notes: list[str] = []
    index = create.this
    if not isinstance(index, exp.Index):
        return notes
    create.set("concurrently", False)
    params = index.args.get("params")
    cols: list[str] = []
    if isinstance(params, exp.IndexParameters):
        params.set("using", None)
        if params.args.get("include"):
            notes.append("INCLUDE (...) in an index was dropped: SQLite has no covering-column clause")
            params.set("include", None)
        for ordered in params.args.get("columns") or []:
            if isinstance(ordered, exp.Ordered):
                # SQLite sorts NULLs first ascending and last descending, and allows no other order here
                ordered.set("nulls_first", not ordered.args.get("desc"))
                target = ordered.this
            else:
                target = ordered
            cols.append(target.name if isinstance(target, exp.Column) else "expr")
    if not index.args.get("this"):
        table = index.args.get("table")
        tname = table.name if isinstance(table, exp.Table) else "t"
        base = "_".join([tname, *cols, "idx"])
        index.set("this", exp.to_identifier(re.sub(r"\W", "_", base)))
    return notes


_EXTRACT_FORMATS = {"year": "%Y", "month": "%m", "day": "%d", "hour": "%H", "minute": "%M", "second": "%S",
                    "dow": "%w", "doy": "%j"}

_UNIT_RE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([a-zA-Z]+)?\s*$")


def _interval_modifier(interval: exp.Interval, sign: str) -> exp.Expression | None:
    value = interval.this
    unit = interval.args.get("unit")
    text = value.name if isinstance(value, exp.Literal) else None
    if text is None:
        return None
    m = _UNIT_RE.match(text)
    if not m:
        return None
    number, unit_in_text = m.group(1), m.group(2)
    unit_name = (unit.name if unit is not None else unit_in_text or "").lower()
    unit_name = unit_name.rstrip("s")
    if unit_name not in {"second", "minute", "hour", "day", "month", "year"}:
        if unit_name == "week":
            number, unit_name = str(float(number) * 7).rstrip("0").rstrip("."), "day"
        else:
            return None
    if number.startswith("-"):
        sign = "+" if sign == "-" else "-"
        number = number[1:]
    return exp.Literal.string(f"{sign}{number} {unit_name}s")


def _normalise_expressions(tree: exp.Expression) -> None:
    def rewrite(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.TimestampTrunc) or isinstance(node, exp.DateTrunc):
            unit = node.args.get("unit")
            uname = unit.name.lower() if unit is not None else ""
            if uname == "day":
                return exp.Anonymous(this="date", expressions=[node.this])
            if uname in {"month", "year", "hour", "minute"}:
                fmt = {"month": "%Y-%m-01", "year": "%Y-01-01", "hour": "%Y-%m-%d %H:00:00",
                       "minute": "%Y-%m-%d %H:%M:00"}[uname]
                return exp.Anonymous(this="strftime", expressions=[exp.Literal.string(fmt), node.this])
        if isinstance(node, exp.Cast) and node.to.this == exp.DataType.Type.DATE:
            return exp.Anonymous(this="date", expressions=[node.this])
        if isinstance(node, (exp.Add, exp.Sub)) and isinstance(node.expression, exp.Interval):
            modifier = _interval_modifier(node.expression, "+" if isinstance(node, exp.Add) else "-")
            if modifier is not None:
                return exp.Anonymous(this="datetime", expressions=[node.this, modifier])
        if isinstance(node, exp.Extract):
            part = node.this.name.lower()
            if part == "epoch":
                return exp.Anonymous(this="unixepoch", expressions=[node.expression])
            if part in _EXTRACT_FORMATS:
                fmt = exp.Anonymous(this="strftime", expressions=[exp.Literal.string(_EXTRACT_FORMATS[part]),
                                                                  node.expression])
                return exp.Cast(this=fmt, to=exp.DataType.build("INTEGER"))
        if isinstance(node, exp.AtTimeZone):
            return node.this
        if (isinstance(node, (exp.Add, exp.Sub)) and isinstance(node.this, exp.CurrentDate)
                and isinstance(node.expression, exp.Literal) and not node.expression.is_string):
            sign = "+" if isinstance(node, exp.Add) else "-"
            return exp.Anonymous(this="date", expressions=[exp.Literal.string("now"),
                                                           exp.Literal.string(f"{sign}{node.expression.this} days")])
        if isinstance(node, exp.OnConflict):
            for key in node.args.get("conflict_keys") or []:
                if isinstance(key, exp.Ordered):
                    key.set("nulls_first", not key.args.get("desc"))
        return node

    for node in list(tree.walk()):
        new = rewrite(node)
        if new is not node:
            if node is tree:
                continue
            node.replace(new)
