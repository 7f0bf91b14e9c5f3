"""Every fixable finding in the fixtures: the fixed text matches its snapshot, re-lints clean for that
fix's rule, and fixing again changes nothing.

Snapshots live beside the fixture as `<name>.py.fixed` (with unsafe fixes applied too). Regenerate with
`FUTURELINT_UPDATE_SNAPSHOTS=1 pytest tests/test_fixes.py` and review the diff.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from harness import FIXTURES, all_rules, fixture_files, settings_from

from futurelint.engine import lint_source
from futurelint.fixer import fix_source

UPDATE = os.environ.get("FUTURELINT_UPDATE_SNAPSHOTS") == "1"


def _fixable(path: Path) -> bool:
    source = path.read_text(encoding="utf-8")
    result = lint_source(source, str(path), _rules(source))
    return any(f.fix is not None for f in result.findings)


def _rules(source: str):
    return [rule for rule in all_rules(settings_from(source)) if rule.applies()]


FIXABLE = [path for path in fixture_files() if _fixable(path)]


@pytest.mark.parametrize("path", FIXABLE, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fix_matches_snapshot_and_is_stable(path):
    source = path.read_text(encoding="utf-8")
    rules = _rules(source)
    outcome = fix_source(source, str(path), rules, unsafe=True)
    assert outcome.changed and not outcome.dropped
    snapshot = path.with_name(path.name + ".fixed")
    if UPDATE:
        snapshot.write_text(outcome.source, encoding="utf-8")
    assert snapshot.exists(), f"missing snapshot {snapshot.name}: run with FUTURELINT_UPDATE_SNAPSHOTS=1"
    assert outcome.source == snapshot.read_text(encoding="utf-8")
    ast.parse(outcome.source)
    remaining = {f.code for f in outcome.result.findings if f.fix is not None}
    assert not remaining, f"fixable findings left after fixing: {remaining}"
    again = fix_source(outcome.source, str(path), rules, unsafe=True)
    assert not again.changed


def test_no_stale_snapshots():
    snapshots = {p.with_suffix("") for p in FIXTURES.glob("FUT*/*.py.fixed")}
    assert snapshots <= set(FIXABLE), "snapshots for fixtures that have no fix any more"


def test_safe_only_never_applies_unsafe_fixes():
    for path in FIXABLE:
        source = path.read_text(encoding="utf-8")
        outcome = fix_source(source, str(path), _rules(source), unsafe=False)
        assert all(f.fix.applicability == "safe" for f in outcome.fixed)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::SyntaxWarning")
def test_fix_over_a_copy_of_the_standard_library(tmp_path):
    """`check --fix --unsafe-fixes` on a copy of the stdlib: every file still parses, and only files
    that had a fixable finding changed."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    copy = tmp_path / "stdlib"
    originals = {}
    for path in stdlib.rglob("*.py"):
        relative = path.relative_to(stdlib)
        if {"site-packages", "dist-packages"} & set(relative.parts):
            continue
        try:
            data = path.read_bytes()
            ast.parse(data)
        except (OSError, SyntaxError, ValueError):
            continue  # only files the running Python accepts can be held to "still parses"
        target = copy / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        originals[target] = data
    assert len(originals) > 500
    # The stdlib has (almost) no fixable findings; plant the fixable fixtures among its files so the
    # fixes are exercised at that scale too.
    for index, fixture in enumerate(FIXABLE):
        target = copy / "_planted" / f"{index}_{fixture.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(fixture.read_bytes())
        originals[target] = fixture.read_bytes()
    common = ["--select", "ALL", "--no-respect-gitignore", "--exclude", "", "--exit-zero"]
    listed = _futurelint("check", *common, "--output-format", "json", str(copy))
    fixable = {Path(item["filename"]) for item in json.loads(listed) if item["fix"] is not None}
    _futurelint("check", *common, "--fix", "--unsafe-fixes", "--quiet", str(copy))
    changed = {path for path, data in originals.items() if path.read_bytes() != data}
    assert changed <= fixable, f"changed without a fixable finding: {sorted(changed - fixable)[:5]}"
    planted = {path for path in fixable if "_planted" in path.parts}
    assert planted and planted <= changed, "planted fixable files were not fixed"
    for path in changed:
        ast.parse(path.read_bytes(), filename=str(path))


def _futurelint(*args: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-m", "futurelint", *args], capture_output=True, text=True, timeout=600
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout
