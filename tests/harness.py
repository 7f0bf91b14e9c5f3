"""Fixture files with inline expectations, and helpers to lint snippets in tests.

A fixture line carries its expected findings in a trailing comment:

    ex.submit(work)  # expect: FUT902:5
    fut = ex.submit(a); ex.submit(b)  # expect: FUT902:21, FUT903:1

`CODE:COLUMN` (1-based column) on the line where the finding starts. A fixture may change settings in
a header comment: `# settings: target-version=py310, max-workers-limit=64`. Every rule runs on every
fixture, so a fixture also proves that no other rule fires where it should not; opt-in rules (which
are broad on purpose, e.g. FUT305 on every `.result()` without a timeout) run only on the fixtures in
their own folder, as a user would have to select them.
"""

from __future__ import annotations

import re
from pathlib import Path

from futurelint.engine import lint_source
from futurelint.rules.base import registry
from futurelint.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
# Fixtures whose expectations the linter does not meet yet (issue #12): collected as strict xfails, so
# each one must move to FIXTURES/<CODE>/ in the change that makes it pass.
PENDING = FIXTURES / "pending"
_EXPECT = re.compile(r"#\s*expect:\s*(?P<items>[A-Z]+\d+(?::\d+)?(?:\s*,\s*[A-Z]+\d+(?::\d+)?)*)")
_SETTINGS = re.compile(r"^#\s*settings:\s*(?P<items>.+)$", re.MULTILINE)


def settings_from(source: str) -> Settings:
    match = _SETTINGS.search(source)
    if not match:
        return Settings()
    values = {}
    for item in match.group("items").split(","):
        key, _, value = item.strip().partition("=")
        key = key.strip().replace("-", "_")
        values[key] = int(value) if value.strip().isdigit() else value.strip()
    return Settings(**values)


def all_rules(settings: Settings):
    return [rule(settings) for rule in registry().values()]


def rules_for(settings: Settings, path: str):
    """Every applicable rule; in a fixture folder, opt-in rules only when the folder is theirs."""
    location = Path(path).resolve()
    in_fixtures = location.parent.parent in (FIXTURES.resolve(), PENDING.resolve())
    return [
        rule
        for rule in all_rules(settings)
        if rule.applies() and (rule.default or not in_fixtures or rule.code == location.parent.name)
    ]


def lint(source: str, settings: Settings = Settings(), path: str = "snippet.py"):
    """(code, row, column) of every finding of every rule, and fail on internal errors."""
    result = lint_source(source, path, rules_for(settings, path))
    assert not result.errors, result.errors
    return [(f.code, f.start.row, f.start.column) for f in result.findings]


def codes(source: str, settings: Settings = Settings()) -> list[str]:
    return [code for code, _, _ in lint(source, settings)]


def expectations(source: str) -> list[tuple[str, int, int | None]]:
    expected = []
    for row, line in enumerate(source.splitlines(), start=1):
        match = _EXPECT.search(line)
        if not match:
            continue
        for item in match.group("items").split(","):
            code, _, column = item.strip().partition(":")
            expected.append((code, row, int(column) if column else None))
    return expected


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("FUT*/*.py"))


def pending_fixture_files() -> list[Path]:
    return sorted(PENDING.glob("FUT*/*.py"))


def found_and_expected(path: Path) -> tuple[list, list]:
    """The findings of every rule on the fixture at `path`, and what its `# expect:` comments name
    (an expectation without a column matches any column on that row)."""
    source = path.read_text(encoding="utf-8")
    found = sorted(lint(source, settings_from(source), path=str(path)))
    columns = {(code, row): column for code, row, column in found}
    expected = sorted(
        (code, row, column if column is not None else columns.get((code, row), -1))
        for code, row, column in expectations(source)
    )
    return found, expected
