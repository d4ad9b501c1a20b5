"""The estimate scenarios, each a description in data (see ``README.md`` in this folder).

``SCENARIOS`` maps a name to its :class:`~autograder.estimate.scenario.Scenario`;
:func:`get_scenario` looks one up (an unknown name raises ValueError: an authoring error).

Each description is imported only when first asked for: the grading kernel of module 4 cannot
read the shortener's and the Pastebin's (they are the answer key, see
:mod:`autograder.grading.keys`), and the rest of the package must still import there.

The scenarios are found, not listed: every module of this package whose name does not start with
``_`` is one, named after its module, and holds it as ``<NAME>_SCENARIO`` (``chat.py`` defines
``CHAT_SCENARIO``, named ``"chat"``). Finding them reads the folder only; nothing is imported.
"""

from __future__ import annotations

from collections.abc import Mapping

from autograder._discovery import LazyScenarios, scenario_modules
from autograder.estimate.scenario import Scenario

__all__ = ["SCENARIOS", "get_scenario"]


def _where() -> dict[str, tuple[str, str]]:
    """Name -> (module, attribute) of every scenario module in this package (its ``__path__``), sorted."""
    return {name: (f"{__name__}.{name}", f"{name.upper()}_SCENARIO") for name in scenario_modules(__path__)}


def _checked(name: str, module: str, attribute: str, scenario: object) -> Scenario:
    if not isinstance(scenario, Scenario) or scenario.name != name:
        raise ValueError(f"scenario {attribute} in {module} is named {getattr(scenario, 'name', None)!r}, "
                         f"registered as {name!r}")
    return scenario


SCENARIOS: Mapping[str, Scenario] = LazyScenarios(_where, _checked)
"""Every registered scenario by name."""


def get_scenario(name: str) -> Scenario:
    """The scenario called ``name``; ValueError for a name no scenario has."""
    where = _where()
    if not isinstance(name, str) or name not in where:
        raise ValueError(f"scenario must be one of {', '.join(repr(n) for n in where)}, not {name!r}")
    return SCENARIOS[name]
