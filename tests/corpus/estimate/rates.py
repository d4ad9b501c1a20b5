"""Fairness of the estimate checkers on the public corpus: prints both rates per checker.

    .venv/bin/python tests/corpus/estimate/rates.py

A correct answer is treated unfairly when it gets less than full marks in the grading scope
(visible and hidden assumption sets); a wrong one when it gets full marks. Each wrong answer
also names the key it must lose: `named criterion kept` lists those that did not lose it.
`tests/test_estimate_corpus.py` asserts at most 2% each way and that every named criterion is lost.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from autograder.estimate import check_estimate, check_pastebin  # noqa: E402
from autograder.report import Report  # noqa: E402


def load(name: str):
    """The corpus module ``tests/corpus/estimate/<name>.py``."""
    spec = importlib.util.spec_from_file_location(f"estimate_corpus_{name}", HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Rates:
    checker: str
    correct: int = 0
    wrong: int = 0
    correct_below_full: list[str] = field(default_factory=list)
    wrong_at_full: list[str] = field(default_factory=list)
    criterion_kept: list[str] = field(default_factory=list)
    reports: dict[str, Report] = field(default_factory=dict)

    @property
    def unfair_to_correct(self) -> float:
        return len(self.correct_below_full) / self.correct

    @property
    def unfair_to_wrong(self) -> float:
        return len(self.wrong_at_full) / self.wrong

    def line(self) -> str:
        return (f"{self.checker}: {self.correct} correct, {len(self.correct_below_full)} below full marks "
                f"({self.unfair_to_correct:.1%}); {self.wrong} wrong, {len(self.wrong_at_full)} at full marks "
                f"({self.unfair_to_wrong:.1%}); named criterion kept by {len(self.criterion_kept)}")


def _lost(report: Report, key: str) -> bool:
    return any(not f.passed and f.check.startswith(f"`{key}`") for f in report.findings)


def _judge(rates: Rates, correct: dict, wrong: dict, grade) -> Rates:
    for name, answer in correct.items():
        report = grade(answer)
        rates.reports[f"correct: {name}"] = report
        rates.correct += 1
        if report.score < 1:
            rates.correct_below_full.append(name)
    for name, (answer, criterion) in wrong.items():
        report = grade(answer)
        rates.reports[f"wrong: {name}"] = report
        rates.wrong += 1
        if report.score >= 1:
            rates.wrong_at_full.append(name)
        if not _lost(report, criterion):
            rates.criterion_kept.append(f"{name} (must lose {criterion})")
    return rates


def estimate_rates(scenario: str) -> Rates:
    """Rates of ``check_estimate`` on the corpus module named like the scenario."""
    corpus = load(scenario)
    return _judge(Rates(f"check_estimate[{scenario}]"), corpus.CORRECT, corpus.WRONG,
                  lambda fn: check_estimate(fn, scenario, scope="hidden"))


def pastebin_rates() -> Rates:
    corpus = load("pastebin")
    return _judge(Rates("check_pastebin"), corpus.CORRECT, corpus.WRONG,
                  lambda values: check_pastebin(*values, scope="hidden"))


def all_rates() -> list[Rates]:
    return [estimate_rates(name) for name in ("shortener", "newsfeed") if (HERE / f"{name}.py").exists()] + [
        pastebin_rates()]


def main() -> int:
    worst = 0.0
    for rates in all_rates():
        print(rates.line())
        for name in rates.correct_below_full:
            print(f"  correct below full marks: {name}: {rates.reports['correct: ' + name].to_text()}")
        for name in rates.wrong_at_full:
            print(f"  wrong at full marks: {name}")
        for text in rates.criterion_kept:
            print(f"  named criterion kept: {text}")
        worst = max(worst, rates.unfair_to_correct, rates.unfair_to_wrong)
    return 0 if worst <= 0.02 else 1


if __name__ == "__main__":
    raise SystemExit(main())
