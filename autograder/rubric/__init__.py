"""Rubrics for written answers: the learner's self-assessment widget and the instructor's mark scheme.

A written (prose) answer is graded by hand in nbgrader. The learner checks it
first against the same rubric the instructor will use: a widget lists the
rubric's criteria as checkboxes, takes an optional confidence rating, and on
**Save** stores the ticks, shows the self-assessed score and reveals the model
answer and what a strong answer adds.

In a notebook, the cell after a written answer cell (nbgrader "manually graded
answer" whose ``grade_id`` is the question id) holds exactly::

    from autograder.rubric import self_assess
    self_assess("05-trade-offs", "redirect_status")

The widget is the cell's value, so it is displayed. Optional keywords:
``folder=`` (where the save file goes; default: the kernel's working
directory, which is the notebook's folder) and ``answer_text=`` (the answer to
look at for the ungraded hint; default: read from the notebook file as last
saved, see :func:`find_answer_text`). ``hint(text, question)`` gives the same
suggestions for any string.

In a notebook builder (``authoring/NN_name.py``, see ``authoring/05_trade_offs.py``), each written
question takes its points, model answer and mark scheme from the rubric, so the instructor grades
with what the learner saw (``tests/test_rubric.py`` checks every ``self_assess`` call against this)::

    from autograder.rubric import load_rubric, mark_scheme_markdown
    q = load_rubric("05-trade-offs").question("redirect_status")
    nb.written(q.id, q.model_answer, points=q.points)            # learner writes here; graded by hand
    nb.locked_md(f"{q.id}_mark_scheme", mark_scheme_markdown(q))  # restored by nbgrader: the grader sees it
    nb.locked_code(f"{q.id}_self_check",
                   f'from autograder.rubric import self_assess\\n\\nself_assess("05-trade-offs", "{q.id}")')

Rubric files
------------
One YAML file per assignment, ``autograder/rubrics/<assignment>.yaml``, keyed
by question id (= the ``grade_id`` of the written answer cell)::

    assignment: 05-trade-offs          # must equal the file name without .yaml
    title: Trade-offs                  # shown in the marking guide
    questions:
      redirect_status:
        title: 301 or 302 for the redirect
        prompt: Which status code should the redirect return, and why?
        criteria:                      # the checkboxes and the mark scheme, in order
          - id: decision               # [A-Za-z0-9_-], unique in the question
            text: Picks one status code and ties it to a stated requirement
            explain: An answer that lists both codes without choosing dodges the question.
            points: 1                  # > 0; the question is worth the sum
            half_credit: true          # optional: the mark scheme gives half the points for a partial
                                       # answer (say for what in 'explain'); the widget offers "half"
        model_answer: |                # markdown, revealed after Save; the source notebook's solution
          I would return 302 ...
        strong_answer_adds: |          # markdown, revealed after Save
          - Quantifies ...
        hint:                          # optional, for the ungraded hint
          options:                     # the choices being compared, each with its synonyms
            - ["301", moved permanently]
            - ["302", found]
          look_for:                    # optional: what to look for instead of the trade-off defaults
            - criterion: decision      # the criterion it serves (an id above)
              label: a chosen status code           # shown when no gap is found
              words: ["301", "302", moved permanently, found]   # any of them counts as found
              suggestion: Your answer does not seem to pick one status code.

Without ``look_for`` the hint treats the answer as a trade-off: it asks for an alternative (naming
two ``options`` counts), a cost and a failure case. The length is compared with the prompt's
"In A-B words".

Unknown keys are errors (they are usually typos). :func:`load_rubric` checks
all of it and names the file, question and field of any mistake.

Save file
---------
``<assignment>.self-assessment.json`` beside the notebook, so nbgrader's
submit and collect carry it. It is written only by a click on Save, atomically
(a temporary file in the same folder, then ``os.replace``), under a lock (``filelock``, so on
Windows too) and
merged on write so two notebooks saving at once both keep their entries. A
save file that cannot be read is moved aside (``<assignment>.corrupt-<time>
.self-assessment.json``), never deleted. Layout::

    {"format": 1, "assignment": "05-trade-offs",
     "questions": {"redirect_status": {
         "criteria": {"decision": true, "caching_mechanism": false, ...},   # 0.5: half credit
         "points": 3, "max_points": 4, "confidence": "fairly sure",   # or null
         "saved_at": "2026-11-25T15:20:01Z", "saves": 2,
         "first_save": {...the same fields as first saved, before the model answer was seen...}}}}

:func:`read_self_assessments` reads one file; :func:`self_assessment_rows` gathers every learner's
from nbgrader's ``submitted/`` folder as flat rows (self-assessed vs instructor scores, calibration).

Modules: :mod:`.model` (the rubric file and the mark scheme), :mod:`.savefile` (the save file),
:mod:`.hints` (the ungraded hint) and :mod:`.widget` (the only one importing ipywidgets; loaded on
first use of :func:`self_assess` or :class:`SelfAssessment`, so loading a rubric stays light).

Instructors: ``python -m autograder.rubric 05-trade-offs`` prints the marking guide (criteria, model
answers, what strong answers add) as markdown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .hints import find_answer_text, hint
from .model import (
    CONFIDENCE_LEVELS,
    RUBRIC_DIR,
    Criterion,
    Question,
    Rubric,
    RubricError,
    load_rubric,
    mark_scheme_markdown,
    marking_guide,
    parse_rubric,
)
from .savefile import (
    SaveBusyError,
    SaveFileError,
    SaveOutcome,
    read_self_assessments,
    save_path,
    save_self_assessment,
    self_assessment_rows,
)

if TYPE_CHECKING:
    from .widget import SelfAssessment, self_assess

__all__ = [
    "RUBRIC_DIR",
    "CONFIDENCE_LEVELS",
    "Criterion",
    "Question",
    "Rubric",
    "RubricError",
    "SaveBusyError",
    "SaveFileError",
    "SaveOutcome",
    "SelfAssessment",
    "find_answer_text",
    "hint",
    "load_rubric",
    "mark_scheme_markdown",
    "marking_guide",
    "parse_rubric",
    "read_self_assessments",
    "self_assessment_rows",
    "save_path",
    "save_self_assessment",
    "self_assess",
]

_WIDGET_NAMES = ("SelfAssessment", "self_assess")


def __getattr__(name: str) -> Any:
    """The widget's names, imported on first use (ipywidgets is not needed to load a rubric)."""
    if name in _WIDGET_NAMES:
        from . import widget

        return getattr(widget, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _main(argv: list[str] | None = None) -> int:
    """``python -m autograder.rubric ASSIGNMENT``: print the instructor's marking guide."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python -m autograder.rubric ASSIGNMENT   (prints the marking guide as markdown)")
        return 2
    try:
        print(marking_guide(load_rubric(args[0])), end="")
    except RubricError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
