"""A real browser: JupyterLab in headless Chromium runs module 5 and uses the self-assessment widget.

The test serves a COPY of release/05-trade-offs/ from a temporary folder (the repository is never
written), opens it in Debian's chromium driven by Playwright, runs all cells, ticks rubric boxes,
clicks Save, and checks the saved file and the revealed model answer. A screenshot is kept in
test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
from pathlib import Path

import pytest
from lab_server import free_port, notebook_page, running_server, scratch_env

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "05-trade-offs"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
SAVE_FILE = f"{ASSIGNMENT}.self-assessment.json"
ARTIFACTS = ROOT / "test-artifacts"
WAIT_MS = 120_000  # generous: measured ~2 s to open and ~1.5 s to run on a 2-core machine

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def served(tmp_path):
    """JupyterLab on 127.0.0.1 serving a temporary copy of the release notebook; yields (url, folder)."""
    folder = tmp_path / "served"
    folder.mkdir()
    shutil.copy(ROOT / "release" / ASSIGNMENT / NOTEBOOK, folder / NOTEBOOK)
    port, token = free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip",
        "127.0.0.1",
        f"--port={port}",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={folder}",
        "--LabApp.expose_app_in_browser=True",
        "--ServerApp.open_browser=False",
    ]
    if os.name == "posix" and os.geteuid() == 0:
        cmd.append("--allow-root")
    with running_server(cmd, cwd=folder, env=scratch_env(tmp_path / "scratch"), port=port, token=token,
                        log_path=tmp_path / "server.log") as base:
        yield f"{base}/lab/tree/{NOTEBOOK}?token={token}", folder


def test_run_tick_save_and_see_the_model_answer(served):
    url, folder = served
    release_before = (ROOT / "release" / ASSIGNMENT / NOTEBOOK).read_bytes()
    ARTIFACTS.mkdir(exist_ok=True)
    console_errors: list[str] = []

    with notebook_page(url, height=1600, wait_ms=WAIT_MS, console_errors=console_errors) as page:

        widgets = page.locator(".autograder-rubric")
        widgets.nth(4).wait_for(timeout=WAIT_MS)  # all five self-checks rendered
        assert widgets.count() == 5
        first = widgets.nth(0)
        first.scroll_into_view_if_needed()
        assert "301 or 302" in first.inner_text()
        assert first.locator(".autograder-rubric-result").inner_text().strip() == ""  # hidden before Save

        # The hint reads the notebook as saved on disk: the release still says YOUR ANSWER HERE.
        first.locator(".autograder-rubric-hint-button").click()
        first.locator(".autograder-rubric-hint").get_by_text("not written an answer").wait_for(
            timeout=WAIT_MS
        )
        assert not (folder / SAVE_FILE).exists(), "something was saved before the Save click"

        boxes = first.locator(".autograder-rubric-criterion input[type=checkbox]")
        assert boxes.count() == 4
        boxes.nth(0).check()
        boxes.nth(2).check()
        first.locator(".autograder-rubric-confidence").get_by_role("button", name="fairly sure").click()
        first.locator(".autograder-rubric-save button, button.autograder-rubric-save").first.click()

        result = first.locator(".autograder-rubric-result")
        result.get_by_text("Your self-assessment: 2 of 4 points").wait_for(timeout=WAIT_MS)
        assert "Model answer" in result.inner_text()
        assert "302 Found" in result.locator(".autograder-rubric-model").inner_text()
        assert "What a strong answer adds" in result.inner_text()
        assert "Saved at" in first.locator(".autograder-rubric-status").inner_text()
        first.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "05-trade-offs-self-assessment.png"), full_page=False)
        first.screenshot(path=str(ARTIFACTS / "05-trade-offs-widget.png"))

    saved = json.loads((folder / SAVE_FILE).read_text(encoding="utf-8"))
    entry = saved["questions"]["redirect_status"]
    assert entry["criteria"] == {
        "decision": True,
        "caching_mechanism": False,
        "cost_named": True,
        "headers_shape_it": False,
    }
    assert (entry["points"], entry["max_points"], entry["confidence"]) == (2, 4, "fairly sure")
    assert list(saved["questions"]) == ["redirect_status"]
    assert (ROOT / "release" / ASSIGNMENT / NOTEBOOK).read_bytes() == release_before
    widget_errors = [e for e in console_errors if "widget" in e.lower()]
    assert not widget_errors, widget_errors


# -- learner mode, as `make lab` starts it ---------------------------------------------------

AUTOSAVE_SECONDS = 3
"""The scratch home's JupyterLab settings shorten the autosave interval from 120 s to this."""
_WIDGET = ("const w = Array.from(window.jupyterapp.shell.widgets('main'))"
           ".find(x => x.context && x.context.path === path);")
_LAST_CELL_RAN = (
    "(path) => { " + _WIDGET + " if (!w || !w.content || !w.sessionContext.session) return false;"
    " const cells = w.content.model.cells; let last = null;"
    " for (let i = 0; i < cells.length; i++) { const c = cells.get(i); if (c.type === 'code') last = c; }"
    " return !!last && last.executionCount !== null && w.sessionContext.session.kernel.status === 'idle'; }"
)
_SAVED = "(path) => { " + _WIDGET + " return !!w && !w.context.model.dirty; }"
_KERNEL_IDLE = ("(path) => { " + _WIDGET + " return !!w && !!w.sessionContext.session &&"
                " !!w.sessionContext.session.kernel && w.sessionContext.session.kernel.status === 'idle'; }")


def _git_status() -> str:
    import subprocess

    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture
def learner_lab(tmp_path):
    """`make lab` (learner mode) on a free port, its workspace in a scratch folder; yields (base, token, workspace)."""
    port, token = free_port(), secrets.token_hex(16)
    workspace = tmp_path / "my-work"
    args = f"--no-browser --ServerApp.token={token} --LabApp.expose_app_in_browser=True"
    cmd = ["make", "--no-print-directory", "lab", f"LAB_PORT={port}", f"LAB_ARGS={args}", f"WORKSPACE={workspace}"]
    env = scratch_env(tmp_path / "scratch", autosave_seconds=AUTOSAVE_SECONDS)
    with running_server(cmd, cwd=ROOT, env=env, port=port, token=token, log_path=tmp_path / "lab.log") as base:
        yield base, token, workspace


def test_learner_mode_autosaves_into_the_workspace_and_run_all_reaches_the_last_cell(learner_lab):
    """Open the start page and a module, run them, wait past the autosave interval: the saves land in
    the workspace, the repository's files are untouched, and Run All on the fresh module copy ends."""
    import time

    base, token, workspace = learner_lab
    before = _git_status()
    module = "01-coding-vs-design"
    start_page = workspace / "00-start-here.ipynb"
    copy = workspace / module / f"{module}.ipynb"
    with notebook_page(f"{base}/lab/tree/00-start-here.ipynb?token={token}", height=1200, wait_ms=WAIT_MS) as page:
        page.wait_for_function(_LAST_CELL_RAN, arg="00-start-here.ipynb", timeout=WAIT_MS)
        time.sleep(AUTOSAVE_SECONDS * 2 + 1)  # past the (shortened) autosave interval
        page.wait_for_function(_SAVED, arg="00-start-here.ipynb", timeout=WAIT_MS)
        path = f"{module}/{module}.ipynb"
        page.evaluate("(path) => { window.jupyterapp.commands.execute('docmanager:open', {path}); }", path)
        page.wait_for_function(_KERNEL_IDLE, arg=path, timeout=WAIT_MS)
        page.evaluate("(path) => { " + _WIDGET + " window.jupyterapp.shell.activateById(w.id);"
                      " window.jupyterapp.commands.execute('runmenu:run-all'); }", path)
        page.wait_for_function(_LAST_CELL_RAN, arg=path, timeout=WAIT_MS)
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert errors.count() == 0, errors.first.inner_text()[:500]
        time.sleep(AUTOSAVE_SECONDS * 2 + 1)
        page.wait_for_function(_SAVED, arg=path, timeout=WAIT_MS)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "learner-mode-run-all.png"))

    # The autosaves went to the learner's copies (they now hold outputs) ...
    for saved in (start_page, copy):
        cells = json.loads(saved.read_text(encoding="utf-8"))["cells"]
        assert any(c.get("outputs") for c in cells if c["cell_type"] == "code"), f"{saved} was not saved"
    # ... and nothing of the repository changed.
    assert _git_status() == before, f"opening the course changed the repository:\n{_git_status()}"
