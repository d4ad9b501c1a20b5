"""What the checker benchmarks share: the reference answers, taken from the source notebooks
themselves (a benchmark times the solution the course ships, never a copy of it), and timing."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from autograder.course import solution_namespace as _solution_namespace

ROOT = Path(__file__).resolve().parents[1]


def solution_namespace(assignment: str, *grade_ids: str) -> dict:
    """The names the solution cells ``grade_ids`` of ``source/<assignment>`` define."""
    return _solution_namespace(assignment, *grade_ids, root=ROOT)


def median_ms(func, repeat: int) -> tuple[float, float]:
    """Median and maximum wall time of ``func()`` in milliseconds, after one warm-up call."""
    func()  # warm-up: imports and caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)
