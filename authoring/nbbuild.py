"""Build course notebooks in code, with nbgrader metadata, deterministically.

Each module has a builder script beside this file (``authoring/NN_name.py``)
that describes its notebook cell by cell and writes it with :meth:`Notebook.save`.
Running a builder twice gives byte-identical files; ``make notebooks`` runs
them all and ``tests/test_notebooks.py`` fails when a committed notebook is not
what its builder writes. Edit the builder, not the ``.ipynb``.

Inside :func:`capture`, ``save`` writes nothing and records the text instead: that is
how ``authoring/build_all.py`` checks for hand edits before writing anything, and how
the test compares every builder's output with the committed notebooks in memory.

Cell kinds (nbgrader schema version 3):

- ``md`` / ``code``: ordinary cells the learner may run or edit.
- ``locked_md`` / ``locked_code``: read-only cells that nbgrader restores at autograde.
- ``solution``: an auto-graded answer cell. Put the answer between
  ``### BEGIN SOLUTION`` / ``### END SOLUTION``; the release keeps the rest. A block at the
  top level of the cell is released as ``name = ...`` for each name it defines ("not written
  yet": Run All goes on); a block inside a function body as nbgrader's
  ``raise NotImplementedError()`` (:func:`release_stub`, ``autograder/stubs.py``).
- ``tests``: a locked test cell worth ``points``. Its last value is the partial
  credit (``report.grade(points)``); lines between ``### BEGIN HIDDEN TESTS`` and
  ``### END HIDDEN TESTS`` are removed from the release.
- ``written``: a markdown answer graded by hand (``points``); its source is the
  model answer, which the release replaces with "YOUR ANSWER HERE".
- ``task``: a manually graded task cell; may hold a mark scheme between
  ``=== BEGIN MARK SCHEME ===`` / ``=== END MARK SCHEME ===``.
"""

from __future__ import annotations

import contextlib
import json
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path

import nbformat
from nbformat import v4

_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_POINTS_RE = re.compile(r"\.grade\(\s*([0-9]+(?:\.[0-9]+)?)\s*\)\s*$")


RECHECK_MARKER = "# autograder: recheck - at grading, this check is repeated outside your kernel"


class NotebookError(ValueError):
    """A builder described a notebook nbgrader would reject."""


_captured: dict[Path, str] | None = None


@contextlib.contextmanager
def capture() -> Iterator[dict[Path, str]]:
    """While active, :meth:`Notebook.save` writes no file: it records ``{absolute path: text}``
    in the dictionary this yields."""
    global _captured
    previous, _captured = _captured, {}
    try:
        yield _captured
    finally:
        _captured = previous


class Notebook:
    def __init__(self, slug: str) -> None:
        if not _ID_RE.match(slug):
            raise NotebookError(f"slug {slug!r} must match [A-Za-z0-9_-]")
        self.slug = slug
        self.cells: list = []
        self._ids: set[str] = set()
        self._plain = 0
        self._hidden_at_grading: list[str] = []

    def hide_at_grading(self, *modules: str) -> None:
        """Hide these ``autograder`` modules (answer keys, reference answers) from this assignment's
        grading kernel; only re-checked test cells may use them (autograder/grading/keys.py)."""
        for name in modules:
            if not name.startswith("autograder.") or name in self._hidden_at_grading:
                raise NotebookError(f"hide_at_grading: {name!r} is not a new module of the autograder package")
            self._hidden_at_grading.append(name)

    # -- ordinary cells ---------------------------------------------------------------

    def md(self, text: str) -> None:
        self._add(v4.new_markdown_cell(_clean(text)), self._plain_id("md"))

    def code(self, src: str) -> None:
        self._add(v4.new_code_cell(_clean(src)), self._plain_id("code"))

    # -- nbgrader cells -------------------------------------------------------------

    def locked_md(self, grade_id: str, text: str) -> None:
        cell = v4.new_markdown_cell(_clean(text))
        self._add(cell, grade_id, _meta(grade_id, locked=True))

    def locked_code(self, grade_id: str, src: str) -> None:
        cell = v4.new_code_cell(_clean(src))
        self._add(cell, grade_id, _meta(grade_id, locked=True))

    def solution(self, grade_id: str, src: str) -> None:
        src = _clean(src)
        if "### BEGIN SOLUTION" not in src or "### END SOLUTION" not in src:
            raise NotebookError(f"solution cell {grade_id!r} needs ### BEGIN SOLUTION / ### END SOLUTION")
        try:
            compile(release_stub(src), f"<release of {grade_id}>", "exec")
        except SyntaxError as exc:
            raise NotebookError(
                f"solution cell {grade_id!r}: its release version (solution replaced by nbgrader's stub) "
                f"is not valid Python ({exc.msg}, line {exc.lineno}). Put the markers around whole "
                "statements, not inside a literal."
            ) from None
        self._add(v4.new_code_cell(src), grade_id, _meta(grade_id, solution=True))

    def tests(self, grade_id: str, src: str, points: float, *, recheck: bool = False) -> None:
        """A test cell. ``recheck=True`` marks it for ``autograder grade``'s re-check outside the
        learner's kernel (its answers must be plain data; see autograder/grading/recheck.py)."""
        src = _clean(src)
        if recheck:
            src = RECHECK_MARKER + "\n" + src
        match = _POINTS_RE.search(src.strip().splitlines()[-1]) if src.strip() else None
        if match is None or float(match.group(1)) != float(points):
            raise NotebookError(
                f"test cell {grade_id!r}: its last line must be `<report>.grade({points})` "
                "so the partial credit matches the cell's points"
            )
        self._add(v4.new_code_cell(src), grade_id, _meta(grade_id, grade=True, locked=True, points=points))

    def written(self, grade_id: str, model_answer: str, points: float) -> None:
        cell = v4.new_markdown_cell(_clean(model_answer))
        self._add(cell, grade_id, _meta(grade_id, grade=True, solution=True, points=points))

    def rubric_answer(self, assignment: str, question) -> None:
        """A written answer graded by hand with its rubric: three cells, all from the rubric file.

        The answer cell (grade_id = question id; its source is the model answer), the locked mark
        scheme the instructor grades with, and the learner's self-assessment widget.
        ``question`` is an ``autograder.rubric.Question``.
        """
        from autograder.rubric import mark_scheme_markdown

        self.written(question.id, question.model_answer, points=question.points)
        self.locked_md(f"{question.id}_mark_scheme", mark_scheme_markdown(question))
        self.locked_code(
            f"{question.id}_self_check",
            f'from autograder.rubric import self_assess\n\nself_assess("{assignment}", "{question.id}")',
        )

    def task(self, grade_id: str, text: str, points: float) -> None:
        cell = v4.new_markdown_cell(_clean(text))
        self._add(cell, grade_id, _meta(grade_id, task=True, locked=True, points=points))

    # -- output ---------------------------------------------------------------------

    def build(self):
        nb = v4.new_notebook()
        nb.metadata = {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        }
        if self._hidden_at_grading:
            nb.metadata["autograder"] = {"hidden_at_grading": list(self._hidden_at_grading)}
        nb.cells = list(self.cells)
        nbformat.validate(nb)
        return nb

    def text(self) -> str:
        """The notebook file's exact text (what :meth:`save` writes)."""
        return json.dumps(self.build(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    def save(self, path: str | Path) -> Path:
        """Write the notebook to ``path`` (or, inside :func:`capture`, only record it)."""
        path = Path(path)
        text = self.text()
        if _captured is not None:
            _captured[path.resolve()] = text
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    # -- internals ------------------------------------------------------------------

    def _plain_id(self, kind: str) -> str:
        self._plain += 1
        return f"{kind}-{self._plain:03d}"

    def _add(self, cell, cell_id: str, nbgrader: dict | None = None) -> None:
        if not _ID_RE.match(cell_id):
            raise NotebookError(f"cell id {cell_id!r} must match [A-Za-z0-9_-]{{1,64}}")
        if cell_id in self._ids:
            raise NotebookError(f"cell id {cell_id!r} is used twice")
        self._ids.add(cell_id)
        cell["id"] = cell_id
        if nbgrader is not None:
            cell.metadata["nbgrader"] = nbgrader
        self.cells.append(cell)


def release_stub(src: str) -> str:
    """What ``nbgrader generate_assignment`` makes of a solution cell with this course's
    ``nbgrader_config.py``: a top-level marked block becomes ``name = ...`` for each name it
    defines, a block inside a function keeps nbgrader's ``raise NotImplementedError()``
    (``autograder.stubs``)."""
    from autograder.stubs import stub_solution_regions

    return stub_solution_regions(src)[0]


def _meta(grade_id, *, grade=False, solution=False, locked=False, task=False, points=None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": task,
    }
    if grade or task:
        if points is None or points <= 0:
            raise NotebookError(f"graded cell {grade_id!r} needs points > 0")
        meta["points"] = points
    return meta


def indented(text: str) -> str:
    """``text`` (of several lines) for a line of an indented f-string given to :meth:`Notebook.md`:
    its later lines get the same four spaces, so dedenting the whole cell keeps them all at the left
    (otherwise the cell's other lines keep theirs and Markdown shows them as code)."""
    return textwrap.indent(text, "    ").lstrip()


def _clean(text: str) -> str:
    return textwrap.dedent(text).strip("\n")
