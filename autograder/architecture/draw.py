"""Draw a design as a Mermaid flowchart, with utilisation and single points of failure marked.

Why Mermaid and not graphviz: JupyterLab 4 renders Mermaid itself (the ``text/vnd.mermaid``
output type and ```` ```mermaid ```` fences in Markdown), so the picture needs no binary on the
learner's machine, and the exported ``.md`` file renders on GitHub and GitLab too. Graphviz
would need its ``dot`` program installed separately (a system package, not a pip one).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from autograder._fileio import atomic_write
from autograder.architecture.analysis import Analysis, analyse_normal
from autograder.architecture.model import normalise
from autograder.architecture.scenario import Scenario

__all__ = ["Diagram", "draw", "mermaid"]

_SHAPES = {
    "client": ('(["', '"])'),
    "cdn": ('{{"', '"}}'),
    "load_balancer": ('[/"', '"\\]'),
    "gateway": ('[/"', '"\\]'),
    "cache": ('[("', '")]'),
    "relational": ('[("', '")]'),
    "key_value": ('[("', '")]'),
    "object_store": ('[("', '")]'),
    "queue": ('>"', '"]'),
}


def _esc(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "#quot;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("[", "(").replace("]", ")"))


def _spofs(a: Analysis) -> set[str]:
    out = set()
    for route in a.routes.values():
        for name in route.sync:
            part = a.normal.parts[name]
            if part.replicas < 2 and not part.kind.managed and part.kind.name != "client" and not part.kind.caching:
                out.add(name)
    return out


def mermaid(a: Analysis, title: str = "") -> str:
    """Mermaid source of an analysed design."""
    parts = a.normal.parts
    ids = {name: f"c{i}" for i, name in enumerate(parts)}
    spofs = _spofs(a)
    limit = a.scenario.max_utilisation
    lines = ["---", f"title: {_esc(title)}", "---"] if title else []
    lines.append("flowchart LR")
    classes: dict[str, list[str]] = {"spof": [], "hot": [], "down": [], "ok": []}
    for name, part in parts.items():
        label = name if part.kind.name == "client" else f"{name}<br/>{part.kind.name}"
        if part.kind.name != "client" and not part.kind.managed:
            label += f" x{part.replicas}" + (f", {part.zones} zones" if part.zones > 1 else ", 1 zone")
        util = a.utilisation.get(name, 0.0)
        if name in a.down:
            label += "<br/>FAILED"
        elif part.kind.name != "client" and (a.reads.get(name) or a.writes.get(name)):
            label += "<br/>" + ("overloaded" if math.isinf(util) else f"{util:.0%} busy")
        if name in spofs and name not in a.down:
            label += "<br/>single point of failure"
        left, right = _SHAPES.get(part.kind.name, ('["', '"]'))
        lines.append(f"    {ids[name]}{left}{_esc(label).replace('&lt;br/&gt;', '<br/>')}{right}")
        if name in a.down:
            classes["down"].append(ids[name])
        elif util > limit:
            classes["hot"].append(ids[name])
        elif name in spofs:
            classes["spof"].append(ids[name])
        elif part.kind.name != "client":
            classes["ok"].append(ids[name])
    for (source, target), mode in a.normal.links.items():
        arrow = "-.->" if mode == "async" else "-->"
        lines.append(f"    {ids[source]} {arrow} {ids[target]}")
    lines += [
        "    classDef ok fill:#e7f6ec,stroke:#1a7f37",
        "    classDef hot fill:#fff4d6,stroke:#b54708,stroke-width:3px",
        "    classDef spof fill:#fde2e1,stroke:#b42318,stroke-width:3px",
        "    classDef down fill:#d0d5dd,stroke:#344054,stroke-dasharray:4",
    ]
    for cls, members in classes.items():
        if members:
            lines.append(f"    class {','.join(members)} {cls}")
    return "\n".join(lines)


class Diagram:
    """A drawn design: shows itself in JupyterLab, and ``save(path)`` keeps it as a file."""

    def __init__(self, source: str, problems: list[str] | None = None) -> None:
        self.source = source
        self.problems = list(problems or [])

    def markdown(self) -> str:
        notes = "".join(f"\n- {p}" for p in self.problems)
        return f"```mermaid\n{self.source}\n```\n" + (f"\nNot drawn:{notes}\n" if notes else "")

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/vnd.mermaid": self.source, "text/markdown": self.markdown(), "text/plain": self.source}

    def __repr__(self) -> str:
        return self.source

    def save(self, path: str | Path) -> Path:
        """Write the diagram: ``.mmd`` gets the Mermaid source, anything else a Markdown file with it.

        Refuses to replace a file that is not a diagram this function wrote (nothing you wrote is
        overwritten).
        """
        path = Path(path)
        text = self.source + "\n" if path.suffix == ".mmd" else self.markdown()
        marker = "flowchart LR"
        if path.exists() and (not path.is_file() or marker not in path.read_text(encoding="utf-8", errors="replace")):
            raise FileExistsError(f"{path} exists and is not a diagram written by draw(); choose another name")
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text)
        return path


def draw(design: Any, scenario: Scenario, *, title: str = "", load: float = 1.0, hit_ratio: float | None = None,
         failed: Any = (), zone_failure: bool = False) -> Diagram:
    """The design as a Mermaid diagram at the scenario's peak (times ``load``), optionally with failures.

    Never raises on a bad design: what cannot be drawn is listed under the picture.
    """
    normal = normalise(design)
    if normal.fatal:
        return Diagram('flowchart LR\n    none["nothing to draw"]', [normal.fatal])
    failed_names = (failed,) if isinstance(failed, str) else tuple(n for n in failed if isinstance(n, str))
    a = analyse_normal(normal, scenario, load=load, hit_ratio=hit_ratio, failed=failed_names,
                       zone_failure=zone_failure)
    return Diagram(mermaid(a, title), normal.problems)
