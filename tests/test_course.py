"""Release generation and the learner's workspace: deterministic, and nothing of a learner's is lost."""

from __future__ import annotations

import json
import os
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


@pytest.fixture
def course_copy(tmp_path) -> Path:
    """A course folder with the committed release/ and learner notebooks (no git)."""
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "release", course / "release")
    shutil.copytree(ROOT / "notebooks", course / "notebooks")
    return course


def _ran(path: Path) -> None:
    """What running a notebook and saving it does: outputs, counts and metadata, no source edit."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["ran\n"]}]
            cell["execution_count"] = 1
    nb["metadata"]["language_info"] = {"name": "python", "version": "3.11.7"}
    path.write_text(json.dumps(nb, indent=2), encoding="utf-8")


def _course_update(course: Path, rel: str) -> bytes:
    """Change the course's version of ``rel`` (a new markdown cell at the end); returns its bytes."""
    path = course / rel
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "id": "course-update", "metadata": {}, "source": "Updated."})
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path.read_bytes()


MODULE = "01-coding-vs-design/01-coding-vs-design.ipynb"


def test_workspace_holds_the_start_page_the_references_and_every_module(course_copy):
    result = make_workspace(course_copy)
    workspace = course_copy / "my-work"
    assert result.workspace == workspace and not (result.updated or result.offered or result.kept)
    names = {p.relative_to(workspace).as_posix() for p in result.copied}
    modules = {f"{p.parent.name}/{p.name}" for p in (course_copy / "release").glob("*/*.ipynb")}
    assert names == modules | {"00-start-here.ipynb", "reference-numbers.ipynb", "building-blocks.ipynb",
                               "my-progress.ipynb"}
    assert not (workspace / "instructor-dashboard.ipynb").exists()
    for name in names:  # exact copies
        origin = course_copy / ("notebooks" if "/" not in name else "release") / name
        assert (workspace / name).read_bytes() == origin.read_bytes(), name
    manifest = json.loads((workspace / ".course-manifest.json").read_text(encoding="utf-8"))["files"]
    assert set(manifest) == names


def test_workspace_never_overwrites_and_keeps_an_unchanged_run(course_copy):
    make_workspace(course_copy)
    mine = course_copy / "my-work" / MODULE
    mine.write_text("my work", encoding="utf-8")
    again = make_workspace(course_copy)
    assert not again.copied and not again.updated and not again.offered and mine in again.kept
    assert mine.read_text(encoding="utf-8") == "my work"


def test_a_course_update_replaces_a_notebook_the_learner_only_opened_and_ran(course_copy):
    make_workspace(course_copy)
    mine = course_copy / "my-work" / MODULE
    _ran(mine)  # outputs and metadata are not edits
    new = _course_update(course_copy, f"release/{MODULE}")
    result = make_workspace(course_copy)
    assert result.updated == [mine] and not result.offered
    assert mine.read_bytes() == new
    assert "updated  " + MODULE in "\n".join(result.messages())


def test_a_course_update_never_touches_an_edited_notebook_and_is_put_beside_it_once(course_copy):
    make_workspace(course_copy)
    mine = course_copy / "my-work" / MODULE
    nb = json.loads(mine.read_text(encoding="utf-8"))
    answer = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "prompt_labels")
    answer["source"] = "prompt_labels = {'two_sum': ('coding', 'algorithm')}"
    mine.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    edited = mine.read_bytes()

    new = _course_update(course_copy, f"release/{MODULE}")
    result = make_workspace(course_copy)
    assert mine.read_bytes() == edited, "the learner's answer must never be overwritten"
    ((kept, beside),) = result.offered
    assert kept == mine and beside.parent == mine.parent and beside.read_bytes() == new
    assert beside.name.startswith("01-coding-vs-design.course-update-") and beside.suffix == ".ipynb"
    text = "\n".join(result.messages())
    assert "kept     " + MODULE in text and beside.name in text and "you changed it" in text

    third = make_workspace(course_copy)  # offered once: nothing new the next time
    assert not third.offered and not third.updated and mine.read_bytes() == edited
    assert sorted(p.name for p in mine.parent.glob("*.course-update-*")) == [beside.name]


def test_a_file_from_before_the_manifest_counts_as_the_learners(course_copy):
    workspace = course_copy / "my-work" / "01-coding-vs-design"
    workspace.mkdir(parents=True)
    (workspace / "01-coding-vs-design.ipynb").write_text("an older workspace's copy", encoding="utf-8")
    result = make_workspace(course_copy)
    assert (workspace / "01-coding-vs-design.ipynb").read_text(encoding="utf-8") == "an older workspace's copy"
    assert [mine for mine, _ in result.offered] == [workspace / "01-coding-vs-design.ipynb"]


def test_a_deleted_copy_comes_back_and_learner_files_stay(course_copy):
    make_workspace(course_copy)
    workspace = course_copy / "my-work"
    (workspace / MODULE).unlink()
    saved = workspace / "05-trade-offs" / "05-trade-offs.self-assessment.json"
    saved.write_text("{}", encoding="utf-8")
    (workspace / ".course-manifest.json").write_text("not json", encoding="utf-8")  # damaged: no crash
    result = make_workspace(course_copy)
    assert result.copied == [workspace / MODULE]
    assert saved.read_text(encoding="utf-8") == "{}"


def test_workspace_outside_a_course_folder_uses_the_package(tmp_path, monkeypatch):
    """Outside any course folder the files come from the package (here: the clone it was imported from)
    and my-work/ is made in the current folder."""
    monkeypatch.chdir(tmp_path)
    result = make_workspace()
    assert result.workspace == tmp_path / "my-work"
    assert (tmp_path / "my-work" / "00-start-here.ipynb").is_file()


def test_cli_reports_a_missing_course_clearly(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["release"]) == 2
    err = capsys.readouterr().err
    assert "No course folder found" in err and "Traceback" not in err


def test_solution_namespace_runs_solution_cells_and_names_a_missing_one():
    from autograder.course import solution_namespace

    name = assignments(ROOT)[0]
    with pytest.raises(CourseError, match="no cell with grade_id 'no_such_cell'"):
        solution_namespace(name, "no_such_cell", root=ROOT)
    ns = solution_namespace("01-coding-vs-design", "prompt_labels", root=ROOT)
    assert isinstance(ns["prompt_labels"], dict) and ns["prompt_labels"]


def test_learner_lab_serves_the_workspace_with_the_learner_config_first(tmp_path, monkeypatch):
    from autograder.course import LEARNER_CONFIG, START_PAGE, learner_lab_command

    monkeypatch.setenv("JUPYTER_CONFIG_PATH", "/etc/site-jupyter")
    argv, env = learner_lab_command(tmp_path, port=9999, extra=["--", "--no-browser"])
    assert argv[1:4] == ["-m", "jupyter", "lab"] and argv[-1] == "--no-browser" and "--" not in argv
    assert f"--ServerApp.root_dir={tmp_path.resolve()}" in argv and "9999" in argv
    assert f"--LabApp.default_url=/lab/tree/{START_PAGE}" in argv and "127.0.0.1" in argv
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [str(LEARNER_CONFIG), "/etc/site-jupyter"]
    disabled = json.loads((LEARNER_CONFIG / "labconfig" / "page_config.json").read_text())["disabledExtensions"]
    assert "@jupyter/nbgrader:validate-assignment" not in disabled and "@jupyter/nbgrader:formgrader" in disabled
