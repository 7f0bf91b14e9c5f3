"""The running Python's standard library, linted with every rule: no internal error anywhere, and a
FUT000 only for a file CPython itself cannot parse. Runs by default (a couple of minutes); deselect
with `-m "not slow"`."""

from __future__ import annotations

import ast
import os
import sysconfig
import warnings
from pathlib import Path

import pytest

from futurelint.engine import PARSE_ERROR, decode, lint_bytes
from futurelint.prefilter import may_import_concurrent, mentions_concurrent
from futurelint.rules.base import registry
from futurelint.settings import Settings

pytestmark = pytest.mark.slow

STDLIB = Path(sysconfig.get_paths()["stdlib"])
SKIP_DIRS = {"site-packages", "dist-packages", "__pycache__"}


def stdlib_files() -> list[Path]:
    files = []
    for directory, subdirs, names in os.walk(STDLIB):
        subdirs[:] = sorted(d for d in subdirs if d not in SKIP_DIRS)
        files.extend(Path(directory, name) for name in sorted(names) if name.endswith(".py"))
    return files


def cpython_rejects(data: bytes) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True
    return False


def may_import(data: bytes) -> bool:
    return mentions_concurrent(data) and may_import_concurrent(decode(data))


@pytest.mark.skipif(not STDLIB.is_dir(), reason="the standard library sources are not installed")
def test_standard_library_lints_cleanly():
    rules = [rule(Settings()) for rule in registry().values()]
    rules = [rule for rule in rules if rule.applies()]
    files = stdlib_files()
    assert len(files) > 500, f"too few files under {STDLIB}: not a standard library?"
    errors, wrong_fut000, linted, parse_errors = [], [], 0, 0
    for path in files:
        data = path.read_bytes()
        result = lint_bytes(data, str(path), rules)
        errors.extend(result.errors)
        linted += not result.skipped
        for finding in result.findings:
            if finding.code == PARSE_ERROR:
                parse_errors += 1
                if not cpython_rejects(data):
                    wrong_fut000.append(f"{path}: {finding.message}")
    assert not errors, "\n".join(map(str, errors))
    assert not wrong_fut000, "\n".join(wrong_fut000)
    # FUT000 is owed only where the prefilter lets a file through: files that cannot import
    # `concurrent` are skipped unparsed.
    expected = [p for p in files if may_import(p.read_bytes()) and cpython_rejects(p.read_bytes())]
    assert parse_errors == len(expected)
    assert linted >= 20
