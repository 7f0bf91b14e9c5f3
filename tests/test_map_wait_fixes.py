"""The fixes of FUT404 and FUT601, applied to their source."""

from __future__ import annotations

from futurelint.engine import lint_source
from futurelint.rules.base import registry
from futurelint.settings import Settings


def _fixed(source: str, code: str) -> str:
    rule = registry()[code](Settings())
    findings = lint_source(source, "snippet.py", [rule]).findings
    assert len(findings) == 1
    fix = findings[0].fix
    lines = source.splitlines(keepends=True)
    (edit,) = fix.edits
    assert edit.start.row == edit.end.row
    line = lines[edit.start.row - 1]
    lines[edit.start.row - 1] = line[: edit.start.column - 1] + edit.content + line[edit.end.column - 1 :]
    return "".join(lines)


HEADER = "from concurrent.futures import ThreadPoolExecutor, wait\nex = ThreadPoolExecutor()\n"


def test_chunksize_removed_when_last():
    fixed = _fixed(HEADER + "r = list(ex.map(f, xs, chunksize=4))\n", "FUT404")
    assert fixed.endswith("r = list(ex.map(f, xs))\n")


def test_chunksize_removed_when_followed_by_another_argument():
    fixed = _fixed(HEADER + "r = list(ex.map(f, xs, chunksize=4, timeout=2))\n", "FUT404")
    assert fixed.endswith("r = list(ex.map(f, xs, timeout=2))\n")


def test_chunksize_removed_keeps_trailing_comma():
    fixed = _fixed(HEADER + "r = list(ex.map(f, xs, chunksize=4,))\n", "FUT404")
    assert fixed.endswith("r = list(ex.map(f, xs,))\n")


def test_near_miss_return_when_spelt_right_keeping_quotes():
    fixed = _fixed(HEADER + "d, n = wait(fs, return_when='first-completed')\n", "FUT601")
    assert fixed.endswith("d, n = wait(fs, return_when='FIRST_COMPLETED')\n")


def test_unrelated_return_when_has_no_fix():
    rule = registry()["FUT601"](Settings())
    findings = lint_source(HEADER + "d, n = wait(fs, return_when='soon')\n", "s.py", [rule]).findings
    assert [f.fix for f in findings] == [None]
