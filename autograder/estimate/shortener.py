"""The module's graded estimates: the Pastebin warm-up and the URL shortener estimate.

Public checkers (each returns a :class:`~autograder.report.Report`, one finding per quantity):

- :func:`check_pastebin` - three top-level answers of the warm-up.
- :func:`check_shortener_estimate` - the learner's function ``estimate(a)``, called
  with the stated assumptions (and, for hidden tests, with a second set).

Answer formats are in each function's docstring; tolerance bands are stated in
:func:`shortener_expectations` and shown to the learner in every message.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import math
import warnings
from collections.abc import Mapping

from autograder.estimate import calc
from autograder.estimate.check import Expected, Slip, check_value, within
from autograder.estimate.facts import PASTEBIN, SHORTENER, SHORTENER_HIDDEN, Assumptions
from autograder.estimate.units import ureg
from autograder.report import Finding, Missing, Report

__all__ = [
    "PARTS",
    "check_pastebin",
    "check_shortener_estimate",
    "shortener_reference",
    "shortener_expectations",
    "pastebin_expectations",
]

PARTS = {
    "qps": ("write_qps", "read_qps", "peak_read_qps"),
    "storage": ("storage", "storage_replicated"),
    "bandwidth": ("ingress", "egress"),
    "cache_and_servers": ("cache_size", "servers"),
    "keys": ("key_length", "collision_probability", "needs_uniqueness_check"),
}
"""Keys of the dict ``estimate(a)`` returns, grouped as the notebook's test cells grade them."""

TITLES = {
    "qps": "Requests per second",
    "storage": "Storage over the retention period",
    "bandwidth": "Bandwidth",
    "cache_and_servers": "Cache size and servers",
    "keys": "Short-code length and collisions",
}

SCENARIOS = {"visible": (SHORTENER,), "hidden": (SHORTENER, SHORTENER_HIDDEN)}


def shortener_reference(a: Assumptions) -> dict:
    """The course's answer for assumptions ``a``: the same keys as :data:`PARTS`, with units."""
    write_qps = calc.average_rate(a.new_urls)
    read_qps = write_qps * a.read_write_ratio
    peak_read_qps = calc.peak_rate(read_qps, a.peak_factor)
    codes = (a.new_urls * a.retention).to("dimensionless").magnitude
    length = calc.short_code_length(codes, a.alphabet)
    return {
        "write_qps": write_qps,
        "read_qps": read_qps,
        "peak_read_qps": peak_read_qps,
        "storage": calc.storage_over_retention(a.new_urls, a.retention, a.row_size),
        "storage_replicated": calc.storage_over_retention(a.new_urls, a.retention, a.row_size, a.replicas),
        "ingress": calc.bandwidth(write_qps, a.request_size),
        "egress": calc.bandwidth(read_qps, a.response_size),
        "cache_size": calc.cache_size_80_20(read_qps, a.row_size, a.cache_share),
        "servers": calc.servers_needed(peak_read_qps, a.server_throughput),
        "codes_over_retention": codes,
        "key_length": length,
        "collision_probability": calc.collision_probability(codes, length, a.alphabet),
        "needs_uniqueness_check": True,
    }


def shortener_expectations(a: Assumptions, scenario: str = "") -> dict[str, Expected]:
    """How each quantity of ``estimate(a)`` is judged: reference, unit for plain numbers, band, slips.

    Bands: within 25% for every quantity computed from the assumptions (room for
    rounding 86,400 to 10^5 or a year to 365 days); servers from 75% of the
    unrounded need (the same rounding room) to 1.5x the rounded-up count (headroom is fine).
    ``key_length`` must be the exact shortest length; ``needs_uniqueness_check`` a bool.
    """
    ref = shortener_reference(a)
    years = a.retention.to("year").magnitude
    ratio, peak, replicas = a.read_write_ratio, a.peak_factor, a.replicas
    peak_missing = Slip(1 / peak, f"peak factor missing? Peak = average x {peak:g}.")
    peak_applied = Slip(peak, f"peak factor applied: this asks for the average, without the x{peak:g}.")
    writes_not_reads = Slip(1 / ratio, f"used writes instead of reads? Reads = writes x {ratio:g} (the read:write ratio).")
    reads_not_writes = Slip(ratio, f"used reads instead of writes? Writes are the new URLs; reads are {ratio:g}x more.")
    years_twice = Slip(years, f"off by {years:g}: years counted twice? (The product 36.5 TB is often misprinted as 365 TB this way.)")
    one_year = Slip(1 / years, f"off by {years:g}: retention missing? Multiply by all {years:g} years, not one.")
    days_twice = Slip(365.25, "off by ~365: days per year counted twice?")
    one_day = Slip(1 / (365.25 * years), "that is about one day of data: multiply by every day of the retention period.")
    s = dict(scenario=scenario, **within(0.25))
    codes = ref["codes_over_retention"]
    length = ref["key_length"]
    single = ref["collision_probability"]
    birthday = calc.any_collision_probability(codes, length, a.alphabet)
    need = (ref["peak_read_qps"] / a.server_throughput).to("dimensionless").magnitude
    return {
        "write_qps": Expected(
            "write_qps", "average write rate (new URLs per second)", ref["write_qps"], "1/s",
            slips=(reads_not_writes, peak_applied), hint="new URLs per day / 86,400 s.", **s),
        "read_qps": Expected(
            "read_qps", "average read rate (redirects per second)", ref["read_qps"], "1/s",
            slips=(writes_not_reads, peak_applied), hint="write rate x read:write ratio.", **s),
        "peak_read_qps": Expected(
            "peak_read_qps", "peak read rate", ref["peak_read_qps"], "1/s",
            slips=(peak_missing, writes_not_reads, Slip(1 / (peak * ratio), "that is the average write rate: "
                   f"multiply by the read:write ratio ({ratio:g}) and the peak factor ({peak:g}).")),
            hint="average read rate x peak factor.", **s),
        "storage": Expected(
            "storage", f"storage for {years:g} years, one copy", ref["storage"], "TB",
            slips=(years_twice, one_year, days_twice, one_day,
                   Slip(replicas, f"replication included: this asks for one copy (the {replicas} copies are the next key)."),
                   Slip(ratio, "multiplied by reads: only writes add rows.")),
            hint="new URLs per day x days in the retention period x bytes per row.", **s),
        "storage_replicated": Expected(
            "storage_replicated", f"storage for {years:g} years with {replicas} copies", ref["storage_replicated"], "TB",
            slips=(Slip(1 / replicas, f"replication missing? Multiply one copy by the {replicas} replicas."),
                   years_twice, one_year, days_twice, one_day, Slip(ratio, "multiplied by reads: only writes add rows.")),
            hint="one copy's storage x replicas.", **s),
        "ingress": Expected(
            "ingress", "average ingress bandwidth (create requests in)", ref["ingress"], "Mbit/s",
            slips=(reads_not_writes, peak_applied, Slip(a.response_size / a.request_size,
                   "used the response size: ingress is what create requests bring in.")),
            hint="write rate x request size; 1 byte = 8 bits.", **s),
        "egress": Expected(
            "egress", "average egress bandwidth (redirect responses out)", ref["egress"], "Mbit/s",
            slips=(writes_not_reads, peak_applied), hint="read rate x response size; 1 byte = 8 bits.", **s),
        "cache_size": Expected(
            "cache_size", f"cache for {a.cache_share:.0%} of a day's reads (80/20 rule)", ref["cache_size"], "GB",
            slips=(Slip(1 / a.cache_share, f"cached every read: the 80/20 rule keeps only {a.cache_share:.0%} of a day's reads."),
                   Slip(a.cache_share, f"share applied twice? Cache = {a.cache_share:g} x reads per day x bytes per entry."),
                   writes_not_reads, peak_applied),
            hint=f"{a.cache_share:g} x reads per day x bytes per row.", **s),
        "servers": Expected(
            "servers", "application servers for the peak read rate", ref["servers"], None,
            low=0.75 * need / ref["servers"], high=1.5,
            band=f"from 75% of the unrounded need ({need:.3g}) up to 1.5x the rounded-up count", scenario=scenario,
            slips=(Slip(math.ceil(need / peak) / ref["servers"], "sized for the average: servers must carry the peak."),
                   Slip(math.ceil(need / ratio) / ref["servers"], "sized for writes: the redirect servers carry the reads.")),
            hint="peak read rate / redirects one server handles, rounded up."),
        "collision_probability": Expected(
            "collision_probability", "chance a new random code hits an existing one", single, None,
            scenario=scenario, **within(0.25),
            slips=(Slip(birthday / single, "that looks like the chance of at least one collision among all codes "
                        "(the birthday bound); the question is the chance for one new code: codes issued / keyspace."),
                   Slip(1 / years, "used one year of codes: at the end of retention all of them exist."),
                   Slip(float(a.alphabet), "used a keyspace one character shorter than your key length?"),
                   Slip(1 / a.alphabet, "used a keyspace one character longer than your key length?")),
            hint=f"codes issued over the retention period / {a.alphabet}^key_length."),
        "_key_length": Expected("key_length", "shortest code length", length, None, scenario=scenario),
        "_needs_check": Expected("needs_uniqueness_check", "do random codes need a uniqueness check?", 1, None,
                                 scenario=scenario),
        "_codes": Expected("codes", "codes issued", codes, None),
    }


def _check_key_length(answer, expected: Expected, alphabet: int, codes: float) -> Finding:
    length = int(expected.value)
    check = expected.check
    if isinstance(answer, Missing):
        return Finding(check, False, answer.message())
    if isinstance(answer, bool) or not isinstance(answer, (int, float)) or isinstance(answer, str):
        try:
            import numpy as np

            if isinstance(answer, np.integer):
                answer = int(answer)
        except ImportError:  # pragma: no cover - numpy comes with pandas
            pass
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        return Finding(check, False, f"`key_length` should be a whole number of characters (an int), got {type(answer).__name__}.")
    if not math.isfinite(answer) or answer <= 0:
        return Finding(check, False, f"`key_length` is {answer}: it must be a whole number of characters, at least 1.")
    if answer != int(answer):
        return Finding(check, False, f"`key_length` is {answer}: a code has a whole number of characters - round the length up.")
    answer = int(answer)
    if answer > 4 * length + 20:  # far too long; also keeps alphabet**answer small enough to compute
        shown = f"{answer:,}" if answer < 10**9 else f"{float(answer):.3g}"
        return Finding(check, False, f"{shown} characters is far longer than needed: find the smallest length L "
                                     f"with {alphabet}^L >= the {codes:.3g} codes issued.")
    space = alphabet**answer
    if answer == length:
        return Finding(check, True, f"{answer} characters: {alphabet}^{answer} = {space:.3g} codes hold the {codes:.3g} needed, "
                                    f"and {alphabet}^{answer - 1} = {alphabet ** (answer - 1):.3g} would not.")
    if answer < length:
        return Finding(check, False, f"{answer} characters give {alphabet}^{answer} = {space:.3g} codes, fewer than the "
                                     f"{codes:.3g} issued over the retention period: make it longer. "
                                     f"(Alphabet: {alphabet} characters; check you used the right alphabet size.)")
    return Finding(check, False, f"{answer} characters work ({space:.3g} codes) but a shorter code also holds the "
                                 f"{codes:.3g} codes needed: find the smallest length L with {alphabet}^L >= codes.")


def _check_needs_check(answer, expected: Expected, probability: float) -> Finding:
    check = expected.check
    if isinstance(answer, Missing):
        return Finding(check, False, answer.message())
    if not isinstance(answer, bool):
        return Finding(check, False, f"`needs_uniqueness_check` should be True or False, got {answer!r:.40}.")
    if answer:
        return Finding(check, True, f"True: at a {probability:.2%} chance per new code, collisions are routine, "
                                    "so each insert must check (e.g. a unique constraint) and retry.")
    return Finding(check, False, f"With a {probability:.2%} chance that a new random code is taken, collisions will happen "
                                 "and silently overwrite or misroute links unless each insert checks and retries.")


def check_shortener_estimate(estimate, part: str = "all", scenarios: str = "visible") -> Report:
    """Check the learner's URL shortener estimate function.

    Answer format: ``estimate`` is a function taking an
    :class:`~autograder.estimate.facts.Assumptions` ``a`` and returning a dict with
    the keys of :data:`PARTS`:

    - ``write_qps``, ``read_qps``, ``peak_read_qps``: rates (quantities in 1/time, or numbers per second);
    - ``storage`` (one copy), ``storage_replicated`` (``a.replicas`` copies): data (quantities, or numbers in TB);
    - ``ingress``, ``egress``: average data rates (quantities, or numbers in Mbit/s);
    - ``cache_size``: data (quantity, or number in GB) under the 80/20 rule (``a.cache_share`` of a day's reads);
    - ``servers``: a count for the peak read rate;
    - ``key_length``: the shortest code length (int) whose keyspace holds every URL of the retention period;
    - ``collision_probability``: chance that a new random code equals an issued one at the end of retention
      (a fraction such as 0.1, or a quantity in percent);
    - ``needs_uniqueness_check``: bool.

    ``part`` selects a group of keys (``"qps"``, ``"storage"``, ``"bandwidth"``,
    ``"cache_and_servers"``, ``"keys"``, or ``"all"``). ``scenarios="visible"`` calls
    ``estimate`` with :data:`SHORTENER` (Xu's figures); ``"hidden"`` adds
    :data:`SHORTENER_HIDDEN`, a second set of assumptions, so hard-coded numbers fail.
    One finding per key and scenario, equal weights.
    """
    keys = tuple(k for group in PARTS.values() for k in group) if part == "all" else PARTS.get(part)
    title = "URL shortener estimate" + ("" if part == "all" else f": {TITLES.get(part, part).lower()}")
    if keys is None:
        return Report.unusable(title, "part", f"unknown part {part!r}; use one of {sorted(PARTS)} or 'all'.")
    report = Report(title)
    chosen = SCENARIOS.get(scenarios)
    if chosen is None:
        return Report.unusable(title, "scenarios", f"unknown scenarios {scenarios!r}; use 'visible' or 'hidden'.")
    for number, a in enumerate(chosen):
        label = "stated assumptions" if number == 0 else "second set of assumptions"
        report.extend(_check_one_scenario(estimate, a, keys, label if len(chosen) > 1 else ""))
    return report


def _check_one_scenario(estimate, a: Assumptions, keys: tuple[str, ...], label: str) -> list[Finding]:
    def all_fail(message: str) -> list[Finding]:
        return [Finding(f"`{key}`" + (f" [{label}]" if label else ""), False, message) for key in keys]

    if isinstance(estimate, Missing):
        return all_fail(estimate.message())
    if not callable(estimate):
        return all_fail(f"`estimate` should be a function `def estimate(a): ... return {{...}}`, got {type(estimate).__name__}.")
    try:
        with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            result = estimate(a)
    except NotImplementedError:
        return all_fail("`estimate(a)` is not written yet (it raises NotImplementedError): replace that line with your estimate.")
    except Exception as error:  # the learner's code failed: say where, grade nothing of it
        return all_fail(f"`estimate(a)` raised {type(error).__name__}: {str(error)[:200]}. Fix it and run this check again.")
    if not isinstance(result, Mapping):
        return all_fail(f"`estimate(a)` should return a dict with the keys {', '.join(keys)}; it returned {type(result).__name__}.")
    expectations = shortener_expectations(a, label)
    reference = shortener_reference(a)
    findings = []
    for key in keys:
        if key not in result:
            names = {str(k).lower(): str(k) for k in result}
            close = difflib.get_close_matches(key.lower(), list(names), n=1)
            hint = f" (you have {names[close[0]]!r}: rename it)" if close else ""
            check = f"`{key}`" + (f" [{label}]" if label else "")
            findings.append(Finding(check, False, f"the returned dict has no key {key!r}{hint}."))
            continue
        value = result[key]
        if key == "key_length":
            findings.append(_check_key_length(value, expectations["_key_length"], a.alphabet, reference["codes_over_retention"]))
        elif key == "needs_uniqueness_check":
            findings.append(_check_needs_check(value, expectations["_needs_check"], reference["collision_probability"]))
        elif key == "collision_probability":
            findings.append(_check_probability(value, expectations[key]))
        else:
            findings.append(check_value(value, expectations[key]))
    return findings


def _check_probability(value, expected: Expected) -> Finding:
    number = value
    if isinstance(value, ureg.Quantity) or hasattr(value, "units"):
        return check_value(value, expected)
    if isinstance(number, (int, float)) and not isinstance(number, bool) and math.isfinite(number) and number > 1:
        return Finding(expected.check, False, f"{number:g} is more than 1: a probability is a fraction from 0 to 1. "
                                              f"If you meant {number:g}%, write {number / 100:g} or `{number:g} * u.percent`.")
    return check_value(value, expected)


def pastebin_expectations() -> dict[str, Expected]:
    """The warm-up's references: the Primer's Pastebin (10 M writes, 100 M reads a month, 1.27 KB, 3 years)."""
    p = PASTEBIN
    years = p["retention"].to("year").magnitude
    month = Slip(2_629_800 / 86_400, "off by ~30: per month vs per day? A rate per second divides the monthly count by "
                                      "the seconds in a month (~2.6 million).")
    s = within(0.25)
    return {
        "paste_write_qps": Expected("paste_write_qps", "average new pastes per second", calc.average_rate(p["writes"]),
                                    "1/s", slips=(month, Slip(10, "used reads instead of writes?")),
                                    hint="10 M / seconds in a month (~2.6 million).", **s),
        "paste_read_qps": Expected("paste_read_qps", "average paste reads per second", calc.average_rate(p["reads"]),
                                   "1/s", slips=(month, Slip(0.1, "used writes instead of reads?")),
                                   hint="100 M / seconds in a month.", **s),
        "paste_storage": Expected(
            "paste_storage", f"storage of {years:g} years of pastes", calc.storage_over_retention(
                p["writes"], p["retention"], p["paste_size"]).to("GB"), "GB",
            slips=(Slip(years, f"off by {years:g}: years counted twice?"),
                   Slip(1 / years, f"off by {years:g}: one year only? Multiply by all {years:g} years."),
                   Slip(1 / 12 / years, "that is one month of pastes: multiply by every month kept."),
                   Slip(10, "used reads instead of writes? Only new pastes add storage.")),
            hint="10 M a month x 36 months x 1.27 KB.", **s),
    }


def check_pastebin(paste_write_qps, paste_read_qps, paste_storage) -> Report:
    """Check the warm-up: the System Design Primer's Pastebin, from its stated figures.

    Answer format: ``paste_write_qps`` and ``paste_read_qps`` are average rates
    (quantities such as ``10e6 / u.month``, or numbers per second);
    ``paste_storage`` is the data stored over 3 years, one copy (a quantity, or a
    number in GB). Each passes within 25% of the reference.
    """
    report = Report("Pastebin warm-up")
    expectations = pastebin_expectations()
    for name, value in (("paste_write_qps", paste_write_qps), ("paste_read_qps", paste_read_qps),
                        ("paste_storage", paste_storage)):
        report.extend([check_value(value, expectations[name])])
    return report

