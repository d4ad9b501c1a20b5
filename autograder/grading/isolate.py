"""Throw-away course folders: one per submission, holding only that submission and its assignment.

An :class:`AssignmentTemplate` is everything a worker needs to grade one assignment, as
bytes (so it travels to a Dask worker on another machine): the assignment's ``source/``
files, the course's ``nbgrader_config.py``, and a gradebook that defines only this
assignment (copied from the real gradebook, students removed; or generated from
``source/`` when the real gradebook does not define it yet).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .safefs import make_private_dir, read_tree, write_tree
from .settings import CourseSettings, course_settings

__all__ = ["AssignmentTemplate", "CourseFolder", "load_template", "make_course_folder", "read_files"]

@dataclass
class AssignmentTemplate:
    assignment: str
    source_files: dict[str, bytes]
    """Relative path -> bytes of every file of ``source/<assignment>/``."""
    config_text: str
    """The course's nbgrader_config.py."""
    gradebook: bytes
    """A gradebook.db defining only this assignment, without students."""
    cells: dict[str, dict[str, dict]] = field(default_factory=dict)
    """notebook -> grade_id -> {source, points, grade, locked} as the gradebook defines them."""
    hidden_tests: tuple[str, str] = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
    """The course's hidden-test delimiters (nbgrader's ``ClearHiddenTests``)."""

    @property
    def notebooks(self) -> list[str]:
        return sorted(self.cells)

    def fingerprint(self) -> str:
        h = hashlib.sha256()
        for name in sorted(self.source_files):
            h.update(name.encode() + b"\0" + hashlib.sha256(self.source_files[name]).digest())
        h.update(self.config_text.encode())
        h.update(json.dumps(self.cells, sort_keys=True).encode())
        h.update("\0".join(self.hidden_tests).encode())
        return h.hexdigest()


def read_files(folder: str | Path) -> dict[str, bytes]:
    """Relative path -> bytes of every regular file under ``folder`` (links and special files left out)."""
    return read_tree(folder).files


def _db_has_assignment(db_url: str, assignment: str) -> bool:
    sqlite_prefix = "sqlite:///"
    if db_url.startswith(sqlite_prefix):  # a plain read: opening with nbgrader would create the file
        db = Path(db_url[len(sqlite_prefix):])
        if not db.exists():
            return False
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
            try:
                return con.execute("SELECT 1 FROM assignment WHERE name = ?", (assignment,)).fetchone() is not None
            except sqlite3.Error:
                return False
    import warnings

    from nbgrader.api import Gradebook, MissingEntry

    with warnings.catch_warnings(), Gradebook(db_url) as gb:
        warnings.simplefilter("ignore")
        try:
            gb.find_assignment(assignment)
            return True
        except MissingEntry:
            return False


def generate_into_gradebook(course_dir: Path, assignment: str, db: Path | str) -> None:
    """Define ``assignment`` in gradebook ``db`` (a SQLite file or a database URL) from
    ``course_dir/source`` with nbgrader itself.

    Runs ``nbgrader generate_assignment`` with the release written to a temporary folder,
    so the course's ``release/`` is never touched.
    """
    with tempfile.TemporaryDirectory(prefix="ag-gen-") as tmp:
        cmd = [
            sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force",
            f"--CourseDirectory.root={course_dir}",
            f"--CourseDirectory.release_directory={tmp}/release",
            f"--CourseDirectory.db_url={_url(db)}",
            "--log-level=ERROR",
        ]
        env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}")
        proc = subprocess.run(cmd, cwd=course_dir, capture_output=True, text=True, env=env, timeout=300)
        if proc.returncode != 0 or not _db_has_assignment(_url(db), assignment):
            raise RuntimeError(
                f"nbgrader generate_assignment {assignment} failed: {(proc.stderr or proc.stdout).strip()[-800:]}"
            )


def _url(db: Path | str) -> str:
    return db if isinstance(db, str) and "://" in db else f"sqlite:///{db}"


def _strip_gradebook(db: Path, assignment: str) -> None:
    """Leave in the SQLite file ``db`` (a temporary copy) only ``assignment``'s definition: no
    student, no submission, no other assignment.

    Plain SQL in one transaction, led by nbgrader's own table definitions: every student and every
    other assignment is deleted, then, table by table with parents first, every row whose foreign
    key names a row that is gone. It leaves the rows nbgrader's ``remove_student`` and
    ``remove_assignment`` leave (``tests/test_grading.py`` compares them), but those commit
    - and sync the file - once per student and submission, so a run spent time on each template in
    proportion to the class (0.35 s an assignment with 4 graded students, before the pool starts).
    """
    from nbgrader.api import Base

    tables = Base.metadata.sorted_tables  # parents before children
    known = {t.name for t in tables}
    if not {"student", "assignment"} <= known:
        raise RuntimeError(f"this nbgrader's gradebook has no student or assignment table: {sorted(known)}")
    con = sqlite3.connect(db, isolation_level=None)
    try:
        con.execute("PRAGMA synchronous=OFF")  # a temporary copy: nothing to keep if the machine stops
        con.execute("BEGIN")
        con.execute('DELETE FROM "student"')
        con.execute('DELETE FROM "assignment" WHERE "name" != ?', (assignment,))
        for table in tables:
            for fk in sorted(table.foreign_keys, key=lambda fk: fk.parent.name):
                col, parent = fk.parent.name, fk.column
                con.execute(f'DELETE FROM "{table.name}" WHERE "{col}" IS NOT NULL AND "{col}" NOT IN '
                            f'(SELECT "{parent.name}" FROM "{parent.table.name}")')
        con.execute("COMMIT")
        con.execute("VACUUM")
    finally:
        con.close()


def _cells(db: Path, assignment: str) -> dict[str, dict[str, dict]]:
    from nbgrader.api import Gradebook

    cells: dict[str, dict[str, dict]] = {}
    with Gradebook(f"sqlite:///{db}") as gb:
        for nb in gb.find_assignment(assignment).notebooks:
            entry = cells.setdefault(nb.name, {})
            for sc in nb.source_cells:
                entry[sc.name] = {"source": sc.source, "locked": bool(sc.locked), "grade": False, "points": None}
            for gc in nb.grade_cells:
                entry.setdefault(gc.name, {"source": None, "locked": False})
                entry[gc.name].update(grade=True, points=float(gc.max_score), cell_type=gc.cell_type)
    return cells


def load_template(course_dir: str | Path, assignment: str, *, gradebook: str | Path | None = None,
                  settings: CourseSettings | None = None) -> AssignmentTemplate:
    """The template of ``assignment``; defines it in the real gradebook first if missing there.

    The gradebook is nbgrader's ``CourseDirectory.db_url`` (SQLite or a database server);
    ``gradebook`` overrides it with a SQLite file - a path in a temporary folder (as
    ``autograder check`` passes) leaves the course untouched.
    """
    course_dir = Path(course_dir).resolve()
    settings = settings or course_settings(course_dir)
    source = settings.source / assignment
    if not source.is_dir():
        raise FileNotFoundError(f"no assignment {assignment!r}: {source} does not exist")
    db_url = _url(gradebook) if gradebook else settings.db_url
    if not _db_has_assignment(db_url, assignment):
        generate_into_gradebook(course_dir, assignment, db_url)
    with tempfile.TemporaryDirectory(prefix="ag-tpl-") as tmp:
        copy = Path(tmp) / "gradebook.db"
        if db_url.startswith("sqlite:///"):  # copy the real definition (cells, points, checksums)
            with sqlite3.connect(f"file:{db_url[len('sqlite:///'):]}?mode=ro", uri=True) as src, \
                    sqlite3.connect(copy) as dst:
                src.backup(dst)
        else:  # a database server: the same definition, generated from source/ into a file
            generate_into_gradebook(course_dir, assignment, copy)
        _strip_gradebook(copy, assignment)
        cells = _cells(copy, assignment)
        data = copy.read_bytes()
    config = course_dir / "nbgrader_config.py"
    source_files = read_tree(source).files
    return AssignmentTemplate(
        assignment=assignment,
        source_files=source_files,
        config_text=config.read_text(encoding="utf-8") if config.exists() else "",
        gradebook=data,
        cells=cells,
        hidden_tests=settings.hidden_tests,
    )


@dataclass(frozen=True)
class CourseFolder:
    """The layout of one throw-away course folder.

    ``root`` (root only) holds nbgrader's view: ``nbgrader_config.py``, ``gradebook.db``,
    ``source/``, ``submitted/`` and the ``autograded/`` folder nbgrader writes. The kernel never
    sees or writes any of it. Its only writable folder is ``kernel_rw`` (its IPC sockets, the answer
    snapshots, and a new HOME and a new copy of the notebook's folder at each kernel start);
    ``kernel_conn`` holds the connection file, readable by the kernel, writable by root only.
    So nothing nbgrader writes, chmods or copies back after a kernel ran can be a link the
    kernel planted.
    """

    root: Path

    @property
    def kernel_rw(self) -> Path:
        return self.root / "kernel" / "rw"

    @property
    def kernel_conn(self) -> Path:
        return self.root / "kernel" / "conn"

    @property
    def events(self) -> Path:
        """Reasons recorded while grading (root's: the kernel cannot reach it)."""
        return self.root / "events"

    @property
    def live(self) -> Path:
        """Results of live re-checks (answers that are code, :mod:`.proxy`): root's, never the kernel's."""
        return self.root / "live"

    @property
    def snapshots(self) -> Path:
        return self.kernel_rw / "snapshots"

    @property
    def ipc(self) -> Path:
        return self.kernel_rw / "ipc"

    @property
    def connection_file(self) -> Path:
        return self.kernel_conn / "kernel.json"


OWNER_FILE = ".autograder-owner"
"""In each throw-away folder: the pid of the grading process that made it (stale-folder cleanup)."""


def make_course_folder(template: AssignmentTemplate, student: str, files: dict[str, bytes], *,
                       base: str | None = None, kernel_uid: int | None = None, sandboxed: bool = True) -> Path:
    """A new throw-away course folder with the assignment and this one submission.

    The folder is the grader's only (0700); without the sandbox the kernel runs on the real
    file system and must traverse it to its own folder (0711: it still cannot list it). See
    :class:`CourseFolder` for what the kernel may touch.
    """
    root = Path(tempfile.mkdtemp(prefix=f"ag-{template.assignment}-", dir=base))
    os.chmod(root, 0o700 if sandboxed else 0o711)
    (root / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
    (root / "nbgrader_config.py").write_text(template.config_text, encoding="utf-8")
    (root / "gradebook.db").write_bytes(template.gradebook)
    os.chmod(root / "gradebook.db", 0o600)
    src = root / "source" / template.assignment
    src.mkdir(parents=True)
    write_tree(src, template.source_files)
    os.chmod(root / "source", 0o700)
    sub = root / "submitted" / student / template.assignment
    sub.mkdir(parents=True)
    write_tree(sub, files)
    os.chmod(root / "submitted", 0o700)
    layout = CourseFolder(root)
    make_private_dir(root / "kernel", owner=None, mode=0o711)
    make_private_dir(layout.kernel_conn, owner=None, mode=0o750)
    if kernel_uid is not None:
        os.chown(layout.kernel_conn, 0, kernel_uid, follow_symlinks=False)
    make_private_dir(layout.kernel_rw, owner=kernel_uid)
    for folder in (layout.snapshots, layout.ipc):
        make_private_dir(folder, owner=kernel_uid)
    make_private_dir(layout.live, owner=None)
    return root


def remove_stale_course_folders(base: str | Path | None = None) -> list[Path]:
    """Remove throw-away folders left in ``base`` by grading processes that no longer run.

    A grader killed with -9 leaves its folders (which hold the assignment's ``source/``) behind;
    the next run removes every ``ag-*`` folder whose owner file names a dead process.
    """
    base = Path(base or tempfile.gettempdir())
    removed: list[Path] = []
    try:
        entries = list(os.scandir(base))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith("ag-") or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            pid = int((Path(entry.path) / OWNER_FILE).read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            continue
        try:
            os.kill(pid, 0)
            continue  # still running
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(Path(entry.path))
    return removed


def remove_course_folder(root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
