"""Release stubs leave an answer "not written yet" (`name = ...`) instead of raising, and plain
nbgrader commands work from the course folder without an activated environment."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

from autograder.stubs import ClearSolutionsNotWritten, defined_names, stub_solution_regions

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from authoring.nbbuild import release_stub  # noqa: E402


def test_a_top_level_answer_becomes_its_names_set_to_ellipsis():
    src = ("from autograder.api import Endpoint\n\n### BEGIN SOLUTION\n"
           "LIMIT = 5\nshortener_api = [Endpoint('GET', '/x')]\nfirst, *rest = 1, 2, 3\n"
           "def helper():\n    return 1\nclass KeyService:\n    pass\nimport json\n_private = 1\n"
           "### END SOLUTION")
    out, replaced = stub_solution_regions(src)
    assert replaced
    assert out.splitlines()[:2] == ["from autograder.api import Endpoint", ""]
    assert out.splitlines()[-7:] == ["# YOUR CODE HERE", "LIMIT = ...", "shortener_api = ...", "first = ...",
                                     "rest = ...", "helper = ...", "KeyService = ..."]
    namespace: dict = {}
    exec(compile(out, "<stub>", "exec"), namespace)  # runs without raising
    assert namespace["shortener_api"] is Ellipsis


def test_a_region_inside_a_function_keeps_nbgraders_stub():
    src = "def encode(n):\n    ### BEGIN SOLUTION\n    return str(n)\n    ### END SOLUTION\n"
    out, _ = stub_solution_regions(src)
    assert out == "def encode(n):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"
    namespace: dict = {}
    exec(out, namespace)  # defining it does not raise; calling it does, under the checker's guard
    with pytest.raises(NotImplementedError):
        namespace["encode"](1)


def test_defined_names_and_malformed_regions():
    assert defined_names("x: int = 1\ny += 2\nfor i in range(3): pass") == ["x"]
    assert defined_names("def (") is None
    assert stub_solution_regions("### BEGIN SOLUTION\nx = (\n### END SOLUTION")[0] == (
        "# YOUR CODE HERE\nraise NotImplementedError()")  # not valid alone: nbgrader's stub
    assert stub_solution_regions("x = 1")[0] == "x = 1"
    assert stub_solution_regions("x = 1") == ("x = 1", False)
    with pytest.raises(RuntimeError, match="nested"):
        stub_solution_regions("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION")
    with pytest.raises(RuntimeError, match="no end"):
        stub_solution_regions("### BEGIN SOLUTION\nx = 1")


def test_the_builders_prediction_is_the_stub():
    src = "### BEGIN SOLUTION\nanswer = 42\n### END SOLUTION"
    assert release_stub(src) == "# YOUR CODE HERE\nanswer = ..."


def test_nbgrader_config_uses_the_stub_in_nbgraders_own_pipeline():
    """The course's generate_assignment steps are nbgrader's defaults with ClearSolutions swapped,
    so an nbgrader update that changes its list shows up here."""
    from nbgrader.converters import GenerateAssignment

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    ours = list(config.GenerateAssignment.preprocessors)
    default = [f"nbgrader.preprocessors.{cls.__name__}" for cls in GenerateAssignment.preprocessors.default()]
    swapped = ["autograder.stubs.ClearSolutionsNotWritten" if p.endswith(".ClearSolutions") else p for p in default]
    assert ours == swapped
    assert issubclass(ClearSolutionsNotWritten, __import__("nbgrader.preprocessors").preprocessors.ClearSolutions)


def test_committed_release_has_no_top_level_raise():
    import nbformat

    for path in sorted((ROOT / "release").glob("*/*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                assert "\nraise NotImplementedError()" not in "\n" + cell.source, (path.name, cell.source[:200])


@pytest.mark.slow  # runs nbgrader twice
def test_plain_nbgrader_generate_assignment_works_without_an_activated_environment(tmp_path):
    """As the README says: `.venv/bin/nbgrader generate_assignment NAME --force` from the course folder,
    with PATH not holding the environment (no `alembic` on it), gives the committed release, byte for byte."""
    course = tmp_path / "course"
    name = "01-coding-vs-design"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "source" / name, course / "source" / name)
    shutil.copytree(ROOT / "release" / name, course / "release" / name)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = "/usr/bin:/bin"
    env["HOME"] = str(tmp_path / "home")
    assert shutil.which("alembic", path=env["PATH"]) is None
    nbgrader = str(Path(sys.executable).parent / "nbgrader")
    proc = subprocess.run([nbgrader, "generate_assignment", name, "--force"], cwd=course, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    assert "alembic" not in proc.stderr.lower() or "error" not in proc.stderr.lower(), proc.stderr[-2000:]
    released = course / "release" / name / f"{name}.ipynb"
    assert released.read_bytes() == (ROOT / "release" / name / f"{name}.ipynb").read_bytes()
    assert (course / "gradebook.db").is_file()


def test_only_answers_the_notebook_uses_are_announced():
    src = "### BEGIN SOLUTION\nLIMITED = 429\nshortener_api = [LIMITED]\n### END SOLUTION"
    used = {"answer", "shortener_api", "check_shortener_contract"}  # the check cell's words
    assert stub_solution_regions(src, used=used)[0] == "# YOUR CODE HERE\nshortener_api = ..."
    assert stub_solution_regions(src, used={"nothing"})[0].endswith("LIMITED = ...\nshortener_api = ...")


def test_the_preprocessor_announces_what_the_check_cell_reads():
    import nbformat
    from nbformat import v4

    nb = v4.new_notebook(metadata={"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}})
    answer = v4.new_code_cell("### BEGIN SOLUTION\n_helper = 1\nSEED = 2\nkv_design = {'key': SEED}\n### END SOLUTION")
    answer.metadata["nbgrader"] = {"solution": True, "grade": False, "locked": False, "grade_id": "kv",
                                   "schema_version": 3, "task": False}
    check = v4.new_code_cell('report = check_kv(answer("kv_design"))\nreport.grade(1)')
    nb.cells = [answer, check]
    out, _ = ClearSolutionsNotWritten().preprocess(nbformat.from_dict(nb), {})
    assert out.cells[0].source == "# YOUR CODE HERE\nkv_design = ..."
