"""Scenarios as data: the flows a system must serve, their peak loads and targets.

A :class:`Scenario` is plain data. The checkers read it and know nothing about URL shorteners,
so another system (a news feed, a paste bin) needs a new scenario, not new checker code;
:func:`scenario_from_dict` builds one from a dict (for example read from YAML).

The URL shortener's peaks come from module 4: the same assumptions and the same code
(:func:`autograder.estimate.shortener_reference`), so the two modules cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from autograder.architecture.capacity import KINDS

__all__ = ["FlowSpec", "Scenario", "scenario_from_dict", "shortener_scenario", "SHORTENER"]


@dataclass(frozen=True)
class FlowSpec:
    """One flow of requests the system serves."""

    name: str
    operation: str
    """"read" (a cache in front lowers what reaches the store) or "write"."""
    peak_rps: float
    """Requests per second at the scenario's peak."""
    needs: tuple[str, ...] = ()
    """Kinds of which at least one must be on the flow's path (any of them will do)."""
    needs_sync: bool = True
    """The needed kind must be on the synchronous part (the answer depends on it)."""
    latency_ms: float | None = None
    """Target for the synchronous critical path, server side (None: no target)."""
    availability: float | None = None
    """Target availability of the synchronous part (None: no target)."""
    aliases: tuple[str, ...] = ()
    """Other names a design may give the flow."""
    hidden_peak_rps: float | None = None
    """The hidden check's second load profile (None: the same as ``peak_rps``)."""


@dataclass(frozen=True)
class Scenario:
    """A system to design for: its flows, the hit ratios caches may assume, and the burden budget."""

    name: str
    flows: tuple[FlowSpec, ...]
    hit_ratios: dict[str, float] = field(default_factory=lambda: {"cache": 0.8, "cdn": 0.0})
    """Share of reads a caching kind answers itself."""
    max_utilisation: float = 1.0
    """Highest acceptable share of a component's capacity at peak."""
    max_services: int = 3
    """Deployable services (kinds that are code you run) the requirements justify."""
    max_stateful: int = 4
    """Stateful stores (caches, databases, queues, object stores) the requirements justify."""
    max_async_hops: int = 1
    """Asynchronous hops (queues, async connections) the requirements justify."""
    notes: str = ""
    """Where the figures come from."""
    second_profile: str = "a second load profile"
    """How the hidden check's loads are described to the learner."""

    def flow(self, name: str) -> FlowSpec | None:
        key = _flow_key(name)
        for spec in self.flows:
            if key == _flow_key(spec.name) or key in {_flow_key(a) for a in spec.aliases}:
                return spec
        return None


def _flow_key(name: str) -> str:
    return " ".join(name.replace("_", " ").replace("-", " ").lower().split())


def scenario_from_dict(data: dict[str, Any]) -> Scenario:
    """A scenario from plain data: ``{"name": ..., "flows": [{"name": ..., "operation": ..., ...}], ...}``.

    Unknown kinds in a flow's ``needs`` raise ValueError (this is author input, not learner input).
    """
    flows = []
    for raw in data["flows"]:
        raw = dict(raw)
        for key in ("needs", "aliases"):
            raw[key] = tuple(raw.get(key, ()))
        unknown = [k for k in raw["needs"] if k not in KINDS]
        if unknown:
            raise ValueError(f"flow {raw.get('name')!r}: unknown kinds in needs: {unknown}")
        if raw.get("operation") not in ("read", "write"):
            raise ValueError(f"flow {raw.get('name')!r}: operation must be 'read' or 'write'")
        flows.append(FlowSpec(**raw))
    rest = {k: v for k, v in data.items() if k != "flows"}
    return Scenario(flows=tuple(flows), **rest)


def shortener_scenario() -> Scenario:
    """The URL shortener, with module 4's peaks (visible: Xu's figures; hidden: the Grokking-style set)."""
    from autograder.estimate import SHORTENER as XU
    from autograder.estimate import SHORTENER_HIDDEN as GROKKING
    from autograder.estimate import shortener_reference

    def peaks(assumptions) -> tuple[float, float]:
        ref = shortener_reference(assumptions)
        reads = float(ref["peak_read_qps"].to("1/s").magnitude)
        writes = float(ref["write_qps"].to("1/s").magnitude) * float(assumptions.peak_factor)
        return reads, writes

    reads, writes = peaks(XU)
    hidden_reads, hidden_writes = peaks(GROKKING)
    stores = ("relational", "key_value")
    return Scenario(
        name="URL shortener",
        flows=(
            FlowSpec("redirect", "read", reads, needs=stores, latency_ms=10, availability=0.999,
                     aliases=("redirects", "follow link", "resolve", "get link", "read", "lookup", "visit"),
                     hidden_peak_rps=hidden_reads),
            FlowSpec("create link", "write", writes, needs=stores, latency_ms=50, availability=0.999,
                     aliases=("create", "shorten", "create short link", "new link", "write", "create url",
                              "create short url", "shorten url"),
                     hidden_peak_rps=hidden_writes),
        ),
        hit_ratios={"cache": 0.8, "cdn": 0.0},
        notes=("Peaks from module 4: Xu's 100 million new links a day, 10 reads per write, peak = 2 x "
               "average (visible); the Grokking-style 500 million a month, 100:1, peak = 3 x (second "
               "profile). Cache hit ratio 80% from the 80/20 rule (Grokking); the CDN answers no "
               "redirects itself (302s that must be counted are not cached at the edge). Targets are the "
               "course's: redirects within 10 ms and links created within 50 ms server side, both 99.9% "
               "available."),
        second_profile=(f"the Grokking-style load of module 4 (about {round(hidden_reads, -3):,.0f} redirects and "
                        f"{round(hidden_writes, -1):,.0f} new links a second)"),
    )


SHORTENER = shortener_scenario()
"""The URL shortener scenario of module 7."""
