"""Rubrics for written answers: the learner's self-assessment widget and the instructor's mark scheme.

A written (prose) answer is graded by hand in nbgrader. The learner checks it
first against the same rubric the instructor will use: a widget lists the
rubric's criteria as checkboxes, takes an optional confidence rating, and on
**Save** stores the ticks, shows the self-assessed score and reveals the model
answer and what a strong answer adds.

In a notebook, the cell after a written answer cell (nbgrader "manually graded
answer" whose ``grade_id`` is the question id) holds exactly::

    from autograder.rubric import self_assess
    self_assess("05-trade-offs", "redirect_status")

The widget is the cell's value, so it is displayed. Optional keywords:
``folder=`` (where the save file goes; default: the kernel's working
directory, which is the notebook's folder) and ``answer_text=`` (the answer to
look at for the ungraded hint; default: read from the notebook file as last
saved, see :func:`find_answer_text`). ``hint(text, question)`` gives the same
suggestions for any string.

In a notebook builder (``authoring/NN_name.py``, see ``authoring/05_trade_offs.py``), each written
question takes its points, model answer and mark scheme from the rubric, so the instructor grades
with what the learner saw (``tests/test_rubric.py`` checks every ``self_assess`` call against this)::

    from autograder.rubric import load_rubric, mark_scheme_markdown
    q = load_rubric("05-trade-offs").question("redirect_status")
    nb.written(q.id, q.model_answer, points=q.points)            # learner writes here; graded by hand
    nb.locked_md(f"{q.id}_mark_scheme", mark_scheme_markdown(q))  # restored by nbgrader: the grader sees it
    nb.locked_code(f"{q.id}_self_check",
                   f'from autograder.rubric import self_assess\\n\\nself_assess("05-trade-offs", "{q.id}")')

Rubric files
------------
One YAML file per assignment, ``autograder/rubrics/<assignment>.yaml``, keyed
by question id (= the ``grade_id`` of the written answer cell)::

    assignment: 05-trade-offs          # must equal the file name without .yaml
    title: Trade-offs                  # shown in the marking guide
    questions:
      redirect_status:
        title: 301 or 302 for the redirect
        prompt: Which status code should the redirect return, and why?
        criteria:                      # the checkboxes and the mark scheme, in order
          - id: decision               # [A-Za-z0-9_-], unique in the question
            text: Picks one status code and ties it to a stated requirement
            explain: An answer that lists both codes without choosing dodges the question.
            points: 1                  # > 0; the question is worth the sum
        model_answer: |                # markdown, revealed after Save; the source notebook's solution
          I would return 302 ...
        strong_answer_adds: |          # markdown, revealed after Save
          - Quantifies ...
        hint:                          # optional, for the ungraded hint
          options:                     # the choices being compared, each with its synonyms
            - ["301", moved permanently]
            - ["302", found]

Unknown keys are errors (they are usually typos). :func:`load_rubric` checks
all of it and names the file, question and field of any mistake.

Save file
---------
``<assignment>.self-assessment.json`` beside the notebook, so nbgrader's
submit and collect carry it. It is written only by a click on Save, atomically
(a temporary file in the same folder, then ``os.replace``), under a lock and
merged on write so two notebooks saving at once both keep their entries. A
save file that cannot be read is moved aside (``<assignment>.corrupt-<time>
.self-assessment.json``), never deleted. Layout::

    {"format": 1, "assignment": "05-trade-offs",
     "questions": {"redirect_status": {
         "criteria": {"decision": true, "caching_mechanism": false, ...},
         "points": 3, "max_points": 4, "confidence": "fairly sure",   # or null
         "saved_at": "2026-11-25T15:20:01Z", "saves": 2,
         "first_save": {...the same fields as first saved, before the model answer was seen...}}}}

:func:`read_self_assessments` reads one file; :func:`self_assessment_rows` gathers every learner's
from nbgrader's ``submitted/`` folder as flat rows (self-assessed vs instructor scores, calibration).

Instructors: ``python -m autograder.rubric 05-trade-offs`` prints the marking guide (criteria, model
answers, what strong answers add) as markdown.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import os
import re
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import ipywidgets as widgets

__all__ = [
    "RUBRIC_DIR",
    "CONFIDENCE_LEVELS",
    "Criterion",
    "Question",
    "Rubric",
    "RubricError",
    "SaveFileError",
    "SaveOutcome",
    "SelfAssessment",
    "find_answer_text",
    "hint",
    "load_rubric",
    "mark_scheme_markdown",
    "marking_guide",
    "parse_rubric",
    "read_self_assessments",
    "self_assessment_rows",
    "save_path",
    "save_self_assessment",
    "self_assess",
]

RUBRIC_DIR = Path(__file__).resolve().parent / "rubrics"
"""Where the course's rubric files live: ``autograder/rubrics/<assignment>.yaml``."""

SAVE_SUFFIX = ".self-assessment.json"
SAVE_FORMAT = 1
CONFIDENCE_LEVELS = ("guessing", "fairly sure", "sure")
"""The confidence a learner may state (optional; ``None`` when not given)."""

_NOT_SAID = "not said"
_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_STUB_TEXT = "YOUR ANSWER HERE"


class RubricError(ValueError):
    """A rubric file is missing or malformed, or a question id is not in it (an author's mistake)."""


class SaveFileError(ValueError):
    """A self-assessment save file exists but is not readable as one (corrupt or foreign)."""


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
    criteria = []
    for index, raw in enumerate(raw_criteria):
        cwhere = f"{where}, criterion {index + 1}"
        c = _mapping(raw, cwhere, {"id", "text", "explain", "points"}, {"id", "text", "explain", "points"})
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
        criteria.append(
            Criterion(
                id=cid,
                text=_text(c["text"], f"{cwhere}: 'text'"),
                explain=_text(c["explain"], f"{cwhere}: 'explain'"),
                points=_number(points),
            )
        )
    hint_options: tuple[tuple[str, ...], ...] = ()
    if "hint" in q:
        h = _mapping(q["hint"], f"{where}: 'hint'", {"options"}, {"options"})
        opts = h["options"]
        if not isinstance(opts, list) or len(opts) < 2:
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
    )
    if "points" in q and _number(q["points"]) != question.points:
        raise RubricError(
            f"{where}: 'points' is {q['points']!r} but its criteria add up to {question.points}; "
            "drop 'points' or make them agree"
        )
    return question


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


# -- the save file ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveOutcome:
    """What :func:`save_self_assessment` did."""

    path: Path
    """The save file written."""
    moved_aside: Path | None = None
    """Where an unreadable earlier save file was moved to (kept, never deleted), if there was one."""


class SaveBusyError(OSError):
    """Another save of the same file held the lock for too long."""


def save_path(assignment: str, folder: str | Path | None = None) -> Path:
    """The save file of ``assignment`` in ``folder`` (default: the current working directory)."""
    return Path(folder if folder is not None else os.getcwd()) / f"{assignment}{SAVE_SUFFIX}"


def read_self_assessments(path: str | Path) -> dict:
    """The content of a save file: ``{"format", "assignment", "questions": {id: entry}}``.

    A missing file gives an empty ``questions`` mapping. A file that is not a JSON object with a
    ``questions`` mapping raises :class:`SaveFileError`; an unreadable one (permissions) raises ``OSError``.
    """
    path = Path(path)
    assignment = path.name[: -len(SAVE_SUFFIX)] if path.name.endswith(SAVE_SUFFIX) else path.stem
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {"format": SAVE_FORMAT, "assignment": assignment, "questions": {}}
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SaveFileError(f"{path.name} is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("questions"), dict):
        raise SaveFileError(f"{path.name} is JSON but not a self-assessment file (no 'questions' mapping)")
    return data


def self_assessment_rows(submitted: str | Path, assignment: str) -> list[dict]:
    """Every learner's saved self-assessment of ``assignment`` as flat rows, for instructors' reports.

    ``submitted`` is nbgrader's ``submitted/`` (or ``autograded/``) folder: the files are read from
    ``<submitted>/<student>/<assignment>/<assignment>.self-assessment.json``. One row per student and
    question: ``student, question, points, max_points, confidence, saves, first_points`` (the score
    given before the model answer was first seen), plus ``problem`` (``None``, or why a student's file
    could not be used; such a student gets one row with ``question=None``). Sorted by student, question.
    """
    rows: list[dict] = []
    base = Path(submitted)
    students = sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []
    for student_dir in students:
        path = save_path(assignment, student_dir / assignment)
        if not path.is_file():
            continue
        try:
            questions = read_self_assessments(path)["questions"]
        except (SaveFileError, OSError) as exc:
            rows.append({"student": student_dir.name, "question": None, "problem": str(exc)})
            continue
        for qid in sorted(questions):
            entry = questions[qid]
            if not isinstance(entry, dict):
                rows.append(
                    {"student": student_dir.name, "question": qid, "problem": "entry is not a mapping"}
                )
                continue
            first = entry.get("first_save") if isinstance(entry.get("first_save"), dict) else entry
            rows.append(
                {
                    "student": student_dir.name,
                    "question": qid,
                    "points": entry.get("points"),
                    "max_points": entry.get("max_points"),
                    "confidence": entry.get("confidence"),
                    "saves": entry.get("saves"),
                    "first_points": first.get("points"),
                    "problem": None,
                }
            )
    return rows


def save_self_assessment(
    assignment: str,
    question_id: str,
    entry: Mapping[str, Any],
    folder: str | Path | None = None,
    *,
    lock_timeout: float = 10.0,
) -> SaveOutcome:
    """Store ``entry`` under ``question_id`` in the assignment's save file, keeping every other entry.

    Read-modify-write happens under an exclusive lock (a lock file in the temp folder, keyed by the
    save file's absolute path), so concurrent saves from several notebooks or kernels merge. The write
    is atomic: a temporary file in the same folder, flushed, then ``os.replace``. An unreadable earlier
    file is moved aside first (see :class:`SaveOutcome`). A failing write (read-only folder, full disk)
    raises ``OSError`` and leaves the earlier file as it was.
    """
    path = save_path(assignment, folder)
    with _save_lock(path, lock_timeout):
        moved = None
        try:
            data = read_self_assessments(path)
        except SaveFileError:
            moved = _move_aside(path, assignment)
            data = read_self_assessments(path)  # now missing: a fresh file
        data["format"] = SAVE_FORMAT
        data["assignment"] = assignment
        previous = data["questions"].get(question_id)
        new_entry = dict(entry)
        if isinstance(previous, dict):
            saves = previous.get("saves")
            new_entry["saves"] = (saves if isinstance(saves, int) and saves > 0 else 1) + 1
            first = previous.get("first_save")
            new_entry["first_save"] = (
                first if isinstance(first, dict) else _without(previous, {"first_save", "saves"})
            )
        else:
            new_entry["saves"] = 1
            new_entry["first_save"] = _without(new_entry, {"first_save", "saves"})
        data["questions"][question_id] = new_entry
        _atomic_write_json(path, data)
    return SaveOutcome(path=path, moved_aside=moved)


def _without(entry: Mapping, keys: set[str]) -> dict:
    return {k: v for k, v in entry.items() if k not in keys}


def _move_aside(path: Path, assignment: str) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    for n in range(1000):
        suffix = "" if n == 0 else f"-{n}"
        target = path.with_name(f"{assignment}.corrupt-{stamp}{suffix}{SAVE_SUFFIX}")
        if not target.exists():
            os.rename(path, target)  # same folder: atomic, and nothing is ever deleted
            return target
    raise OSError(f"could not find a free name to keep the unreadable {path.name}")


def _atomic_write_json(path: Path, data: Mapping) -> None:
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


@contextlib.contextmanager
def _save_lock(path: Path, timeout: float) -> Iterator[None]:
    """Serialise read-modify-write of one save file across processes (POSIX); a no-op where impossible."""
    try:
        import fcntl
    except ImportError:  # Windows: merge-on-write still applies, only the lock is missing
        yield
        return
    key = hashlib.sha256(str(path.absolute()).encode("utf-8")).hexdigest()[:32]
    lock_dir = Path(tempfile.gettempdir()) / f"autograder-rubric-locks-{os.getuid()}"
    try:
        lock_dir.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(lock_dir / f"{key}.lock", os.O_CREAT | os.O_RDWR, 0o600)
    except OSError:  # no usable temp folder: save without the lock rather than not at all
        yield
        return
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise SaveBusyError(
                        f"another save of {path.name} has been running for {timeout:g} s"
                    ) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # closing releases the lock


# -- the ungraded hint -------------------------------------------------------------------------------

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


def hint(text: str, question: Question | None = None) -> list[str]:
    """Suggestions (never a score) for a written trade-off answer; an empty list when none apply.

    Looks, by plain word matching, for what interviewers listen for: an alternative you compared
    against (with ``question``, naming two of its options counts), a cost you accept, and a failure
    mode. It can be wrong both ways; treat each suggestion as a question to ask yourself.
    """
    if not isinstance(text, str):
        return ["There is no answer text to look at yet: write your answer in the answer cell above."]
    body = text.replace(_STUB_TEXT, " ").strip()
    if not body:
        return ["You have not written an answer yet: replace YOUR ANSWER HERE in the answer cell with yours."]
    lowered = " ".join(body.lower().split())
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
            "Your answer does not seem to say what happens when something fails (a server crashes, the cache "
            "is down, a message is lost). Interviewers often ask: what breaks, and what does the user see?"
        )
    words = len(re.findall(r"\w+", body))
    if words < _MIN_WORDS:
        suggestions.append(
            f"Your answer has {words} words. A decision, its reason, the cost and a failure case usually "
            "take 80-200 words."
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


# -- the widget ----------------------------------------------------------------------------------


def self_assess(
    assignment: str,
    question: str,
    *,
    folder: str | Path | None = None,
    answer_text: str | None = None,
    rubric_dir: str | Path | None = None,
) -> widgets.VBox:
    """The self-assessment widget for written answer ``question`` of ``assignment``.

    Never raises on a missing rubric file or an unknown question: it returns a widget that says what
    is wrong (the learner's answer is unaffected). See the module docstring for a notebook example.
    """
    try:
        rubric = load_rubric(assignment, rubric_dir)
        q = rubric.question(question)
    except RubricError as exc:
        return _message_box(
            f"The self-check for this answer cannot be shown: {exc}. Your written answer is not affected "
            "and is still graded; please tell your instructor about this message."
        )
    try:
        return SelfAssessment(rubric, q, folder=folder, answer_text=answer_text)
    except Exception as exc:  # a learner must never see a traceback from the course's package
        return _message_box(
            f"The self-check for this answer could not be shown ({type(exc).__name__}: {exc}). Your written "
            "answer is not affected and is still graded; please tell your instructor about this message."
        )


class SelfAssessment(widgets.VBox):
    """Checkboxes for the criteria of one question, an optional confidence, Save, then score and model answer.

    Headless use (tests): tick with ``widget.checkboxes[criterion_id].value = True``, set
    ``widget.confidence.value``, and call ``widget.save_button.click()`` (the same handler a click runs).
    Nothing is written before that click.
    """

    def __init__(
        self,
        rubric: Rubric,
        question: Question,
        *,
        folder: str | Path | None = None,
        answer_text: str | None = None,
    ) -> None:
        self.rubric = rubric
        self.question = question
        self.folder = Path(folder if folder is not None else os.getcwd())
        self.answer_text = answer_text
        self.path = save_path(rubric.assignment, self.folder)
        self._saved: dict = {}

        header = widgets.HTML(
            f"<b>Self-check: {html.escape(question.title)}</b> "
            f"<span style='color:#555'>(not your grade: your instructor marks the answer by hand with "
            f"these same criteria; nothing is saved until you click Save)</span>"
        )
        self.hint_button = widgets.Button(
            description="Look for gaps in my answer",
            tooltip="Reads your answer from the notebook as last saved (Ctrl+S first); never a score",
            layout=widgets.Layout(width="auto"),
        )
        self.hint_button.add_class("autograder-rubric-hint-button")
        self.hint_output = widgets.HTML("")
        self.hint_output.add_class("autograder-rubric-hint")
        self.hint_button.on_click(self._on_hint)

        self.checkboxes: dict[str, widgets.Checkbox] = {}
        rows = []
        for c in question.criteria:
            box = widgets.Checkbox(
                value=False,
                description=f"{c.text} ({_fmt_points(c.points)})",
                indent=False,
                layout=widgets.Layout(width="auto"),
            )
            box.add_class("autograder-rubric-criterion")
            self.checkboxes[c.id] = box
            explain = widgets.HTML(
                f"<div style='margin:-4px 0 6px 24px;color:#555;font-size:90%'>{html.escape(c.explain)}</div>"
            )
            rows.append(widgets.VBox([box, explain]))

        self.confidence = widgets.ToggleButtons(
            options=[_NOT_SAID, *CONFIDENCE_LEVELS],
            value=_NOT_SAID,
            description="How sure are you? (optional)",
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.confidence.add_class("autograder-rubric-confidence")
        self.save_button = widgets.Button(
            description="Save my self-assessment",
            button_style="primary",
            icon="save",
            layout=widgets.Layout(width="auto"),
        )
        self.save_button.add_class("autograder-rubric-save")
        self.save_button.on_click(self._on_save)
        self.status = widgets.HTML("")
        self.status.add_class("autograder-rubric-status")
        self.result = widgets.HTML("")
        self.result.add_class("autograder-rubric-result")

        super().__init__(
            [
                header,
                widgets.HBox([self.hint_button]),
                self.hint_output,
                *rows,
                self.confidence,
                self.save_button,
                self.status,
                self.result,
            ],
            layout=widgets.Layout(border="1px solid #ccc", padding="6px 10px", margin="6px 0"),
        )
        self.add_class("autograder-rubric")
        self._load_earlier()

    def __repr__(self) -> str:
        """The text/plain of the cell output: short, not the widget tree.

        It states the saved self-assessment, so an instructor reading the autograded notebook
        (where the widget cannot run) still sees what the learner claimed.
        """
        where = f"{self.rubric.assignment}/{self.question.id}"
        saved = self._saved
        if not saved:
            return f"<self-assessment of {where}: not saved>"
        points = saved.get("points")
        if isinstance(points, bool) or not isinstance(points, (int, float)):
            return f"<self-assessment of {where}: saved, points unreadable>"
        confidence = saved.get("confidence") if saved.get("confidence") in CONFIDENCE_LEVELS else "not said"
        return (
            f"<self-assessment of {where}: saved {_fmt_points(points, unit=False)} "
            f"of {_fmt_points(self.question.points)}, confidence {confidence}>"
        )

    # -- state -------------------------------------------------------------------------------------

    @property
    def points(self) -> float:
        """Self-assessed points: the sum of the ticked criteria."""
        return _number(sum(c.points for c in self.question.criteria if self.checkboxes[c.id].value))

    def entry(self) -> dict:
        """What Save stores for this question."""
        confidence = self.confidence.value
        return {
            "criteria": {cid: bool(box.value) for cid, box in self.checkboxes.items()},
            "points": self.points,
            "max_points": self.question.points,
            "confidence": None if confidence == _NOT_SAID else confidence,
            "saved_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }

    def _load_earlier(self) -> None:
        """Show an earlier save of this question (reading only; nothing is written here)."""
        try:
            data = read_self_assessments(self.path)
        except SaveFileError as exc:
            self._say(
                "warning",
                f"Your earlier save file could not be read ({exc}). When you click Save it "
                "will be kept under a new name and a fresh file started; nothing is deleted.",
            )
            return
        except OSError as exc:
            self._say("warning", f"Your earlier save file could not be opened ({exc.strerror or exc}).")
            return
        earlier = data["questions"].get(self.question.id)
        if not isinstance(earlier, dict):
            return
        self._saved = earlier
        ticks = earlier.get("criteria")
        if isinstance(ticks, dict):
            for cid, box in self.checkboxes.items():
                box.value = ticks.get(cid) is True
        if earlier.get("confidence") in CONFIDENCE_LEVELS:
            self.confidence.value = earlier["confidence"]
        when = earlier.get("saved_at", "earlier")
        self._say(
            "info",
            f"Loaded your self-assessment saved at {html.escape(str(when))}. "
            "Change it and click Save again to update it.",
        )
        self._reveal()

    # -- handlers ----------------------------------------------------------------------------------

    def _on_save(self, _button: Any = None) -> None:
        entry = self.entry()
        try:
            outcome = save_self_assessment(self.rubric.assignment, self.question.id, entry, self.folder)
        except SaveBusyError:
            self._say(
                "error",
                "Another notebook is saving to the same file right now. Your ticks are kept "
                "here: click Save again in a moment.",
            )
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self._say(
                "error",
                f"Could not save to {html.escape(str(self.path))}: {html.escape(reason)}. Your ticks are kept "
                "here and your earlier save (if any) is unchanged. If this folder is read-only, save a copy of the "
                "notebook in a folder you can write to (File &gt; Save Notebook As...) and click Save there.",
            )
        except Exception as exc:  # a learner must never see a traceback from the course's package
            self._say(
                "error",
                f"Could not save ({html.escape(type(exc).__name__)}: {html.escape(str(exc))}). "
                "Your ticks are kept here; click Save again, and tell your instructor if it persists.",
            )
        else:
            self._saved = entry
            message = f"Saved at {time.strftime('%H:%M:%S')} to {html.escape(outcome.path.name)}."
            if outcome.moved_aside is not None:
                message += (
                    f" The earlier file could not be read, so it was kept as "
                    f"{html.escape(outcome.moved_aside.name)} and a new file started."
                )
                self._say("warning", message)
            else:
                self._say("ok", message + " Click Save again after changes to update it.")
        self._reveal()  # saved or not, the learner is never blocked from the model answer

    def _on_hint(self, _button: Any = None) -> None:
        try:
            if self.answer_text is not None:
                text, origin = self.answer_text, "the text given to the widget"
            else:
                found = find_answer_text(self.question.id, self.folder)
                if found is None:
                    self.hint_output.value = _box(
                        "warning",
                        f"No saved notebook in {html.escape(str(self.folder))} has the answer cell "
                        f"<code>{html.escape(self.question.id)}</code>. Save the notebook (Ctrl+S) and try again, "
                        'or run <code>hint("""your answer""")</code> from <code>autograder.rubric</code>.',
                    )
                    return
                text, nb_path = found
                saved = time.strftime("%H:%M:%S", time.localtime(nb_path.stat().st_mtime))
                origin = f"{html.escape(nb_path.name)} as last saved at {saved}; press Ctrl+S to refresh"
            suggestions = hint(text, self.question)
        except Exception as exc:  # the hint is optional: never a traceback
            self.hint_output.value = _box("warning", f"The hint could not run ({html.escape(str(exc))}).")
            return
        if suggestions:
            items = "".join(f"<li>{html.escape(s)}</li>" for s in suggestions)
            body = f"<b>Suggestions, not a score</b> (from {origin}):<ul style='margin:2px 0'>{items}</ul>"
        else:
            body = (
                f"<b>No gaps spotted</b> (from {origin}): it names an alternative, a cost and a failure case. "
                "Word matching can be fooled, so still check it against the criteria below."
            )
        self.hint_output.value = _box("info", body)

    # -- display -----------------------------------------------------------------------------------

    def _say(self, level: str, message: str) -> None:
        self.status.value = _box(level, message)

    def _reveal(self) -> None:
        q = self.question
        missed = [c for c in q.criteria if not self.checkboxes[c.id].value]
        missed_html = ""
        if missed:
            items = "".join(f"<li>{html.escape(c.text)}</li>" for c in missed)
            missed_html = f"<p style='margin:4px 0'>Not ticked yet:</p><ul style='margin:2px 0'>{items}</ul>"
        self.result.value = (
            f"<div style='margin-top:6px'><p style='font-size:110%;margin:4px 0'><b>Your self-assessment: "
            f"{_fmt_points(self.points, unit=False)} of {_fmt_points(q.points)}</b></p>{missed_html}"
            f"<details open><summary><b>Model answer</b></summary>"
            f"<div class='autograder-rubric-model'>{_markdown(q.model_answer)}</div></details>"
            f"<details open><summary><b>What a strong answer adds</b></summary>"
            f"<div class='autograder-rubric-strong'>{_markdown(q.strong_answer_adds)}</div></details></div>"
        )


_COLOURS = {"ok": "#1a7f37", "info": "#0969da", "warning": "#9a6700", "error": "#b42318"}


def _box(level: str, message: str) -> str:
    colour = _COLOURS.get(level, "#555")
    return (
        f"<div class='autograder-rubric-{level}' style='border-left:4px solid {colour};"
        f"padding:2px 8px;margin:4px 0'>{message}</div>"
    )


def _message_box(message: str) -> widgets.VBox:
    box = widgets.VBox([widgets.HTML(_box("warning", html.escape(message)))])
    box.add_class("autograder-rubric")
    return box


def _markdown(text: str) -> str:
    try:
        import mistune
    except ImportError:  # mistune comes with nbconvert; plain text if it is ever missing
        return f"<pre style='white-space:pre-wrap'>{html.escape(text)}</pre>"
    return mistune.html(text)


def _main(argv: list[str] | None = None) -> int:
    """``python -m autograder.rubric ASSIGNMENT``: print the instructor's marking guide."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python -m autograder.rubric ASSIGNMENT   (prints the marking guide as markdown)")
        return 2
    try:
        print(marking_guide(load_rubric(args[0])), end="")
    except RubricError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
