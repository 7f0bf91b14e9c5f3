"""Each rule's own VALID and INVALID examples, as carried on its class."""

from __future__ import annotations

import re

import pytest
from harness import FIXTURES, lint, rules_for, settings_from

from futurelint.engine import lint_source
from futurelint.rules.base import registry
from futurelint.rules.meta import FIX_APPLICABILITIES, FIX_AVAILABILITIES
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
    assert rule.fix_availability in FIX_AVAILABILITIES
    assert (rule.fix_applicability is None) == (rule.fix_availability == "never")
    assert rule.fix_applicability is None or rule.fix_applicability in FIX_APPLICABILITIES
    doc = rule.documentation()
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in doc, f"{rule.code} docs lack {section}"


def _doc_code(rule, section: str) -> str:
    """The code blocks of one section of the rule's page, joined."""
    body = rule.documentation().split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return "\n".join(re.findall(r"```python\n(.*?)```", body, flags=re.DOTALL))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_page_example_is_flagged_and_use_instead_is_not(rule):
    example, instead = _doc_code(rule, "Example"), _doc_code(rule, "Use instead")
    assert example and instead, f"{rule.code}: a section without a python block"
    assert rule.code in [code for code, _, _ in lint(example, _settings_for(rule))], "the Example is not flagged"
    assert rule.code not in [code for code, _, _ in lint(instead, _settings_for(rule))], "Use instead is flagged"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_message_is_a_plain_summary_and_the_template_has_the_placeholders(rule):
    assert not re.search(r"\{\w*\}", rule.message), "placeholders belong in `template`"
    assert not hasattr(rule, "detail"), "`detail` is not part of the message model"
    if rule.template is not None:
        assert re.search(r"\{\w+\}", rule.template), "a template without placeholders: use `message`"


def _fixes_in_fixtures(code: str) -> list:
    """The fix (or None) of every finding of `code` in its own fixture folder."""
    found = []
    for path in sorted((FIXTURES / code).glob("*.py")):
        source = path.read_text(encoding="utf-8")
        result = lint_source(source, str(path), rules_for(settings_from(source), str(path)))
        found += [f.fix for f in result.findings if f.code == code]
    return found


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_declared_fix_availability_and_applicability_match_the_fixtures(rule):
    fixes = _fixes_in_fixtures(rule.code)
    given = [fix for fix in fixes if fix is not None]
    availability = "never" if not given else "always" if len(given) == len(fixes) else "sometimes"
    assert availability == rule.fix_availability
    kinds = sorted({fix.applicability for fix in given})
    applicability = None if not kinds else kinds[0] if len(kinds) == 1 else "safe or unsafe"
    assert applicability == rule.fix_applicability
