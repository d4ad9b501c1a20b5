"""The one result type every checker returns.

A :class:`Report` is a list of :class:`Finding` records - what was checked,
whether it passed, and a message that says what to change - plus a score in
[0, 1]. It renders as an HTML table in a notebook and as plain text
elsewhere. In an nbgrader test cell, ``report.grade(points)`` shows the report
and returns the partial credit as the cell's last value; it never writes to
stderr (nbgrader scores any stderr output as zero).
"""

from __future__ import annotations

import html
import math
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Credit", "Finding", "Report", "Missing", "answer"]


@dataclass(frozen=True)
class Finding:
    """One thing a checker looked at."""

    check: str
    """What was checked, in a few words ("redirect returns 301 or 302")."""
    passed: bool
    """Whether the learner's answer meets it."""
    message: str
    """For a failure: what is wrong and what to change. For a pass: what was right."""
    weight: float = 1.0
    """Share of the report's score this finding carries (relative to the others). A finding of
    weight 0 is a *note*: it explains something (an ignored key, why the rest was not judged) but is
    neither a pass nor a failure, and the headline does not count it."""

    def __post_init__(self) -> None:
        if not (isinstance(self.weight, (int, float)) and math.isfinite(self.weight) and self.weight >= 0):
            raise ValueError(f"Finding weight must be a finite number >= 0, got {self.weight!r}")

    @property
    def is_note(self) -> bool:
        """True for a finding that carries no weight (a note or an unjudged row)."""
        return self.weight == 0


class Credit(float):
    """The partial credit ``Report.grade`` returns: a plain number to nbgrader, labelled in a notebook.

    nbgrader reads a test cell's credit from the ``text/plain`` form of its last value
    (``float(...)``, docs/grading-notes.md, "Scores"), so ``repr`` stays the bare number; the HTML
    form JupyterLab shows under the report says what the number is ("2.5 of 4 points").
    """

    points: float

    def __new__(cls, value: float, points: float) -> Credit:
        credit = super().__new__(cls, value)
        credit.points = points
        return credit

    def __repr__(self) -> str:
        return float.__repr__(self)

    __str__ = __repr__

    def label(self) -> str:
        """"2.5 of 4 points" (the credit and what it is out of)."""
        unit = "point" if self.points == 1 else "points"
        return f"{_number(float(self))} of {_number(self.points)} {unit}"

    def _repr_html_(self) -> str:
        return f'<p class="autograder-credit"><strong>{html.escape(self.label())}</strong></p>'

    def __reduce__(self):  # pickles (and copies) as the plain number it stands for
        return (float, (float(self),))


@dataclass
class Report:
    """Findings of one checker run and the score they add up to."""

    title: str
    findings: list[Finding] = field(default_factory=list)

    def add(self, check: str, passed: bool, message: str, weight: float = 1.0) -> Finding:
        """Record one finding and return it."""
        finding = Finding(check, bool(passed), message, weight)
        self.findings.append(finding)
        return finding

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    @property
    def score(self) -> float:
        """Weighted share of findings passed, in [0, 1]; 0 when nothing was checked."""
        total = sum(f.weight for f in self.findings)
        if total == 0:
            return 0.0
        return sum(f.weight for f in self.findings if f.passed) / total

    @property
    def judged(self) -> list[Finding]:
        """The findings that carry weight: the passes and failures the score is made of."""
        return [f for f in self.findings if not f.is_note]

    @property
    def notes(self) -> list[Finding]:
        """Zero-weight findings: notes and unjudged rows, counted neither as passes nor failures."""
        return [f for f in self.findings if f.is_note]

    @property
    def passed(self) -> bool:
        """True when at least one finding was made and every finding passed."""
        return bool(self.findings) and all(f.passed for f in self.findings)

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if not f.passed]

    def credit(self, points: float) -> float:
        """The partial credit out of ``points``, rounded to 2 decimals."""
        if not (isinstance(points, (int, float)) and math.isfinite(points) and points >= 0):
            raise ValueError(f"points must be a finite number >= 0, got {points!r}")
        return round(self.score * points, 2)

    def grade(self, points: float) -> Credit:
        """Show the report and return the partial credit out of ``points``.

        Written as the last line of an nbgrader test cell, the returned number
        becomes the cell's partial credit. It is a :class:`Credit`: a float whose
        notebook rendering says what it is ("2.5 of 4 points").
        """
        credit = self.credit(points)  # validates points before anything is shown
        self.show()
        return Credit(credit, points)

    def show(self) -> None:
        """Display as HTML inside IPython, else print plain text to stdout."""
        display = _ipython_display()
        if display is not None:
            display(self)
        else:
            print(self.to_text(), file=sys.stdout)

    # -- rendering -----------------------------------------------------------------

    def summary(self) -> str:
        """The headline: passes out of the judged checks, the score, and how many notes there are.

        Notes (zero-weight findings) are counted apart, never as passes. When the judged checks do
        not all weigh the same, the headline says so, since the score is then not the share of checks.
        No colon after the title: readers of rendered reports split the title off at the last colon.
        """
        judged, notes = self.judged, self.notes
        n_passed = sum(f.passed for f in judged)
        if judged:
            text = f"{self.title}: {n_passed} of {len(judged)} checks passed, score {self.score:.0%}"
            if len({f.weight for f in judged}) > 1:
                text += " (checks weigh differently)"
        else:
            text = f"{self.title}: nothing was judged, score {self.score:.0%}"
        if notes:
            text += f"; {len(notes)} note" + ("" if len(notes) == 1 else "s") + " (no points)"
        return text

    def to_text(self) -> str:
        lines = [self.summary()]
        for f in self.findings:
            mark = "NOTE" if f.is_note else "PASS" if f.passed else "FAIL"
            lines.append(f"  [{mark}] {f.check}: {f.message}")
        return "\n".join(lines)

    __str__ = to_text

    def __repr__(self) -> str:
        return f"<Report {self.summary()}>"

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython's plain-text repr
        printer.text(self.to_text())

    def _repr_html_(self) -> str:
        rows = []
        for f in self.findings:
            if f.is_note:
                mark, colour = "&#8505; note", "#57606a"
            else:
                mark, colour = ("&#10004; pass", "#1a7f37") if f.passed else ("&#10008; fix", "#b42318")
            # A note's row has a class, so readers of findings (autograder.instructor.data, which
            # matches "<tr><td") skip it: a note is not an item of the class's item analysis.
            row_start = '<tr class="autograder-note">' if f.is_note else "<tr>"
            rows.append(
                row_start
                + f'<td style="color:{colour};white-space:nowrap;text-align:left">{mark}</td>'
                f'<td style="text-align:left">{html.escape(f.check)}</td>'
                f'<td style="text-align:left">{html.escape(f.message)}</td>'
                "</tr>"
            )
        body = "".join(rows) or '<tr><td colspan="3">Nothing was checked.</td></tr>'
        return (
            '<div class="autograder-report">'
            f"<p><strong>{html.escape(self.summary())}</strong></p>"
            '<table><thead><tr><th style="text-align:left">result</th>'
            '<th style="text-align:left">what was checked</th>'
            '<th style="text-align:left">what to change</th></tr></thead>'
            f"<tbody>{body}</tbody></table></div>"
        )

    # -- construction helpers for checkers ----------------------------------------

    @classmethod
    def unusable(cls, title: str, check: str, message: str) -> Report:
        """A report for an answer that cannot be checked at all (missing, wrong type)."""
        report = cls(title)
        report.add(check, False, message)
        return report


class Missing:
    """Stands for an answer variable the learner has not defined (yet)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Missing({self.name!r})"

    def __bool__(self) -> bool:
        return False

    def message(self) -> str:
        return (
            f"`{self.name}` is not defined. Write your answer in the cell above "
            f"and run it (keep the name `{self.name}` exactly), then run this check again."
        )


def answer(name: str):
    """The value of the learner's variable ``name`` in the caller's namespace.

    Returns a :class:`Missing` when the name is not defined, so a checker can
    explain what to do instead of the cell failing with a ``NameError``.
    """
    namespace = sys._getframe(1).f_globals
    if name in namespace:
        return namespace[name]
    return Missing(name)


def _number(value: float) -> str:
    """4 not 4.0, 2.5 as 2.5, 0.67 as 0.67."""
    return f"{round(float(value), 2):g}"


def _ipython_display():
    """IPython's ``display`` when running inside an IPython shell, else None."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return None
    try:
        if ipython.get_ipython() is None:
            return None
        from IPython.display import display
    except Exception:  # a broken or partial IPython: fall back to text
        return None
    return display
