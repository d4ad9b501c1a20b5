"""The course's own nbgrader settings, read the way nbgrader reads them.

``autograder grade`` takes the gradebook (``CourseDirectory.db_url``, which may be a
PostgreSQL server shared by several teaching assistants), the folders
(``submitted_directory``, ``autograded_directory``, ``source_directory``) and the hidden-test
delimiters (``ClearHiddenTests``) from ``nbgrader_config.py`` through nbgrader's own classes,
so it can never disagree with ``nbgrader autograde`` about where things are.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CourseSettings", "course_settings", "tools_on_path"]


def tools_on_path() -> None:
    """Put this Python's ``bin`` folder on PATH: nbgrader runs the ``alembic`` command by name to
    set up a gradebook on a database server, and ``nbgrader`` itself is run as a command."""
    import os
    import sys

    bin_dir = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if bin_dir not in path.split(os.pathsep):
        os.environ["PATH"] = bin_dir + (os.pathsep + path if path else "")


@dataclass(frozen=True)
class CourseSettings:
    root: Path
    db_url: str
    source: Path
    submitted: Path
    autograded: Path
    hidden_tests: tuple[str, str]
    """The begin and end delimiters of hidden tests."""

    @property
    def sqlite_path(self) -> Path | None:
        """The gradebook's file when it is SQLite, else None."""
        prefix = "sqlite:///"
        return Path(self.db_url[len(prefix):]) if self.db_url.startswith(prefix) else None


def load_config(course_dir: Path):
    """``course_dir/nbgrader_config.py`` as a traitlets Config (empty when there is none)."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    cfg = Config()
    if (course_dir / "nbgrader_config.py").exists():
        cfg.merge(PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config())
    return cfg


def course_settings(course_dir: str | Path) -> CourseSettings:
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import ClearHiddenTests

    root = Path(course_dir).resolve()
    tools_on_path()
    cfg = load_config(root)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        coursedir = CourseDirectory(config=cfg)
        coursedir.root = str(root)
        clear = ClearHiddenTests(config=cfg)

    def folder(name: str) -> Path:
        path = Path(name)
        return path if path.is_absolute() else root / path

    return CourseSettings(
        root=root,
        db_url=coursedir.db_url,
        source=folder(coursedir.source_directory),
        submitted=folder(coursedir.submitted_directory),
        autograded=folder(coursedir.autograded_directory),
        hidden_tests=(clear.begin_test_delimeter, clear.end_test_delimeter),
    )
