"""API contracts: a compact vocabulary, one checker that judges HTTP meaning for any system, OpenAPI 3.1 export.

A contract is a list of :class:`Endpoint` objects (answer format in
:mod:`autograder.api.model`). What a system's API must do is data, a
:class:`~autograder.api.scenarios.Scenario` (format and the two shipped systems in
:mod:`autograder.api.scenarios`). Public checkers, each with keyword-only
``scope="visible" | "hidden"``:

- :func:`check_contract` - any contract against any scenario (``"shortener"``, ``"news_feed"``),
  one finding per criterion; ``scope="hidden"`` adds the scenario's request sequences;
- :func:`check_shortener_contract` - the same for the URL shortener (module 2's name for it);
- :func:`check_key_service` - a key-generation service ``typing.Protocol``, by introspection;
- :func:`check_openapi` - export to OpenAPI 3.1 and validate with ``openapi-spec-validator``.

:func:`to_openapi` and :func:`to_yaml` show the contract as a real repository would hold it.
The fairness corpus of every checker is in ``tests/corpus/api/``;
``python tests/corpus/api/rates.py`` prints its rates.
"""

from autograder.api.judge import check_contract
from autograder.api.model import Endpoint, Response
from autograder.api.openapi import check_openapi, to_openapi, to_yaml
from autograder.api.scenarios import SCENARIOS, Scenario
from autograder.api.service import check_key_service
from autograder.api.shortener import check_shortener_contract

__all__ = [
    "SCENARIOS",
    "Endpoint",
    "Response",
    "Scenario",
    "check_contract",
    "check_key_service",
    "check_openapi",
    "check_shortener_contract",
    "to_openapi",
    "to_yaml",
]
