"""Every fixture file: exactly the findings its `# expect:` comments name, and nothing else."""

from __future__ import annotations

import pytest
from harness import FIXTURES, check_fixture, fixture_files

from futurelint.rules.base import registry


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture(path):
    check_fixture(path)


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
