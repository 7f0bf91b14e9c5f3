"""`path:row:col: CODE message`, one finding a line."""

from __future__ import annotations

from futurelint.formatters import RunReport
from futurelint.formatters.common import cell_prefix, display_path


def render(report: RunReport) -> str:
    return "".join(
        f"{display_path(f.path, report.root)}:{cell_prefix(f)}{f.start.row}:{f.start.column}: {f.code} {f.message}\n"
        for f in report.findings
    )
