"""autograder.rubric: rubric files, the self-assessment widget (headless), its save file, the hint."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import nbformat
import pytest
import yaml

from autograder import _fileio, rubric
from autograder.rubric import (
    RUBRIC_DIR,
    RubricError,
    SaveFileError,
    SelfAssessment,
    find_answer_text,
    hint,
    load_rubric,
    mark_scheme_markdown,
    marking_guide,
    parse_rubric,
    read_self_assessments,
    save_path,
    save_self_assessment,
    self_assess,
)
from autograder.rubric import savefile as rubric_savefile
from autograder.rubric import widget as rubric_widget

ASSIGNMENT = "05-trade-offs"
RUBRIC_FILES = sorted(RUBRIC_DIR.glob("*.yaml"))


@pytest.fixture
def folder(tmp_path) -> Path:
    """The notebook's folder (the kernel's working directory in a real session)."""
    path = tmp_path / "work"
    path.mkdir()
    return path


def widget(folder, question="redirect_status", **kw) -> SelfAssessment:
    made = self_assess(ASSIGNMENT, question, folder=folder, **kw)
    assert isinstance(made, SelfAssessment), made.children[0].value
    return made


def saved(folder) -> dict:
    return json.loads(save_path(ASSIGNMENT, folder).read_text(encoding="utf-8"))


def files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def minimal(**question_overrides) -> dict:
    question = {
        "title": "T",
        "criteria": [{"id": "a", "text": "does a", "explain": "why a", "points": 1}],
        "model_answer": "M",
        "strong_answer_adds": "S",
    }
    question.update(question_overrides)
    return {"assignment": "x", "questions": {"q": question}}


# -- rubric files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", RUBRIC_FILES, ids=lambda p: p.name)
def test_every_rubric_file_loads_and_is_consistent(path):
    loaded = load_rubric(path.stem)
    assert loaded.questions, path
    for q in loaded.questions.values():
        assert q.points == sum(c.points for c in q.criteria)
        assert q.model_answer and q.strong_answer_adds


def test_module_5_rubric_has_the_five_decisions():
    loaded = load_rubric(ASSIGNMENT)
    assert list(loaded.questions) == [
        "redirect_status",
        "short_code_generation",
        "url_store",
        "cache_strategy",
        "click_count_consistency",
    ]
    assert loaded.points == 20


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("not a mapping", "expected a mapping"),
        ({"assignment": "x"}, "missing key(s) ['questions']"),
        ({"assignment": "x", "questions": {}, "extra": 1}, "unknown key(s) ['extra']"),
        ({"assignment": "x", "questions": {}}, "'questions' must be a non-empty mapping"),
        ({"assignment": "bad name", "questions": {"q": {}}}, "'assignment' 'bad name' must use only"),
        ({"assignment": "x", "questions": {"bad id": {}}}, "question id 'bad id'"),
        (minimal(criteria=[]), "'criteria' must be a non-empty list"),
        (minimal(criterion=[]), "unknown key(s) ['criterion']"),
        (minimal(model_answer=""), "'model_answer' must be non-empty text"),
        (minimal(strong_answer_adds=None), "'strong_answer_adds' must be non-empty text"),
        (
            minimal(criteria=[{"id": "a", "text": "t", "explain": "e"}]),
            "criterion 1: missing key(s) ['points']",
        ),
        (
            minimal(criteria=[{"id": "a", "text": "t", "explain": "e", "points": 0}]),
            "'points' must be a number > 0",
        ),
        (
            minimal(criteria=[{"id": "a", "text": "t", "explain": "e", "points": -1}]),
            "'points' must be a number > 0",
        ),
        (
            minimal(criteria=[{"id": "a", "text": "t", "explain": "e", "points": True}]),
            "'points' must be a number > 0",
        ),
        (
            minimal(criteria=[{"id": "a", "text": "t", "explain": "e", "points": "1"}]),
            "'points' must be a number > 0",
        ),
        (
            minimal(criteria=[{"id": "a b", "text": "t", "explain": "e", "points": 1}]),
            "id 'a b' must use only",
        ),
        (
            minimal(criteria=[{"id": "a", "text": "t", "explain": "", "points": 1}]),
            "'explain' must be non-empty",
        ),
        (
            minimal(criteria=[{"id": "a", "text": "t", "explain": "e", "points": 1}] * 2),
            "criterion 2: id 'a' is used twice",
        ),
        (minimal(points=3), "'points' is 3 but its criteria add up to 1"),
        (minimal(hint={"options": [["only one"]]}), "at least two options"),
        (minimal(hint={"options": [[], ["b"]]}), "non-empty list of names"),
        (minimal(hint={"choices": []}), "unknown key(s) ['choices']"),
    ],
)
def test_malformed_rubric_is_rejected_with_a_message_naming_the_place(data, message):
    with pytest.raises(RubricError) as caught:
        parse_rubric(data, source="r.yaml")
    assert message in str(caught.value)
    assert str(caught.value).startswith("r.yaml")


def test_points_may_be_stated_when_they_agree_and_fractions_are_kept():
    data = minimal(
        points=1.5,
        criteria=[
            {"id": "a", "text": "t", "explain": "e", "points": 1},
            {"id": "b", "text": "t", "explain": "e", "points": 0.5},
        ],
    )
    assert parse_rubric(data).question("q").points == 1.5


def test_rubric_file_problems_are_named(tmp_path):
    with pytest.raises(RubricError, match="does not exist"):
        load_rubric("no-such-assignment", tmp_path)
    (tmp_path / "bad.yaml").write_text("questions: [unclosed", encoding="utf-8")
    with pytest.raises(RubricError, match="not valid YAML"):
        load_rubric("bad", tmp_path)
    (tmp_path / "other.yaml").write_text(yaml.safe_dump(minimal()), encoding="utf-8")
    with pytest.raises(RubricError, match="'assignment' is 'x' but the file is named for 'other'"):
        load_rubric("other", tmp_path)
    with pytest.raises(RubricError, match="must be a string"):
        load_rubric("../etc/passwd", tmp_path)
    with pytest.raises(RubricError, match="known questions: redirect_status, short_code_generation"):
        load_rubric(ASSIGNMENT).question("nope")


def test_mark_scheme_lists_every_criterion_with_points():
    q = load_rubric(ASSIGNMENT).question("redirect_status")
    table = mark_scheme_markdown(q)
    assert "How this answer is marked (4 points" in table
    for c in q.criteria:
        assert f"| 1 | {c.text} |" in table
    assert table.count("\n| ") == 1 + len(q.criteria)  # header + one row each


def test_mark_scheme_escapes_table_pipes():
    data = minimal(criteria=[{"id": "a", "text": "a | b", "explain": "x\ny", "points": 2}])
    table = mark_scheme_markdown(parse_rubric(data).question("q"))
    assert "| 2 | a \\| b | x y |" in table


def test_marking_guide_has_model_answers_and_the_cli_prints_it(capsys):
    loaded = load_rubric(ASSIGNMENT)
    guide = marking_guide(loaded)
    for q in loaded.questions.values():
        assert q.model_answer in guide and q.strong_answer_adds in guide
    assert rubric._main([ASSIGNMENT]) == 0
    assert capsys.readouterr().out == guide
    assert rubric._main([]) == 2
    assert rubric._main(["nope"]) == 1
    assert "no rubric file" in capsys.readouterr().err


# -- the widget, headless ----------------------------------------------------------------------------


def test_widget_renders_every_question_and_writes_nothing(folder):
    for qid, q in load_rubric(ASSIGNMENT).questions.items():
        w = widget(folder, qid)
        assert list(w.checkboxes) == [c.id for c in q.criteria]
        assert not any(box.value for box in w.checkboxes.values())
        assert w.result.value == ""  # the model answer is hidden until Save
        assert q.criteria[0].explain.split()[0] in str([c.value for c in w.children[3].children])
        assert repr(w) == f"<self-assessment of {ASSIGNMENT}/{qid}: not saved>"
    assert files(folder) == []


def test_save_stores_ticks_score_confidence_and_reveals_the_model_answer(folder):
    w = widget(folder)
    w.checkboxes["decision"].value = True
    w.checkboxes["cost_named"].value = True
    w.confidence.value = "fairly sure"
    assert files(folder) == []  # ticking alone writes nothing
    w.save_button.click()
    assert files(folder) == [f"{ASSIGNMENT}.self-assessment.json"]
    entry = saved(folder)["questions"]["redirect_status"]
    assert entry["criteria"] == {
        "decision": True,
        "caching_mechanism": False,
        "cost_named": True,
        "headers_shape_it": False,
    }
    assert (entry["points"], entry["max_points"], entry["confidence"], entry["saves"]) == (
        2,
        4,
        "fairly sure",
        1,
    )
    assert entry["saved_at"].endswith("Z")
    assert "Saved at" in w.status.value and "autograder-rubric-ok" in w.status.value
    assert "2 of 4 points" in w.result.value
    assert (
        repr(w)
        == f"<self-assessment of {ASSIGNMENT}/redirect_status: saved 2 of 4 points, confidence fairly sure>"
    )
    assert "<strong>302 Found</strong>" in w.result.value  # the model answer, rendered from markdown
    assert "What a strong answer adds" in w.result.value
    assert "Not ticked yet" in w.result.value and "Cache-Control shapes caching" in w.result.value


def test_confidence_is_optional(folder):
    w = widget(folder)
    w.save_button.click()
    entry = saved(folder)["questions"]["redirect_status"]
    assert entry["confidence"] is None and entry["points"] == 0
    assert "0 of 4 points" in w.result.value


def test_saving_again_updates_the_entry_and_keeps_the_first_save(folder):
    w = widget(folder)
    w.checkboxes["decision"].value = True
    w.save_button.click()
    w.checkboxes["caching_mechanism"].value = True
    w.confidence.value = "sure"
    w.save_button.click()
    entry = saved(folder)["questions"]["redirect_status"]
    assert entry["points"] == 2 and entry["confidence"] == "sure" and entry["saves"] == 2
    assert entry["first_save"]["points"] == 1 and entry["first_save"]["confidence"] is None
    assert "first_save" not in entry["first_save"]
    assert len(saved(folder)["questions"]) == 1


def test_questions_share_one_file_and_keep_each_others_entries(folder):
    a, b = widget(folder, "redirect_status"), widget(folder, "url_store")
    a.checkboxes["decision"].value = True
    a.save_button.click()
    b.checkboxes["access_pattern"].value = True
    b.save_button.click()
    a.save_button.click()
    questions = saved(folder)["questions"]
    assert set(questions) == {"redirect_status", "url_store"}
    assert questions["url_store"]["criteria"]["access_pattern"] is True
    assert files(folder) == [f"{ASSIGNMENT}.self-assessment.json"]  # no temp files left behind


def test_a_new_widget_shows_the_earlier_save_without_writing(folder):
    w = widget(folder)
    w.checkboxes["cost_named"].value = True
    w.confidence.value = "guessing"
    w.save_button.click()
    before = save_path(ASSIGNMENT, folder).read_bytes()
    again = widget(folder)
    assert again.checkboxes["cost_named"].value and not again.checkboxes["decision"].value
    assert again.confidence.value == "guessing"
    assert "Loaded your self-assessment" in again.status.value
    assert "1 of 4 points" in again.result.value
    assert save_path(ASSIGNMENT, folder).read_bytes() == before


def test_entries_the_widget_does_not_know_are_kept(folder):
    path = save_path(ASSIGNMENT, folder)
    path.write_text(
        json.dumps({"questions": {"old": {"anything": [1, 2]}, "redirect_status": "junk"}, "note": "kept"}),
        encoding="utf-8",
    )
    w = widget(folder)  # a junk entry for this question is ignored, not an error
    w.save_button.click()
    data = saved(folder)
    assert data["questions"]["old"] == {"anything": [1, 2]} and data["note"] == "kept"
    assert data["questions"]["redirect_status"]["saves"] == 1


# -- bad input ---------------------------------------------------------------------------------------


def test_unknown_question_gives_a_message_not_an_error(folder):
    w = self_assess(ASSIGNMENT, "no_such_question", folder=folder)
    text = w.children[0].value
    assert "no rubric for question &#x27;no_such_question&#x27;" in text
    assert "known questions: redirect_status" in text and "not affected" in text
    assert files(folder) == []


def test_missing_rubric_file_gives_a_message_not_an_error(folder, tmp_path):
    w = self_assess("99-nothing", "q", folder=folder, rubric_dir=tmp_path)
    assert "no rubric file for assignment" in w.children[0].value
    assert files(folder) == []


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"questions": []}', b"\xff\xfe binary"])
def test_corrupt_save_file_is_moved_aside_never_deleted(folder, content):
    path = save_path(ASSIGNMENT, folder)
    path.write_bytes(content)
    w = widget(folder)
    assert "could not be read" in w.status.value and "nothing is deleted" in w.status.value
    assert path.read_bytes() == content  # showing the widget changes nothing
    w.checkboxes["decision"].value = True
    w.save_button.click()
    kept = [p for p in folder.iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == content
    assert kept[0].name.startswith(f"{ASSIGNMENT}.corrupt-") and kept[0].name.endswith(
        ".self-assessment.json"
    )
    assert saved(folder)["questions"]["redirect_status"]["points"] == 1
    assert kept[0].name in w.status.value and "autograder-rubric-warning" in w.status.value
    assert "1 of 4 points" in w.result.value


def test_two_corrupt_files_in_the_same_second_are_both_kept(folder):
    path = save_path(ASSIGNMENT, folder)
    for content in (b"{one", b"{two"):
        path.write_bytes(content)
        save_self_assessment(ASSIGNMENT, "q", {"points": 0}, folder)
    kept = sorted(p.read_bytes() for p in folder.iterdir() if ".corrupt-" in p.name)
    assert kept == [b"{one", b"{two"]


def test_read_only_folder_keeps_the_ticks_and_the_earlier_save(folder, monkeypatch):
    w = widget(folder)
    w.checkboxes["decision"].value = True
    w.save_button.click()
    before = save_path(ASSIGNMENT, folder).read_bytes()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # Root ignores file modes, so the refusal of a read-only folder is simulated where it happens.
    monkeypatch.setattr(_fileio.tempfile, "mkstemp", refuse)
    w.checkboxes["caching_mechanism"].value = True
    w.save_button.click()
    assert "Could not save" in w.status.value and "Permission denied" in w.status.value
    assert "Save Notebook As" in w.status.value
    assert w.checkboxes["caching_mechanism"].value  # nothing lost in the widget
    assert "2 of 4 points" in w.result.value  # the learner still sees the model answer
    assert save_path(ASSIGNMENT, folder).read_bytes() == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="file modes do not bind root")
def test_really_read_only_folder(folder):
    folder.chmod(0o555)
    try:
        w = widget(folder)
        w.save_button.click()
        assert "Could not save" in w.status.value
        assert files(folder) == []
    finally:
        folder.chmod(0o755)


def _bwrap_works() -> bool:
    try:
        return subprocess.run(["bwrap", "--dev-bind", "/", "/", "true"], capture_output=True).returncode == 0
    except OSError:
        return False


@pytest.mark.skipif(not _bwrap_works(), reason="bubblewrap is needed to mount a folder read-only")
def test_read_only_mounted_folder_in_a_real_kernel_process(folder):
    """A truly read-only folder (a read-only bind mount, which binds root too): message, nothing lost."""
    save_path(ASSIGNMENT, folder).write_text('{"questions": {"old": {"points": 1}}}', encoding="utf-8")
    before = save_path(ASSIGNMENT, folder).read_bytes()
    script = textwrap.dedent(
        """
        import sys
        from autograder.rubric import self_assess
        w = self_assess("05-trade-offs", "redirect_status", folder=sys.argv[1])
        w.checkboxes["decision"].value = True
        w.save_button.click()
        print(w.status.value)
        print(w.result.value)
        """
    )
    proc = subprocess.run(
        [
            "bwrap",
            "--dev-bind",
            "/",
            "/",
            "--ro-bind",
            str(folder),
            str(folder),
            sys.executable,
            "-c",
            script,
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert "Could not save" in proc.stdout and "Read-only file system" in proc.stdout
    assert "1 of 4 points" in proc.stdout and "302 Found" in proc.stdout
    assert files(folder) == [f"{ASSIGNMENT}.self-assessment.json"]
    assert save_path(ASSIGNMENT, folder).read_bytes() == before


def test_failed_write_leaves_no_temporary_file(folder, monkeypatch):
    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_fileio.os, "replace", broken_replace)
    w = widget(folder)
    w.save_button.click()
    assert "No space left on device" in w.status.value
    assert files(folder) == []


def test_unexpected_error_in_save_is_a_message_not_a_traceback(folder, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("surprise")

    monkeypatch.setattr(rubric_widget, "save_self_assessment", boom)
    w = widget(folder)
    w.save_button.click()
    assert "RuntimeError: surprise" in w.status.value and "click Save again" in w.status.value


def test_save_while_another_holds_the_lock_says_so(folder, monkeypatch):
    path = save_path(ASSIGNMENT, folder)
    with rubric_savefile._save_lock(path, timeout=1):
        with pytest.raises(rubric.SaveBusyError):
            save_self_assessment(ASSIGNMENT, "q", {}, folder, lock_timeout=0.1)
        monkeypatch.setattr(
            rubric_widget,
            "save_self_assessment",
            lambda *a, **k: (_ for _ in ()).throw(rubric.SaveBusyError("busy")),
        )
        w = widget(folder)
        w.save_button.click()
        assert "Another notebook is saving" in w.status.value
    assert files(folder) == []


def test_concurrent_saves_from_threads_all_survive(folder):
    questions = [f"q{i}" for i in range(16)]
    errors = []

    def save(qid):
        try:
            for n in range(5):
                save_self_assessment(ASSIGNMENT, qid, {"points": n}, folder)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(q,)) for q in questions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    data = saved(folder)["questions"]
    assert sorted(data) == sorted(questions)
    assert all(entry["saves"] == 5 and entry["points"] == 4 for entry in data.values())
    assert files(folder) == [f"{ASSIGNMENT}.self-assessment.json"]


def test_concurrent_saves_from_separate_processes_all_survive(folder):
    """Two (here four) notebooks = kernels = processes saving to the same file at the same moment."""
    script = textwrap.dedent(
        """
        import sys
        from autograder.rubric import save_self_assessment
        folder, who = sys.argv[1], sys.argv[2]
        for n in range(15):
            save_self_assessment("05-trade-offs", f"{who}-{n}", {"points": n}, folder)
        """
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, str(folder), f"p{i}"]) for i in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    data = saved(folder)["questions"]
    assert len(data) == 60
    assert files(folder) == [f"{ASSIGNMENT}.self-assessment.json"]


def test_read_self_assessments(folder):
    path = save_path(ASSIGNMENT, folder)
    assert read_self_assessments(path) == {"format": 1, "assignment": ASSIGNMENT, "questions": {}}
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(SaveFileError, match="no 'questions' mapping"):
        read_self_assessments(path)


def test_save_file_keeps_the_folders_permissions(folder):
    save_self_assessment(ASSIGNMENT, "q", {}, folder)
    mode = save_path(ASSIGNMENT, folder).stat().st_mode & 0o777
    assert mode & 0o044 == 0o044 or os.name != "posix"  # readable by the instructor's collect, not 0600


def test_widget_default_folder_is_the_working_directory(folder, monkeypatch):
    monkeypatch.chdir(folder)
    w = self_assess(ASSIGNMENT, "url_store")
    w.save_button.click()
    assert (folder / f"{ASSIGNMENT}.self-assessment.json").is_file()


@pytest.mark.slow
def test_widget_executes_headless_without_stderr_and_writes_nothing(tmp_path):
    """As under nbval, `nbgrader validate` and autograde: no frontend, nobody clicks.

    The plain-text form of each widget states the learner's saved self-assessment, so an instructor
    reading the autograded notebook sees it; the save file itself is only read.
    """
    from nbclient import NotebookClient

    save_self_assessment(ASSIGNMENT, "redirect_status", {"points": 2, "confidence": "sure"}, tmp_path)
    (tmp_path / "corrupt-elsewhere.txt").write_text("unrelated", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            f'from autograder.rubric import self_assess\nself_assess("{ASSIGNMENT}", "{q}")'
        )
        for q in ["redirect_status", "cache_strategy", "not_in_rubric"]
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()
    plain = []
    for cell in nb.cells:
        kinds = [(o.output_type, o.get("name")) for o in cell.outputs]
        assert kinds == [("execute_result", None)], cell.outputs
        data = cell.outputs[0]["data"]
        assert "application/vnd.jupyter.widget-view+json" in data
        plain.append(data["text/plain"])
    assert (
        plain[0] == f"<self-assessment of {ASSIGNMENT}/redirect_status: saved 2 of 4 points, confidence sure>"
    )
    assert plain[1] == f"<self-assessment of {ASSIGNMENT}/cache_strategy: not saved>"
    assert len(plain[2]) < 200
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


# -- the hint ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("qid", list(load_rubric(ASSIGNMENT).questions))
def test_model_answers_get_no_hint(qid):
    q = load_rubric(ASSIGNMENT).question(qid)
    assert hint(q.model_answer, q) == []


WEAK = {
    "no alternative": (
        "I would return 302 so every click reaches our service and is counted; that costs load on "
        "the redirect servers and a round trip per click, and if our servers crash every link breaks "
        "for everybody until we are back, which is why the redirect path needs redundancy and spare "
        "capacity at peak.",
        "option you turned down (301 / 302)",
    ),
    "no cost": (
        "I would return 302 rather than 301 so that every click reaches our service, where it is counted "
        "and where an expired link can be answered with 410; if our service is down, links fail, so we run "
        "several servers behind a proxy in two zones to keep the redirect available all the time.",
        "name a cost",
    ),
    "no failure": (
        "I would return 302 rather than 301 so that every click reaches our service, where it is counted "
        "and where an expired link can be answered; the cost is more load on our servers and a round trip "
        "for users on each visit, which a cache in front of the database keeps small and cheap to serve.",
        "what happens when something fails",
    ),
    "too short": ("302 over 301: costs load, fails if we are down.", "has 10 words"),
}


@pytest.mark.parametrize("case", list(WEAK))
def test_weak_answers_get_the_matching_suggestion_only(case):
    text, expected = WEAK[case]
    q = load_rubric(ASSIGNMENT).question("redirect_status")
    suggestions = hint(text, q)
    assert len(suggestions) == 1 and expected in suggestions[0], suggestions


def test_hint_without_question_uses_generic_alternative_words():
    text = "We pick X. " * 30
    assert any("name an alternative" in s for s in hint(text))
    assert not any("alternative" in s for s in hint(text + " Instead of Y, because it is slower and fails."))


@pytest.mark.parametrize("text", ["", "YOUR ANSWER HERE", "  \n", None, 42])
def test_hint_on_no_answer_says_so(text):
    suggestions = hint(text)
    assert len(suggestions) == 1 and (
        "not written an answer" in suggestions[0] or "no answer" in suggestions[0]
    )


def test_hint_matches_whole_words_only():
    q = load_rubric(ASSIGNMENT).question("redirect_status")
    # "3010" is not "301", "downloads" is not "down": no option or failure is found here.
    suggestions = hint("We choose 302 and not 3010 because downloads are counted, at more load. " * 5, q)
    assert any("turned down" in s for s in suggestions) and any("fails" in s for s in suggestions)


def write_notebook(path: Path, grade_id: str, text: str) -> None:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata["nbgrader"] = {"grade_id": grade_id, "grade": True, "solution": True, "points": 4}
    nb.cells = [nbformat.v4.new_markdown_cell("intro"), cell]
    nbformat.write(nb, path)


def test_find_answer_text_reads_the_saved_notebook(folder, monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert find_answer_text("redirect_status", folder) is None
    (folder / "broken.ipynb").write_text("{nope", encoding="utf-8")
    write_notebook(folder / f"{ASSIGNMENT}.ipynb", "redirect_status", "my answer")
    assert find_answer_text("redirect_status", folder) == ("my answer", folder / f"{ASSIGNMENT}.ipynb")
    assert find_answer_text("url_store", folder) is None
    # The server names the kernel's own notebook: it wins over any other copy in the folder.
    write_notebook(folder / "copy.ipynb", "redirect_status", "the copy")
    monkeypatch.setenv("JPY_SESSION_NAME", f"some/dir/{ASSIGNMENT}.ipynb")
    os.utime(folder / "copy.ipynb", (2e9, 2e9))
    assert find_answer_text("redirect_status", folder)[0] == "my answer"
    monkeypatch.delenv("JPY_SESSION_NAME")
    assert find_answer_text("redirect_status", folder)[0] == "the copy"  # else the newest notebook


def test_hint_button_reads_the_notebook_and_never_scores(folder, monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    w = widget(folder)
    w.hint_button.click()
    assert "No saved notebook" in w.hint_output.value
    write_notebook(folder / f"{ASSIGNMENT}.ipynb", "redirect_status", "YOUR ANSWER HERE")
    w.hint_button.click()
    assert (
        "not written an answer" in w.hint_output.value and "Suggestions, not a score" in w.hint_output.value
    )
    q = load_rubric(ASSIGNMENT).question("redirect_status")
    write_notebook(folder / f"{ASSIGNMENT}.ipynb", "redirect_status", q.model_answer)
    w.hint_button.click()
    assert (
        "No gaps spotted" in w.hint_output.value
        and f"{ASSIGNMENT}.ipynb as last saved" in w.hint_output.value
    )
    assert files(folder) == [f"{ASSIGNMENT}.ipynb"]  # the hint writes nothing


def test_hint_button_uses_answer_text_when_given(folder):
    w = widget(folder, answer_text="302.")
    w.hint_button.click()
    assert "the text given to the widget" in w.hint_output.value and "has 1 words" in w.hint_output.value


def test_self_assessment_rows_for_instructor_reports(tmp_path):
    submitted = tmp_path / "submitted"
    for student, ticks in [("ana", ["decision"]), ("bo", ["decision", "cost_named"])]:
        folder = submitted / student / ASSIGNMENT
        folder.mkdir(parents=True)
        w = widget(folder)
        for cid in ticks:
            w.checkboxes[cid].value = True
        w.save_button.click()
        w.checkboxes["headers_shape_it"].value = True  # re-saved after seeing the model answer
        w.save_button.click()
    (submitted / "cy" / ASSIGNMENT).mkdir(parents=True)
    save_path(ASSIGNMENT, submitted / "cy" / ASSIGNMENT).write_text("{broken", encoding="utf-8")
    (submitted / "dee" / ASSIGNMENT).mkdir(parents=True)  # submitted without self-checks: no row
    rows = rubric.self_assessment_rows(submitted, ASSIGNMENT)
    assert [(r["student"], r["question"], r.get("points"), r.get("first_points")) for r in rows] == [
        ("ana", "redirect_status", 2, 1),
        ("bo", "redirect_status", 3, 2),
        ("cy", None, None, None),
    ]
    assert rows[0]["saves"] == 2 and rows[0]["max_points"] == 4 and rows[0]["problem"] is None
    assert "not valid JSON" in rows[2]["problem"]
    assert rubric.self_assessment_rows(tmp_path / "nowhere", ASSIGNMENT) == []


@pytest.mark.parametrize(
    "entry",
    [
        {"points": "lots", "confidence": ["x"], "criteria": {"decision": "yes"}, "saved_at": {"a": 1}},
        {"points": True, "criteria": ["decision"]},
        {"points": None, "confidence": 7},
    ],
)
def test_odd_values_in_a_saved_entry_never_break_the_widget(folder, entry):
    save_path(ASSIGNMENT, folder).write_text(
        json.dumps({"questions": {"redirect_status": entry}}), encoding="utf-8"
    )
    w = widget(folder)
    assert not any(box.value for box in w.checkboxes.values())
    assert w.confidence.value == "not said"
    assert repr(w) == f"<self-assessment of {ASSIGNMENT}/redirect_status: saved, points unreadable>"
    w.checkboxes["decision"].value = True
    w.save_button.click()
    assert saved(folder)["questions"]["redirect_status"]["points"] == 1


def test_an_unexpected_failure_while_building_the_widget_is_a_message(folder, monkeypatch):
    monkeypatch.setattr(rubric_widget, "read_self_assessments", lambda path: 1 / 0)
    w = self_assess(ASSIGNMENT, "redirect_status", folder=folder)
    assert not isinstance(w, SelfAssessment)
    assert "could not be shown (ZeroDivisionError" in w.children[0].value


ROOT = Path(__file__).resolve().parents[1]
_SELF_ASSESS_CALL = re.compile(r"""self_assess\(\s*["']([^"']+)["']\s*,\s*["']([^"']+)["']""")


def _notebooks_using_the_widget() -> list[Path]:
    return sorted(
        p for p in (ROOT / "source").glob("*/*.ipynb") if "self_assess(" in p.read_text(encoding="utf-8")
    )


@pytest.mark.parametrize("path", _notebooks_using_the_widget(), ids=lambda p: p.parent.name)
def test_each_self_check_matches_its_rubric_and_its_written_cell(path):
    """Every self_assess(assignment, question) in a source notebook names a rubric question whose
    points equal the hand-graded written cell's, with the rubric's model answer as its solution."""
    nb = nbformat.read(path, as_version=4)
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    calls = [
        m.groups() for c in nb.cells if c.cell_type == "code" for m in _SELF_ASSESS_CALL.finditer(c.source)
    ]
    assert calls
    for assignment, qid in calls:
        assert assignment == path.parent.name, f"{path.name}: self_assess names assignment {assignment!r}"
        q = load_rubric(assignment).question(qid)
        written = cells.get(qid)
        assert written is not None and written.cell_type == "markdown", (
            f"{path.name}: no written cell {qid!r}"
        )
        meta = written.metadata["nbgrader"]
        assert meta["grade"] and meta["solution"] and meta["points"] == q.points, (qid, meta)
        assert written.source == q.model_answer


def test_module_5_shows_each_mark_scheme_under_its_answer_then_the_self_check():
    nb = nbformat.read(ROOT / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    for qid, q in load_rubric(ASSIGNMENT).questions.items():
        at = ids.index(qid)
        assert ids[at + 1 : at + 3] == [f"{qid}_mark_scheme", f"{qid}_self_check"]
        assert nb.cells[at + 1].source == mark_scheme_markdown(q)
        assert nb.cells[at + 1].metadata["nbgrader"]["locked"]  # restored by nbgrader: what the grader sees


# -- the package's layout ----------------------------------------------------------------------------


@pytest.mark.slow
def test_loading_a_rubric_and_reading_save_files_does_not_import_ipywidgets():
    """The instructor's report and the mark scheme load rubrics; they must not pay for (or need) ipywidgets."""
    code = textwrap.dedent(
        f"""
        import sys
        from autograder.rubric import load_rubric, marking_guide, read_self_assessments, hint
        rubric = load_rubric({ASSIGNMENT!r})
        marking_guide(rubric)
        hint("some text", next(iter(rubric.questions.values())))
        print(sorted(m for m in sys.modules if m.split(".")[0] == "ipywidgets"))
        from autograder.rubric import self_assess  # the widget, on first use
        print("ipywidgets" in sys.modules)
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["[]", "True"]


@pytest.mark.slow
def test_the_save_lock_holds_across_processes(folder):
    """Another process (another kernel) holding the lock makes a save wait, then report busy."""
    path = save_path(ASSIGNMENT, folder)
    code = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from autograder.rubric.savefile import _save_lock
        with _save_lock(Path({str(path)!r}), timeout=5):
            print("locked", flush=True)
            sys.stdin.readline()
        """
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(rubric.SaveBusyError):
            save_self_assessment(ASSIGNMENT, "q", {"points": 1}, folder, lock_timeout=0.2)
        assert files(folder) == []
    finally:
        holder.communicate("\n", timeout=30)
    save_self_assessment(ASSIGNMENT, "q", {"points": 1}, folder, lock_timeout=5)
    assert saved(folder)["questions"]["q"]["points"] == 1


@pytest.mark.slow
def test_python_dash_m_prints_the_marking_guide():
    proc = subprocess.run([sys.executable, "-m", "autograder.rubric", ASSIGNMENT], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == marking_guide(load_rubric(ASSIGNMENT))
