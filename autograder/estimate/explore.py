"""An ungraded explorer: move the URL shortener's assumptions and watch the estimate change.

Built from ipywidgets only (sliders, an HTML table, a PNG image drawn by a
matplotlib ``Figure`` without pyplot), so it renders the same in JupyterLab and
in a headless run (nbval, nbgrader) and changes no global plotting state.
Nothing it shows is graded.
"""

from __future__ import annotations

import dataclasses
import io

import ipywidgets as widgets
from matplotlib.figure import Figure

from autograder.estimate.facts import Assumptions
from autograder.estimate.shortener import shortener_reference
from autograder.estimate.units import ureg

__all__ = ["Explorer", "summary_table"]

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
        self.table = widgets.HTML()
        self.chart = widgets.Image(format="png")
        controls = [self.new_urls, self.ratio, self.peak, self.years, self.row]
        for control in controls:
            control.observe(self._update, names="value")
        self.widget = widgets.VBox([
            widgets.HTML("<b>Explore the URL shortener estimate</b> (not graded: move a slider, watch what changes)"),
            *controls,
            widgets.HBox([self.table, self.chart]),
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
        self.chart.value = _chart_png(table)


def _chart_png(table) -> bytes:
    rates = table.loc[["average writes", "average reads", "peak reads"], "value"]
    data = table.loc[["storage, one copy", "storage, all replicas", "cache (80/20 rule)"]]
    data_gb = [value * (1000 if unit == "TB" else 1) for value, unit in zip(data["value"], data["unit"], strict=True)]
    figure = Figure(figsize=(6.4, 3.0), dpi=80)
    left, right = figure.subplots(1, 2)
    left.bar(range(len(rates)), rates.values, color="#4477aa")
    left.set_xticks(range(len(rates)), ["writes", "reads", "peak"])
    left.set_yscale("log")
    left.set_ylabel("requests per second (log)")
    right.bar(range(len(data_gb)), data_gb, color="#cc6677")
    right.set_xticks(range(len(data_gb)), ["1 copy", "replicas", "cache"])
    right.set_yscale("log")
    right.set_ylabel("GB (log)")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
