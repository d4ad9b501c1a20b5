"""Module 7's reference answers and the figures its text quotes, recomputed from the checker's model."""

from __future__ import annotations

import re

import pytest

from autograder.architecture import SHORTENER, check_design
from autograder.architecture.analysis import analyse_normal
from autograder.architecture.model import normalise
from autograder.course import solution_namespace
from autograder.rubric import load_rubric

ASSIGNMENT = "07-high-level-design"


@pytest.fixture(scope="module")
def answers():
    return solution_namespace(ASSIGNMENT, "lean_design", "shortener_design")


def test_reference_designs_get_full_marks(answers):
    assert check_design(answers["lean_design"], SHORTENER).score == 1.0
    assert check_design(answers["shortener_design"], SHORTENER, scope="hidden").score == 1.0


def test_the_lean_design_is_not_enough_for_grading_of_exercise_2(answers):
    """Exercise 2 asks for more than exercise 1: the lean design fails the hidden criteria."""
    assert check_design(answers["lean_design"], SHORTENER, scope="hidden").score < 1.0


def test_the_overbuilt_design_loses_burden_latency_and_capacity():
    import nbformat

    from autograder.course import find_root

    nb = nbformat.read(find_root() / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    (cell,) = [c for c in nb.cells if c.source.startswith("overbuilt = Design(")]
    namespace: dict = {}
    exec("from autograder.architecture import Component, Design\n" + cell.source, namespace)
    report = check_design(namespace["overbuilt"], SHORTENER)
    lost = {f.check.split(":")[0] for f in report.failures}
    assert {"operational burden", "latency of each flow's critical path", "utilisation at peak"} <= lost


def test_model_answer_figures_match_the_reference_design(answers):
    text = load_rubric(ASSIGNMENT).question("design_limits").model_answer
    a = analyse_normal(normalise(answers["shortener_design"]), SHORTENER)
    db, app = a.utilisation["db"], a.utilisation["app"]
    assert max(a.utilisation, key=lambda n: a.utilisation[n]) == "db"
    writes = SHORTENER.flow("create link").peak_rps  # type: ignore[union-attr]
    quoted = {
        "busy": f"about {db:.0%} busy",
        "write points": f"about {writes / 5_000 * 100:.0f} points",
        "writes": f"{writes:,.0f} new links a second",
        "hit ratio": f"{SHORTENER.hit_ratios['cache']:.0%} of them",
        "db full": f"about {1 / db:.1f} times the peak",
        "app full": f"about {1 / app:.1f} times the peak",
    }
    flat = re.sub(r"\s+", " ", text)
    for what, phrase in quoted.items():
        assert phrase in flat, f"model answer should say {phrase!r} ({what})"


@pytest.mark.slow
def test_design_cells_give_the_same_score_when_rechecked_outside_the_kernel(answers):
    """The test cells are marked for autograder grade's re-check: their answers must survive as plain data."""
    import json
    import subprocess
    import sys

    import nbformat

    from autograder.course import find_root
    from autograder.grading.recheck import answer_names, is_marked
    from autograder.grading.snapshot import encode

    nb = nbformat.read(find_root() / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    cells = {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
             if c.metadata.get("nbgrader", {}).get("grade")
             and c.metadata["nbgrader"]["grade_id"] in ("lean_design_check", "shortener_design_check")}
    request = {"cells": []}
    for grade_id, source in cells.items():
        assert is_marked(source), grade_id
        names = answer_names(source)
        request["cells"].append({"id": grade_id, "source": source,
                                 "answers": {n: json.loads(json.dumps(encode(answers[n]))) for n in names}})
    proc = subprocess.run([sys.executable, "-m", "autograder.grading.recheck"], input=json.dumps(request),
                          capture_output=True, text=True, timeout=120, check=True)
    results = json.loads(proc.stdout)
    for grade_id, value in (("lean_design_check", "4.0"), ("shortener_design_check", "6.0")):
        result = dict(results[grade_id])
        assert "checks passed" in result.pop("stdout")  # the report, shown as the cell's output at grading
        assert result == {"error": None, "stderr": "", "value_repr": value}
