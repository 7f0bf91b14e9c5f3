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

from futurelint.formatters import RunReport
from futurelint.formatters.common import cell_prefix, display_path, documented_codes
from futurelint.findings import Finding


def underline(finding: Finding, line: str) -> str:
    """Spaces (tabs kept, so the carets line up) up to the column, then one caret per character."""
    start = max(finding.start.column - 1, 0)
    if finding.end.row == finding.start.row:
        width = finding.end.column - finding.start.column
    else:
        width = len(line) - start
    padding = "".join("\t" if char == "\t" else " " for char in line[:start])
    return padding + "^" * max(width, 1)


def render_one(finding: Finding, path: str, documented: set) -> str:
    header = f"{path}:{cell_prefix(finding)}{finding.start.row}:{finding.start.column}: {finding.code} {finding.message}"
    lines = [header]
    if finding.source_line:
        row = str(finding.start.row)
        gutter = " " * len(row)
        lines += [
            f"{gutter} |",
            f"{row} | {finding.source_line}",
            f"{gutter} | {underline(finding, finding.source_line)} {finding.code}",
            f"{gutter} |",
        ]
        if finding.code in documented:
            lines.append(f"{gutter} = help: see {finding.url}")
    elif finding.code in documented:
        lines.append(f"  = help: see {finding.url}")
    return "\n".join(lines) + "\n"


def render(report: RunReport) -> str:
    documented = documented_codes()
    return "\n".join(render_one(f, display_path(f.path, report.root), documented) for f in report.findings)
