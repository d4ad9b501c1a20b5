"""Run every notebook builder in authoring/ (``make notebooks``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SKIP = {"nbbuild.py", "build_all.py"}


def builders() -> list[Path]:
    return sorted(p for p in HERE.glob("*.py") if p.name not in SKIP and not p.name.startswith("_"))


def main() -> int:
    failed = []
    for builder in builders():
        proc = subprocess.run([sys.executable, str(builder)], cwd=HERE.parent)
        print(f"{'ok    ' if proc.returncode == 0 else 'FAILED'} {builder.relative_to(HERE.parent)}")
        if proc.returncode != 0:
            failed.append(builder.name)
    if failed:
        print("Builders that failed: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
