"""GitLab Code Quality report (a JSON list of Code Climate issues), for `artifacts:reports:codequality`.

GitLab compares the report of a merge request with the target branch's by `fingerprint`, so a
fingerprint must stay the same while a finding stays: it is built from the rule, the path relative to
the project and the offending line's text, never the absolute checkout path or the line number.
"""

from __future__ import annotations

import hashlib
import json

from futurelint.findings import Finding
from futurelint.formatters import RunReport
from futurelint.formatters.locations import line_hashes, relative_path

SEVERITY = "major"  # GitLab's scale: info, minor, major, critical, blocker


def render(report: RunReport) -> str:
    return json.dumps(issues(report), indent=2, ensure_ascii=False) + "\n"


def issues(report: RunReport) -> list[dict]:
    findings = sorted(report.findings, key=Finding.sort_key)
    hashes = line_hashes(findings, report.root)
    return [_issue(finding, line_hash, report) for finding, line_hash in zip(findings, hashes)]


def _issue(finding: Finding, line_hash: str, report: RunReport) -> dict:
    return {
        "description": f"{finding.code} {finding.message}" + (f" (cell {finding.cell})" if finding.cell else ""),
        "check_name": finding.code,
        "fingerprint": hashlib.sha256(line_hash.encode("ascii")).hexdigest()[:32],
        "severity": SEVERITY,
        "location": {
            "path": relative_path(finding.path, report.root),
            "lines": {"begin": finding.start.row, "end": max(finding.end.row, finding.start.row)},
        },
    }
