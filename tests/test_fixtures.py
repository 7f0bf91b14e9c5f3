"""Every fixture file: exactly the findings its `# expect:` comments name, and nothing else."""

from __future__ import annotations

import pytest
from harness import FIXTURES, expectations, fixture_files, lint_findings, message_expectations, settings_from

from futurelint.rules.base import registry


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture(path):
    source = path.read_text(encoding="utf-8")
    findings = lint_findings(source, settings_from(source), path=str(path))
    found = sorted((f.code, f.start.row, f.start.column) for f in findings)
    expected = expectations(source)
    # An expectation without a column matches any column on that row.
    columns = {(code, row): column for code, row, column in found}
    resolved = sorted(
        (code, row, column if column is not None else columns.get((code, row), -1))
        for code, row, column in expected
    )
    assert found == resolved
    for code, row, text in message_expectations(source):
        messages = [f.message for f in findings if (f.code, f.start.row) == (code, row)]
        assert any(text in message for message in messages), f"{code} on row {row}: {messages} lack {text!r}"


def test_every_rule_has_fixtures_that_flag_and_that_stay_silent():
    missing = []
    for code in registry():
        folder = FIXTURES / code
        files = list(folder.glob("*.py"))
        flagged = any(f"expect: {code}" in f.read_text() or f", {code}" in f.read_text() for f in files)
        silent = any(f.name.startswith("ok") or "near_miss" in f.name for f in files)
        if not (flagged and silent):
            missing.append(code)
    assert not missing, f"rules without flagging and near-miss fixtures: {missing}"
