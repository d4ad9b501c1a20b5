"""A tiny nbgrader course for the grading pipeline's tests and benchmark.

``build_demo_course(root)`` writes ``nbgrader_config.py`` and ``source/demo/demo.ipynb``:
two auto-graded exercises (one of them re-checked, see :mod:`.recheck`) and one written
answer. ``demo_submission(...)`` fills the release version the way a learner would.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from autograder.report import Missing, Report

__all__ = ["build_demo_course", "check_endpoints", "check_peak_qps", "demo_notebook"]

ASSIGNMENT = "demo"


def check_peak_qps(peak_qps, *, scope: str = "visible") -> Report:
    """``peak_qps``: a number, the peak requests per second for 50 M daily requests, peak 2x average."""
    from autograder.contract import check_scope
    from autograder.grading.demo_key import PEAK_QPS  # hidden from the kernel at grading

    check_scope(scope)
    report = Report("Peak requests per second")
    if isinstance(peak_qps, Missing):
        report.add("answer given", False, peak_qps.message())
        return report
    if not isinstance(peak_qps, (int, float)) or isinstance(peak_qps, bool):
        report.add("a number", False, f"`peak_qps` should be a number of requests per second, got {type(peak_qps).__name__}.")
        return report
    expected = PEAK_QPS
    report.add("within 10% of 50M/day x 2 / 86,400 s", abs(peak_qps - expected) <= 0.1 * expected,
               f"expected about {expected:,.0f} requests/s; divide the daily requests by 86,400 s and double it.")
    if scope == "hidden":
        report.add("not the average", abs(peak_qps - expected / 2) > 0.1 * expected / 2,
                   "this is the average rate; the question asks for the peak (2x).")
    return report


def check_endpoints(endpoints) -> Report:
    """``endpoints``: a list of strings like ``"POST /urls"``."""
    report = Report("Endpoints")
    if isinstance(endpoints, Missing):
        report.add("answer given", False, endpoints.message())
        return report
    ok = isinstance(endpoints, list) and all(isinstance(e, str) for e in endpoints)
    report.add("a list of strings", ok, "write `endpoints` as a list of strings like \"POST /urls\".")
    if ok:
        methods = {e.split()[0].upper() for e in endpoints if e.split()}
        report.add("create and read", {"POST", "GET"} <= methods, "list one POST (create) and one GET (redirect).")
    return report


def _cell(kind: str, grade_id: str, source: str, **meta):
    import textwrap

    from nbformat import v4

    cell = (v4.new_code_cell if kind == "code" else v4.new_markdown_cell)(textwrap.dedent(source).strip("\n"))
    cell["id"] = grade_id
    cell.metadata["nbgrader"] = {"grade": False, "grade_id": grade_id, "locked": False, "schema_version": 3,
                                 "solution": False, "task": False, **meta}
    return cell


def demo_notebook():
    """The source notebook of the demo assignment (nbgrader metadata as authoring/nbbuild.py writes it)."""
    import nbformat
    from nbformat import v4

    nb = v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    intro = v4.new_markdown_cell("# Demo assignment\nA tiny assignment used by the grading pipeline's tests.")
    intro["id"] = "intro"
    nb.cells = [
        intro,
        _cell("code", "peak_answer", """
            ### BEGIN SOLUTION
            peak_qps = 50_000_000 / 86_400 * 2
            ### END SOLUTION
        """, solution=True),
        _cell("code", "peak_tests", """
            # autograder: recheck
            from autograder import answer
            from autograder.grading.demo import check_peak_qps
            report = check_peak_qps(answer("peak_qps"))
            ### BEGIN HIDDEN TESTS
            report = check_peak_qps(answer("peak_qps"), scope="hidden")
            ### END HIDDEN TESTS
            report.grade(2)
        """, grade=True, locked=True, points=2),
        _cell("code", "endpoints_answer", """
            ### BEGIN SOLUTION
            endpoints = ["POST /urls", "GET /{code}"]
            ### END SOLUTION
        """, solution=True),
        _cell("code", "endpoints_tests", """
            from autograder import answer
            from autograder.grading.demo import check_endpoints
            report = check_endpoints(answer("endpoints"))
            report.grade(1)
        """, grade=True, locked=True, points=1),
        _cell("markdown", "tradeoff", "A 302 keeps every click visible to analytics; a 301 is cached by browsers.",
              grade=True, solution=True, points=1),
    ]
    nbformat.validate(nb)
    return nb


def build_demo_course(root: str | Path, *, config_from: str | Path | None = None) -> Path:
    """Write a course folder with ``source/demo/demo.ipynb`` and an nbgrader_config.py."""
    import nbformat

    root = Path(root)
    (root / "source" / ASSIGNMENT).mkdir(parents=True, exist_ok=True)
    if config_from is not None:
        shutil.copy(config_from, root / "nbgrader_config.py")
    else:
        (root / "nbgrader_config.py").write_text(
            'c = get_config()\nc.CourseDirectory.course_id = "demo"\nc.Execute.timeout = 20\n'
            "c.Execute.interrupt_on_timeout = True\n", encoding="utf-8")
    nbformat.write(demo_notebook(), root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    return root


def solution_source(cell_source: str) -> str:
    """The solution between the markers, markers removed."""
    lines = cell_source.splitlines()
    keep = [ln for ln in lines if ln.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")]
    return "\n".join(keep)


def fill(notebook_path: str | Path, answers: dict[str, str], *, use_solutions: bool = True):
    """A submission built from a (source or release) notebook: replace answer cells' sources."""
    import nbformat

    nb = nbformat.read(notebook_path, as_version=4)
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
        elif use_solutions and cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            cell.source = solution_source(cell.source)
    return nb


def write_submission(course: str | Path, student: str, nb, *, assignment: str = ASSIGNMENT,
                     name: str | None = None, timestamp: str = "2026-11-25 12:00:00.000000 UTC") -> Path:
    folder = Path(course) / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name or assignment}.ipynb"
    if isinstance(nb, (str, bytes)):
        target.write_text(nb if isinstance(nb, str) else nb.decode(), encoding="utf-8")
    else:
        target.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    (folder / "timestamp.txt").write_text(timestamp, encoding="utf-8")
    return target
