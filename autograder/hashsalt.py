"""``hash()`` as another Python process computes it, here and in a learner's kernel.

Python salts the ``hash()`` of ``str`` and ``bytes`` per process (``PYTHONHASHSEED``), so code that
places keys by ``hash(key)`` places them differently in every process. Module 6's ring check
builds a learner's ring again inside :func:`another_process` and compares where keys land. When
the check runs outside the learner's kernel and calls the ring there (the grader's live re-check,
:mod:`autograder.grading.proxy`), each call made inside :func:`another_process` says so, and the
kernel runs it inside :func:`another_process` too.

Only the standard library is used: the kernel imports this module.
"""

from __future__ import annotations

import builtins
import contextlib
import contextvars
from collections.abc import Iterator

__all__ = ["active", "another_process"]

_ACTIVE: contextvars.ContextVar[bool] = contextvars.ContextVar("another_process_hash", default=False)


def active() -> bool:
    """Whether the caller is inside :func:`another_process`."""
    return _ACTIVE.get()


@contextlib.contextmanager
def another_process() -> Iterator[None]:
    """``builtins.hash`` as a new Python process computes it: str and bytes salted differently
    (numbers and other objects hash as before)."""
    real = builtins.hash

    def resalted(value):
        if isinstance(value, (str, bytes)):
            return ("another process", value)
        if isinstance(value, tuple):
            return tuple(resalted(item) for item in value)
        if isinstance(value, frozenset):
            return frozenset(resalted(item) for item in value)
        return value

    def hash_in_another_process(value, /):
        return real(resalted(value))

    token = _ACTIVE.set(True)
    builtins.hash = hash_in_another_process
    try:
        yield
    finally:
        builtins.hash = real
        _ACTIVE.reset(token)
