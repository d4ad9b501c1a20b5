"""Checkers of module 1: right answers in many spellings pass, wrong ones fail with the expected message."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from autograder import Missing
from autograder.course import solution_namespace
from autograder.interviews import (
    BEHAVIOURS,
    FOCUSES,
    PROMPTS,
    ROUNDS,
    SIGNALS,
    check_prompt_labels,
    check_signal_map,
)

ROOT = Path(__file__).resolve().parents[1]

# The model answers, read from the source notebook's solution cells (not from the checker).
_SOLUTION = solution_namespace("01-coding-vs-design", "prompt_labels", "signal_map", root=ROOT)
PROMPT_SOLUTION = _SOLUTION["prompt_labels"]
SIGNAL_SOLUTION = _SOLUTION["signal_map"]
VISIBLE_PROMPTS = [k for k, p in PROMPTS.items() if p.visible]
HIDDEN_PROMPTS = [k for k, p in PROMPTS.items() if not p.visible]
VISIBLE_BEHAVIOURS = [k for k, b in BEHAVIOURS.items() if b.visible]
HIDDEN_BEHAVIOURS = [k for k, b in BEHAVIOURS.items() if not b.visible]


def finding(report, check):
    matches = [f for f in report.findings if f.check == check]
    assert len(matches) == 1, f"expected one finding {check!r}, got {[f.check for f in report.findings]}"
    return matches[0]


def weighted_failures(report):
    return sorted(f.check for f in report.findings if not f.passed and f.weight > 0)


def with_(base, **changes):
    answer = dict(base)
    answer.update(changes)
    return answer


# -- the data itself ----------------------------------------------------------------------------


def test_solutions_cover_every_item():
    assert set(PROMPT_SOLUTION) == set(PROMPTS)
    assert set(SIGNAL_SOLUTION) == set(BEHAVIOURS)


def test_both_scopes_have_items_and_the_hidden_set_adds_some():
    assert len(VISIBLE_PROMPTS) >= 5 and HIDDEN_PROMPTS
    assert len(VISIBLE_BEHAVIOURS) >= 5 and HIDDEN_BEHAVIOURS
    # every label of the vocabulary is the right answer somewhere, so none is a decoy
    assert {f for pair in PROMPT_SOLUTION.values() for f in [pair[1]]} == set(FOCUSES.names)
    assert set(SIGNAL_SOLUTION.values()) == set(SIGNALS.names)


def test_hints_never_name_the_expected_label():
    for item_id, prompt in PROMPTS.items():
        for rnd, focus in prompt.accepted:
            assert f"'{rnd}'" not in prompt.round_hint and f"'{focus}'" not in prompt.focus_hint, item_id
            assert focus not in prompt.focus_hint.lower() or focus == "api", item_id
            for hint in prompt.focus_hints.values():
                assert f"'{focus}'" not in hint and focus not in hint.lower(), item_id
    for item_id, behaviour in BEHAVIOURS.items():
        for signal in behaviour.accepted:
            assert signal not in behaviour.hint.lower(), item_id


# -- exercise 1: right answers in many forms ------------------------------------------------------


def test_model_answer_scores_full_in_both_scopes():
    visible = check_prompt_labels(PROMPT_SOLUTION)
    full = check_prompt_labels(PROMPT_SOLUTION, scope="hidden")
    assert visible.score == 1 and visible.passed
    assert full.score == 1 and full.passed
    assert len(full.findings) == len(PROMPTS)
    assert all(f.weight == 1 for f in full.findings)


ROUND_SPELLINGS = {
    "coding": ["coding", "Coding", " CODING ", "coding round", "Coding Interview", "code", "programming"],
    "design": ["design", "System Design", "system-design", "design round", "SYSTEM_DESIGN_ROUND", "SD"],
}
FOCUS_SPELLINGS = {
    "algorithms": ["algorithms", "Algorithm", "data structures", "Algorithms & Data Structures", "DSA"],
    "architecture": ["architecture", "High-level design", "trade-offs", "Tradeoffs", "system architecture"],
    "api": ["api", "API", "API contract", "api-design", "service interface", "Endpoints", "interface"],
    "data model": ["data model", "Data-Model", "data_model", "schema", "Database Schema", "data modelling"],
    "estimation": ["estimation", "Estimate", "capacity", "back-of-the-envelope", "capacity estimation",
                   "napkin math"],
}


@pytest.mark.parametrize("item_id", list(PROMPTS))
@pytest.mark.parametrize("variant", range(5))
def test_synonyms_and_case_pass(item_id, variant):
    rnd, focus = PROMPT_SOLUTION[item_id]
    rounds, focuses = ROUND_SPELLINGS[rnd], FOCUS_SPELLINGS[focus]
    answer = with_(PROMPT_SOLUTION, **{item_id: (rounds[variant % len(rounds)], focuses[variant % len(focuses)])})
    report = check_prompt_labels(answer, scope="hidden")
    assert report.score == 1, report.to_text()


@pytest.mark.parametrize("form", [
    lambda r, f: [r, f],
    lambda r, f: {"round": r, "focus": f},
    lambda r, f: {"Focus": f, "ROUND": r},
])
def test_lists_and_dicts_in_place_of_tuples(form):
    answer = {k: form(*pair) for k, pair in PROMPT_SOLUTION.items()}
    assert check_prompt_labels(answer, scope="hidden").score == 1


def test_key_order_case_and_separators_in_ids_do_not_matter():
    answer = {}
    for key in reversed(list(PROMPT_SOLUTION)):
        answer[key.upper().replace("_", "-")] = PROMPT_SOLUTION[key]
    assert check_prompt_labels(answer, scope="hidden").score == 1
    spaced = {key.replace("_", " ").title(): pair for key, pair in PROMPT_SOLUTION.items()}
    assert check_prompt_labels(spaced, scope="hidden").score == 1


def test_either_consistent_reading_of_the_ambiguous_prompt_passes():
    for reading in [("coding", "algorithms"), ("design", "architecture"), ("Coding round", "DSA")]:
        report = check_prompt_labels(with_(PROMPT_SOLUTION, rate_limiter=reading), scope="hidden")
        assert report.score == 1, reading


# -- exercise 1: wrong answers --------------------------------------------------------------------


@pytest.mark.parametrize("item_id", VISIBLE_PROMPTS)
def test_wrong_round_fails_that_item_only_with_the_round_hint(item_id):
    rnd, focus = PROMPT_SOLUTION[item_id]
    other = "design" if rnd == "coding" else "coding"
    report = check_prompt_labels(with_(PROMPT_SOLUTION, **{item_id: (other, focus)}))
    assert weighted_failures(report) == [item_id]
    message = finding(report, item_id).message
    assert message.startswith("The focus is right but the round is not. Hint: ")
    assert PROMPTS[item_id].round_hint in message


@pytest.mark.parametrize("item_id", list(PROMPTS))
def test_each_wrong_focus_fails_that_item_only(item_id):
    rnd, focus = PROMPT_SOLUTION[item_id]
    for other in FOCUSES.names:
        if (rnd, other) in PROMPTS[item_id].accepted:
            continue
        report = check_prompt_labels(with_(PROMPT_SOLUTION, **{item_id: (rnd, other)}), scope="hidden")
        assert weighted_failures(report) == [item_id], (item_id, other)
        message = finding(report, item_id).message
        assert "Hint:" in message
        assert f"'{focus}'" not in message  # the expected label is never named


def test_both_labels_wrong_says_neither_fits():
    report = check_prompt_labels(with_(PROMPT_SOLUTION, two_sum=("design", "estimation")))
    assert finding(report, "two_sum").message.startswith("Neither label fits this prompt.")


@pytest.mark.parametrize("pair", [("design", "algorithms"), ("coding", "architecture")])
def test_ambiguous_prompt_needs_one_consistent_reading(pair):
    visible = check_prompt_labels(with_(PROMPT_SOLUTION, rate_limiter=pair))
    full = check_prompt_labels(with_(PROMPT_SOLUTION, rate_limiter=pair), scope="hidden")
    assert visible.score == 1  # the visible check does not judge this prompt
    assert weighted_failures(full) == ["rate_limiter"]
    assert "describe different readings" in finding(full, "rate_limiter").message


def test_ambiguous_prompt_with_a_focus_of_neither_reading_fails():
    full = check_prompt_labels(with_(PROMPT_SOLUTION, rate_limiter=("design", "api")), scope="hidden")
    assert weighted_failures(full) == ["rate_limiter"]


def test_partial_credit_is_per_item():
    answer = with_(PROMPT_SOLUTION, two_sum=("design", "algorithms"), news_feed=("design", "api"))
    visible = check_prompt_labels(answer)
    full = check_prompt_labels(answer, scope="hidden")
    assert visible.score == pytest.approx(5 / 6)
    assert full.score == pytest.approx(8 / 10)
    assert full.credit(5) == 4.0


def test_hidden_items_are_checked_for_form_but_weigh_nothing_in_the_visible_check():
    answer = with_(PROMPT_SOLUTION, news_feed=("design", "architechture"))
    answer.pop("merge_intervals")
    visible = check_prompt_labels(answer)
    assert visible.score == 1
    bad_form = finding(visible, "news_feed (judged at grading)")
    assert not bad_form.passed and bad_form.weight == 0
    assert "Did you mean 'architecture'?" in bad_form.message
    missing = finding(visible, "merge_intervals (judged at grading)")
    assert not missing.passed and "graded after you submit" in missing.message
    ok = finding(visible, "rate_limiter (judged at grading)")
    assert ok.passed and ok.weight == 0


# -- exercise 1: bad input --------------------------------------------------------------------------


def test_missing_variable():
    report = check_prompt_labels(Missing("prompt_labels"))
    assert report.score == 0 and len(report.findings) == 1
    assert "`prompt_labels` is not defined" in report.findings[0].message


@pytest.mark.parametrize("value, words", [
    (None, "`prompt_labels` is None"),
    (..., "`prompt_labels` is not written yet"),
    ([("coding", "algorithms")] * 10, "`prompt_labels` is a list, but a dict is expected"),
    (tuple(PROMPT_SOLUTION.items()), "`prompt_labels` is a tuple, but a dict is expected"),
    ("coding", "`prompt_labels` is a str ('coding'); it should be a dict"),
    (42, "`prompt_labels` is an int (42); it should be a dict"),
    ({}, "`prompt_labels` is an empty dict"),
])
def test_wrong_type_of_answer(value, words):
    report = check_prompt_labels(value, scope="hidden")
    assert report.score == 0 and len(report.findings) == 1
    message = report.findings[0].message
    assert words in message
    if value is not ... and value != {}:
        assert '"<prompt id>": ("<round>", "<focus>")' in message


@pytest.mark.parametrize("value, words", [
    ("design", "Expected a pair (\"<round>\", \"<focus>\"), got the single string 'design'"),
    (None, "Expected a pair (\"<round>\", \"<focus>\"), got None"),
    (("design",), "Expected exactly two labels"),
    (("design", "api", "extra"), "Expected exactly two labels"),
    ({"round": "design"}, "A dict entry needs exactly the keys 'round' and 'focus'"),
    (("design", None), "The focus must be a label in quotes"),
    ((1, "api"), "The round must be a label in quotes"),
    (("desing", "api"), "'desing' is not a round label. Did you mean 'design'?"),
    (("design", "intreface"), "'intreface' is not a focus label. Did you mean 'interface' ('api')?"),
    (("design", "data"), "'data' is not a focus label. Use one of"),
    (("design", "API and data model"), "names more than one focus ('api' and 'data model')"),
    (("design", "design"), "'design' does not say on its own what the prompt mainly tests"),
    (("LLD", "api"), "'LLD' names different rounds at different companies"),
    (("coding or design", "api"), "names more than one round"),
    (("design", ""), "The focus is empty"),
    (("api", "design"), "The order is (round, focus): the round comes first."),
])
def test_malformed_entry_names_what_was_expected(value, words):
    report = check_prompt_labels(with_(PROMPT_SOLUTION, shortener_endpoints=value))
    assert weighted_failures(report) == ["shortener_endpoints"]
    assert words in finding(report, "shortener_endpoints").message


def test_misspelled_id_is_reported_on_both_sides_and_costs_only_that_item():
    answer = dict(PROMPT_SOLUTION)
    answer["lru_cahce"] = answer.pop("lru_cache")
    report = check_prompt_labels(answer)
    assert weighted_failures(report) == ["lru_cache"]
    assert "You wrote 'lru_cahce': did you mean 'lru_cache'?" in finding(report, "lru_cache").message
    extra = finding(report, "unknown key 'lru_cahce'")
    assert extra.weight == 0 and "Did you mean 'lru_cache'?" in extra.message


def test_extra_keys_are_flagged_without_costing_credit():
    answer = with_(PROMPT_SOLUTION, notes="just thinking", **{"bonus_prompt": ("design", "api")})
    answer[3] = ("coding", "algorithms")
    report = check_prompt_labels(answer, scope="hidden")
    assert report.score == 1 and not report.passed
    assert "is not one of the ids" in finding(report, "unknown key 'notes'").message
    assert "ids are strings" in finding(report, "unknown key 3").message


def test_duplicate_ids_after_normalising():
    agreeing = with_(PROMPT_SOLUTION, **{"Two-Sum": ("Coding", "Algorithm")})
    assert check_prompt_labels(agreeing).score == 1
    answer = with_(PROMPT_SOLUTION, **{"Two-Sum": ("design", "algorithms")})
    report = check_prompt_labels(answer)
    assert weighted_failures(report) == ["two_sum"]
    assert "given twice" in finding(report, "two_sum").message


def test_hostile_values_never_raise():
    class Evil:
        def __repr__(self):
            raise RuntimeError("no")

        def __eq__(self, other):
            raise RuntimeError("no")

        __hash__ = object.__hash__

    report = check_prompt_labels(with_(PROMPT_SOLUTION, two_sum=Evil()))
    assert "two_sum" in weighted_failures(report)
    assert "Evil, which is not plain data" in finding(report, "two_sum").message
    assert check_prompt_labels({Evil(): 1}).score == 0


@pytest.mark.parametrize("checker", [check_prompt_labels, check_signal_map])
@pytest.mark.parametrize("scope", ["full", "Hidden", "all", None, 1])
def test_an_unknown_scope_is_an_authoring_error(checker, scope):
    with pytest.raises(ValueError, match="scope must be one of 'visible', 'hidden'"):
        checker(PROMPT_SOLUTION, scope=scope)


@pytest.mark.parametrize("checker", [check_prompt_labels, check_signal_map])
def test_scope_is_keyword_only(checker):
    with pytest.raises(TypeError):
        checker(PROMPT_SOLUTION, "hidden")


# -- exercise 2 ---------------------------------------------------------------------------------------


def test_signal_model_answer_scores_full():
    assert check_signal_map(SIGNAL_SOLUTION).score == 1
    full = check_signal_map(SIGNAL_SOLUTION, scope="hidden")
    assert full.passed and len(full.findings) == len(BEHAVIOURS)


SIGNAL_SPELLINGS = {
    "requirements": ["Requirements", "requirement", "requirements gathering", "Scope",
                     "Problem understanding and requirement collection"],
    "trade-offs": ["trade-offs", "Tradeoffs", "trade offs", "design & trade-offs", "technical design and tradeoffs"],
    "scalability": ["scalability", "Scalability and Performance", "performance", "scale"],
    "fault tolerance": ["fault tolerance", "Fault-Tolerance", "reliability", "Fault tolerance & reliability",
                        "resilience"],
    "communication": ["communication", "Communication and collaboration", "collaboration", " COMMUNICATION "],
    "red flag": ["red flag", "Red-Flag", "red_flag", "RED FLAGS", "redflag"],
}


@pytest.mark.parametrize("item_id", list(BEHAVIOURS))
@pytest.mark.parametrize("variant", range(4))
def test_signal_synonyms_pass(item_id, variant):
    spellings = SIGNAL_SPELLINGS[SIGNAL_SOLUTION[item_id]]
    answer = with_(SIGNAL_SOLUTION, **{item_id: spellings[variant % len(spellings)]})
    assert check_signal_map(answer, scope="hidden").score == 1


def test_a_behaviour_that_shows_two_signals_accepts_both():
    for signal in ["trade-offs", "scalability", "performance"]:
        assert check_signal_map(with_(SIGNAL_SOLUTION, lagging_click_counts=signal), scope="hidden").score == 1
    report = check_signal_map(with_(SIGNAL_SOLUTION, lagging_click_counts="communication"), scope="hidden")
    assert weighted_failures(report) == ["lagging_click_counts"]


@pytest.mark.parametrize("item_id", list(BEHAVIOURS))
def test_every_wrong_signal_fails_that_item_with_its_hint(item_id):
    for signal in SIGNALS.names:
        if signal in BEHAVIOURS[item_id].accepted:
            continue
        report = check_signal_map(with_(SIGNAL_SOLUTION, **{item_id: signal}), scope="hidden")
        assert weighted_failures(report) == [item_id], (item_id, signal)
        message = finding(report, item_id).message
        assert BEHAVIOURS[item_id].hint in message
        for right in BEHAVIOURS[item_id].accepted:
            assert f"'{right}'" not in message


def test_red_flag_messages():
    wrongly_flagged = check_signal_map(with_(SIGNAL_SOLUTION, thinks_aloud="red flag"))
    assert finding(wrongly_flagged, "thinks_aloud").message.startswith(
        "This is not one of the red flags interviewers watch for.")
    missed = check_signal_map(with_(SIGNAL_SOLUTION, overbuilds_small_service="scalability"))
    assert finding(missed, "overbuilds_small_service").message.startswith(
        "'scalability' is not what an interviewer would write down here.")


def test_signal_partial_credit():
    answer = with_(SIGNAL_SOLUTION, asks_scope="communication", only_one_database="trade-offs",
                   region_failover="scalability")
    assert check_signal_map(answer).score == pytest.approx(7 / 8)
    full = check_signal_map(answer, scope="hidden")
    assert full.score == pytest.approx(9 / 12)
    assert full.credit(6) == 4.5


@pytest.mark.parametrize("value, words", [
    (Missing("signal_map"), "`signal_map` is not defined"),
    (None, "`signal_map` is None"),
    (..., "`signal_map` is not written yet"),
    (list(SIGNAL_SOLUTION.values()), "`signal_map` is a list, but a dict is expected"),
    ({}, "`signal_map` is an empty dict"),
])
def test_signal_map_wrong_type(value, words):
    report = check_signal_map(value)
    assert report.score == 0 and words in report.findings[0].message


@pytest.mark.parametrize("value, words", [
    (["requirements", "communication"], "Give one signal as a string"),
    (None, "The signal must be a label in quotes"),
    (3, "The signal must be a label in quotes"),
    ("requirments", "'requirements'?"),
    ("fault tolerence", "Did you mean 'fault tolerance'?"),
    ("vibes", "'vibes' is not a signal label. Use one of 'requirements', 'trade-offs'"),
])
def test_malformed_signal(value, words):
    report = check_signal_map(with_(SIGNAL_SOLUTION, asks_scope=value))
    assert weighted_failures(report) == ["asks_scope"]
    assert words in finding(report, "asks_scope").message


def test_misspelled_and_extra_behaviour_ids():
    answer = dict(SIGNAL_SOLUTION)
    answer["think_aloud"] = answer.pop("thinks_aloud")
    answer["comment"] = "I was unsure about some"
    report = check_signal_map(answer)
    assert weighted_failures(report) == ["thinks_aloud"]
    assert "did you mean 'thinks_aloud'?" in finding(report, "thinks_aloud").message
    assert finding(report, "unknown key 'comment'").weight == 0


def test_missing_hidden_items_fail_only_in_the_full_check():
    answer = {k: v for k, v in SIGNAL_SOLUTION.items() if k in VISIBLE_BEHAVIOURS}
    assert check_signal_map(answer).score == 1
    full = check_signal_map(answer, scope="hidden")
    assert weighted_failures(full) == sorted(HIDDEN_BEHAVIOURS)
    assert full.credit(6) == round(6 * len(VISIBLE_BEHAVIOURS) / len(BEHAVIOURS), 2)


# -- never noisy ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, [], {}, "x", {"a": 1}, Missing("x"), PROMPT_SOLUTION, SIGNAL_SOLUTION])
def test_checkers_write_nothing_and_grade_without_stderr(value):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        for checker in (check_prompt_labels, check_signal_map):
            for scope in ("visible", "hidden"):
                report = checker(value, scope=scope)
                assert 0 <= report.score <= 1
        report.grade(6)
    assert err.getvalue() == ""
    assert out.getvalue()  # grade() shows the report (as text outside IPython)


def test_vocabularies_are_documented():
    for vocabulary in (ROUNDS, FOCUSES, SIGNALS):
        for label in vocabulary.labels:
            assert label.description and label.name not in label.phrases


def test_every_phrase_reads_as_its_own_label():
    for vocabulary in (ROUNDS, FOCUSES, SIGNALS):
        for label in vocabulary.labels:
            for phrase in (label.name, *label.phrases):
                assert vocabulary.read(phrase).label == label.name, (vocabulary.kind, phrase)


def test_a_phrase_with_two_meanings_is_refused_when_the_vocabulary_is_built():
    from autograder.interviews.labels import Label, Vocabulary

    with pytest.raises(ValueError, match="means both"):
        Vocabulary("x", (Label("one", "first", ("data model",)), Label("two", "second", ("Data-Models",))))
    with pytest.raises(ValueError, match="not one part"):
        Vocabulary("x", (Label("one", "first", ("design and trade-offs",)),))
