"""The same mapping as a key-value design: key, value and TTL."""

from __future__ import annotations

import string

from autograder.report import Missing, Report

FIELDS = ("code", "long_url", "user_id", "created_at", "expires_at", "click_count")
PATTERNS = ("redirect", "create_link", "user_links", "clicks_per_day")
_KEYS = ("key", "value", "ttl_seconds", "single_get_serves")


def check_kv_design(design) -> Report:
    """Check a key-value design of the short-code -> long-URL mapping.

    Answer format: a dict with exactly these keys::

        {
            "key": "link:{code}",                 # a template; {code} is the only placeholder allowed
            "value": ["long_url", "created_at"],  # fields stored under the key, from FIELDS
            "ttl_seconds": 31_536_000,            # a positive int, or None for links that never expire
            "single_get_serves": ["redirect"],    # access patterns (from PATTERNS) one GET of the key answers
        }
    """
    title = "Key-value design"
    if isinstance(design, Missing):
        return Report.unusable(title, "design given", design.message())
    if not isinstance(design, dict):
        return Report.unusable(title, "design given", f"`kv_design` should be a dict with keys {', '.join(_KEYS)}; "
                                                      f"got {type(design).__name__}.")
    report = Report(title)
    unknown = [str(k) for k in design if k not in _KEYS]
    if unknown:
        report.add("note", True, f"ignored unknown key(s) {', '.join(unknown)}; the design uses {', '.join(_KEYS)}.",
                   weight=0)

    key = design.get("key")
    placeholders = None
    if isinstance(key, str):
        try:
            placeholders = [f for _, f, _, _ in string.Formatter().parse(key) if f is not None]
        except ValueError:
            placeholders = None
    if not isinstance(key, str):
        report.add("key comes from the code alone", False, "`key` should be a template string such as \"link:{code}\".")
    elif placeholders is None:
        report.add("key comes from the code alone", False, f"`key` {key!r} is not a valid template: use {{code}} "
                                                           "where the short code goes, e.g. \"link:{code}\".")
    elif placeholders != ["code"]:
        others = [p for p in placeholders if p != "code"]
        msg = (f"`key` uses {{{others[0]}}}, which a redirect does not know: it has only the code. Build the key "
               "from {code} alone." if others else
               "`key` must contain {code} exactly once, so each short code has its own key.")
        report.add("key comes from the code alone", False, msg)
    else:
        report.add("key comes from the code alone", True, f"`{key}` is found from the code alone.")

    value = design.get("value")
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple, set)) or not all(isinstance(v, str) for v in value):
        report.add("value holds the long URL", False, f"`value` should be a list of field names from {list(FIELDS)}.")
    else:
        bad = [v for v in value if v not in FIELDS]
        if bad:
            report.add("value holds the long URL", False, f"`value` names {bad[0]!r}; use names from {list(FIELDS)}.")
        elif "long_url" not in value:
            report.add("value holds the long URL", False, "the redirect needs the long URL: add \"long_url\" to `value`.")
        else:
            report.add("value holds the long URL", True, "one GET returns the long URL.")

    ttl = design.get("ttl_seconds", "absent")
    if ttl is None:
        report.add("TTL is a duration or none", True, "no TTL: links live until deleted.")
    elif isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or ttl != ttl:
        report.add("TTL is a duration or none", False,
                   "`ttl_seconds` should be a number of seconds (e.g. 365 * 24 * 3600) or None for no expiry.")
    elif ttl <= 0:
        report.add("TTL is a duration or none", False, f"`ttl_seconds` is {ttl}: a key with a TTL of zero or less "
                                                       "expires at once. Give a positive number of seconds or None.")
    else:
        report.add("TTL is a duration or none", True, f"keys expire after {ttl / 86_400:,.1f} days.")

    serves = design.get("single_get_serves")
    if isinstance(serves, str):
        serves = [serves]
    if not isinstance(serves, (list, tuple, set)) or not all(isinstance(v, str) for v in serves):
        report.add("one GET serves only the redirect", False,
                   f"`single_get_serves` should be a list of access patterns from {list(PATTERNS)}.")
    else:
        serves = set(serves)
        bad = sorted(serves - set(PATTERNS))
        if bad:
            report.add("one GET serves only the redirect", False, f"{bad[0]!r} is not an access pattern; use {list(PATTERNS)}.")
        elif "redirect" not in serves:
            report.add("one GET serves only the redirect", False, "a GET of the code's key is exactly what a redirect "
                                                                  "needs: include \"redirect\".")
        elif serves - {"redirect"}:
            extra = sorted(serves - {"redirect"})[0]
            why = {
                "user_links": "listing a user's links needs another key per user (e.g. user:{user_id}:links) or a scan",
                "clicks_per_day": "daily counts need counters under other keys (e.g. clicks:{code}:{day})",
                "create_link": "creating a link is a SET (ideally set-if-absent), not a GET",
            }[extra]
            report.add("one GET serves only the redirect", False, f"a GET of one link's key does not answer "
                                                                  f"`{extra}`: {why}.")
        else:
            report.add("one GET serves only the redirect", True, "right: the other patterns need more keys or a "
                                                                 "secondary index - the price of key-value.")
    return report
