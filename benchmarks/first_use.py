#!/usr/bin/env python
"""How much of a notebook's kernel time is first use: each source notebook's code cells, run twice.

Each notebook is copied to a temporary folder (its cells write files beside it) and its code
cells run in one in-process IPython shell, after what the grading kernel zygote does before it
forks (its libraries and the course's checkers imported, one traceback formatted);
then the shell is reset and the same cells run again. The CPU time of this process is printed
for both runs (a child's, such as PostgreSQL's, is not counted), with the cells that differ most.
The difference is what a kernel pays for the first use of something (an import, a parser built
once, a font read once), not for the learner's work. See docs/grading-notes.md.

    python benchmarks/first_use.py                 # every module in source/, one process each
    python benchmarks/first_use.py 04-capacity-estimates
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _one(notebook: Path) -> dict:
    import nbformat
    from IPython.core.interactiveshell import InteractiveShell

    from autograder.grading.zygote_server import COURSE_MODULES, KERNEL_MODULES, LIBRARIES, _warm_tracebacks

    for name in (*KERNEL_MODULES, *LIBRARIES, *COURSE_MODULES):
        importlib.import_module(name)
    _warm_tracebacks()
    cells = [c for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    shell = InteractiveShell.instance()

    def run() -> list[tuple[float, str, bool]]:
        out = []
        for cell in cells:
            start = time.process_time()
            result = shell.run_cell(cell.source, silent=True)
            out.append((time.process_time() - start, cell.metadata.get("nbgrader", {}).get("grade_id", "-"),
                        bool(result.success)))
        return out

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        first = run()
        shell.reset(new_session=False)
        second = run()
    return {
        "first": round(sum(c[0] for c in first), 2),
        "second": round(sum(c[0] for c in second), 2),
        "cells_failed": [c[1] for c in first if not c[2]],
        "largest": [[one[1], round(one[0], 2), round(two[0], 2)] for one, two in
                    sorted(zip(first, second, strict=True), key=lambda p: p[1][0] - p[0][0])[:4]],
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(_one(Path(argv[1]))))
        return 0
    modules = argv or sorted(p.name for p in (ROOT / "source").iterdir() if p.is_dir())
    total_first = total_second = 0.0
    for module in modules:
        notebooks = sorted((ROOT / "source" / module).glob("*.ipynb"))
        if not notebooks:
            print(f"{module}: no notebook in source/{module}", file=sys.stderr)
            return 2
        with tempfile.TemporaryDirectory(prefix="first-use-") as tmp:
            copy = Path(tmp) / module
            shutil.copytree(ROOT / "source" / module, copy)
            proc = subprocess.run([sys.executable, __file__, "--one", str(copy / notebooks[0].name)], cwd=copy,
                                  capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            print(f"{module}: failed\n{proc.stderr[-1500:]}", file=sys.stderr)
            return 1
        got = json.loads(proc.stdout.strip().splitlines()[-1])
        total_first += got["first"]
        total_second += got["second"]
        print(f"{module:<24} first {got['first']:5.2f} s   second {got['second']:5.2f} s   "
              f"most first-use (first -> second): {', '.join(f'{n} {a}->{b}' for n, a, b in got['largest'])}"
              + (f"   failed: {got['cells_failed']}" if got["cells_failed"] else ""))
    n = len(modules)
    print(f"all {n}: first {total_first:.2f} s, second {total_second:.2f} s, "
          f"first use {(total_first - total_second) / n:.2f} core-seconds a notebook")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    sys.exit(main(sys.argv[1:]))
