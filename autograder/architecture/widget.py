"""The what-if explorer: move the load, the cache hit ratio, fail a component or a zone. Never graded."""

from __future__ import annotations

import html
import math
from typing import Any

from autograder.architecture.analysis import Analysis, analyse_normal
from autograder.architecture.draw import mermaid
from autograder.architecture.model import normalise
from autograder.architecture.scenario import Scenario

__all__ = ["WhatIf", "what_if", "summary_html"]

ZONE = "(one zone)"
NONE = "(nothing)"


def summary_html(a: Analysis) -> str:
    """A small table: each flow's state, latency and availability, then the busiest components."""
    rows = []
    for flow, route in a.routes.items():
        if route.problem:
            state = "no path"
        elif flow in a.broken:
            state = f"DOWN ({html.escape(a.broken[flow])} failed)"
        else:
            state = "works"
        ms = None if flow in a.broken else a.latency_ms.get(flow)
        av = None if flow in a.broken else a.availability.get(flow)
        rows.append(f"<tr><td>{html.escape(flow)}</td><td>{state}</td>"
                    f"<td>{'' if ms is None else f'{ms:.2g} ms'}</td>"
                    f"<td>{'' if av is None else f'{av:.4%}'}</td></tr>")
    busy = sorted(((u, n) for n, u in a.utilisation.items() if u > 0 and n not in a.down), reverse=True)[:6]
    util = "".join(
        f"<tr><td>{html.escape(n)}</td><td>{'overloaded' if math.isinf(u) else f'{u:.0%}'}</td></tr>" for u, n in busy)
    util += "".join(f"<tr><td>{html.escape(n)}</td><td>failed</td></tr>" for n in sorted(a.down))
    return ("<table><thead><tr><th>flow</th><th>state</th><th>latency</th><th>availability</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            f"<table><thead><tr><th>component</th><th>busy at peak</th></tr></thead><tbody>{util}</tbody></table>")


class WhatIf:
    """Sliders and a drop-down over one design; the table and the Mermaid picture follow them."""

    def __init__(self, design: Any, scenario: Scenario) -> None:
        import ipywidgets as widgets

        self.scenario = scenario
        self.normal = normalise(design)
        names = [n for n, p in self.normal.parts.items() if p.kind.name != "client"]
        style = {"description_width": "150px"}
        layout = widgets.Layout(width="460px")
        self.load = widgets.FloatSlider(value=1.0, min=0.25, max=5.0, step=0.25, description="load x peak",
                                        style=style, layout=layout, continuous_update=False)
        default_hit = float(scenario.hit_ratios.get("cache", 0.0))
        self.hit_ratio = widgets.FloatSlider(value=default_hit, min=0.0, max=0.99, step=0.01,
                                             description="cache hit ratio", style=style, layout=layout,
                                             continuous_update=False)
        self.fail = widgets.Dropdown(options=[NONE, ZONE] + names, value=NONE, description="fail",
                                     style=style, layout=layout)
        self.table = widgets.HTML()
        self.picture = widgets.Output()
        for control in (self.load, self.hit_ratio, self.fail):
            control.observe(self._update, names="value")
        problem = self.normal.fatal or ""
        self.note = widgets.HTML(f"<p>{html.escape(problem)}</p>" if problem else "")
        self.widget = widgets.VBox([self.note, self.load, self.hit_ratio, self.fail, self.table, self.picture])
        self.analysis: Analysis | None = None
        self._update()

    def _update(self, *_: Any) -> None:
        if self.normal.fatal:
            return
        failed = () if self.fail.value in (NONE, ZONE) else (self.fail.value,)
        self.analysis = analyse_normal(self.normal, self.scenario, load=self.load.value,
                                       hit_ratio=self.hit_ratio.value, failed=failed,
                                       zone_failure=self.fail.value == ZONE)
        self.table.value = summary_html(self.analysis)
        self.picture.clear_output(wait=True)
        source = mermaid(self.analysis)
        with self.picture:
            from IPython.display import display

            display({"text/vnd.mermaid": source, "text/plain": source}, raw=True)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def what_if(design: Any, scenario: Scenario) -> WhatIf:
    """An explorer of ``design`` under ``scenario``: load multiplier, cache hit ratio, a failure."""
    return WhatIf(design, scenario)
