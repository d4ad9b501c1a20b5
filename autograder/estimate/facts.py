"""Figures from sources, with the source named beside each, and the exercise assumptions.

Only figures someone published live here; everything the course derives from
them is computed by :mod:`autograder.estimate.calc` or in the notebooks.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from autograder.estimate.units import Quantity, ureg

__all__ = ["SOURCES", "LATENCY", "Assumptions", "SHORTENER", "SHORTENER_HIDDEN", "PASTEBIN", "TWITTER"]

SOURCES = {
    "dean": {
        "title": "Latency Numbers Every Programmer Should Know (Jeff Dean's figures, collected by Jonas Bonér)",
        "url": "https://gist.github.com/jboner/2841832",
        "date": "~2010 (figures from Dean's talks of that era)",
        "kind": "classic table, partly estimated",
    },
    "napkin": {
        "title": "Simon Eskildsen, napkin-math",
        "url": "https://github.com/sirupsen/napkin-math",
        "date": "2026 (measured by its benchmark program)",
        "kind": "measured on recent cloud hardware",
    },
    "xu": {
        "title": "Alex Xu, System Design Interview - An Insider's Guide, vol. 1 (ch. 2 and ch. 8)",
        "url": "https://www.amazon.com/dp/B08CMF2CQF",
        "date": "2020",
        "kind": "book",
    },
    "grokking": {
        "title": "Grokking the System Design Interview (Design Gurus / Educative), URL shortening chapter",
        "url": "https://www.designgurus.io/course/grokking-the-system-design-interview",
        "date": "course, revised over the years",
        "kind": "online course",
    },
    "primer": {
        "title": "Donne Martin, The System Design Primer (Pastebin and bit.ly exercise)",
        "url": "https://github.com/donnemartin/system-design-primer",
        "date": "repository, maintained",
        "kind": "open-source guide",
    },
    "ddia2": {
        "title": "Martin Kleppmann and Chris Riccomini, Designing Data-Intensive Applications, 2nd ed.",
        "url": "https://dataintensive.net/",
        "date": "2025",
        "kind": "book",
    },
}
"""Where the figures come from. Keys are used by :data:`LATENCY` and the notebooks."""

_ns, _us, _ms = 1e-9, 1e-6, 1e-3

LATENCY = [
    # (operation, classic seconds, napkin-math seconds, what napkin-math measured)
    ("main memory reference", 100 * _ns, 20 * _ns, "random 64 B read"),
    ("compress 1 KB", 3 * _us, 2 * _us, "older slides say 10 us for the classic figure"),
    ("SSD random read", 150 * _us, 100 * _us, "classic: 4 KB; napkin-math: 8 KiB"),
    ("read 1 MB sequentially from memory", 250 * _us, 50 * _us, ""),
    ("read 1 MB sequentially from SSD", 1 * _ms, 100 * _us, ""),
    ("round trip within a datacenter", 500 * _us, 250 * _us, "napkin-math: within a cloud region"),
    ("disk seek", 10 * _ms, 10 * _ms, "random HDD read"),
    ("read 1 MB sequentially from HDD", 25 * _ms, 4 * _ms, "classic: 20-30 ms; napkin-math: 250 MiB/s"),
    ("packet across an ocean and back", 150 * _ms, 80 * _ms, "classic: CA-NL-CA; napkin-math: EU-West to NA-East"),
]
"""Latency base rates in seconds: ``(operation, classic, napkin_math, note)``.

Classic column: SOURCES["dean"]; modern column: SOURCES["napkin"]. Ranges in a
source are shown by their middle (HDD 1 MB: 20-30 ms -> 25 ms) and said in the note.
"""


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
)
"""The visible exercise: Xu's traffic, retention and row size (SOURCES["xu"]); the
peak factor 2 is Xu's; replicas, request and response sizes, cache share (the
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
)
"""The hidden tests' second set: traffic, ratio, retention, row size and alphabet as in
the Grokking-style notes (SOURCES["grokking"]); the rest are course assumptions."""

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
