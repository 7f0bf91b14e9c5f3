"""ruff's `--output-format json-lines`: one JSON object per finding, one per line."""

from __future__ import annotations

import json

from futurelint.formatters import RunReport
from futurelint.formatters.common import documented_codes, json_record


def render(report: RunReport) -> str:
    known = documented_codes()
    return "".join(
        json.dumps(json_record(finding, report.root, known), ensure_ascii=False) + "\n" for finding in report.findings
    )
