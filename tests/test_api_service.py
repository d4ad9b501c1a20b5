"""autograder.api.check_key_service: a key-generation service Protocol, judged by introspection."""


import abc
import collections.abc as cabc
import typing
from typing import Protocol

import pytest

from autograder.api import check_key_service
from autograder.report import Missing

CRITERIA = ["interface is a typing.Protocol", "hands out a batch of keys", "gives unused keys back", "every method is typed"]


class Plain(Protocol):
    def take_batch(self, count: int) -> list[str]: ...
    def give_back(self, keys: list[str]) -> None: ...


class SequenceNames(Protocol):
    def allocate(self, n: int) -> typing.Sequence[str]: ...
    def release(self, unused: cabc.Iterable[str]) -> int: ...
    def remaining(self) -> int: ...


@typing.runtime_checkable
class SetsAndTuples(Protocol):
    def next_keys(self, batch_size: int, *, prefix: str = "") -> tuple[str, ...]: ...
    def return_keys(self, keys: frozenset[str]) -> None: ...


class AsyncService(Protocol):
    async def fetch(self, how_many: int) -> list[str]: ...
    async def recycle(self, keys: set[str]) -> None: ...


class StringAnnotations(Protocol):
    def take(self, count: "int") -> "list[str]": ...  # string annotations on purpose
    def put_back(self, keys: "list[str]") -> "None": ...  # string annotations on purpose


CORRECT = [Plain, SequenceNames, SetsAndTuples, AsyncService, StringAnnotations]


@pytest.mark.parametrize("proto", CORRECT, ids=lambda c: c.__name__)
def test_correct_interfaces_get_full_credit(proto):
    report = check_key_service(proto)
    assert [f.check for f in report.findings] == CRITERIA
    assert report.score == 1.0, report.to_text()


class PlainClass:
    def take_batch(self, count: int) -> list[str]: ...
    def give_back(self, keys: list[str]) -> None: ...


class AbstractBase(abc.ABC):
    @abc.abstractmethod
    def take_batch(self, count: int) -> list[str]: ...
    @abc.abstractmethod
    def give_back(self, keys: list[str]) -> None: ...


class OneAtATime(Protocol):
    def next_key(self) -> str: ...
    def give_back(self, keys: list[str]) -> None: ...


class BatchOfInts(Protocol):
    def take_batch(self, count: int) -> list[int]: ...
    def give_back(self, keys: list[str]) -> None: ...


class NoGiveBack(Protocol):
    def take_batch(self, count: int) -> list[str]: ...


class UntypedParam(Protocol):
    def take_batch(self, count: int) -> list[str]: ...
    def give_back(self, keys: list[str]) -> None: ...
    def mark_used(self, key): ...


class NoReturnType(Protocol):
    def take_batch(self, count: int) -> list[str]: ...
    def give_back(self, keys: list[str]): ...


class BrokenAnnotation(Protocol):
    def take_batch(self, count: int) -> list[str]: ...
    def give_back(self, keys: list[str]) -> None: ...
    def audit(self) -> "Nonexistent": ...  # noqa: F821 - an undefined name on purpose


WRONG = {
    "plain-class": (PlainClass, "interface is a typing.Protocol", "write `class PlainClass(Protocol):`"),
    "abc": (AbstractBase, "interface is a typing.Protocol", "AbstractBase is an abstract base class"),
    "one-key-per-call": (OneAtATime, "hands out a batch of keys", "OneAtATime.next_key returns one str"),
    "batch-of-ints": (BatchOfInts, "hands out a batch of keys", "returns a collection of str keys"),
    "no-give-back": (NoGiveBack, "gives unused keys back", "def give_back(self, keys: list[str]) -> None"),
    "untyped-parameter": (UntypedParam, "every method is typed", "mark_used: parameter `key` has no type"),
    "no-return-type": (NoReturnType, "every method is typed", "give_back: no return type"),
    "unresolvable-annotation": (BrokenAnnotation, "every method is typed", "audit: its annotations could not be read"),
}


@pytest.mark.parametrize("name", WRONG)
def test_wrong_interfaces_lose_exactly_their_criterion(name):
    proto, criterion, message = WRONG[name]
    report = check_key_service(proto)
    assert [f.check for f in report.failures] == [criterion], report.to_text()
    assert message in report.failures[0].message


def test_empty_protocol_fails_everything_but_being_a_protocol():
    class Empty(Protocol):
        pass

    report = check_key_service(Empty)
    assert [f.passed for f in report.findings] == [True, False, False, False]
    assert "declares no methods" in report.findings[3].message


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (Missing("KeyService"), "`KeyService` is not defined"),
        (None, "`KeyService` is None"),
        (..., "`KeyService` is not written yet"),
        (PlainClass(), "`KeyService` is a PlainClass"),
        ("class KeyService(Protocol): ...", "`KeyService` is a str"),
    ],
)
def test_unusable_answers_score_zero(answer, expected):
    report = check_key_service(answer)
    assert report.score == 0 and expected in report.findings[0].message


def test_typing_aliases_count_as_collections():
    class OldStyle(Protocol):
        def take(self, count: int) -> typing.List[str]: ...  # noqa: UP006
        def back(self, keys: typing.Set[str]) -> None: ...  # noqa: UP006

    assert check_key_service(OldStyle).score == 1.0


def test_newtype_keys_inherited_methods_and_star_keys_count():
    Key = typing.NewType("Key", str)

    class Hands(Protocol):
        def take_batch(self, count: int) -> list[Key]: ...

    class Service(Hands, Protocol):
        def give_back(self, *keys: Key) -> None: ...

    report = check_key_service(Service)
    assert report.score == 1.0, report.to_text()


def test_a_bool_count_is_no_count():
    class Flag(Protocol):
        def take_batch(self, everything: bool) -> list[str]: ...
        def give_back(self, keys: list[str]) -> None: ...

    assert [f.check for f in check_key_service(Flag).failures] == ["hands out a batch of keys"]


def _corpus_answers() -> list:
    from corpus.api import key_service as corpus

    return [*corpus.CORRECT.values(), *(case[0] for case in corpus.WRONG.values()), *CORRECT,
            *(case[0] for case in WRONG.values()), PlainClass(), len, lambda: None]


def test_through_the_proxy_every_answer_gets_the_same_report_as_in_the_kernel():
    """At grading the check runs outside the learner's kernel and the class stays in it: the check
    asks the kernel for the class's facts (autograder/grading/facts.py, the proxy's ``facts``
    request). Every corpus answer - correct, wrong, not a class - gets the same report both ways."""
    import socket
    import threading

    from autograder.grading.proxy import Connection, Remote

    answers = _corpus_answers()
    ours, theirs = socket.socketpair()
    learner = Connection(theirs, {f"answer{i}": value for i, value in enumerate(answers)})
    thread = threading.Thread(target=learner.serve_forever, daemon=True)
    thread.start()
    try:
        checker = Connection(ours)
        for i, value in enumerate(answers):
            remote = checker.request("lookup", name=f"answer{i}")  # code crosses as a handle, data as data
            assert isinstance(remote, Remote) == (callable(value) or type(value).__module__ != "builtins"), value
            assert check_key_service(remote).to_text() == check_key_service(value).to_text(), value
    finally:
        ours.close()
        thread.join(5)
        theirs.close()


def test_facts_are_data_and_carry_no_verdict():
    from autograder.grading.facts import describe
    from autograder.grading.snapshot import encode

    facts = describe(Plain)
    assert encode(facts) is not None and "$unsupported" not in repr(encode(facts))
    take = facts["methods"][0]
    assert take["name"] == "take_batch" and take["params"] == [["count", 1]]
    assert take["hints"]["count"] == {"class": "int", "module": "builtins", "str": False, "int": True, "bool": False}
    assert take["hints"]["return"]["origin"]["class"] == "list"
