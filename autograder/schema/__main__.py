"""``python -m autograder.schema prepare``: create the PostgreSQL template data folder once.

Needed before grading in the sandbox, whose uid cannot run initdb; harmless to run again.
``prepare --installation`` makes only the copy inside the Python installation (``make`` runs it).
``python -m autograder.schema status`` starts a server and prints where it runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from autograder.schema import _server


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "prepare"
    try:
        if cmd == "prepare" and argv[1:] == ["--installation"]:
            # only the installation's copy (what `make` runs): nothing is written to the home folder
            inst = Path(sys.prefix) / "var" / "autograder" / _server.TEMPLATE_NAME
            print(f"template ready: {_server.prepare_template(inst)}")
            return 0
        if cmd == "prepare":
            path = _server._find_or_make_template()
            print(f"template ready: {path}")
            inst = Path(sys.prefix) / "var" / "autograder" / _server.TEMPLATE_NAME
            print(f"installation copy: {inst if _server._is_template(inst) else 'could not be written'}")
            return 0
        if cmd == "status":
            _server.connect()
            print(_server.server_status())
            return 0
    except _server.ServerUnavailable as err:
        print(f"PostgreSQL is not available: {err}")
        return 1
    print("usage: python -m autograder.schema [prepare [--installation]|status]")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
