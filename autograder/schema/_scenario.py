"""Scenario descriptions: what a schema must store and answer, as data.

A scenario is a dict (see ``autograder/schema/scenarios/shortener.py`` for a full one):

``name``, ``title``
    Identifiers for messages.
``queries``
    The learner's named queries: ``{name: {"kind": "write"|"read", "params": [...], "required": [...],
    "purpose": "...", "entity": <for writes>, "optional": bool, "returns_key": bool}}``. Writes store
    the generated rows of their ``entity``; ``returns_key`` means the query returns the new row's key
    (``RETURNING id``), which other rows then use (``{"field": "key"}``).
``entities``
    ``{name: {"create": <write query>, "count": {"visible": n, "hidden": m}, "fields": {param: spec},
    "edge": [{"scope": [...], "why": "...", "fields": {param: spec}}]}}``, in loading order. Field specs:
    ``{"value": x}``, ``{"time": "2025-01-01T00:00:00Z"}``, ``{"gen": "template", "template": "u{i}"}``,
    ``{"gen": "code", "length": 7}`` (base62, unique even ignoring case), ``{"gen": "url"}``,
    ``{"gen": "long_url", "length": n}``, ``{"gen": "time", "start": t, "step_seconds": s, "shuffle": b}``
    (distinct times), ``{"gen": "random_time", "start": t, "days": d}``,
    ``{"ref": entity, "field": f, "skip_last": k, "popular": share}`` (a value of an earlier entity's
    row), ``{"row": entity, "index": i, "field": f}``, ``{"swapcase_of": i}`` (row ``i``'s value with
    letter case swapped), ``{"fresh": "entity.field"}`` (a value no row has).
``reference``
    ``{"ddl": ..., "queries": {...}}``: a model answer. Expected results are what it returns.
``criteria``
    A list of ``{"name", "group", "kind", ...}``; kinds: ``refuse`` (a write that must store nothing
    or fail with an integrity error, optionally with a ``foreign_key`` between the tables two writes
    use), ``rows`` (a read whose rows must match the reference's on ``cases``), ``stored`` (every
    generated row of ``entities`` was stored), ``index`` (the plan reaches the table a write uses
    through an index). ``data`` lists the entities a criterion needs loaded.
``kv`` (optional)
    The key-value variant: ``key_fields``, ``fields``, ``must_hold``, ``ttl``, ``patterns``,
    ``single_get``, ``why_not``.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import string
from dataclasses import dataclass, field
from typing import Any

__all__ = ["SCOPES", "Data", "Scenario", "generate", "load"]

SCOPES = ("visible", "hidden")
KINDS = ("refuse", "rows", "stored", "index")
_BASE62 = string.digits + string.ascii_letters


class ScenarioError(ValueError):
    """The scenario description itself is wrong (an authoring error, not the learner's)."""


@dataclass
class Scenario:
    name: str
    title: str
    queries: dict[str, dict]
    entities: dict[str, dict]
    reference: dict
    criteria: list[dict]
    kv: dict | None = None
    seed: int = 7

    def criteria_of(self, group: str | None) -> list[dict]:
        return [c for c in self.criteria if group is None or c["group"] == group]

    @property
    def groups(self) -> list[str]:
        out: list[str] = []
        for c in self.criteria:
            if c["group"] not in out:
                out.append(c["group"])
        return out


def load(spec: str | dict | Scenario) -> Scenario:
    """A scenario from its name (``"shortener"``), a dict in the format above, or a Scenario."""
    if isinstance(spec, Scenario):
        return spec
    if isinstance(spec, str):
        from autograder.schema import scenarios

        return _parse(scenarios.raw(spec))
    if isinstance(spec, dict):
        return _parse(spec)
    raise ScenarioError(f"a scenario is a name or a dict, not {type(spec).__name__}")


def _parse(raw: dict) -> Scenario:
    for key in ("name", "queries", "entities", "reference", "criteria"):
        if key not in raw:
            raise ScenarioError(f"scenario lacks {key!r}")
    queries = raw["queries"]
    for name, q in queries.items():
        if q.get("kind") not in ("write", "read"):
            raise ScenarioError(f"query {name!r}: kind must be 'write' or 'read'")
    for name, e in raw["entities"].items():
        if e.get("create") not in queries:
            raise ScenarioError(f"entity {name!r}: create names no query")
    for c in raw["criteria"]:
        if c.get("kind") not in KINDS:
            raise ScenarioError(f"criterion {c.get('name')!r}: kind must be one of {KINDS}")
    missing = [n for n in queries if n not in raw["reference"].get("queries", {})
               and not queries[n].get("optional")]
    if missing:
        raise ScenarioError(f"the reference answer lacks queries {missing}")
    return Scenario(raw["name"], raw.get("title", raw["name"]), queries, raw["entities"], raw["reference"],
                    list(raw["criteria"]), raw.get("kv"), int(raw.get("seed", 7)))


def scoped(value: Any, scope: str) -> Any:
    """``{"visible": a, "hidden": b}`` -> the one for ``scope``; anything else as is."""
    if isinstance(value, dict) and set(value) <= set(SCOPES) and value:
        return value.get(scope, value.get("visible"))
    return value


def parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


# -- generated rows --------------------------------------------------------------------------------


@dataclass
class Row:
    entity: str
    index: int
    """Position among the entity's rows (ordinary rows first, then edge rows)."""
    values: dict[str, Any]
    """Parameter values, with references still symbolic: ``("key", entity, index)``."""
    edge: str | None = None
    """Why this row is an awkward case (None for ordinary rows)."""


@dataclass
class Data:
    scope: str
    rows: dict[str, list[Row]] = field(default_factory=dict)
    ordinary: dict[str, int] = field(default_factory=dict)
    fresh: dict[str, Any] = field(default_factory=dict)


class Key:
    """Stands for the key of a row, known only after that row is stored on one side."""

    __slots__ = ("entity", "index")

    def __init__(self, entity: str, index: int):
        self.entity, self.index = entity, index

    def __repr__(self) -> str:
        return f"Key({self.entity}, {self.index})"


def _code(rng: random.Random, n: int) -> str:
    while True:
        code = "".join(rng.choices(_BASE62, k=n))
        if any(ch.isalpha() for ch in code):
            return code


@functools.lru_cache(maxsize=16)
def _generate_cached(name: str, scope: str, frozen: str) -> Data:
    import json

    return _generate(json.loads(frozen), scope)


def generate(sc: Scenario, scope: str) -> Data:
    """The rows of every entity for ``scope`` (deterministic; cached per scenario and scope)."""
    import json

    frozen = json.dumps({"entities": sc.entities, "seed": sc.seed}, default=str)  # keeps entity order
    return _generate_cached(sc.name, scope, frozen)


def _generate(raw: dict, scope: str) -> Data:
    rng = random.Random(raw["seed"] * 1009 + SCOPES.index(scope))
    data = Data(scope)
    taken: dict[str, set[str]] = {}
    for ename, ent in raw["entities"].items():
        count = int(scoped(ent.get("count", 1), scope))
        rows = [Row(ename, i, {}) for i in range(count)]
        data.rows[ename] = rows
        data.ordinary[ename] = count
        for fname, spec in ent.get("fields", {}).items():
            values = _column(spec, count, rng, data, taken.setdefault(f"{ename}.{fname}", set()), scope)
            for row, v in zip(rows, values, strict=True):
                row.values[fname] = v
        for edge in ent.get("edge", []):
            if scope not in edge.get("scope", SCOPES):
                continue
            base = rows[len(data.rows[ename]) % max(1, count)] if count else None
            edge_values = dict(base.values) if base is not None else {}
            for fname, spec in edge.get("fields", {}).items():
                edge_values[fname] = _single(spec, rng, data, ename, fname, taken.setdefault(f"{ename}.{fname}", set()))
            for fname, spec in ent.get("fields", {}).items():
                if fname in edge.get("fields", {}):
                    continue
                if spec.get("gen") == "code":
                    edge_values[fname] = _unique_code(rng, int(spec.get("length", 7)), taken[f"{ename}.{fname}"])
                elif spec.get("gen") == "time":  # distinct from every ordinary row's time
                    step = float(spec.get("step_seconds", 60))
                    edge_values[fname] = parse_time(spec["start"]) + dt.timedelta(seconds=step * len(data.rows[ename]))
            data.rows[ename].append(Row(ename, len(data.rows[ename]), edge_values, edge.get("why", "an awkward case")))
    for key, seen in taken.items():
        length = max((len(s) for s in seen if isinstance(s, str)), default=7)
        data.fresh[key] = _unique_code(rng, length, seen)
    return data


def _unique_code(rng: random.Random, n: int, seen: set) -> str:
    code = _code(rng, n)
    while code.lower() in {s.lower() for s in seen if isinstance(s, str)}:
        code = _code(rng, n)
    seen.add(code)
    return code


def _column(spec: dict, count: int, rng: random.Random, data: Data, seen: set, scope: str) -> list:
    gen = spec.get("gen")
    if "value" in spec:
        return [spec["value"]] * count
    if "time" in spec:
        return [parse_time(spec["time"])] * count
    if gen == "template":
        return [spec["template"].format(i=i) for i in range(count)]
    if gen == "code":
        n = int(spec.get("length", 7))
        lower: set[str] = set()
        out = []
        for _ in range(count):
            code = _code(rng, n)
            while code.lower() in lower:
                code = _code(rng, n)
            lower.add(code.lower())
            seen.add(code)
            out.append(code)
        return out
    if gen == "url":
        return [f"https://example.com/{rng.choice(['docs', 'blog', 'shop', 'news'])}/{i}?ref={_code(rng, 5)}"
                for i in range(count)]
    if gen == "long_url":
        return [_long_url(int(spec.get("length", 2000)), i) for i in range(count)]
    if gen == "text":
        return [spec.get("template", "text {i}").format(i=i) + " " + _code(rng, 6) for i in range(count)]
    if gen == "time":
        start = parse_time(spec["start"])
        order = list(range(count))
        if spec.get("shuffle"):
            rng.shuffle(order)
        step = float(spec.get("step_seconds", 60))
        return [start + dt.timedelta(seconds=step * order[i]) for i in range(count)]
    if gen == "random_time":
        start = parse_time(spec["start"])
        days = int(scoped(spec.get("days", 30), scope))
        return [start + dt.timedelta(days=rng.randrange(days), seconds=rng.randrange(86_400)) for _ in range(count)]
    if "ref" in spec:
        parent = data.rows.get(spec["ref"])
        if not parent:
            raise ScenarioError(f"field refers to entity {spec['ref']!r}, which has no rows before it")
        n = data.ordinary[spec["ref"]]
        pool = list(range(max(1, n - int(spec.get("skip_last", 0)))))
        if spec.get("popular"):
            pool = pool[: max(1, int(len(pool) * float(spec["popular"])))]
        picks = [rng.choice(pool) for _ in range(count)]
        return [_ref_value(parent[p], spec.get("field", "key")) for p in picks]
    raise ScenarioError(f"unknown field spec {spec!r}")


def _single(spec: dict, rng: random.Random, data: Data, ename: str, fname: str, seen: set) -> Any:
    if "row" in spec:
        rows = data.rows[spec["row"]]
        n = data.ordinary[spec["row"]]
        return _ref_value(rows[int(spec["index"]) % n], spec.get("field", "key"))
    if "swapcase_of" in spec:
        return data.rows[ename][int(spec["swapcase_of"])].values[fname].swapcase()
    if "fresh" in spec:
        return _unique_code(rng, 7, seen)
    return _column(spec, 1, rng, data, seen, data.scope)[0]


def _ref_value(row: Row, fname: str) -> Any:
    if fname == "key":
        return Key(row.entity, row.index)
    return row.values[fname]


def _long_url(length: int, i: int) -> str:
    head = f"https://example.org/very/long/path/{i}?"
    body = "&".join(f"p{j}=value{j}" for j in range(length))
    return (head + body)[:length]
