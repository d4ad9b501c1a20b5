"""Run the module 6 corpus through the checkers (grading scope) and count the unfair verdicts."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from autograder.report import Report
from autograder.sketches import (
    base62,
    check_base62,
    check_hash_ring,
    check_token_bucket,
    hash_ring,
    token_bucket,
)

from . import Entry

CHECKERS = {
    "base62": (check_base62, base62),
    "token_bucket": (check_token_bucket, token_bucket),
    "hash_ring": (check_hash_ring, hash_ring),
}
"""Corpus module name -> (the checker, the checker's module with its VISIBLE and HIDDEN lists)."""
LIMIT = 0.02
"""At most this share of correct answers below full marks, and of wrong answers at full marks."""


def check_names(checker_module) -> set[str]:
    return {check.name for check in checker_module.VISIBLE + checker_module.HIDDEN}


@dataclass
class Measured:
    corpus: str
    correct: list[tuple[Entry, Report]] = field(default_factory=list)
    wrong: list[tuple[Entry, Report]] = field(default_factory=list)

    @property
    def correct_below_full(self) -> list[tuple[Entry, Report]]:
        return [(e, r) for e, r in self.correct if r.score < 1.0]

    @property
    def wrong_at_full(self) -> list[tuple[Entry, Report]]:
        return [(e, r) for e, r in self.wrong if r.score >= 1.0]

    @property
    def wrong_keeping_their_line(self) -> list[tuple[Entry, Report]]:
        """Wrong answers that do not fail the line they name (whatever else they fail)."""
        return [(e, r) for e, r in self.wrong if e.loses not in {f.check for f in r.failures}]

    def rates(self) -> tuple[float, float]:
        return (len(self.correct_below_full) / max(1, len(self.correct)),
                len(self.wrong_at_full) / max(1, len(self.wrong)))

    def summary(self) -> str:
        low, high = self.rates()
        lines = [f"{self.corpus}: {len(self.correct)} correct, {len(self.wrong)} wrong; "
                 f"correct below full marks {len(self.correct_below_full)} ({low:.1%}), "
                 f"wrong at full marks {len(self.wrong_at_full)} ({high:.1%}), "
                 f"wrong keeping the line they name {len(self.wrong_keeping_their_line)}"]
        for entry, report in self.correct_below_full:
            lines.append(f"  correct below full: {entry.name} ({entry.style})\n    " +
                         report.to_text().replace("\n", "\n    "))
        for entry, report in self.wrong_keeping_their_line:
            lines.append(f"  wrong, keeps {entry.loses!r}: {entry.name} ({entry.style})\n    " +
                         report.to_text().replace("\n", "\n    "))
        return "\n".join(lines)


def measure(corpus: str) -> Measured:
    checker, _ = CHECKERS[corpus]
    module = importlib.import_module(f"{__package__}.{corpus}")
    result = Measured(corpus)
    for entry in module.CORRECT:
        result.correct.append((entry, checker(*entry.answer, scope="hidden")))
    for entry in module.WRONG:
        result.wrong.append((entry, checker(*entry.answer, scope="hidden")))
    return result
