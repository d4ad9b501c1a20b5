"""Progress across the workspace, resetting to the release, model solutions, and `autograder check`'s output.

Fast tests use the course's own source/ and release/ (copied into a temporary workspace); the two
slow ones grade a real module with its hidden tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import autograder
from autograder.cli import main
from autograder.grading.selfcheck import CheckResult, Question
from autograder.progress import (
    ProgressError,
    check_targets,
    find_workspace,
    format_check,
    model_solution,
    progress,
    reset,
)
from autograder.rubric import load_rubric, save_self_assessment

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(p.name for p in (ROOT / "source").iterdir() if (p / f"{p.name}.ipynb").is_file())


def _nb(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _cell(nb: dict, grade_id: str) -> dict:
    return next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)


def _set_source(path: Path, grade_id: str, text: str) -> None:
    nb = _nb(path)
    _cell(nb, grade_id)["source"] = text
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def _solution_code(assignment: str, grade_id: str) -> str:
    source = "".join(_cell(_nb(ROOT / "source" / assignment / f"{assignment}.ipynb"), grade_id)["source"])
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")).strip("\n")


def _exercises(assignment: str) -> list[str]:
    nb = _nb(ROOT / "release" / assignment / f"{assignment}.ipynb")
    return [c["metadata"]["nbgrader"]["grade_id"] for c in nb["cells"]
            if c["cell_type"] == "code" and c["metadata"].get("nbgrader", {}).get("solution")]


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """A learner's workspace holding modules 2 and 5 as released; the current folder is elsewhere."""
    ws = tmp_path / "ws"
    for name in ("02-api-contracts", "05-trade-offs"):
        shutil.copytree(ROOT / "release" / name, ws / name)
    monkeypatch.chdir(tmp_path)
    return ws


API = "02-api-contracts"


# -- finding notebooks ------------------------------------------------------------------------------


def test_check_targets_take_a_notebook_a_module_or_the_workspace(workspace, monkeypatch):
    api_nb = workspace / API / f"{API}.ipynb"
    assert check_targets(api_nb) == [api_nb]
    assert check_targets(workspace / API) == [api_nb]
    assert check_targets(workspace) == [api_nb, workspace / "05-trade-offs" / "05-trade-offs.ipynb"]
    monkeypatch.chdir(workspace / API)  # no path: the workspace found from here, every module
    assert [p.parent.name for p in check_targets()] == [API, "05-trade-offs"]


@pytest.mark.parametrize(("make", "message"), [
    (lambda ws: ws / "nope", "does not exist"),
    (lambda ws: (ws / "notes.txt", (ws / "notes.txt").write_text("x"))[0], "not a notebook"),
    (lambda ws: (ws / "empty", (ws / "empty").mkdir())[0], "holds no notebook"),
])
def test_check_targets_refuse_bad_paths_clearly(workspace, make, message):
    with pytest.raises(ProgressError, match=message):
        check_targets(make(workspace))


def test_find_workspace_from_inside_a_module_and_from_the_course_root(workspace, tmp_path):
    assert find_workspace(workspace / API) == workspace
    assert find_workspace(workspace / API / f"{API}.ipynb") == workspace
    course = tmp_path / "course"
    (course / "my-work").mkdir(parents=True)
    shutil.copytree(workspace / API, course / "my-work" / API)
    assert find_workspace(course) == course / "my-work"
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    with pytest.raises(ProgressError, match="No workspace found"):
        find_workspace(lonely)


# -- progress ---------------------------------------------------------------------------------------


def test_progress_lists_every_module_and_each_written_answers_state(workspace):
    trade_offs = workspace / "05-trade-offs"
    _set_source(trade_offs / "05-trade-offs.ipynb", "redirect_status", "I would return 302 because ...")
    question = load_rubric("05-trade-offs").question("redirect_status")
    save_self_assessment("05-trade-offs", "redirect_status",
                         {"criteria": {c.id: i < 3 for i, c in enumerate(question.criteria)}, "points": 3,
                          "max_points": 4, "confidence": None, "saved_at": "2026-01-01T00:00:00Z"}, trade_offs)
    result = progress(workspace, run_checks=False, course_dir=ROOT)
    assert [m.assignment for m in result.modules] == MODULES
    by_name = {m.assignment: m for m in result.modules}
    assert by_name["01-coding-vs-design"].status == "not started"
    assert by_name[API].status == "not checked"
    answers = {w.question: w for w in by_name["05-trade-offs"].written}
    assert set(answers) == set(load_rubric("05-trade-offs").questions)
    assert answers["redirect_status"].written and answers["redirect_status"].self_assessed == 3
    assert not answers["url_store"].written and answers["url_store"].self_assessed is None
    text = result.text()
    assert "redirect_status: written, self-assessed 3 of 4" in text
    assert "url_store: not written yet, not self-assessed" in text
    every_written = sum(len(load_rubric(m).questions) for m in MODULES)  # modules not started are listed too
    assert f"1 of {every_written} written answers self-assessed" in text
    assert "checks not run" in text
    assert "<table>" in result._repr_html_() and "redirect_status" in result._repr_html_()


def test_progress_says_when_hidden_checks_are_unavailable(workspace, monkeypatch, tmp_path):
    """An installed package: no course folder anywhere, so no hidden checks - said, not a traceback."""
    monkeypatch.setattr(autograder, "__file__", str(tmp_path / "site-packages" / "autograder" / "__init__.py"))
    result = progress(workspace, run_checks=True)
    assert [m.assignment for m in result.modules] == [API, "05-trade-offs"]
    assert all(m.status == "not checked" for m in result.modules)
    assert "hidden checks unavailable" in result.checks and "source/" in result.checks


def test_progress_command_without_checks(workspace, capsys):
    assert main(["progress", str(workspace), "--no-check", "--course", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert "05-trade-offs: not checked" in out and "01-coding-vs-design: not started" in out


# -- reset ------------------------------------------------------------------------------------------


def test_reset_one_exercise_keeps_the_others_and_a_backup(workspace):
    path = workspace / API / f"{API}.ipynb"
    first, second = _exercises(API)[:2]
    _set_source(path, first, "shortener_api = ['my first try']")
    _set_source(path, second, "class KeyService: ...  # mine, keep it")
    before = path.read_bytes()
    result = reset(path, first, course_dir=ROOT)
    nb = _nb(path)
    released = _cell(_nb(ROOT / "release" / API / f"{API}.ipynb"), first)
    assert _cell(nb, first)["source"] == released["source"]
    assert "".join(_cell(nb, second)["source"]) == "class KeyService: ...  # mine, keep it"
    assert result.replaced == [path] and result.backup is not None
    assert result.backup.parent == workspace / "backups" / API
    assert (result.backup / path.name).read_bytes() == before  # what it replaced, byte for byte
    assert "Reload Notebook from Disk" in result.text()


def test_reset_of_an_exercise_as_released_changes_nothing(workspace):
    path = workspace / API / f"{API}.ipynb"
    before = path.read_bytes()
    result = reset(path, _exercises(API)[0], course_dir=ROOT)
    assert path.read_bytes() == before and result.backup is None and not (workspace / "backups").exists()
    assert "already as released" in result.text()


@pytest.mark.parametrize(("grade_id", "message"), [
    ("no_such_exercise", "is not in this module"),
    ("shortener_api_check", "is not an exercise"),
    ("", "grade id"),
])
def test_reset_refuses_what_is_not_an_exercise_and_writes_nothing(workspace, grade_id, message):
    path = workspace / API / f"{API}.ipynb"
    _set_source(path, "shortener_api", "shortener_api = []")
    before = path.read_bytes()
    with pytest.raises(ProgressError, match=message) as info:
        reset(path, grade_id, course_dir=ROOT)
    if grade_id:
        assert "shortener_api" in str(info.value)  # names the exercises there are
    assert path.read_bytes() == before and not (workspace / "backups").exists()


def test_reset_refuses_a_deleted_cell_and_an_unreadable_notebook(workspace):
    path = workspace / API / f"{API}.ipynb"
    nb = _nb(path)
    nb["cells"] = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") != "key_service"]
    path.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(ProgressError, match="no cell 'key_service' any more"):
        reset(path, "key_service", course_dir=ROOT)
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(ProgressError, match="cannot be read as a notebook"):
        reset(path, "key_service", course_dir=ROOT)
    assert path.read_text(encoding="utf-8") == "{ not json" and not (workspace / "backups").exists()


def test_reset_a_module_backs_up_what_it_replaces_and_keeps_other_files(workspace):
    module = workspace / "05-trade-offs"
    path = module / "05-trade-offs.ipynb"
    _set_source(path, "redirect_status", "My answer, which I want to keep somewhere.")
    edited = path.read_bytes()
    (module / "my-notes.txt").write_text("mine")
    result = reset(module, course_dir=ROOT)
    assert path.read_bytes() == (ROOT / "release" / "05-trade-offs" / "05-trade-offs.ipynb").read_bytes()
    assert (result.backup / "05-trade-offs.ipynb").read_bytes() == edited
    assert (module / "my-notes.txt").read_text() == "mine" and result.kept == [module / "my-notes.txt"]
    again = reset(module, course_dir=ROOT)  # now as released: nothing replaced, no new backup
    assert not again.replaced and again.backup is None


def test_reset_a_module_by_name_restores_a_deleted_notebook(workspace, monkeypatch):
    path = workspace / API / f"{API}.ipynb"
    path.unlink()
    monkeypatch.chdir(workspace)
    result = reset(API, course_dir=ROOT)
    assert result.created == [path] and result.backup is None
    assert path.read_bytes() == (ROOT / "release" / API / f"{API}.ipynb").read_bytes()


def test_two_resets_in_one_second_keep_two_backups(workspace):
    path = workspace / API / f"{API}.ipynb"
    backups = []
    for attempt in ("first", "second"):
        _set_source(path, "shortener_api", f"shortener_api = ['{attempt}']")
        backups.append(reset(path, "shortener_api", course_dir=ROOT).backup)
    assert backups[0] != backups[1]
    assert "first" in (backups[0] / path.name).read_text() and "second" in (backups[1] / path.name).read_text()


def test_reset_command_reports_and_refuses_with_exit_code_2(workspace, capsys):
    path = workspace / API / f"{API}.ipynb"
    _set_source(path, "shortener_api", "shortener_api = []")
    assert main(["reset", str(path), "shortener_api", "--course", str(ROOT)]) == 0
    assert "Your earlier version is kept in" in capsys.readouterr().out
    assert main(["reset", str(path), "nope", "--course", str(ROOT)]) == 2
    err = capsys.readouterr().err
    assert "autograder reset: 'nope' is not in this module" in err and "Traceback" not in err
    assert main(["reset", str(path), "--course", str(ROOT)]) == 2  # a notebook without an exercise: ambiguous
    assert "To reset the whole module" in capsys.readouterr().err


# -- model solutions --------------------------------------------------------------------------------


def test_no_model_solution_before_an_attempt(workspace):
    path = workspace / API / f"{API}.ipynb"
    solution = model_solution("shortener_api", path, course_dir=ROOT)
    assert solution.code is None and "Try 'shortener_api' first" in solution.message


def test_model_solution_after_the_answer_changed(workspace):
    path = workspace / API / f"{API}.ipynb"
    _set_source(path, "shortener_api", "shortener_api = ['my try']")
    solution = model_solution("shortener_api", path, course_dir=ROOT)
    assert solution.code == _solution_code(API, "shortener_api")
    assert "BEGIN SOLUTION" not in solution.code and solution.code in solution.text()
    assert "<pre><code>" in solution._repr_html_()


def test_model_solution_after_the_check_ran_on_the_stub(workspace, monkeypatch):
    path = workspace / API / f"{API}.ipynb"
    nb = _nb(path)
    _cell(nb, "shortener_api_check")["execution_count"] = 3
    path.write_text(json.dumps(nb), encoding="utf-8")
    monkeypatch.chdir(workspace / API)  # the notebook is found in the current folder, as in a kernel
    assert model_solution("shortener_api", course_dir=ROOT).code == _solution_code(API, "shortener_api")


def test_model_solution_explains_what_it_cannot_show(workspace, monkeypatch, tmp_path):
    path = workspace / API / f"{API}.ipynb"
    _set_source(path, "shortener_api", "shortener_api = ['my try']")
    assert "written answer" in model_solution("api_evolution", path, course_dir=ROOT).message
    assert "not an exercise" in model_solution("shortener_api_check", path, course_dir=ROOT).message
    assert "has no exercise 'nope'" in model_solution("nope", path, course_dir=ROOT).message
    monkeypatch.setenv("AUTOGRADER_SOLUTIONS", "off")
    assert "switched off" in model_solution("shortener_api", path, course_dir=ROOT).message
    monkeypatch.delenv("AUTOGRADER_SOLUTIONS")
    monkeypatch.setattr(autograder, "__file__", str(tmp_path / "site-packages" / "autograder" / "__init__.py"))
    installed = model_solution("shortener_api", path)  # no course folder: an installed package
    assert installed.code is None and "source/ folder, which is not here" in installed.message


def test_solution_command(workspace, capsys):
    path = workspace / API / f"{API}.ipynb"
    assert main(["solution", str(path), "shortener_api", "--course", str(ROOT)]) == 1
    assert "first" in capsys.readouterr().out
    _set_source(path, "shortener_api", "shortener_api = ['my try']")
    assert main(["solution", str(path), "shortener_api", "--course", str(ROOT)]) == 0
    assert _solution_code(API, "shortener_api") in capsys.readouterr().out


@pytest.mark.parametrize("assignment", MODULES)
def test_release_notebooks_hold_no_model_solution(assignment):
    release = (ROOT / "release" / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8")
    for grade_id in _exercises(assignment):
        code = _solution_code(assignment, grade_id)
        lines = [line.strip() for line in code.splitlines() if len(line.strip()) > 25]
        assert lines, f"{assignment}:{grade_id} has no solution lines to look for"
        leaked = [line for line in lines if json.dumps(line)[1:-1] in release]
        # an import or a comment may be shared with the stub; the solution itself may not
        assert len(leaked) < len(lines), f"{assignment}:{grade_id}: the release holds its solution"


# -- what `autograder check` prints ------------------------------------------------------------------


def _result(*questions: Question, status: str = "graded", reasons=()) -> CheckResult:
    return CheckResult(notebook=Path("my-work/05-trade-offs/05-trade-offs.ipynb"), assignment="05-trade-offs",
                       questions=list(questions), status=status, reasons=list(reasons), sandbox="bubblewrap sandbox")


def test_check_output_labels_hand_graded_points():
    written_only = _result(*(Question(q, 4, 0.0, "", manual=True) for q in ("a", "b", "c", "d")))
    text = format_check(written_only)
    assert "Score: 0 of 0 auto-graded points; 16 points graded by hand (not in this score)." in text
    assert "- a: graded by hand (4 points)" in text
    mixed = _result(Question("api_check", 6, 4.5, "Contract: 3 of 4 checks passed"), Question("t", 1, 1.0, ""),
                    Question("essay", 4, None, ""))
    text = format_check(mixed)
    assert "- api_check: 4.5 of 6 points" in text and "- t: 1 of 1 point" in text
    assert "    Contract: 3 of 4 checks passed" in text
    assert "Score: 5.5 of 7 auto-graded points; 4 points graded by hand (not in this score)." in text
    assert format_check(_result(Question("t", 2, 2.0, ""))).endswith("Score: 2 of 2 auto-graded points.")
    failed = format_check(_result(status="failed", reasons=["kernel died"]))
    assert "Grading failed: kernel died" in failed and "Score" not in failed


def test_check_command_refuses_a_folder_without_notebooks(tmp_path, capsys):
    assert main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "holds no notebook" in err and "Traceback" not in err


# -- slow: real grading ------------------------------------------------------------------------------


def _env() -> dict:
    py = Path(sys.executable)
    return dict(os.environ, PATH=f"{py.parent}:{os.environ.get('PATH', '')}",
                AUTOGRADER_CACHE=os.environ.get("AUTOGRADER_CACHE") or tempfile.mkdtemp(prefix="ag-cache-test-"))


@pytest.mark.slow  # grades module 5 in a kernel (and its template once)
def test_check_command_on_a_workspace_shows_progress_and_hand_graded_points(tmp_path, monkeypatch):
    ws = tmp_path / "ws"
    shutil.copytree(ROOT / "release" / "05-trade-offs", ws / "05-trade-offs")
    _set_source(ws / "05-trade-offs" / "05-trade-offs.ipynb", "redirect_status", "302, because clicks count.")
    env = _env()
    proc = subprocess.run([sys.executable, "-m", "autograder", "check", str(ws), "--course", str(ROOT)],
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "checking 05-trade-offs.ipynb (hidden tests included" in proc.stderr and "done in" in proc.stderr
    assert "Score: 0 of 0 auto-graded points; 20 points graded by hand (not in this score)." in proc.stdout
    assert "- redirect_status: graded by hand (4 points)" in proc.stdout
    assert "Traceback" not in proc.stderr

    # The same workspace's progress, the check included (the template is cached by now).
    monkeypatch.setenv("AUTOGRADER_CACHE", env["AUTOGRADER_CACHE"])
    seen: list[str] = []
    result = progress(ws, course_dir=ROOT, on_module=lambda i, n, name: seen.append(name))
    assert seen == MODULES
    module = {m.assignment: m for m in result.modules}["05-trade-offs"]
    assert module.status == "checked", module.note
    assert (module.auto_score, module.auto_points, module.hand_points) == (0, 0, 20)
    assert "05-trade-offs: 0 of 0 auto-graded points; 20 points graded by hand" in result.text()
    assert "hidden tests included" in result.checks


def test_show_outside_a_notebook_prints_the_progress_and_nothing_to_stderr(workspace, capsys):
    from autograder.progress import show

    show(workspace, run_checks=False, course_dir=ROOT)
    out, err = capsys.readouterr()
    assert f"Your progress in {workspace}" in out and "05-trade-offs: not checked" in out and err == ""
    show(workspace.parent / "elsewhere", run_checks=False)  # no workspace there: a sentence, not a traceback
    out, err = capsys.readouterr()
    assert "No workspace found" in out and err == ""


def test_show_in_ipython_updates_one_display_with_the_table(workspace, monkeypatch):
    from IPython.core.interactiveshell import InteractiveShell

    from autograder.progress import show

    shell = InteractiveShell.instance()
    published: list[tuple[dict, bool]] = []
    monkeypatch.setattr(shell.display_pub, "publish",
                        lambda data, metadata=None, *, transient=None, update=False, **kw: published.append((data, update)))
    try:
        show(workspace, run_checks=False, course_dir=ROOT)
    finally:
        InteractiveShell.clear_instance()
    first, *updates = published
    assert not first[1] and "Looking for your workspace" in first[0]["text/html"]
    assert updates and all(update for _, update in updates)  # the same output, updated in place
    assert "<table>" in updates[-1][0]["text/html"] and "redirect_status" in updates[-1][0]["text/html"]
