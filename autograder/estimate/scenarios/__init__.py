"""The estimate scenarios, each a description in data (see ``README.md`` in this folder).

``SCENARIOS`` maps a name to its :class:`~autograder.estimate.scenario.Scenario`;
:func:`get_scenario` looks one up (an unknown name raises ValueError: an authoring error).

Each description is imported only when first asked for: the grading kernel of module 4 cannot
read the shortener's and the Pastebin's (they are the answer key, see
:mod:`autograder.grading.keys`), and the rest of the package must still import there.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from autograder.estimate.scenario import Scenario

__all__ = ["SCENARIOS", "get_scenario"]

_WHERE: dict[str, tuple[str, str]] = {
    "shortener": ("autograder.estimate.scenarios.shortener", "SHORTENER_SCENARIO"),
    "pastebin": ("autograder.estimate.scenarios.pastebin", "PASTEBIN_SCENARIO"),
    "newsfeed": ("autograder.estimate.scenarios.newsfeed", "NEWSFEED_SCENARIO"),
}
"""Name -> (module, attribute) of every registered scenario."""


class _Scenarios(Mapping[str, Scenario]):
    """Every registered scenario by name, each imported on first use."""

    def __getitem__(self, name: str) -> Scenario:
        module, attribute = _WHERE[name]
        scenario = getattr(importlib.import_module(module), attribute)
        if scenario.name != name:
            raise ValueError(f"scenario {attribute} in {module} is named {scenario.name!r}, registered as {name!r}")
        return scenario

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


SCENARIOS: Mapping[str, Scenario] = _Scenarios()
"""Every registered scenario by name."""


def get_scenario(name: str) -> Scenario:
    """The scenario called ``name``; ValueError for a name no scenario has."""
    if not isinstance(name, str) or name not in _WHERE:
        raise ValueError(f"scenario must be one of {', '.join(repr(n) for n in _WHERE)}, not {name!r}")
    return SCENARIOS[name]
