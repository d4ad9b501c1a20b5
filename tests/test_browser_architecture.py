"""A real browser: JupyterLab in headless Chromium runs module 7 and draws the designs as Mermaid diagrams.

The test serves a temporary copy of release/07-high-level-design/ whose answer cells hold the model
solutions (as a learner's finished notebook would), runs all cells, waits for the rendered diagrams
(SVG drawn by JupyterLab's own Mermaid renderer) and the what-if widget, moves the widget's failure
drop-down, checks the exported diagram file, and keeps a screenshot in test-artifacts/ (git-ignored)
in which the learner's diagram is visible. The repository is never written.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest
from lab_server import free_port, notebook_page, running_server, scratch_env

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "07-high-level-design"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
ARTIFACTS = ROOT / "test-artifacts"
WAIT_MS = 120_000  # generous: opening and running take seconds on a 2-core machine
# JupyterLab's own Mermaid renderer draws the diagram as an SVG image in a figure.
DIAGRAM = ".jp-OutputArea-output .jp-RenderedMermaid img[src^='data:image/svg+xml']"
_MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _finished_notebook(target: Path) -> None:
    """The release notebook with each solution cell replaced by the source's solution (markers removed)."""
    release = nbformat.read(ROOT / "release" / ASSIGNMENT / NOTEBOOK, as_version=4)
    source = nbformat.read(ROOT / "source" / ASSIGNMENT / NOTEBOOK, as_version=4)
    solutions = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in source.cells
                 if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")}
    for cell in release.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.cell_type == "code" and grade_id in solutions:
            cell.source = "\n".join(line for line in solutions[grade_id].splitlines() if not _MARKER.match(line))
    nbformat.write(release, target)


def _svg_text(image) -> str:
    """The SVG source of a rendered diagram (its labels are in there)."""
    return unquote(image.get_attribute("src") or "")


def _cell(page, text: str):
    """Scroll the notebook to the first cell whose source contains ``text``; return its locator."""
    index = page.evaluate(
        """async (text) => {
            const notebook = window.jupyterapp.shell.currentWidget.content;
            const index = notebook.widgets.findIndex(c => c.model.sharedModel.getSource().includes(text));
            if (index >= 0) { await notebook.scrollToItem(index, "start"); }
            return index;
        }""",
        text,
    )
    assert index >= 0, f"no cell contains {text!r}"
    return page.locator(".jp-Notebook .jp-Cell").filter(has_text=text).first


@pytest.fixture
def served(tmp_path):
    folder = tmp_path / "served"
    folder.mkdir()
    _finished_notebook(folder / NOTEBOOK)
    port, token = free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip", "127.0.0.1", f"--port={port}",
        f"--ServerApp.token={token}", f"--ServerApp.root_dir={folder}", "--LabApp.expose_app_in_browser=True",
        "--ServerApp.open_browser=False",
    ]
    if os.name == "posix" and os.geteuid() == 0:
        cmd.append("--allow-root")
    with running_server(cmd, cwd=folder, env=scratch_env(tmp_path / "scratch"), port=port, token=token,
                        log_path=tmp_path / "server.log") as base:
        yield f"{base}/lab/tree/{NOTEBOOK}?token={token}", folder


def test_module_7_runs_and_draws_the_design(served):
    url, folder = served
    release_before = (ROOT / "release" / ASSIGNMENT / NOTEBOOK).read_bytes()
    ARTIFACTS.mkdir(exist_ok=True)
    console_errors: list[str] = []

    with notebook_page(url, height=1400, wait_ms=WAIT_MS, console_errors=console_errors) as page:

        # The last cell with output is the self-check widget. JupyterLab renders only the cells near
        # the viewport, so each check below first scrolls to the cell it looks at.
        page.locator(".autograder-rubric").first.wait_for(state="attached", timeout=WAIT_MS)
        assert not page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count()

        draft = _cell(page, 'title="first draft"')
        draft.locator(DIAGRAM).wait_for(timeout=WAIT_MS)
        assert "single point of failure" in _svg_text(draft.locator(DIAGRAM))

        check = _cell(page, 'report = check_design(answer("shortener_design"), SHORTENER)')
        assert "score 100%" in check.locator(".autograder-report").inner_text(timeout=WAIT_MS)

        mine = _cell(page, 'picture.save("07-shortener-design.md")')
        svg = mine.locator(DIAGRAM)
        svg.wait_for(timeout=WAIT_MS)
        label = _svg_text(svg)
        assert "relational x3, 3 zones" in label and "% busy" in label, label
        svg.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "07-high-level-design-diagram.png"), full_page=False)
        svg.screenshot(path=str(ARTIFACTS / "07-high-level-design-diagram-only.png"))

        # The what-if drop-down: fail the database and watch both flows go down.
        explorer = _cell(page, "what_if(globals()")
        explorer.locator(DIAGRAM).wait_for(timeout=WAIT_MS)
        explorer.locator(".widget-dropdown select").select_option("db")
        explorer.get_by_text("DOWN (db failed)").first.wait_for(timeout=WAIT_MS)
        page.wait_for_function(
            "(cell) => [...cell.querySelectorAll('.jp-RenderedMermaid img')]"
            ".some(img => decodeURIComponent(img.src).includes('FAILED'))",
            arg=explorer.element_handle(), timeout=WAIT_MS)
        explorer.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "07-high-level-design-what-if.png"), full_page=False)

    exported = folder / "07-shortener-design.md"
    assert exported.read_text(encoding="utf-8").startswith("```mermaid\n")
    assert (ROOT / "release" / ASSIGNMENT / NOTEBOOK).read_bytes() == release_before
    widget_errors = [e for e in console_errors if "widget" in e.lower() or "mermaid" in e.lower()]
    assert not widget_errors, widget_errors
