"""Every module's solutions get every automatic point when graded in the sandbox, as instructors grade.

The round trip (tests/test_roundtrip.py) pins nbgrader's exact scores without the sandbox; this
runs the same solutions through `autograder check`, which is `autograder grade`'s pipeline for one
notebook: bubblewrap, no network, an unprivileged uid, limits, hidden tests and the re-check of
marked cells outside the kernel. Module 3's PostgreSQL server runs inside the sandbox here.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from roundtrip import Sample, build_submission

from autograder.course import assignments
from autograder.grading import check
from autograder.grading.sandbox import sandbox_status

ROOT = Path(__file__).resolve().parents[1]
MODULES = assignments(ROOT)
HAVE_SANDBOX, WHY = sandbox_status()

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("assignment", MODULES)
def test_solutions_get_every_automatic_point_in_the_sandbox(assignment, tmp_path):
    if not HAVE_SANDBOX:
        if os.environ.get("CI"):
            pytest.fail(f"bubblewrap sandbox unavailable ({WHY}): sandboxed grading must run in CI")
        pytest.skip(f"bubblewrap sandbox unavailable here ({WHY})")
    source = ROOT / "source" / assignment / f"{assignment}.ipynb"
    release = ROOT / "release" / assignment / f"{assignment}.ipynb"
    sample = Sample(assignment=assignment, name="full-solutions", path=Path("full-solutions.yaml"), verdict="full",
                    use_solutions=True)
    mine = tmp_path / f"{assignment}.ipynb"
    mine.write_text(build_submission(sample, release, source), encoding="utf-8")
    result = check(mine, course_dir=ROOT, require_sandbox=True)
    assert result.status == "graded", result.reasons
    auto = [q for q in result.questions if q.score is not None]
    lost = {q.grade_id: (q.score, q.points, q.feedback[-600:]) for q in auto if q.score < q.points - 1e-9}
    assert not lost, lost
    assert auto or assignment == "05-trade-offs"  # module 5's answers are all graded by hand
    assert not [r for r in result.reasons if "re-run in a fresh interpreter" in r], result.reasons
    assert nbformat.reads(mine.read_text(encoding="utf-8"), as_version=4)  # the learner's file untouched
