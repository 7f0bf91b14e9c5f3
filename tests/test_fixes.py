"""Every fixable finding in the fixtures: the fixed text matches its snapshot, re-lints clean for that
fix's rule, and fixing again changes nothing.

Snapshots live beside the fixture as `<name>.py.fixed` (with unsafe fixes applied too). Regenerate with
`FUTURELINT_UPDATE_SNAPSHOTS=1 pytest tests/test_fixes.py` and review the diff.
"""

from __future__ import annotations

import ast
import os
import shutil
import sysconfig
from pathlib import Path

import pytest
from harness import FIXTURES, all_rules, fixture_files, settings_from

from futurelint.engine import PREFILTER, lint_source
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
def test_fixing_the_standard_library_keeps_every_file_parseable(tmp_path):
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    rules = all_rules(settings_from(""))
    rules = [rule for rule in rules if rule.applies()]
    checked = 0
    for path in sorted(stdlib.rglob("*.py")):
        if "site-packages" in path.parts:
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if PREFILTER not in data:
            continue  # cannot have a finding, so cannot have a fix
        try:
            source = data.decode("utf-8")
            ast.parse(source)
        except (UnicodeDecodeError, SyntaxError, ValueError):
            continue
        copy = tmp_path / f"{checked}.py"
        shutil.copyfile(path, copy)
        checked += 1
        if not any(f.fix is not None for f in lint_source(source, str(copy), rules).findings):
            continue  # the fixer starts from this same lint, so it would change nothing
        outcome = fix_source(source, str(copy), rules, unsafe=True)
        assert outcome.changed and not outcome.dropped, path
        ast.parse(outcome.source)
    assert checked > 10
