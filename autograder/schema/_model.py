"""What the learner's schema is, read back from SQLite, and which of its parts play which role.

Roles are discovered, never assumed by name: first from the learner's own
queries (the column compared with ``:code`` in the redirect query *is* the
code column, the table joined in the clicks query *is* the clicks table),
then from declared keys, and only last from name patterns.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from dataclasses import dataclass, field

from sqlglot import exp


@dataclass
class Column:
    name: str
    type: str
    notnull: bool
    default: str | None
    pk: int
    choices: list = field(default_factory=list)
    """Allowed values when a CHECK (col IN (...)) constraint lists them."""

    @functools.cached_property
    def affinity(self) -> str:
        t = self.type.upper()
        if "INT" in t:
            return "integer"
        if any(k in t for k in ("CHAR", "CLOB", "TEXT")):
            return "text"
        if "BLOB" in t or not t:
            return "blob"
        if any(k in t for k in ("REAL", "FLOA", "DOUB")):
            return "real"
        return "numeric"

    @property
    def is_time(self) -> bool:
        t = self.type.upper()
        return "TIME" in t or "DATE" in t


@dataclass
class ForeignKey:
    cols: list[str]
    parent: str
    parent_cols: list[str | None]


@dataclass
class Index:
    name: str
    unique: bool
    cols: list[str | None]
    partial: bool
    origin: str


@dataclass
class Table:
    name: str
    columns: list[Column]
    fks: list[ForeignKey]
    indexes: list[Index]
    rowid_alias: str | None
    without_rowid: bool

    def col(self, name: str | None) -> Column | None:
        if name is None:
            return None
        for c in self.columns:
            if c.name.lower() == name.lower():
                return c
        return None

    @property
    def pk_cols(self) -> list[str]:
        return [c.name for c in sorted(self.columns, key=lambda c: c.pk) if c.pk]

    def leading_index(self, col: str) -> Index | None:
        """An index (or the primary key) whose first column is ``col``."""
        if self.rowid_alias and self.rowid_alias.lower() == col.lower():
            return Index("INTEGER PRIMARY KEY", True, [col], False, "pk")
        for idx in self.indexes:
            if idx.cols and idx.cols[0] and idx.cols[0].lower() == col.lower() and not idx.partial:
                return idx
        return None

    def is_unique(self, col: str) -> bool:
        if self.rowid_alias and self.rowid_alias.lower() == col.lower():
            return True
        return any(i.unique and not i.partial and len(i.cols) == 1 and (i.cols[0] or "").lower() == col.lower()
                   for i in self.indexes)


def introspect(conn: sqlite3.Connection, check_choices: dict[str, dict[str, list]] | None = None) -> dict[str, Table]:
    """The tables of ``conn``, keyed by lower-case name."""
    tables: dict[str, Table] = {}
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
    ).fetchall()
    for name, sql in rows:
        q = name.replace('"', '""')
        cols = []
        for _cid, cname, ctype, notnull, default, pk in conn.execute(f'PRAGMA table_info("{q}")'):
            choices = ((check_choices or {}).get(name.lower()) or {}).get(cname.lower(), [])
            cols.append(Column(cname, ctype or "", bool(notnull), default, pk, list(choices)))
        fk_map: dict[int, ForeignKey] = {}
        for fid, _seq, parent, frm, to, *_ in conn.execute(f'PRAGMA foreign_key_list("{q}")'):
            fk = fk_map.setdefault(fid, ForeignKey([], parent, []))
            fk.cols.append(frm)
            fk.parent_cols.append(to)
        indexes = []
        for _seq, iname, unique, origin, partial in conn.execute(f'PRAGMA index_list("{q}")'):
            iq = iname.replace('"', '""')
            icols = [r[2] for r in conn.execute(f'PRAGMA index_info("{iq}")')]
            indexes.append(Index(iname, bool(unique), icols, bool(partial), origin))
        without_rowid = bool(re.search(r"\)\s*WITHOUT\s+ROWID", sql or "", re.I))
        pk_cols = [c for c in cols if c.pk]
        alias = None
        if len(pk_cols) == 1 and pk_cols[0].type.upper() == "INTEGER" and not without_rowid:
            alias = pk_cols[0].name
        tables[name.lower()] = Table(name, cols, list(fk_map.values()), indexes, alias, without_rowid)
    # Resolve foreign keys that name no parent column (they mean the parent's primary key).
    for t in tables.values():
        for fk in t.fks:
            parent = tables.get(fk.parent.lower())
            if parent is not None:
                fk.parent = parent.name
                pks = parent.pk_cols or (["rowid"] if not parent.without_rowid else [])
                fk.parent_cols = [c if c else (pks[i] if i < len(pks) else None) for i, c in enumerate(fk.parent_cols)]
    return tables


def check_choices(trees: list[exp.Expression]) -> dict[str, dict[str, list]]:
    """Values allowed by ``CHECK (col IN (...))`` constraints, so generated rows can satisfy them."""
    out: dict[str, dict[str, list]] = {}
    for tree in trees:
        if not (isinstance(tree, exp.Create) and isinstance(tree.this, exp.Schema)):
            continue
        table = tree.this.this.name.lower()
        for node in tree.find_all(exp.In):
            if isinstance(node.this, exp.Column) and node.expressions and all(
                isinstance(e, exp.Literal) for e in node.expressions
            ):
                lits = [e.this if e.is_string else _num(e.this) for e in node.expressions]
                out.setdefault(table, {})[node.this.name.lower()] = lits
    return out


def _num(text: str):
    try:
        return int(text)
    except ValueError:
        return float(text)


# -- roles ------------------------------------------------------------------------------------


@dataclass
class Roles:
    links: Table | None = None
    code: str | None = None
    long_url: str | None = None
    owner: str | None = None
    created: str | None = None
    clicks: Table | None = None
    click_link: str | None = None
    """Column of the clicks table that says which link was clicked."""
    click_target: str | None = None
    """Column of the links table that ``click_link`` holds values of."""
    click_time: str | None = None
    evidence: list[str] = field(default_factory=list)


def aliases(tree: exp.Expression, tables: dict[str, Table]) -> dict[str, Table]:
    """alias or name (lower case) -> table, for the schema's tables used in ``tree``."""
    out: dict[str, Table] = {}
    for t in tree.find_all(exp.Table):
        table = tables.get(t.name.lower())
        if table is not None:
            out[t.name.lower()] = table
            if t.alias:
                out[t.alias.lower()] = table
    return out


def resolve(col: exp.Column, names: dict[str, Table]) -> tuple[Table, str] | None:
    """The table and column a column reference in a query means."""
    if not isinstance(col, exp.Column):
        return None
    if col.table:
        table = names.get(col.table.lower())
        if table is not None and (table.col(col.name) or col.name.lower() == "rowid"):
            c = table.col(col.name)
            return table, (c.name if c else "rowid")
        return None
    found = {id(t): t for t in names.values() if t.col(col.name)}
    if len(found) == 1:
        table = next(iter(found.values()))
        return table, table.col(col.name).name
    return None


def placeholder_columns(tree: exp.Expression, tables: dict[str, Table]) -> dict[str, tuple[Table, str]]:
    """Placeholder name -> the column it is compared with (``col = :name``) or inserted into."""
    names = aliases(tree, tables)
    out: dict[str, tuple[Table, str]] = {}
    for eq in tree.find_all(exp.EQ):
        left, right = eq.this, eq.expression
        for a, b in ((left, right), (right, left)):
            if isinstance(b, exp.Placeholder) and b.name:
                target = a
                while isinstance(target, (exp.Func, exp.Paren, exp.Cast)) and not isinstance(target, exp.Column):
                    target = target.this if isinstance(target.this, exp.Expression) else None
                    if target is None:
                        break
                if isinstance(target, exp.Column):
                    hit = resolve(target, names)
                    if hit:
                        out.setdefault(b.name.lower(), hit)
    if isinstance(tree, exp.Insert):
        schema = tree.this
        values = tree.expression
        if isinstance(schema, exp.Schema) and isinstance(values, exp.Values) and values.expressions:
            table = tables.get(schema.this.name.lower()) if isinstance(schema.this, exp.Table) else None
            row = values.expressions[0]
            items = row.expressions if isinstance(row, exp.Tuple) else [row]
            if table is not None:
                for col, value in zip(schema.expressions, items, strict=False):
                    if isinstance(value, exp.Placeholder) and value.name and table.col(col.name):
                        out.setdefault(value.name.lower(), (table, table.col(col.name).name))
    return out


_CODE_RE = re.compile(r"code|slug|alias|short|key|hash|token", re.I)
_URL_RE = re.compile(r"url|uri|target|destination|original|long|link", re.I)
_OWNER_RE = re.compile(r"user|owner|account|creator|author|customer", re.I)
_CREATED_RE = re.compile(r"creat|inserted|added|made|_at$|time|date", re.I)
_CLICKS_RE = re.compile(r"click|visit|hit|event|view|access|redirect", re.I)


def discover(tables: dict[str, Table], queries: dict[str, exp.Expression]) -> Roles:
    roles = Roles()
    hits = {name: placeholder_columns(tree, tables) for name, tree in queries.items()}

    # The links table and its code column: compared with :code in the redirect, or inserted from :code.
    for qname in ("redirect", "create_link"):
        hit = hits.get(qname, {}).get("code")
        if hit and roles.links is None:
            roles.links, roles.code = hit
            roles.evidence.append(f"`{hit[0].name}.{hit[1]}` is the short code (from your `{qname}` query)")
    url_hit = hits.get("create_link", {}).get("long_url")
    if url_hit and (roles.links is None or url_hit[0] is roles.links):
        roles.links = url_hit[0]
        roles.long_url = url_hit[1]
    if roles.links is not None and roles.long_url is None and "redirect" in queries:
        names = aliases(queries["redirect"], tables)
        tree = queries["redirect"]
        if isinstance(tree, exp.Select):
            for e in tree.expressions:
                col = e.this if isinstance(e, exp.Alias) else e
                hit = resolve(col, names) if isinstance(col, exp.Column) else None
                if hit and hit[0] is roles.links and hit[1] != roles.code:
                    roles.long_url = hit[1]
                    break
    if roles.links is None:
        candidates = [t for t in tables.values() if _find(t, _CODE_RE, text=True) and _find(t, _URL_RE, text=True)]
        if candidates:
            roles.links = candidates[0]
    links = roles.links
    if links is None:
        return roles
    if roles.code is None:
        roles.code = _find(links, _CODE_RE, text=True, exclude={roles.long_url})
    if roles.long_url is None:
        roles.long_url = _find(links, _URL_RE, text=True, exclude={roles.code})

    # Owner and creation time: from the user_links query, the insert, then declared keys and names.
    owner_hit = hits.get("user_links", {}).get("user_id") or hits.get("create_link", {}).get("user_id")
    if owner_hit and owner_hit[0] is links:
        roles.owner = owner_hit[1]
    else:
        for fk in links.fks:
            if len(fk.cols) == 1 and fk.parent.lower() != links.name.lower():
                roles.owner = fk.cols[0]
                break
        else:
            roles.owner = _find(links, _OWNER_RE, exclude={roles.code, roles.long_url})
    tree = queries.get("user_links")
    if tree is not None:
        names = aliases(tree, tables)
        order = tree.args.get("order") if isinstance(tree, exp.Select) else None
        if order is not None:
            for o in order.expressions:
                target = o.this
                hit = resolve(target, names) if isinstance(target, exp.Column) else None
                if hit and hit[0] is links:
                    roles.created = hit[1]
                    break
    if roles.created is None:
        created_hit = hits.get("create_link", {}).get("created_at")
        if created_hit and created_hit[0] is links:
            roles.created = created_hit[1]
    if roles.created is None:
        timed = [c.name for c in links.columns if c.is_time and re.search(r"creat|insert|add", c.name, re.I)]
        timed = timed or [c.name for c in links.columns if c.is_time and not re.search(r"expir|until|delet", c.name, re.I)]
        roles.created = timed[0] if timed else None

    _discover_clicks(roles, tables, queries)
    return roles


def _discover_clicks(roles: Roles, tables: dict[str, Table], queries: dict[str, exp.Expression]) -> None:
    links = roles.links
    tree = queries.get("clicks_per_day")
    if tree is not None:
        names = aliases(tree, tables)
        others = {id(t): t for t in names.values() if t is not links}
        if len(others) == 1:
            roles.clicks = next(iter(others.values()))
        if roles.clicks is not None:
            for eq in tree.find_all(exp.EQ):
                a, b = resolve(eq.this, names), resolve(eq.expression, names)
                if a and b and {id(a[0]), id(b[0])} == {id(roles.clicks), id(links)}:
                    click_side, link_side = (a, b) if a[0] is roles.clicks else (b, a)
                    roles.click_link, roles.click_target = click_side[1], link_side[1]
                    break
            else:
                hit = placeholder_columns(tree, tables).get("code")
                if hit and hit[0] is roles.clicks:
                    roles.click_link, roles.click_target = hit[1], roles.code
            # the time column: a column of clicks inside the GROUP BY or a date function
            group = tree.args.get("group") if isinstance(tree, exp.Select) else None
            pool = list(group.expressions) if group is not None else []
            pool += list(tree.expressions) if isinstance(tree, exp.Select) else []
            for e in pool:
                for col in e.find_all(exp.Column):
                    hit = resolve(col, names)
                    if hit and hit[0] is roles.clicks and hit[1] != roles.click_link:
                        roles.click_time = hit[1]
                        break
                if roles.click_time:
                    break
    if roles.clicks is None:
        referring = [t for t in tables.values() if t is not links and any(fk.parent.lower() == links.name.lower() for fk in t.fks)]
        named = [t for t in tables.values() if t is not links and _CLICKS_RE.search(t.name)]
        pick = referring or named
        roles.clicks = pick[0] if pick else None
    clicks = roles.clicks
    if clicks is None:
        return
    if roles.click_link is None:
        for fk in clicks.fks:
            if fk.parent.lower() == links.name.lower() and len(fk.cols) == 1:
                roles.click_link, roles.click_target = fk.cols[0], fk.parent_cols[0]
                break
    if roles.click_link is None:
        roles.click_link = _find(clicks, re.compile(r"link|url|code|short", re.I))
        if roles.click_link is not None:
            col = clicks.col(roles.click_link)
            roles.click_target = roles.code if col.affinity == "text" else (links.pk_cols or [roles.code])[0]
    if roles.click_target is None and roles.click_link is not None:
        roles.click_target = (links.pk_cols or [roles.code])[0]
    if roles.click_target == "rowid" and links.rowid_alias:
        roles.click_target = links.rowid_alias
    if roles.click_time is None:
        timed = [c.name for c in clicks.columns if c.is_time]
        roles.click_time = timed[0] if timed else _find(clicks, re.compile(r"_at$|time|date|when", re.I))


def _find(table: Table, pattern: re.Pattern, text: bool = False, exclude=frozenset()) -> str | None:
    for c in table.columns:
        if c.name in exclude or (text and c.affinity not in ("text", "blob", "numeric")):
            continue
        if pattern.search(c.name):
            return c.name
    return None
