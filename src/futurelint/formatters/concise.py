"""`path:row:col: CODE message`, one finding a line."""

from __future__ import annotations

from futurelint.formatters import RunReport
from futurelint.formatters.common import display_path, printable


def render(report: RunReport) -> str:
    return "".join(
        f"{printable(display_path(f.path, report.root))}:{f.start.row}:{f.start.column}: {f.code} {printable(f.message)}\n"
        for f in report.findings
    )
