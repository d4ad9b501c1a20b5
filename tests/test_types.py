"""The package type-checks: mypy, configured in pyproject.toml's [tool.mypy], reports no errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _mypy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)


def test_mypy_reports_no_errors_in_the_package():
    proc = _mypy("autograder")
    assert proc.returncode == 0, f"mypy autograder (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}"


def test_the_configuration_catches_errors_in_untyped_code(tmp_path):
    """The project's settings really check: an error inside an unannotated function (found only
    with check_untyped_defs) and a needless `type: ignore` (warn_unused_ignores) both fail."""
    bad = tmp_path / "bad_module.py"
    bad.write_text(
        "def untyped(x):\n"
        "    count: int = 'three'\n"
        "    return count\n"
        "\n"
        "ok: int = 1  # type: ignore\n",
        encoding="utf-8",
    )
    proc = _mypy("--cache-dir", str(tmp_path / "cache"), str(bad))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "bad_module.py:2: error" in proc.stdout, proc.stdout
    assert 'Unused "type: ignore" comment' in proc.stdout, proc.stdout
