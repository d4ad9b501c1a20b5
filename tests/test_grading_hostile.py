"""The hostile-submission corpus (tests/hostile/*.yaml) graded by `autograder.grading.grade`.

All hostile submissions and two benign controls are graded in ONE run (two parallel
graders), then each test reads its own result: contained, scored as its file says, with a
reason; nothing outside its folder changed; the controls graded exactly as nbgrader does.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import stat
import threading
from pathlib import Path

import nbformat
import pytest
import yaml

from autograder.grading import Limits, demo, grade
from autograder.grading.sandbox import UID_BASE, sandbox_status

HOSTILE = Path(__file__).parent / "hostile"
CASES = sorted(HOSTILE.glob("*.yaml"))
VERDICTS = ("full", "partial", "zero", "failed")
FULL_AUTO_SCORE = 3.0  # the demo assignment's auto-graded points
CASE_KEYS = {"description", "answers", "edit_cells", "edit_metadata", "delete_cells", "rename", "raw", "plant",
             "student_folder_link", "expected"}
EXPECTED_KEYS = {"status", "total", "total_at_most", "total_at_least", "cells", "reason", "output_must_not_contain",
                 "autograded_max_kb"}
PLANT_KEYS = {"path", "kind", "target", "content", "size_mb"}
CONTROLS = {"control-right": ({}, 3.0), "control-wrong-peak": ({"peak_answer": "peak_qps = 578"}, 1.0)}

pytestmark = pytest.mark.slow

HAVE_SANDBOX, WHY = sandbox_status()


def _tree_digest(root: Path, skip: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_symlink() and path.is_file() and not rel.startswith(skip):
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def load_case(path: Path) -> dict:
    """A hostile case, its keys checked (a misspelt key must not silently drop an assertion)."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(spec, dict):
        raise ValueError(f"{path.name}: not a mapping")
    unknown = set(spec) - CASE_KEYS
    if unknown:
        raise ValueError(f"{path.name}: unknown keys {sorted(unknown)} (known: {sorted(CASE_KEYS)})")
    expected = spec.get("expected")
    if not isinstance(expected, dict) or "status" not in expected:
        raise ValueError(f"{path.name}: `expected` with a `status` is required")
    unknown = set(expected) - EXPECTED_KEYS
    if unknown:
        raise ValueError(f"{path.name}: unknown keys in expected: {sorted(unknown)} (known: {sorted(EXPECTED_KEYS)})")
    for entry in spec.get("plant") or []:
        unknown = set(entry) - PLANT_KEYS
        if unknown or entry.get("kind") not in ("symlink", "fifo", "sparse", "file"):
            raise ValueError(f"{path.name}: bad plant entry {entry!r}")
    verdict = path.stem.split("-", 1)[0]
    if verdict not in VERDICTS:
        raise ValueError(f"{path.name}: the file name must start with one of {VERDICTS}")
    if verdict == "partial" and not ({"reason", "cells"} & set(expected)):
        raise ValueError(f"{path.name}: a partial case must name the reason or the cells its points were lost in")
    return spec


def _raw_name(text: str) -> bytes:
    """A file name from the YAML: ``\\xNN`` escapes become raw bytes (names that are not UTF-8)."""
    return re.sub(rb"\\x([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]), text.encode("utf-8"))


def _plant(folder: Path, entries: list[dict], fill) -> None:
    for entry in entries:
        path = os.path.join(os.fsencode(folder), _raw_name(entry["path"]))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if os.path.lexists(path):
            os.remove(path)
        if entry["kind"] == "symlink":
            os.symlink(fill(entry["target"]), path)
        elif entry["kind"] == "fifo":
            os.mkfifo(path)
        elif entry["kind"] == "sparse":
            with open(path, "wb") as fh:
                fh.truncate(int(entry["size_mb"] * 1e6))
        else:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(entry.get("content", ""))


def _build_submission(course: Path, student: str, spec: dict, subs: dict[str, str]) -> None:
    def fill(text: str) -> str:
        for key, value in subs.items():
            text = text.replace("{" + key + "}", value)
        return text

    folder = course / "submitted" / student
    if "student_folder_link" in spec:
        folder.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(spec["student_folder_link"], folder)
        return

    source_nb = course / "source" / "demo" / "demo.ipynb"
    name = spec.get("rename")
    if "raw" in spec:
        demo.write_submission(course, student, spec["raw"])
        return
    if "plant" in spec and not spec.get("answers") and any(e["path"].endswith(".ipynb") for e in spec["plant"]):
        (folder / "demo").mkdir(parents=True, exist_ok=True)
        (folder / "demo" / "timestamp.txt").write_text("2026-01-01 00:00:00", encoding="utf-8")
        _plant(folder / "demo", spec["plant"], fill)
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
    _plant(folder / "demo", spec.get("plant") or [], fill)


def _tree_state(root: Path) -> dict[str, tuple]:
    """Owner, mode, kind and size of every entry under ``root`` (links not followed)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            out[path] = (st.st_uid, st.st_gid, st.st_mode, st.st_size if not stat.S_ISDIR(st.st_mode) else 0)
    return out


def _system_state() -> dict[str, tuple]:
    """What no test may change: /etc, and the grader's home folder's top level."""
    state = _tree_state(Path("/etc"))
    home = Path(os.path.expanduser("~"))
    for entry in os.scandir(home):
        st = entry.stat(follow_symlinks=False)
        state[entry.path] = (st.st_uid, st.st_gid, st.st_mode)
    return state


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
    system_before = _system_state()
    course = demo.build_demo_course(tmp_path_factory.mktemp("course"))
    outside = tmp_path_factory.mktemp("outside")
    sentinel = outside / "pwned.txt"
    secret = outside / "secret.txt"
    secret.write_text("only root may read this", encoding="utf-8")
    os.chmod(secret, 0o600)
    listener = _Listener()
    work = tmp_path_factory.mktemp("throwaway")
    subs = {"COURSE": str(course), "SENTINEL": str(sentinel), "PORT": str(listener.port), "SECRET": str(secret)}
    for case in CASES:
        _build_submission(course, case.stem, load_case(case), subs)
    for student, (answers, _) in CONTROLS.items():
        demo.write_submission(course, student, demo.fill(course / "source" / "demo" / "demo.ipynb", answers))
    before = _tree_digest(course, skip=("autograded", "gradebook.db", ".nbgrader.log"))
    state_before = {p: v for p, v in _tree_state(course).items() if "/autograded" not in p}
    secret_before = _tree_state(outside)
    limits = Limits(cell_timeout=5, total_timeout=60, memory_mb=2048, processes=64, output_kb=256)
    try:
        run = grade(course, jobs=2, limits=limits, require_sandbox=True, work_dir=work, echo=lambda msg: None)
    finally:
        listener.close()
    after = _tree_digest(course, skip=("autograded", "gradebook.db", ".nbgrader.log"))
    state_after = {p: v for p, v in _tree_state(course).items() if "/autograded" not in p}
    results = {r.student: r for r in run.results}
    return {"course": course, "run": run, "results": results, "before": before, "after": after,
            "sentinel": sentinel, "listener": listener, "work": work, "system_before": system_before,
            "state_before": state_before, "state_after": state_after, "secret": secret,
            "secret_before": secret_before, "outside": outside}


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
    spec = load_case(case)
    expected = spec["expected"]
    verdict = case.stem.split("-", 1)[0]
    result = graded["results"][case.stem]
    reasons = "; ".join(result.reasons)
    assert result.status == expected["status"], reasons
    assert (result.status == "failed") == (verdict == "failed"), f"{case.name}: status {result.status}"
    if "reason" in expected:
        assert expected["reason"] in reasons, reasons
    if expected["status"] == "failed":
        # Recorded as needing a manual grade (or, when refused at intake, not recorded): never a silent 0.
        if (graded["course"] / "submitted" / case.stem).is_symlink() or not result.score:
            assert result.score is None, reasons
        return
    # The verdict in the file name is what the grader gave.
    if verdict == "full":
        assert result.score == pytest.approx(FULL_AUTO_SCORE), reasons
    elif verdict == "zero":
        assert result.score == 0, reasons
    else:
        assert 0 < result.score < FULL_AUTO_SCORE, reasons
    if "total" in expected:
        assert result.score == pytest.approx(expected["total"]), reasons
    if "total_at_most" in expected:
        assert result.score <= expected["total_at_most"], reasons
    if "total_at_least" in expected:
        assert result.score >= expected["total_at_least"], reasons
    cells = _gradebook_cells(graded["course"], case.stem)
    for gid, score in (expected.get("cells") or {}).items():
        assert cells[gid] == pytest.approx(score), (gid, cells, reasons)
    text = _autograded_text(graded["course"], case.stem)
    for forbidden in expected.get("output_must_not_contain", []):
        assert forbidden not in text, f"{forbidden!r} leaked into the autograded notebook"
    if "autograded_max_kb" in expected:
        size = (graded["course"] / "autograded" / case.stem / "demo" / "demo.ipynb").stat().st_size
        assert size <= expected["autograded_max_kb"] * 1024, f"autograded notebook of {size} bytes"


def test_a_mistyped_key_in_a_hostile_case_is_refused(tmp_path):
    case = tmp_path / "partial-typo.yaml"
    case.write_text("answers: {}\nexpected:\n  status: graded\n  totl: 2\n  reason: x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown keys in expected: \\['totl'\\]"):
        load_case(case)
    case.write_text("answrs: {}\nexpected: {status: graded, reason: x}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown keys \\['answrs'\\]"):
        load_case(case)
    wrong_verdict = tmp_path / "plants-links-full.yaml"  # the verdict goes first
    wrong_verdict.write_text("expected: {status: graded}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="must start with one of"):
        load_case(wrong_verdict)


@pytest.mark.parametrize("student", sorted(CONTROLS))
def test_benign_controls_graded_exactly(graded, student):
    result = graded["results"][student]
    assert result.status == "graded"
    assert result.score == CONTROLS[student][1]
    assert result.reasons == []


def test_nothing_outside_the_submission_changed(graded):
    assert graded["before"] == graded["after"]
    made_by_grading = (str(graded["course"] / "gradebook.db"), str(graded["course"] / ".nbgrader.log"))
    changed = {p: (graded["state_before"].get(p), v) for p, v in graded["state_after"].items()
               if graded["state_before"].get(p) != v and not (p in made_by_grading and p not in graded["state_before"])}
    changed.update({p: (v, None) for p, v in graded["state_before"].items() if p not in graded["state_after"]})
    assert changed == {}, "owner, mode or kind changed in the course folder"
    assert _tree_state(graded["outside"]) | {str(graded["sentinel"]): None} == graded["secret_before"] | {
        str(graded["sentinel"]): None}
    assert _system_state() == graded["system_before"], "the run changed /etc or the home folder"
    assert not graded["sentinel"].exists()
    assert not (graded["course"] / "pwned.txt").exists()
    assert not Path("/etc/pwned").exists()


def test_autograded_folders_hold_only_regular_files(graded):
    for path in (graded["course"] / "autograded").rglob("*"):
        assert not path.is_symlink(), path
    assert sorted(p.name for p in (graded["course"] / "autograded" / "full-plants-symlinks" / "demo").iterdir()) \
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
    assert "failed-corrupt-notebook" in summary.split("Failed")[1]
    # Names and output from submissions reach the instructor's terminal escaped.
    assert "\x1b" not in summary and "\x07" not in summary
    assert "\\x1b" in summary  # the planted file name, shown escaped


def test_a_name_that_is_not_utf8_does_not_stop_the_run(graded):
    reasons = "; ".join(graded["results"]["full-file-name-not-utf8"].reasons)
    assert "data-\\xff\\xfe.csv" in reasons
