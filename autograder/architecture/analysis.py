"""What a design does under a scenario: routes, loads, utilisation, failures, latency, availability.

The model, in full (the notebook explains it to the learner):

- **Routes.** A flow's path lists the components a request visits. Each one after the first must
  be connected (either direction) to one visited before it. The *synchronous part* ends after the
  first queue (writing to a queue is synchronous, its consumers are not) or before the first
  component reached over an asynchronous connection; the rest is *deferred*.
- **Load.** Every component on a path takes the flow's peak rate, except for reads behind a cache:
  a CDN's hits never reach anything behind it, and a cache's hits never reach the stores (and
  caches) after it on the path - each multiplies those reads by (1 - its hit ratio).
- **Utilisation** = reads / (read capacity x replicas) + writes / (write capacity x replicas,
  or x 1 when every replica applies every write, as in a primary with read replicas).
- **Failure.** A failed self-run component is gone; a failed cache passes reads through (its
  hit ratio becomes 0), so the load behind it grows. Losing a zone takes the components that
  run in one zone only, and ceil(replicas / zones) replicas of the others. Managed kinds
  (CDN, object store, external API) survive both.
- **Latency** of the synchronous part: each component's own time plus one datacenter round trip
  per hop, not counting the client's own hop to the system.
- **Availability** of the synchronous part: the product over its components (caches excluded:
  they fall through) of 1 - (1 - a)^replicas, with a per node; managed kinds use their figure.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field

from autograder.architecture.capacity import (
    EXTERNAL_AVAILABILITY,
    MANAGED_AVAILABILITY,
    NODE_AVAILABILITY,
    ROUND_TRIP_S,
)
from autograder.architecture.model import Normal, Part
from autograder.architecture.scenario import FlowSpec, Scenario

__all__ = ["Route", "Analysis", "analyse_normal", "route_flows", "component_availability"]


@dataclass
class Route:
    """A scenario flow as the design routes it."""

    spec: FlowSpec
    written: str | None
    """The name the design gave the flow (None: the design has no path for it)."""
    path: list[str] = field(default_factory=list)
    sync: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)
    problem: str = ""
    """Why the flow has no usable path ("" when it has one)."""
    needs_problem: str = ""
    """Why the path does not go through the kinds the flow needs ("" when it does)."""


@dataclass
class Analysis:
    normal: Normal
    scenario: Scenario
    routes: dict[str, Route]
    reads: dict[str, float]
    writes: dict[str, float]
    utilisation: dict[str, float]
    down: set[str]
    broken: dict[str, str]
    """Flow name -> the failed components that stop it."""
    latency_ms: dict[str, float]
    latency_parts: dict[str, list[tuple[str, float]]]
    availability: dict[str, float]
    unmatched_flows: list[str]
    """Flow names in the design that are not the scenario's."""


def route_flows(normal: Normal, scenario: Scenario) -> tuple[dict[str, Route], list[str]]:
    routes: dict[str, Route] = {spec.name: Route(spec, None) for spec in scenario.flows}
    unmatched: list[str] = []
    for written, names in normal.paths.items():
        spec = scenario.flow(written)
        if spec is None:
            unmatched.append(written)
            continue
        route = routes[spec.name]
        if route.written is not None:
            unmatched.append(written)
            continue
        route.written = written
        route.path = list(names)
        route.problem = _path_problem(normal, names)
        if not route.problem:
            route.sync, route.deferred = _split(normal, names)
            route.needs_problem = _needs_problem(normal, route)
    for route in routes.values():
        if route.written is None:
            route.problem = (f"the design has no path for '{route.spec.name}': add "
                             f"flows={{'{route.spec.name}': [...the components it visits...]}}")
    return routes, unmatched


def _caller(normal: Normal, names: list[str], i: int) -> tuple[str, str] | None:
    for j in range(i - 1, -1, -1):
        for key in ((names[j], names[i]), (names[i], names[j])):
            if key in normal.links:
                return names[j], normal.links[key]
    return None


def _path_problem(normal: Normal, names: list[str]) -> str:
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in normal.invalid:
            return f"its path goes through '{name}', which could not be checked (see the design's form)"
        if name not in normal.parts:
            close = difflib.get_close_matches(name, sorted(normal.parts), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            return f"its path names '{name}', which is not a component{hint}"
        if name in seen:
            return f"its path visits '{name}' twice: list each component once, in the order first reached"
        seen.add(name)
        if i and _caller(normal, names, i) is None:
            return (f"nothing before '{name}' on its path is connected to it: add a connection such as "
                    f"('{names[i - 1]}', '{name}') or fix the path")
    if len(names) < 2 and names and normal.parts[names[0]].kind.name == "client":
        return "its path has only the client: list the components the request visits"
    return ""


def _split(normal: Normal, names: list[str]) -> tuple[list[str], list[str]]:
    for i, name in enumerate(names):
        if i:
            caller = _caller(normal, names, i)
            if caller and caller[1] == "async":
                return names[:i], names[i:]
        if normal.parts[name].kind.name == "queue":
            return names[: i + 1], names[i + 1:]
    return list(names), []


def _needs_problem(normal: Normal, route: Route) -> str:
    needs = route.spec.needs
    if not needs:
        return ""
    where = route.sync if route.spec.needs_sync else route.path
    if any(normal.parts[n].kind.name in needs for n in where):
        return ""
    kinds = " or ".join(needs)
    place = "on its synchronous part" if route.spec.needs_sync else "on its path"
    extra = ""
    if any(normal.parts[n].kind.name in needs for n in route.path):
        extra = " (the store sits behind an asynchronous hop, so the answer would not wait for it)"
    elif any(normal.parts[n].kind.caching for n in route.path):
        extra = " (a cache alone cannot answer a miss or keep a record)"
    return f"it never reaches a {kinds} store {place}{extra}: route it to the store that holds the links"


def _lost(part: Part, zone_failure: bool) -> int:
    if part.kind.managed or not zone_failure:
        return 0
    if part.zones <= 1:
        return part.replicas
    return math.ceil(part.replicas / part.zones)


def utilisation(part: Part, reads: float, writes: float, alive: int) -> float:
    if reads <= 0 and writes <= 0:
        return 0.0
    if alive <= 0:
        return math.inf
    spec = part.kind
    total = 0.0
    if spec.read_capacity is not None and reads > 0:
        total += reads / (spec.read_capacity * part.capacity_factor * alive)
    if spec.write_capacity is not None and writes > 0:
        writers = alive if spec.writes_scale else 1
        total += writes / (spec.write_capacity * part.capacity_factor * writers)
    return total


def component_availability(part: Part) -> float:
    if part.kind.managed:
        return EXTERNAL_AVAILABILITY if part.kind.name == "external" else MANAGED_AVAILABILITY
    return 1 - (1 - NODE_AVAILABILITY) ** part.replicas


def analyse_normal(
    normal: Normal,
    scenario: Scenario,
    *,
    load: float = 1.0,
    hit_ratio: float | None = None,
    failed: tuple[str, ...] | list[str] | set[str] = (),
    zone_failure: bool = False,
    second_profile: bool = False,
) -> Analysis:
    routes, unmatched = route_flows(normal, scenario)
    parts = normal.parts
    failed_set = {n for n in failed if n in parts and not parts[n].kind.managed}
    alive = {n: max(0, p.replicas - _lost(p, zone_failure)) for n, p in parts.items()}
    for n in failed_set:
        alive[n] = 0
    down = {n for n, a in alive.items() if a <= 0 and not parts[n].kind.managed and parts[n].kind.name != "client"}

    reads = {n: 0.0 for n in parts}
    writes = {n: 0.0 for n in parts}
    for route in routes.values():
        if route.problem:
            continue
        spec = route.spec
        rate = (spec.hidden_peak_rps if second_profile and spec.hidden_peak_rps is not None else spec.peak_rps)
        rate *= load
        edge, store_share = 1.0, 1.0
        for name in route.path:
            part = parts[name]
            if part.kind.name == "client":
                continue
            if spec.operation == "read":
                # A CDN answers hits before anything behind it; a cache beside the app only spares
                # the stores (and caches) after it: the app, a queue or a worker still see every read.
                behind_cache = part.kind.durable_store or part.kind.caching
                reads[name] += rate * edge * (store_share if behind_cache else 1.0)
                if part.kind.caching and name not in down:
                    ratio = scenario.hit_ratios.get(part.kind.name, 0.0) if hit_ratio is None else hit_ratio
                    if part.kind.name == "cdn" and hit_ratio is not None:
                        ratio = scenario.hit_ratios.get("cdn", 0.0)
                    ratio = min(max(ratio, 0.0), 1.0)
                    if part.kind.name == "cdn":
                        edge *= 1 - ratio
                    else:
                        store_share *= 1 - ratio
            else:
                writes[name] += rate

    util = {n: utilisation(p, reads[n], writes[n], alive[n]) for n, p in parts.items()
            if not (p.kind.caching and n in down)}

    broken: dict[str, str] = {}
    latency: dict[str, float] = {}
    latency_parts: dict[str, list[tuple[str, float]]] = {}
    availability: dict[str, float] = {}
    for flow, route in routes.items():
        if route.problem:
            continue
        stopped = [n for n in route.sync if n in down and not parts[n].kind.caching]
        if stopped:
            broken[flow] = ", ".join(stopped)
        steps: list[tuple[str, float]] = []
        for i, name in enumerate(route.sync):
            part = parts[name]
            if part.kind.name == "client":
                continue
            hop = ROUND_TRIP_S if i > 0 and not (i == 1 and parts[route.sync[0]].kind.name == "client") else 0.0
            if i == 0:
                hop = 0.0
            steps.append((name, (hop + part.kind.service_time_s) * 1e3))
        latency_parts[flow] = steps
        latency[flow] = sum(ms for _, ms in steps)
        a = 1.0
        for name in route.sync:
            part = parts[name]
            if part.kind.name == "client" or part.kind.caching:
                continue
            a *= component_availability(part)
        availability[flow] = a
    return Analysis(normal, scenario, routes, reads, writes, util, down, broken, latency, latency_parts,
                    availability, unmatched)
