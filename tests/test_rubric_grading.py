"""Module 5 through nbgrader's whole exchange: the self-assessment file travels, hand grades reach export.

release_assignment -> fetch_assignment -> the learner writes answers and saves self-checks with the
widget -> submit -> collect -> autograde -> manual grades through nbgrader's Gradebook -> export.
"""

from __future__ import annotations

import csv
import getpass
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.course import generate_assignments
from autograder.rubric import load_rubric, self_assess

pytestmark = pytest.mark.slow

ASSIGNMENT = "05-trade-offs"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
SAVE_FILE = f"{ASSIGNMENT}.self-assessment.json"
COURSE_ID = "sysdesign-interviews"


def nbgrader(cwd: Path, exchange: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    env["HOME"] = str(exchange.parent / "home")  # nbgrader reads and writes nothing in the real home
    cmd = [
        sys.executable,
        "-m",
        "nbgrader",
        *args,
        f"--Exchange.root={exchange}",
        f"--CourseDirectory.course_id={COURSE_ID}",
    ]
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def course(tmp_path) -> Path:
    """A throw-away course folder with only this assignment generated (faster than the whole course)."""
    return generate_assignments(ROOT, tmp_path / "course", [ASSIGNMENT])


def test_self_assessment_travels_with_the_submission_and_hand_grades_reach_export(course, tmp_path):
    course_copy = course
    exchange = tmp_path / "exchange"
    exchange.mkdir(mode=0o777)
    exchange.chmod(0o777)  # nbgrader requires a world-writable exchange (umask would trim mkdir's mode)
    (tmp_path / "home").mkdir()
    learner = tmp_path / "learner"
    learner.mkdir()
    student = getpass.getuser()  # the exchange names submissions after the OS user

    nbgrader(course_copy, exchange, "release_assignment", ASSIGNMENT, "--force")
    nbgrader(learner, exchange, "fetch_assignment", ASSIGNMENT)
    work = learner / ASSIGNMENT
    assert (work / NOTEBOOK).is_file()

    # The learner writes two answers and self-checks them with the widget (clicks simulated).
    nb = nbformat.read(work / NOTEBOOK, as_version=4)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in ("redirect_status", "cache_strategy"):
            cell.source = f"My answer to {gid}: I chose one option over the other because of the cost."
    nbformat.write(nb, work / NOTEBOOK)
    first = self_assess(ASSIGNMENT, "redirect_status", folder=work)
    first.checkboxes["decision"].value = True
    first.checkboxes["cost_named"].value = True
    first.confidence.value = "sure"
    first.save_button.click()
    second = self_assess(ASSIGNMENT, "cache_strategy", folder=work)
    second.checkboxes["staleness"].value = True
    second.save_button.click()
    saved_text = (work / SAVE_FILE).read_text(encoding="utf-8")

    nbgrader(learner, exchange, "submit", ASSIGNMENT)
    nbgrader(course_copy, exchange, "collect", ASSIGNMENT)
    submitted = course_copy / "submitted" / student / ASSIGNMENT
    assert (submitted / SAVE_FILE).read_text(encoding="utf-8") == saved_text

    nbgrader(course_copy, exchange, "autograde", ASSIGNMENT, "--force")
    autograded = course_copy / "autograded" / student / ASSIGNMENT
    # Autograde runs every self-check cell headless: it reads the file and writes nothing.
    assert (autograded / SAVE_FILE).read_text(encoding="utf-8") == saved_text
    assert sorted(p.name for p in autograded.iterdir() if "corrupt" in p.name or p.suffix == ".tmp") == []
    graded_nb = nbformat.read(autograded / NOTEBOOK, as_version=4)
    plain = [
        o["data"]["text/plain"]
        for c in graded_nb.cells
        if c.metadata.get("nbgrader", {}).get("grade_id") == "redirect_status_self_check"
        for o in c.outputs
        if o.get("output_type") == "execute_result"
    ]
    assert plain == [
        f"<self-assessment of {ASSIGNMENT}/redirect_status: saved 2 of 4 points, confidence sure>"
    ]
    # The mark scheme sits right under the answer in what the grader sees (a locked cell nbgrader restores).
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in graded_nb.cells]
    assert ids[ids.index("redirect_status") + 1] == "redirect_status_mark_scheme"

    from nbgrader.api import Gradebook

    rubric = load_rubric(ASSIGNMENT)
    hand = {"redirect_status": 3, "cache_strategy": 2.5}
    with Gradebook(f"sqlite:///{course_copy / 'gradebook.db'}") as gb:
        submission = gb.find_submission(ASSIGNMENT, student)
        states = {
            g.name: (g.needs_manual_grade, g.auto_score) for nb_ in submission.notebooks for g in nb_.grades
        }
        assert states["redirect_status"] == (True, None) and states["cache_strategy"] == (True, None)
        assert states["url_store"] == (False, 0)  # left blank: zero without a grader
        for name, score in hand.items():
            grade = gb.find_grade(name, ASSIGNMENT, ASSIGNMENT, student)
            assert grade.max_score == rubric.question(name).points
            grade.manual_score = score
        gb.db.commit()

    nbgrader(course_copy, exchange, "export", "--to", "grades.csv")
    with (course_copy / "grades.csv").open(encoding="utf-8") as handle:
        rows = [
            r for r in csv.DictReader(handle) if r["assignment"] == ASSIGNMENT and r["student_id"] == student
        ]
    assert len(rows) == 1
    assert float(rows[0]["score"]) == sum(hand.values())
    assert float(rows[0]["max_score"]) == rubric.points
    assert json.loads(saved_text)["questions"]["cache_strategy"]["points"] == 1
