"""Quantities in requirements as engineers write them: "p99 < 200 ms", "10K writes/s", "three nines".

:func:`quantities` reads every quantity out of a piece of text and says its *dimension*: a time,
a rate (per second, day or month), a count (users, followers), a fraction (a percentage or
"N nines"), a ratio ("100:1", "100x more reads") or a size (GB). Numbers may be written
``10000``, ``10,000``, ``10K``, ``10k``, ``1e4``, ``10^4``, ``10 thousand`` or ``1.5B``.
This is general knowledge about units; what a *system* needs (which areas, which dimension
each area is measured in) is scenario data (:mod:`autograder.requirements.scenarios`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Quantity", "quantities", "percentile", "DIMENSIONS"]

DIMENSIONS = ("time", "rate", "count", "fraction", "ratio", "size")

_MAGNITUDE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mil": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9,
              "billion": 1e9, "t": 1e12, "trillion": 1e12}
_TIME = [(r"(?:ns|nanoseconds?)", 1e-9), (r"(?:us|µs|μs|microseconds?)", 1e-6),
         (r"(?:ms|msecs?|millis(?:econds?)?)", 1e-3), (r"(?:s|secs?|seconds?)", 1.0),
         (r"(?:mins?|minutes?)", 60.0), (r"(?:h|hrs?|hours?)", 3600.0), (r"(?:days?)", 86_400.0)]
_SIZE = [(r"(?:bytes?)", 1), (r"(?:kb|kib|kilobytes?)", 1e3), (r"(?:mb|mib|megabytes?)", 1e6),
         (r"(?:gb|gib|gigabytes?)", 1e9), (r"(?:tb|tib|terabytes?)", 1e12), (r"(?:pb|pib|petabytes?)", 1e15)]
_PER = [(r"(?:/\s*(?:s|sec|second)\b|per\s+(?:second|sec|s)\b|an?\s+second\b|each\s+second\b|qps\b|rps\b|tps\b|wps\b)", 1.0),
        (r"(?:/\s*min(?:ute)?\b|per\s+minute\b|an?\s+minute\b)", 60.0),
        (r"(?:/\s*h(?:our|r)?\b|per\s+hour\b|an\s+hour\b)", 3600.0),
        (r"(?:/\s*day\b|per\s+day\b|an?\s+day\b|daily\b|each\s+day\b)", 86_400.0),
        (r"(?:/\s*month\b|per\s+month\b|an?\s+month\b|monthly\b)", 2_592_000.0)]
_RATE_WORDS = r"(?:qps|rps|tps|wps)\b"
_COUNT_NOUNS = (r"(?:daily\s+active\s+users|monthly\s+active\s+users|dau|mau|users?|followers?|accounts?|people|"
                r"members|subscribers|posts?|tweets?|follows|friends|items|messages|requests|reads|writes|"
                r"views|events|records|rows|connections)")
_NUMBER = re.compile(
    r"(?<![\w.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?:\s*[eE](?P<exp>[+-]?\d+)|\s*(?:\^|\*\*)\s*(?P<pow>[+-]?\d+)"
    r"|\s*[x×*]\s*10\s*(?:\^|\*\*)\s*(?P<pow10>[+-]?\d+))?")
_NINES = re.compile(r"\b(two|three|four|five|six|2|3|4|5|6)[\s-]*(?:nines|9s)\b")
_NINE_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_RATIO = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?(?:e\d+)?)\s*[kK]?\s*(?::|to)\s*(\d+(?:\.\d+)?(?:e\d+)?)(?![\w.:])")
_TIMES_MORE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:x|×|times)\s+(?:as\s+many|more|greater)\s*"
                         r"(reads?|writes?|views?|posts?)?|(?<![\w.])(\d+(?:\.\d+)?)\s*x\s+(reads?|writes?)")
_PER_WRITE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:[kK]\s*)?(?:\w+\s+){0,2}?(reads?|views?|feed\s+loads?)\s+"
                        r"(?:per|for\s+(?:every|each)|to\s+(?:every|each|one)|a)\s+(?:\w+\s+)?(write|post|tweet)")
_PERCENTILE = re.compile(r"\b(?:t?p(\d{2}(?:\.\d+)?)|(\d{2}(?:\.\d+)?)\s*(?:st|nd|rd|th)\s+percentile|percentile\s+(\d{2}(?:\.\d+)?)|"
                         r"(median))\b|(\d{2}(?:\.\d+)?)\s*%\s+of\s+(?:all\s+)?(?:the\s+)?(?:requests|reads|calls|"
                         r"loads|queries|feed|page|responses|writes|posts)")


@dataclass(frozen=True)
class Quantity:
    """One quantity found in a requirement."""

    value: float
    """In base units: seconds, per second, a plain count, a fraction in [0, 1], a ratio, bytes."""
    dimension: str
    """One of :data:`DIMENSIONS`."""
    text: str
    """The words it was read from (for messages)."""
    start: int
    nouns: str = ""
    """For rates and counts: what is counted ("writes", "feed reads"), as written."""
    per_user: bool = False
    """For rates: per user ("2 posts per user per day"), not for the whole system."""


def percentile(text: str) -> float | None:
    """The percentile a latency target names ("p99" -> 99, "median" -> 50), or None."""
    m = _PERCENTILE.search(text.lower())
    if not m:
        return None
    if m.group(4):
        return 50.0
    return float(next(g for g in (m.group(1), m.group(2), m.group(3), m.group(5)) if g))


def _number(m: re.Match) -> float:
    value = float(m.group("num").replace(",", ""))
    if m.group("exp"):
        value *= 10 ** int(m.group("exp"))
    elif m.group("pow"):
        value = value ** int(m.group("pow"))
    elif m.group("pow10"):
        value *= 10 ** int(m.group("pow10"))
    return value


def quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order of appearance."""
    low = text.lower()
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _NINES.finditer(low):
        n = _NINE_WORDS.get(m.group(1)) or int(m.group(1))
        found.append(Quantity(1 - 10 ** -n, "fraction", m.group(0), m.start()))
        taken.append(m.span())
    for m in _PERCENTILE.finditer(low):
        taken.append(m.span())  # "p99", "99% of requests": a percentile, not a quantity
    for m in _PER_WRITE.finditer(low):
        if free(*m.span()):
            found.append(Quantity(float(m.group(1)), "ratio", m.group(0), m.start(), "reads per write"))
            taken.append(m.span())
    for m in _RATIO.finditer(low):
        if free(*m.span()):
            a, b = float(m.group(1)), float(m.group(2))
            if b > 0 and a > 0:
                rpw = a / b if _ratio_order(low, m) == "reads per write" else b / a
                found.append(Quantity(rpw, "ratio", m.group(0), m.start(), "reads per write"))
                taken.append(m.span())
    for m in _TIMES_MORE.finditer(low):
        if free(*m.span()) and (m.group(2) or m.group(4) or re.search(r"\b(read|write)", low[m.end():m.end() + 30])):
            noun = m.group(2) or m.group(4) or ""
            value = float(m.group(1) or m.group(3))
            after = low[m.end():m.end() + 40]
            if noun.startswith(("write", "post")) or (not noun and re.match(r"\s*writes?", after)):
                value = 1 / value
            found.append(Quantity(value, "ratio", m.group(0), m.start(), "reads per write"))
            taken.append(m.span())
    for m in _NUMBER.finditer(low):
        if not free(*m.span()):
            continue
        value = _number(m)
        rest_at = m.end()
        rest = low[rest_at:]
        mag = re.match(r"(?:\s*(thousand|million|billion|trillion|mn|bn|mil)\b|([kmbt])(?![a-z])|\s+([km])(?=\s))",
                       text[rest_at:], re.IGNORECASE)
        if mag:
            word = (mag.group(1) or mag.group(2) or mag.group(3)).lower()
            value *= _MAGNITUDE[word]
            rest_at += mag.end()
            rest = low[rest_at:]
        q = _unit(value, rest, low, m.start(), rest_at)
        before = low[max(0, m.start() - 30): m.start()]
        label = re.search(r"((?:[a-z]+\s+){0,2})(?:qps|rps|tps|requests per second|per second)\s*[:=]?\s*~?\s*$", before)
        if q is None and label:  # "Write QPS: 3,500"
            q = Quantity(value, "rate", "", m.start(), label.group(1).strip() or before.strip())
        if q is not None and q.dimension == "rate" and re.search(
                r"\b(?:each|every|per user|a user|per person|per dau|on average a user)\b[^.;,]*$", before):
            q = Quantity(q.value, q.dimension, q.text, q.start, q.nouns, per_user=True)
        if q is not None:
            found.append(q)
            taken.append((m.start(), rest_at + len(q.text)))
        else:
            found.append(Quantity(value, "number", low[m.start():rest_at], m.start()))
    found.sort(key=lambda q: q.start)
    return found


def _ratio_order(low: str, m: re.Match) -> str:
    """"reads per write" when the ratio is written reads first, "writes per read" when writes come first."""
    window = low[max(0, m.start() - 40): m.end() + 40]
    r, w = window.find("read"), window.find("write")
    if w != -1 and (r == -1 or w < r):
        return "writes per read"
    return "reads per write"


def _unit(value: float, rest: str, low: str, start: int, rest_at: int) -> Quantity | None:
    m = re.match(r"\s*(%|percent\b)", rest)
    if m:
        return Quantity(value / 100, "fraction", m.group(0), start)
    m = re.match(r"\s*(" + _RATE_WORDS + ")", rest)
    if m:
        return Quantity(value, "rate", m.group(0), start, m.group(1))
    m = re.match(r"\s*(?P<nouns>(?:[a-z][\w-]*(?:\s+|(?=/))){0,3}?)(?P<peruser>(?:per|a|each)\s+(?:user|dau|person|account|"
                 r"active\s+user)\s+)?(?P<per>" + "|".join(p for p, _ in _PER) + ")", rest)
    if m and not re.search(r"\b(?:ms|s|sec|seconds?|minutes?|min|hours?|days?|gb|mb|tb|kb|%)\s*$", m.group("nouns")):
        per = next(s for p, s in _PER if re.match(p, m.group("per")))
        if not (per == 1.0 and m.group("nouns").strip() in ("ms", "s", "sec", "seconds")):
            return Quantity(value / per, "rate", m.group(0), start, m.group("nouns").strip(),
                            per_user=bool(m.group("peruser")))
    for pattern, scale in _TIME:
        m = re.match(r"\s*(" + pattern + r")(?![a-z])", rest)
        if m:
            return Quantity(value * scale, "time", m.group(0), start)
    for pattern, scale in _SIZE:
        m = re.match(r"\s*(" + pattern + r")(?![a-z])", rest)
        if m:
            return Quantity(value * scale, "size", m.group(0), start)
    m = re.match(r"\s*(?P<nouns>(?:[a-z][\w-]*\s+){0,2}?" + _COUNT_NOUNS + r")(?![a-z])", rest)
    if m:
        return Quantity(value, "count", m.group(0), start, m.group("nouns"))
    return None
