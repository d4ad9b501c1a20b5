"""Everything the instructor's report reads, as tables: the gradebook, the findings, the self-assessments.

Three sources, each read leniently - what cannot be used is recorded in :attr:`CourseData.skipped`
with the reason, and the rest is still read:

- **the merged gradebook** (``gradebook.db``), through nbgrader's :class:`~nbgrader.api.Gradebook`
  and its models: one row per graded cell of every submission;
- **the findings of the checkers**, recovered from the autograded notebooks
  (``autograded/<student>/<assignment>/*.ipynb``): a test cell's ``report.grade(points)`` displays
  an HTML table (:meth:`autograder.report.Report._repr_html_`) whose rows are the findings, each
  cell of it HTML-escaped, so they parse back exactly;
- **the learners' self-assessment files** (``submitted/<student>/<assignment>/<assignment>
  .self-assessment.json``), checked against the assignment's rubric.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from autograder.rubric.model import CONFIDENCE_LEVELS, Rubric, RubricError, load_rubric
from autograder.rubric.savefile import SAVE_SUFFIX, SaveFileError, read_self_assessments

__all__ = ["CourseData", "Skipped", "load_course_data", "parse_findings"]

SCORE_COLUMNS = ["assignment", "student", "notebook", "cell", "cell_type", "score", "max_score",
                 "auto_score", "manual_score", "needs_manual_grade"]
SUBMISSION_COLUMNS = ["assignment", "student", "timestamp", "score", "max_score", "flagged", "status", "reason"]
FINDING_COLUMNS = ["assignment", "student", "notebook", "cell", "title", "check", "passed", "message"]
SELF_COLUMNS = ["assignment", "student", "question", "self_points", "first_points", "max_points", "confidence",
                "instructor_points", "saves"]
CRITERION_COLUMNS = ["assignment", "student", "question", "criterion", "ticked"]


@dataclass(frozen=True)
class Skipped:
    """Something the report could not use, and why."""

    source: str
    """What it is: a file path, or ``assignment/student``."""
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class CourseData:
    """The course's results as tables (pandas DataFrames); see the module docstring for the sources."""

    students: pd.DataFrame
    """One row per student in the gradebook: ``student, first_name, last_name, email, lms_user_id``."""
    assignments: pd.DataFrame
    """One row per assignment in the gradebook: ``assignment, duedate, max_score``."""
    cells: pd.DataFrame
    """One row per graded cell of each assignment: ``assignment, notebook, cell, cell_type, max_score``."""
    submissions: pd.DataFrame
    """One row per submission: ``assignment, student, timestamp, score, max_score, flagged, status, reason``.
    ``status`` is ``graded``, ``failed`` (nbgrader or the grader could not grade it) or ``ungraded``."""
    scores: pd.DataFrame
    """One row per graded cell of each submission (see ``SCORE_COLUMNS``); ``score`` is ``None`` (NaN)
    while a cell awaits a manual grade or when its submission failed."""
    findings: pd.DataFrame
    """One row per finding of a checker in an autograded test cell (see ``FINDING_COLUMNS``)."""
    self_assessments: pd.DataFrame
    """One row per learner and written question they self-assessed (see ``SELF_COLUMNS``)."""
    criteria: pd.DataFrame
    """One row per learner, question and rubric line: whether they ticked it."""
    rubrics: dict[str, Rubric] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)


# -- the gradebook --------------------------------------------------------------------------------


def _course_id(course: Path, db_path: Path) -> str | None:
    """The course id already in the gradebook, so opening it adds no second course row."""
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as con:
            row = con.execute("SELECT id FROM course ORDER BY id LIMIT 1").fetchone()
    except sqlite3.Error:
        row = None
    if row:
        return str(row[0])
    match = re.search(r"course_id\s*=\s*[\"']([^\"']+)[\"']", _read(course / "nbgrader_config.py"))
    return match.group(1) if match else None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _failed_reasons(course: Path) -> dict[tuple[str, str], str]:
    """Why ``autograder grade`` could not grade a submission, from its resumable state records."""
    reasons = {}
    state = course / "autograded" / ".autograder-state"
    for record_path in state.glob("*/*.json") if state.is_dir() else ():
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(record, dict) and record.get("status") == "failed":
            reasons[(record_path.parent.name, record_path.stem)] = "; ".join(record.get("reasons") or []) or "failed"
    return reasons


def _read_gradebook(db_url: str, course_id: str | None) -> tuple[pd.DataFrame, ...]:
    from nbgrader import api

    kwargs = {"course_id": course_id} if course_id else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy notices from nbgrader's models say nothing about the data
        with api.Gradebook(db_url, **kwargs) as gb:
            db = gb.db
            students = pd.DataFrame(
                db.query(api.Student.id, api.Student.first_name, api.Student.last_name, api.Student.email,
                         api.Student.lms_user_id).all(),
                columns=["student", "first_name", "last_name", "email", "lms_user_id"],
            )
            assignments = pd.DataFrame(
                [(a.name, a.duedate, float(a.max_score or 0.0)) for a in gb.assignments],
                columns=["assignment", "duedate", "max_score"],
            )
            cell_rows = []
            for model, kind in ((api.GradeCell, None), (api.TaskCell, "task")):
                query = (db.query(api.Assignment.name, api.Notebook.name, model.name, model.cell_type, model.max_score)
                         .join(api.Notebook, model.notebook_id == api.Notebook.id)
                         .join(api.Assignment, api.Notebook.assignment_id == api.Assignment.id))
                for a, nb, cell, cell_type, max_score in query.all():
                    cell_rows.append((a, nb, cell, kind or cell_type, float(max_score)))
            cells = pd.DataFrame(cell_rows, columns=["assignment", "notebook", "cell", "cell_type", "max_score"])
            sub_rows = (db.query(api.Assignment.name, api.SubmittedAssignment.student_id,
                                 api.SubmittedAssignment.timestamp, api.SubmittedAssignment.id)
                        .join(api.SubmittedAssignment, api.SubmittedAssignment.assignment_id == api.Assignment.id)
                        .all())
            flagged = {sid for (sid,) in db.query(api.SubmittedNotebook.assignment_id)
                       .filter(api.SubmittedNotebook.flagged.is_(True)).all()}
            submissions = pd.DataFrame(
                [(a, s, t, sid in flagged, sid) for a, s, t, sid in sub_rows],
                columns=["assignment", "student", "timestamp", "flagged", "submission_id"],
            )
            grade_rows = (db.query(api.SubmittedNotebook.assignment_id, api.Notebook.name, api.BaseCell.name,
                                   api.Grade.auto_score, api.Grade.manual_score, api.Grade.extra_credit,
                                   api.Grade.needs_manual_grade)
                          .join(api.SubmittedNotebook, api.Grade.notebook_id == api.SubmittedNotebook.id)
                          .join(api.Notebook, api.SubmittedNotebook.notebook_id == api.Notebook.id)
                          .join(api.BaseCell, api.Grade.cell_id == api.BaseCell.id)
                          .all())
            grades = pd.DataFrame(grade_rows, columns=["submission_id", "notebook", "cell", "auto_score",
                                                       "manual_score", "extra_credit", "needs_manual_grade"])
    return students, assignments, cells, submissions, grades


def _scores_table(cells: pd.DataFrame, submissions: pd.DataFrame, grades: pd.DataFrame,
                  failed: dict[tuple[str, str], str], autograded: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-cell scores and per-submission totals and status, nbgrader's rules for what a score is."""
    g = grades.merge(submissions[["submission_id", "assignment", "student"]], on="submission_id")
    g = g.merge(cells, on=["assignment", "notebook", "cell"], how="left")
    extra = g["extra_credit"].fillna(0.0)
    # nbgrader: the manual score wins over the auto score; a cell needing a manual grade has none yet.
    score = g["manual_score"].where(g["manual_score"].notna(), g["auto_score"])
    pending = g["needs_manual_grade"].astype(bool) & g["manual_score"].isna()
    g["score"] = (score + extra).where(~pending & score.notna())
    scores = g[SCORE_COLUMNS].sort_values(["assignment", "student", "notebook", "cell"]).reset_index(drop=True)

    counted = pd.DataFrame({"assignment": scores["assignment"], "student": scores["student"],
                            "score": scores["score"].fillna(0.0), "pending": scores["score"].isna(),
                            "auto_scored": scores["auto_score"].notna()})
    totals = counted.groupby(["assignment", "student"], sort=False)[["score", "pending", "auto_scored"]].sum()
    totals = totals.reset_index()
    subs = submissions.merge(totals, on=["assignment", "student"], how="left")
    max_by_assignment = cells.groupby("assignment")["max_score"].sum()
    subs["max_score"] = subs["assignment"].map(max_by_assignment).fillna(0.0)
    status, reasons = [], []
    for row in subs.itertuples(index=False):
        key = (row.assignment, row.student)
        has_autograded = (autograded / row.student / row.assignment).is_dir()
        if key in failed:
            status.append("failed")
            reasons.append(failed[key])
        elif not has_autograded and not (row.auto_scored or 0):
            status.append("failed")
            reasons.append("no autograded notebook: nbgrader could not grade it")
        elif row.pending and row.pending > 0:
            status.append("ungraded")
            reasons.append(f"{int(row.pending)} cell(s) await a manual grade")
        else:
            status.append("graded")
            reasons.append("")
    subs["status"] = status
    subs["reason"] = reasons
    subs["score"] = subs["score"].fillna(0.0)
    return scores, subs[SUBMISSION_COLUMNS].sort_values(["assignment", "student"]).reset_index(drop=True)


# -- findings in the autograded notebooks ------------------------------------------------------------


_REPORT_START = '<div class="autograder-report">'
_TITLE_RE = re.compile(r"<p><strong>(.*?)</strong></p>", re.DOTALL)
_ROW_RE = re.compile(r"<tr><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td></tr>", re.DOTALL)


def parse_findings(html_text: str) -> list[tuple[str, str, bool, str]]:
    """``(report title, check, passed, message)`` for every finding in the HTML of rendered reports.

    The HTML is what :meth:`autograder.report.Report._repr_html_` writes: one ``<div
    class="autograder-report">`` per report, its summary in ``<strong>``, one ``<tr>`` of three
    ``<td>`` per finding. Every text in it is HTML-escaped, so no cell holds a ``<`` and the
    pattern below recovers each text exactly (a regular expression: a general HTML parser was
    20 times slower on a 500-student course).
    """
    found = []
    for chunk in html_text.split(_REPORT_START)[1:]:
        chunk = chunk.split(_REPORT_START, 1)[0]
        title_match = _TITLE_RE.search(chunk)
        title_line = html.unescape(title_match.group(1)) if title_match else ""
        title = title_line.rsplit(":", 1)[0] if ": " in title_line else title_line
        for mark, check, message in _ROW_RE.findall(chunk):
            found.append((title, html.unescape(check), "pass" in mark, html.unescape(message)))
    return found


def _test_cells(nb: dict) -> Iterable[tuple[str, dict]]:
    for cell in nb.get("cells", []):
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        if cell.get("cell_type") == "code" and meta.get("grade") and not meta.get("solution"):
            yield str(meta.get("grade_id")), cell


def _output_html(cell: dict) -> str:
    parts = []
    for output in cell.get("outputs") or []:
        data = output.get("data") or {}
        text = data.get("text/html")
        if text:
            parts.append("".join(text) if isinstance(text, list) else str(text))
    return "\n".join(parts)


def _read_findings(autograded: Path, submissions: pd.DataFrame, skipped: list[Skipped]) -> pd.DataFrame:
    rows = []
    for row in submissions.itertuples(index=False):
        if row.status == "failed":
            continue  # nothing to read: said once, in the submission's status
        folder = autograded / row.student / row.assignment
        notebooks = sorted(folder.glob("*.ipynb")) if folder.is_dir() else []
        if not notebooks:
            skipped.append(Skipped(f"{row.assignment}/{row.student}", "no autograded notebook to read findings from"))
        for path in notebooks:
            try:
                nb = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(nb, dict):
                    raise ValueError("not a notebook")
            except (OSError, ValueError, UnicodeDecodeError) as exc:
                skipped.append(Skipped(str(path), f"autograded notebook unreadable ({exc}); its findings are left out"))
                continue
            for cell_id, cell in _test_cells(nb):
                for title, check, passed, message in parse_findings(_output_html(cell)):
                    rows.append((row.assignment, row.student, path.stem, cell_id, title, check, passed, message))
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


# -- self-assessments -----------------------------------------------------------------------------------


def _rubric_problem(entry: Any, rubric: Rubric, qid: str) -> str | None:
    """Why a saved entry does not belong to the current rubric of question ``qid`` (None when it does)."""
    if qid not in rubric.questions:
        return f"question {qid!r} is not in the rubric of {rubric.assignment} (another rubric version?)"
    if not isinstance(entry, dict):
        return f"the entry for {qid!r} is not a mapping"
    question = rubric.questions[qid]
    ticks = entry.get("criteria")
    if not isinstance(ticks, dict) or set(ticks) != {c.id for c in question.criteria}:
        return f"the criteria saved for {qid!r} are not the rubric's (saved under another rubric version)"
    points = entry.get("points")
    if isinstance(points, bool) or not isinstance(points, (int, float)):
        return f"the saved points for {qid!r} are not a number"
    if entry.get("max_points") != question.points:
        return f"{qid!r} was saved out of {entry.get('max_points')!r} points, the rubric gives {question.points}"
    return None


def _read_self_assessments(course: Path, assignments: list[str], students: set[str], scores: pd.DataFrame,
                           rubric_dir: Path | None, skipped: list[Skipped]
                           ) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Rubric]]:
    rubrics: dict[str, Rubric] = {}
    rows, criterion_rows = [], []
    submitted = course / "submitted"
    manual = scores[scores["cell_type"] == "markdown"].set_index(["assignment", "student", "cell"])["score"]
    manual_lookup = manual.to_dict()
    for assignment in assignments:
        files = sorted(submitted.glob(f"*/{assignment}/{assignment}{SAVE_SUFFIX}")) if submitted.is_dir() else []
        if not files:
            continue
        try:
            rubric = load_rubric(assignment, rubric_dir)
        except RubricError as exc:
            skipped.append(Skipped(f"{assignment} self-assessments", f"no usable rubric ({exc}); {len(files)} file(s) unread"))
            continue
        rubrics[assignment] = rubric
        for path in files:
            student = path.parent.parent.name
            if student not in students:
                skipped.append(Skipped(str(path.relative_to(course)), f"student {student!r} is not in the gradebook"))
                continue
            try:
                data = read_self_assessments(path)
            except (SaveFileError, OSError) as exc:
                skipped.append(Skipped(str(path.relative_to(course)), f"corrupt self-assessment file: {exc}"))
                continue
            if data.get("assignment") not in (None, assignment):
                skipped.append(Skipped(str(path.relative_to(course)),
                                       f"the file is for assignment {data.get('assignment')!r}, not {assignment!r}"))
                continue
            for qid, entry in sorted(data["questions"].items()):
                problem = _rubric_problem(entry, rubric, qid)
                if problem:
                    skipped.append(Skipped(f"{path.relative_to(course)} [{qid}]", problem))
                    continue
                first = entry.get("first_save") if isinstance(entry.get("first_save"), dict) else entry
                first_points = first.get("points")
                confidence = entry.get("confidence") if entry.get("confidence") in CONFIDENCE_LEVELS else None
                instructor = manual_lookup.get((assignment, student, qid))
                rows.append((assignment, student, qid, float(entry["points"]),
                             float(first_points) if isinstance(first_points, (int, float)) else None,
                             float(entry["max_points"]), confidence,
                             None if instructor is None or pd.isna(instructor) else float(instructor),
                             entry.get("saves") if isinstance(entry.get("saves"), int) else None))
                for cid, ticked in entry["criteria"].items():
                    criterion_rows.append((assignment, student, qid, cid, ticked is True))
    return (pd.DataFrame(rows, columns=SELF_COLUMNS), pd.DataFrame(criterion_rows, columns=CRITERION_COLUMNS),
            rubrics)


# -- putting it together --------------------------------------------------------------------------------


def load_course_data(
    course_dir: str | Path = ".",
    *,
    db_url: str | None = None,
    assignments: list[str] | None = None,
    rubric_dir: str | Path | None = None,
) -> CourseData:
    """Read the course's gradebook, autograded notebooks and collected self-assessment files.

    ``db_url``: the gradebook (default ``sqlite:///<course_dir>/gradebook.db``). ``assignments``:
    only these (default: every assignment in the gradebook). ``rubric_dir``: where the rubrics are
    (default: the package's). Raises ``FileNotFoundError`` only when there is no gradebook at all;
    anything else that cannot be used is listed in :attr:`CourseData.skipped`.
    """
    course = Path(course_dir).resolve()
    if db_url is None:
        db_path = course / "gradebook.db"
        if not db_path.is_file():
            raise FileNotFoundError(f"no gradebook at {db_path}: run `autograder grade` (or nbgrader autograde) first")
        db_url = f"sqlite:///{db_path}"
        course_id = _course_id(course, db_path)
    else:
        course_id = None
    students, assignment_table, cells, submissions, grades = _read_gradebook(db_url, course_id)
    skipped: list[Skipped] = []
    if assignments:
        unknown = sorted(set(assignments) - set(assignment_table["assignment"]))
        for name in unknown:
            skipped.append(Skipped(name, "no such assignment in the gradebook"))
        keep = set(assignments)
        assignment_table = assignment_table[assignment_table["assignment"].isin(keep)]
        cells = cells[cells["assignment"].isin(keep)]
        submissions = submissions[submissions["assignment"].isin(keep)]
    autograded = course / "autograded"
    scores, subs = _scores_table(cells, submissions, grades, _failed_reasons(course), autograded)
    names = list(assignment_table["assignment"])
    for name in names:
        if not (subs["assignment"] == name).any():
            skipped.append(Skipped(name, "no submissions yet: only listed in the counts"))
    findings = _read_findings(autograded, subs, skipped)
    self_table, criteria, rubrics = _read_self_assessments(
        course, names, set(students["student"]), scores, Path(rubric_dir) if rubric_dir else None, skipped)
    return CourseData(students=students, assignments=assignment_table.reset_index(drop=True),
                      cells=cells.reset_index(drop=True), submissions=subs, scores=scores, findings=findings,
                      self_assessments=self_table, criteria=criteria, rubrics=rubrics, skipped=skipped)
