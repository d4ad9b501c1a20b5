"""Rubric model and loading: the YAML file of an assignment's written questions, and its mark scheme.

Imports nothing from the widget side (no ipywidgets): the instructor's report and the notebook
builders load rubrics through this module.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "CONFIDENCE_LEVELS",
    "RUBRIC_DIR",
    "Criterion",
    "HintCheck",
    "Question",
    "Rubric",
    "RubricError",
    "load_rubric",
    "mark_scheme_markdown",
    "marking_guide",
    "parse_rubric",
]

RUBRIC_DIR = Path(__file__).resolve().parent.parent / "rubrics"
"""Where the course's rubric files live: ``autograder/rubrics/<assignment>.yaml``."""

CONFIDENCE_LEVELS = ("guessing", "fairly sure", "sure")
"""The confidence a learner may state (optional; ``None`` when not given)."""

_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_WORDS_RE = re.compile(r"(\d+)\s*[-\u2013]\s*(\d+)\s+words")


class RubricError(ValueError):
    """A rubric file is missing or malformed, or a question id is not in it (an author's mistake)."""



# -- the rubric ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    """One line of a rubric: a checkbox for the learner, a line of the mark scheme for the instructor."""

    id: str
    """Stable identifier, unique within its question; the save file is keyed by it."""
    text: str
    """What a good answer does, as one sentence ("Picks one status code and ...")."""
    explain: str
    """One line on why it matters or what counts."""
    points: float
    """Points the criterion is worth (> 0)."""
    half_credit: bool = False
    """The mark scheme gives half of ``points`` for a partly met criterion (its ``explain`` says for what);
    the self-check then offers half credit too."""


@dataclass(frozen=True)
class HintCheck:
    """One thing the ungraded hint looks for in an answer to this question, by plain word matching."""

    criterion: str
    """The criterion it serves (an id of the same question): a hint only asks for what is marked."""
    label: str
    """A few words for what it looks for ("two signals the round judges")."""
    words: tuple[str, ...]
    """Any of these (whole words or phrases, any case) counts as found."""
    suggestion: str
    """Said when none of ``words`` is in the answer: a question to ask yourself, never a verdict."""


@dataclass(frozen=True)
class Question:
    """The rubric of one written answer."""

    id: str
    """The ``grade_id`` of the written answer cell."""
    title: str
    prompt: str
    criteria: tuple[Criterion, ...]
    model_answer: str
    """Markdown; the source notebook's solution and what the widget reveals after Save."""
    strong_answer_adds: str
    """Markdown; what lifts an answer above the model answer, revealed after Save."""
    hint_options: tuple[tuple[str, ...], ...] = ()
    """The options the question compares, each with synonyms (used by :func:`hint`)."""
    hint_checks: tuple[HintCheck, ...] = ()
    """What the hint looks for in this question's answers; empty: a trade-off answer's alternative, cost and
    failure case (see :func:`autograder.rubric.hint`)."""

    @property
    def word_range(self) -> tuple[int, int] | None:
        """The answer length the prompt asks for ("In 120-250 words" gives (120, 250)), if it says."""
        match = _WORDS_RE.search(self.prompt)
        return (int(match.group(1)), int(match.group(2))) if match else None

    @property
    def points(self) -> float:
        """What the question is worth: the sum of its criteria's points."""
        return _number(sum(c.points for c in self.criteria))


@dataclass(frozen=True)
class Rubric:
    """All rubrics of one assignment, in file order."""

    assignment: str
    title: str
    questions: dict[str, Question] = field(default_factory=dict)
    path: Path | None = None

    def question(self, question_id: str) -> Question:
        """The question ``question_id``; a :class:`RubricError` naming the known ids otherwise."""
        try:
            return self.questions[question_id]
        except (KeyError, TypeError):
            known = ", ".join(self.questions) or "(none)"
            where = f" ({self.path})" if self.path else ""
            raise RubricError(
                f"there is no rubric for question {question_id!r} in assignment {self.assignment!r}{where}; "
                f"known questions: {known}"
            ) from None

    @property
    def points(self) -> float:
        return _number(sum(q.points for q in self.questions.values()))


def load_rubric(assignment: str, rubric_dir: str | Path | None = None) -> Rubric:
    """Read and check ``<rubric_dir>/<assignment>.yaml`` (default :data:`RUBRIC_DIR`)."""
    import yaml

    if not isinstance(assignment, str) or not _ID_RE.match(assignment):
        raise RubricError(f"assignment name {assignment!r} must be a string of letters, digits, '-' or '_'")
    path = Path(rubric_dir if rubric_dir is not None else RUBRIC_DIR) / f"{assignment}.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RubricError(f"no rubric file for assignment {assignment!r}: {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError(f"cannot read rubric file {path}: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RubricError(f"{path} is not valid YAML: {exc}") from None
    rubric = parse_rubric(data, source=str(path), path=path)
    if rubric.assignment != assignment:
        raise RubricError(
            f"{path}: 'assignment' is {rubric.assignment!r} but the file is named for {assignment!r}"
        )
    return rubric


def parse_rubric(data: Any, source: str = "<rubric>", path: Path | None = None) -> Rubric:
    """Build a :class:`Rubric` from already-parsed YAML, checking every field (see the module docstring)."""
    top = _mapping(data, source, {"assignment", "title", "questions"}, {"assignment", "questions"})
    assignment = _text(top["assignment"], f"{source}: 'assignment'")
    if not _ID_RE.match(assignment):
        raise RubricError(f"{source}: 'assignment' {assignment!r} must use only letters, digits, '-' and '_'")
    questions_data = top["questions"]
    if not isinstance(questions_data, Mapping) or not questions_data:
        raise RubricError(f"{source}: 'questions' must be a non-empty mapping of question id -> rubric")
    questions = {}
    for qid, qdata in questions_data.items():
        if not isinstance(qid, str) or not _ID_RE.match(qid):
            raise RubricError(f"{source}: question id {qid!r} must use only letters, digits, '-' and '_'")
        questions[qid] = _parse_question(qid, qdata, f"{source}: question {qid!r}")
    title = _text(top.get("title", assignment), f"{source}: 'title'")
    return Rubric(assignment=assignment, title=title, questions=questions, path=path)


def _parse_question(qid: str, data: Any, where: str) -> Question:
    keys = {"title", "prompt", "points", "criteria", "model_answer", "strong_answer_adds", "hint"}
    required = {"title", "criteria", "model_answer", "strong_answer_adds"}
    q = _mapping(data, where, keys, required)
    raw_criteria = q["criteria"]
    if not isinstance(raw_criteria, list) or not raw_criteria:
        raise RubricError(f"{where}: 'criteria' must be a non-empty list")
    criteria: list[Criterion] = []
    for index, raw in enumerate(raw_criteria):
        cwhere = f"{where}, criterion {index + 1}"
        c = _mapping(raw, cwhere, {"id", "text", "explain", "points", "half_credit"}, {"id", "text", "explain", "points"})
        cid = _text(c["id"], f"{cwhere}: 'id'")
        if not _ID_RE.match(cid):
            raise RubricError(f"{cwhere}: id {cid!r} must use only letters, digits, '-' and '_'")
        if any(existing.id == cid for existing in criteria):
            raise RubricError(f"{cwhere}: id {cid!r} is used twice")
        points = c["points"]
        if (
            isinstance(points, bool)
            or not isinstance(points, (int, float))
            or not points > 0
            or points != points
        ):
            raise RubricError(f"{cwhere}: 'points' must be a number > 0, got {points!r}")
        half_credit = c.get("half_credit", False)
        if not isinstance(half_credit, bool):
            raise RubricError(f"{cwhere}: 'half_credit' must be true or false, got {half_credit!r}")
        criteria.append(
            Criterion(
                id=cid,
                text=_text(c["text"], f"{cwhere}: 'text'"),
                explain=_text(c["explain"], f"{cwhere}: 'explain'"),
                points=_number(points),
                half_credit=half_credit,
            )
        )
    hint_options: tuple[tuple[str, ...], ...] = ()
    hint_checks: tuple[HintCheck, ...] = ()
    if "hint" in q:
        h = _mapping(q["hint"], f"{where}: 'hint'", {"options", "look_for"}, set())
        if not h:
            raise RubricError(f"{where}: 'hint' needs 'options', 'look_for' or both")
        if "look_for" in h:
            hint_checks = _parse_hint_checks(h["look_for"], {c.id for c in criteria}, f"{where}: 'hint.look_for'")
        opts = h.get("options", [])
        if "options" in h and (not isinstance(opts, list) or len(opts) < 2):
            raise RubricError(
                f"{where}: 'hint.options' must list at least two options (each a list of names)"
            )
        parsed = []
        for opt in opts:
            names = opt if isinstance(opt, list) else [opt]
            if not names or not all(isinstance(n, (str, int, float)) and str(n).strip() for n in names):
                raise RubricError(f"{where}: each entry of 'hint.options' must be a non-empty list of names")
            parsed.append(tuple(str(n).strip() for n in names))
        hint_options = tuple(parsed)
    question = Question(
        id=qid,
        title=_text(q["title"], f"{where}: 'title'"),
        prompt=_text(q.get("prompt", ""), f"{where}: 'prompt'", allow_empty=True),
        criteria=tuple(criteria),
        model_answer=_text(q["model_answer"], f"{where}: 'model_answer'"),
        strong_answer_adds=_text(q["strong_answer_adds"], f"{where}: 'strong_answer_adds'"),
        hint_options=hint_options,
        hint_checks=hint_checks,
    )
    if "points" in q and _number(q["points"]) != question.points:
        raise RubricError(
            f"{where}: 'points' is {q['points']!r} but its criteria add up to {question.points}; "
            "drop 'points' or make them agree"
        )
    return question


def _parse_hint_checks(data: Any, criterion_ids: set[str], where: str) -> tuple[HintCheck, ...]:
    if not isinstance(data, list) or not data:
        raise RubricError(f"{where} must be a non-empty list of checks")
    checks = []
    for index, raw in enumerate(data):
        cwhere = f"{where}, entry {index + 1}"
        keys = {"criterion", "label", "words", "suggestion"}
        entry = _mapping(raw, cwhere, keys, keys)
        criterion = _text(entry["criterion"], f"{cwhere}: 'criterion'")
        if criterion not in criterion_ids:
            raise RubricError(f"{cwhere}: criterion {criterion!r} is not one of this question's "
                              f"({', '.join(sorted(criterion_ids))})")
        words = entry["words"]
        if not isinstance(words, list) or not words or not all(
            isinstance(w, (str, int, float)) and not isinstance(w, bool) and str(w).strip() for w in words
        ):
            raise RubricError(f"{cwhere}: 'words' must be a non-empty list of words or phrases")
        checks.append(HintCheck(criterion=criterion, label=_text(entry["label"], f"{cwhere}: 'label'"),
                                words=tuple(str(w).strip() for w in words),
                                suggestion=_text(entry["suggestion"], f"{cwhere}: 'suggestion'")))
    return tuple(checks)


def _mapping(data: Any, where: str, allowed: set[str], required: set[str]) -> Mapping:
    if not isinstance(data, Mapping):
        raise RubricError(
            f"{where}: expected a mapping with keys {sorted(required)}, got {type(data).__name__}"
        )
    unknown = set(map(str, data)) - allowed
    if unknown:
        raise RubricError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
    missing = required - set(data)
    if missing:
        raise RubricError(f"{where}: missing key(s) {sorted(missing)}")
    return data


def _text(value: Any, where: str, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise RubricError(f"{where} must be non-empty text, got {value!r}")
    return value.strip()


def _number(value: float) -> float:
    """Points as an int when whole (``4`` not ``4.0``), else a float rounded to 4 places."""
    value = round(float(value), 4)
    return int(value) if value.is_integer() else value


# -- the mark scheme (for the notebook builder and the instructor) -------------------------------


def mark_scheme_markdown(question: Question) -> str:
    """The criteria of ``question`` as a markdown table, for the notebook cell above the written answer.

    The learner sees it before writing, the self-assessment widget ticks the same lines, and nbgrader
    restores the (locked) cell at autograde, so the instructor grades with exactly this table.
    """
    rows = [
        f"**How this answer is marked ({_fmt_points(question.points)}, by hand; the self-check below "
        "uses the same criteria):**",
        "",
        "| points | criterion | what counts |",
        "|---|---|---|",
    ]
    for c in question.criteria:
        rows.append(f"| {_fmt_points(c.points, unit=False)} | {_cell(c.text)} | {_cell(c.explain)} |")
    return "\n".join(rows)


def marking_guide(rubric: Rubric) -> str:
    """The instructor's full guide as markdown: every question's criteria, model answer and strong additions."""
    parts = [f"# Marking guide: {rubric.title} ({rubric.assignment}), {_fmt_points(rubric.points)}"]
    for q in rubric.questions.values():
        parts += [
            f"\n## {q.title} (`{q.id}`, {_fmt_points(q.points)})",
            *([f"\n{q.prompt}"] if q.prompt else []),
            "\n" + mark_scheme_markdown(q),
            "\n### Model answer\n\n" + q.model_answer,
            "\n### What a strong answer adds\n\n" + q.strong_answer_adds,
        ]
    return "\n".join(parts) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _fmt_points(points: float, unit: bool = True) -> str:
    text = f"{_number(points):g}"
    if not unit:
        return text
    return f"{text} point" + ("" if _number(points) == 1 else "s")
