"""``check(NOTEBOOK)`` (named selfcheck so the module does not shadow the function): a self-study learner grades their own notebook as the instructor would.

The assignment is found in the course's ``source/`` (by the notebook's file name, else by
its cells' grade ids), generated in a temporary course folder, and the learner's notebook -
a copy of its bytes; the file itself is only read - is graded there by the same pipeline as
``autograder grade`` (sandbox, limits, hidden tests, re-check). Nothing is written to the
course or next to the notebook.
"""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .safefs import printable
from .sandbox import DEFAULT_LIMITS, Limits, sandbox_status

__all__ = ["CheckResult", "Question", "check", "find_assignment"]


class CheckError(ValueError):
    """The notebook cannot be checked (not found, not a notebook, no matching assignment)."""


@dataclass
class Question:
    grade_id: str
    points: float
    score: float | None
    """None: graded by hand (a written answer)."""
    feedback: str
    manual: bool = False
    """Graded by hand (a written answer): nbgrader scores one left as released 0, and an edited one
    waits for the instructor, so neither counts as auto-graded points."""

    @property
    def by_hand(self) -> bool:
        return self.manual or self.score is None


@dataclass
class CheckResult:
    notebook: Path
    assignment: str
    questions: list[Question] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    status: str = "graded"
    sandbox: str = ""

    @property
    def score(self) -> float:
        """Auto-graded points earned (hidden tests included); written answers are not in it."""
        return sum(q.score or 0.0 for q in self.questions if not q.by_hand)

    @property
    def auto_points(self) -> float:
        return sum(q.points for q in self.questions if not q.by_hand)

    @property
    def hand_points(self) -> float:
        """Points of the written answers, graded by hand."""
        return sum(q.points for q in self.questions if q.by_hand)

    def text(self) -> str:
        """What ``autograder check`` prints (:func:`autograder.progress.format_check`)."""
        from autograder.progress import format_check

        return format_check(self)


def _course_root(notebook: Path, course_dir) -> Path:
    if course_dir is not None:
        return Path(course_dir).resolve()
    candidates = [notebook.parent, *notebook.parents, Path.cwd()]
    import autograder

    candidates.append(Path(autograder.__file__).resolve().parent.parent)
    for folder in candidates:
        if (folder / "nbgrader_config.py").is_file() and (folder / "source").is_dir():
            return folder
    raise CheckError(
        f"no course folder found for {notebook}: expected nbgrader_config.py and source/ above it. "
        "Pass course_dir (or --course) pointing at the course repository."
    )


def _grade_ids(nb: dict) -> set[str]:
    ids = set()
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {}) if isinstance(cell, dict) else {}
        if isinstance(meta, dict) and meta.get("grade_id"):
            ids.add(meta["grade_id"])
    return ids


def find_assignment(course: Path, notebook: Path, nb: dict) -> tuple[str, str]:
    """(assignment, notebook name) in ``course/source`` this notebook belongs to."""
    source = course / "source"
    matches = sorted(source.glob(f"*/{notebook.stem}.ipynb"))
    if len(matches) == 1:
        return matches[0].parent.name, notebook.stem
    ids = _grade_ids(nb)
    best, best_overlap = None, 0
    for candidate in sorted(source.glob("*/*.ipynb")):
        try:
            overlap = len(ids & _grade_ids(json.loads(candidate.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue
        if overlap > best_overlap:
            best, best_overlap = candidate, overlap
    if best is None:
        raise CheckError(
            f"{notebook.name} matches no assignment in {source}: name it like the assignment's notebook "
            "(e.g. 02-api-contracts.ipynb) or keep its graded cells."
        )
    return best.parent.name, best.stem


def cache_dir() -> Path:
    """Where ``autograder check`` keeps generated assignment templates (``AUTOGRADER_CACHE`` overrides)."""
    import os

    override = os.environ.get("AUTOGRADER_CACHE")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sysdesign-interview-course" / "templates"


def _template_key(course: Path, assignment: str) -> str:
    import hashlib

    import nbgrader

    from .isolate import read_files
    from .state import grader_fingerprint

    h = hashlib.sha256(f"{nbgrader.__version__}\0{grader_fingerprint()}\0{assignment}".encode())
    for name, data in sorted(read_files(course / "source" / assignment).items()):
        h.update(name.encode("utf-8", "surrogateescape") + b"\0" + hashlib.sha256(data).digest())
    config = course / "nbgrader_config.py"
    h.update(config.read_bytes() if config.exists() else b"")
    return h.hexdigest()[:32]


def _template(course: Path, assignment: str):
    """The assignment's template, generated once per content of its source (nbgrader's
    generate_assignment takes seconds) and kept in :func:`cache_dir`."""
    import base64
    import dataclasses

    from .._fileio import atomic_write
    from .isolate import AssignmentTemplate, load_template

    path = cache_dir() / f"{assignment}-{_template_key(course, assignment)}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return AssignmentTemplate(
            assignment=data["assignment"], config_text=data["config_text"],
            gradebook=base64.b64decode(data["gradebook"]), cells=data["cells"],
            source_files={k: base64.b64decode(v) for k, v in data["source_files"].items()},
            hidden_tests=tuple(data["hidden_tests"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        pass  # not cached yet, or unreadable: generate it again
    with tempfile.TemporaryDirectory(prefix="ag-check-") as tmp:
        tmp_course = Path(tmp)
        shutil.copytree(course / "source" / assignment, tmp_course / "source" / assignment)
        if (course / "nbgrader_config.py").exists():
            shutil.copy(course / "nbgrader_config.py", tmp_course / "nbgrader_config.py")
        template = load_template(tmp_course, assignment, gradebook=tmp_course / "gradebook.db")
    record = dataclasses.asdict(template)
    record["gradebook"] = base64.b64encode(template.gradebook).decode("ascii")
    record["source_files"] = {k: base64.b64encode(v).decode("ascii") for k, v in template.source_files.items()}
    try:
        atomic_write(path, json.dumps(record))
    except OSError:
        pass  # a read-only home: the check still works, only slower next time
    return template


def prepare_templates(course_dir: str | Path | None = None, *, jobs: int | None = None):
    """Make and keep the template of every assignment in the course's ``source/``, so that no first
    ``autograder check`` of an assignment waits for nbgrader's ``generate_assignment`` (about 4 s).
    Yields ``(assignment, seconds, error)`` as each is done (``error``: None, or why it failed);
    one already kept takes no time. ``make setup`` runs it."""
    import os
    import time
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from ..course import assignments

    course = _course_root(Path.cwd() / "course.ipynb", course_dir)  # found as a notebook's would be
    if not (course / "source").is_dir():
        raise CheckError(f"{course} is not a course folder: it has no source/")
    names = assignments(course)

    def one(name: str) -> tuple[str, float, str | None]:
        started = time.monotonic()
        try:
            _template(course, name)
        except Exception as exc:  # reported for this assignment; the others go on
            return name, time.monotonic() - started, f"{type(exc).__name__}: {exc}"
        return name, time.monotonic() - started, None

    # Each template is a subprocess (nbgrader): threads run them side by side.
    with ThreadPoolExecutor(max_workers=max(1, jobs or os.cpu_count() or 1)) as pool:
        for future in as_completed([pool.submit(one, name) for name in names]):
            yield future.result()


def _feedback(cell: dict) -> str:
    parts = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":  # JSON keeps multi-line text as a list of lines
            text = out.get("text", "")
            parts.append(text if isinstance(text, str) else "".join(text))
        elif kind in ("display_data", "execute_result"):
            text = out.get("data", {}).get("text/plain", "")
            if kind == "execute_result":
                continue  # the partial-credit number itself
            parts.append(text if isinstance(text, str) else "".join(text))
        elif kind == "error":
            parts.append(f"{out.get('ename')}: {out.get('evalue')}")
    return "\n".join(p.strip("\n") for p in parts if p.strip())


def check(
    notebook: str | Path,
    *,
    course_dir: str | Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
    sandbox: bool = True,
    require_sandbox: bool = False,
    recheck: str = "marked",
) -> CheckResult:
    """Grade ``notebook`` with the assignment's hidden tests; the notebook file is only read."""
    import threading

    from .sandbox import matplotlib_cache

    # The sandbox probe and matplotlib's font list are each a short-lived interpreter: made while
    # this process imports nbgrader (1.5 s), not after.
    early = [threading.Thread(target=matplotlib_cache, daemon=True)]
    if sandbox:
        early.append(threading.Thread(target=sandbox_status, daemon=True))
    for thread in early:
        thread.start()
    from .runner import Task, grade_task

    notebook = Path(notebook).resolve()
    if not notebook.is_file():
        raise CheckError(f"{notebook} does not exist")
    data = notebook.read_bytes()
    try:
        nb = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CheckError(f"{notebook.name} is not a notebook (not valid JSON: {exc})") from None
    course = _course_root(notebook, course_dir)
    assignment, nb_name = find_assignment(course, notebook, nb)
    use_bwrap, why = sandbox_status() if sandbox else (False, "switched off")
    if require_sandbox and not use_bwrap:
        from .pipeline import SandboxRequired

        raise SandboxRequired(f"the sandbox is required but unavailable: {why}")
    template = _template(course, assignment)
    task = Task(assignment=assignment, student="learner", files={f"{nb_name}.ipynb": data}, template=template,
                content_hash="check", limits=limits.as_dict(), use_bwrap=use_bwrap, recheck=recheck,
                fork_kernels=False)  # one kernel: a zygote's imports would cost more than they save
    record = grade_task(task)
    result = CheckResult(notebook=notebook, assignment=assignment, status=record.status,
                         reasons=[printable(r, 2000) for r in record.reasons],
                         sandbox="bubblewrap sandbox" if use_bwrap else f"no sandbox ({why}): limits only")
    if record.status != "graded":
        return result
    graded_cells: dict[str, dict] = {}
    with tarfile.open(fileobj=io.BytesIO(record.autograded_tar), mode="r:gz") as tf:
        member = tf.extractfile(f"{nb_name}.ipynb")
        if member is not None:
            for cell in json.loads(member.read().decode("utf-8")).get("cells", []):
                gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                if gid:
                    graded_cells[gid] = cell
    grades = record.notebooks.get(nb_name, {}).get("grades", {})
    order = list(template.cells.get(nb_name, {}))
    for gid in order:
        g = grades.get(gid)
        if g is None:
            continue
        cell = graded_cells.get(gid, {})
        manual = template.cells[nb_name][gid].get("cell_type") == "markdown"
        result.questions.append(Question(grade_id=gid, points=g["max_score"], score=g["auto_score"],
                                         feedback=_feedback(cell) if cell.get("cell_type") == "code" else "",
                                         manual=manual))
    return result

