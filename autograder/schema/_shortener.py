"""The URL-shortener schema checks: load generated data, probe constraints, run queries, read plans."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import random
import re
import sqlite3
import string
from dataclasses import dataclass, field

from sqlglot import exp

from autograder.report import Finding, Missing, Report
from autograder.schema import _db
from autograder.schema._model import Roles, Table, aliases, check_choices, discover, introspect
from autograder.schema._sql import parse

QUERY_NAMES = ("redirect", "create_link", "user_links", "clicks_per_day")

QUERY_PARAMS = {
    "redirect": {"code"},
    "create_link": {"code", "long_url", "user_id", "created_at", "expires_at"},
    "user_links": {"user_id", "limit", "offset"},
    "clicks_per_day": {"code"},
}
REQUIRED_PARAMS = {
    "redirect": {"code"},
    "create_link": {"code", "long_url"},
    "user_links": {"user_id"},
    "clicks_per_day": {"code"},
}
QUERY_PURPOSE = {
    "redirect": "returns the long URL for a short code (:code)",
    "create_link": "stores a new link (:code, :long_url, and :user_id if links have an owner)",
    "user_links": "returns a user's links (:user_id), newest first",
    "clicks_per_day": "returns the number of clicks per day for one link (:code)",
}

_BASE62 = string.digits + string.ascii_letters
_START = dt.datetime(2025, 1, 1)
_FAR = dt.datetime(2099, 1, 1)


@dataclass(frozen=True)
class Scenario:
    users: int
    links: int
    clicks: int
    days: int
    samples: int
    edge_cases: bool
    seed: int


SCENARIOS = {
    "visible": Scenario(users=150, links=2_000, clicks=8_000, days=30, samples=12, edge_cases=False, seed=3),
    "hidden": Scenario(users=400, links=6_000, clicks=20_000, days=90, samples=25, edge_cases=True, seed=11),
}


# -- generated data ---------------------------------------------------------------------------


@dataclass
class Link:
    code: str
    long_url: str
    user: object
    created: dt.datetime
    target: object = None


@dataclass
class Data:
    links: list[Link] = field(default_factory=list)
    users: list = field(default_factory=list)
    idle_user: object = None
    clicks: list[tuple[str, dt.datetime]] = field(default_factory=list)
    unknown_code: str = ""
    edge_links: list[Link] = field(default_factory=list)


def _code(rng: random.Random, n: int = 7) -> str:
    return "".join(rng.choices(_BASE62, k=n))


def generate(s: Scenario, user_values: list) -> Data:
    """Links, users and clicks for scenario ``s`` (deterministic; cached, each call gets its own copy)."""
    try:
        key = (s, tuple(user_values))
        hash(key)
    except TypeError:
        return _generate(s, list(user_values))
    template = _generate_cached(*key)
    data = Data(
        links=[Link(lk.code, lk.long_url, lk.user, lk.created) for lk in template.links],
        users=list(template.users),
        idle_user=template.idle_user,
        clicks=list(template.clicks),
        unknown_code=template.unknown_code,
        edge_links=[Link(lk.code, lk.long_url, lk.user, lk.created) for lk in template.edge_links],
    )
    return data


@functools.lru_cache(maxsize=8)
def _generate_cached(s: Scenario, user_values: tuple) -> Data:
    return _generate(s, list(user_values))


def _generate(s: Scenario, user_values: list) -> Data:
    rng = random.Random(s.seed)
    data = Data()
    data.users = user_values[: s.users]
    data.idle_user = user_values[s.users] if len(user_values) > s.users else None
    codes: set[str] = set()
    order = list(range(s.links))
    rng.shuffle(order)
    for i in range(s.links):
        code = _code(rng)
        while code in codes or code.swapcase() in codes:
            code = _code(rng)
        codes.add(code)
        url = f"https://example.com/{rng.choice(['docs', 'blog', 'shop', 'news'])}/{i}?ref={_code(rng, 5)}"
        created = _START + dt.timedelta(seconds=97 * order[i] + 13)
        data.links.append(Link(code, url, rng.choice(data.users), created))
    popular = data.links[: max(1, s.links // 5)]
    for _ in range(s.clicks):
        link = rng.choice(popular)
        when = _START + dt.timedelta(days=rng.randrange(s.days), seconds=rng.randrange(86_400))
        data.clicks.append((link.code, when))
    if s.edge_cases:
        # a code that differs from an existing one only in letter case (base62 is case-sensitive)
        twin = next(lk for lk in data.links if any(ch.isalpha() for ch in lk.code))
        odd_url = "https://example.org/path/" + "x" * 1900 + "?q=it's+\"quoted\"&lang=日本語"
        created = _START + dt.timedelta(seconds=97 * s.links + 50)
        data.edge_links.append(Link(twin.code.swapcase(), odd_url, data.users[0], created))
        # clicks one second either side of midnight land on different days
        edge = data.links[0]
        midnight = _START + dt.timedelta(days=3)
        data.clicks.append((edge.code, midnight - dt.timedelta(seconds=1)))
        data.clicks.append((edge.code, midnight))
    unknown = _code(rng)
    while unknown in codes or unknown.swapcase() in codes:
        unknown = _code(rng)
    data.unknown_code = unknown
    return data


def _time_value(col, when: dt.datetime):
    if col is not None and col.affinity == "integer":
        return int(when.replace(tzinfo=dt.timezone.utc).timestamp())
    return when.isoformat(sep=" ")  # "YYYY-MM-DD HH:MM:SS" (the generated times have no fractions)


def _generic(col, i: int):
    """A value for a column the checker knows nothing about, unique per ``i``."""
    if col.choices:
        return col.choices[0]
    t = col.type.upper()
    if "BOOL" in t:
        return 0
    if col.is_time:
        return _time_value(col, _FAR + dt.timedelta(seconds=i))
    if col.affinity == "integer":
        return 1_000_000 + i
    if col.affinity == "real" or any(k in t for k in ("NUMERIC", "DECIMAL")):
        return float(i)
    if "UUID" in t:
        return f"{i:08x}-0000-4000-8000-{i:012x}"
    if "JSON" in t:
        return "{}"
    if "BLOB" in t or "BYTEA" in t:
        return i.to_bytes(8, "big")
    return f"{col.name}-{i}"


class LoadError(Exception):
    def __init__(self, message: str, original: Exception | None = None):
        super().__init__(message)
        self.original = original


class _Loader:
    """Inserts rows for the learner's tables, filling unknown columns and foreign keys."""

    def __init__(self, conn: sqlite3.Connection, tables: dict[str, Table], start: int = 0):
        self.conn = conn
        self.tables = tables
        self.counter = start  # generated values are unique per loader; probes start past the base data
        self.filling: set[str] = set()

    def parent_values(self, table_name: str, col: str | None, n: int = 20) -> list:
        table = self.tables.get(table_name.lower())
        if table is None or col is None:
            return []
        qt, qc = _q(table.name), _q(col)
        rows = [r[0] for r in self.conn.execute(f"SELECT {qc} FROM {qt} WHERE {qc} IS NOT NULL LIMIT 1000")]
        if not rows and table.name.lower() not in self.filling:
            self.insert(table, [{} for _ in range(n)])
            rows = [r[0] for r in self.conn.execute(f"SELECT {qc} FROM {qt} WHERE {qc} IS NOT NULL LIMIT 1000")]
        return rows

    def insert(self, table: Table, rows: list[dict]) -> None:
        """Insert ``rows`` (column -> value); other required columns get generated values."""
        if not rows:
            return
        self.filling.add(table.name.lower())
        try:
            given = {k.lower() for k in rows[0]}
            fk_cols: dict[str, list] = {}
            for fk in table.fks:
                if len(fk.cols) == 1 and fk.cols[0].lower() not in given:
                    col = table.col(fk.cols[0])
                    if col is not None and (col.notnull or fk.parent.lower() != table.name.lower()):
                        if fk.parent.lower() == table.name.lower():
                            continue
                        fk_cols[col.name.lower()] = self.parent_values(fk.parent, fk.parent_cols[0])
            names = [k for k in rows[0]]
            extra = []
            for c in table.columns:
                low = c.name.lower()
                if low in given:
                    continue
                if low in fk_cols and fk_cols[low]:
                    extra.append(c)
                elif table.rowid_alias and low == table.rowid_alias.lower():
                    continue
                elif c.default is None and (c.notnull or (c.pk and not table.rowid_alias)):
                    extra.append(c)
            cols = names + [c.name for c in extra]
            values = []
            for r_i, row in enumerate(rows):
                vals = [row[k] for k in names]
                for c in extra:
                    pool = fk_cols.get(c.name.lower())
                    self.counter += 1
                    vals.append(pool[r_i % len(pool)] if pool else _generic(c, self.counter))
                values.append(vals)
            col_sql = ", ".join(_q(c) for c in cols)
            marks = ", ".join("?" for _ in cols)
            sql = f"INSERT INTO {_q(table.name)} ({col_sql}) VALUES ({marks})" if cols else \
                f"INSERT INTO {_q(table.name)} DEFAULT VALUES"
            _db.guarded(self.conn, lambda: self.conn.executemany(sql, values) if cols else
                        [self.conn.execute(sql) for _ in values])
        except sqlite3.Error as err:
            raise LoadError(_load_message(table, err), err) from None
        finally:
            self.filling.discard(table.name.lower())


def _load_message(table: Table, err: Exception) -> str:
    text = str(err)
    m = re.search(r"NOT NULL constraint failed: (\S+)", text)
    if m:
        return (f"generated rows could not be stored in `{table.name}`: {text}. The checker fills columns it "
                f"does not know with simple values; give `{m.group(1)}` a DEFAULT or allow NULL.")
    if "CHECK constraint failed" in text:
        return (f"generated rows could not be stored in `{table.name}`: {text}. The checker fills columns "
                "it does not know with simple values; relax that CHECK or give the column a DEFAULT.")
    return f"generated rows could not be stored in `{table.name}`: {text}."


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# -- preparation -------------------------------------------------------------------------------


@dataclass
class _Query:
    name: str
    text: str | None = None
    tree: exp.Expression | None = None
    sqlite: str | None = None
    problem: str | None = None


@dataclass
class Prepared:
    scenario: Scenario
    problem: str | None = None
    """Why nothing past the schema could be checked."""
    notes: list[str] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    roles: Roles = field(default_factory=Roles)
    queries: dict[str, _Query] = field(default_factory=dict)
    base: sqlite3.Connection | None = None
    data: Data | None = None
    load_problem: str | None = None
    edge_problem: str | None = None
    clicks_problem: str | None = None


def _parse_queries(queries) -> tuple[dict[str, _Query], list[str]]:
    out = {name: _Query(name) for name in QUERY_NAMES}
    notes: list[str] = []
    if isinstance(queries, Missing):
        for q in out.values():
            q.problem = queries.message()
        return out, notes
    if not isinstance(queries, dict):
        for q in out.values():
            q.problem = (f"the queries should be a dict mapping names to SQL strings, "
                         f"e.g. {{'redirect': 'SELECT ...'}}; got {type(queries).__name__}.")
        return out, notes
    given = {str(k).strip().lower(): v for k, v in queries.items()}
    for name in QUERY_NAMES:
        q = out[name]
        if name not in given:
            close = difflib.get_close_matches(name, list(given), n=1)
            hint = f" (is `{close[0]}` meant to be `{name}`?)" if close else ""
            q.problem = f"no query named `{name}`{hint}: add one that {QUERY_PURPOSE[name]}."
            continue
        text = given[name]
        q.text = text
        parsed = parse(text, f"your `{name}` query")
        if parsed.problem:
            q.problem = parsed.problem.message
            continue
        if len(parsed.statements) != 1:
            q.problem = f"your `{name}` query holds {len(parsed.statements)} statements; write exactly one."
            continue
        st = parsed.statements[0]
        q.tree, q.sqlite = st.tree, st.sqlite
        q.problem = _param_problem(name, st.tree)
    return out, notes


def _param_problem(name: str, tree: exp.Expression) -> str | None:
    if tree.find(exp.Parameter) is not None or "?" in [n.name for n in tree.find_all(exp.Placeholder)]:
        return (f"your `{name}` query uses positional parameters ($1 or ?); use named ones "
                f"({', '.join(':' + p for p in sorted(REQUIRED_PARAMS[name]))}) so the checker knows what each means.")
    used = {p.name.lower() for p in tree.find_all(exp.Placeholder) if p.name}
    unknown = used - QUERY_PARAMS[name]
    if unknown:
        allowed = ", ".join(":" + p for p in sorted(QUERY_PARAMS[name]))
        return (f"your `{name}` query uses {', '.join(':' + u for u in sorted(unknown))}, which the checker does "
                f"not supply; it supplies {allowed}. Rename the parameter.")
    missing = REQUIRED_PARAMS[name] - used
    if missing:
        return (f"your `{name}` query does not use {', '.join(':' + m for m in sorted(missing))}; "
                f"it is the query that {QUERY_PURPOSE[name]}.")
    return None


_SCHEMA_STATEMENTS = (exp.Create,)


def prepare(ddl, queries, scenario: str | Scenario = "visible") -> Prepared:
    s = SCENARIOS.get(scenario, SCENARIOS["visible"]) if isinstance(scenario, str) else scenario
    prep = Prepared(s)
    prep.queries, notes = _parse_queries(queries)
    prep.notes += notes
    if isinstance(ddl, Missing):
        prep.problem = ddl.message()
        return prep
    parsed = parse(ddl, "your schema")
    prep.notes += parsed.notes
    if parsed.problem:
        prep.problem = parsed.problem.message
        return prep
    conn = _db.connect()
    prep.base = conn  # closed by _close() whatever happens next
    for i, st in enumerate(parsed.statements, 1):
        kind = (st.tree.args.get("kind") or "").upper() if isinstance(st.tree, exp.Create) else ""
        if kind not in ("TABLE", "INDEX", "VIEW"):
            prep.problem = (f"statement {i} of your schema (`{_short(st.source)}`) is not a CREATE TABLE or "
                            "CREATE INDEX; keep only the schema in it (queries go in the queries dict).")
            return prep
        try:
            _db.run_learner(conn, st.sqlite, what=f"statement {i} of your schema (`{_short(st.source)}`)")
        except _db.LearnerSqlError as err:
            prep.problem = f"{err} The schema must run before anything else can be checked."
            return prep
    prep.tables = introspect(conn, check_choices([st.tree for st in parsed.statements]))
    if not prep.tables:
        prep.problem = "your schema creates no table: write CREATE TABLE statements for links and clicks."
        return prep
    trees = {n: q.tree for n, q in prep.queries.items() if q.tree is not None}
    prep.roles = discover(prep.tables, trees)
    _load(prep)
    return prep


def _short(text: str, n: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."


def _owner_values(loader: _Loader, roles: Roles, n: int) -> list:
    links = roles.links
    col = links.col(roles.owner) if roles.owner else None
    if col is None:
        return [None] * (n + 1)
    for fk in links.fks:
        if len(fk.cols) == 1 and fk.cols[0].lower() == col.name.lower():
            parent = loader.tables.get(fk.parent.lower())
            if parent is not None:
                pcol = parent.col(fk.parent_cols[0]) if fk.parent_cols[0] else None
                if pcol is None or (parent.rowid_alias and pcol.name == parent.rowid_alias):
                    loader.insert(parent, [{} for _ in range(n + 1)])
                    key = pcol.name if pcol else "rowid"
                    return [r[0] for r in loader.conn.execute(f"SELECT {_q(key)} FROM {_q(parent.name)} ORDER BY rowid")]
                values = [_owner_value(pcol, i) for i in range(n + 1)]
                loader.insert(parent, [{pcol.name: v} for v in values])
                return values
    return [_owner_value(col, i) for i in range(n + 1)]


def _owner_value(col, i: int):
    if col.affinity == "integer":
        return i + 1
    if "UUID" in col.type.upper():
        return f"{i:08x}-1111-4111-8111-{i:012x}"
    return f"user-{i + 1}"


def _load(prep: Prepared) -> None:
    roles, conn = prep.roles, prep.base
    links = roles.links
    if links is None or roles.code is None or roles.long_url is None:
        prep.load_problem = _roles_problem(roles)
        return
    conn.execute("PRAGMA foreign_keys = OFF")  # wrong foreign keys are reported, not fatal to loading
    loader = _Loader(conn, prep.tables)
    try:
        users = _owner_values(loader, roles, prep.scenario.users)
        prep.data = data = generate(prep.scenario, users)
        created_col = links.col(roles.created)

        def row(lk: Link) -> dict:
            r = {roles.code: lk.code, roles.long_url: lk.long_url}
            if roles.owner:
                r[roles.owner] = lk.user
            if created_col is not None:
                r[created_col.name] = _time_value(created_col, lk.created)
            return r

        loader.insert(links, [row(lk) for lk in data.links])
        if data.edge_links:
            try:
                loader.insert(links, [row(lk) for lk in data.edge_links])
                data.links += data.edge_links
            except LoadError as err:
                prep.edge_problem = (
                    f"a link whose code differs from another only in letter case (`{data.edge_links[0].code}`) "
                    f"or has a 2,000-character URL could not be stored ({err}). Short codes are case-sensitive "
                    "(base62) and URLs can be long: drop COLLATE NOCASE and short length limits.")
        target = roles.click_target or roles.code
        by_code = {lk.code: lk for lk in data.links}
        for code, value in conn.execute(f"SELECT {_q(roles.code)}, {_q(target)} FROM {_q(links.name)}"):
            if code in by_code:
                by_code[code].target = value
        if roles.clicks is not None and roles.click_link and roles.click_time:
            time_col = roles.clicks.col(roles.click_time)
            try:
                loader.insert(roles.clicks, [
                    {roles.click_link: by_code[code].target, roles.click_time: _time_value(time_col, when)}
                    for code, when in data.clicks
                ])
            except LoadError as err:
                prep.clicks_problem = str(err)
        else:
            prep.clicks_problem = _clicks_roles_problem(roles)
    except LoadError as err:
        prep.load_problem = str(err)
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def _roles_problem(roles: Roles) -> str:
    if roles.links is None:
        return ("could not tell which table holds the links: the checker looks for the table your `redirect` "
                "query reads with `... = :code` (or a table with a code column and a URL column). "
                "Write that query, or add such a table.")
    if roles.code is None:
        return (f"could not tell which column of `{roles.links.name}` is the short code: compare it with :code in "
                "your `redirect` query.")
    return (f"could not tell which column of `{roles.links.name}` holds the long URL: select it in your "
            "`redirect` query, or insert :long_url into it in `create_link`.")


def _clicks_roles_problem(roles: Roles) -> str:
    if roles.clicks is None:
        return ("no table for clicks was found: add a table with one row per click that says which link was "
                "clicked and when, and use it in your `clicks_per_day` query.")
    if roles.click_link is None:
        return (f"could not tell which column of `{roles.clicks.name}` says which link was clicked: declare it "
                f"with REFERENCES {roles.links.name}(...) or join on it in `clicks_per_day`.")
    return (f"could not tell which column of `{roles.clicks.name}` holds the click time: give it a timestamp "
            "type (TIMESTAMPTZ) and group by its day in `clicks_per_day`.")


# -- criteria ----------------------------------------------------------------------------------

C_DUPLICATE = "duplicate short code is rejected"
C_URL = "link without a long URL is rejected"
C_ORPHAN = "click for a nonexistent link is rejected"
Q_REDIRECT = "redirect returns the right long URL"
Q_CREATE = "create_link stores a new link"
Q_USER = "user_links returns the user's links, newest first"
Q_CLICKS = "clicks_per_day counts each day's clicks"
P_REDIRECT = "redirect is answered through an index"
P_USER = "user_links is answered through an index"
P_CLICKS = "clicks_per_day is answered through an index"

CONSTRAINTS = (C_DUPLICATE, C_URL, C_ORPHAN)
QUERIES = (Q_REDIRECT, Q_CREATE, Q_USER, Q_CLICKS)
PLANS = (P_REDIRECT, P_USER, P_CLICKS)


def _not_checked(check: str, prep: Prepared) -> Finding | None:
    problem = prep.problem or prep.load_problem
    if problem:
        return Finding(check, False, f"not checked: {problem}")
    return None


def _new_link(prep: Prepared, code: str, url, offset: int = 0) -> dict:
    roles, data = prep.roles, prep.data
    row = {roles.code: code, roles.long_url: url}
    if roles.owner:
        row[roles.owner] = data.users[0]
    created = roles.links.col(roles.created)
    if created is not None:
        row[created.name] = _time_value(created, _START + dt.timedelta(days=400, seconds=offset))
    return row


def _fresh_code(prep: Prepared, salt: int) -> str:
    rng = random.Random(1000 + salt)
    taken = {lk.code for lk in prep.data.links}
    code = _code(rng)
    while code in taken:
        code = _code(rng)
    return code


def _probe(prep: Prepared, check: str, bad_row: dict, table: Table, control_row: dict, expect: str,
           accepted: str) -> Finding:
    """Insert a valid control row (must succeed), then a bad row (must be rejected)."""
    conn = _db.clone(prep.base)
    try:
        loader = _Loader(conn, prep.tables, start=50_000_000)
        try:
            loader.insert(table, [control_row])
        except LoadError as err:
            return Finding(check, False, f"a valid new row was rejected, so this could not be judged: {err}")
        try:
            loader.insert(table, [bad_row])
        except LoadError as err:
            if isinstance(err.original, sqlite3.IntegrityError):
                return Finding(check, True, expect)
            return Finding(check, False, f"the test insert failed for another reason: {err}")
        return Finding(check, False, accepted)
    finally:
        conn.close()


def check_duplicate_code(prep: Prepared) -> Finding:
    nc = _not_checked(C_DUPLICATE, prep)
    if nc:
        return nc
    r, existing = prep.roles, prep.data.links[5]
    where = f"`{r.links.name}.{r.code}`"
    return _probe(
        prep, C_DUPLICATE,
        _new_link(prep, existing.code, "https://example.net/other", 2), r.links,
        _new_link(prep, _fresh_code(prep, 1), "https://example.net/ok", 1),
        f"a second link with an existing code was rejected ({where} is unique).",
        f"a second link with the existing code `{existing.code}` was accepted, so one code could lead to two "
        f"URLs. Make {where} the PRIMARY KEY or declare it UNIQUE (or CREATE UNIQUE INDEX on it).",
    )


def check_long_url_required(prep: Prepared) -> Finding:
    nc = _not_checked(C_URL, prep)
    if nc:
        return nc
    r = prep.roles
    where = f"`{r.links.name}.{r.long_url}`"
    return _probe(
        prep, C_URL,
        _new_link(prep, _fresh_code(prep, 2), None, 2), r.links,
        _new_link(prep, _fresh_code(prep, 3), "https://example.net/ok", 1),
        f"a link with no long URL was rejected ({where} is NOT NULL).",
        f"a link with no long URL (NULL) was accepted: a redirect to nowhere. Declare {where} NOT NULL.",
    )


def check_orphan_click(prep: Prepared) -> Finding:
    nc = _not_checked(C_ORPHAN, prep)
    if nc:
        return nc
    r = prep.roles
    if prep.clicks_problem:
        return Finding(C_ORPHAN, False, prep.clicks_problem)
    clicks, links = r.clicks, r.links
    where = f"`{clicks.name}.{r.click_link}`"
    fks = [fk for fk in clicks.fks if [c.lower() for c in fk.cols] == [r.click_link.lower()]]
    target_hint = f"{links.name}({r.click_target})"
    if not fks:
        return Finding(C_ORPHAN, False,
                       f"{where} declares no foreign key, so clicks for links that do not exist are stored. "
                       f"Add REFERENCES {target_hint} to it.")
    fk = fks[0]
    if fk.parent.lower() != links.name.lower():
        return Finding(C_ORPHAN, False,
                       f"{where} references `{fk.parent}`, but it holds links' `{r.click_target}` values. "
                       f"Point it at {target_hint}.")
    parent_col = fk.parent_cols[0]
    try:
        bad = prep.base.execute(f"PRAGMA foreign_key_check({_q(clicks.name)})").fetchmany(1)
    except sqlite3.Error as err:
        if "mismatch" in str(err):
            return Finding(C_ORPHAN, False,
                           f"{where} references `{links.name}.{parent_col}`, which is neither the primary key nor "
                           f"UNIQUE, so the database cannot enforce it. Reference {target_hint}.")
        return Finding(C_ORPHAN, False, f"the foreign key of {where} could not be checked: {err}.")
    if bad:
        return Finding(C_ORPHAN, False,
                       f"{where} references `{links.name}.{parent_col}`, but your queries join it to "
                       f"`{links.name}.{r.click_target}`. Make the two agree: reference {target_hint}.")
    link = prep.data.links[0]
    time_col = clicks.col(r.click_time)
    when = _time_value(time_col, _START)
    missing = -987_654 if isinstance(link.target, int) else "no-such-link"
    return _probe(
        prep, C_ORPHAN,
        {r.click_link: missing, r.click_time: when}, clicks,
        {r.click_link: link.target, r.click_time: when},
        f"a click for a link that does not exist was rejected ({where} references {links.name}).",
        f"a click for a link that does not exist was accepted although {where} declares a foreign key. "
        f"Reference {target_hint} so the database checks it.",
    )


# -- query behaviour ---------------------------------------------------------------------------


def _query_gate(prep: Prepared, check: str, name: str, write: bool = False) -> tuple[Finding | None, _Query]:
    q = prep.queries[name]
    if q.problem:
        return Finding(check, False, q.problem), q
    nc = _not_checked(check, prep)
    if nc:
        return nc, q
    if write:
        if not isinstance(q.tree, exp.Insert):
            return Finding(check, False, f"your `{name}` query should INSERT a new link, but it is {_a(q.tree.key.upper())}. Write INSERT INTO <links table> (...) VALUES (...)."), q
    elif not isinstance(q.tree, exp.Query):
        return Finding(check, False, f"your `{name}` query should only read, but it is {_a(q.tree.key.upper())}. "
                                     "Write a SELECT; a read must not change data."), q
    return None, q


def _a(word: str) -> str:
    return ("an " if word[:1] in "AEIOU" else "a ") + word


def _run(conn, q: _Query, params: dict, read_only: bool = True) -> list[tuple]:
    return _db.run_learner(conn, q.sqlite, params, read_only=read_only, what=f"your `{q.name}` query")


def _sample(prep: Prepared, seq: list, salt: int) -> list:
    rng = random.Random(prep.scenario.seed * 31 + salt)
    n = min(len(seq), prep.scenario.samples)
    return rng.sample(seq, n)


def check_redirect_rows(prep: Prepared) -> Finding:
    gate, q = _query_gate(prep, Q_REDIRECT, "redirect")
    if gate:
        return gate
    if prep.edge_problem:
        return Finding(Q_REDIRECT, False, prep.edge_problem)
    conn = _db.clone(prep.base)
    try:
        links = _sample(prep, prep.data.links, 1) + prep.data.edge_links
        for lk in links:
            rows = _run(conn, q, {"code": lk.code})
            if not rows:
                return Finding(Q_REDIRECT, False, f"for code `{lk.code}` your query returned no row; it should "
                                                  f"return the row holding `{_short(lk.long_url)}`.")
            if len(rows) > 1:
                return Finding(Q_REDIRECT, False, f"for code `{lk.code}` your query returned {len(rows)} rows; "
                                                  "one code must give exactly one link (filter on the code).")
            if lk.long_url not in rows[0]:
                return Finding(Q_REDIRECT, False, f"for code `{lk.code}` the row returned does not hold its long URL "
                                                  f"`{_short(lk.long_url)}`; select the long-URL column.")
        rows = _run(conn, q, {"code": prep.data.unknown_code})
        if rows:
            return Finding(Q_REDIRECT, False, f"for an unknown code your query returned {len(rows)} row(s); it "
                                              "should return none (the service answers 404).")
    except _db.LearnerSqlError as err:
        return Finding(Q_REDIRECT, False, str(err))
    finally:
        conn.close()
    return Finding(Q_REDIRECT, True, f"returned the right long URL for {len(links)} codes and nothing for an unknown one.")


def check_create_link(prep: Prepared) -> Finding:
    gate, q = _query_gate(prep, Q_CREATE, "create_link", write=True)
    if gate:
        return gate
    r = prep.roles
    conn = _db.clone(prep.base)
    try:
        code, url = _fresh_code(prep, 7), "https://example.net/brand/new?x=1"
        user = prep.data.users[1 % len(prep.data.users)]
        params = {"code": code, "long_url": url, "user_id": user,
                  "created_at": (_START + dt.timedelta(days=500)).strftime("%Y-%m-%d %H:%M:%S"),
                  "expires_at": _FAR.strftime("%Y-%m-%d %H:%M:%S")}
        _run(conn, q, params, read_only=False)
        rows = conn.execute(f"SELECT {_q(r.long_url)}{', ' + _q(r.owner) if r.owner else ''} FROM {_q(r.links.name)} "
                            f"WHERE {_q(r.code)} = ?", (code,)).fetchall()
    except _db.LearnerSqlError as err:
        msg = str(err)
        if "NOT NULL constraint failed" in msg:
            msg += " Give that column a DEFAULT (e.g. DEFAULT now()) or insert a value for it."
        return Finding(Q_CREATE, False, msg)
    finally:
        conn.close()
    if len(rows) != 1 or rows[0][0] != url:
        return Finding(Q_CREATE, False, f"after running `create_link` with :code and :long_url, no row of "
                                        f"`{r.links.name}` has that code and URL; insert :code into `{r.code}` and "
                                        f":long_url into `{r.long_url}`.")
    used = {p.name.lower() for p in q.tree.find_all(exp.Placeholder)}
    if r.owner and "user_id" in used and rows[0][1] != user:
        return Finding(Q_CREATE, False, f"the new link's `{r.owner}` is not the :user_id given; insert :user_id into it.")
    return Finding(Q_CREATE, True, "inserted a link that the redirect can find.")


def _identify(rows: list[tuple], links: list[Link]) -> list[Link | None]:
    by_code = {lk.code: lk for lk in links}
    by_url = {lk.long_url: lk for lk in links}
    out = []
    for row in rows:
        hit = next((by_code[v] for v in row if isinstance(v, str) and v in by_code), None)
        hit = hit or next((by_url[v] for v in row if isinstance(v, str) and v in by_url), None)
        out.append(hit)
    if any(h is None for h in out):
        by_target = {lk.target: lk for lk in links}
        out = [h or next((by_target[v] for v in row if v in by_target), None) for h, row in zip(out, rows, strict=True)]
    return out


def check_user_links_rows(prep: Prepared) -> Finding:
    gate, q = _query_gate(prep, Q_USER, "user_links")
    if gate:
        return gate
    r, data = prep.roles, prep.data
    if r.owner is None:
        return Finding(Q_USER, False, f"`{r.links.name}` has no column saying which user owns a link; add one "
                                      "(e.g. user_id REFERENCES users(id)) and filter on it.")
    has_limit = q.tree.args.get("limit") is not None
    conn = _db.clone(prep.base)
    try:
        users = _sample(prep, data.users, 2)
        for user in users + [data.idle_user]:
            if user is None:
                continue
            expected = sorted((lk for lk in data.links if lk.user == user), key=lambda lk: lk.created, reverse=True)
            rows = _run(conn, q, {"user_id": user, "limit": 1000, "offset": 0})
            got = _identify(rows, data.links)
            if None in got:
                return Finding(Q_USER, False, "some rows returned hold neither the link's code nor its URL; "
                                              f"select at least `{r.code}`.")
            if has_limit and len(got) < len(expected) and len(got) >= 10:
                expected = expected[: len(got)]
            if got != expected:
                if {id(x) for x in got} == {id(x) for x in expected}:
                    return Finding(Q_USER, False, f"the right links came back for user {user!r} but not newest first; "
                                                  f"ORDER BY `{r.created}` DESC.")
                return Finding(Q_USER, False, f"for user {user!r} your query returned {len(got)} links; that user "
                                              f"owns {len(expected)}. Filter on the owner column with :user_id.")
    except _db.LearnerSqlError as err:
        return Finding(Q_USER, False, str(err))
    finally:
        conn.close()
    return Finding(Q_USER, True, f"returned each of {len(users)} users' links newest first (and none for a user "
                                 "without links).")


_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _as_day(value) -> str | None:
    if isinstance(value, str) and _DAY_RE.match(value):
        return value[:10]
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 10**8:
        return dt.datetime.fromtimestamp(value, dt.timezone.utc).strftime("%Y-%m-%d")
    return None


def check_clicks_per_day_rows(prep: Prepared) -> Finding:
    gate, q = _query_gate(prep, Q_CLICKS, "clicks_per_day")
    if gate:
        return gate
    if prep.clicks_problem:
        return Finding(Q_CLICKS, False, prep.clicks_problem)
    data = prep.data
    counts: dict[str, dict[str, int]] = {}
    for code, when in data.clicks:
        day = when.strftime("%Y-%m-%d")
        counts.setdefault(code, {}).setdefault(day, 0)
        counts[code][day] += 1
    clicked = [lk for lk in data.links if lk.code in counts]
    idle = next((lk for lk in data.links if lk.code not in counts), None)
    sample = _sample(prep, clicked, 3)
    if prep.scenario.edge_cases:
        sample.append(data.links[0])
    conn = _db.clone(prep.base)
    try:
        for lk in sample + ([idle] if idle else []):
            expected = counts.get(lk.code, {})
            rows = _run(conn, q, {"code": lk.code})
            got: dict[str, int] = {}
            for row in rows:
                days = [d for d in (_as_day(v) for v in row) if d]
                nums = [v for v in row if isinstance(v, int) and not isinstance(v, bool) and _as_day(v) is None]
                if not days or not nums:
                    return Finding(Q_CLICKS, False, "each row should hold a day and a count, e.g. "
                                                    "SELECT date_trunc('day', clicked_at) AS day, count(*) ...")
                if days[0] in got:
                    return Finding(Q_CLICKS, False, f"day {days[0]} appears in more than one row: group by the day "
                                                    "(date_trunc('day', t) or t::date), not the full timestamp.")
                got[days[0]] = nums[-1]
            if got != expected:
                wrong = sorted(set(got.items()) ^ set(expected.items()))[:1]
                detail = f" (e.g. {wrong[0][0]}: expected {expected.get(wrong[0][0], 0)}, got {got.get(wrong[0][0], 0)})" \
                    if wrong else ""
                return Finding(Q_CLICKS, False, f"for code `{lk.code}` the daily counts are wrong{detail}: count "
                                                "only that link's clicks, grouped by calendar day.")
    except _db.LearnerSqlError as err:
        return Finding(Q_CLICKS, False, str(err))
    finally:
        conn.close()
    return Finding(Q_CLICKS, True, f"daily counts right for {len(sample)} links (and none for a link never clicked).")


# -- query plans -------------------------------------------------------------------------------

_PLAN_RE = re.compile(r"^(SCAN|SEARCH) (?:TABLE )?(\S+)(?: AS (\S+))?(.*)$")


def _plan_finding(prep: Prepared, check: str, name: str, table: Table | None, col: str | None,
                  params: dict, fix: str) -> tuple[Finding, list[str]]:
    q = prep.queries[name]
    gate, q = _query_gate(prep, check, name)
    if gate:
        return gate, []
    if table is None or col is None:
        return Finding(check, False, f"not checked: {prep.clicks_problem or _roles_problem(prep.roles)}"), []
    conn = _db.clone(prep.base)
    try:
        lines = [row[3] for row in _db.run_learner(conn, "EXPLAIN QUERY PLAN " + q.sqlite, params, read_only=True,
                                                   what=f"your `{name}` query")]
    except _db.LearnerSqlError as err:
        return Finding(check, False, str(err)), []
    finally:
        conn.close()
    names = {k for k, t in aliases(q.tree, prep.tables).items() if t is table} | {table.name.lower()}
    key = "rowid" if table.rowid_alias and col.lower() == table.rowid_alias.lower() else col.lower()
    seen = False
    for line in lines:
        m = _PLAN_RE.match(line.strip())
        if not m or (m.group(2).lower() not in names and (m.group(3) or "").lower() not in names):
            continue
        seen = True
        rest = m.group(4)
        if m.group(1) == "SEARCH" and "AUTOMATIC" not in rest:
            cm = re.search(r"\((.*)\)\s*$", rest)
            first = re.split(r"\s+AND\s+", cm.group(1))[0] if cm else ""
            if re.match(rf"^{re.escape(key)}\s*(=|>|<|IN\b)", first, re.I) or first.lower().startswith(key + "="):
                return Finding(check, True, f"SQLite answers it with `{line.strip()}`."), lines
    plan = "; ".join(line.strip() for line in lines)
    where = f"`{table.name}.{col}`"
    if not seen:
        return Finding(check, False, f"your `{name}` query does not read table `{table.name}` (plan: {plan}); "
                                     f"it should look rows up in it by {where}."), lines
    idx = table.leading_index(col)
    if idx is not None:
        return Finding(check, False,
                       f"your `{name}` query scans table `{table.name}` (plan: {plan}) although index `{idx.name}` "
                       f"starts with {where}: compare the bare column with the parameter (`{col} = :{next(iter(params))}`). Wrapping "
                       "the column in a function such as lower(), a cast, arithmetic, concatenation or a LIKE "
                       "pattern stops the index from being used."), lines
    others = [i for i in table.indexes if col.lower() in [(c or "").lower() for c in i.cols[1:]]]
    extra = (f" Index `{others[0].name}` holds it, but not first: an index helps only from its first column."
             if others else "")
    return Finding(check, False, f"your `{name}` query scans table `{table.name}` (plan: {plan}): {fix}.{extra}"), lines


def check_redirect_plan(prep: Prepared) -> Finding:
    r = prep.roles
    code = prep.data.links[0].code if prep.data else "abc"
    where = f"{r.links.name} ({r.code})" if r.links else "the links table"
    return _plan_finding(prep, P_REDIRECT, "redirect", r.links, r.code, {"code": code},
                         f"make `{r.code}` the PRIMARY KEY or declare it UNIQUE, or CREATE UNIQUE INDEX ON {where}")[0]


def check_user_links_plan(prep: Prepared) -> tuple[Finding, list[str]]:
    r = prep.roles
    if prep.problem is None and prep.load_problem is None and r.owner is None and not prep.queries["user_links"].problem:
        return Finding(P_USER, False, f"`{r.links.name}` has no owner column, so there is nothing to index; add one."), []
    user = prep.data.users[0] if prep.data else 1
    return _plan_finding(prep, P_USER, "user_links", r.links, r.owner, {"user_id": user, "limit": 1000, "offset": 0},
                         f"CREATE INDEX ON {r.links.name if r.links else 'links'} ({r.owner}, {r.created or 'created_at'} DESC)")


def check_clicks_plan(prep: Prepared) -> Finding:
    r = prep.roles
    code = prep.data.links[0].code if prep.data else "abc"
    table = r.clicks.name if r.clicks else "clicks"
    return _plan_finding(prep, P_CLICKS, "clicks_per_day", r.clicks, r.click_link, {"code": code},
                         f"CREATE INDEX ON {table} ({r.click_link}, {r.click_time or 'clicked_at'})")[0]


# -- reports -----------------------------------------------------------------------------------


def _header(report: Report, prep: Prepared, with_notes: bool) -> None:
    if prep.problem:
        report.add("schema runs in SQLite", False, prep.problem, weight=0)
        return
    r = prep.roles
    found = []
    if r.links is not None:
        found.append(f"links in `{r.links.name}` (code `{r.code}`, long URL `{r.long_url}`"
                     + (f", owner `{r.owner}`" if r.owner else "") + (f", created `{r.created}`" if r.created else "") + ")")
    if r.clicks is not None:
        found.append(f"clicks in `{r.clicks.name}` (link `{r.click_link}`, time `{r.click_time}`)")
    report.add("schema runs in SQLite", True,
               f"{len(prep.tables)} table(s) created. The checker found " + ("; ".join(found) or "no links table")
               + ".", weight=0)
    if with_notes:
        for note in prep.notes:
            report.add("note", True, note, weight=0)


def _finish(report: Report, prep: Prepared, findings: list[Finding]) -> Report:
    if prep.problem:
        # Nothing else can be judged: every criterion fails, pointing back at the schema.
        for f in findings:
            report.add(f.check, False, "not checked until the schema runs (see above).", f.weight)
        return report
    report.extend(findings)
    return report


def _close(prep: Prepared) -> None:
    if prep.base is not None:
        prep.base.close()
        prep.base = None


def constraint_findings(prep: Prepared) -> list[Finding]:
    return [check_duplicate_code(prep), check_long_url_required(prep), check_orphan_click(prep)]


def query_findings(prep: Prepared) -> list[Finding]:
    return [check_redirect_rows(prep), check_create_link(prep), check_user_links_rows(prep),
            check_clicks_per_day_rows(prep)]


def plan_findings(prep: Prepared) -> list[Finding]:
    user_finding, lines = check_user_links_plan(prep)
    out = [check_redirect_plan(prep), user_finding, check_clicks_plan(prep)]
    if user_finding.passed and any("TEMP B-TREE FOR ORDER BY" in line for line in lines):
        out.append(Finding("tip", True, "user_links sorts its rows after finding them (USE TEMP B-TREE FOR ORDER "
                                        "BY); an index on (owner, created DESC) would return them already sorted.", 0))
    return out
