"""`path:row:col: CODE message`, one finding a line (`CODE [*] message` when `--fix` would fix it)."""

from __future__ import annotations

from futurelint.formatters import RunReport
from futurelint.formatters.common import display_path
from futurelint.formatters.full import header


def render(report: RunReport) -> str:
    return "".join(
        header(f, display_path(f.path, report.root), report.unsafe_fixes, report.color) + "\n" for f in report.findings
    )
