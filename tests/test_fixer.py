"""The fixer's mechanics: applying edits, resolving overlaps, refusing fixes that break the parse,
writing files back atomically with their encoding, line endings and permissions."""

from __future__ import annotations

import os
import stat

from futurelint.findings import Edit, Location
from futurelint.fixer import apply_edits, compiles, fix_source, line_offsets, parses, without_dropped_fixes
from futurelint.writing import read_source, write_atomically


def edit(content, start, end):
    return Edit(content, Location(*start), Location(*end))


def test_apply_edits_in_any_order():
    source = "ex.submit(work(a))\nfut.done\n"
    edits = [edit("fut.done()", (2, 1), (2, 9)), edit("work, a", (1, 11), (1, 18))]
    assert apply_edits(source, edits) == "ex.submit(work, a)\nfut.done()\n"


def test_offsets_follow_crlf_and_cr_line_breaks():
    assert line_offsets("a\r\nb\rc\nd") == [0, 3, 5, 7]
    assert apply_edits("a\r\nfut.done\r\n", [edit("()", (2, 9), (2, 9))]) == "a\r\nfut.done()\r\n"


def test_insertion_at_a_point():
    assert apply_edits("x = 1\n", [edit("# c\n", (1, 1), (1, 1))]) == "# c\nx = 1\n"


def test_write_atomically_keeps_permissions_encoding_and_bom(tmp_path):
    path = tmp_path / "mod.py"
    path.write_bytes("# -*- coding: latin-1 -*-\nname = 'café'\r\n".encode("latin-1"))
    os.chmod(path, 0o750)
    text, encoding, bom = read_source(path)
    assert encoding == "iso-8859-1" and bom == b"" and "café" in text
    write_atomically(path, bom + text.replace("name", "nom").encode(encoding))
    assert path.read_bytes() == "# -*- coding: latin-1 -*-\nnom = 'café'\r\n".encode("latin-1")
    assert stat.S_IMODE(path.stat().st_mode) == 0o750
    assert [p.name for p in tmp_path.iterdir()] == ["mod.py"]


def test_bom_survives(tmp_path):
    path = tmp_path / "bom.py"
    path.write_bytes(b"\xef\xbb\xbfx = 1\n")
    text, encoding, bom = read_source(path)
    assert text == "x = 1\n" and bom
    write_atomically(path, bom + "x = 2\n".encode(encoding))
    assert path.read_bytes() == b"\xef\xbb\xbfx = 2\n"


class _RepeatsKeyword:
    """A stand-in rule whose fix produces what libcst parses and CPython refuses (`f(a=1, a=2)`)
    for every `f()`, and a correct fix for every `g()`."""

    code, name, message, default = "FUT999", "test-fix-that-does-not-compile", "test", True

    def applies(self):
        return True

    def check(self, model):
        from futurelint.rules.base import Replace, Report, TreeFix

        for call in model.calls:
            name = getattr(call.func, "value", None)
            if name in ("f", "g") and not call.args:
                text = "f(a=1, a=2)" if name == "f" else "g(1)"
                yield Report(call, fix=TreeFix("safe", "test", (Replace(call, text),)))


SOURCE = "import concurrent.futures\nf()\ng()\n"


def test_fix_whose_result_does_not_compile_is_dropped():
    outcome = fix_source(SOURCE, "x.py", [_RepeatsKeyword()])
    assert outcome.source == "import concurrent.futures\nf()\ng(1)\n"
    assert [f.start.row for f in outcome.dropped] == [2]
    assert [f.start.row for f in outcome.fixed] == [3]


def test_dropped_fix_is_no_longer_counted_as_fixable():
    # `--fix` would refuse it again: the remaining finding must not show `[*]` or count as fixable.
    outcome = fix_source(SOURCE, "x.py", [_RepeatsKeyword()])
    (remaining,) = without_dropped_fixes(outcome.result.findings, outcome.dropped)
    assert remaining.start.row == 2 and remaining.fix is None
    unchanged = fix_source("import concurrent.futures\nf()\n", "x.py", [_RepeatsKeyword()])
    assert not unchanged.changed and unchanged.dropped
    assert [f.fix for f in without_dropped_fixes(unchanged.result.findings, unchanged.dropped)] == [None]


def test_compile_check_is_skipped_for_code_this_python_cannot_compile():
    # `return` outside a function: CPython refuses the original already, libcst alone judges.
    source = SOURCE + "return\n"
    assert not compiles(source, "x.py")
    outcome = fix_source(source, "x.py", [_RepeatsKeyword()])
    assert "f(a=1, a=2)" in outcome.source and not outcome.dropped


def test_compiles_rejects_what_libcst_accepts():
    for text in ("f(a=1, a=2)\n", "def f():\n    await g()\n", "return 1\n"):
        assert parses(text) and not compiles(text, "x.py")
    assert compiles("import os\n", "x.py")
