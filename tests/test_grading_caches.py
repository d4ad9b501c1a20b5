"""What the grading processes keep from one submission to the next, and how they wait, change nothing.

- the throw-away gradebooks' shared SQL statement cache (:mod:`autograder.grading.sqlcache`):
  the same SQL and the same answers as SQLAlchemy's own SQLite dialect, compiled once;
- nbgrader's metadata check with its schema checked once (``executor.CheckCellMetadataOnce``):
  the same verdicts and errors as nbgrader's ``CheckCellMetadata``;
- one open gradebook for all the merges of a run (``merge_record(gradebook=...)``): the same rows
  as a gradebook opened per record, and a record that fails leaves nothing half-merged;
- waits that look again after 1 ms, then twice as long each time, up to their old fixed step.

All in this process, with gradebooks made through nbgrader's API (no nbgrader command, no kernel; a
new gradebook runs the `alembic` program, so those tests are marked slow).
"""

from __future__ import annotations

import asyncio
import copy
import os
import shutil
import sqlite3
import sys
import warnings
from pathlib import Path

import nbformat
import pytest
from sqlalchemy import event

from autograder.grading import executor, sqlcache
from autograder.grading.merge import merge_record
from autograder.grading.record import GradeRecord


@pytest.fixture(autouse=True)
def _quiet_nbgrader(monkeypatch):
    # a new gradebook is stamped by nbgrader with the `alembic` program of this environment
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*not in session.*")  # nbgrader's routine SAWarning
        yield


def _gradebook(path: Path) -> Path:
    """A gradebook with one assignment of one notebook (two graded cells, one comment) and two students."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{path}") as gb:
        gb.update_or_create_assignment("demo")
        gb.update_or_create_notebook("demo", "demo")
        gb.update_or_create_grade_cell("peak_tests", "demo", "demo", max_score=2, cell_type="code")
        gb.update_or_create_grade_cell("tradeoff", "demo", "demo", max_score=1, cell_type="markdown")
        gb.update_or_create_solution_cell("tradeoff", "demo", "demo")
        for student in ("ada", "bo"):
            gb.update_or_create_student(student)
            gb.update_or_create_submission("demo", student)
    return path


def _session_work(url: str) -> tuple[list, list]:
    """What nbgrader's autograde and our record reading do with a gradebook: the SQL sent and the answers."""
    from nbgrader.api import Gradebook

    sent: list = []
    answers: list = []
    with Gradebook(url) as gb:
        event.listen(gb.engine, "before_cursor_execute",
                     lambda conn, cursor, statement, params, context, many: sent.append((statement, params)))
        for student in ("ada", "bo"):
            sub = gb.find_submission("demo", student)
            grade = gb.find_grade("peak_tests", "demo", "demo", student)
            grade.auto_score = 1.5 if student == "ada" else 0.0
            gb.db.commit()
            nb = gb.find_submission_notebook("demo", "demo", student)
            answers.append((student, sub.score, sub.max_score, nb.needs_manual_grade,
                            sorted((g.name, g.auto_score, g.max_score) for g in nb.grades)))
    return sent, answers


@pytest.mark.slow  # nbgrader stamps a new gradebook with its `alembic` program
def test_throwaway_gradebooks_send_the_same_sql_and_compile_each_statement_once(tmp_path, monkeypatch):
    from sqlalchemy import util
    from sqlalchemy.sql import compiler

    template = _gradebook(tmp_path / "template.db")
    for name in ("plain.db", "first.db", "second.db"):
        shutil.copy(template, tmp_path / name)
    compiled: list[str] = []
    real_init = compiler.SQLCompiler.__init__

    def counted(self, dialect, statement, *args, **kwargs):
        compiled.append(type(dialect).__name__)
        real_init(self, dialect, statement, *args, **kwargs)

    monkeypatch.setattr(compiler.SQLCompiler, "__init__", counted)
    monkeypatch.setattr(sqlcache, "_STATEMENTS", util.LRUCache(2000))  # as in a fresh grading process
    plain_sql, plain_answers = _session_work(f"sqlite:///{tmp_path / 'plain.db'}")
    compiled.clear()
    first_sql, first_answers = _session_work(sqlcache.url(tmp_path / "first.db"))
    first_compiles = len(compiled)
    compiled.clear()
    second_sql, second_answers = _session_work(sqlcache.url(tmp_path / "second.db"))

    assert plain_answers == first_answers == second_answers
    assert plain_answers[0][1] == 1.5 and plain_answers[1][1] == 0.0  # the commits took
    assert plain_sql == first_sql == second_sql  # the very same statements and parameters
    assert first_compiles > 5
    assert compiled == []  # another file, another engine: nothing compiled again
    with sqlite3.connect(tmp_path / "plain.db") as a, sqlite3.connect(tmp_path / "second.db") as b:
        rows = 'SELECT id, auto_score, needs_manual_grade FROM grade ORDER BY 1'
        assert list(a.execute(rows)) == list(b.execute(rows))


def test_only_the_throwaway_dialect_objects_count_as_one_cache_key(tmp_path):
    from sqlalchemy import create_engine, text

    engines = [create_engine(sqlcache.url(tmp_path / f"{i}.db")) for i in range(2)]
    plain = create_engine(f"sqlite:///{tmp_path / 'plain.db'}")
    for engine in (*engines, plain):
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar() == 1
    a, b = (e.dialect for e in engines)
    assert a is not b and a == b and hash(a) == hash(b)
    assert plain.dialect != a and a != plain.dialect
    assert engines[0].get_execution_options()["compiled_cache"] is engines[1].get_execution_options()["compiled_cache"]
    assert "compiled_cache" not in plain.get_execution_options()  # the course's own gradebook: as configured


def _notebook(**nbgrader_metadata) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    meta = {"grade": True, "solution": False, "locked": True, "grade_id": "peak_tests", "points": 2,
            "schema_version": 3, **nbgrader_metadata}
    cell = nbformat.v4.new_code_cell("assert True", metadata={"nbgrader": meta})
    answer = nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": {
        "grade": False, "solution": True, "locked": False, "grade_id": "answer", "schema_version": 3}})
    nb.cells = [answer, cell, nbformat.v4.new_markdown_cell("text")]
    return nb


CASES = {
    "valid": {},
    "points not a number": {"points": "lots"},
    "an unknown key": {"colour": "red"},
    "grade not a boolean": {"grade": "yes"},
    "too new": {"schema_version": 4},
}


def _verdict(preprocessor, nb) -> str:
    try:
        preprocessor.preprocess(copy.deepcopy(nb), {})
    except Exception as exc:  # nbgrader's ValidationError (or its schema-version errors)
        return f"{type(exc).__name__}: {exc}"
    return "ok"


def test_the_metadata_check_gives_nbgraders_verdicts_and_checks_its_schema_once(monkeypatch):
    from jsonschema import validators
    from nbgrader.preprocessors import CheckCellMetadata

    theirs, ours = CheckCellMetadata(), executor.CheckCellMetadataOnce()
    expected = {name: _verdict(theirs, _notebook(**meta)) for name, meta in CASES.items()}
    assert expected["valid"] == "ok" and sum(v != "ok" for v in expected.values()) == len(CASES) - 1

    from nbgrader.nbgraderformat.v3 import MetadataValidatorV3

    checks: list[int] = []
    kind = validators.validator_for(MetadataValidatorV3().schema)
    real = kind.check_schema.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(kind, "check_schema", classmethod(lambda c, s: checks.append(1) or real(c, s)))
    monkeypatch.setattr(executor, "_CHECKED_ONCE", {})  # as in a fresh grading process
    assert _verdict(theirs, _notebook()) == "ok" and len(checks) == 2  # nbgrader's: for each of the two cells
    checks.clear()
    for _ in range(3):
        assert {name: _verdict(ours, _notebook(**meta)) for name, meta in CASES.items()} == expected
    assert len(checks) == 1  # once in the process, for fifteen notebooks

    from nbgrader.nbgraderformat import common

    assert not isinstance(common.jsonschema, executor._SchemaCheckedOnce)  # nbgrader's own is back afterwards


def test_autograde_config_uses_the_grader_preprocessors_in_nbgraders_order(tmp_path, monkeypatch):
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import CheckCellMetadata, Execute

    from autograder.grading.sandbox import Limits
    from autograder.grading.task import Task

    class Template:
        source_files: dict = {}

    monkeypatch.setattr(executor, "kernel_uid", lambda: None)  # claims no uid lock for this process
    task = Task(assignment="demo", student="ada", files={}, template=Template(),  # type: ignore[arg-type]
                content_hash="h", use_bwrap=False, fork_kernels=False)
    cfg = executor.autograde_config(tmp_path, task, Limits())
    for name in ("sanitize_preprocessors", "autograde_preprocessors"):
        default = Autograde.class_traits()[name].default()
        ours = cfg.Autograde[name]
        assert len(ours) == len(default)
        swap = {Execute: executor.SafeExecute, CheckCellMetadata: executor.CheckCellMetadataOnce}
        assert ours == [swap.get(p, p) for p in default]
    assert cfg.CourseDirectory.db_url == sqlcache.url(tmp_path / "gradebook.db")


def _record(student: str, score: float, **extra) -> GradeRecord:
    return GradeRecord.from_dict({
        "assignment": "demo", "student": student, "status": "graded", "timestamp": "2026-11-25T12:00:00",
        "flagged": False, "notebooks": {"demo": {"grades": {
            "peak_tests": {"auto_score": score, "needs_manual_grade": False},
            "tradeoff": {"auto_score": None, "needs_manual_grade": True}},
            "comments": {}, "late_submission_penalty": None}}, **extra})


def _content(db: Path) -> dict:
    """Everything a merge writes, by student (row ids aside, which nbgrader draws at random)."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{db}") as gb:
        for student in gb.students:
            try:
                sub = gb.find_submission("demo", student.id)
            except Exception:
                out[student.id] = None
                continue
            out[student.id] = (str(sub.timestamp), [
                (nb.name, nb.flagged, nb.late_submission_penalty,
                 sorted((g.name, g.auto_score, g.manual_score, g.needs_manual_grade) for g in nb.grades),
                 sorted((c.name, c.auto_comment) for c in nb.comments)) for nb in sub.notebooks])
    return out


@pytest.mark.slow  # nbgrader stamps a new gradebook with its `alembic` program
def test_merging_through_one_open_gradebook_leaves_what_one_gradebook_per_record_leaves(tmp_path):
    from nbgrader.api import Gradebook

    records = [_record("ada", 2.0), _record("cy", 0.5), _record("bo", 1.0, flagged=True), _record("ada", 1.5),
               _record("dee", 1.0, status="failed", reasons=["boom"])]
    _gradebook(tmp_path / "template.db")
    for name in ("each", "shared"):
        (tmp_path / name).mkdir()
        shutil.copy(tmp_path / "template.db", tmp_path / name / "gradebook.db")
    for record in records:
        merge_record(tmp_path / "each", record, b"")
    with Gradebook(f"sqlite:///{tmp_path / 'shared' / 'gradebook.db'}") as gb:
        for record in records:
            merge_record(tmp_path / "shared", record, b"", gradebook=gb)
    merged = _content(tmp_path / "shared" / "gradebook.db")
    assert merged == _content(tmp_path / "each" / "gradebook.db")
    assert set(merged) == {"ada", "bo", "cy", "dee"}
    assert sorted(merged["ada"][1][0][3])[0][1] == 1.5  # the later record of the same student wins
    assert merged["bo"][1][0][1] is True  # flagged
    assert all(g[1] is None and g[3] for g in merged["dee"][1][0][3])  # failed: no score, needs a human


@pytest.mark.slow  # nbgrader stamps a new gradebook with its `alembic` program
def test_a_record_that_fails_to_merge_leaves_what_it_would_alone_and_the_next_one_merges(tmp_path):
    from nbgrader.api import Gradebook

    broken = _record("dee", 2.0)  # its grades are set before its comments break the merge
    broken.notebooks["demo"]["comments"] = 5  # type: ignore[typeddict-item]  # not a record nbgrader can take
    _gradebook(tmp_path / "template.db")
    for name in ("alone", "shared"):
        (tmp_path / name).mkdir()
        shutil.copy(tmp_path / "template.db", tmp_path / name / "gradebook.db")
    with pytest.raises(TypeError):
        merge_record(tmp_path / "alone", broken, b"")
    with Gradebook(f"sqlite:///{tmp_path / 'shared' / 'gradebook.db'}") as gb:
        with pytest.raises(TypeError):
            merge_record(tmp_path / "shared", broken, b"", gradebook=gb)
        merge_record(tmp_path / "shared", _record("ada", 2.0), b"", gradebook=gb)  # the session is usable
    merge_record(tmp_path / "alone", _record("ada", 2.0), b"")
    merged = _content(tmp_path / "shared" / "gradebook.db")
    assert merged == _content(tmp_path / "alone" / "gradebook.db")
    # nbgrader commits the student and the submission as it makes them; no score of the record is kept,
    # though it was set when the merge broke (without the rollback the next record's commit took it)
    assert all(g[1] is None for g in merged["dee"][1][0][3])
    assert sorted(merged["ada"][1][0][3])[0][1] == 2.0


def test_waits_look_again_after_1_ms_then_twice_as_long_up_to_their_step(monkeypatch):
    slept: list[float] = []
    looks = iter([False] * 9 + [True])

    async def fake_sleep(delay):
        slept.append(delay)

    monkeypatch.setattr(executor.asyncio, "sleep", fake_sleep)
    asyncio.run(executor._until(lambda: next(looks), longest=0.05))
    assert slept == pytest.approx([0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.05, 0.05, 0.05])


def test_a_forked_process_is_waited_for_in_growing_steps(monkeypatch):
    from autograder.grading import zygote

    answers = iter([None] * 7 + [0])

    class FakeZygote:
        def request(self, message, **kwargs):
            assert message["op"] == "poll"
            return {"status": next(answers)}

    slept: list[float] = []
    monkeypatch.setattr(zygote.time, "sleep", slept.append)
    assert zygote.ZygoteProcess(FakeZygote(), 42).wait(timeout=5) == 0  # type: ignore[arg-type]
    assert slept == pytest.approx([0.001, 0.002, 0.004, 0.008, 0.016, 0.02, 0.02])
