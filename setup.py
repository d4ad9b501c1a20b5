"""Build step of the wheel: the course's notebooks travel inside the package.

Everything else is in pyproject.toml. A learner who installs the package without a clone needs
the notebooks they work on; `autograder workspace` copies them from ``autograder/_course/``:
``release/`` (the student versions of the modules) and the learner notebooks of ``notebooks/``
(``autograder.course.LEARNER_NOTEBOOKS``). Solutions (``source/``) are never packaged. In a
clone (an editable install) the package reads the course folder itself instead.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
LEARNER_NOTEBOOKS = ("00-start-here.ipynb", "reference-numbers.ipynb", "building-blocks.ipynb", "my-progress.ipynb")
"""As autograder.course.LEARNER_NOTEBOOKS (a test keeps the two equal; the build cannot import the package)."""


def course_files() -> dict[str, Path]:
    """Path inside autograder/_course/ -> file of the course folder."""
    files = {f"notebooks/{name}": HERE / "notebooks" / name for name in LEARNER_NOTEBOOKS}
    for path in sorted((HERE / "release").rglob("*")):
        rel = path.relative_to(HERE)
        if path.is_file() and not {".ipynb_checkpoints", "__pycache__"} & set(rel.parts):
            files[rel.as_posix()] = path
    return files


class BuildWithCourse(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        files = course_files()
        missing = [str(p) for p in files.values() if not p.is_file()]
        if missing or not any(k.startswith("release/") for k in files):
            raise SystemExit(f"cannot package the course: missing {missing or 'release/'}")
        packaged = Path(self.build_lib) / "autograder" / "_course"
        shutil.rmtree(packaged, ignore_errors=True)  # nothing left over from an earlier build
        for rel, src in files.items():
            target = packaged / rel
            self.mkpath(str(target.parent))
            self.copy_file(str(src), str(target))


setup(cmdclass={"build_py": BuildWithCourse})
