"""The Canvas and Moodle export plugins: nbgrader's export option and filters, the LMS's CSV layout."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from autograder.instructor.demo import CellSpec, write_gradebook
from autograder.instructor.lms import CanvasExportPlugin, MoodleExportPlugin

CELLS = {"01-intro": [CellSpec("t1", 2), CellSpec("w1", 3, "markdown")], "02-api": [CellSpec("t2", 4)]}
SCORES = {
    ("01-intro", "ada"): {"t1": (2, None), "w1": (None, 2.5)},
    ("01-intro", "bo"): {"t1": (1, None), "w1": (None, None)},  # awaits a manual grade
    ("02-api", "ada"): {"t2": (3.5, None)},
}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("lms") / "gradebook.db"
    write_gradebook(path, CELLS, ["ada", "bo", "cy"], SCORES, course_id="demo-course")
    return path


def export(db: Path, plugin_class, tmp_path: Path, **traits) -> list[list[str]]:
    from nbgrader.api import Gradebook

    dest = tmp_path / "out.csv"
    plugin = plugin_class(to=str(dest), **traits)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(f"sqlite:///{db}", course_id="demo-course") as gb:
            plugin.export(gb)
    return list(csv.reader(io.StringIO(dest.read_text(encoding="utf-8"))))


def test_demo_gradebook_reads_back_through_nbgraders_api(db):
    from nbgrader.api import Gradebook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(f"sqlite:///{db}", course_id="demo-course") as gb:
            assert gb.find_submission("01-intro", "ada").score == 4.5
            assert gb.find_submission("01-intro", "bo").needs_manual_grade
            assert gb.find_assignment("01-intro").max_score == 5
            assert [s.id for s in gb.students] == ["ada", "bo", "cy"]


def test_canvas_layout(db, tmp_path):
    rows = export(db, CanvasExportPlugin, tmp_path, section="Fall 2026")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "01-intro", "02-api"]
    assert rows[1] == ["    Points Possible", "", "", "", "", "5", "4"]
    assert rows[2] == ["Learner ada, Demoada", "", "ada", "ada", "Fall 2026", "4.5", "3.5"]
    assert rows[3] == ["Learner bo, Demobo", "", "bo", "bo", "Fall 2026", "1", ""]  # bo did not submit 02
    assert rows[4][5:] == ["", ""]  # cy submitted nothing: empty cells leave Canvas's grades alone


def test_moodle_layout_points_and_percent(db, tmp_path):
    rows = export(db, MoodleExportPlugin, tmp_path)
    assert rows[0] == ["Username", "User ID", "Email address", "First name", "Last name", "01-intro", "02-api"]
    assert rows[1] == ["ada", "", "ada@example.invalid", "Demoada", "Learner ada", "4.5", "3.5"]
    rows = export(db, MoodleExportPlugin, tmp_path, percent=True, missing_as_zero=True)
    assert rows[1][5:] == ["90", "87.5"] and rows[3][5:] == ["0", "0"]


def test_nbgraders_student_and_assignment_filters(db, tmp_path):
    rows = export(db, CanvasExportPlugin, tmp_path, assignment=["02-api"], student=["ada", "nobody"])
    assert rows[0][5:] == ["02-api"]
    assert [r[2] for r in rows[2:]] == ["ada"]


@pytest.mark.slow
def test_selected_with_nbgraders_own_export_option(db, tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    (course / "gradebook.db").write_bytes(db.read_bytes())
    (course / "nbgrader_config.py").write_text('c = get_config()\nc.CourseDirectory.course_id = "demo-course"\n')
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    for plugin, name in (("CanvasExportPlugin", "canvas.csv"), ("MoodleExportPlugin", "moodle.csv")):
        proc = subprocess.run([sys.executable, "-m", "nbgrader", "export",
                               f"--exporter=autograder.instructor.lms.{plugin}", f"--to={name}",
                               "--assignment=01-intro", "--student=bo"],
                              cwd=course, env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        rows = list(csv.reader(io.StringIO((course / name).read_text(encoding="utf-8"))))
        assert rows[0][-1] == "01-intro" and rows[-1][-1] == "1" and len(rows) == (3 if plugin.startswith("C") else 2)
        assert "still needs a manual grade" in proc.stderr
