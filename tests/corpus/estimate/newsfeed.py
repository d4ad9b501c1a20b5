"""A corpus of news feed estimates (fan-out on write), `estimate(a)` over a.daily_active_users,
a.posts_per_user_per_day, a.peak_factor, a.average_followers, a.feed_views_per_user_per_day,
a.feed_entry_size, a.feed_retention and a.writes_per_worker.

The scenario is data only (autograder/estimate/scenarios/newsfeed.py): this corpus shows the same
checker judges it fairly. CORRECT must get full marks in the grading scope; each WRONG one names
the key it must lose. Styles as in Xu's Twitter estimate (ch. 2) and its news feed chapter.
"""

from __future__ import annotations

import math

import numpy as np

from autograder.estimate import units as u


def pint_throughout(a):
    posts = (a.daily_active_users * a.posts_per_user_per_day / u.day).to("1/day")
    feed_writes = (posts * a.average_followers).to("1/s")
    return {
        "posts_per_day": posts,
        "feed_write_qps": feed_writes,
        "feed_storage": (feed_writes * a.feed_retention * a.feed_entry_size).to("TB"),
        "peak_feed_read_qps": (a.daily_active_users * a.feed_views_per_user_per_day / u.day * a.peak_factor).to("1/s"),
        "fanout_workers": math.ceil((feed_writes * a.peak_factor / a.writes_per_worker).to("").magnitude),
    }


def xu_rounding(a):
    """10^5 seconds a day, plain numbers in the asked units."""
    posts = a.daily_active_users * a.posts_per_user_per_day
    writes = posts * a.average_followers / 1e5
    days = a.feed_retention.to("day").magnitude
    return {
        "posts_per_day": posts,
        "feed_write_qps": writes,
        "feed_storage": posts * a.average_followers * days * a.feed_entry_size.to("B").magnitude / 1e12,
        "peak_feed_read_qps": a.daily_active_users * a.feed_views_per_user_per_day / 1e5 * a.peak_factor,
        "fanout_workers": math.ceil(writes * a.peak_factor / a.writes_per_worker.to("1/s").magnitude),
    }


def step_by_step_floats(a):
    seconds_per_day = 24 * 60 * 60
    posts_per_day = a.daily_active_users * a.posts_per_user_per_day
    posts_per_second = posts_per_day / seconds_per_day
    fan_out = posts_per_second * a.average_followers
    kept = a.feed_retention.to("s").magnitude
    entry = a.feed_entry_size.to("B").magnitude
    views = a.daily_active_users * a.feed_views_per_user_per_day / seconds_per_day
    return {
        "posts_per_day": posts_per_day, "feed_write_qps": fan_out,
        "feed_storage": fan_out * kept * entry * u.B,
        "peak_feed_read_qps": views * a.peak_factor,
        "fanout_workers": -(-fan_out * a.peak_factor // a.writes_per_worker.to("1/s").magnitude),
    }


def numpy_values(a):
    result = step_by_step_floats(a)
    return {key: (np.int64(value) if key == "fanout_workers" else np.float64(value.magnitude if hasattr(value, "units")
                                                                             else value) * (u.B if key == "feed_storage" else 1))
            for key, value in result.items()}


def other_units(a):
    result = pint_throughout(a)
    result["posts_per_day"] = result["posts_per_day"].to("1/hour")
    result["feed_write_qps"] = result["feed_write_qps"].to("1/minute")
    result["feed_storage"] = result["feed_storage"].to("TiB")
    result["peak_feed_read_qps"] = result["peak_feed_read_qps"].to("Hz")
    return result


def posts_per_second_quantity(a):
    """posts_per_day given as a per-second quantity: the unit says what it is."""
    result = pint_throughout(a)
    result["posts_per_day"] = result["posts_per_day"].to("1/s")
    return result


def storage_per_day_times_days(a):
    result = pint_throughout(a)
    per_day = (result["feed_write_qps"] * u.day * a.feed_entry_size).to("GB")
    result["feed_storage"] = per_day * a.feed_retention.to("day").magnitude
    return result


def headroom_workers(a):
    result = pint_throughout(a)
    result["fanout_workers"] += 2
    return result


def two_digit_rounding(a):
    result = pint_throughout(a)
    for key in ("posts_per_day", "feed_write_qps", "feed_storage", "peak_feed_read_qps"):
        result[key] = float(f"{result[key].magnitude:.2g}") * result[key].units
    return result


def workers_via_numpy_ceil(a):
    result = pint_throughout(a)
    peak = result["feed_write_qps"] * a.peak_factor
    result["fanout_workers"] = int(np.ceil((peak / a.writes_per_worker).to("").magnitude))
    return result


def gigabytes(a):
    result = pint_throughout(a)
    result["feed_storage"] = result["feed_storage"].to("GB").magnitude * u.GB
    return result


def built_up(a):
    out = {}
    out["posts_per_day"] = a.daily_active_users * a.posts_per_user_per_day / u.day
    out["feed_write_qps"] = out["posts_per_day"] * a.average_followers
    out["feed_storage"] = out["feed_write_qps"] * a.feed_retention * a.feed_entry_size
    out["peak_feed_read_qps"] = a.peak_factor * a.daily_active_users * a.feed_views_per_user_per_day / u.day
    out["fanout_workers"] = math.ceil(float(out["feed_write_qps"] * a.peak_factor / a.writes_per_worker))
    return out


def days_in_seconds_86400(a):
    result = step_by_step_floats(a)
    result["feed_storage"] = result["feed_storage"].to("TB").magnitude
    return result


CORRECT = {name: fn for name, fn in list(globals().items())
           if callable(fn) and not name.startswith("_") and getattr(fn, "__module__", "") == __name__}


def _with(**changes):
    def estimate(a):
        result = pint_throughout(a)
        for key, make in changes.items():
            result[key] = make(a, result)
        return result
    return estimate


WRONG = {
    "posts multiplied by followers": (_with(posts_per_day=lambda a, r: r["posts_per_day"] * a.average_followers),
                                      "posts_per_day"),
    "posts per second read as per day": (_with(posts_per_day=lambda a, r: r["posts_per_day"].to("1/s").magnitude),
                                         "posts_per_day"),
    "no fan-out": (_with(feed_write_qps=lambda a, r: r["posts_per_day"].to("1/s")), "feed_write_qps"),
    "fan-out per day as per second": (_with(feed_write_qps=lambda a, r: r["feed_write_qps"].to("1/day").magnitude),
                                      "feed_write_qps"),
    "fan-out at peak": (_with(feed_write_qps=lambda a, r: r["feed_write_qps"] * a.peak_factor), "feed_write_qps"),
    "storage of one day": (_with(feed_storage=lambda a, r: r["feed_write_qps"] * u.day * a.feed_entry_size),
                           "feed_storage"),
    "storage without fan-out": (_with(feed_storage=lambda a, r: r["feed_storage"] / a.average_followers),
                                "feed_storage"),
    "storage in bits": (_with(feed_storage=lambda a, r: r["feed_storage"].to("Tbit").magnitude), "feed_storage"),
    "storage in GB read as TB": (_with(feed_storage=lambda a, r: r["feed_storage"].to("GB").magnitude), "feed_storage"),
    "peak missing": (_with(peak_feed_read_qps=lambda a, r: r["peak_feed_read_qps"] / a.peak_factor),
                     "peak_feed_read_qps"),
    "reads from posts": (_with(peak_feed_read_qps=lambda a, r: r["posts_per_day"].to("1/s") * a.peak_factor),
                         "peak_feed_read_qps"),
    "reads per day": (_with(peak_feed_read_qps=lambda a, r: r["peak_feed_read_qps"].to("1/day").magnitude),
                      "peak_feed_read_qps"),
    "workers for the average": (_with(fanout_workers=lambda a, r: math.ceil(
        (r["feed_write_qps"] / a.writes_per_worker).to("").magnitude)), "fanout_workers"),
    "workers not whole": (_with(fanout_workers=lambda a, r: (r["feed_write_qps"] * a.peak_factor
                                                             / a.writes_per_worker).to("").magnitude), "fanout_workers"),
    "workers from posts": (_with(fanout_workers=lambda a, r: math.ceil(
        (r["posts_per_day"] * a.peak_factor / a.writes_per_worker).to("").magnitude)), "fanout_workers"),
    "visible numbers typed in": (lambda a: {"posts_per_day": 3e8, "feed_write_qps": 694_000, "feed_storage": 28.8,
                                            "peak_feed_read_qps": 34_700, "fanout_workers": 28}, "feed_write_qps"),
}
