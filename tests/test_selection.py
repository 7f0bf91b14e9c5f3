"""Rule selection: codes, prefixes, ALL, names, layering, per-file-ignores."""

from __future__ import annotations

import pytest

from cli_helpers import FLAGGED, invoke, write
from futurelint.rules.base import registry
from futurelint.selection import Layer, SelectorError, build_per_file_ignores, default_codes, parse_selector, parse_selectors, resolve


def layer(select=None, extend=(), ignore=()):
    return Layer(parse_selectors(select) if select is not None else None, parse_selectors(extend), parse_selectors(ignore))


@pytest.mark.parametrize("text", ["FUT902", "fut902", "FUT90", "FUT9", "FUT", "ALL", "future-discarded"])
def test_selectors_that_name_fut902(text):
    assert "FUT902" in parse_selector(text).codes


def test_all_is_every_rule():
    assert parse_selector("ALL").codes == frozenset(registry())


@pytest.mark.parametrize("text", ["FUT9999", "FUTX", "E501", "future-discardd", ""])
def test_unknown_selectors(text):
    with pytest.raises(SelectorError):
        parse_selector(text)


def test_default_is_the_default_rules():
    assert resolve([]) == default_codes() == {code for code, rule in registry().items() if rule.default}


def test_more_specific_selector_wins_within_a_layer():
    assert "FUT902" not in resolve([layer(select=["FUT9"], ignore=["FUT902"])])
    assert "FUT902" in resolve([layer(select=["FUT902"], ignore=["FUT9"])])
    assert "FUT902" not in resolve([layer(select=["FUT9"], ignore=["FUT9"])])  # a tie goes to ignore


def test_later_layer_select_replaces_and_extends():
    config = layer(ignore=["FUT902"])
    assert "FUT902" not in resolve([config, layer()])
    assert "FUT902" in resolve([config, layer(extend=["future-discarded"])])
    assert resolve([layer(select=["ALL"]), layer(select=["FUT902"])]) == {"FUT902"}


def test_per_file_ignore_patterns(tmp_path):
    entries = build_per_file_ignores({"tests/**/*.py": ["FUT9"], "__init__.py": ["ALL"], "!src/*": ["FUT902"]}, str(tmp_path))
    by_pattern = {entry.pattern: entry for entry in entries}
    assert by_pattern["tests/**/*.py"].matches(str(tmp_path / "tests" / "a" / "b.py"))
    assert by_pattern["tests/**/*.py"].matches(str(tmp_path / "tests" / "b.py"))
    assert not by_pattern["tests/**/*.py"].matches(str(tmp_path / "src" / "tests.py"))
    assert by_pattern["__init__.py"].matches(str(tmp_path / "deep" / "pkg" / "__init__.py"))
    assert by_pattern["src/*"].matches(str(tmp_path / "lib" / "x.py"))  # negated: everything outside src/
    assert not by_pattern["src/*"].matches(str(tmp_path / "src" / "x.py"))


def test_cli_accepts_comma_lists_and_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a.py", FLAGGED)
    assert invoke("check", "--select", "FUT1,future-discarded" if _has("FUT1") else "future-discarded").exit_code == 1
    assert invoke("check", "--ignore", "future-discarded", "--select", "FUT902").exit_code == 0


def test_cli_unknown_selector_names_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "--ignore", "FUT902,FUT9999")
    assert result.exit_code == 2
    assert result.stderr == (
        "futurelint: error: unknown rule selector `FUT9999` (from the command line); see `futurelint rules`\n"
    )


def test_fut000_can_be_ignored_by_exact_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "bad.py", "import concurrent.futures\ndef (:\n")
    assert invoke("check").exit_code == 1
    assert invoke("check", "--ignore", "FUT000").exit_code == 0


def _has(prefix):
    return any(code.startswith(prefix) for code in registry())


def test_fut000_per_file_ignore(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "pyproject.toml", '[tool.futurelint]\nper-file-ignores = {"legacy/*" = ["FUT000"]}\n')
    write(tmp_path, "legacy/bad.py", "import concurrent.futures\ndef (:\n")
    assert invoke("check").exit_code == 0
    write(tmp_path, "bad.py", "import concurrent.futures\ndef (:\n")
    assert invoke("check").exit_code == 1
