"""The ungraded hint for a written answer: plain word matching for what the question's mark scheme asks for."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .model import Question

__all__ = ["find_answer_text", "hint", "looked_for"]

_STUB_TEXT = "YOUR ANSWER HERE"

# fmt: off
_ALTERNATIVE_WORDS = (
    "instead", "rather than", "alternative", "alternatively", "versus", "vs", "compared", "whereas",
    "unlike", "other option", "otherwise", "would not", "wouldn't", "reject", "rejected",
)
_COST_WORDS = (
    "cost", "costs", "price", "pay", "slower", "slow", "latency", "load", "expensive", "overhead",
    "downside", "drawback", "trade-off", "tradeoff", "trade off", "lose", "loses", "give up",
    "gives up", "complexity", "complex", "memory", "storage", "bandwidth", "penalty", "waste", "wasted",
    "extra",
)
_FAILURE_WORDS = (
    "fail", "fails", "failed", "failure", "failures", "down", "crash", "crashes", "outage",
    "unavailable", "lost", "loss", "stale", "timeout", "times out", "overload", "overloaded", "dies",
    "restart", "partition", "breaks", "broken", "retry", "retries", "fallback", "fall back",
    "falls back", "error", "errors",
)
# fmt: on
_MIN_WORDS = 40
_SHORT_SHARE = 0.5
"""An answer under half the prompt's lower word bound is called short."""


def hint(text: str, question: Question | None = None) -> list[str]:
    """Suggestions (never a score) for a written answer; an empty list when none apply.

    Looks, by plain word matching, for what the question's mark scheme asks for. A question whose
    rubric lists ``hint.look_for`` checks gets exactly those (each tied to one of its criteria). Any
    other question is taken as a trade-off answer: it is asked for an alternative you compared
    against (with ``question``, naming two of its ``hint.options`` counts), a cost you accept, and a
    failure mode. The length is compared with the range the prompt asks for. Word matching can be
    wrong both ways; treat each suggestion as a question to ask yourself.
    """
    if not isinstance(text, str):
        return ["There is no answer text to look at yet: write your answer in the answer cell above."]
    body = text.replace(_STUB_TEXT, " ").strip()
    if not body:
        return ["You have not written an answer yet: replace YOUR ANSWER HERE in the answer cell with yours."]
    lowered = " ".join(body.lower().split())
    if question is not None and question.hint_checks:
        suggestions = [c.suggestion for c in question.hint_checks if not any(_has_word(lowered, w) for w in c.words)]
    else:
        suggestions = _trade_off_suggestions(lowered, question)
    words = len(re.findall(r"\w+", body))
    asked = question.word_range if question is not None else None
    if asked is not None and words < asked[0] * _SHORT_SHARE:
        suggestions.append(
            f"Your answer has {words} words; this question asks for {asked[0]}-{asked[1]}. Check each point "
            "the question lists is there, with its reason."
        )
    elif asked is None and words < _MIN_WORDS:
        suggestions.append(
            f"Your answer has {words} words. An answer that covers each point the question lists, with a "
            "reason for each, usually takes 80-200 words."
        )
    return suggestions


def looked_for(question: Question | None) -> list[str]:
    """What :func:`hint` looks for in answers to ``question``, in a few words each (shown when it finds no gap)."""
    if question is not None and question.hint_checks:
        return [c.label for c in question.hint_checks]
    return ["an alternative you turned down", "a cost you accept", "a failure case"]


def _trade_off_suggestions(lowered: str, question: Question | None) -> list[str]:
    suggestions = []
    options = question.hint_options if question is not None else ()
    named_options = [opt for opt in options if any(_has_word(lowered, name) for name in opt)]
    if len(named_options) < 2 and not any(_has_word(lowered, w) for w in _ALTERNATIVE_WORDS):
        if options:
            names = " / ".join(opt[0] for opt in options)
            suggestions.append(
                f"Your answer does not seem to name the option you turned down ({names}). "
                "Say what you compared your choice with and why you did not pick it."
            )
        else:
            suggestions.append(
                "Your answer does not seem to name an alternative. Say what else you considered and why you "
                "did not pick it."
            )
    if not any(_has_word(lowered, w) for w in _COST_WORDS):
        suggestions.append(
            "Your answer does not seem to name a cost of your choice (latency, load, storage, money, "
            "complexity, lost information...). Every option costs something: say what you accept."
        )
    if not any(_has_word(lowered, w) for w in _FAILURE_WORDS):
        suggestions.append(
            "Your answer does not seem to say what happens when something fails (a part of the design "
            "crashes, is slow or is unreachable). Interviewers often ask: what breaks, and what does the user see?"
        )
    return suggestions


def _has_word(text: str, word: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(word.lower()) + r"(?![\w-])", text) is not None


def find_answer_text(question_id: str, folder: str | Path | None = None) -> tuple[str, Path] | None:
    """The text of the markdown cell ``question_id`` in the notebook file *as last saved*, and its path.

    How the learner's answer reaches the hint: the kernel cannot see unsaved edits, so this reads
    the ``.ipynb`` on disk (save with Ctrl+S first). It tries the notebook the server says this kernel
    belongs to (``JPY_SESSION_NAME``), then every notebook in ``folder`` (default: the working
    directory), newest first, and takes the first with a cell whose nbgrader ``grade_id`` (or cell
    id) is ``question_id``. ``None`` when there is none.
    """
    folder = Path(folder if folder is not None else os.getcwd())
    candidates: list[Path] = []
    session = os.environ.get("JPY_SESSION_NAME", "")
    if session.endswith(".ipynb"):
        session_path = Path(session)
        candidates += [session_path] if session_path.is_absolute() else [folder / session_path.name]
    try:
        found = sorted(folder.glob("*.ipynb"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        found = []
    candidates += [p for p in found if p not in candidates]
    for nb_path in candidates:
        text = _cell_text(nb_path, question_id)
        if text is not None:
            return text, nb_path
    return None


def _cell_text(nb_path: Path, question_id: str) -> str | None:
    try:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if cell.get("cell_type") == "markdown" and question_id in (meta.get("grade_id"), cell.get("id")):
                source = cell.get("source", "")
                return "".join(source) if isinstance(source, list) else str(source)
    except (OSError, ValueError, AttributeError, TypeError):
        return None
    return None
