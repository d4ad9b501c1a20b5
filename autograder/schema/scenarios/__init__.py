"""Scenario descriptions (data, not code) that :func:`autograder.schema.check_schema` judges.

Each module defines ``SCENARIO``, a plain dict in the format documented in
:mod:`autograder.schema._scenario`. ``load("shortener")`` returns the parsed scenario.

The scenarios are found, not listed: every module of this package whose name does not start with
``_`` is one, named after its module (``chat.py`` is ``"chat"``). Adding a system is adding a file.
"""

from __future__ import annotations

import importlib

from autograder._discovery import scenario_modules

__all__ = ["available", "raw"]


def available() -> tuple[str, ...]:
    """The names of the scenario modules in this package (its ``__path__``), sorted."""
    return tuple(scenario_modules(__path__))


def raw(name: str) -> dict:
    names = available()
    if name not in names:
        raise ValueError(f"unknown scenario {name!r}; the scenarios are {', '.join(names)}")
    return importlib.import_module(f"{__name__}.{name}").SCENARIO
