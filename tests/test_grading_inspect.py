"""The grader's view of a submitted notebook: a release test cell is not an 'edited' locked cell."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from autograder.grading.inspection import without_hidden_tests as _without_hidden_tests

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "source").glob("*/*.ipynb"))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.name)
def test_hidden_tests_are_removed_exactly_as_nbgrader_removes_them(source):
    release = nbformat.read(ROOT / "release" / source.parent.name / source.name, as_version=4)
    released = {c.metadata["nbgrader"]["grade_id"]: c.source for c in release.cells if "nbgrader" in c.metadata}
    compared = 0
    for cell in nbformat.read(source, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("locked") and not meta.get("solution") and "HIDDEN TESTS" in cell.source:
            assert _without_hidden_tests(cell.source) == released[meta["grade_id"]], meta["grade_id"]
            compared += 1
    if "HIDDEN TESTS" in source.read_text():
        assert compared, f"{source.name} has hidden tests but no locked cell was compared"
