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

from autograder.contract import check_scope, unusable
from autograder.grading.facts import facts_of
from autograder.report import Report

__all__ = ["check_key_service"]

# The checks read the class's facts (autograder.grading.facts), not the class: in the learner's
# kernel and in the re-check outside it, where the class stays in the kernel, they see the same.
_VAR_POSITIONAL, _VAR_KEYWORD = 2, 4  # inspect.Parameter kinds
_COLLECTIONS = {
    ("builtins", name) for name in ("list", "set", "frozenset", "tuple")
} | {
    ("collections.abc", name) for name in ("Sequence", "Iterable", "Collection", "Set", "MutableSequence", "Iterator")
}  # typing.List[str] and friends have these as their origin
_AWAITABLES = {("collections.abc", "Awaitable"), ("collections.abc", "Coroutine")}


def _named(fact) -> tuple[str, str] | None:
    return (str(fact.get("module")), str(fact["class"])) if isinstance(fact, dict) and "class" in fact else None


def _base(fact):
    """The type a ``NewType`` (or a chain of them) stands for; ``fact`` itself otherwise."""
    for _ in range(10):
        if not (isinstance(fact, dict) and "newtype" in fact):
            return fact
        fact = fact.get("of")
    return fact


def _is(fact, kind: str) -> bool:
    """The type is ``kind`` ("str", "int"), a NewType of it (``Key = NewType("Key", str)``) or a
    subclass of it (not bool)."""
    fact = _base(fact)
    return _named(fact) is not None and bool(fact.get(kind)) and not (kind == "int" and fact.get("bool"))


def _is_str_collection(fact) -> bool:
    fact = _base(fact)
    if not (isinstance(fact, dict) and "origin" in fact):
        return False
    origin, args = _named(fact["origin"]), list(fact.get("args") or [])
    if origin in _AWAITABLES:  # tolerate explicit awaitables
        return bool(args) and _is_str_collection(args[-1])
    if origin not in _COLLECTIONS or not args:
        return False
    items = [a for a in args if not (isinstance(a, dict) and a.get("ellipsis"))]
    return bool(items) and all(_is(a, "str") for a in items)


def _takes_keys(method: dict) -> bool:
    """It takes a collection of str keys: ``keys: list[str]``, or ``*keys: str``."""
    hints = method["hints"]
    for pname, kind in method["params"]:
        tp = hints.get(pname)
        if kind == _VAR_POSITIONAL and _is(tp, "str"):
            return True
        if kind != _VAR_POSITIONAL and _is_str_collection(tp):
            return True
    return False


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
    facts = facts_of(protocol)
    if facts is None or not facts.get("is_class"):
        bad = unusable(title, "KeyService", protocol, expected="a class such as `class KeyService(Protocol): ...`",
                       accepts=lambda value: False,
                       shown=None if facts is None else (str(facts.get("type")), str(facts.get("text"))))
        assert bad is not None
        return bad
    report = Report(title)
    name = facts["name"]
    is_protocol = bool(facts["is_protocol"])
    report.add(
        "interface is a typing.Protocol",
        is_protocol,
        f"{name} is a Protocol: any class with these methods fits, no inheritance needed."
        if is_protocol
        else f"{name} is {'an abstract base class' if facts['abstract'] else 'a plain class'}; write "
        f"`class {name}(Protocol):` (from typing import Protocol) so callers depend on the shape, and any class "
        "with these methods fits without inheriting from it.",
    )
    methods = {m["name"]: m for m in facts["methods"]}

    batch = []
    for m, method in methods.items():
        h = method["hints"]
        ints = [p for p, kind in method["params"] if kind != _VAR_POSITIONAL and _is(h.get(p), "int")]
        if ints and _is_str_collection(h.get("return")):
            batch.append(m)
    if batch:
        report.add("hands out a batch of keys", True, f"{name}.{batch[0]} takes a count and returns a batch of keys.")
    else:
        singles = [m for m, method in methods.items() if _is(method["hints"].get("return"), "str")]
        hint = (
            f" {name}.{singles[0]} returns one str: one network call per short link is what the batch avoids."
            if singles else ""
        )
        report.add(
            "hands out a batch of keys", False,
            f"No method takes an int count and returns a collection of str keys.{hint} Add e.g. "
            "`def take_batch(self, count: int) -> list[str]: ...`.",
        )

    give_back = [m for m, method in methods.items() if m not in batch[:1] and _takes_keys(method)]
    if give_back:
        report.add("gives unused keys back", True, f"{name}.{give_back[0]} lets a server return keys it did not use.")
    else:
        report.add(
            "gives unused keys back", False,
            "No method takes a collection of str keys back; add e.g. `def give_back(self, keys: list[str]) -> None: ...` "
            "so a server shutting down cleanly does not waste its batch.",
        )

    unannotated = []
    for m, method in methods.items():
        h, problem = method["hints"], method["problem"]
        if problem:
            unannotated.append(problem)
            continue
        missing = [p for p, kind in method["params"] if p not in h and kind not in (_VAR_POSITIONAL, _VAR_KEYWORD)]
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
