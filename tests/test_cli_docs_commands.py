"""`futurelint rule`, `rules`, `topic`."""

from __future__ import annotations

import json

from cli_helpers import invoke, run_process
from futurelint.docs import render_rule, render_topic
from futurelint.rules.base import registry
from futurelint.topics import TOPICS_BY_SLUG


def test_rule_by_code_and_name():
    expected = render_rule(registry()["FUT902"])
    assert invoke("rule", "FUT902").stdout == expected
    assert invoke("rule", "fut902").stdout == expected
    assert invoke("rule", "future-discarded").stdout == expected


def test_rule_all_prints_every_page():
    output = invoke("rule", "--all").stdout
    for rule in registry().values():
        assert render_rule(rule) in output


def test_unknown_rule_and_missing_argument():
    result = invoke("rule", "FUT999")
    assert result.exit_code == 2 and result.stderr == "futurelint: error: unknown rule `FUT999`; see `futurelint rules`\n"
    assert invoke("rule").exit_code == 2


def test_rules_table():
    lines = invoke("rules").stdout.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "TOPIC", "DEFAULT", "FIX"]
    row = next(line for line in lines if line.startswith("FUT902"))
    assert row.split() == ["FUT902", "future-discarded", "swallowed-exceptions", "yes", "none"]
    assert len(lines) == len(registry()) + 2  # the header, FUT000 (not a rule class), the rules
    assert lines[1].split() == ["FUT000", "parse-error", "futurelint", "yes", "none"]


def test_rules_json():
    records = json.loads(invoke("rules", "--output-format", "json").stdout)
    assert {"code": "FUT902", "name": "future-discarded", "topic": "swallowed-exceptions", "default": True, "fix": None} in records
    assert [r["code"] for r in records] == ["FUT000", *registry()]


def test_topic():
    assert invoke("topic", "swallowed-exceptions").stdout == render_topic(TOPICS_BY_SLUG["swallowed-exceptions"])
    result = invoke("topic", "nope")
    assert result.exit_code == 2 and "unknown topic `nope`" in result.stderr


def test_python_dash_m_is_the_same_program(tmp_path):
    assert run_process("rule", "FUT902", cwd=tmp_path).stdout == render_rule(registry()["FUT902"])
    result = run_process("--version", cwd=tmp_path)
    assert result.exit_code == 0 and result.stdout.startswith("futurelint ")


def test_fut000_has_a_page_by_code_and_name(tmp_path):
    page = run_process("rule", "fut000", cwd=tmp_path)
    assert page.exit_code == 0 and page.stdout.startswith("# parse-error (FUT000)\n")
    assert invoke("rule", "parse-error").stdout == page.stdout
    assert page.stdout in invoke("rule", "--all").stdout


def test_rule_lookup_suggests_a_close_name(tmp_path):
    result = run_process("rule", "Future-Discard", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        "futurelint: error: unknown rule `Future-Discard` (did you mean `future-discarded`?); see `futurelint rules`\n"
    )
    assert invoke("rule", "FUTURE-DISCARDED").stdout == render_rule(registry()["FUT902"])


def test_topic_lookup_ignores_case_and_suggests(tmp_path):
    expected = render_topic(TOPICS_BY_SLUG["wait"])
    assert run_process("topic", "Wait", cwd=tmp_path).stdout == expected
    assert invoke("topic", "WAIT").stdout == expected
    assert invoke("topic", "Python ThreadPool Executor - wait()").stdout == expected
    result = run_process("topic", "swallowed-exception", cwd=tmp_path)
    assert result.exit_code == 2 and "(did you mean `swallowed-exceptions`?)" in result.stderr


def test_topics_lists_every_topic_with_its_rules(tmp_path):
    text = run_process("topics", cwd=tmp_path)
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0].split() == ["SLUG", "RULES", "TITLE"]
    assert lines[7].split()[:2] == ["wait", "FUT601..FUT604"]
    records = json.loads(invoke("topics", "--output-format", "json").stdout)
    assert [r["slug"] for r in records][:10] == list(TOPICS_BY_SLUG)
    assert records[-1]["slug"] == "futurelint" and "FUT000" in records[-1]["rules"]
    for record in records:
        assert invoke("topic", record["slug"]).exit_code == 0
