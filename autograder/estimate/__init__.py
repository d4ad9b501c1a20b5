"""Capacity estimates with units: reference calculations, tolerance checks, an explorer.

Units are explicit. Import the course's unit registry under a short name and
build quantities from it; nothing global changes on import::

    from autograder.estimate import units as u
    write_qps = (100e6 / u.day).to("1/s")     # ~1157 per second
    storage = (100e6 / u.day * 10 * u.year * 100 * u.B).to("TB")   # ~36.5 TB

Or import the few unit names you use: ``from autograder.estimate import day, year, B, TB``.

Checkers (see their docstrings for the answer format and tolerance bands):
:func:`check_estimate` judges a learner's ``estimate(a)`` against any scenario (``"shortener"``,
``"newsfeed"``; each described as data in :mod:`autograder.estimate.scenarios`, format in that
folder's README); :func:`check_shortener_estimate` and :func:`check_pastebin` are module 4's
wrappers; :func:`check_value` judges one quantity. Every checker takes ``scope="visible"`` or
``scope="hidden"`` (keyword-only).
"""

from autograder.estimate import calc
from autograder.estimate.calc import (
    any_collision_probability,
    availability_in_parallel,
    availability_in_series,
    average_rate,
    bandwidth,
    cache_size_80_20,
    collision_probability,
    downtime_per_year,
    keyspace,
    peak_rate,
    rate_from_users,
    servers_needed,
    short_code_length,
    storage_over_retention,
)
from autograder.estimate.check import Expected, Slip, check_value, within, within_factor
from autograder.estimate.facts import (
    LATENCY,
    NEWSFEED,
    NEWSFEED_HIDDEN,
    PASTEBIN,
    SHORTENER,
    SHORTENER_HIDDEN,
    SOURCES,
    TWITTER,
    Assumptions,
)
from autograder.estimate.scenario import Given, Item, Scenario, SlipRule, check_answers, check_estimate
from autograder.estimate.scenarios import SCENARIOS, get_scenario
from autograder.estimate.shortener import (
    check_pastebin,
    check_shortener_estimate,
    pastebin_expectations,
    shortener_expectations,
    shortener_reference,
)
from autograder.estimate.units import Quantity, ureg

units = ureg
"""The course's unit registry: ``units.day``, ``units.TB``, ``units("36.5 TB")``."""

# The unit names most estimates need, for `from autograder.estimate import day, TB`.
s = second = ureg.second
minute = ureg.minute
hour = ureg.hour
day = ureg.day
month = ureg.month
year = ureg.year
bit = ureg.bit
B = byte = ureg.byte
KB = ureg.KB
kB, MB, GB, TB, PB = ureg.kB, ureg.MB, ureg.GB, ureg.TB, ureg.PB
KiB, MiB, GiB, TiB, PiB = ureg.KiB, ureg.MiB, ureg.GiB, ureg.TiB, ureg.PiB
kbit, Mbit, Gbit = ureg.kbit, ureg.Mbit, ureg.Gbit
percent = ureg.percent


def __getattr__(name: str):
    if name == "PARTS":  # read on first use: the scenario may be hidden (module 4's grading kernel)
        from autograder.estimate import shortener

        return shortener.PARTS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def explorer(assumptions: Assumptions = SHORTENER):
    """An ungraded ipywidgets explorer of the URL shortener assumptions (live table and chart)."""
    from autograder.estimate.explore import Explorer

    return Explorer(assumptions).widget


__all__ = [
    "units", "ureg", "Quantity", "calc",
    "s", "second", "minute", "hour", "day", "month", "year",
    "bit", "B", "byte", "KB", "kB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "PiB",
    "kbit", "Mbit", "Gbit", "percent",
    "average_rate", "rate_from_users", "peak_rate", "storage_over_retention", "bandwidth",
    "cache_size_80_20", "servers_needed", "keyspace", "short_code_length", "collision_probability",
    "any_collision_probability", "downtime_per_year", "availability_in_series", "availability_in_parallel",
    "Expected", "Slip", "check_value", "within", "within_factor",
    "Assumptions", "SHORTENER", "SHORTENER_HIDDEN", "PASTEBIN", "TWITTER", "NEWSFEED", "NEWSFEED_HIDDEN",
    "LATENCY", "SOURCES",
    "Scenario", "Item", "SlipRule", "Given", "SCENARIOS", "get_scenario", "check_estimate", "check_answers",
    "PARTS", "check_pastebin", "check_shortener_estimate", "shortener_reference",
    "shortener_expectations", "pastebin_expectations", "explorer",
]
