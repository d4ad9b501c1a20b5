"""Binder's set-up: runtime-only dependencies at the pinned versions, and its steps work.

The slow test runs binder/postBuild as repo2docker would - in a copy of the repository's
tracked files that is also the home folder - with a fresh virtual environment's python first
on PATH (its dependencies borrowed from this environment, as in tests/test_setup_wheel.py,
since installing binder/requirements.txt from PyPI takes minutes), then starts JupyterLab
through binder/start and checks that it serves the workspace in learner mode, opening the
start page.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sysconfig
import tomllib
import venv
from pathlib import Path

import pytest
from lab_server import free_port, running_server
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            req = Requirement(line)
            pins[canonicalize_name(req.name)] = next(iter(req.specifier)).version
    return pins


def test_binder_requirements_are_the_runtime_dependencies_pinned():
    lines = [ln.strip() for ln in (BINDER / "requirements.txt").read_text().splitlines()
             if ln.strip() and not ln.startswith("#")]
    assert lines[0] == "-c ../requirements/constraints.txt"
    listed = {canonicalize_name(Requirement(ln).name): str(Requirement(ln).specifier) for ln in lines[1:]}
    runtime = {canonicalize_name(Requirement(r).name) for r in PYPROJECT["project"]["dependencies"]}
    assert set(listed) == runtime, set(listed) ^ runtime  # no test tools, no Dask
    pins = _pins()
    assert listed == {name: f"=={pins[name]}" for name in runtime}


def test_binder_python_meets_requires_python():
    version = re.fullmatch(r"python-(\d+\.\d+)", (BINDER / "runtime.txt").read_text().strip()).group(1)
    assert Requirement(f"x{PYPROJECT['project']['requires-python']}").specifier.contains(Version(version))
    for script in ("postBuild", "start"):
        assert os.access(BINDER / script, os.X_OK), f"binder/{script} must be executable"


def _run(cmd, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kwargs)
    assert proc.returncode == 0, f"{cmd}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.mark.slow  # builds the package, starts a server
def test_binder_steps_make_a_learner_image(tmp_path):
    home = tmp_path / "jovyan"  # repo2docker: the repository is copied into the home folder
    files = _run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT).stdout.split("\0")
    for rel in filter(None, files):
        if (ROOT / rel).is_file():
            (home / rel).parent.mkdir(parents=True, exist_ok=True)
            (home / rel).write_bytes((ROOT / rel).read_bytes())
            os.chmod(home / rel, (ROOT / rel).stat().st_mode)
    env_dir = tmp_path / "srv-conda"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    fresh_site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
                      .stdout.strip())
    (fresh_site / "zz-borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_CONFIG_PATH")}
    env.update(HOME=str(home), PATH=f"{env_dir / 'bin'}{os.pathsep}/usr/bin:/bin",
               XDG_CACHE_HOME=str(tmp_path / "cache"), PIP_DISABLE_PIP_VERSION_CHECK="1")
    built = _run(["bash", "binder/postBuild"], cwd=home, env=env)
    assert "postBuild: done." in built.stdout, built.stdout[-2000:]

    # Installed from its wheel (not editable), with the course's notebooks inside the package.
    where = _run([str(python), "-c", "import autograder.course as c; print(c.PACKAGED)"], cwd=tmp_path, env=env)
    assert Path(where.stdout.strip()).is_relative_to(env_dir), where.stdout
    workspace = home / "my-work"
    assert (workspace / "00-start-here.ipynb").is_file() and (workspace / ".course-manifest.json").is_file()
    server_config = json.loads((home / ".jupyter" / "jupyter_server_config.json").read_text())
    assert server_config["ServerApp"]["root_dir"] == str(workspace)

    port, token = free_port(), secrets.token_hex(16)
    cmd = ["bash", str(home / "binder" / "start"), str(python), "-m", "jupyterlab", "--no-browser",
           "--ip", "127.0.0.1", f"--port={port}", f"--ServerApp.token={token}"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    env.update(JUPYTER_DATA_DIR=str(tmp_path / "data"), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    with running_server(cmd, cwd=home, env=env, port=port, token=token, log_path=tmp_path / "binder.log") as base:
        import urllib.request

        with urllib.request.urlopen(f"{base}/api/contents?token={token}", timeout=10) as response:
            listed = {item["name"] for item in json.loads(response.read())["content"]}
        assert "00-start-here.ipynb" in listed and "source" not in listed, listed
        with urllib.request.urlopen(f"{base}/?token={token}", timeout=10) as response:
            assert response.url.split("?")[0].endswith("/lab/tree/00-start-here.ipynb")
            page = response.read().decode()
        assert "@jupyter/nbgrader:formgrader" in page and '"disabledExtensions"' in page
