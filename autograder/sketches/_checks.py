"""How a sketch checker runs its checks, for both scopes (see :mod:`autograder.contract`).

A checker lists its *visible* checks (what the learner's own check cell runs) and the
*hidden* checks grading adds. ``scope="hidden"`` runs the visible checks first, exactly
as the learner saw them and with the same weights, then the hidden ones: a learner whose
visible report is all green loses points only on hidden findings. The score is the
weighted share of findings passed, so with ``scope="hidden"`` a check of weight ``w``
is worth ``w / (visible weights + hidden weights)`` of the cell's points.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from autograder.contract import check_scope
from autograder.guard import Session
from autograder.report import Report

__all__ = ["Check", "run_checks", "weights"]


@dataclass(frozen=True)
class Check:
    """One line of a sketch's report."""

    name: str
    """What is checked, as the report and the notebook's table say it."""
    weight: float
    """Its share of the cell's points, relative to the other checks of the same scope."""
    body: Callable[..., None]
    """``body(session, *answers)``: returns when the check holds, else ``session.fail(...)``."""
    passed: str
    """The report's message when it holds."""


def weights(checks: Sequence[Check]) -> float:
    return sum(check.weight for check in checks)


def run_checks(title: str, scope: str, answers: tuple[Any, ...], visible: Sequence[Check],
               hidden: Sequence[Check], *, per_check: float, total: float, hint: str) -> Report:
    """The report of ``visible`` (and, for ``scope="hidden"``, ``hidden``) checks of ``answers``."""
    check_scope(scope)
    checks = list(visible) + (list(hidden) if scope == "hidden" else [])
    report = Report(title + (" (with the grading checks)" if scope == "hidden" else ""))
    session = Session(per_check=per_check, total=total)
    for check in checks:
        message = session.run(functools.partial(check.body, session, *answers), hint_on_timeout=hint)
        report.add(check.name, message is None, message or check.passed, check.weight)
    return report
