"""The ungraded explorer renders without a display and follows its sliders; reference calculations."""

from __future__ import annotations

import warnings

import pytest

from autograder.estimate import (
    SHORTENER,
    SHORTENER_HIDDEN,
    bandwidth,
    cache_size_80_20,
    explorer,
    peak_rate,
    rate_from_users,
    servers_needed,
    storage_over_retention,
)
from autograder.estimate import units as u
from autograder.estimate.explore import Explorer, summary_table

PNG = b"\x89PNG"


def test_explorer_renders_headless_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        widget = explorer(SHORTENER)
    assert widget.children, "the explorer has no children"


def test_explorer_follows_its_sliders():
    view = Explorer(SHORTENER)
    assert bytes(view.chart.value).startswith(PNG)
    assert "36.5" in view.table.value
    before = bytes(view.chart.value)
    view.years.value = 5
    assert "18.3" in view.table.value  # half the storage
    view.peak.value = 26
    assert bytes(view.chart.value) != before
    assert view.assumptions().retention == 5 * u.year


def test_explorer_starts_from_other_assumptions():
    view = Explorer(SHORTENER_HIDDEN)
    assert view.ratio.value == 100
    assert summary_table(view.assumptions()).loc["shortest code length", "value"] == 6


def test_reference_calculations():
    assert rate_from_users(150e6, 2).to("1/s").magnitude == pytest.approx(3472, rel=1e-3)
    assert peak_rate(1000 / u.s, 3).to("1/s").magnitude == pytest.approx(3000)
    assert storage_over_retention(100e6 / u.day, 10 * u.year, 100 * u.B, replicas=3).to("TB").magnitude == (
        pytest.approx(109.6, rel=1e-3))
    assert bandwidth(1000 / u.s, 1 * u.kB).to("Mbit/s").magnitude == pytest.approx(8)
    assert cache_size_80_20(1e9 / u.day, 500 * u.B).to("GB").magnitude == pytest.approx(100)
    assert servers_needed(23_148 / u.s, 5000 / u.s) == 5
    assert servers_needed(10_000 / u.s, 5000 / u.s) == 2
    assert servers_needed(1 / u.s, 5000 / u.s) == 1
