"""The module 6 corpus: implementations of the three sketches as engineers write them.

``base62``, ``token_bucket`` and ``hash_ring`` each register their implementations with
:func:`registry`: ``@correct(style)`` for one that must get full marks in the grading scope,
``@wrong(style, loses=check)`` for one that must lose the named check (a line of the checker's
report). Each style note says whose idiom the code follows. ``rates.py`` prints the rates;
``tests/test_sketches_corpus.py`` asserts them (at most 2% unfair each way)::

    .venv/bin/python tests/corpus/sketches/rates.py

Measured when the corpus was written (grading scope):

=============  =======  =====  ========================  ======================
checker        correct  wrong  correct below full marks  wrong at full marks
=============  =======  =====  ========================  ======================
base62         42       42     0 (0%)                    0 (0%)
token bucket   42       42     0 (0%)                    0 (0%)
hash ring      40       40     0 (0%)                    0 (0%)
=============  =======  =====  ========================  ======================

and every wrong answer loses the line it names. About 20 s of processor time for all three.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Entry:
    name: str
    """The function or class name it was registered under (unique in its module)."""
    style: str
    """How it is written and after whom."""
    answer: tuple[Any, ...]
    """The checker's positional answers: (encode, decode) or (the class,)."""
    loses: str | None = None
    """For a wrong one: the report line it must fail."""


def registry(*, pairs: bool = False) -> tuple[list[Entry], list[Entry], Callable[..., Any], Callable[..., Any]]:
    """``correct_list, wrong_list, correct, wrong`` for one corpus module.

    With ``pairs`` (base62) a decorated function is called once and returns ``(encode, decode)``;
    otherwise the decorated class (or factory function) is the answer itself.
    """
    correct_list: list[Entry] = []
    wrong_list: list[Entry] = []

    def _answer(obj: Any) -> tuple[Any, ...]:
        return tuple(obj()) if pairs else (obj,)

    def correct(style: str) -> Callable[[Any], Any]:
        def register(obj: Any) -> Any:
            correct_list.append(Entry(obj.__name__, style, _answer(obj)))
            return obj
        return register

    def wrong(style: str, *, loses: str) -> Callable[[Any], Any]:
        def register(obj: Any) -> Any:
            wrong_list.append(Entry(obj.__name__, style, _answer(obj), loses))
            return obj
        return register

    return correct_list, wrong_list, correct, wrong
