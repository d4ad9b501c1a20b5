"""What ``autograder grade`` prints: a summary a 500-student course can read on one screen.

By default: counts by status, the failures grouped by reason (each with the submissions it hit),
the points lost to limits or tampering, and each assignment's score distribution. With
``verbose`` the one-line-per-submission listing comes first, as before.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence

from .pipeline import GradingRun, SubmissionResult

__all__ = ["format_summary", "score_distribution"]

_BINS = 10
_BARS = " ▁▂▃▄▅▆▇█"
_MAX_NAMED = 8
"""Submissions named per failure reason before "and N more" (all of them with ``verbose``)."""


def score_distribution(results: Iterable[SubmissionResult]) -> dict[str, list[float]]:
    """The scores as shares of the maximum (0..1), per assignment, of results that have a score."""
    shares: dict[str, list[float]] = defaultdict(list)
    for r in results:
        if r.score is None or not r.max_score:
            continue
        shares[r.assignment].append(max(0.0, min(1.0, r.score / r.max_score)))
    return dict(shares)


def _histogram(shares: Sequence[float]) -> str:
    """Ten bars, one per tenth of the maximum (the last includes full marks)."""
    counts = [0] * _BINS
    for s in shares:
        counts[min(int(s * _BINS), _BINS - 1)] += 1
    top = max(counts) or 1
    return "".join(_BARS[0] if c == 0 else _BARS[max(1, round(c / top * (len(_BARS) - 1)))] for c in counts)


def _named(items: list[str], verbose: bool) -> str:
    if verbose or len(items) <= _MAX_NAMED:
        return ", ".join(items)
    return ", ".join(items[:_MAX_NAMED]) + f" and {len(items) - _MAX_NAMED} more (-v lists all)"


def format_summary(run: GradingRun, *, verbose: bool = False) -> str:
    """The text ``autograder grade`` prints for ``run``."""
    results = sorted(run.results, key=lambda r: (r.assignment, r.student))
    lines: list[str] = []
    if verbose:
        lines += [r.line() for r in results]
        lines.append("")
    counts = {s: sum(r.status == s for r in results) for s in ("graded", "skipped", "failed")}
    lines.append(
        f"{len(results)} submissions: {counts['graded']} graded, {counts['skipped']} unchanged and skipped, "
        f"{counts['failed']} failed in {run.seconds:.1f} s. {run.sandbox}".rstrip()
    )

    failed_by_reason: dict[str, list[str]] = defaultdict(list)
    for r in results:
        if r.status == "failed":
            failed_by_reason["; ".join(r.reasons) or "unknown error"].append(f"{r.assignment}/{r.student}")
    if failed_by_reason:
        lines.append("Failed (recorded as 'needs manual grade' and flagged, not as 0), by reason:")
        for reason, names in sorted(failed_by_reason.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            lines.append(f"  {len(names)} x {reason}: {_named(names, verbose)}")

    lost_by_reason: dict[str, list[str]] = defaultdict(list)
    for r in results:
        if r.status != "failed":
            for reason in r.reasons:
                lost_by_reason[reason].append(f"{r.assignment}/{r.student}")
    if lost_by_reason:
        lines.append("Graded, with points lost to a limit or to tampering:")
        for reason, names in sorted(lost_by_reason.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            lines.append(f"  {len(names)} x {reason}: {_named(names, verbose)}")

    distribution = score_distribution(results)
    if distribution:
        lines.append("Scores (share of the maximum; histogram from 0% to 100% in tenths):")
        width = max(len(a) for a in distribution)
        for assignment in sorted(distribution):
            shares = sorted(distribution[assignment])
            q1, median, q3 = (statistics.quantiles(shares, n=4, method="inclusive") if len(shares) > 1
                              else (shares[0],) * 3)
            lines.append(
                f"  {assignment:<{width}}  n={len(shares):<4d} mean {statistics.fmean(shares):4.0%}  "
                f"median {median:4.0%}  quartiles {q1:.0%}-{q3:.0%}  |{_histogram(shares)}|"
            )
    if run.interrupted:
        lines.append("Interrupted: results saved so far are kept; run the same command again to resume.")
    if not verbose and results:
        lines.append("(autograder grade -v lists every submission)")
    return "\n".join(lines)
