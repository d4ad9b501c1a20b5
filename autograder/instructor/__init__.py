"""Reports for instructors: how the class did, which questions and misconceptions hurt, how well
learners judge their own written answers - and the grades in the LMS's import format.

- :func:`load_course_data` reads the merged gradebook, the findings in the autograded notebooks
  and the collected self-assessment files into tables (:class:`CourseData`), listing what it had
  to skip and why;
- :func:`build_report` computes the statistics (:class:`ClassReport`: pandas DataFrames, charts,
  :meth:`ClassReport.write_html`, :meth:`ClassReport.write_csv`, :meth:`ClassReport.text`);
- :mod:`.lms`: nbgrader export plugins for Canvas and Moodle;
- :mod:`.demo`: a synthetic class (for the dashboard's demo, the tests and the benchmark).

``autograder report`` is the command-line face of :func:`build_report`.
"""

from __future__ import annotations

from .classreport import ClassReport, build_report
from .data import CourseData, Skipped, load_course_data

__all__ = ["ClassReport", "CourseData", "Skipped", "build_report", "load_course_data"]
