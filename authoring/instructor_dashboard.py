"""Builder of notebooks/instructor-dashboard.ipynb (run: python authoring/instructor_dashboard.py).

The instructor's dashboard: the class report of :mod:`autograder.instructor` as tables and charts.
It reads the course's ``gradebook.db`` when there is one; otherwise it builds a small synthetic
class in a temporary folder and says, in the output and on every chart page, that it is demo data.
Runs under nbval (``--nbval-lax``) in the suite.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT))

from authoring.nbbuild import Notebook  # noqa: E402


def build() -> Notebook:
    nb = Notebook("instructor-dashboard")
    nb.md("""
    # Instructor dashboard

    How the class did, which questions and which misconceptions cost points, and how well learners
    judge their own written answers. Everything here comes from three places nbgrader already fills:

    - the merged gradebook (`gradebook.db`, after `autograder grade` or `nbgrader autograde`, and hand
      grades in formgrader),
    - the checkers' findings shown in the autograded notebooks (`autograded/`),
    - the learners' self-assessment files, collected with their notebooks (`submitted/`).

    Nothing is written to the course. The same report, as a file to share and as CSV tables, comes from
    the command line: `autograder report` (see the last section).
    """)
    nb.code('''
    import tempfile
    from pathlib import Path

    from autograder.course import CourseError, find_root
    from autograder.instructor import build_report
    from autograder.instructor.demo import DEMO_LABEL, synthetic_course

    try:
        course = find_root()
    except CourseError:
        course = None

    if course is not None and (course / "gradebook.db").is_file():
        report = build_report(course, title="Class report")
        print(f"Course data from {course}")
    else:
        # No graded course here yet: a synthetic class, made in a temporary folder and removed again.
        with tempfile.TemporaryDirectory(prefix="autograder-demo-") as demo_folder:
            demo = synthetic_course(Path(demo_folder) / "course", students=60, assignments=4)
            report = build_report(demo, rubric_dir=demo / "rubrics", title="Class report (demo)", note=DEMO_LABEL,
                                  label="DEMO DATA")
        print(DEMO_LABEL)
    ''')

    nb.md("""
    ## 1. Assignments

    Per assignment: who submitted, what was graded, what failed (the grader could not grade it: it is
    recorded as needing a manual grade, never as a zero), what is flagged, and the spread of scores.
    """)
    nb.code("""
    report.summary
    """)
    nb.code("""
    report.chart("scores")
    """)
    nb.code("""
    report.failed_submissions()
    """)

    nb.md("""
    ## 2. Graded cells

    For each graded cell: its mean, the share of learners at full marks and at zero, and how well it
    **discriminates** - the correlation between the cell's score and the rest of the assignment (for an
    all-or-nothing cell this is the point-biserial correlation). A cell that stronger learners do no
    better on than weaker ones (below 0.2, the usual classroom threshold) is flagged: its wording, its
    tests or its points deserve a look.
    """)
    nb.code("""
    report.chart("items")
    """)
    nb.code("""
    report.items[report.items["flag"] != ""][["assignment", "cell", "n", "mean_share", "discrimination", "flag"]]
    """)

    nb.md("""
    ## 3. The class's misconceptions

    Every check a checker made is a line in the autograded notebook. Counting the learners who failed
    each one ranks what the class most often got wrong, with the message they saw.
    """)
    nb.code("""
    report.chart("misconceptions")
    """)
    nb.code("""
    report.misconceptions.head(10)
    """)

    nb.md("""
    ## 4. Self-assessment calibration

    Learners tick the rubric lines their written answer meets before they see the model answer; the
    instructor then grades it by hand. Above the diagonal a learner rated the answer higher than the
    instructor did. On the right: does a learner's stated confidence go with a smaller error?
    """)
    nb.code("""
    report.chart("calibration")
    """)
    nb.code("""
    report.calibration
    """)
    nb.code("""
    report.rubric_lines
    """)

    nb.md("""
    ## 5. What was skipped

    Input the report could not use - a corrupt self-assessment file, one saved under another version of
    the rubric, one from a student who is not in the gradebook, an assignment nobody has submitted yet -
    is listed here with the reason; everything else is still reported.
    """)
    nb.code("""
    for item in report.skipped:
        print(item)
    """)

    nb.md("""
    ## 6. Sharing the report and exporting grades

    From the course folder:

    ```
    .venv/bin/autograder report                 # prints a summary; writes reports/report.html and reports/csv/
    nbgrader export --exporter=autograder.instructor.lms.CanvasExportPlugin --to=canvas-grades.csv
    nbgrader export --exporter=autograder.instructor.lms.MoodleExportPlugin --to=moodle-grades.csv
    ```

    `report.html` holds its charts inside it, so it can be sent as one file. Every table above is a
    pandas DataFrame (`report.tables()`), for any further analysis.
    """)
    return nb


if __name__ == "__main__":
    build().save(ROOT / "notebooks" / "instructor-dashboard.ipynb")
