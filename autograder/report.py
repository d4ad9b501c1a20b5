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

__all__ = ["Finding", "Report", "Missing", "answer"]


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
    """Share of the report's score this finding carries (relative to the others)."""

    def __post_init__(self) -> None:
        if not (isinstance(self.weight, (int, float)) and math.isfinite(self.weight) and self.weight >= 0):
            raise ValueError(f"Finding weight must be a finite number >= 0, got {self.weight!r}")


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

    def grade(self, points: float) -> float:
        """Show the report and return the partial credit out of ``points``.

        Written as the last line of an nbgrader test cell, the returned number
        becomes the cell's partial credit.
        """
        self.show()
        return self.credit(points)

    def show(self) -> None:
        """Display as HTML inside IPython, else print plain text to stdout."""
        display = _ipython_display()
        if display is not None:
            display(self)
        else:
            print(self.to_text(), file=sys.stdout)

    # -- rendering -----------------------------------------------------------------

    def summary(self) -> str:
        n_passed = sum(f.passed for f in self.findings)
        return f"{self.title}: {n_passed} of {len(self.findings)} checks passed, score {self.score:.0%}"

    def to_text(self) -> str:
        lines = [self.summary()]
        for f in self.findings:
            mark = "PASS" if f.passed else "FAIL"
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
            mark, colour = ("&#10004; pass", "#1a7f37") if f.passed else ("&#10008; fix", "#b42318")
            rows.append(
                "<tr>"
                f'<td style="color:{colour};white-space:nowrap;text-align:left">{mark}</td>'
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
