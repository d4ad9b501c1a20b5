"""The requirements checker: :func:`check_requirements`."""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Any

from autograder.contract import check_scope, plain_data, unusable
from autograder.guard import short
from autograder.report import Report
from autograder.requirements.quantities import Quantity, percentile, quantities

__all__ = ["CRITERIA", "PARTS", "check_requirements", "load_scenario"]

CRITERIA = {
    "form": "the requirements have the expected shape",
    "measurable": "non-functional requirements are measurable",
    "coverage": "non-functional requirements cover what the design depends on",
    "consistent": "the requirements do not contradict each other",
    "scope": "functional requirements and the out-of-scope list",
    "plausible": "targets are physically plausible",
}
"""Criterion id -> what it checks. Each weighs the same; ``scope="hidden"`` adds ``plausible``."""

PARTS = {
    "clarifying_questions": ("clarifying_questions", "questions", "clarifications", "clarifying", "asked",
                             "questions_asked", "clarifying_qs"),
    "functional": ("functional", "functional_requirements", "fr", "frs", "features", "in_scope"),
    "non_functional": ("non_functional", "nonfunctional", "non_functional_requirements", "nfr", "nfrs",
                       "nonfunctional_requirements", "quality_attributes"),
    "out_of_scope": ("out_of_scope", "out_of_scope_features", "non_goals", "not_in_scope", "excluded",
                     "out", "below_the_line"),
}
"""The four parts of an answer and the other names engineers give them."""

_SHAPE = ("a dict with four parts: 'clarifying_questions' (a list of questions, as strings), 'functional' "
          "(a list of strings, one requirement each), 'non_functional' (a dict from area to target, e.g. "
          "{'latency': 'p99 < 200 ms', 'availability': '99.99%'}, or a list of such strings) and "
          "'out_of_scope' (a list of strings)")
_NEGATION = re.compile(r"\b(?:no|not|without|excluding|except|never|non)\b[\s-]+(?:\w+[\s-]+){0,2}$")


def load_scenario(spec: Any = "newsfeed") -> dict:
    """A requirements scenario: a name (``"newsfeed"``, ``"chat"``) or a scenario dict as is."""
    if isinstance(spec, dict):
        return spec
    from autograder.requirements import scenarios

    return scenarios.raw(spec)


@dataclass
class _Item:
    label: str
    """How the learner wrote it (for messages)."""
    text: str
    hint: str | None = None
    """The area its key named, when one did."""
    areas: list[str] = field(default_factory=list)
    found: list[Quantity] = field(default_factory=list)


def _cut(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."


def _norm_key(key: str) -> str:
    return re.sub(r"[\s\-/]+", "_", key.strip().lower())


def _as_text(value: Any) -> str | None:
    """A value of a requirement as text, or None when it is not plain text and numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, (tuple, list)) and value and all(_as_text(v) is not None for v in value) \
            and not all(isinstance(v, str) and len(v.split()) > 3 for v in value):
        return " ".join(_as_text(v) or "" for v in value)
    if isinstance(value, dict) and value:
        parts = [f"{_as_text(k)} {_as_text(v)}" for k, v in value.items()
                 if _as_text(k) is not None and _as_text(v) is not None]
        return "; ".join(parts) if len(parts) == len(value) else None
    return None


def _kw(text: str, word: str) -> bool:
    if len(word) <= 3:
        return re.search(r"(?<![a-z0-9])" + re.escape(word) + r"(?![a-z])", text) is not None
    return re.search(r"(?<![a-z])" + re.escape(word), text) is not None


def _area_of_key(key: str, sc: dict) -> str | None:
    k = _norm_key(key).replace("_", " ")
    for area, spec in sc["areas"].items():
        if k in (area.replace("_", " "), spec["title"]):
            return area
    hits = [a for a, spec in sc["areas"].items() if any(_kw(k, w) for w in spec["keywords"] + spec.get("weak", []))]
    return hits[0] if len(hits) == 1 else (hits[0] if hits else None)


def _nfr_items(value: Any, sc: dict) -> tuple[list[_Item], str | None]:
    """The non-functional requirements as items, or (nothing, what is wrong with their shape)."""
    items: list[_Item] = []
    if isinstance(value, str):
        return [], ("`non_functional` is one string of free text; write it as data: a dict such as "
                    "{'latency': 'p99 < 200 ms', 'availability': '99.99%'} or a list with one string per requirement")
    if isinstance(value, dict):
        if not value:
            return [], "`non_functional` is an empty dict: give one entry per area, e.g. {'latency': 'p99 < 200 ms'}"
        for key, v in value.items():
            if not isinstance(key, str):
                return [], f"`non_functional` has the key {short(key, 30)}; use area names as keys (strings)"
            hint = _area_of_key(key, sc)
            values = v if isinstance(v, list) and v and all(isinstance(x, str) for x in v) else [v]
            for one in values:
                text = _as_text(one)
                if text is None:
                    return [], (f"`non_functional[{key!r}]` is {short(one, 40)}; give a string such as "
                                "'p99 < 200 ms' or a (number, unit) pair such as (200, 'ms')")
                items.append(_Item(f"{key}: {_cut(text, 60)}", f"{key.replace('_', ' ')}: {text}", hint))
        return items, None
    if isinstance(value, (list, tuple)):
        if not value:
            return [], ("`non_functional` is an empty list: write one string per requirement, e.g. "
                        "['p99 feed read < 200 ms', '99.99% available', ...]")
        for i, one in enumerate(value):
            hint = None
            if isinstance(one, dict):
                keys = {_norm_key(str(k)): v for k, v in one.items()}
                area = next((keys[k] for k in ("area", "category", "kind", "what", "name", "type") if k in keys), None)
                target = next((keys[k] for k in ("target", "value", "requirement", "goal", "metric", "sla")
                               if k in keys), None)
                if isinstance(area, str) and target is not None:
                    hint, one = _area_of_key(area, sc), target
                    label_key = area
                else:
                    label_key = None
            elif isinstance(one, (tuple, list)) and len(one) == 2 and isinstance(one[0], str) \
                    and _area_of_key(one[0], sc) and not re.search(r"\d", one[0]):
                hint, label_key, one = _area_of_key(one[0], sc), one[0], one[1]
            else:
                label_key = None
            text = _as_text(one)
            if text is None or (isinstance(one, (tuple, list)) and hint is None and label_key is None
                                and not isinstance(one, str) and len(one) == 0):
                return [], (f"`non_functional[{i}]` is {short(one, 40)}; each requirement should be a string such "
                            "as '99.99% available', an (area, target) pair or a (number, unit) pair")
            prefix = f"{label_key.replace('_', ' ')}: " if label_key else ""
            items.append(_Item(_cut(prefix + text, 70), prefix + text, hint))
        return items, None
    return [], f"`non_functional` is a {type(value).__name__}; it should be a dict from area to target or a list of strings"


def _string_list(value: Any, part: str, example: str) -> tuple[list[str], str | None]:
    if isinstance(value, str):
        return [], (f"`{part}` is one string of free text; write a list with one string each, e.g. {example}")
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)
    if not isinstance(value, (list, tuple)):
        return [], f"`{part}` is a {type(value).__name__}; it should be a list of strings, e.g. {example}"
    if not value:
        return [], f"`{part}` is an empty list; write at least one, e.g. {example}"
    bad = [v for v in value if not isinstance(v, str) or not v.strip()]
    if bad:
        return [], f"`{part}` holds {short(bad[0], 40)}; every entry should be a non-empty string, e.g. {example}"
    return [v.strip() for v in value], None


def _classify(item: _Item, sc: dict) -> None:
    low = item.text.lower()
    item.found = quantities(item.text)
    if item.hint:
        item.areas = [item.hint]
        return
    strong = [a for a, spec in sc["areas"].items() if any(_kw(low, w) for w in spec["keywords"])]
    weak = [a for a, spec in sc["areas"].items() if any(_kw(low, w) for w in spec.get("weak", []))]
    dims = {q.dimension for q in item.found}
    has_pct = percentile(item.text) is not None
    hits = strong or weak
    matching = [a for a in hits if _measured(a, item, sc, dims, has_pct)]
    if matching:
        item.areas = matching
    elif strong:
        item.areas = strong
    elif weak:
        item.areas = weak
    else:  # no word names an area: go by what is measured
        if "fraction" in dims:
            item.areas.append("availability")
        if "time" in dims and has_pct:
            item.areas.append("latency")
        if "ratio" in dims:
            item.areas.append("read_write")
        if dims & {"count", "rate"}:
            item.areas.append("scale")


def _model(text: str, sc: dict) -> list[str]:
    low = text.lower()
    return [m for m, words in sc["consistency_models"].items() if any(_kw(low, w) for w in words)]


def _measured(area: str, item: _Item, sc: dict, dims: set[str], has_pct: bool) -> bool:
    accepts = sc["areas"][area]["accepts"]
    if "model" in accepts:
        return bool(_model(item.text, sc))
    if "mix" in accepts:
        return "ratio" in dims or (_rate_of(item, sc, "read") is not None and _rate_of(item, sc, "write") is not None)
    if area == "latency" or sc["areas"][area].get("percentile"):
        return "time" in dims and has_pct
    if "fraction" in accepts and "number" in dims:
        return any(_bare_fraction(q.value) is not None for q in item.found if q.dimension == "number")
    if "count" in accepts and "number" in dims:
        return any(q.value >= 1 for q in item.found if q.dimension == "number")
    return bool(dims & set(accepts))


def _bare_fraction(value: float) -> float | None:
    if 0 < value < 1:
        return value
    if 90 <= value < 100:
        return value / 100
    return None


def _side(q: Quantity, item: _Item, sc: dict) -> str | None:
    """Whether a rate counts reads or writes ("350K feed reads/s" -> read), from its nouns or the words before it."""
    low = item.text.lower()
    for text in (q.nouns, low[max(0, q.start - 30): q.start]):
        reads = any(_kw(text, w) for w in sc["mix_words"]["read"])
        writes = any(_kw(text, w) for w in sc["mix_words"]["write"])
        if reads != writes:
            return "read" if reads else "write"
        if reads and writes:
            r = max(text.rfind(w) for w in sc["mix_words"]["read"])
            w_ = max(text.rfind(w) for w in sc["mix_words"]["write"])
            return "read" if r > w_ else "write"
    return None


def _rate_of(item: _Item, sc: dict, side: str) -> float | None:
    for q in item.found or quantities(item.text):
        if q.dimension == "rate" and not q.per_user and _side(q, item, sc) == side:
            return q.value
    return None


_DIM_WORDS = {"time": "a time (ms, s)", "rate": "a rate (per second or per day)", "count": "a count (users, posts)",
              "fraction": "a percentage or a number of nines", "ratio": "a ratio such as 100:1",
              "size": "a size (GB, TB)", "number": "a bare number with no unit"}


def _measure_message(area: str, item: _Item, sc: dict) -> str:
    spec = sc["areas"][area]
    dims = [q for q in item.found if q.dimension != "number"]
    if area == "latency" and any(q.dimension == "time" for q in item.found):
        return (f"'{item.label}' gives a time but no percentile: an average hides the slow requests; say which "
                f"percentile, e.g. {spec['example']}.")
    if dims:
        got = dims[0]
        want = " or ".join(_DIM_WORDS.get(d, d) for d in spec["accepts"] if d in _DIM_WORDS) or {
            "model": "a named consistency model (strong, eventual, read-your-writes)",
            "mix": "a ratio of reads to writes (100:1) or a read rate and a write rate"}.get(spec["accepts"][0], "")
        return (f"'{item.label}' gives {spec['title']} as {_DIM_WORDS.get(got.dimension, got.dimension)}; "
                f"{spec['title']} is measured as {want}, e.g. "
                f"{spec['example']}.")
    if "model" in spec["accepts"]:
        return (f"'{item.label}' names no consistency model: say which (strong, eventual, read-your-writes) and, "
                f"for eventual, how stale is acceptable, e.g. {spec['example']}.")
    if "mix" in spec["accepts"]:
        return f"'{item.label}' says which way the mix leans but not how far: give a ratio, e.g. {spec['example']}."
    return f"'{item.label}' is not measurable: give a number with a unit, e.g. {spec['example']}."


def check_requirements(reqs: Any, scenario: Any = "newsfeed", *, scope: str = "visible") -> Report:
    """Judge a candidate's requirements for a scenario; return a :class:`~autograder.report.Report`.

    Answer format (plain data, so the grader can re-check it outside the kernel)::

        requirements = {
            "clarifying_questions": ["How many daily active users?", "Is the feed ranked or newest first?"],
            "functional": ["Users publish text posts", "Users follow other users",
                           "Users read a home feed of followees' posts, newest first"],
            "non_functional": {
                "scale": "150M DAU, 2 posts per user per day",
                "read_write": "read-heavy, about 50:1",
                "latency": "feed read p99 < 200 ms",      # or (200, "ms", "p99")
                "availability": "99.99%",                 # or "four nines", or 0.9999
                "consistency": "eventual: posts reach followers' feeds within a minute",
            },
            "out_of_scope": ["ads", "search", "ranking by relevance"],
        }

    ``non_functional`` may also be a list of strings ("p99 feed load < 200 ms"), of (area, target)
    pairs or of ``{"area": ..., "target": ...}`` dicts; quantities may be written "10K writes/s",
    "1e4 QPS", "10,000 per second", "three nines", "100:1". Criteria (:data:`CRITERIA`): the form,
    measurable targets (latency with a percentile), coverage of the scenario's required areas, no
    contradictions, functional requirements that cover the prompt and do not overlap the out-of-scope
    list; ``scope="hidden"`` adds physical plausibility. Never raises on a learner's answer.
    """
    check_scope(scope)
    sc = load_scenario(scenario)
    title = f"Requirements of the {sc['title'].lower()}" + (" (grading checks)" if scope == "hidden" else "")
    reqs = plain_data(reqs)
    if isinstance(reqs, str):
        from autograder.report import Report as _R

        return _R.unusable(title, CRITERIA["form"], f"`requirements` is free text ({short(reqs, 50)}); write it "
                                                    f"as data: {_SHAPE}.")
    bad = unusable(title, "requirements", reqs, expected=_SHAPE, accepts=dict)
    if bad is not None:
        return bad
    try:
        return _check(reqs, sc, scope, title)
    except RecursionError:
        return Report.unusable(title, CRITERIA["form"], "the requirements are nested too deeply to read.")


def _add(report: Report, criterion: str, items: list[tuple[str, bool, str]]) -> None:
    for check, passed, message in items:
        report.add(f"{CRITERIA[criterion]}: {check}", passed, message, weight=1 / len(items))


def _check(reqs: dict, sc: dict, scope: str, title: str) -> Report:
    report = Report(title)
    form: list[tuple[str, bool, str]] = []
    parts: dict[str, Any] = {}
    alias = {a: part for part, names in PARTS.items() for a in names}
    for key, value in reqs.items():
        part = alias.get(_norm_key(key)) if isinstance(key, str) else None
        if part is None:
            close = difflib.get_close_matches(_norm_key(str(key)), list(alias), n=1, cutoff=0.6)
            hint = f" (did you mean '{alias[close[0]]}'?)" if close else ""
            form.append(("keys", False, f"`requirements` has the key {short(key, 30)}{hint}; the parts are "
                                        f"{', '.join(repr(p) for p in PARTS)}."))
            continue
        if part in parts:
            form.append(("keys", False, f"`requirements` gives '{part}' twice (as {short(key, 30)}); keep one."))
            continue
        parts[part] = value
    for part in PARTS:
        if part not in parts:
            form.append((part, False, f"`requirements` has no '{part}' part; {_SHAPE}."))

    questions, q_problem = _string_list(parts.get("clarifying_questions", []), "clarifying_questions",
                                        "['How many daily active users?', 'Is the feed ranked?']") \
        if "clarifying_questions" in parts else ([], "missing")
    functional, f_problem = _string_list(parts["functional"], "functional", "['Users publish posts', ...]") \
        if "functional" in parts else ([], "missing")
    out, o_problem = _string_list(parts["out_of_scope"], "out_of_scope", "['ads', 'search']") \
        if "out_of_scope" in parts else ([], "missing")
    items, n_problem = _nfr_items(parts["non_functional"], sc) if "non_functional" in parts else ([], "missing")
    for part, problem in (("clarifying_questions", q_problem), ("functional", f_problem),
                          ("non_functional", n_problem), ("out_of_scope", o_problem)):
        if problem and problem != "missing":
            form.append((part, False, problem + "."))
    if not form:
        form.append(("parts", True, f"{len(questions)} question(s), {len(functional)} functional and "
                                    f"{len(items)} non-functional requirement(s), {len(out)} out of scope."))
    _add(report, "form", form)

    if n_problem:
        for criterion in ("measurable", "coverage", "consistent"):
            _add(report, criterion, [("not checked", False, "not checked until `non_functional` has the "
                                                            "expected shape (see above).")])
    else:
        for item in items:
            _classify(item, sc)
        _add(report, "measurable", _measurable(items, sc))
        _add(report, "coverage", _coverage(items, sc))
        _add(report, "consistent", _consistent(items, sc))
    if f_problem or o_problem:
        _add(report, "scope", [("not checked", False, "not checked until `functional` and `out_of_scope` are "
                                                      "lists of strings (see above).")])
    else:
        _add(report, "scope", _scope(functional, out, sc))
    if scope == "hidden":
        if n_problem:
            _add(report, "plausible", [("not checked", False, "not checked until `non_functional` has the "
                                                              "expected shape.")])
        else:
            _add(report, "plausible", _plausible(items, sc))
    return report


# -- criteria ---------------------------------------------------------------------------------------------


def _global_mix(items: list[_Item], sc: dict) -> list[tuple[str, float]]:
    """Every statement of the read/write mix: (what was written, reads per write); direction-only ones as +-inf."""
    out: list[tuple[str, float]] = []
    reads: list[tuple[str, float]] = []
    writes: list[tuple[str, float]] = []
    for item in items:
        low = item.text.lower()
        for q in item.found:
            if q.dimension == "ratio" and ("read_write" in item.areas or "read" in low or "write" in low):
                out.append((item.label, q.value))
            elif q.dimension == "rate" and not q.per_user:
                side = _side(q, item, sc)
                if side == "read":
                    reads.append((item.label, q.value))
                elif side == "write":
                    writes.append((item.label, q.value))
        if any(_kw(low, w) for w in sc["mix_words"]["read_heavy"]):
            out.append((item.label, math.inf))
        if any(_kw(low, w) for w in sc["mix_words"]["write_heavy"]):
            out.append((item.label, -math.inf))
    if reads and writes and writes[0][1] > 0:
        label = reads[0][0] if reads[0][0] == writes[0][0] else f"{reads[0][0]}' and '{writes[0][0]}"
        out.append((label, reads[0][1] / writes[0][1]))
    return out


def _measurable(items: list[_Item], sc: dict) -> list[tuple[str, bool, str]]:
    out = []
    mix = [v for _, v in _global_mix(items, sc) if math.isfinite(v)]
    for item in items:
        dims = {q.dimension for q in item.found}
        pct = percentile(item.text) is not None
        for area in item.areas:
            if not sc["areas"][area].get("required"):
                continue
            ok = _measured(area, item, sc, dims, pct) or (area == "read_write" and bool(mix))
            out.append((f"'{item.label}'", ok, f"'{item.label}' is measurable." if ok
                        else _measure_message(area, item, sc)))
    unplaced = [i for i in items if not i.areas]
    for item in unplaced:
        out.append((f"'{item.label}'", True, f"tip: '{item.label}' is not one of the areas this check knows "
                                             f"({', '.join(a['title'] for a in sc['areas'].values())}); it is "
                                             "not judged."))
    if not any(not i.areas for i in items) and not out:
        out.append(("anything", False, "no requirement could be read as a target."))
    return out or [("anything", False, "no requirement names an area this check knows.")]


def _coverage(items: list[_Item], sc: dict) -> list[tuple[str, bool, str]]:
    covered = {a for i in items for a in i.areas}
    if any(math.isfinite(v) for _, v in _global_mix(items, sc)):
        covered.add("read_write")
    out = []
    for area, spec in sc["areas"].items():
        if not spec.get("required"):
            continue
        if area in covered:
            out.append((spec["title"], True, f"{spec['title']} is stated."))
        else:
            out.append((spec["title"], False, f"nothing states {spec['title']}: the design depends on it; add "
                                              f"a target such as {spec['example']}."))
    return out


def _consistent(items: list[_Item], sc: dict) -> list[tuple[str, bool, str]]:
    rules = sc["rules"]
    out: list[tuple[str, bool, str]] = []
    mix = _global_mix(items, sc)
    clash = None
    for i, (la, a) in enumerate(mix):
        for lb, b in mix[i + 1:]:
            if la == lb and (math.isinf(a) or math.isinf(b)):
                continue  # "read-heavy, 100:1" in one breath says it once
            if (a > 1 and b < 1) or (a < 1 and b > 1):
                clash = (la, a, lb, b)
            elif math.isfinite(a) and math.isfinite(b) and max(a, b) / min(a, b) > rules["mix_tolerance"]:
                clash = (la, a, lb, b)
            if clash:
                break
        if clash:
            break
    if clash:
        la, a, lb, b = clash

        def show(v: float) -> str:
            return "read-heavy" if v == math.inf else "write-heavy" if v == -math.inf else f"{v:,.3g} reads per write"

        out.append(("read/write mix", False, f"the read/write mix is stated two ways that disagree: '{la}' "
                                             f"({show(a)}) and '{lb}' ({show(b)}); keep one figure."))
    else:
        out.append(("read/write mix", True, "the read/write mix is stated once, or consistently."))

    cons = [i for i in items if "consistency" in i.areas]
    models = {m for i in cons for m in _model(i.text, sc)}
    everywhere = "strong" in models and not (models - {"strong"})
    alltext = " ".join(i.text.lower() for i in items)
    multi = any(_kw(alltext, w) for w in rules["multi_region_words"])
    avail = [(i, q.value) for i in items if "availability" in i.areas for q in i.found if q.dimension == "fraction"]
    avail += [(i, f) for i in items if "availability" in i.areas for q in i.found if q.dimension == "number"
              for f in [_bare_fraction(q.value)] if f is not None]
    five = [(i, v) for i, v in avail if v >= rules["multi_region_availability"] - 1e-9]
    fast = [(i, q.value) for i in items if "latency" in i.areas for q in i.found
            if q.dimension == "time" and q.value * 1e3 < rules["cross_region_rtt_ms"]]
    if everywhere and (multi or five) and fast:
        why = "across regions" if multi else f"at {five[0][1]:.3%} availability (which needs more than one region)"
        out.append(("consistency, availability and latency", False,
                    f"strong consistency everywhere, {why}, and '{fast[0][0].label}' cannot all hold: a strongly "
                    f"consistent write waits for another region (about {rules['cross_region_rtt_ms']} ms a round "
                    "trip), more than the latency target. Relax one: eventual consistency for the feed, one "
                    "home region per user, or a looser latency target for writes."))
    elif everywhere and any(_kw(alltext, w) for w in rules["ap_words"]):
        out.append(("consistency and availability", False,
                    "the requirements ask for strong consistency everywhere and also put availability over "
                    "consistency; during a network partition a system must choose one. Say which data needs "
                    "strong consistency (if any) and which may be eventually consistent."))
    else:
        out.append(("consistency, availability and latency", True,
                    "the consistency, availability and latency targets can hold together."))
    return out


def _features(text: str, sc: dict, *, negations: bool) -> set[str]:
    low = text.lower()
    found = set()
    for name, spec in sc["features"].items():
        for w in spec["words"]:
            for m in re.finditer(r"(?<![a-z])" + re.escape(w) + r"(?![a-z])", low):
                if negations and _NEGATION.search(low[max(0, m.start() - 40): m.start()]):
                    continue
                found.add(name)
    return found


def _scope(functional: list[str], out: list[str], sc: dict) -> list[tuple[str, bool, str]]:
    results = []
    f_features: dict[str, str] = {}
    for text in functional:
        for feat in _features(text, sc, negations=True):
            f_features.setdefault(feat, text)
    for name, spec in sc["features"].items():
        if spec.get("core"):
            ok = name in f_features
            results.append((spec.get("title", name), ok, f"'{f_features[name]}' covers {spec.get('title', name)}."
                            if ok else f"no functional requirement covers {spec.get('title', name)}, which the "
                                       f"prompt asks for ({sc['prompt']}); add it."))
    overlaps = []
    for text in out:
        feats = _features(text, sc, negations=False)
        extra = {f for f in feats if not sc["features"][f].get("core")}
        for feat in sorted(extra or feats):
            if feat in f_features:
                overlaps.append((text, f_features[feat], feat))
    if overlaps:
        o, f, feat = overlaps[0]
        results.append(("no overlap", False, f"'{o}' is out of scope, but the functional requirement '{f}' "
                                             f"includes it ({feat}); move it to one list."))
    else:
        results.append(("no overlap", True, "nothing is both in and out of scope."))
    return results


def _plausible(items: list[_Item], sc: dict) -> list[tuple[str, bool, str]]:
    rules = sc["rules"]
    out = []
    for item in items:
        for q in item.found:
            if "latency" in item.areas and q.dimension == "time" and q.value * 1e3 < rules["min_latency_ms"]:
                out.append((f"'{item.label}'", False,
                            f"'{item.label}' asks for under {rules['min_latency_ms']:g} ms: two network hops inside "
                            "one datacenter already take about that long (0.5 ms a round trip). Aim for tens of ms."))
            frac = q.value if q.dimension == "fraction" else (_bare_fraction(q.value) if q.dimension == "number"
                                                              else None)
            if "availability" in item.areas and frac is not None and frac > rules["max_availability"]:
                out.append((f"'{item.label}'", False,
                            f"'{item.label}' allows less than 32 seconds of downtime a year"
                            + (" (100% allows none)" if frac >= 1 else "")
                            + ": no system built from machines that fail promises that; state 99.9% to 99.999%."))
            if "scale" in item.areas and q.dimension == "count" and re.search(r"user|dau|mau|people|account",
                                                                               q.nouns) and q.value > rules["max_users"]:
                out.append((f"'{item.label}'", False,
                            f"'{item.label}' counts more users than there are people on Earth (~8 billion)."))
    return out or [("targets", True, "every target is within what real systems achieve.")]
