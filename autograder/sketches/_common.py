"""Small helpers the sketch checkers share."""

from __future__ import annotations

from autograder.report import Missing, Report

__all__ = ["SCENARIOS", "check_scenarios", "unusable_callables"]

SCENARIOS = ("examples", "hidden")


def check_scenarios(scenarios: str) -> None:
    """Author input, not learner input: a wrong value is a bug in the notebook."""
    if scenarios not in SCENARIOS:
        raise ValueError(f"scenarios must be one of {SCENARIOS}, got {scenarios!r}")


def unusable_callables(title: str, **named) -> Report | None:
    """A failing report when an answer is missing or not callable, else None."""
    for name, value in named.items():
        if isinstance(value, Missing):
            return Report.unusable(title, f"`{name}` is defined", value.message())
        if value is None:
            return Report.unusable(
                title,
                f"`{name}` is defined",
                f"`{name}` is None: did the cell that defines it finish with `{name} = None` "
                "or a function that returns nothing? Define it as the exercise asks and run the cell.",
            )
        if not callable(value):
            return Report.unusable(
                title,
                f"`{name}` is callable",
                f"`{name}` is a {type(value).__name__}, not a function or class: define it with "
                f"`def` or `class` as the exercise shows.",
            )
    return None
