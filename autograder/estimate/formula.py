"""A small, safe expression language for the reference formulas of an estimate scenario.

A formula is one Python *expression* (never a statement) over named values, written as text
in a scenario description::

    "new_urls * retention * row_size"          # a product of quantities with units
    "ceil(peak_read_qps / server_throughput)"  # a whole count, rounded up
    "shortest_length(codes, alphabet)"         # smallest L with alphabet ** L >= codes
    "code_scheme in ('random', 'hash')"        # a yes/no answer

What a formula may use, and nothing else:

- numbers and strings, tuples of them;
- names: the scenario's assumptions, the items computed before it, and unit names written
  ``u.day``, ``u.TB``, ``u.Mbit`` (the course's registry, :mod:`autograder.estimate.units`);
- ``+ - * / **``, unary ``-`` and ``not``, comparisons (``< <= > >= == !=``, ``in``, ``not in``),
  ``and`` / ``or``, and ``x if condition else y``;
- the functions of :data:`FUNCTIONS`: ``ceil``, ``floor``, ``log``, ``min``, ``max``, ``to``,
  ``count``, ``shortest_length``, ``birthday``.

Anything else (attribute access other than ``u.<unit>``, subscripts, lambdas, calls of other
names) is refused when the scenario is loaded, with the formula and the reason named, so a
typo in a scenario fails its tests at once instead of at grading time.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from typing import Any

from autograder.estimate import calc
from autograder.estimate.units import Quantity, ureg

__all__ = ["FUNCTIONS", "Formula", "FormulaError", "plain"]


class FormulaError(ValueError):
    """A formula that the language does not allow, or that names an unknown value (an authoring error)."""


def plain(value: Any) -> Any:
    """A dimensionless quantity as its bare magnitude; anything else unchanged."""
    if isinstance(value, ureg.Quantity):
        if value.dimensionless:
            magnitude = value.to("dimensionless").magnitude
            return magnitude.item() if hasattr(magnitude, "item") else magnitude
        return value
    return value


def _to(value: Any, unit: str) -> Any:
    return Quantity(value).to(unit)


def _ceil(value: Any) -> int:
    return math.ceil(plain(value) - 1e-9)  # a hair below a whole number is float noise, not a need


def _floor(value: Any) -> int:
    return math.floor(plain(value) + 1e-9)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "ceil": _ceil,
    "floor": _floor,
    "log": lambda value, base=math.e: math.log(plain(value), plain(base)),
    "min": lambda *values: min(values),
    "max": lambda *values: max(values),
    "to": _to,
    "count": lambda value: float(plain(value)),
    "shortest_length": lambda codes, alphabet: calc.short_code_length(plain(codes), int(plain(alphabet))),
    "birthday": lambda issued, length, alphabet: calc.any_collision_probability(
        plain(issued), int(plain(length)), int(plain(alphabet))),
}
"""Functions a formula may call. ``ceil``/``floor`` take a count (a dimensionless quantity or a
number); ``to(x, "TB")`` converts; ``count(x)`` turns a dimensionless quantity into a float;
``shortest_length(n, alphabet)`` is the smallest L with ``alphabet ** L >= n``;
``birthday(n, L, alphabet)`` the chance of any collision among ``n`` random codes."""

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: operator.truediv, ast.Pow: operator.pow}
_COMPARE = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
            ast.Eq: operator.eq, ast.NotEq: operator.ne,
            ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b}


class Formula:
    """One parsed formula; :meth:`evaluate` computes it from a mapping of names to values."""

    def __init__(self, text: str) -> None:
        self.text = text
        try:
            self._tree = ast.parse(text.strip(), mode="eval").body
        except SyntaxError as error:
            raise FormulaError(f"formula {text!r} is not an expression: {error.msg}") from None
        self.names: frozenset[str] = frozenset(self._validate(self._tree))

    def __repr__(self) -> str:
        return f"Formula({self.text!r})"

    def _validate(self, node: ast.AST) -> set[str]:
        """The names the formula reads; FormulaError for anything the language does not allow."""
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float, str)):
                raise FormulaError(f"formula {self.text!r}: constant {node.value!r} is not a number or text")
            return set()
        if isinstance(node, ast.Name):
            return set() if node.id in FUNCTIONS else {node.id}
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id == "u":
                if node.attr not in ureg:
                    raise FormulaError(f"formula {self.text!r}: unknown unit u.{node.attr}")
                return set()
            raise FormulaError(f"formula {self.text!r}: only unit names (u.day, u.TB) may use a dot")
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return self._validate(node.left) | self._validate(node.right)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
            return self._validate(node.operand)
        if isinstance(node, ast.BoolOp):
            return set().union(*(self._validate(v) for v in node.values))
        if isinstance(node, ast.Compare) and all(type(op) in _COMPARE for op in node.ops):
            return set().union(self._validate(node.left), *(self._validate(c) for c in node.comparators))
        if isinstance(node, ast.IfExp):
            return self._validate(node.test) | self._validate(node.body) | self._validate(node.orelse)
        if isinstance(node, ast.Tuple):
            return set().union(*(self._validate(e) for e in node.elts))
        if isinstance(node, ast.Call):
            if not (isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS) or node.keywords:
                raise FormulaError(f"formula {self.text!r}: only {', '.join(sorted(FUNCTIONS))} may be called, "
                                   "with positional arguments")
            return set().union(*(self._validate(a) for a in node.args))
        raise FormulaError(f"formula {self.text!r}: {type(node).__name__} is not allowed in a formula")

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        """The formula's value; FormulaError when it names a value ``values`` does not hold."""
        missing = sorted(self.names - set(values))
        if missing:
            raise FormulaError(f"formula {self.text!r} names {', '.join(missing)}, which the scenario does not define")
        return self._eval(self._tree, values)

    def _eval(self, node: ast.AST, values: Mapping[str, Any]) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return FUNCTIONS[node.id] if node.id in FUNCTIONS else values[node.id]
        if isinstance(node, ast.Attribute):
            return getattr(ureg, node.attr)
        if isinstance(node, ast.BinOp):
            return _BINARY[type(node.op)](self._eval(node.left, values), self._eval(node.right, values))
        if isinstance(node, ast.UnaryOp):
            operand = self._eval(node.operand, values)
            return -operand if isinstance(node.op, ast.USub) else not operand
        if isinstance(node, ast.BoolOp):
            result = self._eval(node.values[0], values)
            for value in node.values[1:]:
                if isinstance(node.op, ast.And) and not result:
                    return result
                if isinstance(node.op, ast.Or) and result:
                    return result
                result = self._eval(value, values)
            return result
        if isinstance(node, ast.Compare):
            left = plain(self._eval(node.left, values))
            for op, comparator in zip(node.ops, node.comparators, strict=True):
                right = plain(self._eval(comparator, values))
                if not _COMPARE[type(op)](left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.IfExp):
            chosen = node.body if self._eval(node.test, values) else node.orelse
            return self._eval(chosen, values)
        if isinstance(node, ast.Tuple):
            return tuple(self._eval(e, values) for e in node.elts)
        if isinstance(node, ast.Call):
            function = FUNCTIONS[node.func.id]  # type: ignore[attr-defined]  # validated: a Name
            return function(*(self._eval(a, values) for a in node.args))
        raise FormulaError(f"formula {self.text!r}: cannot evaluate {type(node).__name__}")  # pragma: no cover
