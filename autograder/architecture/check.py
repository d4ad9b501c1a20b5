"""The one public checker of a high-level design: :func:`check_design`."""

from __future__ import annotations

import math
from typing import Any

from autograder.architecture.analysis import Analysis, analyse_normal, component_availability
from autograder.architecture.capacity import NODE_AVAILABILITY
from autograder.architecture.model import Normal, Part, normalise
from autograder.architecture.scenario import Scenario
from autograder.contract import NOT_WRITTEN, check_scope, plain_data
from autograder.report import Missing, Report

__all__ = ["check_design", "SCOPES", "CRITERIA"]

SCOPES = ("visible", "hidden")
CRITERIA = {
    "form": "the design is well formed",
    "flows": "every flow has a path through the right kinds",
    "capacity": "utilisation at peak",
    "failure": "no single point of failure",
    "latency": "latency of each flow's critical path",
    "availability": "availability of each flow",
    "burden": "operational burden",
    "capacity2": "utilisation at the second load profile",
    "zone": "losing one zone",
}
"""Criterion id -> what it checks. Each criterion carries the same weight; hidden scope adds the last two."""


def _pct(x: float) -> str:
    return "unbounded" if math.isinf(x) else f"{x:.0%}"


def _add(report: Report, criterion: str, items: list[tuple[str, bool, str]]) -> None:
    """Findings of one criterion; together they weigh 1."""
    for check, passed, message in items:
        report.add(f"{CRITERIA[criterion]}: {check}", passed, message, weight=1 / len(items))


def _fix_for(part: Part, reads: float, writes: float, util: float, alive: int, limit: float) -> str:
    spec = part.kind
    factor = part.capacity_factor
    same = spec.writes_scale and spec.read_capacity == spec.write_capacity
    if same:
        load = f"{reads + writes:,.0f} requests/s"
        cap = [f"about {(spec.read_capacity or 0) * factor:,.0f}/s per replica"]
    else:
        load = " and ".join(t for t in (f"{reads:,.0f} reads/s" if reads else "",
                                         f"{writes:,.0f} writes/s" if writes else "") if t)
        cap = []
        if spec.read_capacity is not None and reads:
            cap.append(f"about {spec.read_capacity * factor:,.0f} reads/s per replica")
        if spec.write_capacity is not None and writes:
            cap.append(f"{spec.write_capacity * factor:,.0f} writes/s" +
                       (" on every replica" if not spec.writes_scale else " per replica"))
    if spec.name == "relational":
        write_share = writes / (spec.write_capacity * factor) if writes and spec.write_capacity else 0.0
        if write_share >= limit:
            need = ("writes alone exceed what one primary applies: partition (shard) the data, or use a "
                    "key-value store whose partitions share the writes")
        else:
            enough = math.ceil(reads / ((spec.read_capacity or 1) * factor * (limit - write_share)))
            need = f"add read replicas (about {max(enough, alive + 1)} in all would do) or a cache in front"
    else:
        enough = max(alive + 1, math.ceil(alive * util / limit)) if math.isfinite(util) and alive else alive + 1
        need = {"cache": "add cache nodes", "key_value": "add partitions, or a cache in front for reads"}.get(
            spec.name, "add replicas") + f" (about {enough} in all would do)"
    return (f"'{part.name}' takes {load} at peak against {' and '.join(cap)} x {alive} "
            f"({_pct(util)} busy): {need}.")


def _capacity_items(a: Analysis, label: str) -> list[tuple[str, bool, str]]:
    limit = a.scenario.max_utilisation
    items = []
    for name, util in a.utilisation.items():
        part = a.normal.parts[name]
        if part.kind.name == "client" or (a.reads[name] <= 0 and a.writes[name] <= 0):
            continue
        if part.kind.read_capacity is None and part.kind.write_capacity is None:
            continue
        alive = part.replicas if name not in a.down else 0
        if util <= limit:
            items.append((f"'{name}'{label}", True, f"'{name}' is {_pct(util)} busy at peak."))
        else:
            items.append((f"'{name}'{label}", False,
                          _fix_for(part, a.reads[name], a.writes[name], util, alive, limit)))
    return items


def _failure_items(normal: Normal, scenario: Scenario, base: Analysis) -> list[tuple[str, bool, str]]:
    on_path = []
    for route in base.routes.values():
        for name in route.sync:
            if name not in on_path and normal.parts[name].kind.name != "client":
                on_path.append(name)
    items = []
    limit = scenario.max_utilisation
    for name in on_path:
        part = normal.parts[name]
        if part.kind.managed:
            items.append((f"'{name}'", True, f"'{name}' is a managed service, replicated by its provider."))
            continue
        if part.replicas >= 2:
            items.append((f"'{name}'", True, f"'{name}' runs {part.replicas} replicas: one can fail."))
            continue
        after = analyse_normal(normal, scenario, failed=(name,))
        if after.broken:
            flows = " and ".join(sorted(after.broken))
            items.append((f"'{name}'", False,
                          f"'{name}' runs one replica: if it fails, {flows} stop. Run at least 2 "
                          f"(replicas=2{', a standby or a read replica' if part.kind.stateful else ''})."))
            continue
        over = [(n, u) for n, u in after.utilisation.items() if u > limit and base.utilisation.get(n, 0) <= limit]
        if over:
            n, u = over[0]
            items.append((f"'{name}'", False,
                          f"'{name}' runs one replica: if it fails, every read falls through to '{n}', "
                          f"which would be {_pct(u)} busy. Run at least 2 replicas of '{name}', or size '{n}' "
                          "to take the load without it."))
        else:
            items.append((f"'{name}'", True, f"if '{name}' fails, reads fall through and nothing is overloaded."))
    return items


def _latency_items(a: Analysis) -> list[tuple[str, bool, str]]:
    items = []
    for flow, route in a.routes.items():
        target = route.spec.latency_ms
        if target is None:
            continue
        if route.problem:
            items.append((f"'{flow}'", False, f"'{flow}' has no usable path, so its latency cannot be judged."))
            continue
        ms = a.latency_ms[flow]
        steps = " + ".join(f"{n} {t:.2g} ms" for n, t in a.latency_parts[flow])
        if ms <= target:
            items.append((f"'{flow}'", True, f"about {ms:.2g} ms on its synchronous path ({steps}), "
                          f"within {target:g} ms."))
        else:
            slowest = max(a.latency_parts[flow], key=lambda s: s[1])[0]
            items.append((f"'{flow}'", False,
                          f"'{flow}' takes about {ms:.3g} ms on its synchronous path ({steps}) against a "
                          f"{target:g} ms target: take '{slowest}' off the synchronous path (cache what it "
                          "returns, or reach it asynchronously through a queue), or remove hops."))
    return items


def _availability_items(a: Analysis) -> list[tuple[str, bool, str]]:
    items = []
    for flow, route in a.routes.items():
        target = route.spec.availability
        if target is None:
            continue
        if route.problem:
            items.append((f"'{flow}'", False, f"'{flow}' has no usable path, so its availability cannot be judged."))
            continue
        value = a.availability[flow]
        if value >= target:
            items.append((f"'{flow}'", True, f"about {value:.4%} available, target {target:.2%}."))
            continue
        parts = [a.normal.parts[n] for n in route.sync
                 if a.normal.parts[n].kind.name != "client" and not a.normal.parts[n].kind.caching]
        weakest = min(parts, key=component_availability)
        items.append((f"'{flow}'", False,
                      f"'{flow}' is about {value:.3%} available against a {target:.2%} target; its weakest part "
                      f"is '{weakest.name}' ({component_availability(weakest):.3%} with {weakest.replicas} "
                      f"replica(s) at {NODE_AVAILABILITY:.1%} each): add replicas to it."))
    return items


def _burden_items(normal: Normal, scenario: Scenario, a: Analysis) -> list[tuple[str, bool, str]]:
    parts = normal.parts
    services = sorted(n for n, p in parts.items() if p.kind.deployable)
    stateful = sorted(n for n, p in parts.items() if p.kind.stateful)
    queues = {n for n, p in parts.items() if p.kind.name == "queue"}
    async_links = [k for k, mode in normal.links.items() if mode == "async" and not (set(k) & queues)]
    hops = len(queues) + len(async_links)
    used = {n for r in a.routes.values() if not r.problem for n in r.path}
    unused = sorted(n for n, p in parts.items() if n not in used and p.kind.name != "client")
    items = [
        ("deployable services", len(services) <= scenario.max_services,
         f"{len(services)} service(s) to build and run ({', '.join(services) or 'none'})"
         + ("." if len(services) <= scenario.max_services else
            f": more than the {scenario.max_services} these requirements justify. Merge services that serve "
            "the same flows; each extra one is code to deploy, monitor and page for.")),
        ("stateful stores", len(stateful) <= scenario.max_stateful,
         f"{len(stateful)} stateful store(s) ({', '.join(stateful) or 'none'})"
         + ("." if len(stateful) <= scenario.max_stateful else
            f": more than the {scenario.max_stateful} these requirements need. Each store is data to back up, "
            "migrate and keep consistent: keep one system of record and at most a cache beside it.")),
        ("asynchronous hops", hops <= scenario.max_async_hops,
         f"{hops} asynchronous hop(s)"
         + ("." if hops <= scenario.max_async_hops else
            f": more than the {scenario.max_async_hops} these flows need. Queues add lag, retries and "
            "ordering to reason about; call directly where the caller needs the answer anyway.")),
        ("every component serves a flow", not unused,
         "every component is on a flow's path." if not unused else
         f"{', '.join(repr(n) for n in unused)} serve(s) none of the flows the requirements name "
         f"({', '.join(a.routes)}): remove them, or put them on the path of the flow they serve."),
    ]
    return items


def _zone_items(normal: Normal, scenario: Scenario) -> list[tuple[str, bool, str]]:
    after = analyse_normal(normal, scenario, zone_failure=True)
    items = []
    for flow, route in after.routes.items():
        if route.problem:
            items.append((f"'{flow}' survives", False, f"'{flow}' has no usable path."))
        elif flow in after.broken:
            single = [n for n in after.broken[flow].split(", ") if normal.parts[n].zones <= 1]
            items.append((f"'{flow}' survives", False,
                          f"losing one zone stops '{flow}': {after.broken[flow]} run(s) in one zone only. "
                          f"Spread {', '.join(repr(n) for n in single) or 'them'} over at least 2 zones "
                          "(zones=2, with at least 2 replicas)."))
        else:
            items.append((f"'{flow}' survives", True, f"'{flow}' keeps working when a zone is lost."))
    over = [(n, u) for n, u in after.utilisation.items()
            if u > scenario.max_utilisation and n not in after.down and normal.parts[n].kind.name != "client"]
    if all(route.problem for route in after.routes.values()):
        items.append(("survivors carry the peak", False, "no flow has a path, so nothing carries the peak."))
    elif over:
        text = "; ".join(
            f"'{n}' would be {_pct(u)} busy on its {normal.parts[n].replicas - math.ceil(normal.parts[n].replicas / normal.parts[n].zones)} "
            f"surviving replica(s)" for n, u in over)
        items.append(("survivors carry the peak", False,
                      f"after losing one zone at the first profile's peak, {text}: add replicas so the "
                      "survivors of any one zone carry the peak (or spread over more zones)."))
    else:
        items.append(("survivors carry the peak", True, "the survivors of any one zone carry the peak."))
    return items


def check_design(design: Any, scenario: Scenario, *, scope: str = "visible") -> Report:
    """Check a high-level design against a scenario; return a :class:`~autograder.report.Report`.

    ``design``: a :class:`~autograder.architecture.Design` (format: :mod:`autograder.architecture.model`).
    ``scenario``: a :class:`~autograder.architecture.Scenario` (e.g. ``SHORTENER``).
    ``scope="visible"`` checks form, flows, capacity at peak, single points of failure, latency,
    availability and operational burden, each criterion weighing the same. ``scope="hidden"``
    (grading) adds capacity at the scenario's second load profile and the loss of one zone.
    Never raises on a learner's design; an unknown ``scope`` raises ValueError.
    """
    check_scope(scope)
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be an autograder.architecture.Scenario, got {type(scenario).__name__}")
    title = f"High-level design of the {scenario.name}" + (" (grading checks)" if scope == "hidden" else "")
    if isinstance(design, Missing):
        return Report.unusable(title, "the design is defined", design.message())
    if design is Ellipsis:
        return Report.unusable(title, "the design is written", f"the design is {NOT_WRITTEN}")
    design = plain_data(design)  # exactly what the re-check at grading sees
    try:
        return _check(design, scenario, scope, title)
    except RecursionError:
        return Report.unusable(title, CRITERIA["form"], "the design is nested too deeply to check.")


def _check(design: Any, scenario: Scenario, scope: str, title: str) -> Report:
    normal = normalise(design)
    if normal.fatal:
        return Report.unusable(title, CRITERIA["form"], normal.fatal)
    report = Report(title)
    base = analyse_normal(normal, scenario)

    form = [("problem", False, p) for p in normal.problems]
    for name in base.unmatched_flows:
        names = ", ".join(f"'{f.name}'" for f in scenario.flows)
        form.append(("flow names", False, f"flow '{name}' is not one of this scenario's flows ({names}), or is "
                                          "given twice: rename it or remove it"))
    _add(report, "form", form or [("form", True, "components, connections and flows are all readable.")])

    flows = []
    for flow, route in base.routes.items():
        if route.problem:
            flows.append((f"'{flow}'", False, f"{route.problem}."))
        elif route.needs_problem:
            flows.append((f"'{flow}'", False, f"{route.needs_problem}."))
        else:
            flows.append((f"'{flow}'", True, f"goes {' -> '.join(route.path)}."))
    _add(report, "flows", flows)

    capacity = _capacity_items(base, "")
    _add(report, "capacity", capacity or [("anything", False, "no component carries a flow: give the flows paths.")])
    failure = _failure_items(normal, scenario, base)
    _add(report, "failure", failure or [("anything", False, "no flow has a path, so nothing can be failed.")])
    _add(report, "latency", _latency_items(base))
    _add(report, "availability", _availability_items(base))
    _add(report, "burden", _burden_items(normal, scenario, base))

    if scope == "hidden":
        second = analyse_normal(normal, scenario, second_profile=True)
        capacity2 = [(check, passed, f"at {scenario.second_profile}: {message}")
                     for check, passed, message in _capacity_items(second, "")]
        _add(report, "capacity2", capacity2 or [("anything", False, "no component carries a flow.")])
        _add(report, "zone", _zone_items(normal, scenario))
    return report
