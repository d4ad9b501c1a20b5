"""Check an internal service interface written as a ``typing.Protocol``, by introspection.

The exercise: the key-generation service of a URL shortener. Application servers
ask it for a batch of unused short codes (so two servers never hand out the same
code) and, on a graceful shutdown, give back the codes they did not use.

Answer format: a class, for example::

    class KeyService(Protocol):
        def take_batch(self, count: int) -> list[str]: ...
        def give_back(self, keys: list[str]) -> None: ...

Names are free; :func:`check_key_service` looks at what the methods take and return.
"""

from __future__ import annotations

import collections.abc as cabc
import inspect
import typing

from autograder.contract import check_scope, unusable
from autograder.report import Report

__all__ = ["check_key_service"]

_COLLECTIONS = {
    list, set, frozenset, tuple,
    cabc.Sequence, cabc.Iterable, cabc.Collection, cabc.Set, cabc.MutableSequence, cabc.Iterator,
}  # typing.List[str] and friends have these as their origin


def _base(tp):
    """The type a ``NewType`` (or a chain of them) stands for; ``tp`` itself otherwise."""
    for _ in range(10):
        supertype = getattr(tp, "__supertype__", None)
        if supertype is None:
            return tp
        tp = supertype
    return tp


def _is(tp, kind: type) -> bool:
    """``tp`` is ``kind``, a NewType of it (``Key = NewType("Key", str)``) or a subclass of it (not bool)."""
    tp = _base(tp)
    return isinstance(tp, type) and issubclass(tp, kind) and not (kind is int and issubclass(tp, bool))


def _is_str_collection(tp) -> bool:
    tp = _base(tp)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (cabc.Awaitable, cabc.Coroutine):  # tolerate explicit awaitables
        return bool(args) and _is_str_collection(args[-1])
    if origin not in _COLLECTIONS or not args:
        return False
    items = [a for a in args if a is not Ellipsis]
    return bool(items) and all(_is(a, str) for a in items)


def _methods(cls) -> dict[str, typing.Callable]:
    """Public methods of ``cls``, its own and those of the protocols it extends."""
    out: dict[str, typing.Callable] = {}
    for klass in reversed(getattr(cls, "__mro__", (cls,))):
        if klass in (object, typing.Protocol, typing.Generic) or klass.__module__ in ("typing", "abc", "builtins"):
            continue
        for name, value in vars(klass).items():
            if name.startswith("_"):
                continue
            if isinstance(value, (staticmethod, classmethod)):
                value = value.__func__
            if inspect.isfunction(value):
                out[name] = value
    return out


def _takes_keys(func, hints) -> bool:
    """It takes a collection of str keys: ``keys: list[str]``, or ``*keys: str``."""
    for p in _params(func):
        tp = hints.get(p.name)
        if p.kind == p.VAR_POSITIONAL and _is(tp, str):
            return True
        if p.kind != p.VAR_POSITIONAL and _is_str_collection(tp):
            return True
    return False


def _hints(func):
    """(type hints, problem); hints resolved the way typing does, never raising."""
    try:
        return typing.get_type_hints(func), None
    except Exception as exc:
        return {}, f"{func.__name__}: its annotations could not be read ({type(exc).__name__}: {exc})"


def _params(func):
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return []
    params = list(sig.parameters.values())
    if params and params[0].name in ("self", "cls"):
        params = params[1:]
    return params


def check_key_service(protocol, *, scope: str = "visible") -> Report:
    """Check a key-generation service interface written as a ``typing.Protocol`` class.

    Four findings: it is a Protocol; one method hands out a batch (takes an ``int``
    count, returns a collection of ``str`` such as ``list[str]``); one method gives
    unused keys back (takes a collection of ``str``, or ``*keys: str``); every public
    method annotates its parameters and its return type. ``NewType`` aliases and
    subclasses of ``str``/``int`` count as those types; methods inherited from another
    Protocol count. Both scopes check the same; an unknown ``scope`` raises ValueError.
    Never raises on learner input.
    """
    check_scope(scope)
    title = "Key-generation service interface"
    bad = unusable(title, "KeyService", protocol,
                   expected="a class such as `class KeyService(Protocol): ...`", accepts=inspect.isclass)
    if bad is not None:
        return bad
    report = Report(title)
    name = protocol.__name__
    is_protocol = bool(getattr(protocol, "_is_protocol", False)) and typing.Protocol in getattr(protocol, "__mro__", ())
    report.add(
        "interface is a typing.Protocol",
        is_protocol,
        f"{name} is a Protocol: any class with these methods fits, no inheritance needed."
        if is_protocol
        else f"{name} is {'an abstract base class' if inspect.isabstract(protocol) else 'a plain class'}; write "
        f"`class {name}(Protocol):` (from typing import Protocol) so callers depend on the shape, and any class "
        "with these methods fits without inheriting from it.",
    )
    methods = _methods(protocol)
    hints = {m: _hints(f) for m, f in methods.items()}

    batch = []
    for m, func in methods.items():
        h = hints[m][0]
        ints = [p for p in _params(func) if p.kind != p.VAR_POSITIONAL and _is(h.get(p.name), int)]
        if ints and _is_str_collection(h.get("return")):
            batch.append(m)
    if batch:
        report.add("hands out a batch of keys", True, f"{name}.{batch[0]} takes a count and returns a batch of keys.")
    else:
        singles = [m for m in methods if _is(hints[m][0].get("return"), str)]
        hint = (
            f" {name}.{singles[0]} returns one str: one network call per short link is what the batch avoids."
            if singles else ""
        )
        report.add(
            "hands out a batch of keys", False,
            f"No method takes an int count and returns a collection of str keys.{hint} Add e.g. "
            "`def take_batch(self, count: int) -> list[str]: ...`.",
        )

    give_back = [
        m for m, func in methods.items()
        if m not in batch[:1]
        and _takes_keys(func, hints[m][0])
    ]
    if give_back:
        report.add("gives unused keys back", True, f"{name}.{give_back[0]} lets a server return keys it did not use.")
    else:
        report.add(
            "gives unused keys back", False,
            "No method takes a collection of str keys back; add e.g. `def give_back(self, keys: list[str]) -> None: ...` "
            "so a server shutting down cleanly does not waste its batch.",
        )

    unannotated = []
    for m, func in methods.items():
        h, problem = hints[m]
        if problem:
            unannotated.append(problem)
            continue
        missing = [p.name for p in _params(func) if p.name not in h and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        if missing:
            unannotated.append(f"{m}: parameter `{missing[0]}` has no type")
        elif "return" not in h:
            unannotated.append(f"{m}: no return type (write `-> None` if it returns nothing)")
    if not methods:
        report.add("every method is typed", False, f"{name} declares no methods; add the two methods above.")
    elif unannotated:
        report.add("every method is typed", False, "; ".join(unannotated) + ". An interface is its types: annotate them.")
    else:
        report.add("every method is typed", True, f"All {len(methods)} methods of {name} are fully annotated.")
    return report
