"""A run-of-show timer for the mock interview: start, pause, reset, and which time box you are in.

Exploration only, never graded (widget state is not replayed at grading). Pure ipywidgets, no
JavaScript build; the clock is injectable, so tests drive it with a fake clock and no browser.

The time boxes fit a 45-minute round. Xu ("System Design Interview", ch. 3) splits a 45-60 minute
round into scoping (3-10 min), the high-level design (10-15), the deep dive (10-25) and the wrap-up
(3-5); the course splits his high-level step into estimates, API, data model and the design itself,
because module 8 checks each as its own artifact.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["RUN_OF_SHOW", "Box", "RunOfShow", "run_of_show_timer"]


@dataclass(frozen=True)
class Box:
    """One time box of the round."""

    name: str
    minutes: float


RUN_OF_SHOW: tuple[Box, ...] = (
    Box("clarify and set requirements", 5),
    Box("estimate", 4),
    Box("API", 4),
    Box("data model", 5),
    Box("high-level design", 10),
    Box("deep dive", 12),
    Box("wrap-up", 5),
)
"""45 minutes in all; scoping 5 (Xu: 3-10), the high-level steps 23 (Xu: 10-15 for the design alone),
deep dive 12 (Xu: 10-25), wrap-up 5 (Xu: 3-5)."""


class RunOfShow:
    """The timer's state, without widgets: elapsed time, running or paused, the current box."""

    def __init__(self, boxes: tuple[Box, ...] = RUN_OF_SHOW, clock: Callable[[], float] = time.monotonic) -> None:
        if not boxes or any(b.minutes <= 0 for b in boxes):
            raise ValueError("a run of show needs at least one time box, each longer than 0 minutes")
        self.boxes = boxes
        self._clock = clock
        self._started: float | None = None
        self._banked = 0.0

    @property
    def running(self) -> bool:
        return self._started is not None

    def start(self) -> None:
        if self._started is None:
            self._started = self._clock()

    def pause(self) -> None:
        if self._started is not None:
            self._banked += self._clock() - self._started
            self._started = None

    def reset(self) -> None:
        self._started, self._banked = None, 0.0

    @property
    def elapsed(self) -> float:
        """Seconds on the clock (paused time excluded)."""
        return self._banked + (self._clock() - self._started if self._started is not None else 0.0)

    @property
    def total(self) -> float:
        return sum(b.minutes for b in self.boxes) * 60

    def current(self) -> tuple[int, Box, float] | None:
        """(index, box, seconds left in it), or None when the round's time is up."""
        t = self.elapsed
        for i, box in enumerate(self.boxes):
            if t < box.minutes * 60:
                return i, box, box.minutes * 60 - t
            t -= box.minutes * 60
        return None

    def status(self) -> str:
        """One line: which box, time left in it, and the whole round's clock."""
        now = self.current()
        clock = f"{_mmss(self.elapsed)} of {_mmss(self.total)}"
        state = "" if self.running else " (paused)" if self.elapsed else " (not started)"
        if now is None:
            return f"Time is up: {clock}. Wrap up and summarise.{state}"
        i, box, left = now
        return f"Box {i + 1} of {len(self.boxes)}: {box.name}, {_mmss(left)} left ({clock}){state}"


def _mmss(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 60}:{s % 60:02d}"


def run_of_show_timer(boxes: tuple[Box, ...] = RUN_OF_SHOW, clock: Callable[[], float] = time.monotonic,
                      tick_seconds: float = 1.0, autotick: bool = True):
    """A widget: Start, Pause and Reset buttons, the list of boxes with the current one marked, a status line.

    The display refreshes every ``tick_seconds`` while the kernel is idle (a background thread updates
    the widgets' values) when ``autotick`` is true; ``widget.refresh()`` refreshes it by hand.
    """
    import threading

    import ipywidgets as widgets

    state = RunOfShow(boxes, clock)
    start = widgets.Button(description="Start", icon="play")
    pause = widgets.Button(description="Pause", icon="pause")
    reset = widgets.Button(description="Reset", icon="undo")
    status = widgets.HTML()
    agenda = widgets.HTML()
    progress = widgets.FloatProgress(min=0.0, max=state.total, value=0.0, description="round")

    def refresh(*_: object) -> None:
        now = state.current()
        index = now[0] if now else len(boxes)
        rows = []
        for i, box in enumerate(boxes):
            mark = "&#9654; " if i == index else ("&#10003; " if i < index else "")
            text = f"{mark}{box.name} ({box.minutes:g} min)"
            rows.append(f"<li><b>{text}</b></li>" if i == index else f"<li>{text}</li>")
        agenda.value = "<ol style='margin:0'>" + "".join(rows) + "</ol>"
        status.value = state.status()
        progress.value = min(state.elapsed, state.total)

    def on_start(_: object) -> None:
        state.start()
        refresh()
        if autotick:
            _ticker()

    def on_pause(_: object) -> None:
        state.pause()
        refresh()

    def on_reset(_: object) -> None:
        state.reset()
        refresh()

    def _ticker() -> None:
        def loop() -> None:
            while state.running:
                time.sleep(tick_seconds)
                refresh()

        threading.Thread(target=loop, daemon=True).start()

    start.on_click(on_start)
    pause.on_click(on_pause)
    reset.on_click(on_reset)
    box = widgets.VBox([widgets.HBox([start, pause, reset]), progress, status, agenda])
    box.state = state
    box.refresh = refresh
    box.buttons = {"start": start, "pause": pause, "reset": reset}
    box.status = status
    box.agenda = agenda
    refresh()
    return box
