"""API contracts: a compact vocabulary, checkers that judge HTTP meaning, OpenAPI 3.1 export.

A contract is a list of :class:`Endpoint` objects (answer format in
:mod:`autograder.api.model`). Public checkers:

- :func:`check_shortener_contract` - the URL shortener API, one finding per criterion;
- :func:`check_key_service` - a key-generation service ``typing.Protocol``, by introspection;
- :func:`check_openapi` - export to OpenAPI 3.1 and validate with ``openapi-spec-validator``.

:func:`to_openapi` and :func:`to_yaml` show the contract as a real repository would hold it.
"""

from autograder.api.model import Endpoint, Response
from autograder.api.openapi import check_openapi, to_openapi, to_yaml
from autograder.api.service import check_key_service
from autograder.api.shortener import check_shortener_contract

__all__ = [
    "Endpoint",
    "Response",
    "check_key_service",
    "check_openapi",
    "check_shortener_contract",
    "to_openapi",
    "to_yaml",
]
