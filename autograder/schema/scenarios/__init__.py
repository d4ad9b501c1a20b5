"""Scenario descriptions (data, not code) that :func:`autograder.schema.check_schema` judges.

Each module defines ``SCENARIO``, a plain dict in the format documented in
:mod:`autograder.schema._scenario`. ``load("shortener")`` returns the parsed scenario.
"""

from __future__ import annotations

import importlib

__all__ = ["available", "raw"]

_NAMES = ("shortener", "newsfeed")


def available() -> tuple[str, ...]:
    return _NAMES


def raw(name: str) -> dict:
    if name not in _NAMES:
        raise ValueError(f"unknown scenario {name!r}; the scenarios are {', '.join(_NAMES)}")
    return importlib.import_module(f"autograder.schema.scenarios.{name}").SCENARIO
