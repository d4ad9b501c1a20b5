"""Benchmark (not a test): how long one graded check of a high-level design takes, and how it scales.

Measures the median wall time of ``check_design(design, SHORTENER, scope="hidden")`` (every criterion,
the second load profile and a zone loss: what the graded cell runs) on module 7's reference design,
and in the same run the visible check and the hidden check of a design at the size limit (200
components in a chain), reported as ratios to the reference design's hidden check. Target for the
reference design: under 50 ms.

    python benchmarks/bench_architecture.py [--repeat 100]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from autograder.architecture import SHORTENER, Component, Design, check_design
from autograder.architecture.model import MAX_COMPONENTS
from benchmarks._shared import median_ms, solution_namespace

TARGET_MS = 50.0

DESIGN = solution_namespace("07-high-level-design", "shortener_design")["shortener_design"]


def largest_design() -> Design:
    """A design at the component limit: a client, then a chain of services ending in a database."""
    names = [f"svc{i}" for i in range(MAX_COMPONENTS - 2)]
    comps = [Component("users", "client")] + [Component(n, "service", 12, 3) for n in names]
    comps.append(Component("db", "postgres", 3, 3))
    path = ["users"] + names[:50] + ["db"]
    links = [("users", names[0])] + [(names[i], names[i + 1]) for i in range(len(names) - 1)] + [(names[-1], "db")]
    links.append((names[49], "db"))
    return Design(components=comps, connections=links, flows={"redirect": path, "create link": path})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100, help="timed runs of each (default: 100)")
    args = parser.parse_args(argv)
    big = largest_design()
    hidden_med, hidden_max = median_ms(lambda: check_design(DESIGN, SHORTENER, scope="hidden"), args.repeat)
    visible_med, _ = median_ms(lambda: check_design(DESIGN, SHORTENER), args.repeat)
    big_med, big_max = median_ms(lambda: check_design(big, SHORTENER, scope="hidden"), max(1, args.repeat // 10))
    print(f"check_design (hidden scope, reference design): median {hidden_med:.3f} ms, max {hidden_max:.3f} ms "
          f"over {args.repeat} runs; target < {TARGET_MS:.0f} ms: {'met' if hidden_med < TARGET_MS else 'MISSED'}")
    print(f"visible scope: {visible_med / hidden_med:.2f}x the hidden check")
    print(f"design at the size limit ({MAX_COMPONENTS} components), hidden scope: median {big_med:.1f} ms, "
          f"max {big_max:.1f} ms ({big_med / hidden_med:.0f}x the reference design)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
