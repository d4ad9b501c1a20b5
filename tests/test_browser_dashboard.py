"""A real browser: JupyterLab in headless Chromium runs the instructor dashboard and shows its charts.

A COPY of notebooks/instructor-dashboard.ipynb is served from a temporary folder (no course there,
so the dashboard builds its labelled demo class); Playwright drives Debian's chromium to run all
cells, waits for the four charts to render as images, checks they are real pictures and that the
page says the data is a demo, and keeps screenshots in test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
from pathlib import Path

import pytest
from lab_server import free_port, notebook_page, running_server, scratch_env

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "instructor-dashboard.ipynb"
ARTIFACTS = ROOT / "test-artifacts"
WAIT_MS = 240_000  # the demo class and its charts take a few seconds on a loaded 2-core machine
CHARTS = 4

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def served(tmp_path):
    folder = tmp_path / "served"
    folder.mkdir()
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, folder / NOTEBOOK)
    port, token = free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip", "127.0.0.1", f"--port={port}",
           f"--ServerApp.token={token}", f"--ServerApp.root_dir={folder}", "--LabApp.expose_app_in_browser=True",
           "--ServerApp.open_browser=False"]
    if os.name == "posix" and os.geteuid() == 0:
        cmd.append("--allow-root")
    with running_server(cmd, cwd=folder, env=scratch_env(tmp_path / "scratch"), port=port, token=token,
                        log_path=tmp_path / "server.log") as base:
        yield f"{base}/lab/tree/{NOTEBOOK}?token={token}"


def test_dashboard_charts_render_in_the_browser(served):
    committed = (ROOT / "notebooks" / NOTEBOOK).read_bytes()
    ARTIFACTS.mkdir(exist_ok=True)
    with notebook_page(served, height=1800, wait_ms=WAIT_MS) as page:
        images = page.locator(".jp-OutputArea-output img")
        images.nth(CHARTS - 1).wait_for(timeout=WAIT_MS)
        assert images.count() == CHARTS
        page.get_by_text("DEMO DATA: a synthetic class").first.wait_for(timeout=WAIT_MS)
        for i in range(CHARTS):
            chart = images.nth(i)
            chart.scroll_into_view_if_needed()
            width, height = chart.evaluate("img => [img.naturalWidth, img.naturalHeight]")
            assert width > 300 and height > 150, (i, width, height)  # a decoded picture, not a broken icon
            chart.screenshot(path=str(ARTIFACTS / f"instructor-dashboard-chart-{i + 1}.png"))
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert errors.count() == 0, errors.first.inner_text()
        images.nth(0).scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "instructor-dashboard.png"), full_page=False)
    assert (ROOT / "notebooks" / NOTEBOOK).read_bytes() == committed
