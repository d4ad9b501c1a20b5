"""The estimate scenarios, each a description in data (see ``README.md`` in this folder).

``SCENARIOS`` maps a name to its :class:`~autograder.estimate.scenario.Scenario`;
:func:`get_scenario` looks one up (an unknown name raises ValueError: an authoring error).
"""

from __future__ import annotations

from autograder.estimate.scenario import Scenario
from autograder.estimate.scenarios.newsfeed import NEWSFEED_SCENARIO
from autograder.estimate.scenarios.pastebin import PASTEBIN_SCENARIO
from autograder.estimate.scenarios.shortener import SHORTENER_SCENARIO

__all__ = ["SCENARIOS", "get_scenario"]

SCENARIOS: dict[str, Scenario] = {
    s.name: s for s in (SHORTENER_SCENARIO, PASTEBIN_SCENARIO, NEWSFEED_SCENARIO)
}
"""Every registered scenario by name."""


def get_scenario(name: str) -> Scenario:
    """The scenario called ``name``; ValueError for a name no scenario has."""
    if not isinstance(name, str) or name not in SCENARIOS:
        raise ValueError(f"scenario must be one of {', '.join(repr(n) for n in SCENARIOS)}, not {name!r}")
    return SCENARIOS[name]
