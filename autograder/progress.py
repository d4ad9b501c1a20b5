"""A learner's progress across the workspace, resetting work to the release, and model solutions.

Three things a self-study learner asks for once they are a few modules in:

* **Progress** (:func:`progress`, :func:`show`, ``autograder progress``): for every module of the
  workspace, the auto-checked score with the hidden tests included (each notebook graded by
  :func:`autograder.grading.check`, the sandboxed one-notebook grade; where the sandbox is not
  available that check runs with limits only and says so) and, for every written answer, whether it
  is written and what the learner self-assessed in the rubric widget (the save file, see
  :mod:`autograder.rubric.savefile`).
* **Reset** (:func:`reset`, ``autograder reset``): one exercise (a solution cell, by ``grade_id``)
  or a whole module back to its release version. What it replaces is first copied to
  ``<workspace>/backups/<assignment>/<time>/``; nothing is ever deleted.
* **Model solutions** (:func:`model_solution`, ``autograder solution``): for an auto-graded
  exercise, after an attempt (the answer in the saved notebook is no longer the release stub, or its
  check cell has run), the course's own solution, read from ``source/``. Where ``source/`` is absent
  (an installed package, a graded class) or ``AUTOGRADER_SOLUTIONS=off`` is set, it says so. Nothing
  here writes a solution into any notebook.

The workspace is the folder of module folders (``NN-name/NN-name.ipynb``) that
:func:`autograder.course.make_workspace` creates; it is found from the current folder
(:func:`find_workspace`).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder._fileio import atomic_write

__all__ = [
    "ModuleProgress",
    "Progress",
    "ProgressError",
    "ResetResult",
    "Solution",
    "WrittenAnswer",
    "check_targets",
    "find_workspace",
    "format_check",
    "model_solution",
    "progress",
    "reset",
    "show",
]

_MODULE_RE = re.compile(r"^\d\d-[A-Za-z0-9_-]+$")
_WORKSPACE_NAME = "my-work"  # autograder.course.WORKSPACE, not imported so this module stays light
_BACKUPS = "backups"
_SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
_OFF = ("0", "off", "no", "false")


class ProgressError(ValueError):
    """The request cannot be done as asked (no such notebook, exercise or workspace); the message says why."""


# -- finding things -------------------------------------------------------------------------------


def _module_folders(folder: Path) -> list[Path]:
    try:
        children = sorted(p for p in folder.iterdir() if p.is_dir())
    except OSError:
        return []
    return [p for p in children if _MODULE_RE.match(p.name) and (p / f"{p.name}.ipynb").is_file()]


def find_workspace(start: str | Path | None = None) -> Path:
    """The learner's workspace: the nearest folder (from ``start`` upwards) holding module folders.

    A module folder is ``NN-name/`` holding ``NN-name.ipynb``. A ``my-work/`` folder beside the
    way up counts too (the course root's workspace). :class:`ProgressError` when there is none.
    """
    here = Path(start or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        for candidate in (folder, folder / _WORKSPACE_NAME):
            if _module_folders(candidate):
                return candidate
    raise ProgressError(
        f"No workspace found at or above {here}: expected a folder of module folders such as "
        "01-coding-vs-design/01-coding-vs-design.ipynb. Create it with `autograder workspace` "
        "(or `make lab`), or name the folder."
    )


def check_targets(path: str | Path | None = None) -> list[Path]:
    """The notebooks ``autograder check PATH`` grades: a notebook, a module folder, or a workspace.

    Without ``path``: every module of the workspace found from the current folder.
    """
    if path is None:
        return [m / f"{m.name}.ipynb" for m in _module_folders(find_workspace())]
    target = Path(path).expanduser()
    if target.is_file():
        if target.suffix != ".ipynb":
            raise ProgressError(f"{target} is not a notebook (.ipynb): name a notebook, a module folder or "
                                "your workspace folder.")
        return [target.resolve()]
    if not target.exists():
        raise ProgressError(f"{target} does not exist.")
    target = target.resolve()
    own = target / f"{target.name}.ipynb"
    if own.is_file():
        return [own]
    modules = _module_folders(target)
    if modules:
        return [m / f"{m.name}.ipynb" for m in modules]
    loose = sorted(p for p in target.glob("*.ipynb") if p.is_file())
    if loose:
        return loose
    raise ProgressError(f"{target} holds no notebook and no module folder (NN-name/NN-name.ipynb).")


def _course_root(near: Path | None, course_dir: str | Path | None) -> Path | None:
    """The course folder (nbgrader_config.py and source/), or None where there is none (an installed package)."""
    if course_dir is not None:
        root = Path(course_dir).resolve()
        if not (root / "source").is_dir():
            raise ProgressError(f"{root} is not a course folder: it has no source/.")
        return root
    import autograder

    starts = [p for p in (near, Path.cwd()) if p is not None]
    for start in starts:
        start = start.resolve()
        for folder in (start, *start.parents):
            if (folder / "nbgrader_config.py").is_file() and (folder / "source").is_dir():
                return folder
    package_parent = Path(autograder.__file__).resolve().parent.parent
    if (package_parent / "nbgrader_config.py").is_file() and (package_parent / "source").is_dir():
        return package_parent
    return None


def _read_notebook(path: Path) -> dict:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProgressError(f"{path} does not exist.") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ProgressError(f"{path.name} cannot be read as a notebook ({exc}).") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ProgressError(f"{path.name} is not a notebook (no list of cells).")
    return nb


def _meta(cell: Any) -> dict:
    if not isinstance(cell, dict):
        return {}
    meta = cell.get("metadata")
    nbg = meta.get("nbgrader") if isinstance(meta, dict) else None
    return nbg if isinstance(nbg, dict) else {}


def _grade_id(cell: Any) -> str | None:
    gid = _meta(cell).get("grade_id")
    return gid if isinstance(gid, str) else None


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _find_cell(nb: dict, grade_id: str) -> int | None:
    for index, cell in enumerate(nb["cells"]):
        if _grade_id(cell) == grade_id or (isinstance(cell, dict) and cell.get("id") == grade_id
                                           and _grade_id(cell) is None):
            return index
    return None


def _assignment_of(notebook: Path, nb: dict, root: Path | None) -> str:
    """The assignment a notebook belongs to: its module folder's name, else the course's best match."""
    folder = notebook.parent.name
    if _MODULE_RE.match(folder) and notebook.stem == folder:
        return folder
    if root is not None:
        from autograder.grading.selfcheck import CheckError, find_assignment

        try:
            return find_assignment(root, notebook, nb)[0]
        except CheckError as exc:
            raise ProgressError(str(exc)) from None
    return notebook.stem


# -- progress ---------------------------------------------------------------------------------------


@dataclass
class WrittenAnswer:
    """One written answer of a module and its self-assessment."""

    question: str
    title: str
    points: float
    written: bool
    """The answer cell in the saved notebook holds more than the release's placeholder."""
    self_assessed: float | None = None
    """The points the learner gave themselves in the rubric widget (None: not saved yet)."""

    def line(self) -> str:
        state = "written" if self.written else "not written yet"
        if self.self_assessed is None:
            return f"{self.question}: {state}, not self-assessed ({_points(self.points)} by hand)"
        return (f"{self.question}: {state}, self-assessed {_num(self.self_assessed)} of "
                f"{_num(self.points)}")


@dataclass
class ModuleProgress:
    """Where one module stands."""

    assignment: str
    notebook: Path | None
    """The learner's notebook; None when the module is not in the workspace yet."""
    status: str
    """``checked``, ``not started`` (no notebook), ``not checked`` (checks off or unavailable),
    ``check failed`` (the grader could not grade it) or ``unreadable``."""
    auto_score: float | None = None
    auto_points: float = 0.0
    hand_points: float = 0.0
    written: list[WrittenAnswer] = field(default_factory=list)
    note: str = ""
    sandbox: str = ""

    def score_text(self) -> str:
        if self.status == "checked":
            text = f"{_num(self.auto_score or 0)} of {_num(self.auto_points)} auto-graded points"
            if self.hand_points:
                text += f"; {_points(self.hand_points)} graded by hand"
            return text
        return self.status + (f" ({self.note})" if self.note else "")


@dataclass
class Progress:
    """Every module's progress; renders as a table in a notebook and as text elsewhere."""

    workspace: Path
    modules: list[ModuleProgress]
    checks: str
    """How scores were obtained (hidden tests included, which sandbox), or why they were not."""

    def totals(self) -> tuple[float, float, int, int]:
        """(auto-graded points earned, auto-graded points checked, written answers self-assessed, written answers)."""
        checked = [m for m in self.modules if m.status == "checked"]
        written = [w for m in self.modules for w in m.written]
        return (sum(m.auto_score or 0 for m in checked), sum(m.auto_points for m in checked),
                sum(w.self_assessed is not None for w in written), len(written))

    def text(self) -> str:
        lines = [f"Your progress in {self.workspace} ({self.checks})"]
        for m in self.modules:
            lines.append(f"{m.assignment}: {m.score_text()}")
            for w in m.written:
                lines.append(f"    {w.line()}")
        earned, checked, assessed, written = self.totals()
        lines.append(f"Total: {_num(earned)} of {_num(checked)} auto-graded points in the modules checked; "
                     f"{assessed} of {written} written answers self-assessed.")
        return "\n".join(lines)

    __str__ = text

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(self.text())

    def _repr_html_(self) -> str:
        rows = []
        for m in self.modules:
            written = "<br>".join(html.escape(w.line()) for w in m.written) or "&ndash;"
            rows.append(f'<tr><td style="text-align:left">{html.escape(m.assignment)}</td>'
                        f'<td style="text-align:left">{html.escape(m.score_text())}</td>'
                        f'<td style="text-align:left">{written}</td></tr>')
        earned, checked, assessed, total = self.totals()
        return (
            '<div class="autograder-progress">'
            f"<p><strong>Your progress</strong> in <code>{html.escape(str(self.workspace))}</code> "
            f"({html.escape(self.checks)})</p>"
            '<table><thead><tr><th style="text-align:left">module</th>'
            '<th style="text-align:left">auto-checked (hidden tests included)</th>'
            '<th style="text-align:left">written answers</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
            f"<p>Total: {_num(earned)} of {_num(checked)} auto-graded points in the modules checked; "
            f"{assessed} of {total} written answers self-assessed.</p></div>"
        )


def _written_answers(assignment: str, module_dir: Path, nb: dict | None) -> list[WrittenAnswer]:
    from autograder.rubric import RubricError, SaveFileError, load_rubric, read_self_assessments, save_path

    try:
        rubric = load_rubric(assignment)
    except RubricError:
        return []  # a module without written answers
    try:
        saved = read_self_assessments(save_path(assignment, module_dir))["questions"]
    except (SaveFileError, OSError):
        saved = {}
    answers = []
    for q in rubric.questions.values():
        text = ""
        if nb is not None:
            index = _find_cell(nb, q.id)
            text = _source(nb["cells"][index]) if index is not None else ""
        entry = saved.get(q.id)
        points = entry.get("points") if isinstance(entry, dict) else None
        claimed = float(points) if isinstance(points, (int, float)) and not isinstance(points, bool) else None
        answers.append(WrittenAnswer(question=q.id, title=q.title, points=q.points,
                                     written=bool(text.replace("YOUR ANSWER HERE", "").strip()),
                                     self_assessed=claimed))
    return answers


def progress(
    workspace: str | Path | None = None,
    *,
    run_checks: bool = True,
    course_dir: str | Path | None = None,
    on_module: Callable[[int, int, str], None] | None = None,
    **check_options: Any,
) -> Progress:
    """Every module's progress in ``workspace`` (default: found from the current folder).

    With ``run_checks`` each module's notebook is graded with its hidden tests by
    :func:`autograder.grading.check` (a few seconds each; ``check_options`` go to it, e.g.
    ``sandbox=False``). ``on_module(index, count, assignment)`` is called before each module.
    """
    workspace = find_workspace(workspace) if workspace is None or not _module_folders(Path(workspace)) \
        else Path(workspace).resolve()
    root = _course_root(workspace, course_dir)
    names = {m.name for m in _module_folders(workspace)}
    if root is not None:
        names |= {p.name for p in (root / "source").iterdir() if p.is_dir() and any(p.glob("*.ipynb"))}
    if not run_checks:
        checks = "checks not run"
    elif root is None:
        checks = ("hidden checks unavailable: they need the course's source/ folder, which is not here "
                  "(an installed package or a graded class); your notebooks' own check cells still work")
    else:
        from autograder.grading.sandbox import sandbox_status

        use_bwrap, why = sandbox_status() if check_options.get("sandbox", True) else (False, "switched off")
        checks = ("hidden tests included, each notebook graded in the bubblewrap sandbox" if use_bwrap else
                  f"hidden tests included; no sandbox ({why}), so your code ran with limits only")
    modules = []
    ordered = sorted(names)
    for index, assignment in enumerate(ordered):
        if on_module is not None:
            on_module(index, len(ordered), assignment)
        modules.append(_module_progress(assignment, workspace / assignment, root, run_checks, check_options))
    return Progress(workspace=workspace, modules=modules, checks=checks)


def _module_progress(assignment: str, module_dir: Path, root: Path | None, run_checks: bool,
                     check_options: dict) -> ModuleProgress:
    notebook = module_dir / f"{assignment}.ipynb"
    if not notebook.is_file():
        return ModuleProgress(assignment, None, "not started", written=_written_answers(assignment, module_dir, None),
                              note="not in your workspace yet: `autograder workspace` copies it")
    try:
        nb: dict | None = _read_notebook(notebook)
    except ProgressError as exc:
        return ModuleProgress(assignment, notebook, "unreadable", note=str(exc))
    written = _written_answers(assignment, module_dir, nb)
    if not run_checks or root is None:
        return ModuleProgress(assignment, notebook, "not checked", written=written)
    from autograder.grading.pipeline import SandboxRequired
    from autograder.grading.selfcheck import CheckError, check

    try:
        result = check(notebook, course_dir=root, **check_options)
    except (CheckError, SandboxRequired) as exc:
        return ModuleProgress(assignment, notebook, "check failed", written=written, note=str(exc))
    if result.status != "graded":
        return ModuleProgress(assignment, notebook, "check failed", written=written,
                              note="; ".join(result.reasons) or "the grader gave no reason", sandbox=result.sandbox)
    hand = result.hand_points
    return ModuleProgress(assignment, notebook, "checked", auto_score=result.score, auto_points=result.auto_points,
                          hand_points=hand, written=written, sandbox=result.sandbox)


def show(workspace: str | Path | None = None, **options: Any) -> None:
    """Display the workspace's progress in a notebook (text outside one), updating while modules are checked."""
    from autograder.report import _ipython_display

    display = _ipython_display()
    if display is None:
        def say(index: int, count: int, assignment: str) -> None:
            print(f"checking {index + 1} of {count}: {assignment} ...", file=sys.stdout, flush=True)

        try:
            result = progress(workspace, on_module=say, **options)
        except ProgressError as exc:
            print(str(exc), file=sys.stdout)
            return
        print(result.text(), file=sys.stdout)
        return
    from IPython.display import HTML

    handle = display(HTML("<p>Looking for your workspace...</p>"), display_id=True)

    def update(index: int, count: int, assignment: str) -> None:
        if handle is not None:
            handle.update(HTML(f"<p>Checking module {index + 1} of {count}: <code>{html.escape(assignment)}</code> "
                               "(hidden tests included; a few seconds each)...</p>"))

    try:
        result = progress(workspace, on_module=update, **options)
    except ProgressError as exc:
        content: Any = HTML(f"<p>{html.escape(str(exc))}</p>")
    except Exception as exc:  # a learner never sees a traceback from the course's package
        content = HTML(f"<p>The progress could not be shown ({html.escape(type(exc).__name__)}: "
                       f"{html.escape(str(exc))}). Try <code>autograder progress</code> in a terminal.</p>")
    else:
        content = result
    if handle is not None:
        handle.update(content)
    else:
        display(content)


def format_check(result: Any) -> str:
    """What ``autograder check`` prints for one :class:`~autograder.grading.selfcheck.CheckResult`.

    Auto-graded and hand-graded points are labelled apart: a module of written answers only
    shows "0 of 0 auto-graded points; 16 points graded by hand".
    """
    lines = [f"Checked {result.notebook} as assignment {result.assignment} (hidden tests included; "
             f"{result.sandbox or 'sandbox not reported'})."]
    if result.status != "graded":
        lines.append("Grading failed: " + ("; ".join(result.reasons) or "the grader gave no reason"))
        return "\n".join(lines)
    for q in result.questions:
        if q.by_hand:
            lines.append(f"- {q.grade_id}: graded by hand ({_points(q.points)}); compare your answer with "
                         "the rubric's self-check.")
        else:
            lines.append(f"- {q.grade_id}: {_num(q.score or 0)} of {_points(q.points)}")
        for fb in q.feedback.strip().splitlines():
            lines.append(f"    {fb}")
    hand = result.hand_points
    total = f"Score: {_num(result.score)} of {_num(result.auto_points)} auto-graded points"
    lines.append(total + (f"; {_points(hand)} graded by hand (not in this score)." if hand else "."))
    for reason in result.reasons:
        lines.append(f"Note: {reason}")
    return "\n".join(lines)


def _num(value: float) -> str:
    return f"{round(float(value), 2):g}"


def _points(value: float) -> str:
    return f"{_num(value)} point" + ("" if _num(value) == "1" else "s")


# -- reset ------------------------------------------------------------------------------------------


@dataclass
class ResetResult:
    """What :func:`reset` did."""

    replaced: list[Path] = field(default_factory=list)
    """Files (or, for one exercise, the notebook) changed back to the release version."""
    created: list[Path] = field(default_factory=list)
    """Release files that were missing from the workspace and were copied in."""
    unchanged: list[Path] = field(default_factory=list)
    """Files already as released."""
    kept: list[Path] = field(default_factory=list)
    """Your files that are not part of the release (self-assessments, notes): left as they are."""
    backup: Path | None = None
    """The folder holding copies of everything replaced (None when nothing was replaced)."""

    def text(self) -> str:
        lines = []
        for path in self.replaced:
            lines.append(f"reset    {path}")
        for path in self.created:
            lines.append(f"copied   {path}")
        if self.backup is not None:
            lines.append(f"Your earlier version is kept in {self.backup}.")
        if not self.replaced and not self.created:
            lines.append("Nothing to reset: already as released.")
        if self.kept:
            lines.append("Kept as they are (not part of the release): " + ", ".join(p.name for p in self.kept))
        if self.replaced:
            lines.append("If the notebook is open, reload it from disk (File > Reload Notebook from Disk) "
                         "before you go on.")
        return "\n".join(lines)


def _release_dir(root: Path | None, assignment: str) -> Path:
    if root is None or not (root / "release" / assignment).is_dir():
        where = f"{root / 'release' / assignment}" if root is not None else "the course's release/ folder"
        raise ProgressError(f"The release version of {assignment} is not available: {where} is missing.")
    return root / "release" / assignment


def _backup_folder(workspace: Path, assignment: str) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    base = workspace / _BACKUPS / assignment
    for n in range(1000):
        candidate = base / (stamp if n == 0 else f"{stamp}-{n}")
        try:
            candidate.mkdir(parents=True)
        except FileExistsError:
            continue
        return candidate
    raise ProgressError(f"no free backup folder under {base}")


def _resolve_target(target: str | Path) -> Path:
    path = Path(target).expanduser()
    if path.exists():
        return path.resolve()
    if isinstance(target, str) and _MODULE_RE.match(target):
        candidate = find_workspace() / target
        if candidate.exists():
            return candidate
        raise ProgressError(f"Your workspace has no module {target}: {candidate} does not exist.")
    raise ProgressError(f"{target} does not exist: name a notebook, a module folder or a module (e.g. "
                        "02-api-contracts).")


def reset(target: str | Path, grade_id: str | None = None, *, course_dir: str | Path | None = None) -> ResetResult:
    """Put one exercise (``grade_id`` of a solution cell) or a whole module back to its release version.

    ``target`` is a notebook, a module folder or a module name. What is replaced is first copied
    to ``<workspace>/backups/<assignment>/<time>/`` (the whole notebook, for one exercise);
    nothing is deleted, and files that are not part of the release are left alone.
    """
    path = _resolve_target(target)
    if grade_id is not None:
        notebook = path / f"{path.name}.ipynb" if path.is_dir() else path
        return _reset_exercise(notebook, grade_id, course_dir)
    if path.is_file():
        raise ProgressError(f"To reset the whole module, name its folder ({path.parent}); to reset one exercise, "
                            "add its grade id (the name shown in the cell's check, e.g. shortener_api).")
    return _reset_module(path, course_dir)


def _workspace_of(module_dir: Path, assignment: str) -> Path:
    return module_dir.parent if module_dir.name == assignment else module_dir


def _reset_module(module_dir: Path, course_dir: str | Path | None) -> ResetResult:
    assignment = module_dir.name
    if not _MODULE_RE.match(assignment):
        raise ProgressError(f"{module_dir} is not a module folder (named like 02-api-contracts).")
    root = _course_root(module_dir, course_dir)
    release = _release_dir(root, assignment)
    result = ResetResult()
    fresh = {p.relative_to(release): p for p in sorted(release.rglob("*")) if p.is_file()
             and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts}
    changes = []
    for rel, src in fresh.items():
        dest = module_dir / rel
        if not dest.exists():
            changes.append((rel, src, dest, False))
        elif dest.is_file() and dest.read_bytes() == src.read_bytes():
            result.unchanged.append(dest)
        else:
            changes.append((rel, src, dest, True))
    if any(existed for *_, existed in changes):
        result.backup = _backup_folder(_workspace_of(module_dir, assignment), assignment)
    for rel, src, dest, existed in changes:
        if existed:
            if dest.is_dir() and not dest.is_symlink():
                raise ProgressError(f"{dest} is a folder where the release has a file; move it away first.")
            backup = result.backup / rel  # type: ignore[operator]  # set above whenever a file existed
            backup.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(dest, backup)
            atomic_write(dest, src.read_bytes())
            result.replaced.append(dest)
        else:
            atomic_write(dest, src.read_bytes())
            result.created.append(dest)
    if module_dir.is_dir():
        result.kept = sorted(p for p in module_dir.rglob("*") if p.is_file() and p.relative_to(module_dir) not in fresh
                             and ".ipynb_checkpoints" not in p.parts)
    return result


def _reset_exercise(notebook: Path, grade_id: str, course_dir: str | Path | None) -> ResetResult:
    if not isinstance(grade_id, str) or not grade_id.strip():
        raise ProgressError("Name the exercise by its grade id, e.g. shortener_api.")
    nb = _read_notebook(notebook)
    root = _course_root(notebook.parent, course_dir)
    assignment = _assignment_of(notebook, nb, root)
    release_nb_path = _release_dir(root, assignment) / notebook.name
    if not release_nb_path.is_file():
        release_nb_path = _release_dir(root, assignment) / f"{assignment}.ipynb"
    release_nb = _read_notebook(release_nb_path)
    exercises = [gid for c in release_nb["cells"] if _meta(c).get("solution") and (gid := _grade_id(c))]
    index = _find_cell(release_nb, grade_id)
    if index is None or not _meta(release_nb["cells"][index]).get("solution"):
        what = "is not an exercise (a cell you write in)" if index is not None else "is not in this module"
        raise ProgressError(f"{grade_id!r} {what}. The exercises of {assignment} are: {', '.join(exercises)}.")
    released = release_nb["cells"][index]
    mine = _find_cell(nb, grade_id)
    if mine is None:
        raise ProgressError(f"Your notebook has no cell {grade_id!r} any more (deleted?). Reset the whole module "
                            f"(`autograder reset {notebook.parent}`), which keeps a backup of your notebook.")
    result = ResetResult()
    if _source(nb["cells"][mine]) == _source(released):
        result.unchanged.append(notebook)
        return result
    result.backup = _backup_folder(_workspace_of(notebook.parent, assignment), assignment)
    shutil.copy2(notebook, result.backup / notebook.name)
    cell = json.loads(json.dumps(released))
    if cell.get("cell_type") == "code":
        cell["outputs"], cell["execution_count"] = [], None
    nb["cells"][mine] = cell
    atomic_write(notebook, json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    result.replaced.append(notebook)
    return result


# -- model solutions --------------------------------------------------------------------------------


@dataclass
class Solution:
    """A model solution, or the reason there is none to show (``code`` is None then)."""

    grade_id: str
    code: str | None
    message: str

    def text(self) -> str:
        return self.message + (f"\n\n{self.code}" if self.code is not None else "")

    __str__ = text

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(self.text())

    def _repr_html_(self) -> str:
        body = f"<p>{html.escape(self.message)}</p>"
        if self.code is not None:
            body += f"<pre><code>{html.escape(self.code)}</code></pre>"
        return f'<div class="autograder-solution">{body}</div>'


def _notebook_with(grade_id: str, folder: Path) -> Path | None:
    session = os.environ.get("JPY_SESSION_NAME", "")
    candidates = [folder / Path(session).name] if session.endswith(".ipynb") else []
    try:
        candidates += sorted(folder.glob("*.ipynb"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        pass
    for path in candidates:
        try:
            if _find_cell(_read_notebook(path), grade_id) is not None:
                return path
        except ProgressError:
            continue
    return None


def _test_cells_after(nb: dict, index: int) -> Iterable[dict]:
    for cell in nb["cells"][index + 1:]:
        meta = _meta(cell)
        if meta.get("solution"):
            return
        if meta.get("grade") and isinstance(cell, dict) and cell.get("cell_type") == "code":
            yield cell


def _attempted(nb: dict, index: int, released_source: str | None) -> bool:
    """The learner has tried: the saved answer is not the release stub, or its check cell has run."""
    mine = " ".join(_source(nb["cells"][index]).split())
    if released_source is not None and mine != " ".join(released_source.split()):
        return True
    return any(cell.get("execution_count") is not None or cell.get("outputs") for cell in _test_cells_after(nb, index))


def model_solution(grade_id: str, notebook: str | Path | None = None, *,
                   course_dir: str | Path | None = None) -> Solution:
    """The course's solution of auto-graded exercise ``grade_id``, once you have attempted it.

    ``notebook`` is your notebook (default: the notebook in the current folder that has the exercise,
    as last saved). Never raises: when there is nothing to show, the :class:`Solution` says why.
    """
    try:
        return _model_solution(grade_id, notebook, course_dir)
    except ProgressError as exc:
        return Solution(str(grade_id), None, str(exc))


def _model_solution(grade_id: str, notebook: str | Path | None, course_dir: str | Path | None) -> Solution:
    if not isinstance(grade_id, str) or not grade_id.strip():
        raise ProgressError("Name the exercise by its grade id, e.g. model_solution(\"shortener_api\").")
    if os.environ.get("AUTOGRADER_SOLUTIONS", "").strip().lower() in _OFF:
        raise ProgressError("Model solutions are switched off here (AUTOGRADER_SOLUTIONS=off): this is a graded "
                            "class. Ask your instructor after the deadline.")
    if notebook is None:
        found = _notebook_with(grade_id, Path.cwd())
        if found is None:
            raise ProgressError(f"No saved notebook in {Path.cwd()} has the exercise {grade_id!r}. Save your "
                                "notebook (Ctrl+S), or name it: model_solution(grade_id, notebook=...).")
        path = found
    else:
        path = Path(notebook).expanduser().resolve()
    nb = _read_notebook(path)
    index = _find_cell(nb, grade_id)
    if index is None:
        raise ProgressError(f"{path.name} has no exercise {grade_id!r}.")
    cell = nb["cells"][index]
    if cell.get("cell_type") != "code" or not _meta(cell).get("solution"):
        if cell.get("cell_type") == "markdown":
            raise ProgressError(f"{grade_id!r} is a written answer: its model answer appears in the self-check "
                                "below it once you click Save.")
        raise ProgressError(f"{grade_id!r} is not an exercise (a cell you write code in).")
    root = _course_root(path.parent, course_dir)
    if root is None:
        raise ProgressError("Model solutions come from the course's source/ folder, which is not here (the course "
                            "was installed as a package, or this is a graded class). A self-study learner finds "
                            "them in a clone of the course repository.")
    assignment = _assignment_of(path, nb, root)
    source_nb_path = root / "source" / assignment / f"{assignment}.ipynb"
    source_nb = _read_notebook(source_nb_path)
    source_index = _find_cell(source_nb, grade_id)
    if source_index is None:
        raise ProgressError(f"The course's {assignment} has no exercise {grade_id!r} (is your notebook from "
                            "another version of the course?).")
    released: str | None = None
    release_nb_path = root / "release" / assignment / f"{assignment}.ipynb"
    if release_nb_path.is_file():
        release_nb = _read_notebook(release_nb_path)
        release_index = _find_cell(release_nb, grade_id)
        released = _source(release_nb["cells"][release_index]) if release_index is not None else None
    if not _attempted(nb, index, released):
        raise ProgressError(f"Try {grade_id!r} first: write your answer and run its check cell (then save the "
                            "notebook), and the model solution is yours to compare with.")
    code = "\n".join(line for line in _source(source_nb["cells"][source_index]).splitlines()
                     if line.strip() not in _SOLUTION_MARKERS).strip("\n")
    return Solution(grade_id, code, f"Model solution of {grade_id} ({assignment}), from the course's source. "
                    "Yours may differ and still be right: the checks judge meaning, not spelling.")


# -- command line (registered by autograder.cli) ----------------------------------------------------


def _cmd_progress(args) -> int:
    def say(index: int, count: int, assignment: str) -> None:
        if not args.no_check:
            print(f"checking {index + 1} of {count}: {assignment} ...", file=sys.stderr, flush=True)

    try:
        result = progress(args.workspace, run_checks=not args.no_check, course_dir=args.course,
                          on_module=say, sandbox=not args.no_sandbox)
    except ProgressError as exc:
        print(f"autograder progress: {exc}", file=sys.stderr)
        return 2
    print(result.text())
    return 0


def _cmd_reset(args) -> int:
    try:
        result = reset(args.target, args.exercise, course_dir=args.course)
    except ProgressError as exc:
        print(f"autograder reset: {exc}", file=sys.stderr)
        return 2
    print(result.text())
    return 0


def _cmd_solution(args) -> int:
    solution = model_solution(args.exercise, args.notebook, course_dir=args.course)
    print(solution.text())
    return 0 if solution.code is not None else 1


def _register_progress(sub) -> None:
    """Add ``progress``, ``reset`` and ``solution`` to the ``autograder`` command."""
    p = sub.add_parser("progress", help="your progress in every module: auto-checked scores and self-assessments",
                       description="For every module of your workspace: the auto-graded score with the hidden tests "
                                   "included (each notebook graded as `autograder check` does) and, for each written "
                                   "answer, whether it is written and self-assessed.")
    p.add_argument("workspace", nargs="?", type=Path, default=None,
                   help="your workspace folder (default: found from the current folder)")
    p.add_argument("--no-check", action="store_true", help="do not grade the notebooks (quick: self-assessments only)")
    p.add_argument("--no-sandbox", action="store_true", help="grade without bubblewrap (limits only)")
    p.add_argument("--course", type=Path, default=None, help="the course folder (default: found)")
    p.set_defaults(func=_cmd_progress)

    r = sub.add_parser("reset", help="put an exercise or a module back to its release version (a backup is kept)",
                       description="Put one exercise (a cell you write in, by its grade id) or a whole module back to "
                                   "its release version. What is replaced is first copied to "
                                   "<workspace>/backups/<module>/<time>/; nothing is deleted.")
    r.add_argument("target", help="a notebook, a module folder, or a module name such as 02-api-contracts")
    r.add_argument("exercise", nargs="?", default=None,
                   help="the grade id of one exercise, e.g. shortener_api (default: the whole module)")
    r.add_argument("--course", type=Path, default=None, help="the course folder (default: found)")
    r.set_defaults(func=_cmd_reset)

    s = sub.add_parser("solution", help="the model solution of an auto-graded exercise you have attempted",
                       description="Print the course's model solution of one auto-graded exercise, once your saved "
                                   "notebook shows an attempt. Needs the course's source/ folder (self-study).")
    s.add_argument("notebook", type=Path, help="your notebook")
    s.add_argument("exercise", help="the exercise's grade id, e.g. shortener_api")
    s.add_argument("--course", type=Path, default=None, help="the course folder (default: found)")
    s.set_defaults(func=_cmd_solution)
