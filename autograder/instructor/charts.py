"""The report's charts (matplotlib figures), drawn without a display (Agg) and never shown by themselves."""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure

from .data import CourseData

__all__ = ["calibration_chart", "item_chart", "misconception_chart", "score_histograms"]


def _empty(fig: Figure, message: str) -> Figure:
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", wrap=True)
    return fig


def score_histograms(data: CourseData, summary: pd.DataFrame) -> Figure:
    """One histogram per assignment of the graded scores (share of the maximum), with its counts."""
    names = list(summary["assignment"])
    columns = min(4, max(1, len(names)))
    rows = max(1, math.ceil(len(names) / columns))
    fig = Figure(figsize=(3.2 * columns, 2.6 * rows), layout="constrained")
    if not names:
        return _empty(fig, "No assignments in the gradebook.")
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    graded = data.submissions[data.submissions["status"] == "graded"]
    for ax, row in zip(axes, summary.itertuples(index=False), strict=False):
        scores = graded.loc[graded["assignment"] == row.assignment, "score"]
        if row.max_score and len(scores):
            ax.hist(scores / row.max_score * 100, bins=10, range=(0, 100), color="#4c72b0", edgecolor="white")
        else:
            ax.text(0.5, 0.5, "no graded submissions", ha="center", va="center", transform=ax.transAxes)
        ax.set_title(f"{row.assignment}", fontsize=10)
        ax.set_xlabel(f"score, % of {row.max_score:g} points "
                      f"({row.graded} graded, {row.failed} failed, {row.missing} missing)", fontsize=7)
        ax.set_xlim(0, 100)
    for ax in axes[len(names):]:
        ax.axis("off")
    fig.suptitle("Score distribution per assignment")
    return fig


def item_chart(items: pd.DataFrame) -> Figure:
    """Each graded cell: mean share of its points (difficulty) against its discrimination; flagged ones in red."""
    fig = Figure(figsize=(7, 4.5), layout="constrained")
    usable = items[items["discrimination"].notna()]
    if usable.empty:
        return _empty(fig, "Too few graded submissions for item analysis.")
    ax = fig.add_subplot()
    flagged = usable["flag"] != ""
    ax.scatter(usable.loc[~flagged, "mean_share"], usable.loc[~flagged, "discrimination"], color="#4c72b0",
               label="discriminates")
    ax.scatter(usable.loc[flagged, "mean_share"], usable.loc[flagged, "discrimination"], color="#c44e52",
               marker="X", s=60, label="flagged")
    for row in usable[flagged].itertuples(index=False):
        ax.annotate(f"{row.assignment}/{row.cell}", (row.mean_share, row.discrimination), fontsize=7,
                    xytext=(4, 4), textcoords="offset points")
    from .stats import DISCRIMINATION_FLOOR

    ax.axhline(DISCRIMINATION_FLOOR, color="grey", linestyle="--", linewidth=1)
    ax.set_xlim(-0.05, 1.05)
    ax.set_xlabel("mean score, share of the cell's points (higher = easier)")
    ax.set_ylabel("discrimination (item-rest correlation)")
    ax.set_title("Graded cells: difficulty and discrimination")
    ax.legend(loc="lower left", fontsize=8)
    return fig


def misconception_chart(table: pd.DataFrame, top: int = 12) -> Figure:
    """The most failed checker criteria, as horizontal bars of the share of learners who failed each."""
    shown = table.head(top).iloc[::-1]
    fig = Figure(figsize=(8, 0.45 * max(3, len(shown)) + 1.2), layout="constrained")
    if shown.empty:
        return _empty(fig, "No failed checks recorded in the autograded notebooks.")
    ax = fig.add_subplot()
    labels = [f"{r.assignment}/{r.cell}: {r.check}" for r in shown.itertuples(index=False)]
    ax.barh(range(len(shown)), shown["share_failed"] * 100, color="#dd8452")
    ax.set_yticks(range(len(shown)), labels, fontsize=8)
    for i, r in enumerate(shown.itertuples(index=False)):
        ax.text(r.share_failed * 100 + 1, i, f"{r.learners_failed}/{r.learners_checked}", va="center", fontsize=7)
    ax.set_xlim(0, 110)
    ax.set_xlabel("learners who failed the check, %")
    ax.set_title("The class's most common misconceptions")
    return fig


def calibration_chart(data: CourseData, by_confidence: pd.DataFrame) -> Figure:
    """Left: self-assessed against instructor-awarded share of each written answer's points (the diagonal is
    perfect calibration; above it, over-confidence). Right: error by stated confidence."""
    fig = Figure(figsize=(10, 4.2), layout="constrained")
    s = data.self_assessments
    s = s[s["instructor_points"].notna()]
    if s.empty:
        return _empty(fig, "No hand-graded written answers with a self-assessment yet.")
    left, right = fig.subplots(1, 2)
    pairs = pd.DataFrame({"instructor": s["instructor_points"] / s["max_points"],
                          "self": s["self_points"] / s["max_points"]})
    counts = pairs.value_counts().reset_index(name="n")
    left.scatter(counts["instructor"], counts["self"], s=20 + 12 * counts["n"], alpha=0.6, color="#55a868")
    left.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1)
    left.set_xlim(-0.05, 1.05)
    left.set_ylim(-0.05, 1.05)
    left.set_xlabel("instructor's grade, share of the points")
    left.set_ylabel("learner's self-assessment, share")
    over = float((pairs["self"] > pairs["instructor"] + 1e-9).mean())
    under = float((pairs["self"] < pairs["instructor"] - 1e-9).mean())
    left.set_title(f"Self vs instructor (over-rated {over:.0%}, under-rated {under:.0%})", fontsize=10)
    shown = by_confidence[by_confidence["n"] > 0]
    x = range(len(shown))
    right.bar([i - 0.2 for i in x], shown["mean_abs_error"] * 100, width=0.4, label="mean error", color="#8172b3")
    right.bar([i + 0.2 for i in x], shown["bias"] * 100, width=0.4, label="mean bias (+ = over-rated)",
              color="#937860")
    right.axhline(0, color="black", linewidth=0.8)
    right.set_xticks(list(x), [f"{c}\n(n={n})" for c, n in zip(shown["confidence"], shown["n"], strict=True)])
    right.set_ylabel("% of the question's points")
    right.set_title("Stated confidence against accuracy", fontsize=10)
    right.legend(fontsize=8)
    fig.suptitle("Self-assessment calibration")
    return fig
