"""The instructor's grading pipeline and the self-study check.

- :func:`grade`: nbgrader autograde of every collected submission, each in a throw-away
  course folder, its kernel sandboxed (bubblewrap) and limited, in parallel (process pool
  or Dask), resumable; results merged into the real gradebook.
- :func:`check`: a learner's full check of their own notebook, hidden tests included.

This package is imported lazily: the grading kernel imports :mod:`.snapshot` from it, and
must not pay for nbgrader's imports.
"""

from __future__ import annotations

__all__ = ["GradingRun", "Limits", "SandboxRequired", "check", "grade"]


def __getattr__(name: str):
    if name in ("grade", "GradingRun", "SandboxRequired"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "Limits":
        from .sandbox import Limits

        return Limits
    if name == "check":
        from .selfcheck import check

        return check
    raise AttributeError(name)
