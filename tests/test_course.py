"""Release generation and the learner's workspace: deterministic, and nothing of a learner's is lost."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.course import CourseError, assignments, find_root, generate_release, make_workspace

ROOT = Path(__file__).resolve().parents[1]


def test_find_root_walks_up_and_explains_when_there_is_none(tmp_path):
    assert find_root(ROOT / "source") == ROOT
    with pytest.raises(CourseError, match="nbgrader_config.py"):
        find_root(tmp_path)


def test_assignments_are_the_source_folders_in_order():
    names = assignments(ROOT)
    assert names == sorted(names) and names, names
    assert all((ROOT / "source" / n).is_dir() for n in names)


@pytest.fixture
def small_course(tmp_path) -> Path:
    """A course copy with one real assignment, as a git repository."""
    course = tmp_path / "course"
    name = assignments(ROOT)[0]
    (course / "source").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "source" / name, course / "source" / name)
    subprocess.run(["git", "init", "-q"], cwd=course, check=True)
    return course


def _commit(course):
    subprocess.run(["git", "add", "-A"], cwd=course, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"], cwd=course,
                   check=True)


@pytest.mark.slow
def test_release_is_deterministic_checkable_and_protects_hand_edits(small_course):
    name = assignments(small_course)[0]
    first = generate_release(small_course)
    assert first.written and not first.unchanged
    released = small_course / "release" / name / f"{name}.ipynb"
    before = released.read_bytes()
    _commit(small_course)

    again = generate_release(small_course)
    assert not again.written and again.unchanged, "a second generation must change nothing"
    assert released.read_bytes() == before
    generate_release(small_course, check=True)  # up to date: no error

    released.write_text(before.decode().replace("YOUR CODE HERE", "my own answer", 1))
    with pytest.raises(CourseError, match="stale"):
        generate_release(small_course, check=True)
    with pytest.raises(CourseError, match="uncommitted edits"):
        generate_release(small_course)
    assert "my own answer" in released.read_text(), "a hand edit must survive a refused release"
    generate_release(small_course, force=True)
    assert released.read_bytes() == before


def test_workspace_copies_once_and_never_overwrites(tmp_path):
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "release", course / "release")
    copied, kept = make_workspace(course)
    assert copied and not kept
    mine = copied[0]
    mine.write_text("my work")
    copied2, kept2 = make_workspace(course)
    assert not copied2 and mine in kept2
    assert mine.read_text() == "my work"


def test_cli_reports_a_missing_course_clearly(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["workspace"]) == 2
    err = capsys.readouterr().err
    assert "No course folder found" in err and "Traceback" not in err


def test_solution_namespace_runs_solution_cells_and_names_a_missing_one():
    from autograder.course import solution_namespace

    name = assignments(ROOT)[0]
    with pytest.raises(CourseError, match="no cell with grade_id 'no_such_cell'"):
        solution_namespace(name, "no_such_cell", root=ROOT)
    ns = solution_namespace("01-coding-vs-design", "prompt_labels", root=ROOT)
    assert isinstance(ns["prompt_labels"], dict) and ns["prompt_labels"]
