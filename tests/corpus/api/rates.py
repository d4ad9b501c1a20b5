"""Print the fairness rates of every API checker on its public corpus.

    .venv/bin/python tests/corpus/api/rates.py          # rates per checker
    .venv/bin/python tests/corpus/api/rates.py -v       # and every unfair verdict, with the report

A correct answer is treated unfairly when it scores below full marks (in the visible scope the
learner runs and in the hidden scope the grade uses); a wrong answer when it scores full marks in
the visible scope or keeps the criterion it names.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests/
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # the repository

from autograder.api import check_contract, check_key_service, check_openapi, check_shortener_contract
from autograder.report import Report


@dataclass
class Rates:
    checker: str
    correct: int
    wrong: int
    unfair_correct: list[tuple[str, Report]]
    unfair_wrong: list[tuple[str, Report]]

    @property
    def correct_rate(self) -> float:
        return len(self.unfair_correct) / self.correct

    @property
    def wrong_rate(self) -> float:
        return len(self.unfair_wrong) / self.wrong

    def line(self) -> str:
        return (f"{self.checker}: {self.correct} correct, {len(self.unfair_correct)} below full marks "
                f"({self.correct_rate:.1%}); {self.wrong} wrong, {len(self.unfair_wrong)} at full marks or keeping "
                f"their criterion ({self.wrong_rate:.1%})")


def measure(checker: str, check: Callable[..., Report], correct: dict, wrong: dict,
            scopes: tuple[str, ...] = ("visible", "hidden")) -> Rates:
    unfair_correct, unfair_wrong = [], []
    for name, answer in correct.items():
        for scope in scopes:
            report = check(answer, scope=scope)
            if report.score < 1.0:
                unfair_correct.append((f"{name} ({scope})", report))
                break
    for name, (answer, criterion) in wrong.items():
        report = check(answer, scope="visible")
        if report.score == 1.0 or criterion not in {f.check for f in report.failures}:
            unfair_wrong.append((name, report))
    return Rates(checker, len(correct), len(wrong), unfair_correct, unfair_wrong)


def all_rates() -> list[Rates]:
    from corpus.api import key_service, news_feed, openapi, shortener

    def feed(answer, *, scope):
        return check_contract(answer, "news_feed", scope=scope)

    return [
        measure("check_shortener_contract", check_shortener_contract, shortener.CORRECT, shortener.WRONG),
        measure("check_contract(news_feed)", feed, news_feed.CORRECT, news_feed.WRONG),
        measure("check_key_service", check_key_service, key_service.CORRECT, key_service.WRONG),
        # check_openapi checks the same in both scopes (it has no hidden part): one pass
        measure("check_openapi", check_openapi, openapi.CORRECT, openapi.WRONG, scopes=("visible",)),
    ]


def main(argv: list[str], measured: list[Rates] | None = None) -> int:
    verbose = "-v" in argv
    for rates in measured if measured is not None else all_rates():
        print(rates.line())
        if verbose:
            for name, report in rates.unfair_correct + rates.unfair_wrong:
                print(f"  - {name}\n    " + report.to_text().replace("\n", "\n    "))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
