"""Figures from sources, with the source named beside each, and the exercise assumptions.

Only figures someone published (or an exercise states as its assumption) live here; everything
the course derives from them is computed by :mod:`autograder.estimate.calc` or in the notebooks.

Every figure carries two labels, listed by :func:`figures`: its **source** (a key of
:data:`SOURCES`) and its **kind** (a key of :data:`KINDS`) - whether the source measured it,
estimated it, derived it, quotes it from someone else, or states it as an assumption.
``tests/test_content.py`` fails when a figure lacks either.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from autograder.estimate.units import Quantity, ureg

__all__ = [
    "SOURCES",
    "KINDS",
    "LATENCY",
    "LATENCY_KINDS",
    "Assumptions",
    "SHORTENER",
    "SHORTENER_HIDDEN",
    "PASTEBIN",
    "TWITTER",
    "NEWSFEED",
    "NEWSFEED_HIDDEN",
    "DDIA_PEAK",
    "Figure",
    "figures",
]

SOURCES = {
    "dean": {
        "title": "Latency Numbers Every Programmer Should Know (Jeff Dean's figures, collected by Jonas Bonér)",
        "url": "https://gist.github.com/jboner/2841832",
        "date": "~2010 (figures from Dean's talks of that era; the SSD rows were added to the gist later)",
        "kind": "classic table: rounded figures, most not reported as measurements",
    },
    "napkin": {
        "title": "Simon Eskildsen, napkin-math",
        "url": "https://github.com/sirupsen/napkin-math",
        "date": "2026 (the rows its benchmark program refreshes)",
        "kind": "partly measured: some rows by its benchmark program, others taken from elsewhere (its README says which)",
    },
    "xu": {
        "title": "Alex Xu, System Design Interview - An Insider's Guide, vol. 1 (ch. 2 and ch. 8)",
        "url": "https://www.amazon.com/dp/B08CMF2CQF",
        "date": "2020",
        "kind": "book: stated assumptions of worked examples",
    },
    "grokking": {
        "title": "Grokking the System Design Interview (Design Gurus / Educative), URL shortening chapter",
        "url": "https://www.designgurus.io/course/grokking-the-system-design-interview",
        "date": "course, revised over the years",
        "kind": "online course: stated assumptions of worked examples",
    },
    "primer": {
        "title": "Donne Martin, The System Design Primer (Pastebin and bit.ly exercise)",
        "url": "https://github.com/donnemartin/system-design-primer",
        "date": "repository, maintained",
        "kind": "open-source guide: stated assumptions of worked examples",
    },
    "ddia2": {
        "title": "Martin Kleppmann and Chris Riccomini, Designing Data-Intensive Applications, 2nd ed.",
        "url": "https://dataintensive.net/",
        "date": "2025",
        "kind": "book: a case study's stated assumptions, derived from Twitter's published 2013 figures",
    },
    "course": {
        "title": "This course's own assumptions, stated beside each exercise that uses them",
        "url": "",
        "date": "2026",
        "kind": "assumptions chosen to be plausible, checked against the tables above",
    },
}
"""Where the figures come from. Keys are used by :data:`LATENCY_KINDS`, :func:`figures` and the notebooks."""

KINDS = {
    "measured": "the source measured it (a benchmark program or an experiment it reports)",
    "estimate": "a rounded figure the source gives without reporting a measurement",
    "derived": "computed from other figures of the source (the note says how)",
    "quoted": "printed by the source but taken from elsewhere, not its own measurement",
    "vendor figure": "a manufacturer's or cloud provider's published figure",
    "assumption": "a stated assumption of an exercise or a case study, not a fact about any system",
}
"""What a figure is. Every figure in :func:`figures` has one of these kinds."""

_ns, _us, _ms = 1e-9, 1e-6, 1e-3

# (operation, classic seconds, its kind, napkin-math seconds, its kind, note)
_LATENCY_ROWS = [
    ("main memory reference", 100 * _ns, "estimate", 20 * _ns, "measured", "napkin-math: random 64 B read"),
    ("compress 1 KB", 3 * _us, "estimate", 2 * _us, "quoted",
     "older slides say 10 us for the classic figure; napkin-math's compression row is not from its own program"),
    ("SSD random read", 150 * _us, "estimate", 100 * _us, "measured",
     "classic: 4 KB, a row added to the gist later, not Dean's; napkin-math: 8 KiB"),
    ("read 1 MB sequentially from memory", 250 * _us, "estimate", 50 * _us, "measured", ""),
    ("read 1 MB sequentially from SSD", 1 * _ms, "estimate", 100 * _us, "measured",
     "classic: a row added to the gist later, not Dean's"),
    ("round trip within a datacenter", 500 * _us, "estimate", 250 * _us, "quoted",
     "napkin-math: within a cloud region, a figure it takes from elsewhere"),
    ("disk seek", 10 * _ms, "estimate", 10 * _ms, "quoted", "napkin-math: random HDD read, taken from elsewhere"),
    ("read 1 MB sequentially from HDD", 20 * _ms, "estimate", 4 * _ms, "derived",
     "classic: the gist prints 20 ms (Dean's older slides 30 ms); napkin-math: 1 MiB at its 250 MiB/s "
     "HDD rate (a rate it takes from elsewhere), although its table prints 2 ms"),
    ("packet across an ocean and back", 150 * _ms, "estimate", 80 * _ms, "quoted",
     "classic: California-Netherlands-California; napkin-math: EU-West to NA-East, taken from elsewhere"),
]

LATENCY = [(op, classic, napkin, note) for op, classic, _ck, napkin, _nk, note in _LATENCY_ROWS]
"""Latency base rates in seconds: ``(operation, classic, napkin_math, note)``.

Classic column: SOURCES["dean"]; modern column: SOURCES["napkin"]. What kind of figure each cell
is: :data:`LATENCY_KINDS`. Where the reader will find another number in the source, the note says so.
"""

LATENCY_KINDS = {op: (classic_kind, napkin_kind) for op, _c, classic_kind, _n, napkin_kind, _note in _LATENCY_ROWS}
"""``operation -> (kind of the classic figure, kind of the napkin-math figure)``, keys of :data:`KINDS`."""


@dataclass(frozen=True)
class Assumptions:
    """The stated assumptions of a URL shortener estimate (pint quantities where there is a unit)."""

    name: str
    """Where the assumptions come from."""
    new_urls: Quantity
    """Short URLs created per unit of time, e.g. ``100e6 / day``."""
    read_write_ratio: float
    """Redirects per created URL."""
    peak_factor: float
    """Peak traffic as a multiple of the average."""
    retention: Quantity
    """How long every URL is kept, e.g. ``10 year``."""
    row_size: Quantity
    """Bytes stored per URL (one copy), also the size of one cache entry."""
    replicas: int
    """Copies of every row the database keeps."""
    request_size: Quantity
    """Bytes received per create request (ingress)."""
    response_size: Quantity
    """Bytes sent per redirect response (egress)."""
    cache_share: float
    """Share of a day's reads kept in cache (0.2 under the 80/20 rule)."""
    server_throughput: Quantity
    """Redirects per second one application server handles."""
    alphabet: int
    """Characters a short code may use (62 for base62, 64 for base64)."""
    code_scheme: str = "random"
    """How new codes are made: ``"random"`` (drawn at random), ``"hash"`` (a truncated hash of the
    long URL), ``"counter"`` (a counter written in base62) or ``"key service"`` (pre-made unique
    keys handed out in batches). The first two can collide; the last two cannot."""

    def table(self):
        """The assumptions as a two-column pandas DataFrame (for display)."""
        import pandas as pd

        rows = [(f.name, _show(getattr(self, f.name))) for f in fields(self) if f.name != "name"]
        return pd.DataFrame(rows, columns=["assumption", "value"]).set_index("assumption")


def _show(value) -> str:
    if isinstance(value, ureg.Quantity):
        magnitude = value.magnitude
        number = f"{magnitude:,.0f}" if float(magnitude).is_integer() else f"{magnitude:g}"
        return f"{number} {value.units:P}"
    return f"{value:g}" if isinstance(value, float) else str(value)


SHORTENER = Assumptions(
    name="Xu, System Design Interview ch. 8, plus course assumptions for sizes, replicas and servers",
    new_urls=100e6 / ureg.day,
    read_write_ratio=10,
    peak_factor=2,
    retention=10 * ureg.year,
    row_size=100 * ureg.B,
    replicas=3,
    request_size=500 * ureg.B,
    response_size=500 * ureg.B,
    cache_share=0.2,
    server_throughput=5000 / ureg.s,
    alphabet=62,
    code_scheme="hash",
)
"""The visible exercise: Xu's traffic, retention and row size (SOURCES["xu"]); the
peak factor 2 and the code scheme (a truncated hash of the long URL) are Xu's; replicas, request and response sizes, cache share (the
Grokking 80/20 rule) and server throughput are the course's stated assumptions."""

SHORTENER_HIDDEN = Assumptions(
    name="Grokking-style URL shortener: 500 M new URLs a month, 100:1 reads, 5 years, 500 B rows, base64",
    new_urls=500e6 / ureg.month,
    read_write_ratio=100,
    peak_factor=3,
    retention=5 * ureg.year,
    row_size=500 * ureg.B,
    replicas=2,
    request_size=1 * ureg.kB,
    response_size=600 * ureg.B,
    cache_share=0.2,
    server_throughput=2000 / ureg.s,
    alphabet=64,
    code_scheme="key service",
)
"""The hidden tests' second set: traffic, ratio, retention, row size and alphabet as in
the Grokking-style notes (SOURCES["grokking"]), and so are the codes: pre-made by a
key-generation service; the rest are course assumptions."""

PASTEBIN = {
    "writes": 10e6 / ureg.month,
    "reads": 100e6 / ureg.month,
    "retention": 3 * ureg.year,
    "paste_size": 1.27 * ureg.kB,
}
"""The System Design Primer's Pastebin figures (SOURCES["primer"]): 10 M pastes and 100 M
reads a month, ~1.27 KB per paste, kept 3 years."""

TWITTER = {
    "daily_active_users": 150e6,
    "posts_per_user_per_day": 2,
    "peak_factor": 2,
    "media_share": 0.10,
    "media_size": 1 * ureg.MB,
    "retention": 5 * ureg.year,
}
"""Xu's Twitter-style estimate, ch. 2 (SOURCES["xu"])."""

NEWSFEED = {
    "daily_active_users": 150e6,
    "posts_per_user_per_day": 2,
    "peak_factor": 2,
    "average_followers": 200,
    "feed_views_per_user_per_day": 10,
    "feed_entry_size": 16 * ureg.B,
    "feed_retention": 30 * ureg.day,
    "writes_per_worker": 50_000 / ureg.s,
}
"""A news feed with fan-out on write: Xu's Twitter-style users, posts and peak factor (ch. 2,
SOURCES["xu"]); followers, feed views, the feed entry (a post id and an author id, 8 bytes each),
how long feed entries are kept and one fan-out worker's write rate are course assumptions. The
registered ``newsfeed`` estimate scenario uses these; module 8's mock interview grades
``INTERVIEW_SCENARIO`` of that scenario file instead, whose assumptions are the interviewer's answers."""

NEWSFEED_HIDDEN = {
    "daily_active_users": 300e6,
    "posts_per_user_per_day": 0.5,
    "peak_factor": 3,
    "average_followers": 300,
    "feed_views_per_user_per_day": 20,
    "feed_entry_size": 24 * ureg.B,
    "feed_retention": 7 * ureg.day,
    "writes_per_worker": 20_000 / ureg.s,
}
"""The news feed's second set of assumptions (hidden checks): all course assumptions."""

DDIA_PEAK = {
    "average_posts_per_second": 5800,
    "spike_posts_per_second": 150_000,
}
"""DDIA 2nd ed.'s social-network case study (SOURCES["ddia2"]): an *assumed* average of about 5,800
posts a second (5,700 in the first printing) with spikes near 150,000, derived from Twitter's
published 2013 figures - the book's stated assumption, not a measurement it reports."""


# -- every figure with its source and kind --------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One published figure with its labels (what :func:`figures` lists)."""

    where: str
    """Which public name holds it: ``"LATENCY classic"``, ``"SHORTENER"``, ``"PASTEBIN"`` ..."""
    label: str
    """The row or field: an operation of :data:`LATENCY` or a field / key name."""
    value: Any
    """The value exactly as the public name holds it."""
    source: str
    """A key of :data:`SOURCES`."""
    kind: str
    """A key of :data:`KINDS`: measured, estimate, derived, quoted, vendor figure or assumption."""


# field -> source of each exercise assumption; all of them are assumptions (kind "assumption").
_SHORTENER_SOURCES = {
    "new_urls": "xu", "read_write_ratio": "xu", "peak_factor": "xu", "retention": "xu", "row_size": "xu",
    "alphabet": "xu", "code_scheme": "xu", "replicas": "course", "request_size": "course", "response_size": "course",
    "cache_share": "grokking", "server_throughput": "course",
}
_SHORTENER_HIDDEN_SOURCES = {
    "new_urls": "grokking", "read_write_ratio": "grokking", "retention": "grokking", "row_size": "grokking",
    "alphabet": "grokking", "code_scheme": "grokking", "cache_share": "grokking", "peak_factor": "course", "replicas": "course",
    "request_size": "course", "response_size": "course", "server_throughput": "course",
}
# key -> (source, kind)
_PASTEBIN_LABELS = {
    "writes": ("primer", "assumption"), "reads": ("primer", "assumption"), "retention": ("primer", "assumption"),
    "paste_size": ("primer", "derived"),  # the Primer adds up its fields' sizes to ~1.27 KB
}
_TWITTER_LABELS = {key: ("xu", "assumption") for key in TWITTER}
_DDIA_LABELS = {key: ("ddia2", "assumption") for key in DDIA_PEAK}
_NEWSFEED_LABELS = {key: ("xu" if key in ("daily_active_users", "posts_per_user_per_day", "peak_factor")
                          else "course", "assumption") for key in NEWSFEED}
_NEWSFEED_HIDDEN_LABELS = {key: ("course", "assumption") for key in NEWSFEED_HIDDEN}


def figures() -> list[Figure]:
    """Every figure of this module with its source and kind, in the order the public names hold them."""
    out = []
    for op, classic, _ck, napkin, _nk, _note in _LATENCY_ROWS:
        classic_kind, napkin_kind = LATENCY_KINDS[op]
        out.append(Figure("LATENCY classic", op, classic, "dean", classic_kind))
        out.append(Figure("LATENCY napkin-math", op, napkin, "napkin", napkin_kind))
    for where, assumptions, sources in (
        ("SHORTENER", SHORTENER, _SHORTENER_SOURCES),
        ("SHORTENER_HIDDEN", SHORTENER_HIDDEN, _SHORTENER_HIDDEN_SOURCES),
    ):
        for f in fields(assumptions):
            if f.name != "name":
                out.append(Figure(where, f.name, getattr(assumptions, f.name), sources.get(f.name, ""), "assumption"))
    for where, mapping, labels in (
        ("PASTEBIN", PASTEBIN, _PASTEBIN_LABELS),
        ("TWITTER", TWITTER, _TWITTER_LABELS),
        ("DDIA_PEAK", DDIA_PEAK, _DDIA_LABELS),
        ("NEWSFEED", NEWSFEED, _NEWSFEED_LABELS),
        ("NEWSFEED_HIDDEN", NEWSFEED_HIDDEN, _NEWSFEED_HIDDEN_LABELS),
    ):
        for key, value in mapping.items():
            source, kind = labels.get(key, ("", ""))
            out.append(Figure(where, key, value, source, kind))
    return out
