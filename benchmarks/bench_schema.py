"""Benchmark (not a test): how long one full schema check takes.

Measures the median wall time of ``check_shortener_schema(ddl, queries)`` - all ten criteria
(parse and normalise, build the schema, load the generated rows, three constraint probes, four
query checks, three plan checks, each on a fresh copy of the database) - on the module's
reference solution, for the visible scenario (what a learner's check cell runs) and the hidden one
(what grading runs). The generated rows are cached per scenario, so a "cold" run (a fresh kernel)
is measured too. Target for the visible check: under 500 ms.

    python benchmarks/bench_schema.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.schema import check_shortener_schema  # noqa: E402
from autograder.schema._shortener import _generate_cached  # noqa: E402
from benchmarks._shared import median_ms, solution_namespace  # noqa: E402

TARGET_MS = 500.0

_SOLUTION = solution_namespace("03-data-models", "shortener_ddl", "shortener_queries")
DDL, QUERIES = _SOLUTION["shortener_ddl"], _SOLUTION["shortener_queries"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each scenario (default: 20)")
    args = parser.parse_args(argv)
    report = check_shortener_schema(DDL, QUERIES)
    if report.score != 1.0:
        print("the reference solution did not get full credit:\n" + report.to_text())
        return 1
    visible_med, visible_max = median_ms(lambda: check_shortener_schema(DDL, QUERIES), args.repeat)
    def cold():
        _generate_cached.cache_clear()  # as in a fresh kernel: the generated rows are not cached yet
        check_shortener_schema(DDL, QUERIES)

    cold_med, cold_max = median_ms(cold, args.repeat)
    hidden_med, hidden_max = median_ms(lambda: check_shortener_schema(DDL, QUERIES, scenario="hidden"),
                                       max(1, args.repeat // 2))
    print(f"check_shortener_schema (visible): median {visible_med:.0f} ms, max {visible_max:.0f} ms over "
          f"{args.repeat} runs; target < {TARGET_MS:.0f} ms: {'met' if visible_med < TARGET_MS else 'MISSED'}")
    print(f"check_shortener_schema (visible, cold: rows generated afresh): median {cold_med:.0f} ms, "
          f"max {cold_max:.0f} ms over {args.repeat} runs")
    print(f"check_shortener_schema (hidden, more rows and edge cases): median {hidden_med:.0f} ms, "
          f"max {hidden_max:.0f} ms over {max(1, args.repeat // 2)} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
