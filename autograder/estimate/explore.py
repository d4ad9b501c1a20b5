"""An ungraded explorer: move the URL shortener's assumptions and watch the estimate change.

Built from ipywidgets only (sliders, an HTML table, a PNG image drawn by a
matplotlib ``Figure`` without pyplot), so it renders the same in JupyterLab and
in a headless run (nbval, nbgrader) and changes no global plotting state.
Nothing it shows is graded.

The chart stays sharp and still while the sliders move:

- the PNG is drawn at :data:`PIXEL_RATIO` times the size it is shown at (:data:`CHART_WIDTH` x
  :data:`CHART_HEIGHT` CSS pixels, fixed in the image widget's layout, which does not shrink or
  grow in its row), so a high-density screen gets its pixels and nothing is stretched;
- both log axes have fixed limits, computed once from the sliders' extremes
  (:func:`axis_limits`), so a bar moves against a scale that does not.
"""

from __future__ import annotations

import dataclasses
import io
import math

import ipywidgets as widgets
from matplotlib.figure import Figure

from autograder.estimate.facts import Assumptions
from autograder.estimate.shortener import shortener_reference
from autograder.estimate.units import ureg

__all__ = ["CHART_HEIGHT", "CHART_WIDTH", "PIXEL_RATIO", "Explorer", "axis_limits", "chart_figure", "chart_png",
           "summary_table"]

CHART_WIDTH, CHART_HEIGHT = 560, 260
"""Size the chart is shown at, in CSS pixels (the image widget's layout)."""
PIXEL_RATIO = 2
"""Device pixels drawn per CSS pixel (sharp on high-density screens, downscaled cleanly elsewhere)."""
_DPI = 100

_ROWS = (
    ("write_qps", "average writes", "1/s"),
    ("read_qps", "average reads", "1/s"),
    ("peak_read_qps", "peak reads", "1/s"),
    ("storage", "storage, one copy", "TB"),
    ("storage_replicated", "storage, all replicas", "TB"),
    ("ingress", "ingress", "Mbit/s"),
    ("egress", "egress", "Mbit/s"),
    ("cache_size", "cache (80/20 rule)", "GB"),
    ("servers", "servers at peak", None),
    ("key_length", "shortest code length", None),
    ("collision_probability", "collision chance per new code", None),
)


def summary_table(a: Assumptions):
    """The reference estimate for ``a`` as a pandas DataFrame (quantity, value, unit)."""
    import pandas as pd

    ref = shortener_reference(a)
    rows = []
    for key, label, unit in _ROWS:
        value = ref[key]
        magnitude = value.to(unit).magnitude if unit else float(value)
        rows.append((label, float(f"{magnitude:.3g}"), unit or ""))
    return pd.DataFrame(rows, columns=["quantity", "value", "unit"]).set_index("quantity")


class Explorer:
    """Sliders for the main assumptions; a live table and a log-scale bar chart."""

    def __init__(self, assumptions: Assumptions) -> None:
        self.base = assumptions
        per_day = assumptions.new_urls.to("1/day").magnitude
        style = {"description_width": "190px"}
        layout = widgets.Layout(width="520px")
        self.new_urls = widgets.FloatLogSlider(value=per_day, base=10, min=5, max=10, step=0.1,
                                               description="new URLs per day", style=style, layout=layout,
                                               readout_format=".3g")
        self.ratio = widgets.IntSlider(value=int(assumptions.read_write_ratio), min=1, max=200,
                                       description="reads per write", style=style, layout=layout)
        self.peak = widgets.FloatSlider(value=float(assumptions.peak_factor), min=1, max=30, step=0.5,
                                        description="peak factor", style=style, layout=layout)
        self.years = widgets.IntSlider(value=int(assumptions.retention.to("year").magnitude), min=1, max=20,
                                       description="retention (years)", style=style, layout=layout)
        self.row = widgets.IntSlider(value=int(assumptions.row_size.to("B").magnitude), min=50, max=2000, step=50,
                                     description="bytes per row", style=style, layout=layout)
        self.table = widgets.HTML(layout=widgets.Layout(flex="0 0 auto"))
        self.chart = widgets.Image(format="png", layout=widgets.Layout(
            width=f"{CHART_WIDTH}px", height=f"{CHART_HEIGHT}px", flex="0 0 auto", object_fit="contain"))
        controls = [self.new_urls, self.ratio, self.peak, self.years, self.row]
        self.limits = axis_limits(assumptions, controls)
        for control in controls:
            control.observe(self._update, names="value")
        self.widget = widgets.VBox([
            widgets.HTML("<b>Explore the URL shortener estimate</b> (not graded: move a slider, watch what changes)"),
            *controls,
            widgets.HBox([self.table, self.chart], layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start")),
        ])
        self._update()

    def assumptions(self) -> Assumptions:
        """The assumptions the sliders currently describe."""
        return dataclasses.replace(
            self.base,
            new_urls=self.new_urls.value / ureg.day,
            read_write_ratio=self.ratio.value,
            peak_factor=self.peak.value,
            retention=self.years.value * ureg.year,
            row_size=self.row.value * ureg.B,
        )

    def _update(self, change=None) -> None:
        table = summary_table(self.assumptions())
        self.table.value = table.to_html(float_format=lambda v: f"{v:.3g}")
        self.chart.value = chart_png(table, self.limits)


def _bars(table) -> tuple[list[float], list[float]]:
    """The chart's two groups: request rates per second, and data sizes in GB."""
    rates = table.loc[["average writes", "average reads", "peak reads"], "value"]
    data = table.loc[["storage, one copy", "storage, all replicas", "cache (80/20 rule)"]]
    data_gb = [value * (1000 if unit == "TB" else 1) for value, unit in zip(data["value"], data["unit"], strict=True)]
    return [float(v) for v in rates.values], [float(v) for v in data_gb]


def _decade_span(values: list[float]) -> tuple[float, float]:
    low, high = min(v for v in values if v > 0), max(values)
    return 10 ** math.floor(math.log10(low)), 10 ** math.ceil(math.log10(high))


def axis_limits(assumptions: Assumptions, controls) -> tuple[tuple[float, float], tuple[float, float]]:
    """Fixed (rates, sizes) y-limits covering every slider position: whole decades around the
    smallest and largest bar any combination of the sliders' ends can draw (each bar is monotonic
    in each slider, so the corners of the slider box bound it)."""
    import itertools

    names = ("new_urls", "read_write_ratio", "peak_factor", "retention", "row_size")
    makers = (lambda v: v / ureg.day, lambda v: v, lambda v: v, lambda v: v * ureg.year, lambda v: v * ureg.B)
    ends = []
    for control in controls:
        if isinstance(control, widgets.FloatLogSlider):
            ends.append((control.base**control.min, control.base**control.max))
        else:
            ends.append((control.min, control.max))
    rates: list[float] = []
    sizes: list[float] = []
    for corner in itertools.product(*ends):
        changes = {name: make(value) for name, make, value in zip(names, makers, corner, strict=True)}
        ref = shortener_reference(dataclasses.replace(assumptions, **changes))
        rates += [float(ref[k].to("1/s").magnitude) for k in ("write_qps", "read_qps", "peak_read_qps")]
        sizes += [float(ref[k].to("GB").magnitude) for k in ("storage", "storage_replicated", "cache_size")]
    return _decade_span(rates), _decade_span(sizes)


def chart_png(table, limits=None) -> bytes:
    """The bar chart as PNG bytes, :data:`PIXEL_RATIO` x the shown size, on fixed axes when ``limits`` is given."""
    buffer = io.BytesIO()
    chart_figure(table, limits).savefig(buffer, format="png", dpi=_DPI * PIXEL_RATIO)
    return buffer.getvalue()


def chart_figure(table, limits=None) -> Figure:
    """The bar chart's matplotlib Figure (no pyplot), :data:`CHART_WIDTH` x :data:`CHART_HEIGHT` at 100 dpi."""
    rates, data_gb = _bars(table)
    figure = Figure(figsize=(CHART_WIDTH / _DPI, CHART_HEIGHT / _DPI), dpi=_DPI)
    left, right = figure.subplots(1, 2)
    left.bar(range(len(rates)), rates, color="#4477aa")
    left.set_xticks(range(len(rates)), ["writes", "reads", "peak"])
    left.set_yscale("log")
    left.set_ylabel("requests per second (log)")
    right.bar(range(len(data_gb)), data_gb, color="#cc6677")
    right.set_xticks(range(len(data_gb)), ["1 copy", "replicas", "cache"])
    right.set_yscale("log")
    right.set_ylabel("GB (log)")
    if limits is not None:
        left.set_ylim(*limits[0])
        right.set_ylim(*limits[1])
    # Fixed margins instead of tight_layout: the plot area must not shift when tick labels change.
    figure.subplots_adjust(left=0.12, right=0.98, bottom=0.12, top=0.96, wspace=0.35)
    return figure
