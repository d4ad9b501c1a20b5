"""What a class declares - its methods, their parameters and type hints - as plain data.

Checkers that judge an interface by introspection (module 2's ``check_key_service``) judge these
facts rather than the class: :func:`describe` reads them in the process that holds the class,
and :func:`facts_of` returns them whether the class is here or, during a live re-check, in the
learner's kernel behind a :class:`~autograder.grading.proxy.Remote` (the proxy's ``facts``
request runs :func:`describe` there). Both ways the checker sees the same data, so a learner's
kernel scores the same as the re-check outside it; only the judging moves out of the kernel.

The facts are raw - names, kinds, which builtin a type is or extends, a generic's origin and
arguments - never a verdict, so a kernel that reported false facts would have to describe a
correct interface to earn anything, which is as much work as writing it.

A type is one of::

    {"class": qualname, "module": m, "str": bool, "int": bool, "bool": bool}   a class
    {"newtype": name, "of": <type>}                                             typing.NewType
    {"origin": <type>, "args": [<type>, ...]}                                    list[str], Sequence[Key], ...
    {"ellipsis": true}     {"list": [<type>, ...]}     {"other": text}          the rest

Only the standard library is used here: :func:`describe` runs in the learner's kernel.
"""

from __future__ import annotations

import inspect
import typing

__all__ = ["describe", "facts_of", "public_methods"]

_MAX_DEPTH = 12
_SKIPPED_MODULES = ("typing", "abc", "builtins")


def public_methods(cls) -> dict[str, typing.Callable]:
    """Public methods of ``cls``, its own and those of the classes it extends (not ``typing``'s)."""
    out: dict[str, typing.Callable] = {}
    for klass in reversed(getattr(cls, "__mro__", (cls,))):
        if klass in (object, typing.Protocol, typing.Generic) or getattr(klass, "__module__", None) in _SKIPPED_MODULES:
            continue
        for name, value in vars(klass).items():
            if name.startswith("_"):
                continue
            if isinstance(value, (staticmethod, classmethod)):
                value = value.__func__
            if inspect.isfunction(value):
                out[name] = value
    return out


def _subclass(tp, kind: type) -> bool:
    try:
        return bool(issubclass(tp, kind))
    except Exception:  # a metaclass whose subclass check raises: not that kind
        return False


def type_fact(tp, depth: int = 0) -> dict:
    """One type hint as plain data (see the module's docstring)."""
    if depth > _MAX_DEPTH:
        return {"other": "nested too deeply"}
    if tp is Ellipsis:
        return {"ellipsis": True}
    if isinstance(tp, list):
        return {"list": [type_fact(t, depth + 1) for t in tp]}
    supertype = getattr(tp, "__supertype__", None) if not isinstance(tp, type) else None
    if supertype is not None:
        return {"newtype": str(getattr(tp, "__name__", "NewType")), "of": type_fact(supertype, depth + 1)}
    try:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
    except Exception:
        origin, args = None, ()
    if origin is not None:
        return {"origin": type_fact(origin, depth + 1), "args": [type_fact(a, depth + 1) for a in args]}
    if isinstance(tp, type):
        return {"class": str(getattr(tp, "__qualname__", tp.__name__)), "module": str(getattr(tp, "__module__", "")),
                "str": _subclass(tp, str), "int": _subclass(tp, int), "bool": _subclass(tp, bool)}
    try:
        text = repr(tp)
    except Exception:
        text = type(tp).__name__
    return {"other": text[:80]}


def _hints(func) -> tuple[dict, str | None]:
    """(type hints, problem): resolved the way typing does, never raising."""
    try:
        return typing.get_type_hints(func), None
    except Exception as exc:
        return {}, f"{func.__name__}: its annotations could not be read ({type(exc).__name__}: {exc})"


def _params(func) -> list[list]:
    """[name, kind] of each parameter but a leading ``self``/``cls`` (kind: inspect's number for it)."""
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return []
    params = list(sig.parameters.values())
    if params and params[0].name in ("self", "cls"):
        params = params[1:]
    return [[p.name, int(p.kind)] for p in params]


def describe(value) -> dict:
    """The facts about ``value``: for a class, its methods with their parameters and type hints."""
    if not inspect.isclass(value):
        from autograder.guard import short

        return {"is_class": False, "type": type(value).__name__, "text": short(value, 60)}
    methods = []
    for name, func in public_methods(value).items():
        hints, problem = _hints(func)
        methods.append({"name": name, "params": _params(func), "problem": problem,
                        "hints": {str(k): type_fact(v) for k, v in hints.items()}})
    return {
        "is_class": True,
        "name": str(value.__name__),
        "is_protocol": bool(getattr(value, "_is_protocol", False)) and typing.Protocol in getattr(value, "__mro__", ()),
        "abstract": inspect.isabstract(value),
        "methods": methods,
    }


def facts_of(value) -> dict | None:
    """:func:`describe` of ``value``, wherever it is; None for a value that is data (the checker
    judges it as such: missing, None, a number)."""
    from autograder.grading.proxy import Remote

    if isinstance(value, Remote):
        facts = object.__getattribute__(value, "_conn").request("facts", ref=object.__getattribute__(value, "_ref"))
        return facts if isinstance(facts, dict) else {"is_class": False, "type": "object", "text": "?"}
    if inspect.isclass(value) or callable(value):
        return describe(value)
    return None
