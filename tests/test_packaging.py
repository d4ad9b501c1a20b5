"""Packaging: pyproject.toml, environment.yml and the lock agree; the CLI and licences are in place."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _pyproject_requirements() -> dict[str, str]:
    """name -> specifier for runtime, instructor and test dependencies; extras become their own packages."""
    reqs = {}
    extras = PYPROJECT["project"]["optional-dependencies"]
    deps = PYPROJECT["project"]["dependencies"] + extras["instructor"] + extras["test"]
    for line in deps:
        req = Requirement(line)
        reqs[canonicalize_name(req.name)] = str(req.specifier)
        for extra in req.extras:  # dask[distributed] -> distributed, same bounds
            reqs[canonicalize_name(extra)] = str(req.specifier)
    return reqs


def _conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    reqs = {}
    entries = []
    for entry in env["dependencies"]:
        if isinstance(entry, dict):  # the `- pip:` list: packages conda-forge does not carry
            assert set(entry) == {"pip"}, f"environment.yml: unexpected entry {entry!r}"
            entries += entry["pip"]
        else:
            assert isinstance(entry, str), f"environment.yml: unexpected entry {entry!r}"
            entries.append(entry)
    for entry in entries:
        if entry == "pip":
            continue
        match = re.match(r"^([A-Za-z0-9_.-]+)\s*(.*)$", entry)
        reqs[canonicalize_name(match.group(1))] = str(Requirement("x" + match.group(2).replace(" ", "")).specifier)
    return reqs


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    conda = _conda_requirements()
    python = conda.pop("python")
    assert python == ">=3.11" and PYPROJECT["project"]["requires-python"] == ">=3.11"
    assert conda == _pyproject_requirements()


def test_lock_pins_every_dependency_within_its_bounds():
    pins = {}
    for line in (ROOT / "requirements" / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            req = Requirement(line)
            (spec,) = req.specifier
            assert spec.operator == "==", f"constraints.txt must pin exactly: {line}"
            pins[canonicalize_name(req.name)] = spec.version
    for name, specifier in _pyproject_requirements().items():
        assert name in pins, f"{name} is a dependency but not pinned in requirements/constraints.txt (make lock)"
        assert Requirement(f"x{specifier}").specifier.contains(pins[name], prereleases=True), (
            f"{name}=={pins[name]} in the lock is outside pyproject's {specifier} (make lock)"
        )


def test_distribution_name_does_not_clash_with_pypi_autograder():
    assert canonicalize_name(PYPROJECT["project"]["name"]) != "autograder"
    assert PYPROJECT["project"]["scripts"]["autograder"] == "autograder.cli:main"


@pytest.mark.slow  # starts the command twice
def test_console_script_and_module_entry_point_work():
    for cmd in ([str(Path(sys.executable).parent / "autograder"), "--version"],
                [sys.executable, "-m", "autograder", "--version"]):
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr
        assert PYPROJECT["project"]["version"] in proc.stdout


def test_licences_and_citation_are_present():
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert "CC BY 4.0" in (ROOT / "LICENSE-CONTENT").read_text()
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["version"] == PYPROJECT["project"]["version"]


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make lab" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.slow  # runs git
def test_course_state_is_git_ignored():
    for path in ["submitted/x", "autograded/x", "feedback/x", "gradebook.db", "my-work/x.ipynb",
                 "source/01/x.self-assessment.json", "grades.csv", "canvas-grades.csv", "moodle-grades.csv",
                 "reports/x.csv"]:
        proc = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT)
        assert proc.returncode == 0, f"{path} is not git-ignored"


@pytest.mark.slow  # runs pip wheel
def test_wheel_carries_every_module_and_rubric(tmp_path):
    """A non-editable install must have the subpackages and the rubric files, not just autograder/."""
    import zipfile

    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path),
                           str(ROOT)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    tracked = subprocess.run(["git", "ls-files", "autograder"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    expected = {p for p in tracked if p.endswith((".py", ".yaml", "py.typed", ".json"))}
    assert expected and expected <= names, f"missing from the wheel: {sorted(expected - names)}"
    # The course a learner works on travels with it; the solutions never do.
    from autograder.course import LEARNER_NOTEBOOKS

    course = {n.removeprefix("autograder/_course/") for n in names if n.startswith("autograder/_course/")}
    release = subprocess.run(["git", "ls-files", "release"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    assert course == set(release) | {f"notebooks/{n}" for n in LEARNER_NOTEBOOKS}, course
    assert not [n for n in names if n.startswith("source/") or "/source/" in n]


def test_python_support_is_stated_the_same_everywhere():
    """nbgrader 0.9.6 needs Python 3.11+: pyproject, environment.yml, README and the Makefile agree."""
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"
    assert "Python 3.11" in (ROOT / "README.md").read_text() and "3.10" not in (ROOT / "README.md").read_text()
    assert "(3, 11)" in (ROOT / "Makefile").read_text()
    assert PYPROJECT["tool"]["mypy"]["python_version"] == "3.11"
    nbgrader = next(r for r in PYPROJECT["project"]["dependencies"] if r.startswith("nbgrader"))
    assert Requirement(nbgrader).specifier.contains("0.9.6")


def test_dask_is_an_instructor_extra_only():
    runtime = {canonicalize_name(Requirement(r).name) for r in PYPROJECT["project"]["dependencies"]}
    assert "dask" not in runtime and "distributed" not in runtime
    assert any(r.startswith("dask") for r in PYPROJECT["project"]["optional-dependencies"]["instructor"])
