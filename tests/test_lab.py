"""`make lab` serves the start-here notebook on 127.0.0.1 with nbgrader's and ipywidgets' extensions."""

from __future__ import annotations

import json
import re
import secrets
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from lab_server import free_port, running_server, scratch_env

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def get(url: str, timeout: float = 10.0) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


@pytest.fixture
def lab_server(tmp_path):
    port, token = free_port(), secrets.token_hex(16)
    args = f"--no-browser --ServerApp.token={token} --ServerApp.open_browser=False"
    cmd = ["make", "--no-print-directory", "lab", f"LAB_PORT={port}", f"LAB_ARGS={args}",
           f"WORKSPACE={tmp_path / 'my-work'}"]
    with running_server(cmd, cwd=ROOT, env=scratch_env(tmp_path / "scratch"), port=port, token=token,
                        log_path=tmp_path / "lab.log") as base:
        yield base, token, tmp_path / "my-work"


def test_make_lab_serves_the_start_here_notebook(lab_server):
    base, token, workspace = lab_server
    status, body = get(f"{base}/api/contents/notebooks/00-start-here.ipynb?token={token}")
    assert status == 200, body[:500]
    model = json.loads(body)
    assert model["type"] == "notebook" and model["content"]["cells"]

    # The server's root is the course folder (so links to ../my-work resolve) and it opens on start-here.
    req = urllib.request.Request(f"{base}/?token={token}")
    with urllib.request.urlopen(req, timeout=10) as response:
        assert response.url.split("?")[0].endswith("/lab/tree/notebooks/00-start-here.ipynb"), response.url
        page = response.read().decode()
    config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                  page, re.S).group(1))
    extensions = {ext["name"] for ext in config.get("federated_extensions", [])}
    assert "@jupyter-widgets/jupyterlab-manager" in extensions, extensions
    assert "@jupyter/nbgrader" in extensions, extensions

    # The learner's workspace was made from release/ (into the scratch folder the test named).
    made = sorted(p.name for p in workspace.iterdir()) if workspace.exists() else []
    assert made == sorted(
        p.name for p in (ROOT / "release").iterdir() if p.is_dir())
