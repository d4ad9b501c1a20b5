"""What the checker benchmarks share: the reference answers, taken from the source notebooks
themselves (a benchmark times the solution the course ships, never a copy of it), and timing."""

from __future__ import annotations

import json
import re
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")


def solution_namespace(assignment: str, *grade_ids: str) -> dict:
    """Run the named solution cells of ``source/<assignment>`` (markers removed); return their names."""
    nb = json.loads((ROOT / "source" / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8"))
    cells = {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"]) for c in nb["cells"]}
    namespace: dict = {}
    for grade_id in grade_ids:
        code = "\n".join(line for line in cells[grade_id].splitlines() if not _MARKER.match(line))
        exec(compile(code, f"<{assignment}:{grade_id}>", "exec"), namespace)  # our own solution cell
    return namespace


def median_ms(func, repeat: int) -> tuple[float, float]:
    """Median and maximum wall time of ``func()`` in milliseconds, after one warm-up call."""
    func()  # warm-up: imports and caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)
