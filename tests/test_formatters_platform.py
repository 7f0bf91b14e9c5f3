"""The formats written by the platform: exact shapes on hand-made findings."""

from __future__ import annotations

import json
from pathlib import Path

from futurelint.findings import Edit, Finding, Fix, Location
from futurelint.formatters import RunReport, render
from futurelint.formatters.github import escape_data, escape_property

ROOT = Path("/project")


def finding(row=3, column=5, end_row=3, end_column=20, path="/project/src/a.py", code="FUT902", fix=None,
            message="Bad thing", source_line="    ex.submit(work)"):
    return Finding(path, code, message, Location(row, column), Location(end_row, end_column), fix, row,
                   "future-discarded", source_line)


def report(*findings):
    return RunReport(list(findings), root=ROOT)


def test_concise_is_relative():
    assert render("concise", report(finding())) == "src/a.py:3:5: FUT902 Bad thing\n"


def test_paths_outside_root_stay_absolute():
    assert render("concise", report(finding(path="/elsewhere/b.py"))).startswith("/elsewhere/b.py:3:5:")


def test_json_fix_shape():
    fix = Fix("unsafe", "Keep the future", (Edit("fut = ", Location(3, 5), Location(3, 5)),))
    record = json.loads(render("json", report(finding(fix=fix))))[0]
    assert record["fix"] == {
        "applicability": "unsafe",
        "edits": [{"content": "fut = ", "end_location": {"column": 5, "row": 3}, "location": {"column": 5, "row": 3}}],
        "message": "Keep the future",
    }
    assert record["filename"] == "/project/src/a.py"
    assert list(record) == [
        "cell", "code", "end_location", "filename", "fix", "location", "message", "name", "noqa_row", "severity", "url"
    ]


def test_json_lines_matches_json():
    both = report(finding(), finding(row=7, end_row=7))
    assert [json.loads(line) for line in render("json-lines", both).splitlines()] == json.loads(render("json", both))


def test_github_escaping():
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_github_multiline_finding_leaves_out_columns():
    text = render("github", report(finding(end_row=5, end_column=2, message="50% lost\nreally")))
    assert text.splitlines()[0] == (
        "::error title=futurelint (FUT902),file=src/a.py,line=3,endLine=5::src/a.py:3:5: FUT902 50%25 lost%0Areally"
    )


def test_github_summary_counts_per_code():
    text = render("github", report(finding(), finding(row=9, end_row=9), finding(code="FUT301")))
    assert text.splitlines()[-1] == "futurelint: 3 findings (FUT301: 1, FUT902: 2)"


def test_full_multiline_finding_underlines_to_end_of_line():
    text = render("full", report(finding(end_row=6, end_column=3, source_line="    x = ex.submit(")))
    assert "3 |     x = ex.submit(\n  |     ^^^^^^^^^^^^^^ FUT902\n" in text


def test_full_wide_row_numbers_widen_the_gutter():
    text = render("full", report(finding(row=120, end_row=120)))
    assert text.splitlines()[1:5] == [
        "    |",
        "120 |     ex.submit(work)",
        "    |     ^^^^^^^^^^^^^^^ FUT902",
        "    |",
    ]


def test_full_separates_findings_with_a_blank_line():
    text = render("full", report(finding(), finding(row=9, end_row=9)))
    assert "FUT902.md\n\nsrc/a.py:9:5:" in text


def test_empty_reports():
    empty = report()
    assert render("full", empty) == ""
    assert render("concise", empty) == ""
    assert render("json", empty) == "[]\n"
    assert render("json-lines", empty) == ""
    assert render("github", empty) == ""


def test_statistics_marks_fixable_rules_when_any_are():
    from futurelint.cli import render_statistics

    fix = Fix("safe", "Fix it", ())
    found = [finding(), finding(row=9, end_row=9), finding(code="FUT301", fix=fix)]
    assert render_statistics(found, "full") == "2\tFUT902\t[ ] future-discarded\n1\tFUT301\t[*] future-discarded\n"
    unsafe = [finding(code="FUT301", fix=Fix("unsafe", "Fix it", ()))]
    assert render_statistics(unsafe, "full") == "1\tFUT301\tfuture-discarded\n"
    assert render_statistics(unsafe, "full", unsafe=True) == "1\tFUT301\t[*] future-discarded\n"
    assert render_statistics([], "full") == ""
    assert render_statistics([], "json") == "[]\n"
