"""The pre-commit configuration runs real checks: its hooks name commands and tests that exist."""

from __future__ import annotations

import importlib.util
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from authoring import build_all  # noqa: E402

CONFIG = ROOT / ".pre-commit-config.yaml"
REQUIRED = {"ruff", "mypy", "notebooks-clean", "notebooks-current"}


def _hooks() -> dict[str, dict]:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


def _argv(hook: dict) -> list[str]:
    return shlex.split(hook["entry"])


def test_the_hooks_the_project_relies_on_are_configured():
    hooks = _hooks()
    assert REQUIRED <= set(hooks), f"missing hooks: {sorted(REQUIRED - set(hooks))}"
    for hook_id, hook in hooks.items():
        assert hook.get("language") == "system", f"{hook_id}: runs the project's pinned tools from .venv"
        argv = _argv(hook)
        assert argv[:2] == [".venv/bin/python", "-m"], f"{hook_id}: entry {hook['entry']!r}"
        assert importlib.util.find_spec(argv[2]) is not None, f"{hook_id}: no module {argv[2]!r} installed"


def test_pytest_hooks_name_test_files_that_exist():
    for hook_id in ("notebooks-clean", "notebooks-current"):
        argv = _argv(_hooks()[hook_id])
        assert argv[2] == "pytest" and "-k" in argv, hook_id
        files = [a for a in argv if a.endswith(".py")]
        assert files and all((ROOT / f).is_file() for f in files), f"{hook_id}: {files}"
        assert _hooks()[hook_id].get("pass_filenames") is False, f"{hook_id} must not get file names as tests"


def _selected(hook_id: str) -> list[str]:
    argv = _argv(_hooks()[hook_id])
    assert "-q" in argv, "the hook prints one test id a line with a single -q"
    proc = subprocess.run([sys.executable, *argv[1:], "--collect-only"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return [line for line in proc.stdout.splitlines() if "::" in line]


@pytest.mark.slow  # runs pytest's collection
def test_notebook_hooks_select_the_clean_and_current_checks():
    clean = _selected("notebooks-clean")
    assert clean == ["tests/test_notebooks.py::test_every_committed_notebook_is_clean_and_valid"], clean
    current = _selected("notebooks-current")
    assert "tests/test_notebooks.py::test_release_is_current_with_source" in current, current
    builders = [t for t in current if "test_notebook_is_what_its_builder_writes" in t]
    assert len(builders) == len(build_all.builders()), current
    assert not [t for t in current if "nbval" in t or "validate" in t], current
