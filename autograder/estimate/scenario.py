"""Estimate scenarios as data, and the one checker that judges any of them.

A **scenario** describes one system's estimate: its sets of assumptions (the visible one the
learner sees, the hidden ones grading adds), the quantities asked for with their units and
tolerances, the reference formulas as text in the small language of
:mod:`autograder.estimate.formula`, and the named slips. Adding a system needs a scenario
description (``autograder/estimate/scenarios/<name>.py``, registered in
:data:`autograder.estimate.scenarios.SCENARIOS`) and no new checker code. The format is
documented in ``autograder/estimate/scenarios/README.md``.

Two checkers read a scenario:

- :func:`check_estimate` - the learner's *function* ``estimate(a)``, called under the time
  guard with every assumption set of the scope, its returned dict judged key by key;
- :func:`check_answers` - *values* the learner wrote (the Pastebin warm-up), judged against the
  scenario's only assumption set.

How answers are judged depends on an item's ``judge`` (see :data:`JUDGES`): an amount within a
tolerance band, naming the slip behind a wrong one; a whole count rounded up; the shortest code
length; a probability; a yes/no answer. ``scope="visible"`` judges the visible assumption
sets; ``scope="hidden"`` adds the hidden sets' findings with the same weight each, so a learner
whose visible report is all green can lose points only on the hidden sets.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from autograder.contract import check_scope, plain_data, unusable, unusable_callables
from autograder.estimate.check import Expected, Slip, _fmt, _Unusable, check_value, is_boolean
from autograder.estimate.formula import Formula, plain
from autograder.estimate.units import ureg
from autograder.guard import Session, short
from autograder.report import Finding, Missing, Report

__all__ = ["JUDGES", "Given", "Item", "Scenario", "ScenarioError", "SlipRule", "assumption_values",
           "check_answers", "check_estimate", "expectations", "reference", "validate"]

JUDGES = ("amount", "whole", "shortest_length", "probability", "yes_no", "none")
"""How an item's answer is judged:

- ``amount``: a number with a unit (or a plain number read in :attr:`Item.unit`), passing within
  :attr:`Item.tolerance` of the reference; a wrong one is matched against the slips;
- ``whole``: a count that must be a whole number, rounded up from the formula's unrounded need;
  accepted from the rounded-up count of (1 - tolerance) x need up to ``headroom`` x the
  rounded-up need;
- ``shortest_length``: the smallest whole L with ``alphabet ** L`` >= a count
  (:attr:`Item.inputs` names the count and the alphabet); any length that is shortest for a count
  within the tolerance band passes;
- ``probability``: a fraction in (0, 1] (or a quantity in percent) within the tolerance band;
- ``yes_no``: ``True`` or ``False`` (numpy's ``bool_`` too), equal to the formula's value;
- ``none``: an intermediate value the formulas use, never asked for.
"""


class ScenarioError(ValueError):
    """A scenario description that cannot be used (an authoring error, found when it is loaded)."""


@dataclass(frozen=True)
class SlipRule:
    """A named slip: what the answer comes out as when it is made, and what to say."""

    message: str
    """What probably happened and what to change; ``{name}`` fields are filled from the values."""
    factor: str = ""
    """Formula of learner's value / reference when the slip is made (give this or :attr:`value`)."""
    value: str = ""
    """Formula of the value the slip gives (for whole counts: the rounded count of the wrong need)."""


@dataclass(frozen=True)
class Item:
    """One quantity of a scenario: a key of the answer, how it is computed and how it is judged."""

    key: str
    """The dict key (or variable name) the learner writes."""
    formula: str
    """The reference, in the formula language, over assumptions and earlier items."""
    what: str = ""
    """What it is, in words; ``{name}`` fields are filled from the values."""
    unit: str | None = None
    """Unit plain numbers are read in and values shown in; None for counts, fractions, yes/no."""
    judge: str = "amount"
    """One of :data:`JUDGES`."""
    tolerance: float = 0.25
    """Accepted relative error (0.25 = within 25%); ``whole`` and ``shortest_length`` use it on the need."""
    headroom: float = 1.5
    """``whole`` only: the largest accepted count as a multiple of the rounded-up need."""
    slips: tuple[SlipRule, ...] = ()
    """Slips specific to this item (generic ones follow from its unit's dimension)."""
    hint: str = ""
    """How the reference is computed, said when no slip explains a wrong answer."""
    inputs: tuple[str, ...] = ()
    """``shortest_length``: formulas of (count, alphabet); ``yes_no``: nothing."""
    explain: Mapping[bool, str] = field(default_factory=dict)
    """``yes_no``: why the right answer is right, keyed by the right answer."""
    weight: float = 1.0
    """Share of the report's score; 0 for an item shown but not scored."""


@dataclass(frozen=True)
class Scenario:
    """One system's estimate: assumptions, items, the parts check cells grade, and labels."""

    name: str
    """Registry key (``"shortener"``)."""
    title: str
    """Report title (``"URL shortener estimate"``)."""
    items: tuple[Item, ...]
    """Every quantity, in the order formulas may refer to each other (intermediates included)."""
    visible: tuple[Any, ...]
    """Assumption sets the visible checks use (the first is the one the notebook shows)."""
    hidden: tuple[Any, ...] = ()
    """Assumption sets the hidden (grading) checks add."""
    parts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Part name -> the keys one check cell grades; ``"all"`` is every graded key."""
    part_titles: Mapping[str, str] = field(default_factory=dict)
    """Part name -> its title in the report."""
    answer: str = "estimate"
    """The learner's function (for :func:`check_estimate`), as messages name it."""
    argument: str = "a"
    """The name of the assumptions argument, as messages name it (``estimate(a)``)."""
    labels: tuple[str, ...] = ("stated assumptions", "second set of assumptions", "third set of assumptions")
    """How findings name the assumption sets, in order (visible first)."""
    budget: float = 2.0
    """Processor seconds one call of the learner's function may take."""

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    @property
    def graded(self) -> tuple[str, ...]:
        """Keys the learner is asked for, in order."""
        return tuple(i.key for i in self.items if i.judge != "none")

    def keys_of(self, part: str) -> tuple[str, ...]:
        """The keys of ``part``; ValueError for a part the scenario does not have (an authoring error)."""
        if part == "all":
            return self.graded
        if not isinstance(part, str) or part not in self.parts:
            raise ValueError(f"part must be 'all' or one of {', '.join(repr(p) for p in self.parts)} "
                             f"of the {self.name} scenario, not {part!r}")
        return tuple(self.parts[part])

    def sets(self, scope: str) -> tuple[Any, ...]:
        check_scope(scope)
        return self.visible + (self.hidden if scope == "hidden" else ())


# -- assumptions -----------------------------------------------------------------------------------


class Given:
    """A named set of assumptions read as attributes (``a.daily_active_users``), for scenarios
    without a dataclass of their own. Frozen; ``table()`` shows it as the notebook does."""

    def __init__(self, name: str, **values: Any) -> None:
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_values", dict(values))

    @property
    def name(self) -> str:
        return self._name

    def __getattr__(self, key: str) -> Any:
        values = object.__getattribute__(self, "_values")
        if key in values:
            return values[key]
        raise AttributeError(f"the assumptions have no {key!r}; they are: {', '.join(values)}")

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError("assumptions are read-only")

    def __repr__(self) -> str:
        return f"Given({self._name!r}, {', '.join(f'{k}={v!r}' for k, v in self._values.items())})"

    def values(self) -> dict[str, Any]:
        return dict(self._values)

    def replace(self, **changes: Any) -> Given:
        return Given(self._name, **(self._values | changes))

    def table(self):
        """The assumptions as a two-column pandas DataFrame (for display)."""
        import pandas as pd

        from autograder.estimate.facts import _show

        rows = [(key, _show(value)) for key, value in self._values.items()]
        return pd.DataFrame(rows, columns=["assumption", "value"]).set_index("assumption")


def assumption_values(a: Any) -> dict[str, Any]:
    """The named values of an assumption set: a dataclass's fields, a :class:`Given`'s, or a mapping's."""
    if isinstance(a, Given):
        return a.values()
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return {f.name: getattr(a, f.name) for f in dataclasses.fields(a) if f.name != "name"}
    if isinstance(a, Mapping):
        return dict(a)
    raise ScenarioError(f"an assumption set must be a dataclass, a Given or a mapping, not {type(a).__name__}")


# -- references ------------------------------------------------------------------------------------

_FORMULAS: dict[str, Formula] = {}


def _formula(text: str) -> Formula:
    if text not in _FORMULAS:
        _FORMULAS[text] = Formula(text)
    return _FORMULAS[text]


def reference(scenario: Scenario, a: Any) -> dict[str, Any]:
    """Every item of ``scenario`` computed from the assumptions ``a`` (assumptions included).

    ``whole`` items hold the rounded-up count (an int); their unrounded need is under
    ``"<key>:need"``.
    """
    values = assumption_values(a)
    for item in scenario.items:
        value = plain(_formula(item.formula).evaluate(values))
        if item.judge == "whole":
            values[f"{item.key}:need"] = value
            value = max(1, math.ceil(value - 1e-9))
        elif item.judge == "yes_no":
            value = bool(value)
        elif item.judge == "shortest_length":
            value = int(value)
        values[item.key] = value
    return values


def validate(scenario: Scenario) -> None:
    """Raise :class:`ScenarioError` when the description cannot be used or scores a constant.

    Checks: every judge is known; every part names graded keys; every formula and slip parses and
    computes for every assumption set; and no scored yes/no item has the same right answer under
    every assumption set (a point that a constant earns is no point: vary it or give it weight 0).
    """
    for item in scenario.items:
        if item.judge not in JUDGES:
            raise ScenarioError(f"{scenario.name}: item {item.key!r} has judge {item.judge!r}; use one of {JUDGES}")
    for part, keys in scenario.parts.items():
        unknown = [k for k in keys if k not in scenario.graded]
        if unknown:
            raise ScenarioError(f"{scenario.name}: part {part!r} names {unknown}, which are not graded items")
    sets = scenario.visible + scenario.hidden
    if not scenario.visible:
        raise ScenarioError(f"{scenario.name}: no visible assumption set")
    answers: dict[str, set] = {}
    for a in sets:
        try:
            values = reference(scenario, a)
            for item in scenario.items:
                _slips(item, values)
                _text(item.what, values)
                _text(item.hint, values)
        except (ValueError, TypeError, KeyError, ArithmeticError, AttributeError) as error:
            raise ScenarioError(f"{scenario.name}: {type(error).__name__}: {error}") from None
        for item in scenario.items:
            if item.judge == "yes_no":
                answers.setdefault(item.key, set()).add(values[item.key])
    for key, seen in answers.items():
        if len(seen) == 1 and scenario.item(key).weight > 0:
            raise ScenarioError(f"{scenario.name}: {key!r} is {seen.pop()} under every assumption set, so a constant "
                                "earns its points: add a set where it differs, or give it weight 0")


class _Values(dict):
    """Template fields: unknown names stay visible instead of raising (a safety net for authors)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _text(template: str, values: Mapping[str, Any]) -> str:
    return template.format_map(_Values(values)) if template else ""


def _slips(item: Item, values: Mapping[str, Any]) -> tuple[Slip, ...]:
    ref = values[item.key]
    out = []
    for rule in item.slips:
        if rule.factor:
            factor = float(plain(_formula(rule.factor).evaluate(values)))
        else:
            wrong = plain(_formula(rule.value).evaluate(values))
            if item.judge == "whole":
                wrong = max(1, math.ceil(wrong - 1e-9))
            factor = float(plain(wrong / ref))
        if factor > 0 and math.isfinite(factor) and not math.isclose(factor, 1.0, rel_tol=1e-9):
            out.append(Slip(factor, _text(rule.message, values)))
    return tuple(out)


def _expected(item: Item, values: Mapping[str, Any], label: str) -> Expected:
    low, high = 1 - item.tolerance, 1 + item.tolerance
    value = values[item.key]
    return Expected(item.key, _text(item.what, values), value, item.unit, low=low, high=high,
                    band=f"within {item.tolerance:.0%}", slips=_slips(item, values),
                    hint=_text(item.hint, values), weight=item.weight, scenario=label)


# -- judges ----------------------------------------------------------------------------------------


def _whole_number(value: Any) -> float | None:
    """A count's magnitude when the answer is a plain number or a dimensionless quantity, else None."""
    if is_boolean(value):
        return None
    if isinstance(value, ureg.Quantity) and value.dimensionless:
        value = value.to("dimensionless").magnitude
    if hasattr(value, "shape") and hasattr(value, "item") and getattr(value, "size", 0) == 1:
        value = value.item()
    if isinstance(value, numbers.Real):
        try:
            number = float(value)
        except (OverflowError, ValueError, TypeError):
            return None
        return number if math.isfinite(number) else None
    return None


def _whole_band(item: Item, values: Mapping[str, Any]) -> tuple[float, int, int, int]:
    """(unrounded need, rounded-up count, lowest and highest accepted counts) of a ``whole`` item."""
    need = float(values[f"{item.key}:need"])
    rounded = int(values[item.key])
    lowest = max(1, math.ceil((1 - item.tolerance) * need - 1e-9))
    highest = max(rounded, math.floor(item.headroom * rounded + 1e-9))
    return need, rounded, lowest, highest


def _whole_expected(item: Item, values: Mapping[str, Any], label: str) -> Expected:
    _need, rounded, lowest, highest = _whole_band(item, values)
    # Answers reaching the band are whole (checked first): a quarter either side keeps float noise out.
    return Expected(item.key, _text(item.what, values), rounded, None, low=(lowest - 0.25) / rounded,
                    high=(highest + 0.25) / rounded, band=f"a whole number from {lowest} to {highest}",
                    slips=_slips(item, values), hint=_text(item.hint, values), weight=item.weight,
                    scenario=label)


def expectations(scenario: Scenario, a: Any, label: str = "") -> dict[str, Expected]:
    """How each amount, probability and whole count of ``scenario`` is judged for the assumptions ``a``."""
    values = reference(scenario, a)
    out = {}
    for item in scenario.items:
        if item.judge in ("amount", "probability"):
            out[item.key] = _expected(item, values, label)
        elif item.judge == "whole":
            out[item.key] = _whole_expected(item, values, label)
    return out


def _judge_whole(answer: Any, item: Item, values: Mapping[str, Any], label: str) -> Finding:
    need, rounded, lowest, _highest = _whole_band(item, values)
    expected = _whole_expected(item, values, label)
    number = _whole_number(answer)
    if number is not None and number > 0 and abs(number - round(number)) > 1e-6 * max(1.0, number):
        whole = math.ceil(number)
        return Finding(expected.check, False,
                       f"{number:.3g} is not a whole number: round up to {whole} (a fraction of a server or a "
                       f"worker still needs a whole one; `math.ceil`). Reference: {rounded} "
                       f"(the unrounded need is {need:.3g}).", item.weight)
    finding = check_value(answer, expected)
    if finding.passed or number is None or number <= 0:
        return finding
    if number < lowest and round(number) in (math.floor(need), round(need)) and math.floor(need) < lowest:
        return Finding(expected.check, False,
                       f"{number:.0f} is rounded down from the need of {need:.3g}: round up, to {rounded} "
                       "(`math.ceil`); a part of one more is still one more.", item.weight)
    return finding


def _judge_shortest_length(answer: Any, item: Item, values: Mapping[str, Any], label: str) -> Finding:
    count_formula, alphabet_formula = item.inputs
    codes = float(plain(_formula(count_formula).evaluate(values)))
    alphabet = int(plain(_formula(alphabet_formula).evaluate(values)))
    length = int(values[item.key])
    accepted = {_shortest(codes * (1 - item.tolerance), alphabet), _shortest(codes * (1 + item.tolerance), alphabet)}
    check = Expected(item.key, _text(item.what, values), length, None, scenario=label).check
    name = item.key
    number = _whole_number(answer)
    if number is None:
        if isinstance(answer, Missing):
            return Finding(check, False, answer.message(), item.weight)
        return Finding(check, False, f"`{name}` should be a whole number of characters (an int), "
                                     f"got {type(answer).__name__} ({short(answer, 40)}).", item.weight)
    if number <= 0:
        return Finding(check, False, f"`{name}` is {number:g}: it must be a whole number of characters, at least 1.",
                       item.weight)
    if number != int(number):
        return Finding(check, False, f"`{name}` is {number:g}: a code has a whole number of characters - "
                                     "round the length up.", item.weight)
    chars = int(number)
    if chars > 4 * length + 20:  # far too long; also keeps alphabet ** chars small enough to compute
        shown = f"{chars:,}" if chars < 10**9 else f"{float(chars):.3g}"
        return Finding(check, False, f"{shown} characters is far longer than needed: find the smallest length L "
                                     f"with {alphabet}^L >= the {codes:.3g} codes issued.", item.weight)
    space = alphabet**chars
    if chars in accepted:
        return Finding(check, True, f"{chars} characters: {alphabet}^{chars} = {space:.3g} codes hold the "
                                    f"{codes:.3g} needed, and {alphabet}^{chars - 1} = {alphabet ** (chars - 1):.3g} "
                                    "would not.", item.weight)
    if chars < length:
        return Finding(check, False, f"{chars} characters give {alphabet}^{chars} = {space:.3g} codes, fewer than the "
                                     f"{codes:.3g} issued over the retention period: make it longer. "
                                     f"(Alphabet: {alphabet} characters; check you used the right alphabet size.)",
                       item.weight)
    return Finding(check, False, f"{chars} characters work ({space:.3g} codes) but a shorter code also holds the "
                                 f"{codes:.3g} codes needed: find the smallest length L with {alphabet}^L >= codes.",
                   item.weight)


def _shortest(codes: float, alphabet: int) -> int:
    from autograder.estimate.calc import short_code_length

    return short_code_length(codes, alphabet)


def _judge_probability(answer: Any, item: Item, values: Mapping[str, Any], label: str) -> Finding:
    expected = _expected(item, values, label)
    number = _whole_number(answer) if not isinstance(answer, ureg.Quantity) else None
    if number is not None and number > 1:
        return Finding(expected.check, False, f"{number:g} is more than 1: a probability is a fraction from 0 to 1. "
                                              f"If you meant {number:g}%, write {number / 100:g} or "
                                              f"`{number:g} * u.percent`.", item.weight)
    return check_value(answer, expected)


def _judge_yes_no(answer: Any, item: Item, values: Mapping[str, Any], label: str) -> Finding:
    right = bool(values[item.key])
    check = Expected(item.key, _text(item.what, values), 1, None, scenario=label).check
    why = _text(item.explain.get(right, ""), values)
    if isinstance(answer, Missing):
        return Finding(check, False, answer.message(), item.weight)
    if answer is Ellipsis:
        return Finding(check, False, f"`{item.key}` is not written yet: set it to True or False.", item.weight)
    if not is_boolean(answer):
        return Finding(check, False, f"`{item.key}` should be True or False, got {short(answer, 40)}.", item.weight)
    if bool(answer) == right:
        return Finding(check, True, f"{right}: {why}" if why else f"{right}: right.", item.weight)
    return Finding(check, False, f"{bool(answer)} is not right here. {why}".strip(), item.weight)


def _judge(answer: Any, item: Item, values: Mapping[str, Any], label: str) -> Finding:
    if item.judge == "whole":
        return _judge_whole(answer, item, values, label)
    if item.judge == "shortest_length":
        return _judge_shortest_length(answer, item, values, label)
    if item.judge == "probability":
        return _judge_probability(answer, item, values, label)
    if item.judge == "yes_no":
        return _judge_yes_no(answer, item, values, label)
    return check_value(answer, _expected(item, values, label))


# -- the checkers ----------------------------------------------------------------------------------


def _scenario(scenario: Scenario | str) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    from autograder.estimate.scenarios import get_scenario

    return get_scenario(scenario)


def _title(scenario: Scenario, part: str) -> str:
    if part == "all":
        return scenario.title
    return f"{scenario.title}: {scenario.part_titles.get(part, part).lower()}"


def _check_name(key: str, label: str) -> str:
    return f"`{key}`" + (f" [{label}]" if label else "")


def _labelled(scenario: Scenario, scope: str) -> list[tuple[str, Any]]:
    sets = scenario.sets(scope)
    if len(sets) == 1:
        return [("", sets[0])]
    return [(scenario.labels[min(i, len(scenario.labels) - 1)], a) for i, a in enumerate(sets)]


def check_estimate(estimate: Any, scenario: Scenario | str = "shortener", *, part: str = "all",
                   scope: str = "visible") -> Report:
    """Judge the learner's estimate function against a scenario.

    Answer format: ``estimate`` is a function of one argument, the assumption set (read its
    fields as attributes: ``a.new_urls``), returning a dict with the scenario's keys (its
    items' ``key``; the notebook lists them with their units). Values are pint quantities in any
    unit of the right dimension, or plain numbers (numpy ones too) read in the item's unit;
    counts are whole numbers; yes/no answers are ``True``/``False``.

    ``part`` selects the keys one check cell grades (a key of the scenario's ``parts``, or
    ``"all"``); an unknown part raises ValueError. ``scope="visible"`` calls ``estimate`` with the
    visible assumption sets; ``"hidden"`` adds the hidden ones (one finding per key and set,
    each weighing the same). An unknown scope raises ValueError. The learner's function runs under
    the time guard: an exception or an endless loop is a failing finding for every key of that set.
    """
    check_scope(scope)
    chosen = _scenario(scenario)
    keys = chosen.keys_of(part)
    title = _title(chosen, part)
    refused = unusable_callables(title, **{chosen.answer: estimate})
    if refused is not None:
        return refused
    report = Report(title)
    call = f"{chosen.answer}({chosen.argument})"
    for label, a in _labelled(chosen, scope):
        result, problem = _run(estimate, a, call, chosen)
        if problem is not None:
            report.extend(Finding(_check_name(k, label), False, problem, chosen.item(k).weight) for k in keys)
            continue
        report.extend(_judge_all(result or {}, keys, chosen, a, label, f"the dict `{call}` returns"))
    return report


def check_answers(answers: Mapping[str, Any], scenario: Scenario | str, *, part: str = "all",
                  scope: str = "visible", name: str = "answers") -> Report:
    """Judge values the learner wrote (``{"paste_write_qps": ..., ...}``) against a scenario.

    The scenario's first visible assumption set is the one the exercise states; answers written as
    values cannot be recomputed for other assumptions, so ``scope="hidden"`` adds nothing (it is
    still checked: an unknown scope raises ValueError). Each key is judged as in
    :func:`check_estimate`; a missing (``Missing``), unwritten (``...``) or ``None`` answer fails
    with a message that says what to write; so does ``answers`` itself when it is not a dict (its
    variable's ``name`` is what the message calls it).
    """
    check_scope(scope)
    chosen = _scenario(scenario)
    keys = chosen.keys_of(part)
    if not isinstance(answers, Mapping):
        answers = plain_data(answers)  # what the re-check sees
    bad = unusable(_title(chosen, part), name, answers,
                   expected=f"a dict with the keys {', '.join(repr(k) for k in keys)}", accepts=Mapping)
    if bad is not None:
        return bad
    report = Report(_title(chosen, part))
    plain = {name: plain_data(value) for name, value in dict(answers).items()}
    report.extend(_judge_all(plain, keys, chosen, chosen.visible[0], "", None))
    return report


def _run(estimate: Any, a: Any, call: str, scenario: Scenario) -> tuple[dict | None, str | None]:
    """The learner's returned dict (copied inside the guard), or the message saying why there is none."""
    session = Session(per_check=scenario.budget, total=scenario.budget)
    box: list[Any] = []

    def body() -> None:
        result = session.call(call, estimate, a)
        if isinstance(result, Mapping):
            result = session.call(f"reading the dict {call} returned", lambda: {k: result[k] for k in result})
        box.append(result)

    problem = session.run(body, hint_on_timeout="Does a loop in it never end?")
    if problem is not None:
        if problem.startswith(f"{call} raised NotImplementedError"):
            return None, (f"`{call}` is not written yet (it raises NotImplementedError): replace that line "
                          "with your estimate, run the cell, then run this check again.")
        return None, f"{problem} Fix it and run this check again."
    result = box[0] if box else None
    if result is Ellipsis:
        return None, f"`{call}` is not written yet (it returns `...`): compute the values and return the dict."
    if not isinstance(result, dict):
        return None, (f"`{call}` should return a dict with the keys {', '.join(scenario.graded)}; "
                      f"it returned {type(result).__name__} ({short(result, 40)}).")
    return result, None


def _judge_all(result: dict, keys: tuple[str, ...], scenario: Scenario, a: Any, label: str,
               where: str | None) -> list[Finding]:
    values = reference(scenario, a)
    findings = []
    for key in keys:
        item = scenario.item(key)
        if key not in result:
            names = {str(k).lower(): str(k) for k in result}
            close = difflib.get_close_matches(key.lower(), list(names), n=1, cutoff=0.7)
            hint = f" (you have {names[close[0]]!r}: rename it)" if close else ""
            message = (f"{where} has no key {key!r}{hint}." if where is not None
                       else Missing(key).message())
            findings.append(Finding(_check_name(key, label), False, message, item.weight))
            continue
        try:
            findings.append(_judge(result[key], item, values, label))
        except _Unusable as problem:  # pragma: no cover - judges turn these into findings themselves
            findings.append(Finding(_check_name(key, label), False, str(problem), item.weight))
    return findings


def describe_band(item: Item) -> str:
    """The accepted band of an item in words (for notebook text)."""
    if item.judge == "whole":
        return (f"a whole number, rounded up, from {1 - item.tolerance:.0%} of the unrounded need up to "
                f"{item.headroom:g} times the rounded-up count")
    if item.judge == "shortest_length":
        return "exactly the shortest length"
    if item.judge == "yes_no":
        return "True or False, whichever is right"
    return f"within {item.tolerance:.0%}"


def shown(value: Any, unit: str | None) -> str:
    """A reference value as the explorer and notebooks show it."""
    if isinstance(value, ureg.Quantity):
        return f"{_fmt(float(value.to(unit).magnitude))} {unit}" if unit else f"{value:.3g~P}"
    return _fmt(float(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)

