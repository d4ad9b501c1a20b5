"""Checkers for module 1, coding interviews vs system design interviews.

Two exercises, each a dict the learner writes in a notebook cell:

``prompt_labels`` - one entry per interview prompt in :data:`PROMPTS`::

    prompt_labels = {
        "<prompt id>": ("<round>", "<focus>"),
        ...
    }

  ``<round>`` is one of :data:`ROUNDS` (``"coding"``, ``"design"``) and ``<focus>``
  one of :data:`FOCUSES` (``"algorithms"``, ``"architecture"``, ``"api"``,
  ``"data model"``, ``"estimation"``). A two-item list, or a dict
  ``{"round": ..., "focus": ...}``, is accepted in place of the tuple. Checked by
  :func:`check_prompt_labels`.

``signal_map`` - one entry per candidate behaviour in :data:`BEHAVIOURS`::

    signal_map = {
        "<behaviour id>": "<signal>",
        ...
    }

  ``<signal>`` is one of :data:`SIGNALS` (``"requirements"``, ``"trade-offs"``,
  ``"scalability"``, ``"fault tolerance"``, ``"communication"``, ``"red flag"``).
  Checked by :func:`check_signal_map`.

Labels are matched after normalising case, spaces, hyphens and underscores, and
common synonyms are accepted ("system design" for "design", "schema" for
"data model", "reliability" for "fault tolerance", ...). Ids are matched the same
way ("LRU-cache" finds "lru_cache").

Both checkers return a :class:`~autograder.report.Report` with one finding per
item (each worth the same), so a partly right answer earns partial credit. With
``scope="visible"`` (the default, what the notebook's visible check uses) only the
items marked ``visible`` are judged; the others are checked for form only and
carry no weight. ``scope="full"`` (the hidden test) judges every item. Messages
name the item that is off and give a hint, never the expected label. Neither
checker raises on learner input: a missing variable, ``None``, a list where a dict
is expected, a misspelled id or label, or extra keys all give failing findings
that say what was expected.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from autograder.report import Missing, Report

__all__ = [
    "ROUNDS",
    "FOCUSES",
    "SIGNALS",
    "Prompt",
    "Behaviour",
    "PROMPTS",
    "BEHAVIOURS",
    "check_prompt_labels",
    "check_signal_map",
]

# -- vocabularies ---------------------------------------------------------------------------
# canonical label -> (what it means, synonyms). Labels and synonyms are compared after _norm.

ROUNDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "coding": (
        "a coding round: write a working, efficient program for a well-defined problem",
        ("coding round", "coding interview", "programming", "code", "programming round",
         "algorithms round", "algorithm round", "leetcode"),
    ),
    "design": (
        "a system design round: shape a system under open-ended requirements and defend the choices",
        ("system design", "design round", "system design interview", "system design round",
         "design interview", "SD", "sysdesign", "systems design"),
    ),
}
"""The two interview formats. Each entry: description, accepted synonyms (matched after normalising)."""

FOCUSES: dict[str, tuple[str, tuple[str, ...]]] = {
    "algorithms": (
        "choosing a correct, efficient algorithm and data structure, and writing code that runs",
        ("data structures", "algorithms and data structures", "problem solving", "algorithm",
         "data structures and algorithms", "DSA", "implementation"),
    ),
    "architecture": (
        "the system as a whole: components, data flow, scaling, failure and the trade-offs between choices",
        ("high-level design", "trade-offs", "system architecture", "tradeoffs", "architecture and trade-offs",
         "architecture and tradeoffs", "design and trade-offs", "design and tradeoffs", "end-to-end design",
         "overall design"),
    ),
    "api": (
        "a contract between a client and a service, or between two services: operations, inputs, outputs, errors",
        ("API contract", "service interface", "endpoints", "API contracts", "API design", "APIs", "interface",
         "interfaces", "service interfaces", "contract", "interface design"),
    ),
    "data model": (
        "what is stored and how: tables or keys, columns, constraints and the indexes the queries need",
        ("schema", "database schema", "data modelling", "data models", "data modeling", "DB schema",
         "schema design", "database design", "tables"),
    ),
    "estimation": (
        "back-of-the-envelope numbers: requests per second, storage, bandwidth, machines",
        ("capacity estimate", "back-of-the-envelope", "sizing", "estimate", "estimates", "capacity",
         "capacity estimates", "capacity estimation", "capacity planning", "back-of-envelope",
         "back-of-the-envelope estimation", "napkin math"),
    ),
}
"""What a prompt mainly evaluates. Each entry: description, accepted synonyms (matched after normalising)."""

SIGNALS: dict[str, tuple[str, tuple[str, ...]]] = {
    "requirements": (
        "problem understanding: clarifying questions, scope, users, scale and constraints",
        ("problem understanding", "requirements gathering", "scope", "requirement", "requirement collection",
         "clarifying requirements", "problem understanding and requirement collection",
         "problem understanding and requirements", "scoping"),
    ),
    "trade-offs": (
        "technical design and trade-offs: choosing between options and justifying the choice",
        ("design and trade-offs", "technical design", "tradeoffs", "trade-off", "tradeoff", "design",
         "design and tradeoffs", "technical design and trade-offs", "technical design and tradeoffs"),
    ),
    "scalability": (
        "scalability and performance: handling more load, finding and removing bottlenecks",
        ("scalability and performance", "performance", "scale", "scaling"),
    ),
    "fault tolerance": (
        "fault tolerance and reliability: what fails, what the system does then, how it recovers",
        ("reliability", "fault tolerance and reliability", "resilience", "availability", "fault-tolerant"),
    ),
    "communication": (
        "communication and collaboration: explaining, listening, working with the interviewer",
        ("communication and collaboration", "collaboration"),
    ),
    "red flag": (
        "a red flag: over-engineering, narrow-mindedness or stubbornness (Xu, ch. 3)",
        ("red flags", "warning sign", "redflag"),
    ),
}
"""The signals interviewers score (Exponent's rubric) plus Xu's red flags."""


# -- items ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prompt:
    """An interview prompt to classify."""

    text: str
    """The prompt as a candidate would hear it."""
    accepted: frozenset
    """The (round, focus) pairs that count as right; more than one where the prompt is ambiguous."""
    round_hint: str
    """Said when the round is off (never names the round)."""
    focus_hint: str
    """Said when the focus is off (never names the focus)."""
    visible: bool = True
    """Judged by the visible check; the others only by the full (hidden) check."""


@dataclass(frozen=True)
class Behaviour:
    """Something a candidate does in a design round."""

    text: str
    """The behaviour as an interviewer would note it."""
    accepted: frozenset
    """The signals that count as right; more than one where the behaviour is evidence for both."""
    hint: str
    """Said when the signal is off (never names the signal)."""
    visible: bool = True
    """Judged by the visible check; the others only by the full (hidden) check."""


_AMBIGUOUS_HINT = (
    "This prompt can be read two ways, and both are accepted - but your two labels must describe "
    "the same reading. Decide which round you would be in, then ask what that round judges."
)

PROMPTS: dict[str, Prompt] = {
    "two_sum": Prompt(
        "Given a list of integers and a target, return the positions of two numbers that add up to "
        "the target. Then say how the running time grows with the length of the list.",
        frozenset({("coding", "algorithms")}),
        "The problem is fully specified and the interviewer expects a finished program within the "
        "session. Which format asks for that?",
        "The follow-up question is about running time. What skill does that probe?",
    ),
    "lru_cache": Prompt(
        "Implement a least-recently-used cache class whose get and put both take constant time. The "
        "interviewer will run your code on a few test cases.",
        frozenset({("coding", "algorithms")}),
        "Your code will be executed against test cases. In which format is running code the deliverable?",
        "Constant-time get and put is a question of which structures you combine and how you code them.",
    ),
    "shortener_end_to_end": Prompt(
        "Design a URL shortener like bit.ly. You have 45 minutes and a whiteboard; the interviewer "
        "mentions about 100 million new links a day.",
        frozenset({("design", "architecture")}),
        "Open-ended, a whiteboard, no test cases: nothing here is meant to compile.",
        "The prompt names no single artifact: it asks for the whole system and the choices in it.",
    ),
    "shortener_capacity": Prompt(
        "For that shortener: how many redirects per second must it serve at peak, and how much "
        "storage do ten years of links need? Work it out on the whiteboard.",
        frozenset({("design", "estimation")}),
        "These numbers decide how a system is shaped, and nobody runs your working.",
        "The answer is a pair of rough numbers with units, not a diagram or a contract.",
    ),
    "shortener_endpoints": Prompt(
        "Write down the calls a mobile app makes to create a short link and to follow one: method, "
        "path, request body, success response and error responses.",
        frozenset({("design", "api")}),
        "It looks like code, but nothing will be executed: the interviewer reads it as part of a "
        "larger design.",
        "Method, path, body and status codes describe how two parties talk to each other.",
    ),
    "shortener_tables": Prompt(
        "Sketch the tables that hold short links and their clicks: columns, keys, and the index the "
        "redirect lookup uses.",
        frozenset({("design", "data model")}),
        "A sketch on the whiteboard, judged by whether it supports the design, not by whether it runs.",
        "Columns, keys and indexes describe what is stored and how it is found.",
    ),
    "news_feed": Prompt(
        "Design the home feed of a social network in which a few accounts have tens of millions of "
        "followers. Talk through what happens when one of them posts.",
        frozenset({("design", "architecture")}),
        "Open-ended, at scale, with no program to run.",
        "The question is how the whole system moves a post to millions of feeds, and what each option costs.",
        visible=False,
    ),
    "merge_intervals": Prompt(
        "Merge overlapping meeting intervals and return the merged list. Write it in the language of "
        "your choice and test it on an edge case.",
        frozenset({("coding", "algorithms")}),
        "You write it, then test it: the deliverable is a working program.",
        "Sorting and a single pass: the interviewer watches how you find and code the method.",
        visible=False,
    ),
    "fraud_check_interface": Prompt(
        "The checkout service must call a new fraud-check service owned by another team. Write the "
        "operation the two teams agree on: its name, inputs, result and the errors it may return.",
        frozenset({("design", "api")}),
        "A signature two teams agree on is a design decision; nobody asks you to implement the check.",
        "Name, inputs, result and errors are the boundary between two services.",
        visible=False,
    ),
    "rate_limiter": Prompt(
        "Design a rate limiter. (The interviewer says nothing more.)",
        frozenset({("coding", "algorithms"), ("design", "architecture")}),
        _AMBIGUOUS_HINT,
        _AMBIGUOUS_HINT,
        visible=False,
    ),
}
"""The prompts of exercise 1, keyed by id."""

BEHAVIOURS: dict[str, Behaviour] = {
    "asks_scope": Behaviour(
        "Before drawing anything, asks which features are in scope, who the users are and roughly how "
        "many requests a day to expect.",
        frozenset({"requirements"}),
        "Nothing has been designed yet: the candidate is pinning down what to build and for whom.",
    ),
    "picks_302_for_analytics": Behaviour(
        "Compares a 301 and a 302 redirect and picks 302, because the product team wants to count "
        "every click.",
        frozenset({"trade-offs"}),
        "Two options, a cost and a benefit each, and a choice justified by a product need.",
    ),
    "adds_cache_for_reads": Behaviour(
        "Works out that one database cannot serve the peak read rate, and puts a cache and read "
        "replicas in front of it.",
        frozenset({"scalability"}),
        "The trigger is load: more requests than one machine can answer.",
    ),
    "cache_outage_plan": Behaviour(
        "Explains what the service does when the cache cluster goes down, and how it avoids flooding "
        "the database while the cache warms up again.",
        frozenset({"fault tolerance"}),
        "The question behind it: a part has failed - what happens next, and how does the system recover?",
    ),
    "thinks_aloud": Behaviour(
        "Thinks aloud, checks in with the interviewer before each deep dive, and picks up a hint the "
        "interviewer drops.",
        frozenset({"communication"}),
        "None of this changes the design itself; it is about how the candidate works with another person.",
    ),
    "overbuilds_small_service": Behaviour(
        "For a link shortener with a few thousand users, proposes a message bus, a service mesh and a "
        "dozen microservices 'to be ready for growth'.",
        frozenset({"red flag"}),
        "Compare the size of the machinery with the size of the problem. Xu's list of warning signs "
        "starts with this.",
    ),
    "dismisses_hot_key_concern": Behaviour(
        "When the interviewer points out a hot-key problem, waves it away and keeps defending the "
        "first design without looking at it again.",
        frozenset({"red flag"}),
        "The design may be fine; the reaction to feedback is what an interviewer notes here.",
    ),
    "summarises_at_end": Behaviour(
        "In the last minutes, sums up the design, names its bottlenecks and says what they would do "
        "next with more time.",
        frozenset({"communication"}),
        "A wrap-up adds no component; it makes the discussion easy to follow and to judge.",
    ),
    "region_failover": Behaviour(
        "Keeps a copy of the link table in a second region and describes how traffic moves there if "
        "the first region is lost.",
        frozenset({"fault tolerance"}),
        "The scenario is a whole region lost: what the system does then.",
        visible=False,
    ),
    "shards_clicks_by_code": Behaviour(
        "Splits the click table across machines by short code, and explains how to move data when one "
        "shard grows too hot.",
        frozenset({"scalability"}),
        "Splitting data across machines answers growth in load and volume.",
        visible=False,
    ),
    "lagging_click_counts": Behaviour(
        "Lets click counts lag a few seconds behind, because exact real-time counts are not needed and "
        "it keeps redirects fast.",
        frozenset({"trade-offs", "scalability"}),
        "The candidate gives something up (fresh counts) to gain something else, and says why.",
        visible=False,
    ),
    "only_one_database": Behaviour(
        "States that a relational database is the only sensible choice for any system, and will not "
        "discuss a key-value store when asked.",
        frozenset({"red flag"}),
        "Refusing to weigh an alternative at all is one of the warning signs in Xu's framework.",
        visible=False,
    ),
}
"""The behaviours of exercise 2, keyed by id."""


# -- normalising -------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s_\-/.,;:]+")


def _norm(text: str) -> str:
    """Lower case, '&' as 'and', separators as single spaces."""
    text = text.strip().lower().replace("&", " and ")
    return _SEPARATORS.sub(" ", text).strip()


def _norm_id(text: str) -> str:
    return _norm(text).replace(" ", "_")


def _lookup(vocabulary: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, (_description, synonyms) in vocabulary.items():
        table[_norm(canonical)] = canonical
        for synonym in synonyms:
            table[_norm(synonym)] = canonical
    return table


_ROUND_OF = _lookup(ROUNDS)
_FOCUS_OF = _lookup(FOCUSES)
_SIGNAL_OF = _lookup(SIGNALS)


def _show(value: Any) -> str:
    """A short, safe repr of a learner's value for a message."""
    try:
        text = repr(value)
    except Exception:  # a learner object with a broken __repr__
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= 60 else text[:57] + "..."


def _type_name(value: Any) -> str:
    return "None" if value is None else f"a {type(value).__name__}"


def _choices(vocabulary: dict) -> str:
    return ", ".join(f"'{label}'" for label in vocabulary)


class _Unusable(Exception):
    """A value that cannot be read; its message says what was expected."""


def _read_label(value: Any, table: dict[str, str], vocabulary: dict, kind: str) -> str:
    """The canonical label for ``value`` or :class:`_Unusable` with a message."""
    if not isinstance(value, str):
        raise _Unusable(f"The {kind} must be a label in quotes, one of {_choices(vocabulary)}; "
                        f"got {_type_name(value)} ({_show(value)})")
    key = _norm(value)
    if key in table:
        return table[key]
    if not key:
        raise _Unusable(f"The {kind} is empty: write one of {_choices(vocabulary)}.")
    close = difflib.get_close_matches(key, list(table), n=1, cutoff=0.75)
    guess = f" Did you mean '{table[close[0]]}'?" if close else ""
    raise _Unusable(f"{_show(value)} is not a {kind} label.{guess} Use one of {_choices(vocabulary)}.")


# -- the shared item loop ----------------------------------------------------------------------


def _unusable_answer(title: str, name: str, value: Any, expected: str) -> Report | None:
    """A one-finding report when the whole answer cannot be read, else None."""
    if isinstance(value, Missing):
        return Report.unusable(title, f"`{value.name}` is defined", value.message())
    if value is None:
        return Report.unusable(
            title, f"`{name}` is a dict",
            f"`{name}` is None. Expected a dict: {expected}. Check that the cell assigns the dict "
            "(a function that only prints returns None).")
    if not isinstance(value, dict):
        kind = type(value).__name__
        hint = (" A list has no ids: turn it into a dict keyed by id." if isinstance(value, (list, tuple))
                else "")
        return Report.unusable(title, f"`{name}` is a dict",
                               f"`{name}` is a {kind}, but a dict is expected: {expected}.{hint}")
    if not value:
        return Report.unusable(title, f"`{name}` has entries",
                               f"`{name}` is an empty dict. Expected: {expected}.")
    return None


def _check_items(
    *,
    title: str,
    name: str,
    answer: Any,
    items: dict,
    expected: str,
    scope: str,
    judge: Callable[[str, Any, Any], tuple[bool, str]],
    read: Callable[[Any], Any],
) -> Report:
    if scope not in ("visible", "full"):
        # An author's mistake, not a learner's: still no traceback in a notebook.
        return Report.unusable(title, "checker called correctly",
                               f"scope must be 'visible' or 'full', got {_show(scope)}")
    unusable = _unusable_answer(title, name, answer, expected)
    if unusable is not None:
        return unusable

    report = Report(title)
    # Match the learner's keys to item ids, forgiving case and separators.
    given: dict[str, list[tuple[Any, Any]]] = {}
    unknown: list[Any] = []
    for key, value in answer.items():
        item_id = _norm_id(key) if isinstance(key, str) else None
        if item_id is not None and item_id in items:
            given.setdefault(item_id, []).append((key, value))
        else:
            unknown.append(key)
    unmatched_ids = [i for i in items if i not in given]

    for item_id, item in items.items():
        judged = scope == "full" or item.visible
        weight = 1.0 if judged else 0.0
        check = item_id if judged else f"{item_id} (judged at grading)"
        entries = given.get(item_id, [])
        if not entries:
            near = [k for k in unknown if isinstance(k, str)
                    and difflib.get_close_matches(_norm_id(k), [item_id], n=1, cutoff=0.7)]
            spelled = f" You wrote {_show(near[0])}: did you mean '{item_id}'?" if near else ""
            when = "" if judged else " It is not judged by this check, but it is graded after you submit."
            report.add(check, False, f"No entry for '{item_id}'.{spelled} Add one.{when}", weight)
            continue
        if len(entries) > 1:
            keys = " and ".join(_show(k) for k, _ in entries)
            report.add(check, False, f"'{item_id}' is given twice ({keys}); keep one entry.", weight)
            continue
        try:
            parsed = read(entries[0][1])
        except _Unusable as problem:
            report.add(check, False, str(problem), weight)
            continue
        if not judged:
            report.add(check, True, "Well formed; whether it fits is checked when your notebook is graded.",
                       0.0)
            continue
        passed, message = judge(item_id, item, parsed)
        report.add(check, passed, message, weight)

    for key in unknown:
        if not isinstance(key, str):
            message = f"The key {_show(key)} is {_type_name(key)}; ids are strings such as '{next(iter(items))}'."
        else:
            close = difflib.get_close_matches(_norm_id(key), unmatched_ids or list(items), n=1, cutoff=0.7)
            guess = f" Did you mean '{close[0]}'?" if close else ""
            message = f"{_show(key)} is not one of the ids.{guess} Fix the spelling or remove it."
        # Weightless: the matching item already lost its credit as missing, and a harmless
        # extra key should not cost anything, but the learner should still see it.
        report.add(f"unknown key {_show(key)}", False, message, 0.0)
    return report


# -- exercise 1 ------------------------------------------------------------------------------------

_PROMPT_EXPECTED = ('{"<prompt id>": ("<round>", "<focus>"), ...} with one entry per prompt id, '
                    f"round one of {_choices(ROUNDS)}, focus one of {_choices(FOCUSES)}")


def _read_pair(value: Any) -> tuple[str, str]:
    if isinstance(value, dict):
        fields = {(_norm(k) if isinstance(k, str) else k): v for k, v in value.items()}
        if set(fields) != {"round", "focus"}:
            raise _Unusable("A dict entry needs exactly the keys 'round' and 'focus'; got keys "
                            f"{_show(list(value))}. The usual form is a pair: (\"<round>\", \"<focus>\").")
        value = (fields["round"], fields["focus"])
    if isinstance(value, str):
        raise _Unusable(f"Expected a pair (\"<round>\", \"<focus>\"), got the single string {_show(value)}.")
    if not isinstance(value, (tuple, list)):
        raise _Unusable(f"Expected a pair (\"<round>\", \"<focus>\"), got {_type_name(value)} ({_show(value)}).")
    if len(value) != 2:
        raise _Unusable(f"Expected exactly two labels (\"<round>\", \"<focus>\"), got {len(value)}: {_show(value)}.")
    problems = []
    labels = []
    for part, table, vocabulary, kind in ((value[0], _ROUND_OF, ROUNDS, "round"),
                                          (value[1], _FOCUS_OF, FOCUSES, "focus")):
        try:
            labels.append(_read_label(part, table, vocabulary, kind))
        except _Unusable as problem:
            problems.append(str(problem))
    if problems:
        if (all(isinstance(part, str) for part in value)
                and _norm(value[0]) in _FOCUS_OF and _norm(value[1]) in _ROUND_OF):
            problems.append("The order is (round, focus): the round comes first.")
        raise _Unusable(" ".join(problems))
    return labels[0], labels[1]


def _judge_prompt(item_id: str, prompt: Prompt, pair: tuple[str, str]) -> tuple[bool, str]:
    if pair in prompt.accepted:
        return True, "Right."
    rounds = {r for r, _ in prompt.accepted}
    focuses = {f for _, f in prompt.accepted}
    if len(prompt.accepted) > 1 and pair[0] in rounds and pair[1] in focuses:
        return False, f"The two labels describe different readings of this prompt. Hint: {_AMBIGUOUS_HINT}"
    if pair[0] not in rounds and pair[1] not in focuses:
        return False, f"Neither label fits this prompt. Hint: {prompt.round_hint} {prompt.focus_hint}"
    if pair[0] not in rounds:
        return False, f"The focus is right but the round is not. Hint: {prompt.round_hint}"
    return False, f"The round is right but the focus is not. Hint: {prompt.focus_hint}"


def check_prompt_labels(prompt_labels: Any, *, scope: str = "visible") -> Report:
    """Check exercise 1: each prompt in :data:`PROMPTS` labelled with its round and focus.

    ``prompt_labels`` is a dict ``{prompt id: (round, focus)}``; see the module
    docstring for the labels and their synonyms. One finding per prompt, each worth
    the same. ``scope="visible"`` judges the visible prompts only (the others are
    checked for form, with no weight); ``scope="full"`` judges all of them. For the
    one genuinely ambiguous prompt either consistent reading is accepted.
    """
    try:
        return _check_items(
            title="Exercise 1: rounds and what they evaluate",
            name="prompt_labels",
            answer=prompt_labels, items=PROMPTS, expected=_PROMPT_EXPECTED, scope=scope,
            judge=_judge_prompt, read=_read_pair,
        )
    except Exception as error:  # last resort: a learner object that defeats every guard above
        return Report.unusable("Exercise 1: rounds and what they evaluate", "answer readable",
                               f"The answer could not be read ({type(error).__name__}). Expected: "
                               f"{_PROMPT_EXPECTED}.")


# -- exercise 2 ------------------------------------------------------------------------------------

_SIGNAL_EXPECTED = ('{"<behaviour id>": "<signal>", ...} with one entry per behaviour id, signal one of '
                    f"{_choices(SIGNALS)}")


def _read_signal(value: Any) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        raise _Unusable(f"Give one signal as a string, the one this behaviour is the strongest evidence for; "
                        f"got {_type_name(value)} ({_show(value)}).")
    return _read_label(value, _SIGNAL_OF, SIGNALS, "signal")


def _judge_behaviour(item_id: str, behaviour: Behaviour, signal: str) -> tuple[bool, str]:
    if signal in behaviour.accepted:
        return True, "Right."
    if "red flag" in behaviour.accepted:
        return False, (f"'{signal}' is not what an interviewer would write down here. Hint: {behaviour.hint}")
    if signal == "red flag":
        return False, f"This is not one of the red flags interviewers watch for. Hint: {behaviour.hint}"
    return False, f"'{signal}' is not the signal this behaviour mainly shows. Hint: {behaviour.hint}"


def check_signal_map(signal_map: Any, *, scope: str = "visible") -> Report:
    """Check exercise 2: each behaviour in :data:`BEHAVIOURS` mapped to the signal it shows.

    ``signal_map`` is a dict ``{behaviour id: signal}``; see the module docstring
    for the labels and their synonyms. One finding per behaviour, each worth the
    same. A behaviour that is one of Xu's red flags must be labelled ``"red flag"``.
    ``scope`` works as in :func:`check_prompt_labels`.
    """
    try:
        return _check_items(
            title="Exercise 2: behaviours and the signals they give",
            name="signal_map", answer=signal_map, items=BEHAVIOURS, expected=_SIGNAL_EXPECTED, scope=scope,
            judge=_judge_behaviour, read=_read_signal,
        )
    except Exception as error:  # last resort, as above
        return Report.unusable("Exercise 2: behaviours and the signals they give", "answer readable",
                               f"The answer could not be read ({type(error).__name__}). Expected: "
                               f"{_SIGNAL_EXPECTED}.")
