"""The self-assessment widget (the only part of :mod:`autograder.rubric` that imports ipywidgets)."""

from __future__ import annotations

import html
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from .hints import find_answer_text, hint, looked_for
from .model import CONFIDENCE_LEVELS, Question, Rubric, RubricError, _fmt_points, _number, load_rubric
from .savefile import SaveBusyError, SaveFileError, read_self_assessments, save_path, save_self_assessment

__all__ = ["SelfAssessment", "self_assess"]

_NOT_SAID = "not said"

def self_assess(
    assignment: str,
    question: str,
    *,
    folder: str | Path | None = None,
    answer_text: str | None = None,
    rubric_dir: str | Path | None = None,
) -> widgets.VBox:
    """The self-assessment widget for written answer ``question`` of ``assignment``.

    Never raises on a missing rubric file or an unknown question: it returns a widget that says what
    is wrong (the learner's answer is unaffected). See the module docstring for a notebook example.
    """
    try:
        rubric = load_rubric(assignment, rubric_dir)
        q = rubric.question(question)
    except RubricError as exc:
        return _message_box(
            f"The self-check for this answer cannot be shown: {exc}. Your written answer is not affected "
            "and is still graded; please tell your instructor about this message."
        )
    try:
        return SelfAssessment(rubric, q, folder=folder, answer_text=answer_text)
    except Exception as exc:  # a learner must never see a traceback from the course's package
        return _message_box(
            f"The self-check for this answer could not be shown ({type(exc).__name__}: {exc}). Your written "
            "answer is not affected and is still graded; please tell your instructor about this message."
        )


class SelfAssessment(widgets.VBox):
    """Checkboxes for the criteria of one question, an optional confidence, Save, then score and model answer.

    Headless use (tests): tick with ``widget.checkboxes[criterion_id].value = True``, set
    ``widget.confidence.value``, and call ``widget.save_button.click()`` (the same handler a click runs).
    Nothing is written before that click.
    """

    def __init__(
        self,
        rubric: Rubric,
        question: Question,
        *,
        folder: str | Path | None = None,
        answer_text: str | None = None,
    ) -> None:
        self.rubric = rubric
        self.question = question
        self.folder = Path(folder if folder is not None else os.getcwd())
        self.answer_text = answer_text
        self.path = save_path(rubric.assignment, self.folder)
        self._saved: dict = {}

        header = widgets.HTML(
            f"<b>Self-check: {html.escape(question.title)}</b> "
            f"<span style='color:#555'>(not your grade: your instructor marks the answer by hand with "
            f"these same criteria; nothing is saved until you click Save)</span>"
        )
        self.hint_button = widgets.Button(
            description="Look for gaps in my answer",
            tooltip="Reads your answer from the notebook as last saved (Ctrl+S first); never a score",
            layout=widgets.Layout(width="auto"),
        )
        self.hint_button.add_class("autograder-rubric-hint-button")
        self.hint_output = widgets.HTML("")
        self.hint_output.add_class("autograder-rubric-hint")
        self.hint_button.on_click(self._on_hint)

        self.checkboxes: dict[str, widgets.Checkbox] = {}
        """Per criterion: ticked means full credit."""
        self.half_boxes: dict[str, widgets.Checkbox] = {}
        """Per criterion the mark scheme gives half credit for: ticked means half of its points."""
        rows = []
        for c in question.criteria:
            # The criterion's text goes in an HTML label beside a bare checkbox, not in the checkbox's
            # description: ipywidgets cuts a long description off with an ellipsis, and a learner must
            # read the whole criterion. The label wraps.
            box = widgets.Checkbox(value=False, indent=False, description="",
                                   layout=widgets.Layout(width="28px", flex="0 0 auto"))
            box.add_class("autograder-rubric-criterion")
            self.checkboxes[c.id] = box
            half_note = (f" Tick <i>half</i> for half credit ({_fmt_points(c.points / 2)})."
                         if c.half_credit else "")
            label = widgets.HTML(
                f"<div class='autograder-rubric-criterion-text' style='white-space:normal;overflow-wrap:anywhere;"
                f"line-height:1.4'>{html.escape(c.text)} <b>({_fmt_points(c.points)})</b>"
                f"<div style='color:#555;font-size:90%;margin:2px 0 6px 0'>{html.escape(c.explain)}{half_note}"
                f"</div></div>",
                layout=widgets.Layout(flex="1 1 auto", width="auto", min_width="0"),
            )
            parts: list[widgets.Widget] = [box, label]
            if c.half_credit:
                half = widgets.Checkbox(value=False, indent=False, description="half",
                                        layout=widgets.Layout(width="auto", flex="0 0 auto"))
                half.add_class("autograder-rubric-half")
                self.half_boxes[c.id] = half
                box.observe(self._exclusive(half), names="value")
                half.observe(self._exclusive(box), names="value")
                parts.append(half)
            rows.append(widgets.HBox(parts, layout=widgets.Layout(width="100%", align_items="flex-start")))

        self.confidence = widgets.ToggleButtons(
            options=[_NOT_SAID, *CONFIDENCE_LEVELS],
            value=_NOT_SAID,
            description="How sure are you? (optional)",
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.confidence.add_class("autograder-rubric-confidence")
        self.save_button = widgets.Button(
            description="Save my self-assessment",
            button_style="primary",
            icon="save",
            layout=widgets.Layout(width="auto"),
        )
        self.save_button.add_class("autograder-rubric-save")
        self.save_button.on_click(self._on_save)
        self.status = widgets.HTML("")
        self.status.add_class("autograder-rubric-status")
        self.result = widgets.HTML("")
        self.result.add_class("autograder-rubric-result")

        super().__init__(
            [
                header,
                widgets.HBox([self.hint_button]),
                self.hint_output,
                *rows,
                self.confidence,
                self.save_button,
                self.status,
                self.result,
            ],
            layout=widgets.Layout(border="1px solid #ccc", padding="6px 10px", margin="6px 0"),
        )
        self.add_class("autograder-rubric")
        self._load_earlier()

    def __repr__(self) -> str:
        """The text/plain of the cell output: short, not the widget tree.

        It states the saved self-assessment, so an instructor reading the autograded notebook
        (where the widget cannot run) still sees what the learner claimed.
        """
        where = f"{self.rubric.assignment}/{self.question.id}"
        saved = self._saved
        if not saved:
            return f"<self-assessment of {where}: not saved>"
        points = saved.get("points")
        if isinstance(points, bool) or not isinstance(points, (int, float)):
            return f"<self-assessment of {where}: saved, points unreadable>"
        confidence = saved.get("confidence") if saved.get("confidence") in CONFIDENCE_LEVELS else "not said"
        return (
            f"<self-assessment of {where}: saved {_fmt_points(points, unit=False)} "
            f"of {_fmt_points(self.question.points)}, confidence {confidence}>"
        )

    # -- state -------------------------------------------------------------------------------------

    @staticmethod
    def _exclusive(other: widgets.Checkbox) -> Any:
        """An observer that unticks ``other`` when its own box is ticked: full and half credit exclude each other."""

        def untick(change: dict) -> None:
            if change.get("new"):
                other.value = False

        return untick

    def credit(self, criterion_id: str) -> float:
        """The share of a criterion's points claimed: 1 (ticked), 0.5 (half credit) or 0."""
        if self.checkboxes[criterion_id].value:
            return 1
        half = self.half_boxes.get(criterion_id)
        return 0.5 if half is not None and half.value else 0

    @property
    def points(self) -> float:
        """Self-assessed points: the ticked criteria, and half of those given half credit."""
        return _number(sum(c.points * self.credit(c.id) for c in self.question.criteria))

    def entry(self) -> dict:
        """What Save stores for this question: per criterion ``true``, ``false`` or ``0.5`` (half credit)."""
        confidence = self.confidence.value
        return {
            "criteria": {cid: True if self.credit(cid) == 1 else 0.5 if self.credit(cid) else False
                         for cid in self.checkboxes},
            "points": self.points,
            "max_points": self.question.points,
            "confidence": None if confidence == _NOT_SAID else confidence,
            "saved_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }

    def _load_earlier(self) -> None:
        """Show an earlier save of this question (reading only; nothing is written here)."""
        try:
            data = read_self_assessments(self.path)
        except SaveFileError as exc:
            self._say(
                "warning",
                f"Your earlier save file could not be read ({exc}). When you click Save it "
                "will be kept under a new name and a fresh file started; nothing is deleted.",
            )
            return
        except OSError as exc:
            self._say("warning", f"Your earlier save file could not be opened ({exc.strerror or exc}).")
            return
        earlier = data["questions"].get(self.question.id)
        if not isinstance(earlier, dict):
            return
        self._saved = earlier
        ticks = earlier.get("criteria")
        if isinstance(ticks, dict):
            for cid, box in self.checkboxes.items():
                box.value = ticks.get(cid) is True
                if cid in self.half_boxes:
                    self.half_boxes[cid].value = ticks.get(cid) == 0.5 and ticks.get(cid) is not True
        if earlier.get("confidence") in CONFIDENCE_LEVELS:
            self.confidence.value = earlier["confidence"]
        when = earlier.get("saved_at", "earlier")
        self._say(
            "info",
            f"Loaded your self-assessment saved at {html.escape(str(when))}. "
            "Change it and click Save again to update it.",
        )
        self._reveal()

    # -- handlers ----------------------------------------------------------------------------------

    def _on_save(self, _button: Any = None) -> None:
        entry = self.entry()
        try:
            outcome = save_self_assessment(self.rubric.assignment, self.question.id, entry, self.folder)
        except SaveBusyError:
            self._say(
                "error",
                "Another notebook is saving to the same file right now. Your ticks are kept "
                "here: click Save again in a moment.",
            )
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self._say(
                "error",
                f"Could not save to {html.escape(str(self.path))}: {html.escape(reason)}. Your ticks are kept "
                "here and your earlier save (if any) is unchanged. If this folder is read-only, save a copy of the "
                "notebook in a folder you can write to (File &gt; Save Notebook As...) and click Save there.",
            )
        except Exception as exc:  # a learner must never see a traceback from the course's package
            self._say(
                "error",
                f"Could not save ({html.escape(type(exc).__name__)}: {html.escape(str(exc))}). "
                "Your ticks are kept here; click Save again, and tell your instructor if it persists.",
            )
        else:
            self._saved = entry
            message = f"Saved at {time.strftime('%H:%M:%S')} to {html.escape(outcome.path.name)}."
            if outcome.moved_aside is not None:
                message += (
                    f" The earlier file could not be read, so it was kept as "
                    f"{html.escape(outcome.moved_aside.name)} and a new file started."
                )
                self._say("warning", message)
            else:
                self._say("ok", message + " Click Save again after changes to update it.")
        self._reveal()  # saved or not, the learner is never blocked from the model answer

    def _on_hint(self, _button: Any = None) -> None:
        try:
            if self.answer_text is not None:
                text, origin = self.answer_text, "the text given to the widget"
            else:
                found = find_answer_text(self.question.id, self.folder)
                if found is None:
                    self.hint_output.value = _box(
                        "warning",
                        f"No saved notebook in {html.escape(str(self.folder))} has the answer cell "
                        f"<code>{html.escape(self.question.id)}</code>. Save the notebook (Ctrl+S) and try again, "
                        'or run <code>hint("""your answer""")</code> from <code>autograder.rubric</code>.',
                    )
                    return
                text, nb_path = found
                saved = time.strftime("%H:%M:%S", time.localtime(nb_path.stat().st_mtime))
                origin = f"{html.escape(nb_path.name)} as last saved at {saved}; press Ctrl+S to refresh"
            suggestions = hint(text, self.question)
        except Exception as exc:  # the hint is optional: never a traceback
            self.hint_output.value = _box("warning", f"The hint could not run ({html.escape(str(exc))}).")
            return
        if suggestions:
            items = "".join(f"<li>{html.escape(s)}</li>" for s in suggestions)
            body = f"<b>Suggestions, not a score</b> (from {origin}):<ul style='margin:2px 0'>{items}</ul>"
        else:
            body = (
                f"<b>No gaps spotted</b> (from {origin}): it seems to cover "
                f"{html.escape(', '.join(looked_for(self.question)))}. "
                "Word matching can be fooled, so still check it against the criteria below."
            )
        self.hint_output.value = _box("info", body)

    # -- display -----------------------------------------------------------------------------------

    def _say(self, level: str, message: str) -> None:
        self.status.value = _box(level, message)

    def _reveal(self) -> None:
        q = self.question
        missed = [c for c in q.criteria if not self.checkboxes[c.id].value]
        missed_html = ""
        if missed:
            items = "".join(
                f"<li>{html.escape(c.text)}{' (half credit given)' if self.credit(c.id) else ''}</li>" for c in missed
            )
            missed_html = f"<p style='margin:4px 0'>Not ticked yet:</p><ul style='margin:2px 0'>{items}</ul>"
        self.result.value = (
            f"<div style='margin-top:6px'><p style='font-size:110%;margin:4px 0'><b>Your self-assessment: "
            f"{_fmt_points(self.points, unit=False)} of {_fmt_points(q.points)}</b></p>{missed_html}"
            f"<details open><summary><b>Model answer</b></summary>"
            f"<div class='autograder-rubric-model'>{_markdown(q.model_answer)}</div></details>"
            f"<details open><summary><b>What a strong answer adds</b></summary>"
            f"<div class='autograder-rubric-strong'>{_markdown(q.strong_answer_adds)}</div></details></div>"
        )


_COLOURS = {"ok": "#1a7f37", "info": "#0969da", "warning": "#9a6700", "error": "#b42318"}


def _box(level: str, message: str) -> str:
    colour = _COLOURS.get(level, "#555")
    return (
        f"<div class='autograder-rubric-{level}' style='border-left:4px solid {colour};"
        f"padding:2px 8px;margin:4px 0'>{message}</div>"
    )


def _message_box(message: str) -> widgets.VBox:
    box = widgets.VBox([widgets.HTML(_box("warning", html.escape(message)))])
    box.add_class("autograder-rubric")
    return box


def _markdown(text: str) -> str:
    try:
        import mistune
    except ImportError:  # mistune comes with nbconvert; plain text if it is ever missing
        return f"<pre style='white-space:pre-wrap'>{html.escape(text)}</pre>"
    return str(mistune.html(text))
