"""Every module's solutions get every automatic point when graded in the sandbox, as instructors grade.

The round trip (tests/test_roundtrip.py) pins nbgrader's exact scores without the sandbox; this
runs the same solutions through `autograder check`, which is `autograder grade`'s pipeline for one
notebook: bubblewrap, no network, an unprivileged uid, limits, hidden tests and the re-check of
marked cells outside the kernel. Module 3's PostgreSQL server runs inside the sandbox here.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from roundtrip import Sample, build_submission

from autograder.course import assignments
from autograder.grading import check
from autograder.grading.sandbox import sandbox_status

ROOT = Path(__file__).resolve().parents[1]
MODULES = assignments(ROOT)
HAVE_SANDBOX, WHY = sandbox_status()

pytestmark = pytest.mark.slow


def _need_sandbox() -> None:
    if not HAVE_SANDBOX:
        if os.environ.get("CI"):
            pytest.fail(f"bubblewrap sandbox unavailable ({WHY}): sandboxed grading must run in CI")
        pytest.skip(f"bubblewrap sandbox unavailable here ({WHY})")


def _submission(assignment: str, folder: Path, answers: dict | None = None) -> Path:
    """The assignment's solutions as a learner's notebook (with ``answers`` in place of some cells)."""
    source = ROOT / "source" / assignment / f"{assignment}.ipynb"
    release = ROOT / "release" / assignment / f"{assignment}.ipynb"
    sample = Sample(assignment=assignment, name="solutions", path=Path("solutions.yaml"),
                    verdict="partial" if answers else "full", use_solutions=True, answers=answers or {})
    mine = folder / f"{assignment}.ipynb"
    mine.write_text(build_submission(sample, release, source), encoding="utf-8")
    return mine


@pytest.mark.parametrize("assignment", MODULES)
def test_solutions_get_every_automatic_point_in_the_sandbox(assignment, tmp_path):
    _need_sandbox()
    mine = _submission(assignment, tmp_path)
    result = check(mine, course_dir=ROOT, require_sandbox=True)
    assert result.status == "graded", result.reasons
    auto = [q for q in result.questions if q.score is not None]
    lost = {q.grade_id: (q.score, q.points, q.feedback[-600:]) for q in auto if q.score < q.points - 1e-9}
    assert not lost, lost
    assert auto or assignment == "05-trade-offs"  # module 5's answers are all graded by hand
    assert not [r for r in result.reasons if "re-run in a fresh interpreter" in r], result.reasons
    assert nbformat.reads(mine.read_text(encoding="utf-8"), as_version=4)  # the learner's file untouched


SANDBOXED_ROUND_TRIP = ["03-data-models", "04-capacity-estimates", "06-coding-sketches"]
"""Assignments whose sample submissions are also graded through the sandbox: module 3 runs its
learners' SQL in a PostgreSQL server started inside it; module 4's `estimate(a)` is re-checked
live, outside the kernel, through the proxy, with its reference model hidden from the kernel."""


@pytest.mark.parametrize("assignment", SANDBOXED_ROUND_TRIP)
def test_samples_score_exactly_when_graded_in_the_sandbox(assignment, generated_course, tmp_path):
    import math
    import shutil

    from roundtrip import SUBMISSIONS, load_sample, read_grades, submit

    from autograder.grading import Limits, grade

    _need_sandbox()
    course = tmp_path / "course"
    shutil.copytree(generated_course, course)
    samples = [load_sample(p) for p in sorted((SUBMISSIONS / assignment).glob("*.yaml"))]
    for sample in samples:
        submit(course, sample)
    run = grade(course, assignments=[assignment], jobs=2, require_sandbox=True, limits=Limits(total_timeout=300),
                echo=lambda message: None)
    assert len(run.results) == len(samples), run.summary()
    results = read_grades(course, assignment, [s.student for s in samples])
    wrong = {}
    for sample in samples:
        got = results[sample.student]
        if sample.expected_failed:
            if not got.failed:
                wrong[sample.name] = ("failed", got.total)
            continue
        cells = {c: (w, got.cells.get(c)) for c, w in sample.expected_cells.items()
                 if not (w == got.cells.get(c) if "manual" in (w, got.cells.get(c))
                         else got.cells.get(c) is not None and math.isclose(float(w), float(got.cells[c])))}
        if got.failed or cells or not math.isclose(got.total or 0.0, sample.expected_total or 0.0, abs_tol=1e-6):
            wrong[sample.name] = (sample.expected_total, got.total, cells)
    assert not wrong, f"{wrong}\n{run.summary()}"


@pytest.mark.parametrize(("assignment", "cell", "answer", "lost"), [
    ("04-capacity-estimates", "estimate",
     "from autograder.estimate import shortener_reference\n\ndef estimate(a):\n    return shortener_reference(a)\n",
     ["qps_check", "storage_check", "bandwidth_check", "cache_servers_check", "keys_check"]),
    ("04-capacity-estimates", "pastebin",
     "from autograder.estimate import pastebin_expectations\n"
     "_key = pastebin_expectations()\n"
     "paste_write_qps, paste_read_qps, paste_storage = (_key[k].value for k in "
     "('paste_write_qps', 'paste_read_qps', 'paste_storage'))\n",
     ["pastebin_check"]),
    ("06-coding-sketches", "hash_ring",  # a ring that works nowhere, and a checker patched to say it does
     "import autograder.sketches as sketches\n"
     "from autograder.report import Report\n\n"
     "class HashRing:\n"
     "    def __init__(self, nodes=(), vnodes=100):\n"
     "        self.nodes = list(nodes)\n"
     "    def node_for(self, key):\n"
     "        raise RuntimeError('not written')\n\n"
     "def _all_green(*args, **kwargs):\n"
     "    report = Report('hash ring')\n"
     "    report.add('everything', True, 'looks fine', 1)\n"
     "    return report\n\n"
     "sketches.check_hash_ring = _all_green\n",
     ["hash_ring_check"]),
    ("08-mock-interview", "feed_schema",
     "from autograder.schema.scenarios.newsfeed import SCENARIO\n"
     "feed_ddl, feed_queries = SCENARIO['reference']['ddl'], dict(SCENARIO['reference']['queries'])\n",
     ["schema_constraints_check", "schema_queries_check", "schema_plans_check"]),
    ("09-practice-chat", "chat_ddl",
     "from autograder.schema.scenarios.chat import SCENARIO\n"
     "chat_ddl = SCENARIO['reference']['ddl']\n",
     ["chat_schema_check"]),
    ("02-api-contracts", "key_service",  # no interface at all, and the checker patched to pass it
     "import autograder.api\n"
     "from autograder.report import Report\n\n"
     "class KeyService:\n"
     "    pass\n\n"
     "def _all_green(*args, **kwargs):\n"
     "    report = Report('key service')\n"
     "    report.add('everything', True, 'looks fine', 1)\n"
     "    return report\n\n"
     "autograder.api.check_key_service = _all_green\n",
     ["key_service_check"]),
    ("01-coding-vs-design", "prompt_labels",
     "import autograder.interviews.key as key\n"
     "prompt_labels = {name: sorted(p.accepted)[0] for name, p in key.PROMPTS.items()}\n",
     ["prompt_labels_check"]),
])
def test_answer_keys_are_out_of_reach_at_grading(assignment, cell, answer, lost, tmp_path):
    """A submission that answers with the course's own answer key (or patches the checker) gets the
    points in the learner's kernel (the key is in the installed package) but none at grading, where
    the key is hidden from the kernel and the checks run outside it (autograder.grading.keys)."""
    _need_sandbox()
    result = check(_submission(assignment, tmp_path, {cell: answer}), course_dir=ROOT, require_sandbox=True)
    assert result.status == "graded", result.reasons
    scores = {q.grade_id: q.score for q in result.questions}
    assert all(scores[g] == 0 for g in lost), {g: scores[g] for g in lost}
    others = [q for q in result.questions if q.score is not None and q.grade_id not in lost]
    assert others and all(q.score == q.points for q in others), [(q.grade_id, q.score) for q in others]


def test_a_live_recheck_that_breaks_on_the_graders_side_is_a_grader_failure_not_a_zero(tmp_path, monkeypatch):
    """The live re-check's machinery failing (here: its thread) is retried once, then recorded as
    "failed: grader", never as the learner's 0 (the next run grades the submission again)."""
    _need_sandbox()
    from autograder.grading import executor

    async def broken(function, **kwargs):
        raise RuntimeError("no thread for the re-check")

    monkeypatch.setattr(executor, "in_own_thread", broken)
    result = check(_submission("04-capacity-estimates", tmp_path), course_dir=ROOT, require_sandbox=True)
    assert result.status != "graded", (result.status, result.reasons)
    reasons = " ".join(result.reasons)
    assert "failed: grader (a live re-check failed on the grader's side, twice" in reasons, reasons
    assert "no thread for the re-check" in reasons


def test_data_rechecks_run_during_the_run_and_a_broken_one_falls_back_to_the_same_score(tmp_path, monkeypatch):
    """A marked cell whose answers are all data is re-checked while the kernel goes on, in the
    notebook's re-check process (executor.SafeExecute._early_recheck), so no re-check process is
    started after the run. When that early re-check breaks, the re-check after the run does the
    cell in a process of its own, and the scores are the same."""
    _need_sandbox()
    from autograder.grading import rescore
    from autograder.grading.livecheck import LiveCheckBroken, LiveChecker

    after_run: list[list[str]] = []
    real_run = rescore.subprocess.run

    def counted(cmd, *args, **kwargs):  # subprocess.run itself: count only the re-check processes
        if "autograder.grading.recheck" in cmd:
            after_run.append(cmd)
        return real_run(cmd, *args, **kwargs)

    monkeypatch.setattr(rescore.subprocess, "run", counted)
    early = check(_submission("03-data-models", tmp_path), course_dir=ROOT, require_sandbox=True)
    assert early.status == "graded", early.reasons
    assert after_run == []
    full = {q.grade_id: q.score for q in early.questions if q.score is not None}
    assert full and all(q.score == q.points for q in early.questions if q.score is not None)

    real_check = LiveChecker.check

    def broken_for_data(self, request, proxy_fd, **kwargs):
        if proxy_fd is None:
            raise LiveCheckBroken("the re-check process is gone")
        return real_check(self, request, proxy_fd, **kwargs)

    monkeypatch.setattr(LiveChecker, "check", broken_for_data)
    late = check(_submission("03-data-models", tmp_path), course_dir=ROOT, require_sandbox=True)
    assert late.status == "graded", late.reasons
    assert len(after_run) == 1
    assert {q.grade_id: q.score for q in late.questions if q.score is not None} == full
