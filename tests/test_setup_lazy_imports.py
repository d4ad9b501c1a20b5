"""``rfc3987_syntax`` is loaded on first use (autograder/_lazy_imports.py), and jsonschema validates the same."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = r"""
import json, sys
{setup}
import jsonschema
before = type(sys.modules.get("rfc3987_syntax")).__name__
checker = jsonschema.FormatChecker()
values = ["http://example.com/caf\u00e9", "not an iri", "//host/path", "/a/b?c#d", "http://[::1", ""]
verdicts = {{fmt: [checker.conforms(v, fmt) for v in values] for fmt in ("iri", "iri-reference")}}
print(json.dumps({{"before": before, "after": type(sys.modules["rfc3987_syntax"]).__name__, "verdicts": verdicts}}))
"""


def _probe(setup: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE.format(setup=setup)], capture_output=True, text=True,
                         timeout=120, check=True)
    return json.loads(out.stdout)


def test_jsonschema_judges_iris_the_same_with_the_stand_in_which_gives_way_to_the_real_package():
    pytest.importorskip("rfc3987_syntax")
    lazy = _probe("import autograder")
    plain = _probe("")
    assert lazy["before"] == "_StandIn" and lazy["after"] == "module"
    assert plain["before"] == "module"
    assert lazy["verdicts"] == plain["verdicts"]
    assert lazy["verdicts"]["iri"][:2] == [True, False]  # the checks really ran


def test_importing_autograder_does_not_build_the_iri_parsers_and_late_installs_change_nothing():
    pytest.importorskip("rfc3987_syntax")
    code = ("import sys, autograder, nbformat, jsonschema; "
            "from autograder import _lazy_imports; "
            "print(type(sys.modules['rfc3987_syntax']).__name__, 'lark' in sys.modules, _lazy_imports.install())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.split() == ["_StandIn", "False", "False"]
    code = "import sys, jsonschema; from autograder import _lazy_imports; print(type(sys.modules['rfc3987_syntax']).__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.split() == ["module"]  # jsonschema came first: the real package stays
