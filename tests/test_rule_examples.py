"""Each rule's own VALID and INVALID examples, as carried on its class."""

from __future__ import annotations

import pytest
from harness import lint

from futurelint.rules.base import registry
from futurelint.settings import Settings

RULES = list(registry().values())


def _examples(kind: str):
    for rule in RULES:
        for index, source in enumerate(getattr(rule, kind)):
            yield pytest.param(rule, source, id=f"{rule.code}-{kind}-{index}")


def _settings_for(rule) -> Settings:
    return getattr(rule, "example_settings", Settings())


@pytest.mark.parametrize(("rule", "source"), list(_examples("invalid")))
def test_invalid_example_is_flagged(rule, source):
    found = [code for code, _, _ in lint(source, _settings_for(rule))]
    assert rule.code in found


@pytest.mark.parametrize(("rule", "source"), list(_examples("valid")))
def test_valid_example_is_silent(rule, source):
    found = [code for code, _, _ in lint(source, _settings_for(rule))]
    assert rule.code not in found


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_metadata_is_complete(rule):
    assert rule.code[3] == str(rule.topic().digit)
    assert rule.name == rule.name.lower() and " " not in rule.name
    assert rule.message and rule.invalid and rule.valid
    assert rule.fix in (None, "safe", "unsafe", "sometimes")
    doc = rule.documentation()
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in doc, f"{rule.code} docs lack {section}"
