"""Fairness of module 1's checkers on the public corpus in this folder.

Each YAML file holds correct answers (must get full marks) and wrong ones (each must lose the
items it names, and only those). Judged in both scopes: the hidden scope is the grade; the
visible scope must agree with it on every visible item and weigh nothing else.

Print the rates:

    .venv/bin/python tests/corpus/interviews/fairness.py
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parents[2]))

from autograder.interviews import BEHAVIOURS, PROMPTS, check_prompt_labels, check_signal_map  # noqa: E402
from autograder.report import Report  # noqa: E402

CHECKERS: dict[str, tuple[Callable[..., Report], dict]] = {
    "prompt_labels": (check_prompt_labels, PROMPTS),
    "signal_map": (check_signal_map, BEHAVIOURS),
}
_ENTRY_KEYS = {"name", "style", "answer", "form", "base", "change", "drop", "rename", "loses"}


@dataclass
class Case:
    name: str
    answer: dict
    loses: list[str] = field(default_factory=list)
    """Empty for a correct answer."""


def _shape(answer: dict, form: str | None, checker: str) -> dict:
    if checker != "prompt_labels":
        return dict(answer)
    shaped: dict[Any, Any] = {}
    for key, value in answer.items():
        if isinstance(value, list) and len(value) == 2 and form == "dict":
            shaped[key] = {"round": value[0], "focus": value[1]}
        elif isinstance(value, list) and form != "list":
            shaped[key] = tuple(value)
        else:
            shaped[key] = value
    return shaped


def load(checker: str) -> tuple[list[Case], list[Case]]:
    """(correct, wrong) cases of ``checker``'s corpus file, answers as a learner's cell would hold them."""
    data = yaml.safe_load((HERE / f"{checker}.yaml").read_text(encoding="utf-8"))
    if set(data) != {"correct", "wrong"}:
        raise ValueError(f"{checker}.yaml: top-level keys must be 'correct' and 'wrong', got {sorted(data)}")
    raw: dict[str, dict] = {}
    correct = []
    for entry in data["correct"]:
        unknown = set(entry) - _ENTRY_KEYS
        if unknown or entry["name"] in raw:
            raise ValueError(f"{checker}.yaml: entry {entry.get('name')!r} has unknown keys {unknown} or a repeated name")
        raw[entry["name"]] = entry
        correct.append(Case(entry["name"], _shape(entry["answer"], entry.get("form"), checker)))
    wrong = []
    for entry in data["wrong"]:
        unknown = set(entry) - _ENTRY_KEYS
        if unknown or not entry.get("loses"):
            raise ValueError(f"{checker}.yaml: wrong entry {entry.get('name')!r} has unknown keys {unknown} "
                             "or names nothing it must lose")
        base = raw[entry["base"]]
        answer = dict(base["answer"])
        for key in entry.get("drop", []):
            del answer[key]
        for old, new in entry.get("rename", {}).items():
            answer[new] = answer.pop(old)
        answer.update(entry.get("change", {}))
        wrong.append(Case(entry["name"], _shape(answer, entry.get("form", base.get("form")), checker),
                          sorted(entry["loses"])))
    return correct, wrong


def lost(report: Report) -> list[str]:
    """The items a report takes points from."""
    return sorted(f.check for f in report.findings if not f.passed and f.weight > 0)


def scopes_agree(report_visible: Report, report_hidden: Report, items: dict) -> bool:
    """The visible report judges each visible item exactly as the hidden one does, and weighs nothing else."""
    hidden = {f.check: f for f in report_hidden.findings}
    for f in report_visible.findings:
        if f.check in items and items[f.check].visible:
            twin = hidden.get(f.check)
            if twin is None or (twin.passed, twin.weight, twin.message) != (f.passed, f.weight, f.message):
                return False
        elif f.weight != 0:
            return False
    return True


@dataclass
class Rates:
    checker: str
    correct: int
    wrong: int
    unfair_correct: list[str]
    """Correct answers below full marks (in the grading scope)."""
    unfair_wrong: list[str]
    """Wrong answers at full marks (in the grading scope)."""
    off_target: list[str]
    """Wrong answers that lost other items than the ones they name."""
    scope_disagreements: list[str]

    def line(self) -> str:
        return (f"{self.checker}: {self.correct} correct, {len(self.unfair_correct)} below full marks "
                f"({len(self.unfair_correct) / self.correct:.1%}); {self.wrong} wrong, "
                f"{len(self.unfair_wrong)} at full marks ({len(self.unfair_wrong) / self.wrong:.1%}); "
                f"{len(self.off_target)} lost other items than named; "
                f"{len(self.scope_disagreements)} where the scopes disagree")


def measure(checker: str) -> Rates:
    check, items = CHECKERS[checker]
    correct, wrong = load(checker)
    unfair_correct, unfair_wrong, off_target, disagree = [], [], [], []
    for case in correct + wrong:
        hidden = check(case.answer, scope="hidden")
        visible = check(case.answer, scope="visible")
        if not scopes_agree(visible, hidden, items):
            disagree.append(case.name)
        if not case.loses:
            if hidden.score < 1 or visible.score < 1:
                unfair_correct.append(case.name)
        elif hidden.score == 1:
            unfair_wrong.append(case.name)
        elif lost(hidden) != case.loses:
            off_target.append(f"{case.name}: lost {lost(hidden)}, named {case.loses}")
    return Rates(checker, len(correct), len(wrong), unfair_correct, unfair_wrong, off_target, disagree)


def main() -> int:
    failing = False
    for checker in CHECKERS:
        rates = measure(checker)
        print(rates.line())
        for label, names in (("below full marks", rates.unfair_correct), ("at full marks", rates.unfair_wrong),
                             ("off target", rates.off_target), ("scopes disagree", rates.scope_disagreements)):
            for name in names:
                print(f"  {label}: {name}")
        failing |= bool(rates.unfair_correct or rates.unfair_wrong or rates.off_target or rates.scope_disagreements)
    return 1 if failing else 0


if __name__ == "__main__":
    raise SystemExit(main())
