"""Builder of notebooks/00-start-here.ipynb (run: python authoring/00_start_here.py)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from authoring.nbbuild import Notebook  # noqa: E402

# (slug, title, what you do, minutes). Minutes = reading at about 200 words a minute (the words of the
# released notebook, code cells included) plus the time a first attempt at each exercise usually
# takes; each module's header gives the same total with its split, and tests/test_content.py checks
# that the two agree and that the reading part matches the notebook's length.
MODULES = [
    ("01-coding-vs-design", "Coding rounds and design rounds",
     "what each interview format measures, where code shows up in a design round, the rounds where code is "
     "the answer (machine coding, practical implementation), and how the bar moves from junior to staff", 70),
    ("02-api-contracts", "API contracts",
     "the URL shortener's API written as code, judged for HTTP semantics and exported to OpenAPI", 85),
    ("03-data-models", "Data models",
     "tables and access-pattern queries run in a real database and judged by what its query planner does", 85),
    ("04-capacity-estimates", "Capacity estimates",
     "QPS, storage, bandwidth, cache and key length with units and tolerances, and numbers that are right", 85),
    ("05-trade-offs", "Trade-offs",
     "written decisions (301 or 302, how to mint short codes, SQL or key-value, caching, consistency) "
     "self-assessed against a rubric", 90),
    ("06-coding-sketches", "When code does appear",
     "base62, a token bucket and consistent hashing, checked by property-based tests", 110),
    ("07-high-level-design", "High-level design",
     "the URL shortener's architecture as components, replicas, zones and flows, checked at peak load, "
     "under component and zone failure, against latency and availability targets and for operational burden", 80),
    ("08-mock-interview", "Mock interview: a news feed",
     "one timed round on a new system: requirements as data, the interviewer's answers, then the estimate, "
     "API, schema and design checked as before, a written deep dive on fan-out and a level rubric (mid, "
     "senior, staff)", 130),
    ("09-practice-chat", "Practice: a chat service",
     "a second, shorter round on another new system: requirements, estimate, API, tables and design of a "
     "chat service checked by the same checkers, and a written answer on delivering one message to a "
     "group in order, once", 55),
]
TOTAL_MINUTES = sum(minutes for *_, minutes in MODULES)


def build() -> Notebook:
    nb = Notebook("start-here")
    nb.md("""
    # Does a system design interview involve coding?

    Mostly no - and yet the round is full of artifacts you could write in code: an API contract,
    a table definition, an interface between two services, a back-of-the-envelope estimate. This
    course teaches the round by having you write exactly those artifacts, and checks them the way
    a careful interviewer would: by what they mean, not how they are spelled.

    The real subject underneath is trade-off reasoning. Every module ends with a decision you
    explain in your own words, and you compare your answer against a rubric.
    """)
    nb.md("""
    ## Who it is for

    - Engineers preparing for a system design round who can already program, and want to know what
      the round actually measures and how much code to expect.
    - Instructors who want a graded, hands-on unit on system design: the course is an
      [nbgrader](https://nbgrader.readthedocs.io) course out of the box.

    You need Python basics. No distributed-systems background is assumed; each module explains what
    it uses, and the building-blocks reference below collects the common parts in one place.
    """)
    rows = "\n    ".join(
        f"| {i} | [{title}]({slug}/{slug}.ipynb) | {what} | about {minutes} min |"
        for i, (slug, title, what, minutes) in enumerate(MODULES, start=1)
    )
    hours, rest = divmod(TOTAL_MINUTES, 60)
    nb.md(f"""
    ## The modules

    Work through them in order. Modules 2 to 7 all work on one system, a URL shortener, so each adds a
    layer to a design you already know; none needs your answers from an earlier module. Module 8 puts it
    all together on a system of another shape, a news feed, in the order of a real round. Plan on
    **about {hours} hours {rest} minutes in all** ({TOTAL_MINUTES} minutes), over several sittings.

    | # | module | what you do | time |
    |---|---|---|---|
    {rows}

    **How the times were worked out.** Each is the module's reading time at about 200 words a minute,
    a usual pace for technical prose (every word of the notebook counted, code included), plus the time
    a first attempt at each exercise usually takes, written answers with their self-check included. Each
    module's header gives the split. Expect more if the topic is new to you, and less on a second pass.

    Two references to keep open beside the modules (about 10 minutes each to read):

    - [latency, throughput and availability numbers](reference-numbers.ipynb), with their sources,
      what kind of figure each is, and where the popular tables disagree;
    - [building blocks](building-blocks.ipynb): replication, partitioning, queues and delivery
      guarantees, consistency models and caching patterns, in short and with sources.

    [Your progress](my-progress.ipynb) shows the auto-checked score of every module (hidden checks
    included), which written answers you have self-assessed, how to put an exercise back to its
    release version (a backup is kept) and, once you have tried an exercise, its model solution.

    This page, the two references and every module are **your own copies** in your workspace,
    `my-work/`: the folder JupyterLab shows (`make lab` serves it and nothing above it). The course's
    originals stay untouched, so you can write, run and save anything here. When the course is
    updated, `make lab` (or `autograder workspace`) brings the update in: a notebook you never
    changed is replaced by the new version; one you changed is kept as it is, and the new version is
    put beside it as `NAME.course-update-XXXXXXXX.ipynb` for you to compare. Nothing of yours is
    overwritten. The cell below lists your module copies.
    """)
    nb.code("""
    from pathlib import Path

    import pandas as pd

    rows = []
    for notebook in sorted(Path().glob("[0-9][0-9]-*/[0-9][0-9]-*.ipynb")):
        if ".course-update-" in notebook.name:
            continue
        updates = sorted(p.name for p in notebook.parent.glob(f"{notebook.stem}.course-update-*"))
        rows.append({"module": notebook.parent.name, "your copy": str(notebook),
                     "newer course version beside it": ", ".join(updates) or "-"})
    if rows:
        display(pd.DataFrame(rows).set_index("module"))
    else:
        print(f"No module copies in {Path.cwd()}: run `make lab` (or `autograder workspace`) to make them.")
    """)
    nb.md("""
    ## How self-study works

    1. **Read, then write.** Each exercise says exactly what to write (a variable name and its
       format) and how it is checked. Write your answer in the cell marked `YOUR CODE HERE` and run it.
    2. **Run the check below it.** A check cell shows a table: each line says what was checked,
       whether it passed, and what to change. It is the same check an instructor's grader runs, minus
       some hidden scenarios.
    3. **Self-assess written answers.** After a written trade-off answer, a rubric widget lists
       what a strong answer contains. Tick what yours has and press *Save*: you then see the model
       answer. Your ticks are saved next to the notebook, only when you press *Save*.
    4. **Run the full check on your own notebook**, hidden scenarios included, from a terminal in
       the course folder:

       ```
       .venv/bin/autograder check my-work/02-api-contracts/02-api-contracts.ipynb
       ```

       It grades a copy in a temporary folder and never changes your notebook.
    5. **Run All works from the start.** An answer you have not written yet is `...`; its check says
       "not written yet" instead of stopping the notebook, so the tables, charts and sliders further
       down still appear.
    """)
    nb.md("""
    ## The Validate button

    A module's toolbar has a **Validate** button (from nbgrader). It saves nothing and submits
    nothing: it runs your notebook as saved on disk (save first) from top to bottom in a fresh
    kernel, and lists

    - every check cell that did not give full marks, and every cell that raised an error;
    - check cells (locked cells) whose text was changed - they are restored when graded.

    What it does not do: it runs only the checks in your copy, not the hidden scenarios a grader
    adds (the full check in step 4 runs those); it does not judge written answers, which are
    self-assessed here and graded by hand in a class; and it gives no score. "Success! Your
    notebook passes all the tests." means every visible check gave full marks.
    """)
    nb.md("""
    ## How an instructor uses it

    The repository root is an nbgrader course folder (`nbgrader_config.py` is there), so the
    ordinary nbgrader workflow runs as is. `make instructor` opens that folder in JupyterLab with
    formgrader and the rest of nbgrader's tools (`make lab`, this page's mode, turns them off):

    - `source/` holds the assignments with solutions and hidden tests; `release/` holds the student
      versions, regenerated with `make release` (never edit `release/` by hand).
    - Distribute `release/`, collect into `submitted/`, then grade. `nbgrader autograde` works;
      `autograder grade` does the same job with each submission in its own sandbox (no network,
      read-only system, limits on time, memory and processes), several at once, and it resumes
      where it stopped.
    - Written answers are graded by hand in formgrader with the mark scheme shown in the notebook;
      it is the same rubric learners self-assess against.
    - `nbgrader generate_feedback` shows each check's findings without revealing hidden tests;
      `nbgrader export` gives the grades.
    """)
    nb.md("""
    ## Sources and licence

    Facts and figures carry their source where they are used. The course text is licensed
    CC BY 4.0 and the code MIT (see `LICENSE-CONTENT` and `LICENSE`); `CITATION.cff` says how to cite it.
    """)
    return nb


if __name__ == "__main__":
    build().save(ROOT / "notebooks" / "00-start-here.ipynb")
