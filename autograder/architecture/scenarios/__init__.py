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

import importlib
import pkgutil
from collections.abc import Iterator, Mapping

from autograder.architecture.scenario import Scenario

__all__ = ["SCENARIOS", "get_scenario"]

_ELSEWHERE: dict[str, tuple[str, str]] = {
    "shortener": ("autograder.architecture.scenario", "SHORTENER"),
    "newsfeed": ("autograder.architecture.newsfeed", "NEWSFEED"),
}
"""Name -> (module, attribute) of the scenarios defined outside this package."""


def _where() -> dict[str, tuple[str, str]]:
    """Name -> (module, attribute) of every scenario: those above, then this package's modules, sorted."""
    found = {m.name: (f"{__name__}.{m.name}", "SCENARIO")
             for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name) if not m.name.startswith("_")}
    clash = sorted(set(found) & set(_ELSEWHERE))
    if clash:
        raise ValueError(f"architecture scenarios {clash} are defined twice: in {__name__} and elsewhere")
    return _ELSEWHERE | found


class _Scenarios(Mapping[str, Scenario]):
    """Every architecture scenario by name, each imported on first use."""

    def __getitem__(self, name: str) -> Scenario:
        module, attribute = _where()[name]
        scenario = getattr(importlib.import_module(module), attribute)
        if not isinstance(scenario, Scenario):
            raise ValueError(f"{attribute} in {module} is a {type(scenario).__name__}, not an architecture Scenario")
        return scenario

    def __iter__(self) -> Iterator[str]:
        return iter(_where())

    def __len__(self) -> int:
        return len(_where())


SCENARIOS: Mapping[str, Scenario] = _Scenarios()
"""Every architecture scenario by name (``"shortener"``, ``"newsfeed"``, and this package's modules)."""


def get_scenario(name: str) -> Scenario:
    """The architecture scenario called ``name`` (for :func:`~autograder.architecture.check_design`);
    ValueError for a name no scenario has (an authoring error)."""
    where = _where()
    if not isinstance(name, str) or name not in where:
        raise ValueError(f"architecture scenario must be one of {', '.join(map(repr, where))}, not {name!r}")
    return SCENARIOS[name]
