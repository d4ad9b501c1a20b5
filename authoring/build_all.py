"""Run every notebook builder in authoring/ (``make notebooks``) without losing anyone's edits.

Each builder runs with :func:`authoring.nbbuild.capture` active, so nothing is written until
every builder has run. A notebook whose committed file has uncommitted edits (someone
worked in ``source/`` or ``notebooks/`` instead of the builder) and that the builders would
change is not overwritten: the command names the files and stops, unless ``--force``
(``make notebooks FORCE=1``). ``autograder release`` protects ``release/`` the same way.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import runpy
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from authoring import nbbuild  # noqa: E402  (the module builders import, so capture() reaches them)
from autograder._fileio import atomic_write  # noqa: E402
from autograder.course import uncommitted_edits  # noqa: E402

SKIP = {"nbbuild.py", "build_all.py"}


def builders(folder: Path = HERE) -> list[Path]:
    """The builder scripts of ``folder``: every ``*.py`` except the helpers."""
    return sorted(p for p in folder.glob("*.py") if p.name not in SKIP and not p.name.startswith("_"))


@dataclass
class Built:
    """What the builders would write, before anything is written."""

    notebooks: dict[Path, str] = field(default_factory=dict)
    """Absolute path -> the notebook's text."""
    by_builder: dict[str, list[Path]] = field(default_factory=dict)
    """Builder file name -> the notebooks it writes."""
    failed: dict[str, str] = field(default_factory=dict)
    """Builder file name -> the error it raised."""


def render(builder: Path) -> dict[Path, str]:
    """Run one builder as ``python <builder>`` would, in memory: ``{path: text}`` of what it saves.
    Its own output (the "wrote ..." lines) is swallowed, since nothing was written."""
    with nbbuild.capture() as saved, contextlib.redirect_stdout(io.StringIO()):
        runpy.run_path(str(builder), run_name="__main__")
    return dict(saved)


def build(scripts: list[Path]) -> Built:
    result = Built()
    for script in scripts:
        try:
            saved = render(script)
        except (Exception, SystemExit):  # a builder's bug: report it with its traceback, run the others
            result.failed[script.name] = traceback.format_exc()
            continue
        result.by_builder[script.name] = sorted(saved)
        result.notebooks.update(saved)
    return result


def _current(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def main(argv: list[str] | None = None, *, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true",
                        help="overwrite notebooks that have uncommitted edits")
    args = parser.parse_args(argv)
    root = Path(root).resolve()
    built = build(builders(root / "authoring"))
    for name, error in built.failed.items():
        print(f"FAILED authoring/{name}\n{error}", file=sys.stderr)
    if built.failed:
        print("Nothing was written: fix the builders above first.", file=sys.stderr)
        return 1
    changed = {p: t for p, t in built.notebooks.items() if _current(p) != t}
    edited = uncommitted_edits(root, [p for p in changed if p.exists()])
    if edited and not args.force:
        names = ", ".join(_shown(p, root) for p in edited)
        print(f"These notebooks have uncommitted edits that the builders would overwrite: {names}.\n"
              "Notebooks are generated from authoring/: move the edits into the builder (or commit "
              "them first), or run `make notebooks FORCE=1` (build_all.py --force) to overwrite them. "
              "Nothing was written.", file=sys.stderr)
        return 2
    for path, text in sorted(changed.items()):
        atomic_write(path, text)
    for name, paths in built.by_builder.items():
        for path in paths:
            state = "wrote    " if path in changed else "unchanged"
            print(f"{state} {_shown(path, root)}  (authoring/{name})")
    return 0


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
