"""The kernel zygote's traceback replacements give the text the libraries' own code gives.

They need no sandbox (the zygote makes them before it forks anything), so they run everywhere,
not only where kernels are forked (``tests/test_grading_zygote.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autograder.grading import zygote_server


def test_tracebacks_are_highlighted_as_stack_data_highlights_them_with_one_lexer_class(monkeypatch):
    import pygments.lexer
    import stack_data
    import stack_data.core
    import stack_data.utils
    from pygments.formatters.terminal256 import Terminal256Formatter
    from pygments.styles import get_style_by_name

    original = stack_data.utils._pygmented_with_ranges
    for module in (stack_data.core, stack_data.utils):  # put back after the test
        monkeypatch.setattr(module, "_pygmented_with_ranges", original)
    formatter = Terminal256Formatter(
        style=stack_data.style_with_executing_node(get_style_by_name("default"), "bg:ansiyellow"))
    code = 'def total(value):\n    return value["b"] * 2 + len(value)  # the failing line\n'
    cases = [(), ((25, 35),), ((0, 3), (29, 60))]
    expected = [original(formatter, code, ranges) for ranges in cases]
    assert expected[0] != expected[1] != expected[2]  # the executing ranges are highlighted

    zygote_server._highlight_with_one_lexer()
    replaced = stack_data.core._pygmented_with_ranges
    assert replaced is not original and stack_data.utils._pygmented_with_ranges is replaced
    compiled = []
    real = pygments.lexer.RegexLexerMeta.process_tokendef
    monkeypatch.setattr(pygments.lexer.RegexLexerMeta, "process_tokendef",
                        lambda cls, *a: compiled.append(cls) or real(cls, *a))
    assert [replaced(formatter, code, ranges) for ranges in cases * 2] == expected * 2
    assert len(compiled) <= 1  # the lexer's rules are compiled once (stack_data's own: on every call)


def _run_script(script: str) -> dict:
    """What ``script`` prints last (JSON), run in a fresh interpreter from the repository's root."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=Path(zygote_server.__file__).parents[2])
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


_FORMAT_ONCE = r'''
import json, re, sys
from IPython.core import ultratb
from IPython.core.interactiveshell import InteractiveShell
from autograder.grading import zygote_server

shell = InteractiveShell.instance()
shown, formatted = [], []
shell._showtraceback = lambda etype, evalue, stb: shown.append(stb)
real = ultratb.FormattedTB.structured_traceback
def counted(self, *args, **kwargs):
    formatted.append(1)
    return real(self, *args, **kwargs)
ultratb.FormattedTB.structured_traceback = counted

def run(code):
    formatted.clear()
    result = shell.run_cell(code, store_history=True)
    kept = shell.history_manager.exceptions[result.execution_count]["traceback"]
    same = lambda stb: [re.sub(r"In\[\d+\]", "In[N]", line) for line in stb]
    return {"shown": same(shown[-1]), "kept": same(kept), "formatted": len(formatted)}

code = "def total(v):\n    return v['b'] * 2\ntotal({'a': 1})"
facts = {"before": run(code)}
zygote_server._format_each_error_once()
facts["after"] = run(code)
facts["other"] = run("1 / 0")
shell.run_line_magic("xmode", "Verbose")
facts["verbose"] = run(code)
print(json.dumps(facts))
'''


@pytest.mark.slow  # an IPython shell in a subprocess
def test_each_error_is_formatted_once_and_kept_as_ipython_keeps_it():
    facts = _run_script(_FORMAT_ONCE)
    before, after = facts["before"], facts["after"]
    assert before["formatted"] == 2 and before["kept"] == before["shown"]  # IPython: shown, then kept
    assert after["formatted"] == 1  # once
    assert after["shown"] == after["kept"] == before["shown"]  # and the very same text
    assert "KeyError" in "".join(after["shown"])
    assert facts["other"]["formatted"] == 1 and "ZeroDivisionError" in "".join(facts["other"]["kept"])
    assert facts["verbose"]["formatted"] == 2  # values shown: formatted anew each time


_MODULES_ONCE = r'''
import inspect, json, linecache, sys
import pandas, pint, hypothesis  # many modules, as in a kernel
from IPython.core import ultratb
from autograder.grading import zygote_server

cell = "/tmp/ipykernel_1234/2213597.py"  # as IPython names a cell's code: no such file on disk
source = (
    "import json\n"
    "def check(answer):\n"
    "    assert answer == 2, 'wrong'\n"
    "def outer():\n"
    "    check(1)\n"
    "def key(item):\n"
    "    return item['missing']\n"
    "def parse():\n"
    "    return json.loads('{not json')\n"
)
linecache.cache[cell] = (len(source), None, source.splitlines(True), cell)
space = {}
exec(compile(source, cell, "exec"), space)
failures = {
    "cell frames": lambda: space["outer"](),
    "through a builtin": lambda: sorted([{"a": 1}], key=space["key"]),
    "into the standard library": lambda: space["parse"](),
}
walks = []
real = inspect.getmodule
inspect.getmodule = lambda obj, _filename=None: walks.append(1) or real(obj, _filename)

def texts():
    out = {}
    for name, fail in failures.items():
        try:
            fail()
        except Exception:
            info = sys.exc_info()
        walks.clear()
        formatter = ultratb.AutoFormattedTB(mode="Context", theme_name="neutral")
        out[name] = {"text": formatter.structured_traceback(*info), "walks": len(walks)}
    return out

facts = {"before": texts()}
counting = inspect.getmodule
zygote_server._find_each_module_once()
facts["after"] = texts()
facts["restored"] = inspect.getmodule is counting
facts["again"] = texts()
print(json.dumps(facts))
'''


@pytest.mark.slow  # an IPython formatter in a subprocess (it replaces inspect.getmodule while it formats)
def test_a_traceback_looks_up_each_frames_module_once_and_reads_the_same():
    facts = _run_script(_MODULES_ONCE)
    before, after = facts["before"], facts["after"]
    assert set(before) == set(after) == {"cell frames", "through a builtin", "into the standard library"}
    for name in before:
        assert after[name]["text"] == before[name]["text"], name  # the very same text
        assert "2213597" in "".join(before[name]["text"])  # the cell's frames are in it
        assert after[name]["walks"] < before[name]["walks"], name
    assert before["cell frames"]["walks"] >= 3 * after["cell frames"]["walks"]  # 13 walks -> 3 here
    assert facts["restored"]  # inspect's own function is back once the traceback is formatted
    for name, again in facts["again"].items():  # nothing is remembered from one traceback to the next
        assert again == after[name], name
        assert again["walks"] >= 1
