"""How a scenario package finds its scenarios: every module in it whose name does not start with ``_``.

Adding a system is adding a file to each package; no code lists it (CONTRIBUTING, "Add a system").
:func:`scenario_modules` reads the folder only, without importing anything, so a package can stay
lazy (:class:`LazyScenarios`): a scenario hidden from a grading kernel (:mod:`autograder.grading.keys`)
is then never imported there unless asked for.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Generic, TypeVar

__all__ = ["LazyScenarios", "scenario_modules"]

T = TypeVar("T")


def scenario_modules(path: Iterable[str]) -> list[str]:
    """The names of the scenario modules in a package's ``__path__``, sorted."""
    return sorted(m.name for m in pkgutil.iter_modules(path) if not m.name.startswith("_"))


class LazyScenarios(Mapping[str, T], Generic[T]):
    """Scenarios by name, each imported on first use.

    ``where()`` gives name -> (module, attribute); ``check(name, module, attribute, value)`` returns
    the scenario or raises ValueError (an authoring error: the wrong type, the wrong name).
    """

    def __init__(self, where: Callable[[], dict[str, tuple[str, str]]],
                 check: Callable[[str, str, str, object], T]) -> None:
        self._where = where
        self._check = check

    def __getitem__(self, name: str) -> T:
        module, attribute = self._where()[name]
        return self._check(name, module, attribute, getattr(importlib.import_module(module), attribute))

    def __iter__(self) -> Iterator[str]:
        return iter(self._where())

    def __len__(self) -> int:
        return len(self._where())
