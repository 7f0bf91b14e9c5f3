"""`path:row:col: CODE message`, one finding a line (`CODE [*] message` when `--fix` would fix it)."""

from __future__ import annotations

from futurelint.formatters import RunReport
from futurelint.formatters.common import display_path, fix_marker


def render(report: RunReport) -> str:
    return "".join(
        f"{display_path(f.path, report.root)}:{f.start.row}:{f.start.column}: {f.code} "
        f"{fix_marker(f, report.unsafe_fixes)}{f.message}\n"
        for f in report.findings
    )
