"""``rfc3987_syntax`` loaded when it is first used, not when ``jsonschema`` is imported.

``jsonschema`` (imported by ``nbformat``, hence by nbgrader, and by the OpenAPI validator that
module 2's checks use) imports ``rfc3987_syntax`` for its ``iri`` format, and that package builds
about 25 Lark parsers as it is imported: 0.85 s here, in the grader's process and in every
kernel that validates an OpenAPI document, although nothing the course checks has an ``iri``
(upstream: python-jsonschema/jsonschema#1428). :func:`install`, run by ``import autograder``
before anything imports ``jsonschema``, puts a stand-in under that name: jsonschema takes its
``is_valid_syntax``, which loads the real package on its first call and hands every call to it;
any other attribute of the stand-in loads the real package as well (its submodules import as
they would). So
validation is the same, only the moment of the import changes.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types

__all__ = ["install"]

NAME = "rfc3987_syntax"
_LOCK = threading.RLock()


class _StandIn(types.ModuleType):
    """What ``sys.modules`` holds under :data:`NAME` until the real package is loaded."""

    def __getattr__(self, attr: str):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return getattr(_real(), attr)


def _real() -> types.ModuleType:
    """The real package, imported on first use (and kept in ``sys.modules`` from then on)."""
    with _LOCK:
        current = sys.modules.get(NAME)
        if current is not None and not isinstance(current, _StandIn):
            return current
        sys.modules.pop(NAME, None)
        try:
            return importlib.import_module(NAME)
        except BaseException:
            if current is not None:
                sys.modules.setdefault(NAME, current)
            raise


def is_valid_syntax(term: str, value: str):
    """``rfc3987_syntax.is_valid_syntax``, loading that package on the first call."""
    return _real().is_valid_syntax(term, value)


def install() -> bool:
    """Put the stand-in in place; False (nothing done) once either package was imported, or when
    ``rfc3987_syntax`` is not installed (jsonschema then has no ``iri`` check either way)."""
    with _LOCK:
        if NAME in sys.modules or "jsonschema" in sys.modules:
            return False
        try:
            spec = importlib.util.find_spec(NAME)
        except (ImportError, ValueError):
            return False
        if spec is None:
            return False
        stand_in = _StandIn(NAME, __doc__)
        stand_in.is_valid_syntax = is_valid_syntax  # type: ignore[attr-defined]
        # A package's path, so that ``from rfc3987_syntax import x`` and its submodules resolve
        # without loading the package itself.
        stand_in.__path__ = list(spec.submodule_search_locations or [])
        sys.modules[NAME] = stand_in
        return True
