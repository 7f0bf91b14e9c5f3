"""JUnit XML: one `<testsuite>` per file, one failing `<testcase>` per finding, for CI services that
show test reports (GitLab `artifacts:reports:junit`, Jenkins, Azure Pipelines)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from futurelint.formatters import RunReport
from futurelint.formatters.common import cell_prefix
from futurelint.formatters.locations import by_path, relative_path

# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _cell(finding) -> str:
    return f"cell {finding.cell}, " if finding.cell is not None else ""


def render(report: RunReport) -> str:
    root = ET.Element("testsuites", name="futurelint")
    groups = by_path(report.findings)
    for path, findings in groups.items():
        shown = relative_path(path, report.root)
        suite = _element(root, "testsuite", name=shown, tests=len(findings), failures=len(findings), errors=0)
        for finding in findings:
            row, column = finding.start.row, finding.start.column
            case = _element(
                suite,
                "testcase",
                name=f"{finding.code} ({_cell(finding)}line {row}, column {column})",
                classname=shown,
                file=shown,
                line=row,
            )
            failure = _element(case, "failure", message=finding.message, type=finding.code)
            failure.text = _xml_text(f"{shown}:{cell_prefix(finding)}{row}:{column}: {finding.code} {finding.message}")
    if not groups:
        suite = _element(root, "testsuite", name="futurelint", tests=1, failures=0, errors=0)
        _element(suite, "testcase", name="No findings", classname="futurelint")
    total = sum(len(findings) for findings in groups.values())
    root.set("tests", str(total or 1))
    root.set("failures", str(total))
    root.set("errors", "0")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _element(parent: ET.Element, tag: str, **attributes) -> ET.Element:
    return ET.SubElement(parent, tag, {key: _xml_text(str(value)) for key, value in attributes.items()})


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
