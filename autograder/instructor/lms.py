"""nbgrader export plugins that write the grades in a learning management system's CSV import format.

Selected with nbgrader's own option, and filtered with its own ``--assignment`` / ``--student``::

    nbgrader export --exporter=autograder.instructor.lms.CanvasExportPlugin --to=canvas-grades.csv
    nbgrader export --exporter=autograder.instructor.lms.MoodleExportPlugin --to=moodle-grades.csv
    nbgrader export --exporter=autograder.instructor.lms.CanvasExportPlugin --assignment=02-api-contracts --student=ada

Both write one row per student and one column per assignment (points after nbgrader's late
penalty), in the layout each LMS documents for its gradebook import:

- **Canvas** (Instructure's guide "How do I import grades in the Gradebook?"): the identity columns
  ``Student, ID, SIS User ID, SIS Login ID, Section`` then one column per assignment; the second row
  ``Points Possible`` carries each assignment's maximum, as in Canvas's own gradebook export, which
  it re-imports. ``Student`` is "Last, First"; ``ID`` is nbgrader's ``lms_user_id`` (Canvas's user id,
  when the roster has it); ``SIS User ID`` and ``SIS Login ID`` are the nbgrader student id. A column
  whose name matches no Canvas assignment creates a new assignment on import.
- **Moodle** (the "CSV file" grade import, Moodle docs "Grade import"): a header row, then one row per
  student with columns to identify the user (``Username`` = the nbgrader student id, ``User ID`` =
  nbgrader's ``lms_user_id``, ``Email address``, ``First name``, ``Last name``) and one per grade item;
  on import, map one identifying column to the Moodle user field (username, user id or email) and
  each assignment column to its grade item. A grade must fit the grade
  item's range: set ``MoodleExportPlugin.percent = True`` to export percentages for items out of 100.

A student who did not submit gets an empty cell by default (both LMSs leave an empty cell's grade
unchanged); ``missing_as_zero = True`` writes 0 as nbgrader's own CSV exporter does. A submission
that still awaits a manual grade is exported as it stands in the gradebook (nbgrader counts a
missing grade as 0), and listed in the log.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import ExportPlugin
from traitlets import Bool, Unicode

from autograder._fileio import atomic_write

__all__ = ["CanvasExportPlugin", "LmsExportPlugin", "MoodleExportPlugin"]


def _number(value: float) -> str:
    value = round(float(value), 4)
    return f"{int(value)}" if value.is_integer() else f"{value:g}"


class LmsExportPlugin(ExportPlugin):
    """Shared part: the selection (nbgrader's filters), the scores and the atomic write."""

    missing_as_zero = Bool(False, help="write 0 (not an empty cell) for a student who did not submit").tag(
        config=True)
    default_file = "grades.csv"

    def _selection(self, gradebook: Gradebook) -> tuple[list, list]:
        wanted_a = {str(a) for a in self.assignment}
        wanted_s = {str(s) for s in self.student}
        assignments = [a for a in gradebook.assignments if not wanted_a or a.name in wanted_a]
        students = sorted((s for s in gradebook.students if not wanted_s or s.id in wanted_s), key=lambda s: s.id)
        for name in sorted(wanted_a - {a.name for a in gradebook.assignments}):
            self.log.warning("No assignment %r in the gradebook: no column for it", name)
        for sid in sorted(wanted_s - {s.id for s in gradebook.students}):
            self.log.warning("No student %r in the gradebook: no row for them", sid)
        return assignments, students

    def _score(self, gradebook: Gradebook, assignment, student) -> str:
        try:
            submission = gradebook.find_submission(assignment.name, student.id)
        except MissingEntry:
            return "0" if self.missing_as_zero else ""
        if submission.needs_manual_grade:
            self.log.warning("%s/%s still needs a manual grade; exported as it stands", assignment.name, student.id)
        penalty = submission.late_submission_penalty or 0.0
        return self._format(max(0.0, submission.score - penalty), float(assignment.max_score or 0.0))

    def _format(self, points: float, max_score: float) -> str:
        return _number(points)

    def rows(self, gradebook: Gradebook) -> list[list[str]]:
        """The CSV rows, header first (what :meth:`export` writes)."""
        raise NotImplementedError

    def export(self, gradebook: Gradebook) -> None:
        dest = self.to or self.default_file
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(self.rows(gradebook))
        atomic_write(dest, out.getvalue())
        self.log.info("Exported grades for %s to %s", type(self).__name__.replace("ExportPlugin", ""), dest)


class CanvasExportPlugin(LmsExportPlugin):
    """Canvas's gradebook import CSV (see the module docstring)."""

    section = Unicode("", help="the Section column's value for every row (Canvas matches rows by student)").tag(
        config=True)
    default_file = "canvas-grades.csv"

    def rows(self, gradebook: Gradebook) -> list[list[str]]:
        assignments, students = self._selection(gradebook)
        identity = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
        rows = [identity + [a.name for a in assignments],
                ["    Points Possible", "", "", "", ""] + [_number(a.max_score or 0.0) for a in assignments]]
        for s in students:
            name = ", ".join(p for p in (s.last_name, s.first_name) if p) or s.id
            rows.append([name, s.lms_user_id or "", s.id, s.id, self.section]
                        + [self._score(gradebook, a, s) for a in assignments])
        return rows


class MoodleExportPlugin(LmsExportPlugin):
    """Moodle's CSV grade import (see the module docstring)."""

    percent = Bool(False, help="export each grade as a percentage of the assignment's maximum").tag(config=True)
    default_file = "moodle-grades.csv"

    def _format(self, points: float, max_score: float) -> str:
        if self.percent:
            return _number(100.0 * points / max_score) if max_score else "0"
        return _number(points)

    def rows(self, gradebook: Gradebook) -> list[list[str]]:
        assignments, students = self._selection(gradebook)
        header: Sequence[str] = ["Username", "User ID", "Email address", "First name", "Last name"]
        rows = [list(header) + [a.name for a in assignments]]
        for s in students:
            rows.append([s.id, s.lms_user_id or "", s.email or "", s.first_name or "", s.last_name or ""]
                        + [self._score(gradebook, a, s) for a in assignments])
        return rows
