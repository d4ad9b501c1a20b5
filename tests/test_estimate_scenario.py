"""Estimate scenarios as data: the formula language, scenario validation, the news feed, and the
verdict classes the general checker gets right (whole counts, time bases, booleans, the guard)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from autograder.estimate import (
    NEWSFEED,
    SCENARIOS,
    SHORTENER,
    Given,
    Item,
    Scenario,
    SlipRule,
    check_answers,
    check_estimate,
    get_scenario,
)
from autograder.estimate import units as u
from autograder.estimate.check import Expected, check_value
from autograder.estimate.formula import Formula, FormulaError
from autograder.estimate.scenario import ScenarioError, reference, validate
from autograder.report import Missing

# -- the formula language ------------------------------------------------------------------------


def test_formulas_compute_with_units():
    values = {"new_urls": 100e6 / u.day, "retention": 10 * u.year, "row_size": 100 * u.B}
    storage = Formula("to(new_urls * retention * row_size, 'TB')").evaluate(values)
    assert storage.to("TB").magnitude == pytest.approx(36.525)
    assert Formula("ceil(4.2)").evaluate({}) == 5
    assert Formula("shortest_length(365e9, 62)").evaluate({}) == 7
    assert Formula("count(new_urls * u.day)").evaluate(values) == pytest.approx(100e6)
    assert Formula("scheme in ('random', 'hash')").evaluate({"scheme": "hash"}) is True
    assert Formula("1 if x > 2 else 0").evaluate({"x": 3}) == 1


@pytest.mark.parametrize("text", ["__import__('os')", "a.b", "a[0]", "lambda: 1", "open('x')", "x = 1",
                                  "u.parsec_of_nothing", "(1).real", "f(x=1)", "[1, 2]", "True"])
def test_formulas_refuse_what_the_language_does_not_allow(text):
    with pytest.raises(FormulaError):
        Formula(text)


def test_a_formula_naming_an_unknown_value_says_which():
    with pytest.raises(FormulaError, match="replicaz"):
        Formula("storage * replicaz").evaluate({"storage": 1})


# -- scenario descriptions -----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_registered_scenario_is_valid(name):
    validate(SCENARIOS[name])


def test_unknown_scenario_is_an_authoring_error():
    with pytest.raises(ValueError, match="scenario must be one of"):
        get_scenario("twitter")
    with pytest.raises(ValueError, match="scenario must be one of"):
        check_estimate(lambda a: {}, "twiter")


def _tiny(**item_changes) -> Scenario:
    item = Item("flag", "x > 1", "is x large?", judge="yes_no", **item_changes)
    return Scenario("tiny", "Tiny", (item,), visible=(Given("one", x=2),), hidden=(Given("two", x=3),))


def test_a_yes_no_item_true_under_every_set_is_refused_unless_it_weighs_nothing():
    with pytest.raises(ScenarioError, match="constant"):
        validate(_tiny())
    validate(_tiny(weight=0))
    validate(dataclasses.replace(_tiny(), hidden=(Given("two", x=0),)))


def test_a_bad_description_fails_when_validated():
    with pytest.raises(ScenarioError, match="judge"):
        validate(Scenario("bad", "Bad", (Item("k", "1", judge="guess"),), visible=(Given("one"),)))
    with pytest.raises(ScenarioError, match="not graded"):
        validate(Scenario("bad", "Bad", (Item("k", "1"),), visible=(Given("one"),), parts={"p": ("nope",)}))
    with pytest.raises(ScenarioError, match="does not define"):
        validate(Scenario("bad", "Bad", (Item("k", "missing * 2"),), visible=(Given("one"),)))


def test_the_shortener_yes_no_item_varies_across_its_assumption_sets():
    s = get_scenario("shortener")
    answers = {reference(s, a)["needs_uniqueness_check"] for a in s.visible + s.hidden}
    assert answers == {True, False}


# -- the news feed: a second system with no checker code of its own ------------------------------


def newsfeed_estimate(a):
    posts = a.daily_active_users * a.posts_per_user_per_day / u.day
    writes = (posts * a.average_followers).to("1/s")
    return {
        "posts_per_day": posts,
        "feed_write_qps": writes,
        "feed_storage": writes * a.feed_retention * a.feed_entry_size,
        "peak_feed_read_qps": a.daily_active_users * a.feed_views_per_user_per_day / u.day * a.peak_factor,
        "fanout_workers": math.ceil((writes * a.peak_factor / a.writes_per_worker).to("").magnitude),
    }


def test_newsfeed_reference_follows_fan_out_on_write():
    ref = reference(get_scenario("newsfeed"), get_scenario("newsfeed").visible[0])
    posts_per_second = 150e6 * 2 / 86_400
    assert ref["posts_per_day"].to("1/day").magnitude == pytest.approx(300e6)
    assert ref["feed_write_qps"].to("1/s").magnitude == pytest.approx(posts_per_second * 200)
    assert ref["feed_storage"].to("TB").magnitude == pytest.approx(posts_per_second * 200 * 30 * 86_400 * 16 / 1e12)
    assert ref["peak_feed_read_qps"].to("1/s").magnitude == pytest.approx(150e6 * 10 / 86_400 * 2)
    assert ref["fanout_workers"] == math.ceil(posts_per_second * 200 * 2 / 50_000)
    assert NEWSFEED["average_followers"] == 200


def test_newsfeed_right_estimate_passes_both_sets_and_hard_coded_fails_hidden():
    report = check_estimate(newsfeed_estimate, "newsfeed", scope="hidden")
    assert report.passed and len(report.findings) == 10, report.to_text()
    fixed = newsfeed_estimate(get_scenario("newsfeed").visible[0])
    assert check_estimate(lambda a: fixed, "newsfeed").passed
    assert check_estimate(lambda a: fixed, "newsfeed", scope="hidden").score == pytest.approx(0.5)


def test_newsfeed_fan_out_missing_is_named():
    def no_fan_out(a):
        return newsfeed_estimate(a) | {"feed_write_qps": (a.daily_active_users * a.posts_per_user_per_day / u.day)}

    finding = check_estimate(no_fan_out, "newsfeed", part="traffic").findings[1]
    assert not finding.passed and "fan-out missing" in finding.message


def test_newsfeed_parts_and_unknown_part():
    assert check_estimate(newsfeed_estimate, "newsfeed", part="storage_and_workers").passed
    with pytest.raises(ValueError, match="part must be"):
        check_estimate(newsfeed_estimate, "newsfeed", part="qps")


# -- whole counts: whole, rounded up, fair to mental-math rounding ---------------------------------

SERVERS_CASES = [
    (5, True, "accepted"), (5.0, True, "accepted"), (np.int64(5), True, "accepted"), (np.float64(5.0), True, "accepted"),
    (4, True, "accepted"),          # ceil of 4.0, the need with a day rounded to 10^5 s: within the band
    (6, True, "accepted"), (7, True, "accepted"),   # headroom up to 1.5 x 5
    (4.63, False, "not a whole number"), (np.float64(4.63), False, "not a whole number"),
    (8, False, "times the reference"), (3, False, "sized for the average"),
    (True, False, "yes/no"), ("5", False, "text"), (0, False, "greater than zero"),
]


@pytest.mark.parametrize(("answer", "passed", "words"), SERVERS_CASES, ids=[repr(c[0]) for c in SERVERS_CASES])
def test_servers_must_be_whole(answer, passed, words):
    result = {"servers": answer}
    finding = check_estimate(lambda a: result, "shortener", part="cache_and_servers").findings[1]
    assert finding.passed is passed, finding.message
    assert words in finding.message


def test_rounding_down_is_named_where_the_band_can_tell():
    small = dataclasses.replace(SHORTENER, server_throughput=15_000 / u.s)  # need 1.54: round up to 2
    scenario = dataclasses.replace(get_scenario("shortener"), visible=(small,), hidden=())
    finding = check_estimate(lambda a: {"servers": 1}, scenario, part="cache_and_servers").findings[1]
    assert not finding.passed and "rounded down" in finding.message
    assert check_estimate(lambda a: {"servers": 2}, scenario, part="cache_and_servers").findings[1].passed


# -- time bases: the remedy names the base that was mixed up --------------------------------------


def test_a_per_day_item_given_per_second_says_multiply():
    expected = Expected("posts_per_day", "new posts per day", 300e6 / u.day, "1/day")
    finding = check_value(300e6 / 86_400, expected)  # a per-second rate read as per day
    assert not finding.passed
    assert "per second vs per day" in finding.message and "multiplied by 86,400" in finding.message


def test_a_monthly_count_as_per_second_names_the_month():
    expected = Expected("write_qps", "writes per second", 500e6 / u.month, "1/s")
    finding = check_value(500e6, expected)
    assert "per month vs per second" in finding.message and "seconds in a month" in finding.message
    assert "86,400" not in finding.message


def test_a_monthly_count_divided_by_a_day_names_month_vs_day():
    expected = Expected("write_qps", "writes per second", 500e6 / u.month, "1/s")
    finding = check_value(500e6 / 86_400, expected)
    assert "per month vs per day" in finding.message and "seconds in a month" in finding.message


# -- the contract: guarded calls, quiet, never a traceback ---------------------------------------


def test_an_endless_loop_is_a_finding_for_every_key():
    def loops(a):
        while True:
            pass

    quick = dataclasses.replace(get_scenario("shortener"), budget=0.3)
    report = check_estimate(loops, quick, part="qps", scope="hidden")
    assert report.score == 0 and len(report.findings) == 6
    assert all("did not return within" in f.message for f in report.findings)


def test_printing_and_warning_learner_code_writes_nothing(capfd):
    import sys
    import warnings

    def noisy(a):
        print("debug", file=sys.stderr)
        warnings.warn("careful", stacklevel=1)
        return {"write_qps": a.new_urls}

    report = check_estimate(noisy, "shortener", part="qps")
    assert report.findings[0].passed
    out, err = capfd.readouterr()
    assert err == "" and out == ""


def test_a_dict_whose_lookup_raises_is_a_finding():
    class Hostile(dict):
        def __getitem__(self, key):
            raise RuntimeError("no")

    report = check_estimate(lambda a: Hostile(write_qps=1), "shortener", part="qps")
    assert report.score == 0 and "RuntimeError" in report.findings[0].message


def test_check_answers_judges_written_values_and_reports_missing_ones():
    report = check_answers({"paste_write_qps": 3.8, "paste_read_qps": Missing("paste_read_qps"),
                            "paste_storage": ...}, "pastebin", scope="hidden")
    assert [f.passed for f in report.findings] == [True, False, False]
    assert "is not defined" in report.findings[1].message and "not written yet" in report.findings[2].message
    with pytest.raises(ValueError):
        check_answers({}, "pastebin", scope="all")


@pytest.mark.parametrize(("answers", "says"), [
    (..., "`estimates` is not written yet"),
    (None, "`estimates` is None"),
    (Missing("estimates"), "`estimates` is not defined"),
    ("paste_write_qps = 4", "`estimates` is a str"),
    ([3.8, 38, "450 GB"], "`estimates` is a list"),
])
def test_check_answers_given_something_other_than_a_dict_says_what_is_expected(answers, says):
    report = check_answers(answers, "pastebin", name="estimates")
    assert report.score == 0 and len(report.findings) == 1
    message = report.findings[0].message
    assert says in message, message
    if answers is not ... and not isinstance(answers, Missing):
        assert "a dict with the keys 'paste_write_qps', 'paste_read_qps', 'paste_storage'" in message


def test_slip_rules_can_be_values_or_factors():
    item = Item("n", "x / 10", "workers", judge="whole",
                slips=(SlipRule("forgot the peak", value="x / 30"), SlipRule("ten times", factor="10")))
    scenario = Scenario("w", "W", (item,), visible=(Given("one", x=100),))
    validate(scenario)
    assert "forgot the peak" in check_estimate(lambda a: {"n": 4}, scenario).findings[0].message
    assert "ten times" in check_estimate(lambda a: {"n": 100}, scenario).findings[0].message
