"""The same mapping as a key-value design: key, value and TTL, judged against a scenario's ``kv`` part."""

from __future__ import annotations

import string
from typing import Any

from autograder.contract import NOT_WRITTEN, check_scope, plain_data
from autograder.report import Missing, Report
from autograder.schema._scenario import load

_KEYS = ("key", "value", "ttl_seconds", "single_get_serves")

C_KEY = "key comes from the code alone"
C_VALUE = "value holds the long URL"
C_TTL = "TTL matches the links' lifetime"
C_GET = "one GET serves only the redirect"

# (factor, unit): a TTL that equals the expected seconds divided by ``factor`` was written in ``unit``
_UNITS = ((86_400, "days"), (3_600, "hours"), (60, "minutes"), (1 / 1000, "milliseconds"))


def check_kv_design(design: Any, scenario: Any = "shortener", *, scope: str = "visible") -> Report:
    """Check a key-value design of the scenario's main lookup.

    Answer format: a dict with exactly these keys (shortener scenario)::

        {
            "key": "link:{code}",                 # a template; {code} is the only placeholder allowed
            "value": ["long_url", "created_at"],  # fields stored under the key
            "ttl_seconds": 2_592_000,             # how long a key lives, in seconds (30 days here)
            "single_get_serves": ["redirect"],    # access patterns one GET of the key answers
        }
    """
    check_scope(scope)
    design = plain_data(design)  # exactly what the re-check at grading sees
    sc = load(scenario)
    kv = sc.kv
    if kv is None:
        raise ValueError(f"scenario {sc.name!r} has no key-value part")
    title = kv.get("title", "Key-value design")
    fields, key_fields = list(kv["fields"]), list(kv["key_fields"])
    if isinstance(design, Missing):
        return _all_fail(title, design.message())
    if design is Ellipsis:
        return _all_fail(title, f"`kv_design` is {NOT_WRITTEN}")
    if not isinstance(design, dict):
        return _all_fail(title, f"`kv_design` should be a dict with keys {', '.join(_KEYS)}; "
                                f"got {type(design).__name__}.")
    report = Report(title)
    unknown = [str(k) for k in design if k not in _KEYS]
    if unknown:
        report.add("note", True, f"ignored unknown key(s) {', '.join(unknown)}; the design uses {', '.join(_KEYS)}.",
                   weight=0)
    example = kv.get("example_key", "item:{" + key_fields[0] + "}")

    key = design.get("key")
    placeholders: list[str] | None = None
    if isinstance(key, str):
        try:
            placeholders = [f for _, f, _, _ in string.Formatter().parse(key) if f is not None]
        except ValueError:
            placeholders = None
    if not isinstance(key, str):
        report.add(C_KEY, False, f"`key` should be a template string such as \"{example}\".")
    elif placeholders is None:
        report.add(C_KEY, False, f"`key` {key!r} is not a valid template: use {{{key_fields[0]}}} where the "
                                 f"value goes, e.g. \"{example}\".")
    elif sorted(placeholders) != sorted(key_fields):
        others = [p for p in placeholders if p not in key_fields]
        msg = (f"`key` uses {{{others[0]}}}, which a redirect does not know: it has only the "
               f"{' and '.join(key_fields)}. Build the key from {{{key_fields[0]}}} alone." if others else
               f"`key` must contain {{{key_fields[0]}}} exactly once, so each one has its own key.")
        report.add(C_KEY, False, msg)
    else:
        report.add(C_KEY, True, f"`{key}` is found from the {' and '.join(key_fields)} alone.")

    value = design.get("value")
    if isinstance(value, str):
        value = [value]
    must = list(kv.get("must_hold", []))
    if not isinstance(value, (list, tuple, set)) or not all(isinstance(v, str) for v in value):
        report.add(C_VALUE, False, f"`value` should be a list of field names from {fields}.")
    else:
        bad = [v for v in value if v not in fields]
        lacking = [m for m in must if m not in value]
        if bad:
            report.add(C_VALUE, False, f"`value` names {bad[0]!r}; use names from {fields}.")
        elif lacking:
            report.add(C_VALUE, False, f"the lookup needs {lacking[0]!r}: add it to `value`.")
        else:
            report.add(C_VALUE, True, f"one GET returns {', '.join(must)}.")

    report.add(*_ttl(design.get("ttl_seconds", "absent"), kv.get("ttl")))

    serves = design.get("single_get_serves")
    patterns, single = list(kv["patterns"]), set(kv["single_get"])
    if isinstance(serves, str):
        serves = [serves]
    if not isinstance(serves, (list, tuple, set)) or not all(isinstance(v, str) for v in serves):
        report.add(C_GET, False, f"`single_get_serves` should be a list of access patterns from {patterns}.")
    else:
        got = set(serves)
        bad = sorted(got - set(patterns))
        if bad:
            report.add(C_GET, False, f"{bad[0]!r} is not an access pattern; use {patterns}.")
        elif single - got:
            report.add(C_GET, False, f"a GET of the key is exactly what {sorted(single - got)[0]} needs: include it.")
        elif got - single:
            extra = sorted(got - single)[0]
            why = kv.get("why_not", {}).get(extra, "it needs other keys")
            report.add(C_GET, False, f"a GET of one key does not answer `{extra}`: {why}.")
        else:
            report.add(C_GET, True, "right: the other patterns need more keys or a secondary index, each kept up to "
                                    "date on every write - the price of key-value.")
    return report


def _ttl(ttl: Any, spec: dict | None) -> tuple[str, bool, str]:
    if spec is None:
        if ttl is None:
            return C_TTL, True, "no TTL: items live until deleted."
        spec = {}
    want = spec.get("seconds")
    said = spec.get("said", f"{want} seconds")
    reason = spec.get("reason", "")
    if ttl is None:
        return C_TTL, False, (f"`ttl_seconds` is None, so keys never expire, but {reason}: give the lifetime in "
                              f"seconds ({said} = {want:,}).")
    if isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or ttl != ttl:
        return C_TTL, False, "`ttl_seconds` should be a number of seconds (e.g. 30 * 24 * 3600) or None for no expiry."
    if ttl <= 0:
        return C_TTL, False, (f"`ttl_seconds` is {ttl}: a key with a TTL of zero or less expires at once. "
                              f"Give a positive number of seconds.")
    if want is None:
        return C_TTL, True, f"keys expire after {ttl / 86_400:,.1f} days."
    if abs(ttl - want) <= max(1.0, 0.001 * want):
        return C_TTL, True, f"keys expire after {ttl:,.0f} seconds = {said}, as {reason}."
    for factor, unit in _UNITS:
        if abs(ttl * factor - want) <= max(1.0, 0.001 * want):
            shown = f"{ttl:,}" if isinstance(ttl, int) else f"{ttl:,g}"
            return C_TTL, False, (f"`ttl_seconds` is {shown}, which is {said} counted in {unit}: the TTL is in "
                                  f"seconds, so {shown} means {_human(ttl)}. Write {said} in seconds: {want:,}.")
    shown = f"{ttl:,}" if isinstance(ttl, int) else f"{ttl:,g}"
    return C_TTL, False, (f"`ttl_seconds` is {shown} seconds ({_human(ttl)}), but {reason}: use {want:,} "
                          f"({said} in seconds).")


def _human(seconds: float) -> str:
    for size, unit in ((86_400 * 365, "years"), (86_400, "days"), (3_600, "hours"), (60, "minutes")):
        if seconds >= size:
            return f"{seconds / size:,.1f} {unit}"
    return f"{seconds:g} seconds"


def _all_fail(title: str, message: str) -> Report:
    report = Report(title)
    for check in (C_KEY, C_VALUE, C_TTL, C_GET):
        report.add(check, False, message if check == C_KEY else "not checked: the design is missing.")
    return report
