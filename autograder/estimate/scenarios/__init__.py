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

import importlib
import pkgutil
from collections.abc import Iterator, Mapping

from autograder.estimate.scenario import Scenario

__all__ = ["SCENARIOS", "get_scenario"]


def _where() -> dict[str, tuple[str, str]]:
    """Name -> (module, attribute) of every scenario module in this package (its ``__path__``), sorted."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return {name: (f"{__name__}.{name}", f"{name.upper()}_SCENARIO") for name in names}


class _Scenarios(Mapping[str, Scenario]):
    """Every registered scenario by name, each imported on first use."""

    def __getitem__(self, name: str) -> Scenario:
        module, attribute = _where()[name]
        scenario = getattr(importlib.import_module(module), attribute)
        if scenario.name != name:
            raise ValueError(f"scenario {attribute} in {module} is named {scenario.name!r}, registered as {name!r}")
        return scenario

    def __iter__(self) -> Iterator[str]:
        return iter(_where())

    def __len__(self) -> int:
        return len(_where())


SCENARIOS: Mapping[str, Scenario] = _Scenarios()
"""Every registered scenario by name."""


def get_scenario(name: str) -> Scenario:
    """The scenario called ``name``; ValueError for a name no scenario has."""
    where = _where()
    if not isinstance(name, str) or name not in where:
        raise ValueError(f"scenario must be one of {', '.join(repr(n) for n in where)}, not {name!r}")
    return SCENARIOS[name]
