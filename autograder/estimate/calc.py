"""Reference calculations for capacity estimates, with units.

Each function takes pint quantities (or plain numbers where noted) and returns
a quantity in a readable unit. They are the course's answer key: the checkers
compare a learner's value with what these return for the same assumptions.
"""

from __future__ import annotations

import math

from autograder.estimate.units import Quantity, ureg

__all__ = [
    "average_rate",
    "rate_from_users",
    "peak_rate",
    "storage_over_retention",
    "bandwidth",
    "cache_size_80_20",
    "servers_needed",
    "short_code_length",
    "keyspace",
    "collision_probability",
    "any_collision_probability",
    "downtime_per_year",
    "availability_in_series",
    "availability_in_parallel",
]


def average_rate(events: Quantity) -> Quantity:
    """An event rate such as ``100e6 / u.day`` expressed per second."""
    return Quantity(events).to("1/s")


def rate_from_users(daily_active_users: float, actions_per_user_per_day: float) -> Quantity:
    """Average requests per second from daily active users and actions per user per day."""
    return average_rate(daily_active_users * actions_per_user_per_day / ureg.day)


def peak_rate(average: Quantity, peak_factor: float) -> Quantity:
    """Peak rate as ``peak_factor`` times the average (Xu uses 2; many notes use 3-5)."""
    return (Quantity(average) * peak_factor).to("1/s")


def storage_over_retention(
    new_items: Quantity, retention: Quantity, bytes_per_item: Quantity, replicas: int = 1
) -> Quantity:
    """Bytes stored after ``retention``: items per time x time x size x copies, in TB."""
    return (new_items * retention * bytes_per_item * replicas).to("TB")


def bandwidth(rate: Quantity, bytes_per_request: Quantity) -> Quantity:
    """Data rate of ``rate`` requests each carrying ``bytes_per_request``, in Mbit/s."""
    return (rate * bytes_per_request).to("Mbit/s")


def cache_size_80_20(reads: Quantity, bytes_per_item: Quantity, share: float = 0.2) -> Quantity:
    """Memory to cache ``share`` of one day's reads (the "80/20" rule of the Grokking course).

    The rule assumes about 20% of the items draw about 80% of the traffic, so
    caching a fifth of a day's read volume serves most reads. It sizes memory for
    a day's reads, not for the distinct items among them, so it errs on the large side.
    """
    daily_reads = (reads * ureg.day).to("dimensionless")
    return (share * daily_reads * bytes_per_item).to("GB")


def servers_needed(peak: Quantity, per_server: Quantity) -> int:
    """Whole servers needed to serve ``peak`` when one serves ``per_server`` (rounded up)."""
    ratio = (Quantity(peak) / Quantity(per_server)).to("dimensionless").magnitude
    return max(1, math.ceil(ratio - 1e-9))


def keyspace(length: int, alphabet: int = 62) -> int:
    """Number of distinct codes of ``length`` characters from an ``alphabet``-letter alphabet."""
    return alphabet**length


def short_code_length(codes_needed: float, alphabet: int = 62) -> int:
    """Smallest code length whose keyspace holds ``codes_needed`` codes (exact integer arithmetic)."""
    needed = math.ceil(codes_needed)
    length = 1
    while alphabet**length < needed:
        length += 1
    return length


def collision_probability(issued: float, length: int, alphabet: int = 62) -> float:
    """Chance that one new random code equals one of ``issued`` existing codes: issued / keyspace."""
    return min(1.0, issued / keyspace(length, alphabet))


def any_collision_probability(issued: float, length: int, alphabet: int = 62) -> float:
    """Chance of at least one collision among ``issued`` random codes (the birthday bound)."""
    space = keyspace(length, alphabet)
    return -math.expm1(-issued * (issued - 1) / (2 * space))


def downtime_per_year(availability: float) -> Quantity:
    """Allowed downtime per (Julian) year at ``availability`` (0.999 for 99.9%)."""
    return ((1 - availability) * ureg.year).to("minute")


def availability_in_series(*parts: float) -> float:
    """Availability of parts that must all work: the product."""
    return math.prod(parts)


def availability_in_parallel(*parts: float) -> float:
    """Availability of redundant parts of which one suffices: 1 - product of failure chances."""
    return 1 - math.prod(1 - p for p in parts)
