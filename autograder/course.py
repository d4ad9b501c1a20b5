"""The course folder: finding it, generating ``release/`` and learners' working copies.

``release/`` is generated from ``source/`` by nbgrader's own ``generate_assignment``,
run in a throw-away course folder so the real gradebook is untouched, and written
byte-for-byte deterministically. Learners work in ``my-work/`` (git-ignored),
made and updated from ``release/`` and the learner notebooks by :func:`make_workspace`, which
never overwrites a file the learner changed (its docstring describes the workspace's layout).
"""

from __future__ import annotations

import contextlib
import filecmp
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from autograder._fileio import atomic_write

__all__ = [
    "CourseError",
    "CourseFiles",
    "ReleaseResult",
    "WorkspaceResult",
    "assignments",
    "course_files",
    "fingerprint",
    "find_root",
    "generate_release",
    "generate_assignments",
    "make_workspace",
    "solution_namespace",
    "stale_release_files",
    "uncommitted_edits",
]

WORKSPACE = "my-work"


class CourseError(Exception):
    """Something about the course folder or its notebooks prevents the command."""


def find_root(start: str | Path | None = None) -> Path:
    """The course root: the nearest folder (from ``start`` upwards) holding nbgrader_config.py and source/."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "nbgrader_config.py").is_file() and (folder / "source").is_dir():
            return folder
    raise CourseError(
        f"No course folder found at or above {here}: expected a folder holding nbgrader_config.py and "
        "source/. Run this command from inside the course repository."
    )


def assignments(root: str | Path) -> list[str]:
    """Names of the source assignments (``source/NN-name`` folders holding a notebook), sorted."""
    source = Path(root) / "source"
    return sorted(p.name for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def _venv_path_env() -> dict[str, str]:
    # nbgrader runs `alembic` as a program: make the running interpreter's scripts findable.
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    return env


def generate_assignments(root: str | Path, workdir: str | Path, names: list[str] | None = None) -> Path:
    """Run nbgrader's generate_assignment for ``names`` in a copy of the course at ``workdir``.

    ``workdir`` receives nbgrader_config.py, source/<name>/ and the generated release/<name>/
    and gradebook.db. Returns ``workdir``. Raises :class:`CourseError` with nbgrader's log on failure.
    """
    root, workdir = Path(root), Path(workdir)
    names = names or assignments(root)
    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "nbgrader_config.py", workdir / "nbgrader_config.py")
    for name in names:
        src = root / "source" / name
        if not src.is_dir():
            raise CourseError(f"No source assignment {name!r}: expected a folder {src}")
        shutil.copytree(src, workdir / "source" / name, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    script = (
        "import sys\n"
        "from traitlets.config.loader import PyFileConfigLoader\n"
        "from nbgrader.apps import NbGraderAPI\n"
        "from nbgrader.coursedir import CourseDirectory\n"
        "root = sys.argv[1]\n"
        "cfg = PyFileConfigLoader('nbgrader_config.py', path=root).load_config()\n"
        "cfg.CourseDirectory.root = root\n"
        "api = NbGraderAPI(CourseDirectory(config=cfg), config=cfg)\n"
        "failed = False\n"
        "for name in sys.argv[2:]:\n"
        "    result = api.generate_assignment(name, force=True)\n"
        "    if not result['success']:\n"
        "        failed = True\n"
        "        print(f'--- {name} ---', result.get('error') or '', result.get('log') or '', sep='\\n')\n"
        "sys.exit(1 if failed else 0)\n"
    )
    # A separate interpreter: nbgrader's logging and warnings stay out of the caller's process.
    proc = subprocess.run(
        [sys.executable, "-c", script, str(workdir.resolve()), *names],
        cwd=workdir, env=_venv_path_env(), capture_output=True, text=True,
    )
    if proc.returncode != 0:
        raise CourseError("nbgrader generate_assignment failed:\n" + (proc.stdout + proc.stderr)[-4000:])
    return workdir


@dataclass
class ReleaseResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


def _release_files(folder: Path) -> dict[str, Path]:
    return {str(p.relative_to(folder)): p for p in sorted(folder.rglob("*")) if p.is_file()
            and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts}


def stale_release_files(root: str | Path, generated: str | Path, names: list[str] | None = None) -> list[str]:
    """Paths (relative to release/) where the committed release differs from a fresh generation."""
    root, generated = Path(root), Path(generated)
    names = names or assignments(root)
    stale = []
    for name in names:
        fresh = _release_files(generated / "release" / name)
        current = _release_files(root / "release" / name) if (root / "release" / name).is_dir() else {}
        for rel in sorted(set(fresh) | set(current)):
            a, b = fresh.get(rel), current.get(rel)
            if a is None or b is None or not filecmp.cmp(a, b, shallow=False):
                stale.append(f"{name}/{rel}")
    return stale


def uncommitted_edits(root: str | Path, paths: list[Path]) -> list[Path]:
    """Of ``paths`` (files under ``root``), those git reports as changed since the last commit,
    staged or not: a generated file someone edited by hand. Untracked files are not counted.
    Outside a git checkout (or without git) nothing can be told apart, so nothing is reported."""
    root = Path(root).resolve()
    if not paths or not (root / ".git").exists():
        return []
    try:
        proc = subprocess.run(["git", "status", "--porcelain", "-z", "--", *map(str, paths)], cwd=root,
                              capture_output=True, text=True)
    except OSError:  # no git program
        return []
    if proc.returncode != 0:
        return []
    changed: set[str] = set()
    entries = iter(proc.stdout.split("\0"))
    for entry in entries:
        status, name = entry[:2], entry[3:]
        if not entry or status == "??":
            continue
        changed.add(name)
        if "R" in status or "C" in status:  # -z: a rename's source follows as its own entry
            next(entries, None)
    return [p for p in paths if Path(p).resolve().relative_to(root).as_posix() in changed]


def generate_release(root: str | Path | None = None, *, names: list[str] | None = None,
                     check: bool = False, force: bool = False) -> ReleaseResult:
    """Regenerate ``release/`` from ``source/`` (all assignments, or ``names``).

    With ``check=True`` nothing is written and :class:`CourseError` lists the stale files.
    Files in ``release/<name>/`` that the generation no longer produces are removed.
    A release file with uncommitted edits (someone worked in release/ instead of
    my-work/) is not overwritten unless ``force=True``.
    """
    root = find_root(root)
    names = names or assignments(root)
    result = ReleaseResult()
    with tempfile.TemporaryDirectory(prefix="autograder-release-") as tmp:
        generate_assignments(root, tmp, names)
        stale = stale_release_files(root, tmp, names)
        if check:
            if stale:
                raise CourseError(
                    "release/ is stale (run `make release`): " + ", ".join(stale)
                )
            return result
        edited = uncommitted_edits(root, [root / "release" / rel for rel in stale if (root / "release" / rel).exists()])
        if edited and not force:
            raise CourseError(
                "These release files have uncommitted edits and would be overwritten: "
                + ", ".join(str(p.relative_to(root)) for p in edited)
                + ". release/ is generated from source/; learners work in my-work/. Move your work "
                "there (or commit it), or pass --force to overwrite."
            )
        for name in names:
            fresh_dir = Path(tmp) / "release" / name
            dest_dir = root / "release" / name
            fresh, current = _release_files(fresh_dir), _release_files(dest_dir) if dest_dir.is_dir() else {}
            for rel, src in fresh.items():
                dest = dest_dir / rel
                if rel in current and filecmp.cmp(src, current[rel], shallow=False):
                    result.unchanged.append(dest)
                    continue
                atomic_write(dest, src.read_bytes())
                result.written.append(dest)
            for rel, path in current.items():
                if rel not in fresh:
                    path.unlink()
                    result.removed.append(path)
    return result


# -- the learner's workspace -------------------------------------------------------------

LEARNER_NOTEBOOKS = ("00-start-here.ipynb", "reference-numbers.ipynb", "building-blocks.ipynb", "my-progress.ipynb")
"""The ungraded notebooks of ``notebooks/`` a learner opens (the instructor dashboard stays there)."""
START_PAGE = LEARNER_NOTEBOOKS[0]
MANIFEST = ".course-manifest.json"
"""In the workspace: what was copied from the course, by fingerprint (see :func:`make_workspace`)."""
PACKAGED = Path(__file__).resolve().parent / "_course"
"""Where a built wheel keeps release/ and the learner notebooks (setup.py copies them there)."""


@dataclass(frozen=True)
class CourseFiles:
    """Where the files a learner works on come from: a course folder or the installed package."""

    release: Path
    notebooks: Path
    origin: str
    """The course folder, or "the installed package"."""
    root: Path | None = None
    """The course folder the command runs in (given, or found from the current folder); else None."""

    def files(self) -> dict[str, Path]:
        """Workspace-relative path -> course file: every file of each release assignment
        (``NN-name/...``) and the learner notebooks (at the top)."""
        found: dict[str, Path] = {}
        for name in LEARNER_NOTEBOOKS:
            if (self.notebooks / name).is_file():
                found[name] = self.notebooks / name
        if self.release.is_dir():
            for folder in sorted(p for p in self.release.iterdir() if p.is_dir()):
                for rel, src in _release_files(folder).items():
                    found[f"{folder.name}/{rel}"] = src
        return found


def course_files(root: str | Path | None = None) -> CourseFiles:
    """The learner's files: of ``root``, else of the course folder at or above the current folder,
    else of the installed package (a wheel carries them), else of the folder the package was
    imported from (an editable install of a clone)."""
    if root is not None:
        course = find_root(root)
        return CourseFiles(course / "release", course / "notebooks", str(course), course)
    with contextlib.suppress(CourseError):
        course = find_root()
        return CourseFiles(course / "release", course / "notebooks", str(course), course)
    if (PACKAGED / "release").is_dir():
        return CourseFiles(PACKAGED / "release", PACKAGED / "notebooks", "the installed package")
    with contextlib.suppress(CourseError):  # not "in" that clone: the workspace goes to the current folder
        course = find_root(PACKAGED.parent.parent)
        return CourseFiles(course / "release", course / "notebooks", str(course))
    raise CourseError(
        "No course files found: not inside a course folder (nbgrader_config.py and source/), and the "
        "installed package carries no release/. Reinstall it from a wheel (`pip install "
        "sysdesign-interview-course`) or run this command inside a clone of the course."
    )


def fingerprint(path: str | Path) -> str:
    """What "the learner changed this file" is judged by: for a notebook, the type and source of
    every cell (running it adds outputs, execution counts and metadata, which are not edits);
    for any other file (or a notebook that is not valid JSON), its bytes."""
    data = Path(path).read_bytes()
    if Path(path).suffix == ".ipynb":
        try:
            cells = json.loads(data)["cells"]
            kept = [[c["cell_type"], "".join(c["source"]) if isinstance(c["source"], list) else c["source"]]
                    for c in cells]
            data = json.dumps(kept, ensure_ascii=False).encode()
        except (ValueError, KeyError, TypeError):
            pass
    return hashlib.sha256(data).hexdigest()


@dataclass
class WorkspaceResult:
    """What :func:`make_workspace` did, file by file (absolute paths in the workspace)."""

    workspace: Path
    copied: list[Path] = field(default_factory=list)
    """New in the workspace: copied from the course."""
    updated: list[Path] = field(default_factory=list)
    """Replaced by the course's newer version: the learner had never changed them."""
    offered: list[tuple[Path, Path]] = field(default_factory=list)
    """(the learner's file, kept as it is; the course's newer version, written beside it)."""
    kept: list[Path] = field(default_factory=list)
    """Already there and current, or the learner's (nothing newer to offer)."""

    def messages(self) -> list[str]:
        """One line per file that changed, and a summary."""
        def shown(p: Path) -> str:
            return str(p.relative_to(self.workspace))

        lines = [f"copied   {shown(p)}" for p in self.copied]
        lines += [f"updated  {shown(p)}  (a newer course version; you had not changed it)" for p in self.updated]
        lines += [f"kept     {shown(mine)}  (you changed it). The course's newer version is beside it: "
                  f"{shown(new)} - compare the two and move over what you want." for mine, new in self.offered]
        lines.append(f"Your workspace {self.workspace}: {len(self.copied)} copied, {len(self.updated)} updated, "
                     f"{len(self.offered)} newer versions put beside your own, {len(self.kept)} left as they are.")
        return lines


def update_name(path: Path, digest: str) -> Path:
    """Where the course's newer version of a file the learner changed goes: beside it,
    ``NAME.course-update-<8 hex digits of its fingerprint>.SUFFIX``."""
    return path.with_name(f"{path.stem}.course-update-{digest[:8]}{path.suffix}")


def default_workspace(files: CourseFiles) -> Path:
    """``my-work/`` in the course folder the command runs in, else in the current folder."""
    return (files.root if files.root is not None else Path.cwd()) / WORKSPACE


def make_workspace(root: str | Path | None = None, *, dest: str | Path | None = None) -> WorkspaceResult:
    """Create or update the learner's workspace; never overwrite anything the learner changed.

    This function is the one place that knows the workspace's layout::

        my-work/                        (default: in the course folder; git-ignored)
            00-start-here.ipynb         from notebooks/ - the start page
            reference-numbers.ipynb     from notebooks/
            building-blocks.ipynb       from notebooks/
            my-progress.ipynb           from notebooks/ - progress across modules, reset, model solutions
            NN-name/NN-name.ipynb       from release/NN-name/ (every file of the assignment)
            NN-name/NN-name.self-assessment.json    the learner's own (written by the rubric widget)
            .course-manifest.json       what was copied: {relative path: fingerprint}

    The course files come from :func:`course_files` (a course folder, or the installed package).
    For each of them:

    - missing from the workspace: copied (exclusive create), and its fingerprint recorded;
    - present and unchanged since it was copied (its :func:`fingerprint` is the recorded one):
      replaced by the course's version when that differs - a course update;
    - present and changed by the learner (or there before any manifest, and different from the
      course's version): kept as it is; when the course's version is newer than the one recorded,
      it is written beside the learner's file under :func:`update_name` and reported, once per
      version (the manifest then records that version).

    Nothing the learner made is ever removed. Returns what was done, file by file.
    """
    files = course_files(root)
    workspace = Path(dest).resolve() if dest else default_workspace(files)
    course = files.files()
    if not course:
        raise CourseError(f"No course notebooks found in {files.origin}: run `make release` first.")
    manifest_path = workspace / MANIFEST
    manifest = _read_manifest(manifest_path)
    result = WorkspaceResult(workspace)
    for rel, src in course.items():
        target = workspace / rel
        new = fingerprint(src)
        recorded = manifest.get(rel)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            if _copy_new(src, target):
                result.copied.append(target)
                manifest[rel] = new
            continue
        mine = fingerprint(target)
        if mine == new:  # already the course's version (or the learner's edit equals it)
            manifest[rel] = new
            result.kept.append(target)
        elif recorded is not None and mine == recorded:  # never changed by the learner: update it
            atomic_write(target, src.read_bytes())
            manifest[rel] = new
            result.updated.append(target)
        elif recorded == new:  # the learner's work, and the course has nothing newer
            result.kept.append(target)
        else:  # the learner's work and a newer course version: keep theirs, put the new one beside it
            beside = update_name(target, new)
            if not beside.exists() and _copy_new(src, beside):
                result.offered.append((target, beside))
            else:
                result.kept.append(target)
            manifest[rel] = new  # offered once: the next run does not offer it again
    workspace.mkdir(parents=True, exist_ok=True)
    atomic_write(manifest_path, json.dumps({"files": dict(sorted(manifest.items()))}, indent=1) + "\n")
    return result


def _copy_new(src: Path, target: Path) -> bool:
    """Copy with an exclusive create: False (and nothing written) when ``target`` appeared meanwhile."""
    try:
        with open(src, "rb") as fin, open(target, "xb") as fout:
            shutil.copyfileobj(fin, fout)
    except FileExistsError:
        return False
    return True


def _read_manifest(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["files"]
        return {str(k): str(v) for k, v in entries.items()} if isinstance(entries, dict) else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}  # no manifest (or a damaged one): every differing file counts as the learner's


def solution_namespace(assignment: str, *grade_ids: str, root: str | Path | None = None) -> dict:
    """Run the named solution cells of ``source/<assignment>`` (markers removed) and return the
    names they define: the course's own reference answers, for tests and benchmarks."""
    root = find_root(root) if root is None else Path(root)
    path = root / "source" / assignment / f"{assignment}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"]) for c in nb["cells"]}
    namespace: dict = {}
    for grade_id in grade_ids:
        if grade_id not in cells:
            raise CourseError(f"{path.name} has no cell with grade_id {grade_id!r}")
        code = "\n".join(line for line in cells[grade_id].splitlines()
                         if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))
        exec(compile(code, f"<{assignment}:{grade_id}>", "exec"), namespace)  # the instructor's own solution
    return namespace


# -- learner mode ---------------------------------------------------------------------------

LEARNER_CONFIG = Path(__file__).resolve().parent / "learner_mode"
"""A Jupyter configuration folder that turns nbgrader's instructor tools off (its README says which)."""


def learner_lab_command(workspace: str | Path, *, port: int = 8888,
                        extra: list[str] | tuple[str, ...] = ()) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of JupyterLab in learner mode: it serves ``workspace``
    (nothing above it: ``source/`` with the solutions is out of reach of the file browser) on
    127.0.0.1, opens the start page, and reads :data:`LEARNER_CONFIG` before any other
    configuration folder but the user's own."""
    workspace = Path(workspace).resolve()
    env = dict(os.environ)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        [str(LEARNER_CONFIG), *filter(None, [os.environ.get("JUPYTER_CONFIG_PATH")])])
    # The environment's own programs first (nbgrader's Validate runs `alembic`; kernels find `jupyter`).
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    argv = [sys.executable, "-m", "jupyter", "lab", "--ip", "127.0.0.1", "--port", str(port),
            f"--ServerApp.root_dir={workspace}", f"--LabApp.default_url=/lab/tree/{START_PAGE}"]
    if os.name == "posix" and os.geteuid() == 0:
        argv.append("--allow-root")  # containers often run as root; JupyterLab refuses it otherwise
    extra = list(extra)
    if extra[:1] == ["--"]:
        extra = extra[1:]
    return argv + extra, env
