"""Answer keys the learner's kernel cannot read while it is graded.

A checker whose test cells are all re-checked outside the kernel (``# autograder: recheck``)
needs no copy of its answer key inside the kernel at grading: the score recorded for those
cells is the re-check's (:mod:`.rescore`), computed in a fresh interpreter that holds the key.
The modules named here are therefore hidden from the grading kernel's sandbox - their source
files and compiled ``.pyc`` files are replaced by empty files (a package: by an empty folder) -
so a submission that imports or reads them at grading finds nothing, and an in-kernel check
cell of theirs fails harmlessly (its recorded score and its output come from the re-check).

The course's own keys are listed here (:data:`HIDDEN_FROM_KERNEL`); an assignment's keys are
declared by its source notebook (:data:`METADATA`), so a new system's keys need no change here.
Only a module that no cell but a re-checked test cell imports may be hidden; the test suite
checks that against every source notebook. The learner's own copy of the package still holds
these keys - the visible checks need them for instant feedback - so this closes reading the key
*at grading*, not copying it beforehand; see CONTRIBUTING's "Grading" section.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

__all__ = ["HIDDEN_FROM_KERNEL", "METADATA", "declared", "declared_in", "hidden_modules", "hidden_paths"]

HIDDEN_FROM_KERNEL: tuple[str, ...] = (
    "autograder.interviews",  # module 1: the accepted labels of every prompt and behaviour
    "autograder.grading.demo_key",  # the demo assignment's expected value (the hostile corpus reads it)
)
"""Hidden from every grading kernel."""

METADATA = "hidden_at_grading"
"""An assignment's own answer keys are named by its source notebook, in its metadata:
``{"autograder": {"hidden_at_grading": ["autograder.estimate.scenarios.shortener", ...]}}``
(written by the builder's ``nb.hide_at_grading(...)``). So a system's keys are declared where
they are used, and adding a system changes nothing here."""


def declared(notebook: bytes | str | dict) -> tuple[str, ...]:
    """The modules a source notebook hides from its grading kernel (nothing, for anything malformed)."""
    try:
        nb = json.loads(notebook) if isinstance(notebook, (bytes, str)) else notebook
        names = nb.get("metadata", {}).get("autograder", {}).get(METADATA, [])
    except (ValueError, AttributeError):
        return ()
    if not isinstance(names, list):
        return ()
    return tuple(n for n in names if isinstance(n, str) and n.startswith("autograder.") and n.isascii())


def declared_in(source_files: dict[str, bytes]) -> tuple[str, ...]:
    """The modules the notebooks of an assignment's ``source/`` folder hide from its grading kernel."""
    found: list[str] = []
    for name in sorted(source_files):
        if name.endswith(".ipynb"):
            found.extend(n for n in declared(source_files[name]) if n not in found)
    return tuple(found)


def hidden_modules(assignment_keys: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Every module hidden from a grading kernel: :data:`HIDDEN_FROM_KERNEL` and the assignment's own."""
    return HIDDEN_FROM_KERNEL + tuple(n for n in assignment_keys if n not in HIDDEN_FROM_KERNEL)


def hidden_paths(modules: tuple[str, ...] | None = None) -> list[str]:
    """The files and folders to hide: each module's source (or package folder) and its ``.pyc`` files
    (``modules``: default :data:`HIDDEN_FROM_KERNEL`)."""
    paths: list[str] = []
    for name in hidden_modules() if modules is None else modules:
        found = _course_module(name)
        if found is None and name.split(".")[0] != "autograder":
            spec = importlib.util.find_spec(name)
            if spec is None or spec.origin is None:
                continue
            found = (Path(os.path.realpath(spec.origin)), bool(spec.submodule_search_locations))
        if found is None:
            continue
        origin, package = found
        if package:  # a package: hide the whole folder
            paths.append(str(origin.parent))
            continue
        paths.append(str(origin))
        _compile(origin)  # so no grader process can create it later, unmasked, in the live folder
        cache = origin.parent / "__pycache__"
        if cache.is_dir():
            paths.extend(str(p) for p in sorted(cache.glob(f"{origin.stem}.*.pyc")))
    return paths


def _course_module(name: str) -> tuple[Path, bool] | None:
    """The source of the course's own module ``name`` and whether it is a package, found without
    importing its parents (``find_spec`` would import ``autograder.estimate`` and pint to find a key in it)."""
    parts = name.split(".")
    if parts[0] != "autograder" or not all(part.isidentifier() for part in parts):
        return None
    folder = Path(os.path.realpath(__file__)).parents[1].joinpath(*parts[1:])
    if (folder / "__init__.py").is_file():
        return folder / "__init__.py", True
    source = folder.with_suffix(".py")
    return (source, False) if source.is_file() else None


def _compile(origin: Path) -> None:
    """Write this interpreter's ``.pyc`` of ``origin`` now if it is missing (a read-only install: nothing)."""
    import py_compile

    try:
        if not os.path.exists(importlib.util.cache_from_source(str(origin))):
            py_compile.compile(str(origin), doraise=True)
    except (OSError, py_compile.PyCompileError, NotImplementedError):
        pass
