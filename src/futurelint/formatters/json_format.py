"""ruff's `--output-format json`: a list of finding objects with absolute filenames."""

from __future__ import annotations

import json

from futurelint.formatters import RunReport
from futurelint.formatters.common import documented_codes, json_record


def render(report: RunReport) -> str:
    known = documented_codes()
    records = [json_record(finding, report.root, known) for finding in report.findings]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
