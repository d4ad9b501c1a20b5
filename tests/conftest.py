"""Shared fixtures: the course root and one generated copy of every assignment per test session."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

from autograder.course import assignments, generate_assignments

ROOT = Path(__file__).resolve().parents[1]

# Property tests: the suite gives the same verdict on every run and every machine. The
# `suite` profile (the default) draws the same examples each time (derandomize), never times
# an example out (a loaded machine is not a bug) and keeps no example database. `explore`
# draws new random examples, many more of them, and keeps failures in .hypothesis/ so a
# re-run replays them: HYPOTHESIS_PROFILE=explore, or --hypothesis-profile=explore.
SUITE_EXAMPLES = 100
settings.register_profile(
    "suite",
    derandomize=True,
    max_examples=SUITE_EXAMPLES,
    deadline=None,
    database=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "explore",
    # named explicitly: under CI=true Hypothesis' own defaults keep no database
    database=DirectoryBasedExampleDatabase(str(ROOT / ".hypothesis" / "examples")),
    derandomize=False,
    max_examples=20 * SUITE_EXAMPLES,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

# `autograder check` and the PostgreSQL engine keep files in the user's cache: in tests never the
# real home, but a temporary folder (the engine's template then comes from the installation copy
# `make test` prepares, or is made there once).
# The process that made a folder removes it as it exits; pytest-xdist's workers inherit the
# variables from the controller, which outlives them, and make none of their own.
def _temporary_cache(variable: str, prefix: str) -> None:
    if variable not in os.environ:
        folder = tempfile.mkdtemp(prefix=prefix)
        os.environ[variable] = folder
        atexit.register(shutil.rmtree, folder, True)


_temporary_cache("AUTOGRADER_CACHE", "ag-test-cache-")
_temporary_cache("XDG_CACHE_HOME", "ag-test-xdg-cache-")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def generated_course(tmp_path_factory) -> Path:
    """A throw-away course folder: nbgrader_config.py, source/ and a freshly generated release/."""
    course = tmp_path_factory.mktemp("course")
    generate_assignments(ROOT, course, assignments(ROOT))
    return course


@pytest.fixture
def course_copy(generated_course, tmp_path) -> Path:
    """A private copy of the generated course that a test may submit into and grade."""
    course = tmp_path / "course"
    shutil.copytree(generated_course, course)
    return course


def pytest_collection_modifyitems(config, items):
    """Under `--dist loadgroup`, keep each file's tests on one worker (like loadfile) unless a test
    names its own group: the round trip groups by assignment, so assignments grade in parallel."""
    for item in items:
        if not any(mark.name == "xdist_group" for mark in item.iter_markers()):
            item.add_marker(pytest.mark.xdist_group(item.path.name))
