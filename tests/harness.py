"""Fixture files with inline expectations, and helpers to lint snippets in tests.

A fixture line carries its expected findings in a trailing comment:

    ex.submit(work)  # expect: FUT902:5
    fut = ex.submit(a); ex.submit(b)  # expect: FUT902:21, FUT903:1
    second = ex.submit(job)  # expect: FUT004:14 "`submit()` raises"

`CODE:COLUMN` (1-based column) on the line where the finding starts, optionally followed by a quoted
text that the finding's message must contain. A fixture may change settings in
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
_ITEM = r'[A-Z]+\d+(?::\d+)?(?:\s+"[^"]*")?'
_EXPECT = re.compile(r"#\s*expect:\s*(?P<items>" + _ITEM + r"(?:\s*,\s*" + _ITEM + r")*)")
_EXPECT_ITEM = re.compile(r'(?P<code>[A-Z]+\d+)(?::(?P<column>\d+))?(?:\s+"(?P<message>[^"]*)")?')
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
    in_fixtures = location.parent.parent == FIXTURES.resolve()
    return [
        rule
        for rule in all_rules(settings)
        if rule.applies() and (rule.default or not in_fixtures or rule.code == location.parent.name)
    ]


def lint(source: str, settings: Settings = Settings(), path: str = "snippet.py"):
    """(code, row, column) of every finding of every rule, and fail on internal errors."""
    return [(f.code, f.start.row, f.start.column) for f in lint_findings(source, settings, path)]


def lint_findings(source: str, settings: Settings = Settings(), path: str = "snippet.py") -> list:
    """Every finding of every applicable rule, and fail on internal errors."""
    result = lint_source(source, path, rules_for(settings, path))
    assert not result.errors, result.errors
    return result.findings


def run_rules(source: str, *codes: str, settings: Settings = Settings(), path: str = "snippet.py") -> list:
    """The findings of only the rules `codes` on `source` (fail on internal errors): the one way tests
    lint a snippet with chosen rules."""
    result = lint_source(source, path, [registry()[code](settings) for code in codes])
    assert not result.errors, result.errors
    return result.findings


def codes(source: str, settings: Settings = Settings()) -> list[str]:
    return [code for code, _, _ in lint(source, settings)]


def expectations(source: str) -> list[tuple[str, int, int | None]]:
    """(code, row, column or None) of every `# expect:` item."""
    return [(code, row, column) for code, row, column, _ in _expected_items(source)]


def message_expectations(source: str) -> list[tuple[str, int, str]]:
    """(code, row, text) of every `# expect:` item that names a text its message must contain."""
    return [(code, row, message) for code, row, _, message in _expected_items(source) if message is not None]


def _expected_items(source: str) -> list[tuple[str, int, int | None, str | None]]:
    expected = []
    for row, line in enumerate(source.splitlines(), start=1):
        match = _EXPECT.search(line)
        if not match:
            continue
        for item in _EXPECT_ITEM.finditer(match.group("items")):
            column = item.group("column")
            expected.append((item.group("code"), row, int(column) if column else None, item.group("message")))
    return expected


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("FUT*/*.py"))


def check_fixture(path: Path) -> None:
    """Exactly the findings the `# expect:` comments of the fixture at `path` name (an expectation
    without a column matches any column on that row), with the message texts they quote."""
    source = path.read_text(encoding="utf-8")
    findings = lint_findings(source, settings_from(source), path=str(path))
    found = sorted((f.code, f.start.row, f.start.column) for f in findings)
    columns = {(code, row): column for code, row, column in found}
    expected = sorted(
        (code, row, column if column is not None else columns.get((code, row), -1))
        for code, row, column in expectations(source)
    )
    assert found == expected
    for code, row, text in message_expectations(source):
        messages = [f.message for f in findings if (f.code, f.start.row) == (code, row)]
        assert any(text in message for message in messages), f"{code} on row {row}: {messages} lack {text!r}"
