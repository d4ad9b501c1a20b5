"""Print the fairness rates of the requirements checker on its corpus (the same numbers the test asserts).

    .venv/bin/python -m tests.corpus.requirements.rates
"""

from __future__ import annotations

from autograder.requirements import check_requirements
from tests.corpus.requirements.newsfeed import CORRECT, WRONG


def rates(scope: str = "hidden") -> tuple[list[str], list[str]]:
    """(correct sets below full marks, wrong sets at full marks), in the grading scope by default."""
    unfair_correct = [n for n, a in CORRECT.items() if check_requirements(a, scope=scope).score < 1.0]
    unfair_wrong = [n for n, (_, a) in WRONG.items() if check_requirements(a, scope=scope).score >= 1.0]
    return unfair_correct, unfair_wrong


def main() -> None:
    for scope in ("visible", "hidden"):
        bad_c, bad_w = rates(scope)
        print(f"{scope}: correct below full marks {len(bad_c)}/{len(CORRECT)} = {len(bad_c) / len(CORRECT):.1%} "
              f"{bad_c}; wrong at full marks {len(bad_w)}/{len(WRONG)} = {len(bad_w) / len(WRONG):.1%} {bad_w}")


if __name__ == "__main__":
    main()
