"""The run-of-show timer, driven with a fake clock and no browser."""

from __future__ import annotations

import pytest

from autograder.timer import RUN_OF_SHOW, Box, RunOfShow, run_of_show_timer


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_run_of_show_is_45_minutes_in_the_issue_s_boxes():
    assert sum(b.minutes for b in RUN_OF_SHOW) == 45
    assert [b.name for b in RUN_OF_SHOW] == ["clarify and set requirements", "estimate", "API", "data model",
                                            "high-level design", "deep dive", "wrap-up"]


def test_start_pause_reset_and_the_current_box():
    clock = FakeClock()
    t = RunOfShow(clock=clock)
    assert t.elapsed == 0 and "not started" in t.status()
    t.start()
    clock.now += 4 * 60
    assert t.current()[1].name == "clarify and set requirements"
    clock.now += 2 * 60  # 6 min: into the estimate box
    i, box, left = t.current()
    assert (i, box.name, left) == (1, "estimate", 3 * 60)
    t.pause()
    clock.now += 600  # paused time does not count
    assert t.elapsed == 6 * 60 and "paused" in t.status()
    t.start()
    clock.now += 30 * 60  # 36 min: deep dive (18 + 10 = 28 .. 40)
    assert t.current()[1].name == "deep dive"
    assert t.status().startswith("Box 6 of 7: deep dive, 4:00 left (36:00 of 45:00)")
    clock.now += 10 * 60
    assert t.current() is None and t.status().startswith("Time is up")
    t.reset()
    assert t.elapsed == 0 and not t.running


def test_start_twice_does_not_restart():
    clock = FakeClock()
    t = RunOfShow(clock=clock)
    t.start()
    clock.now += 60
    t.start()
    assert t.elapsed == 60


def test_bad_boxes_are_an_authoring_error():
    with pytest.raises(ValueError):
        RunOfShow(())
    with pytest.raises(ValueError):
        RunOfShow((Box("x", 0),))


def test_widget_buttons_drive_the_same_state():
    clock = FakeClock()
    w = run_of_show_timer(clock=clock, autotick=False)
    assert "<b>" in w.agenda.value and "clarify" in w.agenda.value.split("<b>")[1]
    w.buttons["start"].click()
    clock.now += 20 * 60  # 20 min: high-level design (18 .. 28)
    w.refresh()
    assert "high-level design" in w.status.value
    assert "high-level design" in w.agenda.value.split("<b>")[1]
    assert w.agenda.value.count("&#10003;") == 4
    w.buttons["pause"].click()
    clock.now += 300
    w.refresh()
    assert "paused" in w.status.value and "20:00 of 45:00" in w.status.value
    w.buttons["reset"].click()
    assert "not started" in w.status.value
