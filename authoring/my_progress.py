"""Builder of notebooks/my-progress.ipynb (run: python authoring/my_progress.py).

An ungraded page where a learner sees their progress across the modules of their workspace,
and learns how to reset an exercise or a module and how to see a model solution after an
attempt (all of it :mod:`autograder.progress`). It runs under nbval (``--nbval-lax``) in the
suite: the quick overview cell runs (no grading; with no workspace it says how to make one);
the full check, which grades every module in a kernel, is marked ``NBVAL_SKIP``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT))

from authoring.nbbuild import Notebook  # noqa: E402


def build() -> Notebook:
    nb = Notebook("my-progress")
    nb.md("""
    # Your progress

    This page looks at the notebooks in your workspace (the folder with one folder per module) and tells
    you where you stand. Nothing on it changes your notebooks unless you run a reset yourself.

    Save your notebooks first (Ctrl+S): everything here reads them as they are on disk.
    """)
    nb.md("""
    ## A quick look

    The cell below lists every module, and for each written answer whether you have written it and what
    you gave yourself in its self-check. It does not grade anything, so it takes a moment.
    """)
    nb.code("""
    from autograder.progress import show

    show(run_checks=False)
    """)
    nb.md("""
    ## The full check, hidden tests included

    The next cell grades each module's notebook as your instructor would, with the hidden tests, in a
    sandbox where one is available (it says when the checks ran without one). That takes a few seconds
    per module. The auto-graded points and the points of written answers, which are graded by hand, are
    shown apart. The same table is printed by `autograder progress` in a terminal; `autograder check`
    shows the feedback of every question.
    """)
    nb.code("""
    # NBVAL_SKIP
    # (the line above tells the course's own tests to skip this cell: it grades every module)
    show()
    """)
    nb.md("""
    ## Starting an exercise again

    `reset` puts one exercise (by the name in its cell's check, such as `shortener_api`) or a whole module
    back to the version you were given. What it replaces is copied first to
    `backups/<module>/<date-time>/` in your workspace, so nothing is lost. If the notebook is open, use
    *File > Reload Notebook from Disk* afterwards.

    ```python
    from autograder.progress import reset

    reset("02-api-contracts/02-api-contracts.ipynb", "shortener_api")   # one exercise
    reset("02-api-contracts")                                            # the whole module
    ```

    In a terminal: `autograder reset 02-api-contracts shortener_api`.
    """)
    nb.md("""
    ## Model solutions

    Once you have tried an auto-graded exercise (your saved answer is no longer the empty version, or you
    ran its check), you can compare it with the course's own solution. Yours may differ and still be
    right: the checks judge what an answer means, not how it is spelled. Model answers to written
    questions appear in their self-check after you click Save.

    ```python
    from autograder.progress import model_solution

    model_solution("shortener_api")   # run it in the module's notebook, after an attempt
    ```

    Solutions come from the course's `source/` folder. Where the course was installed as a package, or in
    a graded class, that folder is not there and `model_solution` says so.
    """)
    return nb


if __name__ == "__main__":
    build().save(ROOT / "notebooks" / "my-progress.ipynb")
