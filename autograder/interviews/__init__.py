"""Checkers for module 1, coding interviews vs system design interviews.

Two exercises, each a plain dict the learner writes in a notebook cell:

``prompt_labels`` - one entry per interview prompt in :data:`PROMPTS`::

    prompt_labels = {
        "<prompt id>": ("<round>", "<focus>"),
        ...
    }

  ``<round>`` is a label of :data:`ROUNDS` (``"coding"``, ``"design"``) and ``<focus>``
  one of :data:`FOCUSES` (``"algorithms"``, ``"architecture"``, ``"api"``,
  ``"data model"``, ``"estimation"``). A two-item list, or a dict
  ``{"round": ..., "focus": ...}``, is accepted in place of the tuple. Checked by
  :func:`check_prompt_labels`.

``signal_map`` - one entry per candidate behaviour in :data:`BEHAVIOURS`::

    signal_map = {
        "<behaviour id>": "<signal>",
        ...
    }

  ``<signal>`` is a label of :data:`SIGNALS` (``"requirements"``, ``"trade-offs"``,
  ``"scalability"``, ``"fault tolerance"``, ``"communication"``, ``"red flag"``).
  Checked by :func:`check_signal_map`.

Labels are read by meaning (:mod:`autograder.interviews.labels`): case, spacing, hyphens,
articles, singular or plural and word order do not matter, and the phrases of the popular
frameworks count ("API endpoints" for "api", "overall architecture" or "HLD" for
"architecture", "back-of-the-envelope" for "estimation", "reliability" for "fault
tolerance"). A text that names two labels ("API and data model") or a phrase whose meaning
differs between companies ("low-level design") is refused with a message. Ids are matched
after normalising case and separators ("LRU-cache" finds "lru_cache").

Scopes (:func:`autograder.contract.check_scope`): ``scope="visible"`` (the default, the
learner's check cell) judges the items marked ``visible``; the others are checked for form
only and weigh nothing. ``scope="hidden"`` (the grading cell) judges every item. Every
item weighs 1 in both scopes, so hidden grading *adds* the hidden items: an answer whose
visible report is all green can lose points only on hidden items, and the grade is
``points x (items right) / (all items)``.

Messages name the item that is off and give a hint that is right for the answer given,
never the expected label. Neither checker raises on learner input: a missing variable,
``None``, the release stub's ``...``, a list where a dict is expected, a misspelled id or
label, or extra keys all give failing findings that say what was expected. Grading re-checks
these answers outside the notebook from a plain-data snapshot
(:mod:`autograder.grading.snapshot`); both checkers judge that same snapshot in the notebook
too, so the check cell and the re-check always agree. A value the snapshot does not keep as
data is refused with a message, in both places alike.

The answer key (items, accepted answers, hints, vocabularies) lives in
:mod:`autograder.interviews.key`, as data.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

from autograder.contract import check_scope, plain_data, unusable
from autograder.grading.snapshot import Unsupported
from autograder.interviews.key import (
    AMBIGUOUS_HINT,
    BEHAVIOURS,
    FOCUSES,
    PROMPTS,
    ROUNDS,
    SIGNALS,
    Behaviour,
    Prompt,
)
from autograder.interviews.labels import Vocabulary, _show
from autograder.report import Report

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


def _id_key(text: str) -> str:
    """An id as written, normalised for matching: lower case, words joined by '_' (no singular)."""
    return "_".join(re.findall(r"[a-z0-9]+", text.lower()))


def _type_name(value: Any) -> str:
    if isinstance(value, Unsupported):
        return f"a {value.type_name}, which is not plain data"
    return "None" if value is None else f"a {type(value).__name__}"


class _Unusable(Exception):
    """A value that cannot be read; its message says what was expected."""


def _read_label(value: Any, vocabulary: Vocabulary) -> str:
    """The canonical label for ``value`` or :class:`_Unusable` with a message."""
    kind = vocabulary.kind
    if type(value) is not str:
        raise _Unusable(f"The {kind} must be a label in quotes, one of {vocabulary.choices()}; "
                        f"got {_type_name(value)} ({_show(value)}).")
    reading = vocabulary.read(value)
    if reading.label is None:
        raise _Unusable(reading.problem or f"{_show(value)} is not a {kind} label.")
    return reading.label


# -- the shared item loop ----------------------------------------------------------------------


def _unusable_answer(title: str, name: str, value: Any, expected: str) -> Report | None:
    """A one-finding report when the whole answer cannot be read, else None."""
    if isinstance(value, Unsupported):
        return Report.unusable(
            title, f"`{name}` is plain data",
            f"`{name}` is {_type_name(value)}: grading re-checks this answer from a copy of its "
            f"data. Write it as a plain dict literal {{...}}: {expected}.")
    if isinstance(value, (list, tuple)) and value:
        return Report.unusable(
            title, f"`{name}` is a dict",
            f"`{name}` is {_type_name(value)}, but a dict is expected: {expected}. A {type(value).__name__} "
            "has no ids: turn it into a dict keyed by id.")
    found = unusable(title, name, value, expected=f"a dict: {expected}", accepts=lambda v: type(v) is dict)
    if found is not None:
        return found
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
    judge: Callable[[Any, Any], tuple[bool, str]],
    read: Callable[[Any], Any],
) -> Report:
    problem = _unusable_answer(title, name, answer, expected)
    if problem is not None:
        return problem

    report = Report(title)
    # Match the learner's keys to item ids, forgiving case and separators.
    given: dict[str, list[tuple[Any, Any]]] = {}
    unknown: list[Any] = []
    for key, value in answer.items():
        item_id = _id_key(key) if type(key) is str else None
        if item_id is not None and item_id in items:
            given.setdefault(item_id, []).append((key, value))
        else:
            unknown.append(key)
    unmatched_ids = [i for i in items if i not in given]

    for item_id, item in items.items():
        judged = scope == "hidden" or item.visible
        weight = 1.0 if judged else 0.0
        check = item_id if judged else f"{item_id} (judged at grading)"
        entries = given.get(item_id, [])
        if not entries:
            near = [k for k in unknown if type(k) is str
                    and difflib.get_close_matches(_id_key(k), [item_id], n=1, cutoff=0.7)]
            spelled = f" You wrote {_show(near[0])}: did you mean '{item_id}'?" if near else ""
            when = "" if judged else " It is not judged by this check, but it is graded after you submit."
            report.add(check, False, f"No entry for '{item_id}'.{spelled} Add one.{when}", weight)
            continue
        parsed: list[Any] = []
        problems: list[str] = []
        for _key, value in entries:
            try:
                parsed.append(read(value))
            except _Unusable as unreadable:
                problems.append(str(unreadable))
        if len(entries) > 1 and (problems or any(p != parsed[0] for p in parsed)):
            keys = " and ".join(_show(k) for k, _ in entries)
            report.add(check, False, f"'{item_id}' is given twice ({keys}) with different answers; "
                                     "keep one entry.", weight)
            continue
        if problems:
            report.add(check, False, problems[0], weight)
            continue
        if not judged:
            report.add(check, True, "Well formed; whether it fits is checked when your notebook is graded.",
                       0.0)
            continue
        passed, message = judge(item, parsed[0])
        report.add(check, passed, message, weight)

    for key in unknown:
        if isinstance(key, Unsupported):
            message = f"A key is {_type_name(key)}: write each id as a string in quotes."
        elif not isinstance(key, str):
            message = f"The key {_show(key)} is {_type_name(key)}; ids are strings such as '{next(iter(items))}'."
        else:
            # Suggest only an id that has no entry yet: renaming the key to an id already given
            # would make a duplicate, not a fix.
            close = difflib.get_close_matches(_id_key(key), unmatched_ids, n=1, cutoff=0.7)
            if close:
                message = f"{_show(key)} is not one of the ids. Did you mean '{close[0]}'? Fix the spelling."
            elif not unmatched_ids:
                message = f"{_show(key)} is not one of the ids, and every id already has an entry: remove it."
            else:
                message = f"{_show(key)} is not one of the ids. Fix the spelling or remove it."
        # Weightless: the matching item already lost its credit as missing, and a harmless
        # extra key should not cost anything, but the learner should still see it.
        report.add(f"unknown key {_show(key)}", False, message, 0.0)
    return report


# -- exercise 1 ------------------------------------------------------------------------------------

_PROMPT_TITLE = "Exercise 1: rounds and what they evaluate"
_PROMPT_EXPECTED = ('{"<prompt id>": ("<round>", "<focus>"), ...} with one entry per prompt id, '
                    f"round one of {ROUNDS.choices()}, focus one of {FOCUSES.choices()}")


def _reads(value: Any, vocabulary: Vocabulary) -> bool:
    return type(value) is str and vocabulary.read(value).label is not None


def _read_pair(value: Any) -> tuple[str, str]:
    if isinstance(value, Unsupported):
        raise _Unusable(f"The entry is {_type_name(value)}: write a plain pair (\"<round>\", \"<focus>\").")
    if isinstance(value, dict):
        fields = {(_id_key(k) if type(k) is str else k): v for k, v in value.items()}
        if set(fields) != {"round", "focus"}:
            raise _Unusable("A dict entry needs exactly the keys 'round' and 'focus'; got keys "
                            f"{_show(list(value))}. The usual form is a pair: (\"<round>\", \"<focus>\").")
        value = (fields["round"], fields["focus"])
    if isinstance(value, str):
        raise _Unusable(f"Expected a pair (\"<round>\", \"<focus>\"), got the single string {_show(value)}.")
    if type(value) not in (tuple, list):
        raise _Unusable(f"Expected a pair (\"<round>\", \"<focus>\"), got {_type_name(value)} ({_show(value)}).")
    if len(value) != 2:
        raise _Unusable(f"Expected exactly two labels (\"<round>\", \"<focus>\"), got {len(value)}: {_show(value)}.")
    problems = []
    labels = []
    for part, vocabulary in ((value[0], ROUNDS), (value[1], FOCUSES)):
        try:
            labels.append(_read_label(part, vocabulary))
        except _Unusable as problem:
            problems.append(str(problem))
    if problems:
        if _reads(value[0], FOCUSES) and _reads(value[1], ROUNDS):
            problems.append("The order is (round, focus): the round comes first.")
        raise _Unusable(" ".join(problems))
    return labels[0], labels[1]


def _judge_prompt(prompt: Prompt, pair: tuple[str, str]) -> tuple[bool, str]:
    if pair in prompt.accepted:
        return True, "Right."
    rounds = {r for r, _ in prompt.accepted}
    focuses = {f for _, f in prompt.accepted}
    if len(prompt.accepted) > 1 and pair[0] in rounds and pair[1] in focuses:
        return False, f"The two labels describe different readings of this prompt. Hint: {AMBIGUOUS_HINT}"
    if pair[0] not in rounds and pair[1] not in focuses:
        return False, f"Neither label fits this prompt. Hint: {prompt.round_hint} {prompt.focus_hint}"
    if pair[0] not in rounds:
        return False, f"The focus is right but the round is not. Hint: {prompt.round_hint}"
    # The round is one of the prompt's readings: the hint speaks about that reading.
    hint = prompt.focus_hints.get(pair[0], prompt.focus_hint)
    return False, f"The round is right but the focus is not. Hint: {hint}"


def check_prompt_labels(prompt_labels: Any, *, scope: str = "visible") -> Report:
    """Check exercise 1: each prompt in :data:`PROMPTS` labelled with its round and focus.

    ``prompt_labels`` is a dict ``{prompt id: (round, focus)}``; see the module
    docstring for the labels and how they are read. One finding per prompt, each worth
    the same. ``scope="visible"`` judges the visible prompts only (the others are
    checked for form, with no weight); ``scope="hidden"`` judges all of them, the visible
    ones exactly as the visible scope does. For the prompt with two readings either
    consistent reading is accepted. Any other ``scope`` raises ValueError.
    """
    scope = check_scope(scope)
    try:
        return _check_items(
            title=_PROMPT_TITLE, name="prompt_labels",
            answer=plain_data(prompt_labels), items=PROMPTS, expected=_PROMPT_EXPECTED, scope=scope,
            judge=_judge_prompt, read=_read_pair,
        )
    except Exception as error:  # last resort: a learner object that defeats every guard above
        return Report.unusable(_PROMPT_TITLE, "answer readable",
                               f"The answer could not be read ({type(error).__name__}). Expected: "
                               f"{_PROMPT_EXPECTED}.")


# -- exercise 2 ------------------------------------------------------------------------------------

_SIGNAL_TITLE = "Exercise 2: behaviours and the signals they give"
_SIGNAL_EXPECTED = ('{"<behaviour id>": "<signal>", ...} with one entry per behaviour id, signal one of '
                    f"{SIGNALS.choices()}")


def _read_signal(value: Any) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        raise _Unusable(f"Give one signal as a string, the one this behaviour is the strongest evidence for; "
                        f"got {_type_name(value)} ({_show(value)}).")
    return _read_label(value, SIGNALS)


def _judge_behaviour(behaviour: Behaviour, signal: str) -> tuple[bool, str]:
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
    for the labels and how they are read. One finding per behaviour, each worth the
    same. A behaviour that is one of Xu's red flags must be labelled ``"red flag"``.
    ``scope`` works as in :func:`check_prompt_labels`.
    """
    scope = check_scope(scope)
    try:
        return _check_items(
            title=_SIGNAL_TITLE, name="signal_map", answer=plain_data(signal_map), items=BEHAVIOURS,
            expected=_SIGNAL_EXPECTED, scope=scope, judge=_judge_behaviour, read=_read_signal,
        )
    except Exception as error:  # last resort, as above
        return Report.unusable(_SIGNAL_TITLE, "answer readable",
                               f"The answer could not be read ({type(error).__name__}). Expected: "
                               f"{_SIGNAL_EXPECTED}.")
