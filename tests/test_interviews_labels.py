"""Module 1: labels read as phrases, hints right for the answer given, answers kept plain data."""

from __future__ import annotations

import enum
import itertools
from collections import OrderedDict, defaultdict, namedtuple

import pytest

from autograder.course import solution_namespace
from autograder.grading.snapshot import decode, encode
from autograder.interviews import (
    BEHAVIOURS,
    FOCUSES,
    PROMPTS,
    ROUNDS,
    SIGNALS,
    check_prompt_labels,
    check_signal_map,
)
from autograder.interviews.labels import parts

_SOLUTION = solution_namespace("01-coding-vs-design", "prompt_labels", "signal_map")
PROMPT_SOLUTION = _SOLUTION["prompt_labels"]
SIGNAL_SOLUTION = _SOLUTION["signal_map"]


def lost(report):
    return sorted(f.check for f in report.findings if not f.passed and f.weight > 0)


def message(report, check):
    (found,) = [f for f in report.findings if f.check == check]
    return found.message


# -- phrases: one meaning, many spellings; no wrong label let in ---------------------------------

SAME_MEANING = [
    (FOCUSES, "api", ["API endpoints", "endpoint", "Endpoints", "REST endpoints", "APIs", "api-design",
                      "API or System Interface", "the API", "design of the API", "interface of the service"]),
    (FOCUSES, "architecture", ["overall architecture", "Overall Design", "high level design", "High-Level-Design",
                               "HLD", "architecture of the system", "architectures", "trade offs", "Tradeoffs"]),
    (FOCUSES, "data model", ["the data model", "Data-Models", "model of the data", "data modelling", "data modeling",
                             "core entities", "DB schema", "DBs"]),
    (FOCUSES, "estimation", ["back of the envelope", "Back-of-the-envelope estimation", "storage estimation",
                             "estimates", "BOTE", "QPS + storage", "estimation of capacity"]),
    (FOCUSES, "algorithms", ["Algorithms & Data Structures", "data structures and algorithms", "DS&A", "an algorithm"]),
    (ROUNDS, "design", ["System Design", "system-design round", "the design of the system", "SD", "Design interview (HLD)"]),
    (ROUNDS, "coding", ["coding round", "Coding Interview", "code", "machine coding", "LeetCode-style"]),
    (SIGNALS, "trade-offs", ["design & trade-offs", "Trade-Off", "a trade-off", "latency vs freshness trade-off"]),
    (SIGNALS, "red flag", ["Red Flags", "redflag", "red flag: over-engineering", "Red flag (scalability)"]),
    (SIGNALS, "fault tolerance", ["Fault tolerance & reliability", "fault-tolerant", "high availability"]),
]


@pytest.mark.parametrize("vocabulary, label, texts", SAME_MEANING, ids=[f"{v.kind}-{label}" for v, label, _ in SAME_MEANING])
def test_one_meaning_many_spellings(vocabulary, label, texts):
    for text in texts:
        assert vocabulary.read(text).label == label, text


@pytest.mark.parametrize("vocabulary, text, words", [
    (FOCUSES, "data", "is not a focus label"),
    (FOCUSES, "model", "is not a focus label"),
    (FOCUSES, "API and data model", "names more than one focus"),
    (FOCUSES, "database scaling", "names more than one focus"),
    (FOCUSES, "design", "does not say on its own"),
    (ROUNDS, "low-level design", "names different rounds at different companies"),
    (ROUNDS, "coding vs design", "names more than one round"),
    (SIGNALS, "scalability and reliability", "names more than one signal"),
    (SIGNALS, "red", "is not a signal label"),
    (SIGNALS, "flag", "is not a signal label"),
])
def test_texts_that_do_not_name_one_label_are_refused(vocabulary, text, words):
    reading = vocabulary.read(text)
    assert reading.label is None and words in (reading.problem or "")


def test_nothing_is_read_from_inside_a_word():
    assert FOCUSES.read("rapid").label is None  # holds "api"
    assert SIGNALS.read("telescope").label is None  # holds "scope"
    assert ROUNDS.read("redesign").label is None  # holds "design"


def test_hyphens_inside_a_phrase_are_not_joining_signs():
    assert parts("back-of-the-envelope") == [("back", "envelope")]
    assert parts("design - api") == [("design",), ("api",)]


def test_a_spelling_guess_is_given_only_when_one_label_is_close():
    assert "Did you mean 'architecture'?" in (FOCUSES.read("architechture").problem or "")
    assert "Did you mean" not in (FOCUSES.read("qwerty").problem or "")
    # every guess the reader makes names a phrase that reads as the label it names
    for text in ["requirments", "fault tolerence", "scalabilty", "comunication", "redflg", "tradoffs"]:
        problem = SIGNALS.read(text).problem or ""
        if "Did you mean '" in problem:
            guessed = problem.split("Did you mean '")[1].split("'")[0]
            assert SIGNALS.read(guessed).label is not None, text


# -- hints: each one is right for the answer it is given to ---------------------------------------


@pytest.mark.parametrize("item_id", list(PROMPTS))
def test_every_prompt_message_points_to_a_fix_that_works(item_id):
    prompt = PROMPTS[item_id]
    for pair in itertools.product(ROUNDS.names, FOCUSES.names):
        if pair in prompt.accepted:
            continue
        report = check_prompt_labels({**PROMPT_SOLUTION, item_id: pair}, scope="hidden")
        text = message(report, item_id)
        other_round = next(r for r in ROUNDS.names if r != pair[0])
        if text.startswith("The focus is right but the round is not"):
            assert (other_round, pair[1]) in prompt.accepted, (item_id, pair)
        elif text.startswith("The round is right but the focus is not"):
            assert any((pair[0], f) in prompt.accepted for f in FOCUSES.names), (item_id, pair)
            assert not any((r, pair[1]) in prompt.accepted for r in ROUNDS.names), (item_id, pair)
        elif text.startswith("Neither label fits"):
            assert not any(pair[0] == r or pair[1] == f for r, f in prompt.accepted), (item_id, pair)
        elif text.startswith("The two labels describe different readings"):
            assert (other_round, pair[1]) in prompt.accepted
            assert any((pair[0], f) in prompt.accepted for f in FOCUSES.names)
        else:
            pytest.fail(f"unexpected message for {item_id} {pair}: {text}")


def test_the_ambiguous_prompt_hints_at_the_reading_the_learner_chose():
    coding = message(check_prompt_labels({**PROMPT_SOLUTION, "rate_limiter": ("coding", "api")}, scope="hidden"),
                     "rate_limiter")
    design = message(check_prompt_labels({**PROMPT_SOLUTION, "rate_limiter": ("design", "api")}, scope="hidden"),
                     "rate_limiter")
    assert PROMPTS["rate_limiter"].focus_hints["coding"] in coding
    assert PROMPTS["rate_limiter"].focus_hints["design"] in design


@pytest.mark.parametrize("item_id", list(BEHAVIOURS))
def test_every_signal_message_is_right_about_red_flags(item_id):
    behaviour = BEHAVIOURS[item_id]
    for signal in SIGNALS.names:
        if signal in behaviour.accepted:
            continue
        text = message(check_signal_map({**SIGNAL_SOLUTION, item_id: signal}, scope="hidden"), item_id)
        if text.startswith("This is not one of the red flags"):
            assert signal == "red flag" and "red flag" not in behaviour.accepted
        elif "is not what an interviewer would write down here" in text:
            assert behaviour.accepted == {"red flag"}
        else:
            assert "red flag" not in behaviour.accepted and signal != "red flag"


def test_an_unknown_key_is_never_told_to_become_an_id_that_is_already_given():
    report = check_prompt_labels({**PROMPT_SOLUTION, "two_sums": ("coding", "algorithms")})
    text = message(report, "unknown key 'two_sums'")
    assert "Did you mean" not in text and "already has an entry" in text
    answer = dict(PROMPT_SOLUTION)
    answer["two_sums"] = answer.pop("two_sum")
    assert "Did you mean 'two_sum'?" in message(check_prompt_labels(answer), "unknown key 'two_sums'")


def test_swapped_round_and_focus_are_named_as_such_even_when_one_side_reads():
    report = check_prompt_labels({**PROMPT_SOLUTION, "shortener_end_to_end": ("high-level design", "design")})
    assert "The order is (round, focus)" in message(report, "shortener_end_to_end")


# -- plain data: what the kernel accepts, grading's re-check accepts too -----------------------------


class Round(str, enum.Enum):
    CODING = "coding"
    DESIGN = "design"


Pair = namedtuple("Pair", "round focus")


@pytest.mark.parametrize("build, where", [
    (lambda s: OrderedDict(s), None),
    (lambda s: defaultdict(tuple, s), None),
    (lambda s: {**s, "two_sum": Pair("coding", "algorithms")}, "two_sum"),
    (lambda s: {**s, "two_sum": (Round.CODING, "algorithms")}, "two_sum"),
])
def test_subclasses_of_plain_types_get_the_verdict_grading_gives(build, where):
    """The check cell judges the plain-data snapshot grading re-checks: never full marks in the
    kernel and less at grading. (Whether the snapshot keeps a subclass as the plain value it holds
    or refuses it is the snapshot's choice; a refusal must say so.)"""
    answer = build(PROMPT_SOLUTION)
    kernel = check_prompt_labels(answer, scope="hidden")
    recheck = check_prompt_labels(decode(encode(answer)), scope="hidden")
    assert [(f.check, f.passed, f.weight) for f in kernel.findings] == [
        (f.check, f.passed, f.weight) for f in recheck.findings]
    if kernel.score < 1:
        text = kernel.findings[0].message if where is None else message(kernel, where)
        assert "not plain data" in text


def test_a_str_subclass_key_gets_the_verdict_grading_gives():
    class Key(str):
        pass

    answer = {Key("asks_scope") if k == "asks_scope" else k: v for k, v in SIGNAL_SOLUTION.items()}
    kernel = check_signal_map(answer)
    assert lost(kernel) == lost(check_signal_map(decode(encode(answer))))
    if kernel.score < 1:
        assert lost(kernel) == ["asks_scope"]
        assert any("not plain data" in f.message for f in kernel.findings)


def test_an_object_that_is_not_data_is_refused_with_a_message():
    class Labels:
        def items(self):
            return PROMPT_SOLUTION.items()

    report = check_prompt_labels(Labels())
    assert report.score == 0 and "not plain data" in report.findings[0].message
