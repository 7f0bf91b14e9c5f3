"""GitLab Code Quality and JUnit XML outputs, from real engine findings."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace

from formatter_support import BROKEN, CLEAN, DISCARDED, report_for

from futurelint.formatters import RunReport, render
from futurelint.findings import Location


def gitlab(report: RunReport) -> list:
    return json.loads(render("gitlab", report))


def test_gitlab_issue_fields(tmp_path):
    report = report_for(tmp_path, {"pkg/tasks.py": DISCARDED, "clean.py": CLEAN})
    issues = gitlab(report)
    assert len(issues) == 2
    for issue, row in zip(issues, (3, 4)):
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["check_name"] == "FUT902"
        assert issue["description"].startswith("FUT902 Future returned by `submit()` is discarded")
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"] == {"path": "pkg/tasks.py", "lines": {"begin": row, "end": row}}
    assert len({issue["fingerprint"] for issue in issues}) == 2


def test_gitlab_fingerprints_are_stable_and_independent_of_the_checkout(tmp_path):
    first = gitlab(report_for(tmp_path / "a" / "checkout", {"pkg/tasks.py": DISCARDED}))
    again = gitlab(report_for(tmp_path / "a" / "checkout", {"pkg/tasks.py": DISCARDED}))
    moved = gitlab(report_for(tmp_path / "b", {"pkg/tasks.py": "import os\n" + DISCARDED}))
    prints = [issue["fingerprint"] for issue in first]
    assert prints == [issue["fingerprint"] for issue in again]
    assert prints == [issue["fingerprint"] for issue in moved]
    renamed = gitlab(report_for(tmp_path / "c", {"pkg/jobs.py": DISCARDED}))
    assert not set(prints) & {issue["fingerprint"] for issue in renamed}


def test_gitlab_empty_report_is_an_empty_list(tmp_path):
    assert gitlab(report_for(tmp_path, {"clean.py": CLEAN})) == []


def test_gitlab_multiline_finding_spans_its_lines(tmp_path):
    report = report_for(tmp_path, {"t.py": DISCARDED})
    finding = replace(report.findings[0], end=Location(5, 2))
    [issue] = gitlab(RunReport(findings=[finding], root=tmp_path))
    assert issue["location"]["lines"] == {"begin": 3, "end": 5}


def junit(report: RunReport) -> ET.Element:
    text = render("junit", report)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(text.encode("utf-8"))


def test_junit_groups_findings_by_file(tmp_path):
    report = report_for(tmp_path, {"pkg/tasks.py": DISCARDED, "b.py": DISCARDED, "clean.py": CLEAN, "x.py": BROKEN})
    root = junit(report)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("5", "5")
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert set(suites) == {"pkg/tasks.py", "b.py", "x.py"}
    tasks = suites["pkg/tasks.py"]
    assert (tasks.get("tests"), tasks.get("failures")) == ("2", "2")
    cases = tasks.findall("testcase")
    assert [case.get("name") for case in cases] == ["FUT902 (line 3, column 5)", "FUT902 (line 4, column 5)"]
    for case, row in zip(cases, (3, 4)):
        assert case.get("classname") == "pkg/tasks.py"
        assert case.get("line") == str(row)
        [failure] = case.findall("failure")
        assert failure.get("type") == "FUT902"
        assert failure.get("message").startswith("Future returned by `submit()`")
        assert failure.text.startswith(f"pkg/tasks.py:{row}:5: FUT902 ")
    [broken] = suites["x.py"].findall("testcase")
    assert broken.find("failure").get("type") == "FUT000"


def test_junit_without_findings_has_one_passing_case(tmp_path):
    root = junit(report_for(tmp_path, {"clean.py": CLEAN}))
    assert root.get("failures") == "0"
    [case] = root.iter("testcase")
    assert case.find("failure") is None


def test_junit_escapes_markup_and_drops_illegal_characters(tmp_path):
    report = report_for(tmp_path, {"t.py": DISCARDED})
    finding = replace(report.findings[0], message='a <b> & "c" \x0c\x00 end')
    root = junit(RunReport(findings=[finding], root=tmp_path))
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("message") == 'a <b> & "c" \ufffd\ufffd end'
