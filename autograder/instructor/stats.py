"""The statistics of the instructor's report, as plain functions of :class:`~.data.CourseData` tables.

- :func:`assignment_summary`: per assignment, how many submitted, were graded, failed, are flagged or
  await a manual grade, and the score distribution of the graded ones;
- :func:`item_analysis`: per graded cell, the mean, the share at full marks and at zero, and its
  discrimination: the correlation between the cell's score and the rest of the assignment's score
  (the "corrected item-total" or item-rest correlation; for an all-or-nothing cell it is the
  point-biserial correlation). Cells below :data:`DISCRIMINATION_FLOOR` are flagged;
- :func:`misconceptions`: per criterion of the checkers, how many learners failed it, ranked;
- :func:`calibration`, :func:`calibration_by_confidence`, :func:`rubric_lines`: learners' self-assessed
  points against the instructor's hand grade.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .data import CourseData

__all__ = [
    "DISCRIMINATION_FLOOR",
    "assignment_summary",
    "calibration",
    "calibration_by_confidence",
    "item_analysis",
    "misconceptions",
    "rubric_lines",
]

DISCRIMINATION_FLOOR = 0.2
"""Item-rest correlations below this are flagged. Ebel's long-used guideline for classroom tests
(Ebel & Frisbie, *Essentials of Educational Measurement*, 5th ed., 1991) reads below 0.20 as a
poor item to revise or drop, 0.20-0.29 as marginal, 0.30-0.39 as reasonably good, 0.40 and above
as very good."""

_MIN_FOR_DISCRIMINATION = 5
"""Fewer graded submissions than this give no discrimination index (too few to mean anything)."""


def _graded(data: CourseData) -> pd.DataFrame:
    """Cell scores of submissions that were graded (failed ones have no scores to analyse)."""
    ok = data.submissions.loc[data.submissions["status"] != "failed", ["assignment", "student"]]
    return data.scores.merge(ok, on=["assignment", "student"])


def assignment_summary(data: CourseData) -> pd.DataFrame:
    """One row per assignment: counts by status, and mean / median / spread of the graded scores."""
    n_students = len(data.students)
    rows = []
    for a in data.assignments.itertuples(index=False):
        subs = data.submissions[data.submissions["assignment"] == a.assignment]
        graded = subs[subs["status"] == "graded"]
        share = graded["score"] / a.max_score if a.max_score else pd.Series(dtype=float)
        rows.append({
            "assignment": a.assignment,
            "max_score": a.max_score,
            "students": n_students,
            "submitted": len(subs),
            "missing": n_students - subs["student"].nunique(),
            "graded": len(graded),
            "awaiting_manual_grade": int((subs["status"] == "ungraded").sum()),
            "failed": int((subs["status"] == "failed").sum()),
            "flagged": int(subs["flagged"].sum()),
            "mean": float(graded["score"].mean()) if len(graded) else math.nan,
            "median": float(graded["score"].median()) if len(graded) else math.nan,
            "std": float(graded["score"].std(ddof=0)) if len(graded) else math.nan,
            "mean_share": float(share.mean()) if len(share) else math.nan,
        })
    return pd.DataFrame(rows)


def _item_rest_correlation(item: np.ndarray, rest: np.ndarray) -> float:
    """Pearson correlation of item and rest scores; NaN when either does not vary."""
    if len(item) < 2:
        return math.nan
    di, dr = item - item.mean(), rest - rest.mean()
    denominator = math.sqrt(float((di * di).sum()) * float((dr * dr).sum()))
    if denominator == 0:
        return math.nan
    return float((di * dr).sum()) / denominator


def item_analysis(data: CourseData) -> pd.DataFrame:
    """One row per graded cell: ``n, mean, mean_share, share_full, share_zero, discrimination, flag``.

    Only cells with a score count (a cell awaiting its manual grade is left out of that cell's
    figures). The rest score of a learner is the sum of their other scored cells in the assignment.
    ``flag`` says why a cell needs a look: it does not discriminate (correlation below
    :data:`DISCRIMINATION_FLOOR`, or negative), everyone scored the same, or too few were graded.
    """
    graded = _graded(data)
    totals = graded.groupby(["assignment", "student"])["score"].sum()  # NaN (awaiting a grade) counts as 0
    rows = []
    for (assignment, notebook, cell), group in graded.groupby(["assignment", "notebook", "cell"], sort=True):
        scored = group[group["score"].notna()]
        max_score = float(group["max_score"].iloc[0]) if len(group) else math.nan
        n = len(scored)
        row = {"assignment": assignment, "notebook": notebook, "cell": cell,
               "cell_type": group["cell_type"].iloc[0], "max_score": max_score, "n": n,
               "mean": math.nan, "mean_share": math.nan, "share_full": math.nan, "share_zero": math.nan,
               "discrimination": math.nan, "flag": ""}
        if n:
            item = scored["score"].to_numpy(dtype=float)
            row["mean"] = float(item.mean())
            row["mean_share"] = float(item.mean() / max_score) if max_score else math.nan
            row["share_full"] = float((item >= max_score - 1e-9).mean())
            row["share_zero"] = float((item <= 1e-9).mean())
        if n < _MIN_FOR_DISCRIMINATION:
            row["flag"] = f"only {n} graded: too few for a discrimination index"
        else:
            student_totals = totals.loc[assignment].reindex(scored["student"]).to_numpy(dtype=float)
            rest = student_totals - scored["score"].to_numpy(dtype=float)
            r = _item_rest_correlation(scored["score"].to_numpy(dtype=float), rest)
            row["discrimination"] = r
            if math.isnan(r):
                row["flag"] = ("everyone scored the same on it: it cannot tell learners apart"
                               if np.ptp(scored["score"].to_numpy(dtype=float)) == 0
                               else "the rest of the assignment does not vary: no index")
            elif r < 0:
                row["flag"] = "negative discrimination: stronger learners score lower here - check the item and its key"
            elif r < DISCRIMINATION_FLOOR:
                row["flag"] = f"does not discriminate (item-rest r = {r:.2f} < {DISCRIMINATION_FLOOR})"
        rows.append(row)
    columns = ["assignment", "notebook", "cell", "cell_type", "max_score", "n", "mean", "mean_share", "share_full",
               "share_zero", "discrimination", "flag"]
    return pd.DataFrame(rows, columns=columns)


def misconceptions(data: CourseData, top: int | None = None) -> pd.DataFrame:
    """The checkers' criteria ranked by how many learners failed them.

    One row per (assignment, cell, check): ``learners_failed``, ``learners_checked``, ``share_failed``
    and the most frequent failure ``message`` (with how many learners got exactly it).
    """
    f = data.findings
    columns = ["assignment", "cell", "check", "learners_failed", "learners_checked", "share_failed", "message",
               "message_count"]
    if f.empty:
        return pd.DataFrame(columns=columns)
    keys = ["assignment", "cell", "check"]
    # A learner fails a criterion if any report of the cell failed it (a cell may show a visible and a hidden report).
    per_learner = f.groupby([*keys, "student"], sort=False)["passed"].all().reset_index()
    checked = per_learner.groupby(keys)["student"].nunique().rename("learners_checked")
    failed = per_learner[~per_learner["passed"]].groupby(keys)["student"].nunique().rename("learners_failed")
    failures = f[~f["passed"]]
    if failures.empty:
        return pd.DataFrame(columns=columns)
    messages = (failures.groupby([*keys, "message"])["student"].nunique().rename("message_count").reset_index()
                .sort_values([*keys, "message_count", "message"], ascending=[True, True, True, False, True])
                .drop_duplicates(keys))
    table = (pd.concat([failed, checked], axis=1).dropna(subset=["learners_failed"]).reset_index()
             .merge(messages, on=keys, how="left"))
    table["learners_failed"] = table["learners_failed"].astype(int)
    table["share_failed"] = table["learners_failed"] / table["learners_checked"]
    table = table.sort_values(["learners_failed", "share_failed", "assignment", "cell", "check"],
                              ascending=[False, False, True, True, True]).reset_index(drop=True)
    table = table[columns]
    return table.head(top) if top else table


def _with_instructor(data: CourseData) -> pd.DataFrame:
    s = data.self_assessments
    s = s[s["instructor_points"].notna()].copy()
    s["self_share"] = s["self_points"] / s["max_points"]
    s["instructor_share"] = s["instructor_points"] / s["max_points"]
    s["bias"] = s["self_share"] - s["instructor_share"]
    return s


def calibration(data: CourseData) -> pd.DataFrame:
    """Per written question: self-assessed vs instructor-awarded points.

    ``bias`` is the mean of (self - instructor) / max points: positive means learners rate
    themselves higher than the instructor does (over-confidence). ``over`` / ``under`` / ``exact``
    are the shares of learners above, below and equal to the instructor's grade; only learners
    whose answer has been hand-graded count (``awaiting_grade`` counts the others).
    """
    columns = ["assignment", "question", "self_assessed", "hand_graded", "awaiting_grade", "mean_self",
               "mean_instructor", "bias", "mean_abs_error", "over", "under", "exact"]
    s = data.self_assessments
    if s.empty:
        return pd.DataFrame(columns=columns)
    both = _with_instructor(data)
    rows = []
    for (assignment, question), group in s.groupby(["assignment", "question"], sort=True):
        g = both[(both["assignment"] == assignment) & (both["question"] == question)]
        diff = g["self_points"] - g["instructor_points"]
        rows.append({
            "assignment": assignment, "question": question, "self_assessed": len(group), "hand_graded": len(g),
            "awaiting_grade": len(group) - len(g),
            "mean_self": float(group["self_points"].mean()),
            "mean_instructor": float(g["instructor_points"].mean()) if len(g) else math.nan,
            "bias": float(g["bias"].mean()) if len(g) else math.nan,
            "mean_abs_error": float(g["bias"].abs().mean()) if len(g) else math.nan,
            "over": float((diff > 1e-9).mean()) if len(g) else math.nan,
            "under": float((diff < -1e-9).mean()) if len(g) else math.nan,
            "exact": float((diff.abs() <= 1e-9).mean()) if len(g) else math.nan,
        })
    return pd.DataFrame(rows, columns=columns)


def calibration_by_confidence(data: CourseData) -> pd.DataFrame:
    """Stated confidence against accuracy: per level, ``n``, mean bias and mean absolute error (shares of
    the question's points), over hand-graded answers. A well-calibrated class has the error fall as the
    stated confidence rises."""
    from autograder.rubric.model import CONFIDENCE_LEVELS

    both = _with_instructor(data)
    both["level"] = both["confidence"].fillna("not said")
    rows = []
    for level in ["not said", *CONFIDENCE_LEVELS]:
        g = both[both["level"] == level]
        rows.append({"confidence": level, "n": len(g),
                     "bias": float(g["bias"].mean()) if len(g) else math.nan,
                     "mean_abs_error": float(g["bias"].abs().mean()) if len(g) else math.nan})
    return pd.DataFrame(rows)


def rubric_lines(data: CourseData) -> pd.DataFrame:
    """Per rubric line: how many learners ticked it, and how the instructor graded those who did and did not.

    nbgrader stores one hand grade per written answer, not one per rubric line, so the instructor's
    side of a line is the mean share of the question's points the instructor gave to the learners
    who ticked it (``instructor_share_if_ticked``) and to those who did not. A line ticked by many
    whose answers the instructor still grades low is one learners misread.
    """
    columns = ["assignment", "question", "criterion", "text", "points", "learners", "ticked_share",
               "instructor_share_if_ticked", "instructor_share_if_not"]
    c = data.criteria
    if c.empty:
        return pd.DataFrame(columns=columns)
    graded = _with_instructor(data)[["assignment", "student", "question", "instructor_share"]]
    joined = c.merge(graded, on=["assignment", "student", "question"], how="left")
    rows = []
    for assignment, rubric in sorted(data.rubrics.items()):
        for q in rubric.questions.values():
            for crit in q.criteria:
                g = joined[(joined["assignment"] == assignment) & (joined["question"] == q.id)
                           & (joined["criterion"] == crit.id)]
                if g.empty:
                    continue
                ticked, not_ticked = g[g["ticked"]], g[~g["ticked"]]
                rows.append({
                    "assignment": assignment, "question": q.id, "criterion": crit.id, "text": crit.text,
                    "points": crit.points, "learners": len(g), "ticked_share": float(g["ticked"].mean()),
                    "instructor_share_if_ticked": float(ticked["instructor_share"].mean()) if len(ticked) else math.nan,
                    "instructor_share_if_not": float(not_ticked["instructor_share"].mean())
                    if len(not_ticked) else math.nan,
                })
    return pd.DataFrame(rows, columns=columns)
