"""Release stubs that leave an answer "not written yet" instead of raising.

nbgrader's ``ClearSolutions`` replaces every ``### BEGIN SOLUTION`` ... ``### END SOLUTION``
region with one fixed stub, ``raise NotImplementedError()``. At the top level of a cell that
stops Run All at the first exercise, and every table, chart and slider below it stays empty.
:class:`ClearSolutionsNotWritten` (set in ``nbgrader_config.py``) keeps nbgrader's stub inside
a function or method body, where it raises only when called - and checkers call learner code
through the time guard, which turns that into a finding - but turns a top-level region into
``name = ...`` for each name the solution defines that the rest of the notebook uses
(its checks read them; a helper of the solution is not announced). The contract's ``unusable`` reports
``...`` as "not written yet" (``autograder/contract.py``), later cells see a defined name,
and nbgrader still scores an untouched answer cell 0 (its checksum is unchanged).
"""

from __future__ import annotations

import ast
import re
import textwrap

from nbgrader.preprocessors import ClearSolutions

__all__ = ["STUB_COMMENT", "ClearSolutionsNotWritten", "defined_names", "stub_solution_regions", "words"]

STUB_COMMENT = "# YOUR CODE HERE"
DEFAULT_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
"""nbgrader's own stub (``ClearSolutions.code_stub["python"]``): kept inside function bodies."""


def defined_names(code: str) -> list[str] | None:
    """The public names ``code`` binds at its top level (assignments, ``def``, ``class``; not
    imports, not names starting with ``_``), in order; None when it is not valid Python alone."""
    try:
        tree = ast.parse(textwrap.dedent(code))
    except SyntaxError:
        return None
    names: list[str] = []

    def bind(target: ast.expr) -> None:
        if isinstance(target, ast.Name):
            names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                bind(element)
        elif isinstance(target, ast.Starred):
            bind(target.value)

    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                bind(target)
        elif isinstance(node, ast.AnnAssign):
            bind(node.target)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
    return list(dict.fromkeys(n for n in names if not n.startswith("_")))


def _region_stub(region: list[str], indent: str, default_stub: str, used: set[str] | None) -> list[str]:
    if indent:  # inside a def or class: nbgrader's stub, which raises only when called
        return [indent + line for line in default_stub.split("\n")]
    names = defined_names("\n".join(region))
    if names is None:
        return default_stub.split("\n")
    if used is not None:  # only the answers the notebook uses elsewhere, not the solution's helpers
        names = [name for name in names if name in used] or names
    return [STUB_COMMENT, *(f"{name} = ..." for name in names)]


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def words(text: str) -> set[str]:
    """Every identifier-like word of ``text`` (code, strings such as ``answer("x")``, prose)."""
    return set(_WORD.findall(text))


def stub_solution_regions(source: str, *, begin: str = "BEGIN SOLUTION", end: str = "END SOLUTION",
                          default_stub: str = DEFAULT_STUB, used: set[str] | None = None) -> tuple[str, bool]:
    """``source`` with each solution region replaced by its stub; and whether there was one.

    ``used``: the words of the rest of the notebook. When given, a top-level stub names only the
    defined names that appear there (the answers its checks read; a helper such as a constant
    the solution happens to use is not announced), or all of them when none does.
    Raises RuntimeError, as nbgrader does, on a nested region or a region without its end."""
    out: list[str] = []
    region: list[str] | None = None
    indent = ""
    replaced = False
    for line in source.split("\n"):
        if begin in line:
            if region is not None:
                raise RuntimeError("encountered nested begin solution statements")
            region, replaced = [], True
            indent = re.match(r"\s*", line).group(0)  # type: ignore[union-attr]  # \s* always matches
        elif end in line and region is not None:
            out += _region_stub(region, indent, default_stub, used)
            region = None
        elif region is not None:
            region.append(line)
        elif end not in line:
            out.append(line)
    if region is not None:
        raise RuntimeError("no end solution statement found")
    return "\n".join(out), replaced


class ClearSolutionsNotWritten(ClearSolutions):
    """nbgrader's ClearSolutions, except that a top-level solution region becomes ``name = ...``
    for each name it defines (see the module docstring). Markdown answers and other languages
    get nbgrader's own stubs."""

    _used_elsewhere: list[set[str]] = []
    _index = -1

    def preprocess(self, nb, resources):
        per_cell = [words(cell.source) for cell in nb.cells]
        self._used_elsewhere = [set().union(*(w for j, w in enumerate(per_cell) if j != i))
                                for i in range(len(per_cell))]
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        self._index = cell_index
        return super().preprocess_cell(cell, resources, cell_index)

    def _replace_solution_region(self, cell, language: str) -> bool:
        if cell.cell_type != "code" or language != "python":
            return bool(super()._replace_solution_region(cell, language))
        used = self._used_elsewhere[self._index] if 0 <= self._index < len(self._used_elsewhere) else None
        try:
            cell.source, replaced = stub_solution_regions(
                cell.source, begin=self.begin_solution_delimeter, end=self.end_solution_delimeter,
                default_stub=self.code_stub[language], used=used)
        except RuntimeError:
            self.log.error("Malformed solution region. Cell contents are: \n%s", cell.source)
            raise
        return replaced
