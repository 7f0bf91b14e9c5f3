"""The fixer's mechanics: applying edits, resolving overlaps, refusing fixes that break the parse,
writing files back atomically with their encoding, line endings and permissions."""

from __future__ import annotations

import os
import stat

from futurelint.findings import Edit, Location
from futurelint.fixer import apply_edits, line_offsets
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
