"""GitHub Actions workflow commands: one `::error` annotation per finding, then a summary line
(GitHub shows only the first ten annotations of a kind per step)."""

from __future__ import annotations

from collections import Counter

from futurelint.formatters import RunReport
from futurelint.formatters.common import cell_prefix, display_path
from futurelint.findings import Finding


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, path: str) -> str:
    properties = [("title", f"futurelint ({finding.code})"), ("file", path), ("line", str(finding.start.row))]
    single_line = finding.start.row == finding.end.row
    if single_line:
        properties.append(("col", str(finding.start.column)))
    properties.append(("endLine", str(finding.end.row)))
    if single_line:
        properties.append(("endColumn", str(finding.end.column)))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    message = f"{path}:{cell_prefix(finding)}{finding.start.row}:{finding.start.column}: {finding.code} {finding.message}"
    return f"::error {rendered}::{escape_data(message)}"


def summary(findings) -> str:
    counts = Counter(finding.code for finding in findings)
    per_code = ", ".join(f"{code}: {count}" for code, count in sorted(counts.items()))
    noun = "finding" if len(findings) == 1 else "findings"
    return f"futurelint: {len(findings)} {noun} ({per_code})"


def render(report: RunReport) -> str:
    findings = list(report.findings)
    if not findings:
        return ""
    lines = [annotation(finding, display_path(finding.path, report.root)) for finding in findings]
    lines.append(summary(findings))
    return "\n".join(lines) + "\n"
