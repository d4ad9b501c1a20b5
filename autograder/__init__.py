"""Checkers, widgets and grading for the system design interview course.

Every checker returns a :class:`~autograder.report.Report`. A notebook test cell
calls one public checker and ends with ``report.grade(points)``.
"""

from autograder import _lazy_imports

_lazy_imports.install()  # before anything imports jsonschema: see the module

from autograder.report import Finding, Missing, Report, answer  # noqa: E402

__version__ = "0.1.0"
DISTRIBUTION = "sysdesign-interview-course"
"""The name this package is installed under. Its import name, ``autograder``, is also that of an
unrelated package on PyPI; :func:`import_name_clash` tells when both are installed."""

__all__ = ["DISTRIBUTION", "Finding", "Missing", "Report", "__version__", "answer", "import_name_clash"]


def import_name_clash() -> str | None:
    """None when only this course's distribution provides the ``autograder`` package; else what
    is wrong and what to do. The command line checks this at start-up (it takes a fraction of a
    second, so importing the package does not)."""
    from importlib.metadata import packages_distributions

    owners = sorted(set(packages_distributions().get("autograder", [])))
    others = [name for name in owners if name.lower().replace("_", "-") != DISTRIBUTION]
    if not others:
        return None
    return (
        f"The package folder `autograder` is also claimed by {', '.join(others)}, a package unrelated to "
        f"this course that uses the same import name; the two overwrite each other's files. Remove it "
        f"and reinstall the course: `python -m pip uninstall {' '.join(others)}` then "
        f"`python -m pip install --force-reinstall --no-deps {DISTRIBUTION}` (in a clone: "
        "`make clean-venv lab`). Use a separate environment if you need the other package."
    )
