"""`make notebooks` (authoring/build_all.py) never overwrites uncommitted edits unless forced."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from authoring import build_all  # noqa: E402

pytestmark = pytest.mark.slow  # runs git

BUILDER = '''
from pathlib import Path

from authoring.nbbuild import Notebook

ROOT = Path(__file__).resolve().parents[1]


def build() -> Notebook:
    nb = Notebook("demo")
    nb.md("# {title}")
    return nb


if __name__ == "__main__":
    build().save(ROOT / "{folder}" / "demo" / "demo.ipynb")
    print("wrote it")
'''


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args], cwd=repo,
                          check=True, capture_output=True, text=True).stdout


def _builder(repo: Path, title: str, folder: str = "source", name: str = "demo.py") -> None:
    (repo / "authoring").mkdir(exist_ok=True)
    (repo / "authoring" / name).write_text(BUILDER.format(title=title, folder=folder), encoding="utf-8")


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository whose one builder has been run and committed."""
    _git(tmp_path, "init", "-q")
    _builder(tmp_path, "First")
    assert build_all.main([], root=tmp_path) == 0
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "first")
    return tmp_path


def _notebook(repo: Path) -> Path:
    return repo / "source" / "demo" / "demo.ipynb"


def test_a_stale_notebook_without_edits_is_rebuilt(repo, capsys):
    _builder(repo, "Second")
    assert build_all.main([], root=repo) == 0
    assert "# Second" in _notebook(repo).read_text(encoding="utf-8")
    assert "wrote     source/demo/demo.ipynb" in capsys.readouterr().out


def test_uncommitted_edits_are_not_overwritten(repo, capsys):
    hand_edit = _notebook(repo).read_text(encoding="utf-8").replace("# First", "# First, edited by hand")
    _notebook(repo).write_text(hand_edit, encoding="utf-8")
    _builder(repo, "Second")
    capsys.readouterr()
    assert build_all.main([], root=repo) == 2
    err = capsys.readouterr().err
    assert "source/demo/demo.ipynb" in err and "FORCE=1" in err and "Nothing was written" in err
    assert _notebook(repo).read_text(encoding="utf-8") == hand_edit


def test_staged_edits_count_as_uncommitted(repo):
    hand_edit = _notebook(repo).read_text(encoding="utf-8").replace("# First", "# Staged")
    _notebook(repo).write_text(hand_edit, encoding="utf-8")
    _git(repo, "add", "source")
    assert build_all.main([], root=repo) == 2
    assert _notebook(repo).read_text(encoding="utf-8") == hand_edit


def test_force_overwrites_edits(repo):
    _notebook(repo).write_text("{}", encoding="utf-8")
    assert build_all.main(["--force"], root=repo) == 0
    assert "# First" in _notebook(repo).read_text(encoding="utf-8")


def test_an_edit_the_builder_would_write_anyway_is_no_conflict(repo):
    _builder(repo, "Second")
    assert build_all.main([], root=repo) == 0  # now an uncommitted change equal to the builder's output
    assert build_all.main([], root=repo) == 0


def test_notebooks_folder_is_protected_too(repo):
    _builder(repo, "Guide", folder="notebooks", name="guide.py")
    assert build_all.main([], root=repo) == 0
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "guide")
    guide = repo / "notebooks" / "demo" / "demo.ipynb"
    guide.write_text(guide.read_text(encoding="utf-8").replace("# Guide", "# Mine"), encoding="utf-8")
    _builder(repo, "Guide 2", folder="notebooks", name="guide.py")
    assert build_all.main([], root=repo) == 2
    assert "# Mine" in guide.read_text(encoding="utf-8")


def test_a_failing_builder_writes_nothing(repo, capsys):
    _builder(repo, "Second")
    (repo / "authoring" / "zz_broken.py").write_text("raise RuntimeError('broken builder')\n", encoding="utf-8")
    capsys.readouterr()
    assert build_all.main([], root=repo) == 1
    err = capsys.readouterr().err
    assert "zz_broken.py" in err and "broken builder" in err and "Nothing was written" in err
    assert "# First" in _notebook(repo).read_text(encoding="utf-8")
