"""Answers as plain data: the bridge between a learner's kernel and a fresh re-check.

Inside the grading kernel, right before a re-checked test cell runs, the grader calls
:func:`dump` to write the answer variables that cell reads (``answer("name")``) as tagged
JSON. The re-check (:mod:`autograder.grading.recheck`) decodes them in a fresh interpreter
with :func:`decode`: only data comes back - numbers, strings, lists, dicts, tuples, sets,
bytes, ``...`` and dataclasses defined in the ``autograder`` package - never code, so nothing the
learner wrote runs there. A value that is not data decodes as :class:`Unsupported`, which
the course's checkers reject like any other wrong type.

Only the standard library is imported here: this module runs inside the learner's kernel.
"""

from __future__ import annotations

import dataclasses
import json
import math

__all__ = ["Unsupported", "decode", "dump", "encode"]

MAX_DEPTH = 40


class Unsupported:
    """Stands for an answer value that is not plain data (a function, an open file, ...)."""

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<not plain data: {self.type_name}>"


def encode(value, depth: int = 0, export=None):
    """``value`` as tagged JSON. Subclasses of the plain types (an ``OrderedDict``, a
    ``defaultdict``, a namedtuple, a ``str``-valued ``Enum``, an ``IntEnum``) are encoded as
    the plain value they hold, read through the base type's own methods so that an overridden
    ``__eq__``, ``__iter__`` or ``items`` cannot change what is re-checked; numpy scalars as
    the Python number or boolean they hold. Anything else is ``$unsupported``."""
    if depth > MAX_DEPTH:
        return {"$unsupported": "nested too deeply"}
    t = type(value)
    if value is None or t is bool or t is str:
        return value
    if value is Ellipsis:  # an answer cell not written yet (`name = ...`): checkers say so
        return {"$ellipsis": True}
    if t is int:
        return value if abs(value) < 2**53 else {"$int": str(value)}
    if t is float:
        return value if math.isfinite(value) else {"$float": repr(value)}
    if t is list:
        return [encode(v, depth + 1, export) for v in value]
    if t is tuple:
        return {"$tuple": [encode(v, depth + 1, export) for v in value]}
    if t in (set, frozenset):
        return {"$" + t.__name__: [encode(v, depth + 1, export) for v in value]}
    if t is bytes:
        return {"$bytes": value.hex()}
    if t.__module__ == "fractions" and t.__name__ == "Fraction":
        return {"$fraction": [encode(value.numerator, depth + 1), encode(value.denominator, depth + 1)]}
    if t.__module__ in ("decimal", "_decimal", "_pydecimal") and t.__name__ == "Decimal":
        return {"$decimal": str(value)}
    if t is dict:
        return {"$dict": [[encode(k, depth + 1, export), encode(v, depth + 1, export)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and (t.__module__ or "").split(".")[0] == "autograder":
        fields = {f.name: encode(getattr(value, f.name), depth + 1, export) for f in dataclasses.fields(value)}
        return {"$dataclass": f"{t.__module__}:{t.__qualname__}", "fields": fields}
    plain = _plain_base(value, t)
    if plain is not _NOTHING:
        return encode(plain, depth + 1, export)
    if (t.__module__ or "").split(".")[0] == "pint" and hasattr(value, "magnitude") and hasattr(value, "units"):
        return {"$quantity": [encode(value.magnitude, depth + 1, export), str(value.units)]}
    if export is not None:
        return {"$ref": export(value)}
    return {"$unsupported": f"{t.__module__}.{t.__qualname__}"}


_NOTHING = object()


def _plain_base(value, t):
    """The plain value a subclass of a plain type (or a numpy scalar) holds, else ``_NOTHING``."""
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int.__index__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, bytes):
        return bytes.fromhex(bytes.hex(value))
    if isinstance(value, dict):
        return dict(dict.items(value))
    if isinstance(value, list):
        return list(list.__iter__(value))
    if isinstance(value, tuple):
        return tuple(tuple.__iter__(value))
    if isinstance(value, frozenset):
        return frozenset(frozenset.__iter__(value))
    if isinstance(value, set):
        return set(set.__iter__(value))
    if (t.__module__ or "") == "numpy" and getattr(value, "shape", None) == ():
        item = value.item()  # a numpy scalar: np.float64, np.int64, np.bool_
        if type(item) in (bool, int, float):
            return item
    return _NOTHING


def decode(data, remote=None):
    """The value ``data`` encodes. ``remote`` (the proxy's) turns a ``$ref`` handle into an object."""
    import importlib

    if isinstance(data, list):
        return [decode(v, remote) for v in data]
    if not isinstance(data, dict):
        return data
    if "$ref" in data and remote is not None:
        return remote(int(data["$ref"]))
    if "$quantity" in data:
        try:
            magnitude, units = data["$quantity"]
            from autograder.estimate.units import ureg

            return ureg.Quantity(decode(magnitude, remote), str(units))
        except Exception:
            return Unsupported("pint.Quantity")
    if "$ellipsis" in data:
        return Ellipsis
    if "$int" in data:
        return int(data["$int"])
    if "$float" in data:
        return float(data["$float"])
    if "$tuple" in data:
        return tuple(decode(v, remote) for v in data["$tuple"])
    if "$set" in data:
        return set(decode(v, remote) for v in data["$set"])
    if "$frozenset" in data:
        return frozenset(decode(v, remote) for v in data["$frozenset"])
    if "$bytes" in data:
        return bytes.fromhex(data["$bytes"])
    if "$fraction" in data:
        from fractions import Fraction

        try:
            numerator, denominator = (decode(v) for v in data["$fraction"])
            return Fraction(int(numerator), int(denominator))
        except (TypeError, ValueError, ZeroDivisionError):
            return Unsupported("fractions.Fraction")
    if "$decimal" in data:
        from decimal import Decimal, InvalidOperation

        try:
            return Decimal(str(data["$decimal"]))
        except (InvalidOperation, ValueError):
            return Unsupported("decimal.Decimal")
    if "$dict" in data:
        return {decode(k, remote): decode(v, remote) for k, v in data["$dict"]}
    if "$dataclass" in data:
        module_name, _, qualname = str(data["$dataclass"]).partition(":")
        if module_name.split(".")[0] != "autograder":
            return Unsupported(module_name)
        try:
            cls = importlib.import_module(module_name)
            for part in qualname.split("."):
                cls = getattr(cls, part)
            if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
                return Unsupported(qualname)
            obj = cls.__new__(cls)
            for name, value in dict(data.get("fields", {})).items():
                object.__setattr__(obj, name, decode(value, remote))
            return obj
        except Exception:
            return Unsupported(qualname)
    if "$unsupported" in data:
        return Unsupported(str(data["$unsupported"]))
    return Unsupported("dict")


def dump(path: str, names) -> None:
    """Write the caller's (the kernel's user namespace) variables ``names`` to ``path``."""
    import sys

    namespace = sys._getframe(1).f_globals
    answers = {}
    for name in names:
        if name in namespace:
            try:
                answers[name] = encode(namespace[name])
            except Exception as exc:  # a hostile __eq__ or property: not data
                answers[name] = {"$unsupported": type(exc).__name__}
    from .._fileio import atomic_write

    atomic_write(path, json.dumps(answers))
