"""Answer keys the learner's kernel cannot read while it is graded.

A checker whose test cells are all re-checked outside the kernel (``# autograder: recheck``)
needs no copy of its answer key inside the kernel at grading: the score recorded for those
cells is the re-check's (:mod:`.rescore`), computed in a fresh interpreter that holds the key.
The modules named here are therefore hidden from the grading kernel's sandbox - their source
files and compiled ``.pyc`` files are replaced by empty files (a package: by an empty folder) -
so a submission that imports or reads them at grading finds nothing, and an in-kernel check
cell of theirs fails harmlessly (its recorded score and its output come from the re-check).

Only a module that no cell but a re-checked test cell imports may be listed; the test suite
checks that against every source notebook. The learner's own copy of the package still holds
these keys - the visible checks need them for instant feedback - so this closes reading the key
*at grading*, not copying it beforehand; see CONTRIBUTING's "Grading" section.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

__all__ = ["HIDDEN_FROM_KERNEL", "HIDDEN_IN_ASSIGNMENT", "hidden_modules", "hidden_paths"]

HIDDEN_FROM_KERNEL: tuple[str, ...] = (
    "autograder.interviews",  # module 1: the accepted labels of every prompt and behaviour
    "autograder.grading.demo_key",  # the demo assignment's expected value (the hostile corpus reads it)
)
"""Hidden from every grading kernel."""

HIDDEN_IN_ASSIGNMENT: dict[str, tuple[str, ...]] = {
    # Module 4: the reference model (the formulas and every assumption set, hidden ones included).
    # Module 7 builds its scenario's peaks from it, so it is hidden only here. At grading, module
    # 4's ungraded cells that show the reference (the comparison table, the explorer) fail harmlessly.
    "04-capacity-estimates": ("autograder.estimate.scenarios.shortener", "autograder.estimate.scenarios.pastebin"),
    # Modules 8 and 9: the schema scenarios hold a reference answer (tables and queries). Module 8's
    # estimate scenario stays: an ungraded cell shows its assumptions.
    "08-mock-interview": ("autograder.schema.scenarios.newsfeed",),
    "09-practice-chat": ("autograder.schema.scenarios.chat", "autograder.estimate.scenarios.chat"),
}
"""Hidden from the grading kernel of one assignment only."""


def hidden_modules(assignment: str | None = None) -> tuple[str, ...]:
    return HIDDEN_FROM_KERNEL + HIDDEN_IN_ASSIGNMENT.get(assignment or "", ())


def hidden_paths(modules: tuple[str, ...] | None = None, *, assignment: str | None = None) -> list[str]:
    """The files and folders to hide: each module's source (or package folder) and its ``.pyc`` files."""
    paths: list[str] = []
    for name in hidden_modules(assignment) if modules is None else modules:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            continue
        origin = Path(os.path.realpath(spec.origin))
        if spec.submodule_search_locations:  # a package: hide the whole folder
            paths.extend(os.path.realpath(p) for p in spec.submodule_search_locations)
            continue
        paths.append(str(origin))
        _compile(origin)  # so no grader process can create it later, unmasked, in the live folder
        cache = origin.parent / "__pycache__"
        if cache.is_dir():
            paths.extend(str(p) for p in sorted(cache.glob(f"{origin.stem}.*.pyc")))
    return paths


def _compile(origin: Path) -> None:
    """Write this interpreter's ``.pyc`` of ``origin`` now if it is missing (a read-only install: nothing)."""
    import py_compile

    try:
        if not os.path.exists(importlib.util.cache_from_source(str(origin))):
            py_compile.compile(str(origin), doraise=True)
    except (OSError, py_compile.PyCompileError, NotImplementedError):
        pass
