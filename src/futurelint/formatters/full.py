"""The default, human format: location, code and message, the source line with the finding
underlined, and where to read more.

    src/app.py:3:5: FUT902 Future returned by `submit()` is discarded; ...
      |
    3 |     ex.submit(work)
      |     ^^^^^^^^^^^^^^^ FUT902
      |
      = help: see https://.../FUT902.md
"""

from __future__ import annotations

import unicodedata

from futurelint.formatters import RunReport
from futurelint.formatters.common import cell_prefix, display_path, documented_codes, fix_marker, printable
from futurelint.formatters.style import paint
from futurelint.findings import Finding


def cells(char: str) -> int:
    """The columns a character takes in a terminal: two for wide East Asian characters (`日`),
    none for combining marks, one otherwise."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def underline(finding: Finding, line: str) -> str:
    """Spaces (tabs kept, so the carets line up) up to the column, then carets as wide as the
    underlined text is on screen."""
    start = max(finding.start.column - 1, 0)
    if finding.end.row == finding.start.row:
        end = finding.end.column - 1
    else:
        end = len(line)
    padding = "".join("\t" if char == "\t" else " " * cells(char) for char in line[:start])
    width = sum(cells(char) for char in line[start:end])
    return padding + "^" * max(width, 1)


def render_one(finding: Finding, path: str, documented: set, unsafe_fixes: bool = False, color: bool = False) -> str:
    lines = [header(finding, path, unsafe_fixes, color)]
    if finding.source_line:
        source_line = printable(finding.source_line)
        row = str(finding.start.row)
        bar = paint(" " * len(row) + " |", "gutter", color)
        marks = underline(finding, source_line)
        padding = marks.rstrip("^")
        carets = padding + paint(marks[len(padding):], "caret", color)
        lines += [
            bar,
            f"{paint(f'{row} |', 'gutter', color)} {source_line}",
            f"{bar} {carets} {paint(finding.code, 'code', color)}",
            bar,
        ]
        if finding.code in documented:
            lines.append(f"{' ' * len(row)} {paint('= help:', 'help', color)} see {finding.url}")
    elif finding.code in documented:
        lines.append(f"  {paint('= help:', 'help', color)} see {finding.url}")
    return "\n".join(lines) + "\n"


def header(finding: Finding, path: str, unsafe_fixes: bool, color: bool) -> str:
    """`path:row:col: CODE [*] message` (`path:cell N:row:col: ...` in a notebook): the line `concise` prints, the first one `full` prints."""
    marker = paint(fix_marker(finding, unsafe_fixes).strip(), "fixable", color)
    return (
        f"{paint(printable(path), 'path', color)}:{cell_prefix(finding)}{finding.start.row}:{finding.start.column}: "
        f"{paint(finding.code, 'code', color)} {marker + ' ' if marker else ''}{printable(finding.message)}"
    )


def render(report: RunReport) -> str:
    documented = documented_codes()
    return "\n".join(
        render_one(f, display_path(f.path, report.root), documented, report.unsafe_fixes, report.color)
        for f in report.findings
    )
