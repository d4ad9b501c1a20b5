"""The ungraded explorer renders without a display and follows its sliders; reference calculations."""

from __future__ import annotations

import dataclasses
import itertools
import math
import struct
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
    shortener_reference,
    storage_over_retention,
)
from autograder.estimate import units as u
from autograder.estimate.explore import (
    CHART_HEIGHT,
    CHART_WIDTH,
    PIXEL_RATIO,
    Explorer,
    chart_figure,
    summary_table,
)

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


def _png_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk of a PNG
    return width, height


def test_chart_is_drawn_at_its_shown_size_times_the_pixel_ratio():
    """Not stretched: the PNG's pixels are exactly PIXEL_RATIO x the widget's fixed CSS size, the
    widget neither grows nor shrinks in its row, and the image keeps its aspect ratio."""
    view = Explorer(SHORTENER)
    assert view.chart.layout.width == f"{CHART_WIDTH}px" and view.chart.layout.height == f"{CHART_HEIGHT}px"
    assert view.chart.layout.flex == "0 0 auto" and view.chart.layout.object_fit == "contain"
    assert _png_size(bytes(view.chart.value)) == (CHART_WIDTH * PIXEL_RATIO, CHART_HEIGHT * PIXEL_RATIO)
    view.ratio.value = 150
    assert _png_size(bytes(view.chart.value)) == (CHART_WIDTH * PIXEL_RATIO, CHART_HEIGHT * PIXEL_RATIO)


def test_axes_stay_fixed_while_the_sliders_move():
    view = Explorer(SHORTENER)
    limits = view.limits
    view.peak.value = 30
    view.years.value = 1
    assert view.limits == limits
    left, right = chart_figure(summary_table(view.assumptions()), view.limits).axes
    assert left.get_ylim() == pytest.approx(limits[0]) and right.get_ylim() == pytest.approx(limits[1])


def test_every_slider_position_fits_the_fixed_axes():
    """The bars at every corner of the sliders' ranges lie inside the fixed limits (bars are monotonic
    in each slider, so no position in between can leave them)."""
    view = Explorer(SHORTENER)
    (rate_low, rate_high), (size_low, size_high) = view.limits
    for new_urls, ratio, peak, years, row in itertools.product(
            (1e5, 1e10), (1, 200), (1, 30), (1, 20), (50, 2000)):
        a = dataclasses.replace(SHORTENER, new_urls=new_urls / u.day, read_write_ratio=ratio, peak_factor=peak,
                                retention=years * u.year, row_size=row * u.B)
        ref = shortener_reference(a)
        rates = [ref[k].to("1/s").magnitude for k in ("write_qps", "read_qps", "peak_read_qps")]
        sizes = [ref[k].to("GB").magnitude for k in ("storage", "storage_replicated", "cache_size")]
        assert all(rate_low <= r <= rate_high for r in rates)
        assert all(size_low <= s <= size_high for s in sizes)


def test_axis_limits_are_whole_decades():
    (rate_low, rate_high), (size_low, size_high) = Explorer(SHORTENER).limits
    for value in (rate_low, rate_high, size_low, size_high):
        assert math.log10(value) == pytest.approx(round(math.log10(value)))
