"""autograder.estimate: units, reference numbers, tolerance checks and the slips they name."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.estimate import (
    PARTS,
    SHORTENER,
    SHORTENER_HIDDEN,
    TWITTER,
    Expected,
    any_collision_probability,
    availability_in_parallel,
    availability_in_series,
    check_pastebin,
    check_shortener_estimate,
    check_value,
    collision_probability,
    downtime_per_year,
    rate_from_users,
    short_code_length,
    shortener_expectations,
    shortener_reference,
    storage_over_retention,
    within,
    within_factor,
)
from autograder.estimate import units as u
from autograder.report import Missing

# -- the numbers popular sources get wrong (module 4 and notebooks/reference-numbers.ipynb cite them) --


def test_xu_storage_is_36_5_tb_not_365():
    ref = shortener_reference(SHORTENER)
    assert ref["storage"].to("TB").magnitude == pytest.approx(36.5, rel=0.01)


def test_five_nines_is_5_26_minutes_not_31_seconds():
    assert downtime_per_year(0.99999).to("minute").magnitude == pytest.approx(5.26, abs=0.01)
    assert downtime_per_year(0.999).to("hour").magnitude == pytest.approx(8.77, abs=0.01)
    assert downtime_per_year(0.99).to("day").magnitude == pytest.approx(3.65, abs=0.01)
    assert downtime_per_year(0.9999).to("minute").magnitude == pytest.approx(52.6, abs=0.1)


def test_availability_series_and_parallel():
    assert availability_in_series(0.999, 0.999) == pytest.approx(0.998, abs=1e-5)
    assert availability_in_parallel(0.999, 0.999) == pytest.approx(0.999999)


def _finding(report, name: str):
    return next(f for f in report.findings if f.check.startswith(f"`{name}`"))


def test_key_length_feedback_states_both_keyspaces():
    """The check's own message shows 62^7 = 3.52e12 codes (enough for Xu's 365 billion) and
    62^6 = 5.68e10 (not enough)."""
    finding = _finding(check_shortener_estimate(lambda a: {"key_length": 7}), "key_length")
    assert finding.passed, finding.message
    assert "62^7 = 3.52e+12" in finding.message and "62^6 = 5.68e+10 would not" in finding.message
    short = _finding(check_shortener_estimate(lambda a: {"key_length": 6}), "key_length")
    assert not short.passed and "62^6 = 5.68e+10 codes, fewer than" in short.message


def test_code_length():
    assert short_code_length(365e9, 62) == 7
    assert short_code_length(62**6, 62) == 6
    assert short_code_length(62**6 + 1, 62) == 7
    assert short_code_length(30e9, 64) == 6


def test_collision_probability_at_xu_scale_is_about_ten_percent():
    assert collision_probability(365e9, 7, 62) == pytest.approx(0.1036, rel=0.01)
    assert any_collision_probability(365e9, 7, 62) == pytest.approx(1.0)
    assert any_collision_probability(1000, 7, 62) == pytest.approx(1000 * 999 / 2 / 62**7, rel=1e-3)


def test_twitter_media_30_tb_a_day_and_55_pb_over_five_years():
    """Xu's Twitter figures (ch. 2) through the course's own calculator and facts."""
    t = TWITTER
    media_posts = rate_from_users(t["daily_active_users"], t["posts_per_user_per_day"] * t["media_share"])
    one_day = storage_over_retention(media_posts, 1 * u.day, t["media_size"])
    assert one_day.to("TB").magnitude == pytest.approx(30)
    five_years = storage_over_retention(media_posts, t["retention"], t["media_size"])
    assert five_years.to("PB").magnitude == pytest.approx(55, rel=0.01)


def test_data_has_its_own_dimension():
    assert (500 * u.B).dimensionality != u.Quantity(500).dimensionality
    assert (1 * u.MB / u.s).to("Mbit/s").magnitude == pytest.approx(8)
    assert (1 * u.KB).to("B").magnitude == 1000
    assert (1 * u.TiB).to("TB").magnitude == pytest.approx(1.0995, rel=1e-4)


# -- one quantity, many ways of writing it ---------------------------------------------------

WRITE_QPS = shortener_expectations(SHORTENER)["write_qps"]
STORAGE = shortener_expectations(SHORTENER)["storage"]
EGRESS = shortener_expectations(SHORTENER)["egress"]
default_pint = pint.UnitRegistry()

WRITE_QPS_STYLES = {
    "quantity per day": 100e6 / u.day,
    "converted to 1/s": (100e6 / u.day).to("1/s"),
    "plain float per second": 1157.4,
    "rounded with 10^5 s a day": 100e6 / 1e5,
    "plain int": 1200,
    "per hour": 100e6 / 24 / u.hour,
    "per minute quantity": (100e6 / u.day).to("1/min"),
    "parsed text quantity": u("1157 / s"),
    "hertz": 1157 * u.Hz,
    "numpy float": np.float64(1157.4),
    "numpy 0-d array": np.array(1157.4),
    "Decimal": Decimal("1157.4"),
    "Fraction": Fraction(100_000_000, 86_400),
    "other pint registry": 100e6 / default_pint.day,
    "dimensionless quantity read in the named unit": u.Quantity(1157.4),
}


@pytest.mark.parametrize("style", WRITE_QPS_STYLES)
def test_write_rate_styles_pass(style):
    finding = check_value(WRITE_QPS_STYLES[style], WRITE_QPS)
    assert finding.passed, finding.message


STORAGE_STYLES = {
    "chained quantity": 100e6 / u.day * 10 * u.year * 100 * u.B,
    "to TB": (100e6 / u.day * 10 * u.year * 100 * u.B).to("TB"),
    "in TiB": (100e6 / u.day * 10 * u.year * 100 * u.B).to("TiB"),
    "in GB": 36_500 * u.GB,
    "plain number in TB": 36.5,
    "365-day years": 100e6 * 365 * 10 * 100 * u.B,
    "bits": 36.5e12 * 8 * u.bit,
    "other registry bytes": default_pint.Quantity(36.5, "TB"),
    "petabytes": 0.0365 * u.PB,
}


@pytest.mark.parametrize("style", STORAGE_STYLES)
def test_storage_styles_pass(style):
    finding = check_value(STORAGE_STYLES[style], STORAGE)
    assert finding.passed, finding.message


EGRESS_STYLES = {
    "bytes per second": 11574 * 500 * u.B / u.s,
    "plain Mbit/s": 46.3,
    "MB/s quantity": 5.787 * u.MB / u.s,
    "Gbit/s": 0.0463 * u.Gbit / u.s,
    "per-day data": (1e9 * 500 * u.B / u.day),
    "text with unit": u("46 Mbit/s"),
}


@pytest.mark.parametrize("style", EGRESS_STYLES)
def test_egress_styles_pass(style):
    finding = check_value(EGRESS_STYLES[style], EGRESS)
    assert finding.passed, finding.message


# -- classic slips, each with its own message --------------------------------------------------

SLIPS = [
    ("write_qps", 100e6, "per day vs per second"),
    ("write_qps", 100e6 / 86_400 / 86_400, "divided by the number of seconds in a day once, not twice"),
    ("write_qps", 100e6 / 3600, "per hour vs per second"),
    ("storage", 365, "years counted twice"),
    ("storage", 365 * u.TB, "36.5 TB is often misprinted as 365 TB"),
    ("storage", 3.65, "retention missing"),
    ("storage", 36.5 * 8 * u.TB, "bits vs bytes"),
    ("storage", 36.5 * 3, "replication included"),
    ("storage_replicated", 36.5, "replication missing"),
    ("peak_read_qps", 11574, "peak factor missing"),
    ("peak_read_qps", 2315, "used writes instead of reads"),
    ("read_qps", 23148, "peak factor applied"),
    ("egress", 5.787, "bits vs bytes"),
    ("ingress", 0.5787, "bits vs bytes"),
    ("egress", 46.3 * 86_400, "per day vs per second"),
    ("cache_size", 100, "cached every read"),
    ("cache_size", 20_000, "prefix slip"),
    ("servers", 3, "sized for the average"),
]


@pytest.mark.parametrize(("key", "answer", "words"), SLIPS, ids=[f"{k}-{w}" for k, _, w in SLIPS])
def test_classic_slips_fail_with_their_message(key, answer, words):
    finding = check_value(answer, shortener_expectations(SHORTENER)[key])
    assert not finding.passed
    assert words in finding.message


def test_decimal_vs_binary_fails_beyond_a_tight_tolerance():
    tight = Expected("storage", "storage", 36.5 * u.TB, "TB", **within(0.05))
    binary_number = (36.5 * u.TB).to("TiB").magnitude  # 33.2, written as if it were TB
    finding = check_value(binary_number, tight)
    assert not finding.passed
    assert "decimal vs binary" in finding.message
    assert check_value(36.5 * u.TB, tight).passed
    assert check_value(33.2 * u.TiB, tight).passed  # binary unit stated: converted, not a slip


def test_decimal_vs_binary_within_the_band_passes_with_a_note():
    finding = check_value((36.525 * u.TB).to("TiB").magnitude, STORAGE)
    assert finding.passed
    assert "decimal/binary" in finding.message


def test_two_slips_at_once_are_both_named():
    finding = check_value(46.3 / 8 * 86_400, EGRESS)  # MB per day written as Mbit/s
    assert not finding.passed
    assert "bits vs bytes" in finding.message and "per day vs per second" in finding.message


def test_unexplained_error_gives_the_method():
    finding = check_value(1800, WRITE_QPS)
    assert not finding.passed and "Recheck" in finding.message and "86,400" in finding.message


def test_factor_band_for_order_of_magnitude_judgements():
    rough = Expected("qps", "order of magnitude", 1000 / u.s, "1/s", **within_factor(3))
    assert check_value(2900, rough).passed and check_value(340, rough).passed
    assert not check_value(3100, rough).passed
    assert "within a factor of 3" in check_value(5000, rough).message


# -- bad input never raises ----------------------------------------------------------------------

BAD = [
    (Missing("write_qps"), "is not defined"),
    (None, "is None"),
    ("1157", "is text"),
    ("1157 / s", "u(\"3 1/s\")"),
    (True, "yes/no"),
    (float("nan"), "NaN"),
    (float("inf"), "infinite"),
    (-1157, "greater than zero"),
    (0, "greater than zero"),
    ([1157], "list"),
    ({"qps": 1157}, "dict"),
    (np.array([1.0, 2.0]), "ndarray"),
    (36.5 * u.TB, "amount of data"),
    (1157 * u.s, "a duration"),
    (1157 * u.B / u.s, "extra data unit"),
    (default_pint.Quantity(3, "meter"), "a quantity of dimension"),
    (u.Quantity(float("nan"), "1/s"), "NaN"),
    (10**400, "too large"),
    (1j, "complex"),
]


@pytest.mark.parametrize(("answer", "words"), BAD, ids=[repr(w) for _, w in BAD])
def test_bad_input_is_a_clear_failure(answer, words):
    finding = check_value(answer, WRITE_QPS)
    assert not finding.passed
    assert words in finding.message


def test_rate_where_total_expected_says_multiply_by_a_duration():
    finding = check_value(100e6 * 100 * u.B / u.day, STORAGE)
    assert not finding.passed and "multiply by a duration" in finding.message


def test_unknown_unit_from_another_registry():
    default_pint.define("widget = [widgetness]")
    finding = check_value(default_pint.Quantity(3, "widget"), WRITE_QPS)
    assert not finding.passed and "does not know" in finding.message


# -- the whole estimate function -------------------------------------------------------------------


def good_estimate(a):
    write = a.new_urls.to("1/s")
    read = write * a.read_write_ratio
    peak = read * a.peak_factor
    codes = (a.new_urls * a.retention).to("dimensionless").magnitude
    length = 1
    while a.alphabet**length < codes:
        length += 1
    return {
        "write_qps": write,
        "read_qps": read,
        "peak_read_qps": peak,
        "storage": a.new_urls * a.retention * a.row_size,
        "storage_replicated": a.new_urls * a.retention * a.row_size * a.replicas,
        "ingress": write * a.request_size,
        "egress": read * a.response_size,
        "cache_size": a.cache_share * read * u.day * a.row_size,
        "servers": math.ceil((peak / a.server_throughput).to("").magnitude),
        "key_length": length,
        "collision_probability": codes / a.alphabet**length,
        "needs_uniqueness_check": a.code_scheme in ("random", "hash"),
    }


def test_good_estimate_passes_visible_and_hidden():
    report = check_shortener_estimate(good_estimate, scope="hidden")
    assert report.passed, report.to_text()
    assert len(report.findings) == 24


def test_reference_is_right_for_the_hidden_set():
    ref = shortener_reference(SHORTENER_HIDDEN)
    assert ref["storage"].to("TB").magnitude == pytest.approx(15)
    assert ref["cache_size"].to("GB").magnitude == pytest.approx(164, rel=0.01)
    assert ref["key_length"] == 6
    assert ref["servers"] == 29


def test_hard_coded_numbers_fail_only_the_hidden_scenario():
    fixed = good_estimate(SHORTENER)
    report = check_shortener_estimate(lambda a: fixed, scope="hidden")
    # All visible findings pass; hidden: every key fails, the yes/no answer included (the second set's
    # codes come from a key service, which needs no uniqueness check: a constant True earns nothing there).
    assert report.score == pytest.approx(0.5)
    assert check_shortener_estimate(lambda a: fixed).passed


@pytest.mark.parametrize("part", ["qps", "storage", "bandwidth", "cache_and_servers", "keys"])
def test_parts_select_their_keys(part):
    report = check_shortener_estimate(good_estimate, part=part)
    assert report.passed and len(report.findings) >= 2


def test_per_day_slip_loses_only_the_rates():
    def per_day(a):
        result = good_estimate(a)
        for key in ("write_qps", "read_qps", "peak_read_qps"):
            result[key] = result[key].to("1/day").magnitude  # plain numbers per day, read per second
        return result

    report = check_shortener_estimate(per_day, part="qps")
    assert report.score == 0
    assert all("per day vs per second" in f.message for f in report.findings)
    assert check_shortener_estimate(per_day, part="storage").passed


@pytest.mark.parametrize(
    ("estimate", "words"),
    [
        (Missing("estimate"), "is not defined"),
        (42, "not a function"),
        (..., "not written yet"),
        (None, "is None"),
    ],
)
def test_unusable_estimate_is_one_failing_finding(estimate, words):
    report = check_shortener_estimate(estimate, part="qps", scope="hidden")
    assert report.score == 0 and len(report.findings) == 1
    assert words in report.findings[0].message


@pytest.mark.parametrize(
    ("estimate", "words"),
    [
        (lambda a: 1 / 0, "ZeroDivisionError"),
        (lambda a: ..., "not written yet"),
        (lambda a: [1, 2], "should return a dict"),
        (lambda a: (_ for _ in ()).throw(NotImplementedError()), "not written yet"),
    ],
)
def test_unusable_estimate_fails_every_key_with_a_reason(estimate, words):
    report = check_shortener_estimate(estimate, part="qps")
    assert report.score == 0 and len(report.findings) == 3
    assert all(words in f.message for f in report.findings)


def test_missing_and_misspelled_keys_and_bad_values_lose_only_themselves():
    def partial(a):
        result = good_estimate(a)
        result["write_QPS"] = result.pop("write_qps")
        result["read_qps"] = "lots"
        return result

    report = check_shortener_estimate(partial, part="qps")
    messages = [f.message for f in report.findings]
    assert "'write_QPS'" in messages[0] and "is text" in messages[1] and report.findings[2].passed


@pytest.mark.parametrize(
    ("answer", "passed", "words"),
    [
        (7, True, "62^7"),
        (7.0, True, "62^7"),
        (np.int64(7), True, "62^7"),
        (6, False, "fewer than"),
        (8, False, "shorter code also holds"),
        (6.8, False, "round the length up"),
        ("7", False, "int"),
        (10**6, False, "far longer"),
        (1e300, False, "far longer"),
        (float("inf"), False, "whole number"),
        (None, False, "int"),
    ],
)
def test_key_length(answer, passed, words):
    result = good_estimate(SHORTENER) | {"key_length": answer}
    finding = check_shortener_estimate(lambda a: result, part="keys").findings[0]
    assert finding.passed is passed and words in finding.message


@pytest.mark.parametrize(
    ("answer", "passed", "words"),
    [
        (0.104, True, "accepted"),
        (10.4 * u.percent, True, "accepted"),
        (0.1, True, "accepted"),
        (10.37, False, "more than 1"),
        (1.0, False, "birthday"),
        (0.0104, False, "one year of codes"),
        (365e9 / 62**8, False, "one character longer"),
        (0.0, False, "greater than zero"),
    ],
)
def test_collision_probability_answers(answer, passed, words):
    result = good_estimate(SHORTENER) | {"collision_probability": answer}
    finding = check_shortener_estimate(lambda a: result, part="keys").findings[1]
    assert finding.passed is passed, finding.message
    assert words in finding.message


@pytest.mark.parametrize(("answer", "passed"), [(True, True), (False, False), ("yes", False), (1, False),
                                                (np.bool_(True), True), (np.bool_(False), False)])
def test_needs_uniqueness_check(answer, passed):
    result = good_estimate(SHORTENER) | {"needs_uniqueness_check": answer}
    assert check_shortener_estimate(lambda a: result, part="keys").findings[2].passed is passed


@pytest.mark.parametrize("keywords", [{"part": "nope"}, {"scope": "x"}, {"scope": "Hidden"}, {"part": None}],
                         ids=str)
def test_unknown_part_or_scope_is_an_authoring_error(keywords):
    with pytest.raises(ValueError, match="must be"):
        check_shortener_estimate(good_estimate, **keywords)


def test_scope_is_keyword_only():
    with pytest.raises(TypeError):
        check_shortener_estimate(good_estimate, "qps", "hidden")  # type: ignore[misc]
    with pytest.raises(TypeError):
        check_pastebin(1, 2, 3, "hidden")  # type: ignore[misc]


# -- the Pastebin warm-up -------------------------------------------------------------------------


def test_pastebin_right_in_several_styles():
    assert check_pastebin(10e6 / u.month, 100e6 / u.month, 10e6 / u.month * 3 * u.year * 1.27 * u.KB).passed
    assert check_pastebin(4, 40, 450).passed  # the Primer's rounding: 2.5 million s a month
    assert check_pastebin(3.8 * u.Hz, u("38 / s"), 0.457 * u.TB).passed


def test_pastebin_slips():
    report = check_pastebin(10e6 / 86_400, 100e6 / 30 / 86_400, 10e6 * 1.27 * u.KB * 36 * 3)
    assert "per month vs per day" in report.findings[0].message
    assert report.findings[1].passed
    assert "years counted twice" in report.findings[2].message


def test_pastebin_blank():
    report = check_pastebin(Missing("paste_write_qps"), Missing("paste_read_qps"), Missing("paste_storage"))
    assert report.score == 0 and all("is not defined" in f.message for f in report.findings)


# -- property: no learner value makes a checker raise ------------------------------------------------

ANY_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20), st.lists(st.integers(), max_size=3), st.fractions(), st.decimals(),
    st.builds(lambda m, unit: u.Quantity(m, unit), st.floats(allow_nan=True, allow_infinity=True),
              st.sampled_from(["1/s", "TB", "Mbit/s", "s", "B", "dimensionless", "percent", "GiB/day"])),
)
KEYS = [key for group in PARTS.values() for key in group]


@given(st.dictionaries(st.sampled_from(KEYS), ANY_VALUE))
def test_no_value_makes_the_estimate_check_raise(values):
    report = check_shortener_estimate(lambda a: values, scope="hidden")
    assert len(report.findings) == 24
    assert 0 <= report.score <= 1


@pytest.mark.parametrize("value", [2e-306, 1e-320, 5e-324, 1.7e308], ids=str)
@pytest.mark.parametrize("key", ["write_qps", "storage", "egress"])
def test_extreme_values_get_a_finding_not_a_crash(key, value):
    """Regression: a rate of 2e-306 made answer / reference underflow to 0 and the slip search
    raise `math domain error` (found by the property test above)."""
    finding = _finding(check_shortener_estimate(lambda a: {key: value}, scope="hidden"), key)
    assert not finding.passed
    assert "of the reference" in finding.message or "times the reference" in finding.message, finding.message
    assert "~10^" in finding.message, finding.message


def test_slips_are_still_named_far_from_the_reference():
    """Log-space comparison keeps naming a slip: per-day instead of per-second is 86,400x."""
    finding = check_value(100e6, WRITE_QPS)
    assert not finding.passed and "per day vs per second" in finding.message
    assert "8.64e+04 times the reference" in finding.message, finding.message
