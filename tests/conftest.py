"""Shared fixtures: the course root and one generated copy of every assignment per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from autograder.course import assignments, generate_assignments

ROOT = Path(__file__).resolve().parents[1]


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
