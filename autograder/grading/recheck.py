"""Re-run test cells in a fresh interpreter the learner's code never touched.

Why: a test cell runs in the learner's kernel, after the learner's code. That code can
replace a checker (``autograder.api.check_x = lambda *a: perfect``), a builtin the checker
relies on (``builtins.isinstance``), ``Report.score``, IPython's display hook or input
transformers - anything. Nothing inside that kernel can be trusted to report a score.

The re-check runs **outside** it: for every test cell marked for re-checking, the grader
takes the cell's trusted source (from the gradebook, as nbgrader restored it, hidden tests
included) and the learner's answers as plain data (:mod:`autograder.grading.snapshot`),
and executes the cell in a new sandboxed Python process: fresh imports, pristine builtins,
no learner code. ``answer("name")`` there returns the decoded data (or ``Missing``).
The grader records the re-check's score - and its printed report as the cell's output in the
autograded notebook, so feedback shows what was recorded - and flags the submission with a reason
when the kernel scored higher. Answer keys of checkers whose cells are all re-checked are hidden
from the grading kernel (:mod:`autograder.grading.keys`).

Module authors opt a test cell in by a comment line in it::

    # autograder: recheck

which promises that the answers it reads with ``answer(...)`` are plain data (numbers,
strings, lists, dicts, tuples, sets, bytes, dataclasses of the ``autograder`` package),
so a benign submission gets the same score both ways. Answers that are code (functions,
classes: module 4's ``estimate``) are re-checked *live*: the cell runs here while the kernel
still runs, and ``answer(name)`` is a handle that calls the learner's code in the kernel
(:mod:`.proxy`); the checker, its answer keys and reference models stay here. One such
process serves all live cells of a notebook (:mod:`.livecheck`, ``--serve FD``).

Run as ``python -m autograder.grading.recheck`` with a JSON request on stdin.
"""

from __future__ import annotations

import ast
import io
import json
import re
import sys

__all__ = ["MARKER", "answer_names", "is_marked", "preload_modules"]

MARKER = "autograder: recheck"
_MAX_STDOUT = 200_000
"""The report a re-checked cell prints (it becomes the cell's output in the autograded notebook)."""
_MARKER_RE = re.compile(r"^\s*#\s*autograder:\s*recheck\b", re.MULTILINE)


def is_marked(source: str) -> bool:
    return bool(_MARKER_RE.search(source))


def answer_names(source: str) -> list[str]:
    """Names read with ``answer("name")`` in a test cell's source."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) == "answer"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.append(node.args[0].value)
    return sorted(set(names))


def _run_cell(source: str, namespace: dict) -> dict:
    """Execute one cell like IPython would: the last expression's value is the result."""
    out, err = io.StringIO(), io.StringIO()
    real_out, real_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    result = {"error": None, "stderr": "", "stdout": "", "value_repr": None}
    try:
        tree = ast.parse(source)
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            final = tree.body.pop()
            assert isinstance(final, ast.Expr)
            last = ast.Expression(final.value)
        exec(compile(tree, "<test cell>", "exec"), namespace)
        if last is not None:
            value = eval(compile(last, "<test cell>", "eval"), namespace)
            if value is not None:
                result["value_repr"] = repr(value)
    except BaseException as exc:  # every failure of a test cell scores 0
        result["error"] = f"{type(exc).__name__}: {exc}"[:500]
    finally:
        sys.stdout, sys.stderr = real_out, real_err
    result["stderr"] = err.getvalue()[:2000]
    result["stdout"] = out.getvalue()[:_MAX_STDOUT]
    return result


def main(argv: list[str] | None = None) -> None:
    """One request of answers as data on stdin, its results on stdout; with ``--serve FD``, requests
    over that control connection, each with its cell's proxy connection to the kernel (:mod:`.livecheck`)."""
    import warnings

    warnings.simplefilter("default")
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--serve"] and len(argv) in (2, 4) and argv[2:3] in ([], ["--preload"]):
        from autograder.grading.livecheck import serve_requests

        _preload(argv[3].split(",") if len(argv) == 4 else [])
        serve_requests(int(argv[1]), _run_request)
        return
    sys.stdout.write(json.dumps(_run_request(json.load(sys.stdin), None)))


_PRELOADABLE = re.compile(r"autograder(\.[A-Za-z_]\w*)*")


def preload_modules(sources: list[str]) -> list[str]:
    """The course's modules the test cells ``sources`` import (``import autograder.x``, ``from
    autograder.x import y``), in order of first appearance: what a re-check process may import early."""
    found: list[str] = []
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
            for name in names:
                if _PRELOADABLE.fullmatch(name) and name not in found:
                    found.append(name)
    return found


def _preload(modules: list[str]) -> None:
    """Import the course's ``modules`` now; one that fails is left for the cell that needs it to report."""
    import importlib

    for name in modules:
        if _PRELOADABLE.fullmatch(name):
            try:
                importlib.import_module(name)
            except Exception:  # the cell importing it fails the same way, with its own message
                pass


def _run_request(request: dict, proxy_socket) -> dict:
    """Re-check the request's cells, each in a fresh namespace; ``proxy_socket``: the live connection."""
    from autograder.grading.snapshot import decode

    conn = None
    if proxy_socket is not None:
        from autograder.grading.proxy import Connection

        conn = Connection(proxy_socket)
    results = {}
    for cell in request["cells"]:
        namespace = {"__name__": "__main__", "__builtins__": __builtins__}
        for name, encoded in cell.get("answers", {}).items():
            namespace[name] = decode(encoded)
        if conn is not None:
            for name in cell.get("live", []):
                namespace[name] = _lookup(conn, name)
        results[cell["id"]] = _run_cell(cell["source"], namespace)
    return results


def _lookup(conn, name: str):
    from autograder.grading.proxy import Broken
    from autograder.report import Missing

    try:
        return conn.request("lookup", name=name)
    except NameError:
        return Missing(name)
    except Broken:
        return Missing(name)


if __name__ == "__main__":
    main()
