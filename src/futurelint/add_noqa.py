"""`--add-noqa`: write `# noqa: CODE` on the line of each finding, for adopting futurelint on a large
codebase without fixing everything first.

A comment goes at the end of the finding's `noqa_row`, merged into a `# noqa: X` comment already
there. Lines whose end is not a place where a comment is legal are left alone and reported: a line
ending inside a multi-line string (a comment there would become part of the string) or in a
backslash continuation (a comment there is a syntax error). Running it twice changes nothing.
"""

from __future__ import annotations

import io
import re
import sys
import tokenize
from dataclasses import dataclass
from typing import Callable, Iterable, Optional, Sequence

from futurelint.engine import PARSE_ERROR
from futurelint.findings import Finding
from futurelint.noqa import _LINE_NOQA, parse_suppressions

_LINE_END = re.compile(r"\r\n|\r|\n")
# Token types that open and close an f-string (3.12+) or t-string (3.14+) spanning several rows.
_STRING_OPENERS = {"FSTRING_START", "TSTRING_START"}
_STRING_CLOSERS = {"FSTRING_END", "TSTRING_END"}


@dataclass(frozen=True)
class NoqaResult:
    source: str
    changed_lines: int
    skipped: tuple[Finding, ...]  # findings whose line cannot carry a comment


def add_noqa(
    path: str,
    source: str,
    findings: Iterable[Finding],
    warn: Optional[Callable[[str], None]] = None,
) -> tuple[str, int]:
    """`source` with `# noqa: CODE` added for every finding, and the number of lines changed.
    Findings that cannot be suppressed by a comment are reported through `warn` (default: stderr)."""
    result = plan_noqa(source, findings)
    warn = warn or _print_to_stderr
    for finding in result.skipped:
        warn(
            f"{path}:{finding.noqa_row}: cannot add `# noqa: {finding.code}`: "
            "the line ends inside a multi-line string or a backslash continuation"
        )
    return result.source, result.changed_lines


def plan_noqa(source: str, findings: Iterable[Finding]) -> NoqaResult:
    wanted = _codes_by_row(findings)
    if not wanted:
        return NoqaResult(source, 0, ())
    lines = _split_keeping_ends(source)
    try:
        comments, blocked = _scan(source, lines)
    except (tokenize.TokenError, SyntaxError):
        skipped = tuple(f for findings in wanted.values() for f in findings)
        return NoqaResult(source, 0, skipped)
    changed, skipped = 0, []
    for row, row_findings in sorted(wanted.items()):
        if row in blocked or row > len(lines):
            skipped.extend(row_findings)
            continue
        codes = sorted({finding.code for finding in row_findings})
        new_line = _with_noqa(lines[row - 1], comments.get(row), codes)
        if new_line is None:
            skipped.extend(row_findings)
        elif new_line != lines[row - 1]:
            lines[row - 1] = new_line
            changed += 1
    return NoqaResult("".join(lines), changed, tuple(skipped))


def _codes_by_row(findings: Iterable[Finding]) -> dict[int, list[Finding]]:
    by_row: dict[int, list[Finding]] = {}
    for finding in findings:
        if finding.code != PARSE_ERROR and finding.noqa_row > 0:  # parse errors cannot be suppressed
            by_row.setdefault(finding.noqa_row, []).append(finding)
    return by_row


def _split_keeping_ends(source: str) -> list[str]:
    """Lines with their endings, split only where Python ends a line (not at form feeds)."""
    lines, start = [], 0
    for match in _LINE_END.finditer(source):
        lines.append(source[start : match.end()])
        start = match.end()
    if start < len(source):
        lines.append(source[start:])
    return lines


def _scan(source: str, lines: Sequence[str]) -> tuple[dict[int, tuple[int, str]], set[int]]:
    """Comments by row (start column, text), and the rows whose end is no place for a comment."""
    comments: dict[int, tuple[int, str]] = {}
    blocked: set[int] = set()
    opened: list[int] = []
    for token in tokenize.generate_tokens(io.StringIO(source, newline="").readline):
        kind = tokenize.tok_name[token.type]
        (start_row, start_col), (end_row, _) = token.start, token.end
        if kind == "COMMENT":
            comments[start_row] = (start_col, token.string)
        elif kind in _STRING_OPENERS:
            opened.append(start_row)
        elif kind in _STRING_CLOSERS and opened:
            blocked.update(range(opened.pop(), end_row))
        elif kind == "STRING" and end_row > start_row:
            blocked.update(range(start_row, end_row))
    for row, line in enumerate(lines, start=1):
        if row not in comments and line.rstrip("\r\n").endswith("\\"):
            blocked.add(row)
    return comments, blocked


def _with_noqa(line: str, comment: Optional[tuple[int, str]], codes: list[str]) -> Optional[str]:
    """`line` with `codes` suppressed, or None when no comment can make the engine suppress them."""
    content = line.rstrip("\r\n")
    ending = line[len(content) :]
    match = _LINE_NOQA.search(comment[1]) if comment else None
    if match is None:
        new_content = content.rstrip(" \t") + "  # noqa: " + ", ".join(codes)
    elif match.group("codes") is None:
        new_content = content  # a bare `# noqa` already covers every code
    else:
        new_content = _merge(content, comment[0] + match.end("codes"), match.group("codes"), codes)
    if not _suppressed(new_content, codes):
        return None
    return new_content + ending


def _merge(content: str, codes_end: int, existing: str, codes: list[str]) -> str:
    present = {code.upper() for code in re.split(r"[\s,]+", existing) if code}
    missing = [code for code in codes if not any(code.startswith(prefix) for prefix in present)]
    if not missing:
        return content
    return f"{content[:codes_end]}, {', '.join(missing)}{content[codes_end:]}"


def _suppressed(content: str, codes: list[str]) -> bool:
    """Whether the engine reads `content` as suppressing every code (a `# noqa` look-alike inside a
    string earlier on the line would make it read another comment than ours)."""
    suppressions = parse_suppressions(content)
    return all(suppressions.suppresses(code, 1) for code in codes)


def _print_to_stderr(message: str) -> None:
    print(message, file=sys.stderr)
