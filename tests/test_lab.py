"""`make lab` serves the start-here notebook on 127.0.0.1 with nbgrader's and ipywidgets' extensions."""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scratch_jupyter_env(home: Path) -> dict[str, str]:
    """A scratch HOME and Jupyter config/runtime dirs: the test writes nothing to the user's home."""
    env = dict(os.environ)
    for var, sub in [("HOME", "home"), ("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                     ("JUPYTERLAB_SETTINGS_DIR", "settings"), ("JUPYTERLAB_WORKSPACES_DIR", "workspaces")]:
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env.pop("JUPYTER_PATH", None)
    return env


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
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"LAB_PORT={port}", f"LAB_ARGS={args}",
         f"WORKSPACE={tmp_path / 'my-work'}"],
        cwd=ROOT, env=scratch_jupyter_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"make lab exited early ({proc.returncode}):\n{proc.stdout.read()[-3000:]}")
            try:
                if get(f"{base}/api/status?token={token}", timeout=2)[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer within 120 s")
        yield base, token, tmp_path / "my-work"
    finally:
        stop_group(proc)


def stop_group(proc: subprocess.Popen) -> None:
    """Stop make and the server it started (one process group), then close the pipe."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    if proc.stdout:
        proc.stdout.close()


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
