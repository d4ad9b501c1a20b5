"""The URL shortener contract of module 2: :func:`check_contract` with the ``"shortener"`` scenario.

The criteria, the operations (create with an optional alias and expiry, redirect, list one
user's links, delete) and the hidden request sequences are data in
:mod:`autograder.api.scenarios.shortener`; this module only gives the notebook a name that
reads well.
"""

from __future__ import annotations

from autograder.api.judge import check_contract, criteria, sequences
from autograder.api.scenarios.shortener import SHORTENER
from autograder.report import Report

__all__ = ["check_shortener_contract", "CRITERIA", "SCENARIOS"]

CRITERIA: tuple[str, ...] = tuple(criteria(SHORTENER))
"""The visible criteria, in report order (the notebook's "how it is checked" list)."""
SCENARIOS: tuple[str, ...] = tuple(sequences(SHORTENER))
"""The hidden request sequences ``scope="hidden"`` adds, in report order."""


def check_shortener_contract(contract, *, scope: str = "visible") -> Report:
    """Check a URL shortener API contract (a list of :class:`~autograder.api.Endpoint`).

    One finding per criterion of :data:`CRITERIA`; ``scope="hidden"`` adds one per request
    sequence of :data:`SCENARIOS`. Never raises on learner input; an unknown ``scope`` raises
    ValueError (an authoring mistake).
    """
    return check_contract(contract, SHORTENER, scope=scope, name="shortener_api")
