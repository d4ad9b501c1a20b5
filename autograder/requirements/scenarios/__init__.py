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

The scenarios are found, not listed: every module of this package whose name does not start with
``_`` is one, named after its module (``chat.py`` is ``"chat"``); ``_common`` holds shared vocabulary.
"""

from __future__ import annotations

import importlib

from autograder._discovery import scenario_modules

__all__ = ["available", "raw"]


def available() -> tuple[str, ...]:
    """The names of the scenario modules in this package (its ``__path__``), sorted; ``_common`` is not one."""
    return tuple(scenario_modules(__path__))


def raw(name: str) -> dict:
    names = available()
    if name not in names:
        raise ValueError(f"unknown requirements scenario {name!r}; the scenarios are {', '.join(names)}")
    return importlib.import_module(f"{__name__}.{name}").SCENARIO
