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
    assert len(lines) == len(registry()) + 1


def test_rules_json():
    records = json.loads(invoke("rules", "--output-format", "json").stdout)
    assert {"code": "FUT902", "name": "future-discarded", "topic": "swallowed-exceptions", "default": True, "fix": None} in records
    assert [r["code"] for r in records] == list(registry())


def test_topic():
    assert invoke("topic", "swallowed-exceptions").stdout == render_topic(TOPICS_BY_SLUG["swallowed-exceptions"])
    result = invoke("topic", "nope")
    assert result.exit_code == 2 and "unknown topic `nope`" in result.stderr


def test_python_dash_m_is_the_same_program(tmp_path):
    assert run_process("rule", "FUT902", cwd=tmp_path).stdout == render_rule(registry()["FUT902"])
    result = run_process("--version", cwd=tmp_path)
    assert result.exit_code == 0 and result.stdout.startswith("futurelint ")
