"""Print the fairness rates of the module 6 checkers on the corpus (grading scope).

    .venv/bin/python tests/corpus/sketches/rates.py [base62|token_bucket|hash_ring ...]
    .venv/bin/python tests/corpus/sketches/rates.py --explore 5 [...]

``--explore N`` draws N times as many examples, at random instead of the checkers' fixed seed, to
look for a correct answer that some other draw would fail (the grade itself always uses the
fixed seed).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests/, so `corpus` imports

from corpus.sketches.measure import CHECKERS, measure


def _explore(factor: int) -> None:
    from hypothesis import settings

    from autograder.sketches import _hyp, base62, hash_ring, token_bucket

    def random_settings(max_examples: int) -> settings:
        return settings(_hyp.quiet_settings(max_examples), max_examples=max_examples * factor, derandomize=False)

    for module in (base62, hash_ring, token_bucket):
        module.quiet_settings = random_settings  # type: ignore[attr-defined]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", metavar="CORPUS", help=f"some of {', '.join(CHECKERS)} (default: all)")
    parser.add_argument("--explore", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.corpora) - set(CHECKERS))
    if unknown:
        parser.error(f"no corpus named {', '.join(unknown)}; choose from {', '.join(CHECKERS)}")
    if args.explore:
        _explore(args.explore)
    unfair = 0
    for name in args.corpora or list(CHECKERS):
        started = time.process_time()
        result = measure(name)
        print(result.summary(), f"[{time.process_time() - started:.1f} s of processor time]")
        unfair += len(result.correct_below_full) + len(result.wrong_at_full) + len(result.wrong_keeping_their_line)
    return 1 if unfair else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
