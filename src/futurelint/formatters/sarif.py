"""SARIF 2.1.0, shaped for GitHub code scanning (`github/codeql-action/upload-sarif`).

GitHub reads `tool.driver.rules` for the rule pages it shows, needs a relative
`artifactLocation.uri` to link results to files in the repository, tracks results across commits by
`partialFingerprints.primaryLocationLineHash`, and rejects rule descriptions over 1,024 characters.
"""

from __future__ import annotations

import json
import re
from typing import Sequence
from urllib.parse import urljoin

from futurelint import __version__
from futurelint.findings import Finding
from futurelint.formatters import RuleInfo, RunReport
from futurelint.formatters.locations import line_hashes, root_uri, uri_reference

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
TOOL_URI = "https://github.com/futurelint/futurelint"
SRCROOT = "%SRCROOT%"
DESCRIPTION_LIMIT = 1024
LEVEL = "error"
# A markdown link target that is relative (no scheme, not an in-page anchor).
_RELATIVE_LINK = re.compile(r"\]\((?![A-Za-z][A-Za-z0-9+.-]*:|#)([^)\s]+)\)")

# Findings for files that cannot be parsed come from the engine, not from a selectable rule.
PARSE_ERROR_RULE = RuleInfo(
    code="FUT000",
    name="parse-error",
    summary="File cannot be read, decoded or parsed",
    description="futurelint could not read, decode or parse this file, so no rule checked it.",
    markdown="# parse-error (FUT000)\n\nfuturelint could not read, decode or parse this file, "
    "so no rule checked it. The message gives the reason and the location.\n",
    url=TOOL_URI,
    default=True,
)


def render(report: RunReport) -> str:
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"


def sarif_log(report: RunReport) -> dict:
    findings = sorted(report.findings, key=Finding.sort_key)
    rules = _rules_for(report.rules, findings)
    index = {rule.code: position for position, rule in enumerate(rules)}
    hashes = line_hashes(findings, report.root)
    results = [_result(finding, index, line_hash, report) for finding, line_hash in zip(findings, hashes)]
    run = {
        "tool": {
            "driver": {
                "name": "futurelint",
                "informationUri": TOOL_URI,
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_descriptor(rule) for rule in rules],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": root_uri(report.root)}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _rules_for(selected: Sequence[RuleInfo], findings: Sequence[Finding]) -> list[RuleInfo]:
    """Every selected rule, plus FUT000 when a file could not be parsed (each result's `ruleId` must
    name a rule of the driver for GitHub to show its help)."""
    rules = sorted(selected, key=lambda rule: rule.code)
    known = {rule.code for rule in rules}
    if any(finding.code == PARSE_ERROR_RULE.code for finding in findings) and PARSE_ERROR_RULE.code not in known:
        rules.insert(0, PARSE_ERROR_RULE)
    return rules


def _descriptor(rule: RuleInfo) -> dict:
    help_markdown = absolute_links(rule.markdown or rule.description, rule.url)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": limit(rule.summary)},
        "fullDescription": {"text": limit(rule.description or rule.summary)},
        "helpUri": rule.url,
        "help": {"text": help_markdown, "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVEL, "enabled": rule.default},
    }


def _result(finding: Finding, index: dict, line_hash: str, report: RunReport) -> dict:
    result = {
        "ruleId": finding.code,
        "level": LEVEL,
        "message": {"text": (f"cell {finding.cell}: " if finding.cell else "") + finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact_location(finding.path, report),
                    "region": _region(finding),
                }
            }
        ],
        "partialFingerprints": {"primaryLocationLineHash": line_hash},
    }
    if finding.cell is not None:  # a notebook: the region's rows and columns are the cell's
        result["properties"] = {"cell": finding.cell}
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    return result


def _artifact_location(path: str, report: RunReport) -> dict:
    """A relative URI resolved against %SRCROOT%; a file outside the root gets an absolute `file:`
    URI and no base id (SARIF allows `uriBaseId` only beside a relative reference)."""
    uri = uri_reference(path, report.root)
    if uri.startswith("file:"):
        return {"uri": uri}
    return {"uri": uri, "uriBaseId": SRCROOT}


def _region(finding: Finding) -> dict:
    """1-based rows and columns; SARIF's `endColumn` is the column after the region, as ours is."""
    start, end = finding.start, finding.end
    if (end.row, end.column) < (start.row, start.column):
        end = start
    return {
        "startLine": max(start.row, 1),
        "startColumn": max(start.column, 1),
        "endLine": max(end.row, 1),
        "endColumn": max(end.column, 1),
    }


def limit(text: str, size: int = DESCRIPTION_LIMIT) -> str:
    """`text` cut to at most `size` characters, at a word boundary, marked with an ellipsis."""
    text = " ".join(text.split()) if len(text) > size else text
    if len(text) <= size:
        return text
    cut = text[: size - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


def absolute_links(markdown: str, base: str) -> str:
    """Relative links of a docs page resolved against the page's URL: code scanning shows the help
    away from the docs folder, where `../topics/x.md` leads nowhere."""
    return _RELATIVE_LINK.sub(lambda match: f"]({urljoin(base, match.group(1))})", markdown)
