"""The course folder: finding it, generating ``release/`` and learners' working copies.

``release/`` is generated from ``source/`` by nbgrader's own ``generate_assignment``,
run in a throw-away course folder so the real gradebook is untouched, and written
byte-for-byte deterministically. Learners work in ``my-work/`` (git-ignored),
copied from ``release/`` by :func:`make_workspace`, which never overwrites a file.
"""

from __future__ import annotations

import filecmp
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
    "ReleaseResult",
    "assignments",
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


def make_workspace(root: str | Path | None = None, *, dest: str | Path | None = None) -> tuple[list[Path], list[Path]]:
    """Copy each release assignment into the learner's workspace (``my-work/``).

    Never overwrites: a file that already exists in the workspace is kept as the
    learner left it. Returns (copied, kept).
    """
    root = find_root(root)
    dest = Path(dest) if dest else root / WORKSPACE
    release = root / "release"
    if not release.is_dir():
        raise CourseError(f"No release/ folder in {root}: run `make release` first.")
    copied, kept = [], []
    for folder in sorted(p for p in release.iterdir() if p.is_dir()):
        for rel, src in _release_files(folder).items():
            target = dest / folder.name / rel
            if target.exists():
                kept.append(target)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            # Exclusive create: never clobbers a file that appeared meanwhile.
            with open(src, "rb") as fin, open(target, "xb") as fout:
                shutil.copyfileobj(fin, fout)
            copied.append(target)
    return copied, kept


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
