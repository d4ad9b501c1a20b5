"""The hostile-submission corpus (tests/hostile/*.yaml) graded by `autograder.grading.grade`.

All hostile submissions and two benign controls are graded in ONE run (two parallel
graders), then each test reads its own result: contained, scored as its file says, with a
reason; nothing outside its folder changed; the controls graded exactly as nbgrader does.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import threading
from pathlib import Path

import nbformat
import pytest
import yaml

from autograder.grading import Limits, demo, grade
from autograder.grading.sandbox import UID_BASE, sandbox_status

HOSTILE = Path(__file__).parent / "hostile"
CASES = sorted(HOSTILE.glob("*.yaml"))
CONTROLS = {"control-right": ({}, 3.0), "control-wrong-peak": ({"peak_answer": "peak_qps = 578"}, 1.0)}

pytestmark = pytest.mark.slow

HAVE_SANDBOX, WHY = sandbox_status()


def _tree_digest(root: Path, skip: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not rel.startswith(skip):
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _build_submission(course: Path, student: str, spec: dict, subs: dict[str, str]) -> None:
    def fill(text: str) -> str:
        for key, value in subs.items():
            text = text.replace("{" + key + "}", value)
        return text

    source_nb = course / "source" / "demo" / "demo.ipynb"
    name = spec.get("rename")
    if "raw" in spec:
        demo.write_submission(course, student, spec["raw"])
        return
    nb = demo.fill(source_nb, {k: fill(v) for k, v in (spec.get("answers") or {}).items()})
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        gid = meta.get("grade_id")
        if gid in (spec.get("edit_cells") or {}):
            cell.source = spec["edit_cells"][gid]
        if gid in (spec.get("edit_metadata") or {}):
            meta.update(spec["edit_metadata"][gid])
    nb.cells = [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                not in (spec.get("delete_cells") or [])]
    demo.write_submission(course, student, nb, name=Path(name).stem if name else None)


class _Listener:
    """A TCP listener on the grader's loopback: a sandboxed kernel must never reach it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                pass

    def close(self) -> None:
        self.stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if not HAVE_SANDBOX:
        if os.environ.get("CI"):  # `make test` installs bubblewrap: in CI its absence is a failure
            pytest.fail(f"bubblewrap sandbox unavailable ({WHY}): the hostile corpus must run in CI")
        pytest.skip(f"bubblewrap sandbox unavailable here ({WHY}); `make test` installs it")
    course = demo.build_demo_course(tmp_path_factory.mktemp("course"))
    sentinel = tmp_path_factory.mktemp("outside") / "pwned.txt"
    listener = _Listener()
    work = tmp_path_factory.mktemp("throwaway")
    subs = {"COURSE": str(course), "SENTINEL": str(sentinel), "PORT": str(listener.port)}
    for case in CASES:
        _build_submission(course, case.stem, yaml.safe_load(case.read_text()), subs)
    for student, (answers, _) in CONTROLS.items():
        demo.write_submission(course, student, demo.fill(course / "source" / "demo" / "demo.ipynb", answers))
    before = _tree_digest(course, skip=("autograded", "gradebook.db", ".nbgrader.log"))
    limits = Limits(cell_timeout=5, total_timeout=60, memory_mb=2048, processes=64, output_kb=256)
    try:
        run = grade(course, jobs=2, limits=limits, require_sandbox=True, work_dir=work, echo=lambda msg: None)
    finally:
        listener.close()
    after = _tree_digest(course, skip=("autograded", "gradebook.db", ".nbgrader.log"))
    results = {r.student: r for r in run.results}
    return {"course": course, "run": run, "results": results, "before": before, "after": after,
            "sentinel": sentinel, "listener": listener, "work": work}


def _autograded_text(course: Path, student: str) -> str:
    path = course / "autograded" / student / "demo" / "demo.ipynb"
    if not path.exists():
        return ""
    nb = nbformat.read(path, as_version=4)
    return json.dumps([c.get("outputs", []) for c in nb.cells])


def _gradebook_cells(course: Path, student: str) -> dict[str, float | None]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook("demo", "demo", student)
        return {g.name: g.auto_score for g in nb.grades}


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_hostile_submission_is_contained(graded, case):
    spec = yaml.safe_load(case.read_text())
    expected = spec["expected"]
    result = graded["results"][case.stem]
    reasons = "; ".join(result.reasons)
    assert result.status == expected["status"], reasons
    if "reason" in expected:
        assert expected["reason"] in reasons, reasons
    if expected["status"] == "failed":
        # Recorded as needing a manual grade, never as a silent 0.
        cells = _gradebook_cells(graded["course"], case.stem)
        assert all(score is None for score in cells.values()), cells
        return
    if "total" in expected:
        assert result.score == pytest.approx(expected["total"]), reasons
    if "total_at_most" in expected:
        assert result.score <= expected["total_at_most"], reasons
    cells = _gradebook_cells(graded["course"], case.stem)
    for gid, score in (expected.get("cells") or {}).items():
        assert cells[gid] == pytest.approx(score), (gid, cells, reasons)
    text = _autograded_text(graded["course"], case.stem)
    for forbidden in expected.get("output_must_not_contain", []):
        assert forbidden not in text, f"{forbidden!r} leaked into the autograded notebook"
    # Lost points are always explained.
    if result.score < result.max_score - 1 and "reason" in expected:
        assert result.reasons


@pytest.mark.parametrize("student", sorted(CONTROLS))
def test_benign_controls_graded_exactly(graded, student):
    result = graded["results"][student]
    assert result.status == "graded"
    assert result.score == CONTROLS[student][1]
    assert result.reasons == []


def test_nothing_outside_the_submission_changed(graded):
    assert graded["before"] == graded["after"]
    assert not graded["sentinel"].exists()
    assert not (graded["course"] / "pwned.txt").exists()
    assert not Path("/etc/pwned").exists()


def test_autograded_folders_hold_only_regular_files(graded):
    for path in (graded["course"] / "autograded").rglob("*"):
        assert not path.is_symlink(), path
    assert sorted(p.name for p in (graded["course"] / "autograded" / "plants-symlinks-full" / "demo").iterdir()) \
        == ["demo.ipynb", "timestamp.txt"]


def test_no_connection_reached_the_grader(graded):
    assert graded["listener"].connections == 0


def test_no_sandboxed_process_left_running(graded):
    left = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                uid = entry.stat().st_uid
            except OSError:
                continue
            if UID_BASE <= uid < UID_BASE + 60_000:
                try:
                    cwd = os.readlink(f"/proc/{entry.name}/cwd")
                except OSError:
                    continue
                if cwd.startswith(str(graded["work"])):  # one of this run's (other runs may be going on)
                    left.append((entry.name, uid, cwd))
    assert left == []
    assert list(graded["work"].iterdir()) == []  # every throw-away folder was removed


def test_every_submission_reported(graded):
    expected = {c.stem for c in CASES} | set(CONTROLS)
    assert set(graded["results"]) == expected
    summary = graded["run"].summary()
    assert "corrupt-notebook-failed" in summary.split("Failed")[1]
