"""Every architecture :class:`~autograder.architecture.Scenario` by name, found rather than listed.

A system's scenario is a module of this package whose name does not start with ``_``; it defines
``SCENARIO``, a :class:`~autograder.architecture.Scenario` (usually built with
:func:`~autograder.architecture.scenario_from_dict` from the figures of the system's requirements
scenario, so the two cannot drift). It is registered under its module's name: ``chat.py`` is
``get_scenario("chat")``. Adding a system is adding a file; no code lists it.

The two systems written before this package keep their homes: ``"shortener"`` is
:data:`autograder.architecture.SHORTENER` (:mod:`autograder.architecture.scenario`) and
``"newsfeed"`` is :data:`autograder.architecture.NEWSFEED` (:mod:`autograder.architecture.newsfeed`).

Each scenario is imported on first use, like the estimate scenarios.
"""

from __future__ import annotations

from collections.abc import Mapping

from autograder._discovery import LazyScenarios, scenario_modules
from autograder.architecture.scenario import Scenario

__all__ = ["SCENARIOS", "get_scenario"]

_ELSEWHERE: dict[str, tuple[str, str]] = {
    "shortener": ("autograder.architecture.scenario", "SHORTENER"),
    "newsfeed": ("autograder.architecture.newsfeed", "NEWSFEED"),
}
"""Name -> (module, attribute) of the scenarios defined outside this package."""


def _where() -> dict[str, tuple[str, str]]:
    """Name -> (module, attribute) of every scenario: those above, then this package's modules, sorted."""
    found = {name: (f"{__name__}.{name}", "SCENARIO") for name in scenario_modules(__path__)}
    clash = sorted(set(found) & set(_ELSEWHERE))
    if clash:
        raise ValueError(f"architecture scenarios {clash} are defined twice: in {__name__} and elsewhere")
    return _ELSEWHERE | found


def _checked(name: str, module: str, attribute: str, scenario: object) -> Scenario:
    if not isinstance(scenario, Scenario):
        raise ValueError(f"{attribute} in {module} is a {type(scenario).__name__}, not an architecture Scenario")
    return scenario


SCENARIOS: Mapping[str, Scenario] = LazyScenarios(_where, _checked)
"""Every architecture scenario by name (``"shortener"``, ``"newsfeed"``, and this package's modules)."""


def get_scenario(name: str) -> Scenario:
    """The architecture scenario called ``name`` (for :func:`~autograder.architecture.check_design`);
    ValueError for a name no scenario has (an authoring error)."""
    where = _where()
    if not isinstance(name, str) or name not in where:
        raise ValueError(f"architecture scenario must be one of {', '.join(map(repr, where))}, not {name!r}")
    return SCENARIOS[name]
