"""Requirements scenarios (data, not code) that :func:`autograder.requirements.check_requirements` judges.

Each module defines ``SCENARIO``, a plain dict:

``name``, ``title``, ``prompt``
    Identifiers and the vague prompt the candidate is given.
``areas``
    ``{area: {"title", "required": bool, "keywords": [...], "accepts": [dimension, ...],
    "percentile": bool, "example": "..."}}``: the non-functional areas the checker recognises,
    which must be covered, the words that name them and the dimension(s) they are measured in
    (:data:`autograder.requirements.quantities.DIMENSIONS`, plus ``"model"`` for a named
    consistency model and ``"mix"`` for a read/write ratio or a read rate and a write rate).
``consistency_models``
    ``{model: [words]}``, with ``"strong"`` and ``"eventual"`` among them.
``mix_words``
    ``{"read": [...], "write": [...], "read_heavy": [...], "write_heavy": [...]}``.
``features``
    ``{feature: {"words": [...], "core": bool}}``: what functional requirements and the out-of-scope
    list talk about; ``core`` features must be in the functional requirements.
``rules``
    Thresholds of the contradiction and plausibility checks, each with its source.
``interviewer``
    The interviewer's answers: the stated assumptions the rest of the round uses.
"""

from __future__ import annotations

import importlib

__all__ = ["available", "raw"]

_NAMES = ("newsfeed", "chat")


def available() -> tuple[str, ...]:
    return _NAMES


def raw(name: str) -> dict:
    if name not in _NAMES:
        raise ValueError(f"unknown requirements scenario {name!r}; the scenarios are {', '.join(_NAMES)}")
    return importlib.import_module(f"autograder.requirements.scenarios.{name}").SCENARIO
