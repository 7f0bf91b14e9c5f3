"""What every fix must keep, checked on source text: comments beside their code, continuation lines
at least as deep as their statement, and lines outside the fixed statements. Shared by the
differential tests, the property tests and `scripts/check_fixes.py`."""

from __future__ import annotations

import difflib
import io
import tokenize
from collections import Counter
from typing import Iterable

_ANCHOR_TYPES = (tokenize.NAME, tokenize.NUMBER, tokenize.STRING)
_LAYOUT_TYPES = (tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER)


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(source).readline))


def comment_anchors(source: str) -> Counter:
    """Every comment with the last name, number or string before it on its line (None for a comment
    on a line of its own): a comment moved to another argument changes its anchor."""
    anchors: Counter = Counter()
    last: dict[int, str] = {}
    for token in _tokens(source):
        if token.type in _ANCHOR_TYPES:
            last[token.end[0]] = token.string.splitlines()[-1] if token.type == tokenize.STRING else token.string
        elif token.type == tokenize.COMMENT:
            anchors[(token.string.rstrip(), last.get(token.start[0]))] += 1
    return anchors


def shallow_continuations(source: str) -> list[int]:
    """Rows that continue a statement (inside brackets) but are indented less than the statement's
    first row; lines inside multi-line strings do not count."""
    lines = source.splitlines()
    rows, statement_indent, in_string = [], None, set()
    for token in _tokens(source):
        if token.type == tokenize.STRING and token.end[0] > token.start[0]:
            in_string.update(range(token.start[0] + 1, token.end[0] + 1))
    statement_start = None
    for token in _tokens(source):
        if token.type in _LAYOUT_TYPES:
            if token.type == tokenize.NEWLINE:
                statement_start = None
            continue
        if statement_start is None:
            statement_start = token.start[0]
            statement_indent = len(lines[statement_start - 1]) - len(lines[statement_start - 1].lstrip())
        row = token.start[0]
        if row != statement_start and row not in in_string and token.start[1] < statement_indent:
            rows.append(row)
    return sorted(set(rows))


def changed_rows(before: str, after: str) -> list[int]:
    """Rows of `before` that the fix replaced or deleted, comparing lines without their indentation
    (the `with` fixes indent the statements they wrap), and rows before which it inserted lines."""
    old = [line.strip() for line in before.splitlines()]
    new = [line.strip() for line in after.splitlines()]
    rows: list[int] = []
    for tag, start, end, _, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            rows.extend(range(start + 1, end + 1))
        elif tag == "insert":
            rows.append(start + 1)
    return rows


def outside(rows: Iterable[int], spans: Iterable[tuple[int, int]]) -> list[int]:
    """The rows that lie in none of the (first, last) spans."""
    spans = list(spans)
    return [row for row in rows if not any(first <= row <= last for first, last in spans)]
