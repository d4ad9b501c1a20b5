"""Starting and stopping a Jupyter server for tests: loopback only, a scratch home, always stopped."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scratch_env(home: Path, *, autosave_seconds: int | None = None) -> dict[str, str]:
    """Scratch HOME and Jupyter dirs, so nothing is written to the user's home; the venv's data
    path still provides nbgrader's and ipywidgets' lab extensions. ``autosave_seconds`` shortens
    JupyterLab's autosave interval (120 s by default) through the user settings of the scratch home."""
    env = dict(os.environ)
    for var, sub in [
        ("HOME", "home"),
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTERLAB_SETTINGS_DIR", "settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
    ]:
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env.pop("JUPYTER_PATH", None)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    # No "Jupyter news" pop-up and no update check: nothing to dismiss, no network.
    settings = home / "settings" / "@jupyterlab"
    notification = settings / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True, exist_ok=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    # Render every cell (no windowing), so widgets far down the page exist and have text.
    tracker = settings / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True, exist_ok=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}), encoding="utf-8")
    if autosave_seconds is not None:
        docmanager = settings / "docmanager-extension" / "plugin.jupyterlab-settings"
        docmanager.parent.mkdir(parents=True, exist_ok=True)
        docmanager.write_text(json.dumps({"autosave": True, "autosaveInterval": autosave_seconds}), encoding="utf-8")
    return env


def stop_group(proc: subprocess.Popen) -> None:
    """Stop a process started with start_new_session=True and everything it started."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@contextlib.contextmanager
def running_server(cmd: list[str], *, cwd: Path, env: dict[str, str], port: int, token: str,
                   log_path: Path, timeout: float = 120) -> Iterator[str]:
    """Run ``cmd`` (a Jupyter server on 127.0.0.1:``port``), wait until it answers, yield its base URL."""
    base = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"the server exited early ({proc.returncode}):\n{log_path.read_text()[-3000:]}")
                try:
                    with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as response:
                        if response.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"the server did not answer within {timeout:.0f} s:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.3)
            yield base
        finally:
            stop_group(proc)


CHROMIUM = "/usr/bin/chromium"
"""Debian's chromium (`scripts/install-system-deps` installs it); Playwright's own download does not work here."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
KERNEL_IDLE = (
    "() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
    " return !!(w && w.sessionContext && w.sessionContext.session &&"
    " w.sessionContext.session.kernel && w.sessionContext.session.kernel.status === 'idle'); }"
)


@contextlib.contextmanager
def notebook_page(url: str, *, height: int, wait_ms: int, console_errors: list[str] | None = None) -> Iterator:
    """A headless Chromium page with the notebook at ``url`` open, its kernel idle and Run All started."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `sh scripts/install-system-deps` (or `make test`) to install it")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": height})
            if console_errors is not None:
                page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
            page.goto(url)
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=wait_ms)
            # The kernel must be up before running: wait until the app reports it idle.
            page.wait_for_function(KERNEL_IDLE, timeout=wait_ms)
            page.evaluate("() => window.jupyterapp.commands.execute('runmenu:run-all')")
            yield page
        finally:
            browser.close()
