"""What the grader reads from a submission and writes for a kernel never follows a link."""

from __future__ import annotations

import os
import time

import pytest

from autograder.grading import isolate, pool, safefs, state
from autograder.grading.record import GradeRecord


def test_read_tree_takes_regular_files_and_refuses_everything_else_with_a_reason(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    sub = tmp_path / "sub"
    (sub / "data").mkdir(parents=True)
    (sub / "nb.ipynb").write_text("{}", encoding="utf-8")
    (sub / "data" / "rows.csv").write_bytes(b"a,b\n")
    os.symlink(outside, sub / "link.txt")
    os.symlink(tmp_path, sub / "dirlink")
    os.mkfifo(sub / "pipe")
    os.symlink("/dev/zero", sub / "zeros")
    with open(sub / "big.bin", "wb") as fh:
        fh.truncate(3_000_000)
    os.close(os.open(os.path.join(os.fsencode(sub), b"bad-\xff.txt"), os.O_CREAT | os.O_WRONLY, 0o644))

    started = time.monotonic()
    intake = safefs.read_tree(sub, safefs.IntakeLimits(file_mb=1))
    assert time.monotonic() - started < 30  # a FIFO or /dev/zero would block or never end
    assert intake.files == {"nb.ipynb": b"{}", "data/rows.csv": b"a,b\n"}
    text = "\n".join(intake.refused)
    for name, why in [("link.txt", "symbolic link"), ("dirlink", "symbolic link"), ("pipe", "named pipe"),
                      ("zeros", "symbolic link"), ("big.bin", "larger than 1 MB"),
                      ("bad-\\xff.txt", "not valid UTF-8")]:
        assert f"`{name}` was not graded: it is" in text and why in text, (name, text)
    assert len(intake.refused) == 6


def test_read_tree_bounds_count_total_and_depth(tmp_path):
    sub = tmp_path / "sub"
    deep = sub / "a" / "b" / "c"
    deep.mkdir(parents=True)
    (deep / "x.txt").write_text("x", encoding="utf-8")
    for i in range(5):
        (sub / f"f{i}.txt").write_bytes(b"y" * 400_000)
    intake = safefs.read_tree(sub, safefs.IntakeLimits(files=3, total_mb=1, depth=2))
    assert len(intake.files) == 2  # 2 x 400 kB fit in 1 MB, the third does not
    text = "\n".join(intake.refused)
    assert "nested deeper than 2 levels" in text
    assert "past the 1 MB a submission may hold" in text


def test_read_tree_refuses_a_folder_that_is_a_link(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "nb.ipynb").write_text("{}", encoding="utf-8")
    os.symlink(real, tmp_path / "link")
    intake = safefs.read_tree(tmp_path / "link")
    assert intake.files == {}
    assert "symbolic link" in intake.refused[0]


def test_write_tree_never_writes_through_a_link(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched", encoding="utf-8")
    dest = tmp_path / "dest"
    dest.mkdir()
    os.symlink(victim, dest / "nb.ipynb")
    with pytest.raises(FileExistsError):
        safefs.write_tree(dest, {"nb.ipynb": b"overwritten"})
    os.symlink(tmp_path, dest / "sub")
    with pytest.raises(OSError):
        safefs.write_tree(dest, {"sub/victim.txt": b"overwritten"})
    with pytest.raises(ValueError, match="not a plain relative path"):
        safefs.write_tree(dest, {"../victim.txt": b"overwritten"})
    assert victim.read_text(encoding="utf-8") == "untouched"


def test_give_file_to_group_refuses_a_link(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("x", encoding="utf-8")
    os.chmod(victim, 0o600)
    os.symlink(victim, tmp_path / "conn.json")
    with pytest.raises(OSError):
        safefs.give_file_to_group(tmp_path / "conn.json", None)
    assert victim.stat().st_mode & 0o777 == 0o600


def test_read_file_refuses_links_and_fifos_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "snap.json")
    with pytest.raises(ValueError, match="named pipe"):
        safefs.read_file(tmp_path / "snap.json", 1000)
    (tmp_path / "real.json").write_text("{}", encoding="utf-8")
    os.symlink(tmp_path / "real.json", tmp_path / "link.json")
    with pytest.raises(ValueError, match="symbolic link"):
        safefs.read_file(tmp_path / "link.json", 1000)
    assert safefs.read_file(tmp_path / "real.json", 1000) == b"{}"


@pytest.mark.parametrize(("raw", "shown"), [
    ("\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),
    ("bad-\udcff.txt", "bad-\\xff.txt"),
    ("right-to-left \u202e", "right-to-left \\u202e"),
    ("plain name.ipynb", "plain name.ipynb"),
])
def test_printable_escapes_what_a_terminal_would_interpret(raw, shown):
    assert safefs.printable(raw) == shown


@pytest.mark.slow  # forks a process
def test_stale_throw_away_folders_of_dead_graders_are_removed(tmp_path):
    dead = tmp_path / "ag-demo-dead"
    dead.mkdir()
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)  # a pid that no longer runs
    (dead / isolate.OWNER_FILE).write_text(str(pid), encoding="ascii")
    alive = tmp_path / "ag-demo-alive"
    alive.mkdir()
    (alive / isolate.OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
    other = tmp_path / "ag-unrelated"  # no owner file: not ours to remove
    other.mkdir()
    assert isolate.remove_stale_course_folders(tmp_path) == [dead]
    assert not dead.exists() and alive.exists() and other.exists()


def test_a_changed_checker_changes_the_content_hash(monkeypatch):
    files = {"nb.ipynb": b"{}"}
    before = state.content_hash(files, template_fingerprint="t", options={})
    assert state.content_hash(files, template_fingerprint="t", options={}) == before
    monkeypatch.setattr(state, "grader_fingerprint", lambda: "another checker version")
    assert state.content_hash(files, template_fingerprint="t", options={}) != before


def test_grader_fingerprint_covers_the_checkers_source():
    import autograder

    assert len(state.grader_fingerprint()) == 64
    assert os.path.exists(os.path.join(os.path.dirname(autograder.__file__), "grading", "demo.py"))


def _kill_worker_for_ada(task):
    if task.student == "ada":
        os._exit(9)  # what the OOM killer does to a worker
    return GradeRecord(assignment=task.assignment, student=task.student, status="graded")


@pytest.mark.slow  # a process pool
def test_a_lost_pool_worker_fails_only_its_own_submission(monkeypatch):
    monkeypatch.setattr(pool, "grade_task", _kill_worker_for_ada)
    tasks = [pool.Task(assignment="demo", student=name, files={}, template=None, content_hash=name)  # type: ignore[arg-type]
             for name in ("ada", "bob", "cy", "dee")]
    records = {r.student: r for r in pool.run_tasks(tasks, jobs=2)}
    assert set(records) == {"ada", "bob", "cy", "dee"}
    assert records["ada"].status == "failed" and records["ada"].infrastructure is True
    assert "failed: grader" in records["ada"].reasons[0]
    assert all(records[name].status == "graded" for name in ("bob", "cy", "dee"))
