"""The class report: statistics tables, charts, a self-contained HTML file, CSV files and a text summary."""

from __future__ import annotations

import base64
import html
import io
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from autograder._fileio import atomic_write

from . import charts, stats
from .data import CourseData, Skipped, load_course_data

__all__ = ["Chart", "ClassReport", "build_report"]


@dataclass(frozen=True)
class Chart:
    """One chart of the report; shown as a PNG image by Jupyter."""

    name: str
    figure: Figure

    def png(self, dpi: int = 90) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=dpi)
        return buffer.getvalue()

    def _repr_png_(self) -> bytes:
        return self.png()

    def __repr__(self) -> str:
        return f"<chart {self.name}>"


@dataclass
class ClassReport:
    """The report of one course: every table is a pandas DataFrame (see :mod:`.stats` for their columns)."""

    data: CourseData
    summary: pd.DataFrame
    items: pd.DataFrame
    misconceptions: pd.DataFrame
    calibration: pd.DataFrame
    confidence: pd.DataFrame
    rubric_lines: pd.DataFrame
    title: str = "Class report"
    note: str = ""
    """Shown at the top of the HTML and the text (e.g. that the data is a demo)."""
    label: str = ""
    """Stamped in the corner of every chart (e.g. "DEMO DATA"), so a chart copied alone still says it."""
    _figures: dict[str, Figure] = field(default_factory=dict, repr=False)

    def failed_submissions(self) -> pd.DataFrame:
        """Submissions nbgrader or the grader could not grade, with the reason."""
        s = self.data.submissions
        return s.loc[s["status"] == "failed", ["assignment", "student", "reason"]].reset_index(drop=True)

    @property
    def skipped(self) -> list[Skipped]:
        return self.data.skipped

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by its CSV name: the statistics and the raw tables they come from."""
        return {
            "assignments": self.summary, "items": self.items, "misconceptions": self.misconceptions,
            "calibration": self.calibration, "calibration_by_confidence": self.confidence,
            "rubric_lines": self.rubric_lines, "submissions": self.data.submissions, "scores": self.data.scores,
            "findings": self.data.findings, "self_assessments": self.data.self_assessments,
            "skipped": pd.DataFrame([(s.source, s.reason) for s in self.skipped], columns=["source", "reason"]),
        }

    # -- charts ------------------------------------------------------------------------------------

    def figures(self) -> dict[str, Figure]:
        """The four charts (made once, on first use)."""
        if not self._figures:
            self._figures = {
                "scores": charts.score_histograms(self.data, self.summary),
                "items": charts.item_chart(self.items),
                "misconceptions": charts.misconception_chart(self.misconceptions),
                "calibration": charts.calibration_chart(self.data, self.confidence),
            }
            if self.label:
                for fig in self._figures.values():
                    fig.text(0.995, 0.995, self.label, ha="right", va="top", fontsize=8, color="#b42318",
                             fontweight="bold")
        return self._figures

    def chart(self, name: str) -> Chart:
        """Chart ``name`` (``scores``, ``items``, ``misconceptions`` or ``calibration``) for display in a notebook."""
        figures = self.figures()
        if name not in figures:
            raise KeyError(f"no chart {name!r}; the charts are: {', '.join(figures)}")
        return Chart(name, figures[name])

    # -- outputs -----------------------------------------------------------------------------------

    def text(self, top: int = 5) -> str:
        """A plain-text summary for the terminal."""
        lines = [self.title + (f" - {self.note}" if self.note else "")]
        for r in self.summary.itertuples(index=False):
            mean = "no graded submissions" if math.isnan(r.mean) else f"mean {r.mean:.2f}/{r.max_score:g} ({r.mean_share:.0%})"
            lines.append(f"  {r.assignment}: {r.submitted} submitted, {r.graded} graded, {r.failed} failed, "
                         f"{r.flagged} flagged, {r.missing} missing, {r.awaiting_manual_grade} await a hand grade; {mean}")
        failed = self.failed_submissions()
        if len(failed):
            lines.append(f"Failed submissions ({len(failed)}; recorded as needing a manual grade, not as 0):")
            lines += [f"  {r.assignment}/{r.student}: {r.reason}" for r in failed.head(top * 4).itertuples(index=False)]
            if len(failed) > top * 4:
                lines.append(f"  ... and {len(failed) - top * 4} more (submissions.csv lists all)")
        flagged = self.items[self.items["flag"] != ""]
        lines.append(f"Graded cells flagged in item analysis: {len(flagged)} of {len(self.items)}")
        for r in flagged.head(top).itertuples(index=False):
            lines.append(f"  {r.assignment}/{r.cell}: {r.flag}")
        if len(self.misconceptions):
            lines.append("Most common misconceptions:")
            for r in self.misconceptions.head(top).itertuples(index=False):
                lines.append(f"  {r.learners_failed}/{r.learners_checked} {r.assignment}/{r.cell} {r.check}: {r.message}")
        if len(self.calibration):
            lines.append("Self-assessment (bias = self - instructor, share of the points):")
            for r in self.calibration.itertuples(index=False):
                bias = "not hand-graded yet" if math.isnan(r.bias) else f"bias {r.bias:+.0%}, over-rated {r.over:.0%}"
                lines.append(f"  {r.assignment}/{r.question}: {r.self_assessed} self-assessed, {r.hand_graded} hand-graded; {bias}")
        if self.skipped:
            lines.append(f"Skipped ({len(self.skipped)}):")
            lines += [f"  {s}" for s in self.skipped]
        return "\n".join(lines)

    def write_csv(self, folder: str | Path) -> list[Path]:
        """One CSV per table (see :meth:`tables`) in ``folder``; returns the paths."""
        folder = Path(folder)
        written = []
        for name, table in self.tables().items():
            path = folder / f"{name}.csv"
            atomic_write(path, table.to_csv(index=False))
            written.append(path)
        return written

    def to_html(self) -> str:
        """The whole report as one HTML page with its charts embedded (no other file needed to share it)."""
        figures = self.figures()
        made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        parts = [
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
            f"<title>{html.escape(self.title)}</title><style>{_CSS}</style></head><body>",
            f"<h1>{html.escape(self.title)}</h1><p class='meta'>Made {made} by autograder report.</p>",
        ]
        if self.note:
            parts.append(f"<p class='note'>{html.escape(self.note)}</p>")
        parts += [
            "<h2>Assignments</h2>", _table(self.summary, percent={"mean_share"}), _img(figures["scores"], "scores"),
            "<h3>Failed submissions</h3>", _table(self.failed_submissions()),
            "<h2>Graded cells (item analysis)</h2>",
            "<p>Discrimination is the correlation of a cell's score with the rest of the assignment "
            f"(point-biserial for all-or-nothing cells). Below {stats.DISCRIMINATION_FLOOR} a cell hardly "
            "separates stronger from weaker learners: check its wording and its tests.</p>",
            _img(figures["items"], "items"),
            _table(self.items, percent={"mean_share", "share_full", "share_zero"}),
            "<h2>The class's most common misconceptions</h2>", _img(figures["misconceptions"], "misconceptions"),
            _table(self.misconceptions, percent={"share_failed"}),
            "<h2>Self-assessment calibration</h2>", _img(figures["calibration"], "calibration"),
            _table(self.calibration, percent={"bias", "mean_abs_error", "over", "under", "exact"}),
            _table(self.confidence, percent={"bias", "mean_abs_error"}),
            "<h3>Rubric lines</h3><p>nbgrader keeps one hand grade per written answer; for each rubric line, "
            "the share of learners who ticked it and the instructor's grade of those who did and did not.</p>",
            _table(self.rubric_lines, percent={"ticked_share", "instructor_share_if_ticked", "instructor_share_if_not"}),
            f"<h2>Skipped ({len(self.skipped)})</h2>",
        ]
        if self.skipped:
            parts.append("<ul class='skipped'>" + "".join(
                f"<li><code>{html.escape(s.source)}</code>: {html.escape(s.reason)}</li>" for s in self.skipped)
                + "</ul>")
        else:
            parts.append("<p>Nothing was skipped.</p>")
        parts.append("</body></html>")
        return "\n".join(parts)

    def write_html(self, path: str | Path) -> Path:
        path = Path(path)
        atomic_write(path, self.to_html())
        return path


_CSS = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:72em;color:#222}
table{border-collapse:collapse;font-size:85%;margin:0.5em 0 1.5em}
th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#f2f2f2} img{max-width:100%} .meta{color:#666}
.note{background:#fff4ce;border-left:4px solid #9a6700;padding:4px 8px}
"""


def _table(table: pd.DataFrame, percent: set[str] = frozenset()) -> str:  # type: ignore[assignment]
    if table.empty:
        return "<p><em>No rows.</em></p>"
    formatters = {c: (lambda v: "" if pd.isna(v) else f"{v:.0%}") for c in percent if c in table.columns}
    return table.to_html(index=False, na_rep="", float_format=lambda v: f"{v:.3g}", formatters=formatters,
                         border=0, escape=True)


def _img(fig: Figure, name: str) -> str:
    encoded = base64.b64encode(Chart(name, fig).png()).decode("ascii")
    return f"<p><img alt='{name} chart' class='chart-{name}' src='data:image/png;base64,{encoded}'></p>"


def build_report(
    course_dir: str | Path = ".",
    *,
    data: CourseData | None = None,
    assignments: list[str] | None = None,
    rubric_dir: str | Path | None = None,
    db_url: str | None = None,
    title: str = "Class report",
    note: str = "",
    label: str = "",
) -> ClassReport:
    """The report of the course in ``course_dir`` (or of already loaded ``data``); see :func:`load_course_data`."""
    if data is None:
        data = load_course_data(course_dir, db_url=db_url, assignments=assignments, rubric_dir=rubric_dir)
    return ClassReport(
        data=data,
        summary=stats.assignment_summary(data),
        items=stats.item_analysis(data),
        misconceptions=stats.misconceptions(data),
        calibration=stats.calibration(data),
        confidence=stats.calibration_by_confidence(data),
        rubric_lines=stats.rubric_lines(data),
        title=title,
        note=note,
        label=label,
    )
