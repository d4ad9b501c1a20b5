"""The design vocabulary: :class:`Component`, :class:`Link`, :class:`Design`, and their normal form.

Answer format (what a learner writes)::

    design = Design(
        components=[
            Component("users", "client"),
            Component("lb", "load_balancer", replicas=2, zones=2),
            Component("app", "service", replicas=12, zones=3),
            Component("cache", "redis", replicas=2, zones=2),
            Component("db", "postgres", replicas=3, zones=3),   # one primary + two replicas
        ],
        connections=[("users", "lb"), ("lb", "app"), ("app", "cache"), ("app", "db")],
        flows={
            "redirect": ["users", "lb", "app", "cache", "db"],
            "create link": "users -> lb -> app -> db",
        },
    )

- ``Component(name, kind, replicas=1, zones=1, capacity=None)``: ``kind`` is one of
  :data:`~autograder.architecture.capacity.KINDS` or an alias (``"postgres"``, ``"redis"``,
  ``"lb"``); ``replicas`` is how many nodes (for a relational store: the primary and its
  replicas; for a key-value store: partitions); ``zones`` how many availability zones they are
  spread over (a count, or a list of zone names); ``capacity`` optionally a bigger node's
  requests per second (at most 4 times the kind's figure).
- ``connections``: ``Link(source, target, mode="sync")``, a tuple ``(source, target)`` or
  ``(source, target, "async")``, or a string ``"a -> b"`` (sync) / ``"a ~> b"`` (async).
- ``flows``: for each flow of the scenario, the components a request visits in order, as a list
  or an arrow string. Each component after the first must be connected to one visited before it
  (so an app that calls the cache and then the database is ``[..., "app", "cache", "db"]``).

Constructing these never raises: whatever is written is kept, and :func:`normalise` reports
each problem (an unknown kind with a "did you mean", a connection to a missing name, zero or
NaN replicas, a cycle) as a message, leaving the rest of the design checkable. All three are
dataclasses of this package holding plain data, so a grader can re-check them outside the
learner's kernel (:mod:`autograder.grading.snapshot`).
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Any

from autograder.architecture.capacity import KINDS, KindSpec

__all__ = ["Component", "Link", "Design", "Normal", "Part", "normalise", "MAX_COMPONENTS",
           "MAX_CONNECTIONS", "MAX_PATH", "resolve_kind"]

MAX_COMPONENTS = 200
MAX_CONNECTIONS = 2_000
MAX_PATH = 60
MAX_CAPACITY_FACTOR = 4.0
MODES = ("sync", "async")
_MODE_ALIASES = {"sync": "sync", "synchronous": "sync", "rpc": "sync", "http": "sync", "call": "sync",
                 "async": "async", "asynchronous": "async", "event": "async", "message": "async",
                 "fire and forget": "async"}


@dataclass(init=False)
class Component:
    """One box of the design: a name, a kind, how many replicas and over how many zones."""

    name: Any
    kind: Any
    replicas: Any = 1
    zones: Any = 1
    capacity: Any = None
    unknown: dict = field(default_factory=dict)
    """Keywords the constructor did not recognise (reported, never raised)."""

    def __init__(self, name=None, kind=None, replicas=1, zones=1, capacity=None, **unknown) -> None:
        self.name, self.kind, self.replicas, self.zones, self.capacity = name, kind, replicas, zones, capacity
        self.unknown = dict(unknown)


@dataclass(init=False)
class Link:
    """A connection: ``source`` calls ``target``, synchronously (waits) or asynchronously (does not)."""

    source: Any
    target: Any
    mode: Any = "sync"
    unknown: dict = field(default_factory=dict)

    def __init__(self, source=None, target=None, mode="sync", **unknown) -> None:
        self.source, self.target, self.mode = source, target, mode
        self.unknown = dict(unknown)


@dataclass(init=False)
class Design:
    """A high-level design: components, the connections between them, and each flow's path."""

    components: Any
    connections: Any
    flows: Any
    unknown: dict = field(default_factory=dict)

    def __init__(self, components=None, connections=None, flows=None, **unknown) -> None:
        self.components = [] if components is None else components
        self.connections = [] if connections is None else connections
        self.flows = {} if flows is None else flows
        self.unknown = dict(unknown)


# -- normal form --------------------------------------------------------------------------------


@dataclass
class Part:
    """A checked component."""

    name: str
    kind: KindSpec
    replicas: int
    zones: int
    capacity_factor: float = 1.0


@dataclass
class Normal:
    """A design after checking: what can be analysed, and what is wrong with the rest."""

    parts: dict[str, Part]
    links: dict[tuple[str, str], str]
    """(source, target) -> "sync" | "async"."""
    paths: dict[str, list[str]]
    """Flow name as written -> list of names (not yet checked against the connections)."""
    problems: list[str]
    """Structural problems, each a sentence saying what to change."""
    invalid: set[str] = field(default_factory=set)
    """Names of components that were written but cannot be analysed."""
    fatal: str | None = None
    """Set when nothing can be checked (not a design, or far too big)."""


def _show(value: Any, limit: int = 60) -> str:
    try:
        text = repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _key(text: str) -> str:
    return re.sub(r"[\s_\-/]+", " ", text.strip().lower())


_KIND_INDEX: dict[str, str] = {}
for _spec in KINDS.values():
    _KIND_INDEX[_key(_spec.name)] = _spec.name
    for _alias in _spec.aliases:
        _KIND_INDEX[_key(_alias)] = _spec.name


def resolve_kind(kind: Any) -> tuple[KindSpec | None, str]:
    """The spec of a kind name or alias, or (None, a message with a "did you mean")."""
    if not isinstance(kind, str) or not kind.strip():
        return None, f"its kind should be a name such as 'service' or 'cache', got {_show(kind)}"
    found = _KIND_INDEX.get(_key(kind))
    if found:
        return KINDS[found], ""
    close = difflib.get_close_matches(_key(kind), list(_KIND_INDEX), n=1, cutoff=0.6)
    hint = f"did you mean '{_KIND_INDEX[close[0]]}'? " if close else ""
    return None, (f"its kind '{kind}' is not one the course knows; {hint}"
                  f"kinds: {', '.join(k for k in KINDS)}")


def _count(value: Any, what: str) -> tuple[int | None, str]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None, f"{what} should be a whole number of at least 1, got {_show(value)}"
    if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
        return None, f"{what} should be a whole number of at least 1, got {_show(value)}"
    if value < 1:
        return None, f"{what} should be at least 1, got {_show(value)}"
    if value > 100_000:
        return None, f"{what} = {value:,} is far beyond a high-level design; use at most 100,000"
    return int(value), ""


def _zones(value: Any) -> tuple[int | None, str]:
    if isinstance(value, (list, tuple, set, frozenset)):
        names = list(value)
        if not names or not all(isinstance(n, (str, int)) and not isinstance(n, bool) for n in names):
            return None, f"zones should be a count or a list of zone names, got {_show(value)}"
        if len(set(names)) != len(names):
            return None, f"zones lists a zone twice: {_show(value)}"
        return len(names), ""
    return _count(value, "zones")


def _split_arrows(text: str) -> list[tuple[str, str]]:
    """'a -> b ~> c' -> [('a', 'sync'), ('b', 'async'), ('c', '')]: each name and the arrow after it."""
    pieces = re.split(r"\s*(->|~>|-\.->|=>|→)\s*", text.strip())
    out: list[tuple[str, str]] = []
    for i in range(0, len(pieces), 2):
        arrow = pieces[i + 1] if i + 1 < len(pieces) else ""
        out.append((pieces[i], "async" if arrow in ("~>", "-.->") else ("sync" if arrow else "")))
    return out


def _link(item: Any) -> tuple[list[tuple[str, str, str]], str]:
    """One connection entry -> [(source, target, mode)] or a problem."""
    if isinstance(item, Link):
        source, target, mode = item.source, item.target, item.mode
        if item.unknown:
            return [], f"connection {_show(item)}: unknown keyword(s) {', '.join(map(str, item.unknown))}"
    elif isinstance(item, (tuple, list)) and len(item) in (2, 3):
        source, target = item[0], item[1]
        mode = item[2] if len(item) == 3 else "sync"
    elif isinstance(item, str) and re.search(r"->|~>|=>|→", item):
        steps = _split_arrows(item)
        if len(steps) < 2 or any(not name for name, _ in steps):
            return [], f"connection {_show(item)}: write it as 'a -> b' (sync) or 'a ~> b' (async)"
        return [(steps[i][0], steps[i + 1][0], steps[i][1]) for i in range(len(steps) - 1)], ""
    else:
        return [], (f"connection {_show(item)} should be Link('a', 'b'), ('a', 'b'), ('a', 'b', 'async') "
                    "or 'a -> b'")
    if not isinstance(source, str) or not isinstance(target, str):
        return [], f"connection {_show(item)}: both ends should be component names (strings)"
    mode_key = _MODE_ALIASES.get(_key(mode)) if isinstance(mode, str) else None
    if mode_key is None:
        return [], f"connection {source} -> {target}: mode should be 'sync' or 'async', got {_show(mode)}"
    return [(source, target, mode_key)], ""


def normalise(design: Any) -> Normal:
    """Check a design's form; return what can be analysed and a list of problems."""
    empty = Normal({}, {}, {}, [])
    if isinstance(design, dict):
        design = Design(**{str(k): v for k, v in design.items()})
    if not isinstance(design, Design):
        empty.fatal = (f"the design should be Design(components=[...], connections=[...], flows={{...}}), "
                       f"got {type(design).__name__}")
        return empty
    problems: list[str] = []
    if design.unknown:
        problems.append(f"Design(...) got unknown keyword(s) {', '.join(map(str, design.unknown))}: "
                        "use components=, connections= and flows=")
    comps, conns, flows = design.components, design.connections, design.flows
    if not isinstance(comps, (list, tuple)):
        empty.fatal = f"components should be a list of Component(...), got {type(comps).__name__}"
        return empty
    if not isinstance(conns, (list, tuple, set)):
        empty.fatal = f"connections should be a list of links, got {type(conns).__name__}"
        return empty
    if not isinstance(flows, dict):
        empty.fatal = "flows should be a dict {flow name: path}, got " + type(flows).__name__
        return empty
    if len(comps) > MAX_COMPONENTS or len(conns) > MAX_CONNECTIONS or len(flows) > 100:
        empty.fatal = (f"the design has {len(comps):,} components, {len(conns):,} connections and "
                       f"{len(flows):,} flows; a high-level design has tens at most "
                       f"(limits: {MAX_COMPONENTS} components, {MAX_CONNECTIONS} connections)")
        return empty
    if not comps:
        empty.fatal = "the design has no components: list them in components=[Component(...), ...]"
        return empty

    parts: dict[str, Part] = {}
    written: set[str] = set()
    invalid: set[str] = set()
    for index, item in enumerate(comps):
        if not isinstance(item, Component):
            problems.append(f"components[{index}] should be Component(name, kind, ...), got {_show(item)}")
            continue
        name = item.name
        if not isinstance(name, str) or not name.strip():
            problems.append(f"components[{index}]: its name should be a non-empty string, got {_show(name)}")
            continue
        if name in written:
            problems.append(f"two components are named '{name}': give each its own name")
            continue
        written.add(name)
        errors = []
        if item.unknown:
            # Reported, but the component is still analysed with the fields that were recognised.
            keys = ", ".join(map(str, item.unknown))
            close = [difflib.get_close_matches(str(k), ["name", "kind", "replicas", "zones", "capacity"], 1)
                     for k in item.unknown]
            hint = "; did you mean " + ", ".join(f"'{c[0]}'" for c in close if c) + "?" if any(close) else ""
            problems.append(f"component '{name}': unknown keyword(s) {keys}{hint} (ignored)")
        spec, why = resolve_kind(item.kind)
        if spec is None:
            errors.append(why)
        replicas, why_r = _count(item.replicas, "replicas")
        if replicas is None:
            errors.append(why_r)
        zones, why_z = _zones(item.zones)
        if zones is None:
            errors.append(why_z)
        factor = 1.0
        if item.capacity is not None and spec is not None:
            cap = item.capacity
            base = spec.read_capacity
            if isinstance(cap, bool) or not isinstance(cap, (int, float)) or not math.isfinite(cap) or cap <= 0:
                errors.append(f"capacity should be a positive number of requests per second, got {_show(cap)}")
            elif base is None:
                errors.append(f"capacity: a {spec.name} has no ceiling in this course; leave capacity out")
            elif cap > MAX_CAPACITY_FACTOR * base:
                errors.append(f"capacity {cap:,.0f}/s is more than {MAX_CAPACITY_FACTOR:g} x the course's "
                              f"{base:,.0f}/s for one {spec.name}; add replicas instead")
            else:
                factor = cap / base
        if errors or spec is None or replicas is None or zones is None:
            invalid.add(name)
            problems.append(f"component '{name}': " + "; ".join(errors) + " (it is left out of the analysis)")
            continue
        parts[name] = Part(name, spec, replicas, min(zones, replicas), factor)

    links: dict[tuple[str, str], str] = {}
    for item in conns:
        found, why = _link(item)
        if why:
            problems.append(why)
        for source, target, mode in found:
            missing = [n for n in (source, target) if n not in written]
            if missing:
                for n in missing:
                    near = difflib.get_close_matches(n, sorted(written), n=1, cutoff=0.6)
                    hint = f" (did you mean '{near[0]}'?)" if near else ""
                    problems.append(f"connection {source} -> {target}: there is no component '{n}'{hint}")
                continue
            if source == target:
                problems.append(f"connection {source} -> {target} connects a component to itself: remove it")
                continue
            links[(source, target)] = mode

    cycle = _find_cycle(links)
    if cycle:
        problems.append("the connections form a cycle " + " -> ".join(cycle) +
                        ": a request could go round for ever; remove one of these connections")

    paths: dict[str, list[str]] = {}
    for flow, path in flows.items():
        label = flow if isinstance(flow, str) else _show(flow)
        if isinstance(path, str):
            names = [n for n, _ in _split_arrows(path)]
        elif isinstance(path, (list, tuple)):
            names = list(path)
        else:
            problems.append(f"flow '{label}': its path should be a list of component names or 'a -> b -> c', "
                            f"got {_show(path)}")
            continue
        if not names or not all(isinstance(n, str) and n for n in names):
            problems.append(f"flow '{label}': its path should list component names, got {_show(path)}")
            continue
        if len(names) > MAX_PATH:
            problems.append(f"flow '{label}': a path of {len(names)} steps is far too long (at most {MAX_PATH})")
            continue
        paths[str(flow)] = names
    return Normal(parts, links, paths, problems, invalid)


def _find_cycle(links: dict[tuple[str, str], str]) -> list[str]:
    graph: dict[str, list[str]] = {}
    for source, target in links:
        graph.setdefault(source, []).append(target)
    state: dict[str, int] = {}
    for start in sorted(graph):
        if state.get(start):
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        trail: list[str] = []
        while stack:
            node, i = stack.pop()
            if i == 0:
                if state.get(node) == 1:
                    return trail[trail.index(node):] + [node]
                if state.get(node) == 2:
                    continue
                state[node] = 1
                trail.append(node)
            children = graph.get(node, [])
            if i < len(children):
                stack.append((node, i + 1))
                child = children[i]
                if state.get(child) == 1:
                    return trail[trail.index(child):] + [child]
                if not state.get(child):
                    stack.append((child, 0))
            else:
                state[node] = 2
                trail.pop()
    return []
