"""Module 4's graded estimates, as thin wrappers over the scenario checker.

Public checkers (each returns a :class:`~autograder.report.Report`, one finding per quantity):

- :func:`check_pastebin` - three top-level answers of the warm-up (scenario ``"pastebin"``).
- :func:`check_shortener_estimate` - the learner's function ``estimate(a)``, called with the
  stated assumptions (and, in the hidden scope, with a second set) - scenario ``"shortener"``.

The quantities, their units, tolerance bands, reference formulas and named slips are data, in
:mod:`autograder.estimate.scenarios.shortener` and :mod:`autograder.estimate.scenarios.pastebin`;
the judging is :func:`autograder.estimate.scenario.check_estimate`.
"""

from __future__ import annotations

from typing import Any

from autograder.contract import check_scope
from autograder.estimate.check import Expected
from autograder.estimate.facts import Assumptions
from autograder.estimate.scenario import check_answers, check_estimate, expectations, reference
from autograder.estimate.scenarios import get_scenario
from autograder.report import Report

__all__ = [
    "PARTS",
    "check_pastebin",
    "check_shortener_estimate",
    "shortener_reference",
    "shortener_expectations",
    "pastebin_expectations",
]

def __getattr__(name: str) -> Any:
    if name == "PARTS":  # read on first use: the scenario may be hidden (a grading kernel)
        return dict(get_scenario("shortener").parts)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


PARTS: dict[str, tuple[str, ...]]
"""Keys of the dict ``estimate(a)`` returns, grouped as the notebook's test cells grade them."""


def shortener_reference(a: Assumptions) -> dict[str, Any]:
    """The course's answer for assumptions ``a``: the keys of :data:`PARTS` (with units), plus
    ``codes_over_retention`` (how many codes exist at the end of retention)."""
    values = reference(get_scenario("shortener"), a)
    out: dict[str, Any] = {key: values[key] for key in get_scenario("shortener").graded}
    out["codes_over_retention"] = values["codes"]
    return out


def shortener_expectations(a: Assumptions, scenario: str = "") -> dict[str, Expected]:
    """How each amount of ``estimate(a)`` is judged: reference, unit for plain numbers, band, slips.

    Bands: within 25% for every quantity computed from the assumptions (room for rounding 86,400 to
    10^5 or a year to 365 days); ``servers`` a whole number from the rounded-up 75% of the
    unrounded need to 1.5x the rounded-up count. ``scenario`` labels the findings.
    """
    return expectations(get_scenario("shortener"), a, scenario)


def pastebin_expectations() -> dict[str, Expected]:
    """The warm-up's references: the Primer's Pastebin (10 M writes, 100 M reads a month, 1.27 KB, 3 years)."""
    return expectations(get_scenario("pastebin"), get_scenario("pastebin").visible[0])


def check_shortener_estimate(estimate: Any, part: str = "all", *, scope: str = "visible") -> Report:
    """Check the learner's URL shortener estimate function.

    Answer format: ``estimate`` is a function taking an
    :class:`~autograder.estimate.facts.Assumptions` ``a`` and returning a dict with the keys of
    :data:`PARTS`:

    - ``write_qps``, ``read_qps``, ``peak_read_qps``: rates (quantities in 1/time, or numbers per second);
    - ``storage`` (one copy), ``storage_replicated`` (``a.replicas`` copies): data (quantities, or numbers in TB);
    - ``ingress``, ``egress``: average data rates (quantities, or numbers in Mbit/s);
    - ``cache_size``: data (quantity, or number in GB) under the 80/20 rule (``a.cache_share`` of a day's reads);
    - ``servers``: a whole number of servers for the peak read rate, rounded up;
    - ``key_length``: the shortest code length (int) whose keyspace holds every URL of the retention period;
    - ``collision_probability``: chance that a new random code equals an issued one at the end of retention
      (a fraction such as 0.1, or a quantity in percent);
    - ``needs_uniqueness_check``: bool, for the way ``a.code_scheme`` makes codes.

    ``part`` selects a group of keys (``"qps"``, ``"storage"``, ``"bandwidth"``,
    ``"cache_and_servers"``, ``"keys"``, or ``"all"``; anything else raises ValueError).
    ``scope="visible"`` calls ``estimate`` with :data:`~autograder.estimate.facts.SHORTENER` (Xu's
    figures); ``"hidden"`` adds :data:`~autograder.estimate.facts.SHORTENER_HIDDEN`, a second set of
    assumptions, so hard-coded numbers fail. One finding per key and set, equal weights.
    """
    return check_estimate(estimate, "shortener", part=part, scope=scope)


def check_pastebin(paste_write_qps: Any, paste_read_qps: Any, paste_storage: Any, *, scope: str = "visible") -> Report:
    """Check the warm-up: the System Design Primer's Pastebin, from its stated figures.

    Answer format: ``paste_write_qps`` and ``paste_read_qps`` are average rates (quantities such
    as ``10e6 / u.month``, or numbers per second); ``paste_storage`` is the data stored over 3
    years, one copy (a quantity, or a number in GB). Each passes within 25% of the reference.
    Written values cannot be recomputed for other assumptions, so ``scope="hidden"`` adds nothing.
    """
    check_scope(scope)
    answers = {"paste_write_qps": paste_write_qps, "paste_read_qps": paste_read_qps, "paste_storage": paste_storage}
    return check_answers(answers, "pastebin", scope=scope)
