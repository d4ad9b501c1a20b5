"""nbgrader configuration for this course: plain nbgrader commands work from the repository root.

`autograder grade` and the test suite copy this file into their throw-away course folders,
so what is set here is what every grading run uses.
"""

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

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
