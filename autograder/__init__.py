"""Checkers, widgets and grading for the system design interview course.

Every checker returns a :class:`~autograder.report.Report`. A notebook test cell
calls one public checker and ends with ``report.grade(points)``.
"""

from autograder.report import Finding, Missing, Report, answer

__version__ = "0.1.0"

__all__ = ["Finding", "Missing", "Report", "answer", "__version__"]
