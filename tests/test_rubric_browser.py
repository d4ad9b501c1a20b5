"""A real browser: the self-check shows long criteria in full (wrapped, never cut off) and takes half credit.

JupyterLab in headless Chromium serves a temporary folder holding one notebook whose only cell is
module 7's self-check (three criteria with half credit); the window is narrow, so every criterion
has to wrap. A screenshot is kept in test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

import nbformat
import pytest
from lab_server import free_port, notebook_page, running_server, scratch_env

from autograder.rubric import load_rubric

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "07-high-level-design"
QUESTION = "design_limits"
ARTIFACTS = ROOT / "test-artifacts"
WAIT_MS = 120_000

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def served(tmp_path):
    folder = tmp_path / "served"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        f'from autograder.rubric import self_assess\n\nself_assess("{ASSIGNMENT}", "{QUESTION}")')]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "check.ipynb")
    port, token = free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip", "127.0.0.1", f"--port={port}",
           f"--ServerApp.token={token}", f"--ServerApp.root_dir={folder}", "--LabApp.expose_app_in_browser=True",
           "--ServerApp.open_browser=False"]
    if os.name == "posix" and os.geteuid() == 0:
        cmd.append("--allow-root")
    with running_server(cmd, cwd=folder, env=scratch_env(tmp_path / "scratch"), port=port, token=token,
                        log_path=tmp_path / "server.log") as base:
        yield f"{base}/lab/tree/check.ipynb?token={token}", folder


def test_long_criteria_wrap_in_full_and_half_credit_is_saved(served):
    url, folder = served
    question = load_rubric(ASSIGNMENT).question(QUESTION)
    ARTIFACTS.mkdir(exist_ok=True)
    with notebook_page(url, height=1200, wait_ms=WAIT_MS) as page:
        page.set_viewport_size({"width": 760, "height": 1200})
        widget = page.locator(".autograder-rubric").first
        widget.wait_for(timeout=WAIT_MS)
        labels = widget.locator(".autograder-rubric-criterion-text")
        assert labels.count() == len(question.criteria)
        for index, criterion in enumerate(question.criteria):
            label = labels.nth(index)
            shown = " ".join(label.inner_text().split())
            assert " ".join(criterion.text.split()) in shown  # the whole text, not cut off
            fits = label.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
            lines = label.evaluate("e => Math.round(e.getBoundingClientRect().height / parseFloat("
                                   "getComputedStyle(e).lineHeight))")
            assert fits and lines >= 2, (criterion.id, fits, lines)  # wrapped inside the widget
        halves = widget.locator(".autograder-rubric-half input[type=checkbox]")
        assert halves.count() == 3
        halves.nth(0).check()
        widget.locator(".autograder-rubric-criterion input[type=checkbox]").nth(2).check()
        widget.locator(".autograder-rubric-save button, button.autograder-rubric-save").first.click()
        widget.locator(".autograder-rubric-result").get_by_text("Your self-assessment: 1.5 of 3 points").wait_for(
            timeout=WAIT_MS)
        widget.screenshot(path=str(ARTIFACTS / "07-self-check-half-credit.png"))
    saved = json.loads((folder / f"{ASSIGNMENT}.self-assessment.json").read_text(encoding="utf-8"))
    assert saved["questions"][QUESTION]["criteria"] == {"first_bottleneck": 0.5, "fix_and_cost": False,
                                                         "left_out": True}
