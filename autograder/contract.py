"""The contract every checker keeps, in one place.

Every public ``check_*`` function of the course:

* takes its answer(s) first and the choice of data as one keyword-only argument,
  ``scope="visible" | "hidden"``: ``"visible"`` is what the learner's own check cell
  runs, ``"hidden"`` adds the grading scenarios. Anything else is an *authoring* mistake
  in a notebook and raises :class:`ValueError` at once (:func:`check_scope`), so a typo
  in a hidden test cannot silently grade only the visible data;
* never raises on a learner's answer: a missing name, ``None``, an answer not written
  yet (the release stub's ``...``) or a value of the wrong type becomes one failing
  finding that says what shape is expected (:func:`unusable`, :func:`unusable_callables`);
* calls learner code only through :func:`call` (or a :class:`~autograder.guard.Session`
  for checks that call it many times), so an exception or an endless loop is a finding
  ("``estimate(a)`` did not return within 2.0 s"), never a traceback or a hung cell,
  and nothing the learner's code prints reaches stderr.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from autograder.guard import Session, short
from autograder.report import Missing, Report

__all__ = ["NOT_WRITTEN", "SCOPES", "Called", "call", "check_scope", "is_unwritten", "plain_data", "unusable", "unusable_callables"]

SCOPES = ("visible", "hidden")
"""The two scopes of every checker: the learner's visible checks and the grading (hidden) ones."""


def check_scope(scope: object) -> str:
    """``scope`` itself when it is one of :data:`SCOPES`; else ValueError (a bug in the notebook)."""
    if not isinstance(scope, str) or scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(repr(s) for s in SCOPES)}, not {scope!r}")
    return scope


def is_unwritten(value: object) -> bool:
    """True for an answer the learner has not written: an undefined name or the stub's ``...``."""
    return isinstance(value, Missing) or value is Ellipsis


NOT_WRITTEN = ("not written yet: replace the `...` in the answer cell with your answer, run that cell, "
               "then run this check again.")
"""The message for an answer still as the release left it (``...``), when the checker does not know its name."""


def _not_written(name: str) -> str:
    return (f"`{name}` is not written yet: replace the `...` in the cell above with your answer, "
            "run that cell, then run this check again.")


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


def _absent(title: str, name: str, value: object, if_none: str) -> Report | None:
    """The one-finding report of an answer that is not there: missing, not written (``...``) or None."""
    if isinstance(value, Missing):
        return Report.unusable(title, f"`{name}` is defined", value.message())
    if value is Ellipsis:
        return Report.unusable(title, f"`{name}` is written", _not_written(name))
    if value is None:
        return Report.unusable(title, f"`{name}` is defined", if_none)
    return None


def unusable(title: str, name: str, value: object, *, expected: str,
             accepts: Callable[[Any], bool] | type | tuple[type, ...],
             shown: tuple[str, str] | None = None) -> Report | None:
    """A one-finding failing report when ``value`` cannot be checked at all, else None.

    ``expected`` says in words what shape the answer has ("a dict from prompt name to a
    (round, focus) pair"); ``accepts`` is the type(s) or a predicate a usable answer passes.
    ``shown``: (type name, short text) of a value that is elsewhere (in the learner's kernel,
    :mod:`autograder.grading.facts`) and was found unusable there.
    """
    from autograder.grading.snapshot import Unsupported

    absent = _absent(title, name, value, (
        f"`{name}` is None: the cell that defines it ended with `{name} = None` or a function "
        f"that returns nothing. It should be {expected}."))
    if absent is not None:
        return absent
    if isinstance(value, Unsupported):
        return Report.unusable(
            title, f"`{name}` is plain data",
            f"`{name}` is {_a(value.type_name)}, which is not plain data; it should be {expected}, "
            "built from dicts, lists, tuples, strings and numbers.")
    ok = shown is None and (accepts(value) if callable(accepts) and not isinstance(accepts, type)
                            else isinstance(value, accepts))
    if not ok:
        type_name, text = shown or (type(value).__name__, short(value, 60))
        return Report.unusable(
            title, f"`{name}` has the expected shape", f"`{name}` is {_a(type_name)} ({text}); it should be {expected}.")
    return None


def unusable_callables(title: str, **named: object) -> Report | None:
    """A failing report when an answer that should be a function or class is missing or not callable."""
    for name, value in named.items():
        absent = _absent(title, name, value, (
            f"`{name}` is None: did the cell that defines it finish with `{name} = None` "
            "or a function that returns nothing? Define it as the exercise asks and run the cell."))
        if absent is not None:
            return absent
        if not callable(value):
            return Report.unusable(
                title, f"`{name}` is callable",
                f"`{name}` is {_a(type(value).__name__)}, not a function or class: define it with "
                "`def` or `class` as the exercise shows.")
    return None


@dataclass(frozen=True)
class Called:
    """What one guarded call into learner code gave: its value, or why there is none."""

    value: Any = None
    problem: str | None = None
    """None when the call returned; else a sentence for the learner (raised, timed out)."""

    @property
    def ok(self) -> bool:
        return self.problem is None


def call(description: str, function: Callable[..., Any], *args: Any, budget: float = 2.0,
         hint_on_timeout: str = "", **kwargs: Any) -> Called:
    """Call learner code once under a processor-time budget, quietly; never raises.

    ``description`` names the call the way the learner wrote it (``"estimate(a)"``): it
    starts the message when the call raises or does not return in time.
    """
    session = Session(per_check=budget, total=budget)
    box: list[Any] = []

    def body() -> None:
        box.append(session.call(description, function, *args, **kwargs))

    problem = session.run(body, hint_on_timeout=hint_on_timeout)
    if problem is not None or not box:
        return Called(problem=problem or f"{description} did not return")
    return Called(value=box[0])


def plain_data(value: object) -> Any:
    """``value`` exactly as the grader's re-check outside the kernel will see it.

    A checker whose test cell is re-checked at grading (``# autograder: recheck``) judges
    this instead of the raw value, so the learner's kernel and the re-check always judge the
    same data: subclasses of the plain types become the plain value they hold (an
    ``OrderedDict`` a dict, a namedtuple a tuple), numpy scalars Python numbers, and anything
    that is not data becomes :class:`~autograder.grading.snapshot.Unsupported`, which
    :func:`unusable` explains. Values that are not containers of data (a function, a class, an
    answer not written yet) come back unchanged.
    """
    from autograder.grading.snapshot import Unsupported, decode, encode

    if isinstance(value, Missing) or value is Ellipsis or value is None or callable(value):
        return value
    try:
        decoded = decode(encode(value))
    except Exception:  # a hostile object whose methods raise: not data
        return Unsupported(type(value).__name__)
    return decoded
