"""Every notebook: committed clean, current with its builder and release, valid under nbgrader."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.course import assignments, stale_release_files

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # authoring/ is not installed: its builders import `authoring.nbbuild`
    sys.path.insert(0, str(ROOT))

from authoring import build_all  # noqa: E402


def _course_notebooks(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).glob("*/*.ipynb") if ".ipynb_checkpoints" not in p.parts)


SOURCE = _course_notebooks("source")
RELEASE = _course_notebooks("release")
UNGRADED = sorted((ROOT / "notebooks").glob("*.ipynb"))
BUILDERS = build_all.builders(ROOT / "authoring")
_ids = lambda p: str(p.relative_to(ROOT))  # noqa: E731


def _committed_notebooks() -> list[Path]:
    """Every notebook of the folders that hold committed ones (learners' my-work/ is elsewhere)."""
    return sorted(p for folder in ("source", "release", "notebooks") for p in (ROOT / folder).rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)


def test_every_committed_notebook_is_clean_and_valid():
    notebooks = _committed_notebooks()
    assert notebooks, "no notebooks found in source/, release/ or notebooks/"
    problems = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
                problems.append(f"{path.relative_to(ROOT)} cell {i}")
    assert not problems, "notebooks committed with outputs or execution counts: " + ", ".join(problems)


def test_each_assignment_has_one_notebook_named_after_it():
    for name in assignments(ROOT):
        assert (ROOT / "source" / name / f"{name}.ipynb").is_file(), f"source/{name}/{name}.ipynb is missing"
        assert (ROOT / "release" / name / f"{name}.ipynb").is_file(), (
            f"release/{name}/{name}.ipynb is missing: run `make release`"
        )


@pytest.mark.slow  # generates every assignment with nbgrader
def test_release_is_current_with_source(generated_course):
    stale = stale_release_files(ROOT, generated_course)
    assert not stale, f"release/ differs from a fresh generation (run `make release`): {stale}"


@pytest.mark.parametrize("builder", BUILDERS, ids=_ids)
def test_notebook_is_what_its_builder_writes(builder):
    """Run the builder in memory (nothing is written) and compare every notebook it saves."""
    written = build_all.render(builder)
    assert written, f"{builder.name} saves no notebook"
    for path, text in written.items():
        assert path.is_relative_to(ROOT), f"{builder.name} writes outside the repository: {path}"
        committed = path.relative_to(ROOT)
        assert committed.parts[0] in {"source", "notebooks"}, f"{builder.name} writes {committed}"
        assert path.is_file(), f"{builder.name} writes {committed}, which is not committed"
        assert path.read_text(encoding="utf-8") == text, (
            f"{committed} is not what {builder.name} writes: run `make notebooks`"
        )


def _validator(invert: bool):
    from nbgrader.validator import Validator
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    config.Validator.invert = invert
    return Validator(config=config)


@pytest.mark.slow
@pytest.mark.parametrize("path", SOURCE, ids=_ids)
def test_source_notebook_passes_nbgrader_validate(path, tmp_path):
    # Validate a copy: the notebook runs with the copy's folder as working directory.
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    results = _validator(invert=False).validate(str(copy))
    assert results == {}, f"nbgrader validate on {path.relative_to(ROOT)}: {results}"


@pytest.mark.slow
@pytest.mark.parametrize("path", RELEASE, ids=_ids)
def test_release_notebook_fails_every_test_when_inverted(path, tmp_path):
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    results = _validator(invert=True).validate(str(copy))
    assert "passed" not in results, (
        f"nbgrader validate --invert on {path.relative_to(ROOT)}: these tests pass on the blank release: "
        + "; ".join(r["source"][:80] for r in results["passed"])
    )
    assert "changed" not in results and "type_changed" not in results, results


@pytest.mark.slow
@pytest.mark.parametrize("path", UNGRADED, ids=_ids)
def test_ungraded_notebook_runs_clean_under_nbval(path, tmp_path):
    # In place (nbval never writes the notebook), so relative paths resolve as in JupyterLab.
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider",
         "--rootdir", str(tmp_path), "-c", "/dev/null", str(path)],
        cwd=path.parent, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


_INDENTED = re.compile(r"^ {4,}(?![-*+ ]|\d+[.)])\S")


@pytest.mark.parametrize("path", SOURCE + UNGRADED, ids=_ids)
def test_no_markdown_line_is_indented_into_a_code_block_by_accident(path):
    """A builder's f-string that puts a multi-line value (a rubric prompt) into an indented cell
    leaves the cell's own lines indented after dedent: Markdown then shows them as code. Fenced
    code and list continuations may be indented; nothing else is."""
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        fenced, bad = False, []
        for line in cell.source.splitlines():
            if line.lstrip().startswith("```"):
                fenced = not fenced
            elif not fenced and _INDENTED.match(line):
                bad.append(line[:70])
        assert not bad, f"{path.name} cell {index}: indented like code: {bad[:2]}"
