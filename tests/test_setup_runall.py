"""Run All on a fresh copy of every module reaches the last cell without an error.

Each module is copied into a fresh workspace (as `make lab` does) and executed top to bottom by
nbclient, which stops at the first cell that raises - as JupyterLab's Run All does. Unwritten
answers are the release stubs' `...`: their checks must say "not written yet" and give 0, and
nothing may reach stderr (nbgrader would score a test cell that writes there 0, and a learner
would see a red box).
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from autograder.course import make_workspace

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(p.parent.name for p in (ROOT / "release").glob("*/*.ipynb"))
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    return make_workspace(ROOT, dest=tmp_path_factory.mktemp("ws") / "my-work").workspace


def _text(output) -> str:
    if output.output_type == "stream":
        return output.text
    if output.output_type == "error":
        return "\n".join(output.traceback)
    data = output.get("data", {})
    return str(data.get("text/plain", "")) + str(data.get("text/html", ""))


_executed: dict[str, tuple[object, str | None]] = {}


def run_all(workspace: Path, module: str):
    """The module's fresh copy executed top to bottom (once per session): (notebook, error or None)."""
    if module not in _executed:
        path = workspace / module / f"{module}.ipynb"
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=120, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        try:
            client.execute()
            _executed[module] = (nb, None)
        except CellExecutionError as error:
            _executed[module] = (nb, str(error)[:3000])
    return _executed[module]


def _grade_cells(nb, kind: str) -> list:
    return [c for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get(kind)]


@pytest.mark.parametrize("module", MODULES)
def test_run_all_on_a_fresh_copy_reaches_the_last_cell(workspace, module):
    nb, error = run_all(workspace, module)
    assert error is None, f"Run All on a fresh {module} stopped with an error:\n{error}"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code), "not every code cell ran"
    stderr = [(i, _text(o)[:300]) for i, c in enumerate(nb.cells) for o in c.get("outputs", [])
              if o.output_type == "stream" and o.name == "stderr"]
    assert not stderr, stderr
    for cell in _grade_cells(nb, "grade"):  # every auto-graded check of an untouched copy gives 0
        results = [o for o in cell.outputs if o.output_type == "execute_result"]
        assert results, f"{cell.metadata.nbgrader.grade_id}: no score"
        assert float(results[-1]["data"]["text/plain"]) == 0, cell.metadata.nbgrader.grade_id
    path = workspace / module / f"{module}.ipynb"
    assert "outputs" not in json.dumps([c.get("outputs") for c in json.loads(path.read_text())["cells"]
                                        if c.get("outputs")]), "the copy on disk is untouched"




def _stubbed(module: str) -> bool:
    """Whether the module's release has a top-level answer stub (`name = ...`)."""
    nb = nbformat.read(ROOT / "release" / module / f"{module}.ipynb", as_version=4)
    return any(line.endswith(" = ...") for c in _grade_cells(nb, "solution") for line in c.source.splitlines())


STUBBED = [m for m in MODULES if _stubbed(m)]


@pytest.mark.parametrize("module", STUBBED)
def test_checks_of_an_unwritten_answer_say_it_is_not_written_yet(workspace, module):
    nb, error = run_all(workspace, module)
    assert error is None, error
    first_check = _grade_cells(nb, "grade")[0]  # the first check follows the first answer
    shown = "\n".join(_text(o) for o in first_check.outputs)
    assert "not written yet" in shown, f"{module}: {first_check.metadata.nbgrader.grade_id} says: {shown[:400]}"
