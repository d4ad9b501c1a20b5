"""The import name `autograder` is also an unrelated PyPI package's: both checks find it and say what to do."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

import autograder
from autograder.cli import main

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "check-import-name"


def _claim(monkeypatch, *owners: str) -> None:
    monkeypatch.setattr(importlib.metadata, "packages_distributions", lambda: {"autograder": list(owners)})


def test_only_the_course_owns_the_package_here():
    assert autograder.import_name_clash() is None


def test_another_owner_is_named_with_what_to_do(monkeypatch):
    _claim(monkeypatch, "sysdesign-interview-course", "autograder")
    message = autograder.import_name_clash()
    assert message and "claimed by autograder" in message
    assert "pip uninstall autograder" in message and "--force-reinstall" in message


def test_the_command_warns_at_start_up_and_still_runs(monkeypatch, capsys):
    _claim(monkeypatch, "autograder", "sysdesign_interview_course")
    assert main(["lab", "--config-path"]) == 0
    out, err = capsys.readouterr()
    assert out.strip().endswith("learner_mode")
    assert err.startswith("autograder: warning: The package folder `autograder` is also claimed by autograder")


def _fake_pypi_autograder(folder: Path) -> Path:
    """What `pip install autograder` (the unrelated PyPI package) leaves: a dist-info claiming autograder/."""
    info = folder / "autograder-3.7.7.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: autograder\nVersion: 3.7.7\n", encoding="utf-8")
    (info / "RECORD").write_text("autograder/__init__.py,,\nautograder-3.7.7.dist-info/METADATA,,\n",
                                 encoding="utf-8")
    (info / "top_level.txt").write_text("autograder\n", encoding="utf-8")
    return folder


@pytest.mark.slow  # starts interpreters
def test_the_install_check_script_fails_on_a_clash_and_passes_without(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    clean = subprocess.run([sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True)
    assert clean.returncode == 0 and clean.stderr == "", clean.stderr
    env["PYTHONPATH"] = str(_fake_pypi_autograder(tmp_path))
    clash = subprocess.run([sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True)
    assert clash.returncode == 1
    assert "also claimed by autograder" in clash.stderr and "pip uninstall -y autograder" in clash.stderr
    assert "Traceback" not in clash.stderr
    cli = subprocess.run([sys.executable, "-m", "autograder", "lab", "--config-path"], env=env,
                         capture_output=True, text=True, cwd=tmp_path)
    assert cli.returncode == 0 and "warning: The package folder `autograder` is also claimed" in cli.stderr
