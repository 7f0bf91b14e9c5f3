"""Writing a fixed file back (`--fix`, `--add-noqa`) without damaging anything around its content.

A file is replaced atomically (a temporary file renamed over it) when that is invisible: same
owner, group and mode, one link. Otherwise it is rewritten in place, as editors do, so that
hard links stay links and another user's file stays theirs. A symlink is written through: its target
gets the fix and the link stays a link. A file is not written at all, and the caller told why
(`NotWritten`), when it is read-only, when it changed since it was linted, when its encoding would
not give back the same bytes, or when writing fails (a read-only directory, a full disk).
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
import tokenize
from pathlib import Path
from typing import Callable, Union

from futurelint.limits import read_bounded

_BOM = b"\xef\xbb\xbf"
_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


class NotWritten(Exception):
    """The file was left as it was; the message says why."""


def read_source(path: Union[str, Path]) -> tuple[str, str, bytes]:
    """(text, encoding, bom) of a Python file, for writing it back the same way."""
    return decode_source(read_bounded(str(path), None))


def decode_source(data: bytes) -> tuple[str, str, bytes]:
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    bom = _BOM if data.startswith(_BOM) else b""
    encoding = "utf-8" if encoding == "utf-8-sig" else encoding
    return data[len(bom) :].decode(encoding), encoding, bom


Decoder = Callable[[bytes], "tuple[str, str, bytes]"]  # bytes -> (text, encoding, bom)


def rewrite_file(path: Union[str, Path], old: str, new: str, decode: Decoder = decode_source) -> None:
    """Replace the file's text `old` (what was linted) by `new`, in its own encoding (`decode`
    tells it: `decode_source` for Python, `notebook.decode_notebook` for a notebook's JSON)."""
    try:
        data = read_bounded(str(path), None)
    except OSError as error:
        raise NotWritten(f"cannot read it again: {error.strerror or error}") from None
    try:
        text, encoding, bom = decode(data)
    except (ValueError, SyntaxError, LookupError):
        raise NotWritten("changed while futurelint was running") from None
    if text != old:
        raise NotWritten("changed while futurelint was running")
    new_data = _encode(new, encoding, bom)
    if _encode(text, encoding, bom) != data or _decodes_to(new_data, encoding, bom) != new:
        raise NotWritten(f"its encoding ({encoding}) does not give back the same text")
    write_atomically(path, new_data)


def _encode(text: str, encoding: str, bom: bytes) -> bytes:
    try:
        return bom + text.encode(encoding)
    except (UnicodeError, LookupError):
        return b""


def _decodes_to(data: bytes, encoding: str, bom: bytes) -> str:
    try:
        return data[len(bom) :].decode(encoding)
    except (UnicodeError, LookupError):
        return ""


def write_atomically(path: Union[str, Path], data: bytes) -> None:
    """Give the file (a symlink's target) the content `data`, keeping its mode, owner, group and
    links; `NotWritten` when it is read-only or cannot be written."""
    target = os.path.realpath(str(path))
    try:
        info = os.stat(target)
    except OSError as error:
        raise NotWritten(f"cannot write it: {error.strerror or error}") from None
    if not info.st_mode & _WRITE_BITS or not os.access(target, os.W_OK):
        raise NotWritten("it is read-only")
    try:
        if info.st_nlink > 1:
            _write_in_place(target, data)
        else:
            _replace(target, data, info)
    except OSError as error:
        raise NotWritten(f"cannot write it: {error.strerror or error}") from None


def _replace(target: str, data: bytes, info: os.stat_result) -> None:
    folder, name = os.path.split(target)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".futurelint")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        if not _same_owner(temporary, info):
            os.unlink(temporary)
            _write_in_place(target, data)  # we may not give a file away: keep the original's inode
            return
        os.replace(temporary, target)
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise


def _same_owner(temporary: str, info: os.stat_result) -> bool:
    """Give the temporary file the original's owner and group, if allowed."""
    created = os.stat(temporary)
    if (created.st_uid, created.st_gid) == (info.st_uid, info.st_gid):
        return True
    try:
        os.chown(temporary, info.st_uid, info.st_gid)
    except (OSError, AttributeError):
        return False
    os.chmod(temporary, stat.S_IMODE(info.st_mode))  # chown clears set-id bits
    return True


def _write_in_place(target: str, data: bytes) -> None:
    with open(target, "r+b") as stream:
        stream.write(data)
        stream.truncate()
