"""`# noqa` suppression, in flake8's and ruff's spellings, and the file-level `# futurelint: noqa`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

_CODE_LIST = r"(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)"
_LINE_NOQA = re.compile(r"#\s*noqa(?::\s*" + _CODE_LIST + r")?", re.IGNORECASE)
_FILE_NOQA = re.compile(r"^\s*#\s*futurelint\s*:\s*noqa(?::\s*" + _CODE_LIST + r")?\s*$", re.IGNORECASE)
_SPLIT = re.compile(r"[\s,]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

ALL = frozenset({"*"})


def _codes(match: re.Match) -> frozenset:
    codes = match.group("codes")
    if not codes:
        return ALL
    return frozenset(code.upper() for code in _SPLIT.split(codes.strip()) if code)


@dataclass(frozen=True)
class Suppressions:
    by_line: dict  # row -> frozenset of codes ({"*"} for all)
    file_codes: Optional[frozenset]

    def suppresses(self, code: str, row: int) -> bool:
        return _matches(self.file_codes, code) or _matches(self.by_line.get(row), code)


def _matches(codes: Optional[frozenset], code: str) -> bool:
    if codes is None:
        return False
    return codes is ALL or "*" in codes or code in codes or any(entry_matches(c, code) for c in codes)


def physical_lines(source: str) -> list[str]:
    """The source's lines as the parser counts them. (`str.splitlines` also breaks at form feeds
    and other separators that Python's tokenizer treats as ordinary characters, which shifts rows.)"""
    lines = _LINE_BREAK.split(source)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def parse_suppressions(source: str) -> Suppressions:
    by_line: dict[int, frozenset] = {}
    file_codes: Optional[frozenset] = None
    if "noqa" not in source and "NOQA" not in source.upper():
        return Suppressions(by_line, None)
    for row, line in enumerate(physical_lines(source), start=1):
        if "#" not in line:
            continue
        file_match = _FILE_NOQA.match(line)
        if file_match:
            codes = _codes(file_match)
            file_codes = codes if file_codes is None or codes is ALL else file_codes | codes
            continue
        match = _LINE_NOQA.search(line)
        if match:
            by_line[row] = _codes(match)
    return Suppressions(by_line, file_codes)


@dataclass(frozen=True)
class DirectiveCode:
    """One code of a `# noqa: A, B` directive, as written, and where (0-based, in its line)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Directive:
    """A line's `# noqa` comment: where it starts (the `#`) and ends, and its codes (none: blanket)."""

    row: int
    start: int
    end: int
    codes: tuple[DirectiveCode, ...]


_CODE = re.compile(r"[A-Za-z]+[0-9]+")


def line_directives(source: str) -> dict:
    """Row -> the `Directive` of every line with a `# noqa` comment (what `parse_suppressions` reads)."""
    directives: dict[int, Directive] = {}
    if "noqa" not in source.lower():
        return directives
    for row, line in enumerate(physical_lines(source), start=1):
        if "#" not in line or _FILE_NOQA.match(line):
            continue
        match = _LINE_NOQA.search(line)
        if match:
            found = match.group("codes") or ""
            offset = match.start("codes") if found else 0
            codes = tuple(DirectiveCode(m.group().upper(), offset + m.start(), offset + m.end()) for m in _CODE.finditer(found))
            directives[row] = Directive(row, match.start(), match.end(), codes)
    return directives


def entry_matches(entry: str, code: str) -> bool:
    """Whether a directive's code (or prefix, as flake8 allows) covers a finding's code."""
    return code.startswith(entry)
