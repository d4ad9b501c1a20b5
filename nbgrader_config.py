"""nbgrader configuration for this course: plain nbgrader commands work from the repository root.

`autograder grade` and the test suite copy this file into their throw-away course folders,
so what is set here is what every grading run uses.
"""

import os
import sys

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

# nbgrader runs `alembic` as a program when it creates a gradebook. Started as
# `.venv/bin/nbgrader ...` without an activated environment, `alembic` is not on PATH:
# generate_assignment then fails - and, with --force, after deleting release/<name>/, which it
# does not restore. The interpreter's own scripts folder first makes plain commands work.
_scripts = os.path.dirname(sys.executable)
if _scripts not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _scripts + os.pathsep + os.environ.get("PATH", "")

c.CourseDirectory.course_id = "sysdesign-interviews"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
# Only notebooks and small data files belong to an assignment; nothing large is copied.
c.CourseDirectory.max_file_size = 2000  # kilobytes

# A learner's cell may run for at most a minute; a stuck cell is interrupted and the
# rest of the notebook is still graded.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

# A runaway print cannot fill the gradebook or the feedback.
c.LimitOutput.max_lines = 300
c.LimitOutput.max_traceback = 60

# Feedback shows each check's findings but never the source of hidden tests.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Release stubs: nbgrader's own list of generate_assignment steps, with ClearSolutions replaced by
# the course's variant, which leaves a top-level answer as `name = ...` ("not written yet")
# instead of `raise NotImplementedError()`, so Run All on a fresh copy reaches the last cell
# (autograder/stubs.py; tests/test_setup_stubs.py keeps this list in step with nbgrader's).
c.GenerateAssignment.preprocessors = [
    "nbgrader.preprocessors.IncludeHeaderFooter",
    "nbgrader.preprocessors.InstantiateTests",
    "nbgrader.preprocessors.LockCells",
    "autograder.stubs.ClearSolutionsNotWritten",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.CheckCellMetadata",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.SaveCells",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbgrader.preprocessors.ClearMarkScheme",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.CheckCellMetadata",
]
