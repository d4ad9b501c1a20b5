"""Installed as people install it: the wheel alone gives a learner a workspace and a start page.

The test builds the wheel, installs it with `--no-deps` into a fresh virtual environment, and
lends that environment the dependencies already installed here (a `.pth` line naming this
environment's site-packages, after the fresh one's own: the exact pinned versions, no download).
It does not prove that pip resolves the dependencies (tests/test_packaging.py checks the pins
against pyproject; a full install from PyPI took 3.5 minutes here, too slow for the suite); it
proves what the wheel carries: from a folder outside any clone, `autograder workspace` makes
my-work/ from the package's own files, and the start page runs to its end in a kernel of that
environment, importing the installed package rather than this checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

RUN_START_PAGE = """
import json, sys
import nbformat
from nbclient import NotebookClient
import autograder
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": sys.argv[2]}}).execute()
errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
          if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")]
text = "\\n".join(str(o.get("data", {}).get("text/plain", o.get("text", ""))) for c in nb.cells
                  if c.cell_type == "code" for o in c.outputs)
print(json.dumps({"package": autograder.__file__, "errors": len(errors), "text": text}))
"""


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kwargs)
    assert proc.returncode == 0, f"{cmd}:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return proc


def test_the_wheel_installs_and_makes_a_workspace_outside_the_clone(tmp_path):
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels),
          str(ROOT)])
    (wheel,) = wheels.glob("sysdesign_interview_course-*.whl")

    env_dir = tmp_path / "fresh-env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    fresh_site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
                      .stdout.strip())
    # The dependencies, borrowed: this environment's site-packages after the fresh one's own. A plain
    # path line does not run the .pth files there, so this checkout's editable install stays out.
    ours = Path(sysconfig.get_paths()["purelib"])
    (fresh_site / "zz-borrowed-dependencies.pth").write_text(f"{ours}\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
          "--no-index", str(wheel)])

    learner = tmp_path / "learner"  # no course folder here or above
    learner.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(HOME=str(tmp_path / "home"), JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
               JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"), PATH=f"{env_dir / 'bin'}{os.pathsep}/usr/bin:/bin")
    made = _run([str(env_dir / "bin" / "autograder"), "workspace"], cwd=learner, env=env)
    workspace = learner / "my-work"
    from autograder.course import LEARNER_NOTEBOOKS

    modules = len([p for p in (ROOT / "release").rglob("*") if p.is_file()])
    assert f"Your workspace {workspace}: {len(LEARNER_NOTEBOOKS) + modules} copied" in made.stdout, made.stdout
    release = sorted(p.relative_to(ROOT / "release").as_posix() for p in (ROOT / "release").glob("*/*.ipynb"))
    for rel in release + ["00-start-here.ipynb", "reference-numbers.ipynb"]:
        assert (workspace / rel).is_file(), rel
    assert not (workspace / "source").exists() and not list(workspace.rglob("*solution*"))

    ran = _run([str(python), "-c", RUN_START_PAGE, str(workspace / "00-start-here.ipynb"), str(workspace)],
               cwd=learner, env=env)
    result = json.loads(ran.stdout.strip().splitlines()[-1])
    assert Path(result["package"]).is_relative_to(env_dir), result["package"]  # the wheel, not this checkout
    assert result["errors"] == 0, result
    assert "01-coding-vs-design/01-coding-vs-design.ipynb" in result["text"], result["text"][:500]
