"""`make lab` is learner mode and `make instructor` the course folder with all of nbgrader.

Learner mode serves the workspace and nothing above it, opens the start page, and turns off
nbgrader's formgrader, Create Assignment, Assignment List and Course List (lab plugins and server
extensions) while keeping Validate. Both are checked on running servers, through the page
config JupyterLab hands the browser and through the server's own endpoints.
"""

from __future__ import annotations

import json
import re
import secrets
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from lab_server import free_port, running_server, scratch_env

from autograder.course import LEARNER_NOTEBOOKS

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

NBGRADER_INSTRUCTOR_PLUGINS = {
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:assignment-list",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:menu",
}


def get(url: str, timeout: float = 10.0) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def page_config(base: str, token: str, path: str = "/lab") -> dict:
    _, page = get(f"{base}{path}?token={token}")
    match = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S)
    assert match, page[:500]
    return json.loads(match.group(1))


def _server(tmp_path: Path, target: str, workspace: Path | None = None):
    port, token = free_port(), secrets.token_hex(16)
    args = f"--no-browser --ServerApp.token={token} --ServerApp.open_browser=False"
    cmd = ["make", "--no-print-directory", target, f"LAB_PORT={port}", f"LAB_ARGS={args}"]
    if workspace is not None:
        cmd.append(f"WORKSPACE={workspace}")
    return running_server(cmd, cwd=ROOT, env=scratch_env(tmp_path / "scratch"), port=port, token=token,
                          log_path=tmp_path / f"{target}.log"), token


def test_make_lab_serves_the_workspace_in_learner_mode(tmp_path):
    workspace = tmp_path / "my-work"
    server, token = _server(tmp_path, "lab", workspace)
    with server as base:
        # The root is the workspace: the start page, the references and the modules, no source/.
        status, body = get(f"{base}/api/contents?token={token}")
        assert status == 200, body[:500]
        listed = {item["name"] for item in json.loads(body)["content"]}
        modules = {p.name for p in (ROOT / "release").iterdir() if p.is_dir()}
        assert listed == set(LEARNER_NOTEBOOKS) | modules, listed
        assert get(f"{base}/api/contents/source?token={token}")[0] == 404
        status, body = get(f"{base}/api/contents/00-start-here.ipynb?token={token}")
        assert status == 200 and json.loads(body)["content"]["cells"]

        # It opens on the start page.
        with urllib.request.urlopen(f"{base}/?token={token}", timeout=10) as response:
            assert response.url.split("?")[0].endswith("/lab/tree/00-start-here.ipynb"), response.url

        # Lab plugins: nbgrader's instructor tools off, its extension (Validate) and widgets loaded.
        config = page_config(base, token)
        disabled = set(config["disabledExtensions"])
        assert NBGRADER_INSTRUCTOR_PLUGINS <= disabled, disabled
        assert "@jupyter/nbgrader:validate-assignment" not in disabled
        loaded = {ext["name"] for ext in config["federated_extensions"]}
        assert {"@jupyter/nbgrader", "@jupyter-widgets/jupyterlab-manager"} <= loaded, loaded

        # Server extensions: formgrader, assignment list and course list are not there; Validate is.
        assert get(f"{base}/formgrader?token={token}")[0] == 404
        assert get(f"{base}/assignments?token={token}")[0] == 404
        assert get(f"{base}/courses?token={token}")[0] == 404
        status, body = get(f"{base}/nbgrader_version?version=0.9.6&token={token}")
        assert status == 200, body[:300]
    assert (workspace / ".course-manifest.json").is_file()


def test_make_instructor_serves_the_course_folder_with_formgrader(tmp_path):
    server, token = _server(tmp_path, "instructor")
    with server as base:
        status, body = get(f"{base}/api/contents?token={token}")
        listed = {item["name"] for item in json.loads(body)["content"]}
        assert {"source", "release", "notebooks", "nbgrader_config.py"} <= listed, listed
        with urllib.request.urlopen(f"{base}/?token={token}", timeout=10) as response:
            assert response.url.split("?")[0].endswith("/lab/tree/notebooks/instructor-dashboard.ipynb")
        config = page_config(base, token)
        assert not NBGRADER_INSTRUCTOR_PLUGINS & set(config["disabledExtensions"])
        status, body = get(f"{base}/formgrader?token={token}", timeout=30)
        assert status == 200, body[:300]
