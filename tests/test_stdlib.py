"""The running Python's standard library, linted with every rule: no internal error anywhere, and a
FUT000 only for a file CPython itself cannot parse. And the prefilter's soundness: the standard
library and site-packages give the same findings with and without it. Runs by default (a few
minutes); deselect with `-m "not slow"`. For the soundness test, `FUTURELINT_CORPUS_SAMPLE=N`
checks every N-th file only (CI does that on all but one interpreter), and
`FUTURELINT_CORPUS_EXTRA` adds folders (separated by `os.pathsep`), e.g. another site-packages."""

from __future__ import annotations

import ast
import os
import sys
import sysconfig
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

import pytest

from futurelint.engine import PARSE_ERROR, decode, lint_bytes
from futurelint.prefilter import may_import_concurrent, mentions_concurrent
from futurelint.rules.base import registry
from futurelint.settings import Settings

pytestmark = pytest.mark.slow

STDLIB = Path(sysconfig.get_paths()["stdlib"])
SKIP_DIRS = {"site-packages", "dist-packages", "__pycache__"}


def stdlib_files() -> list[Path]:
    return python_files(STDLIB, skip=SKIP_DIRS)


def site_packages_files() -> list[Path]:
    roots = [Path(sysconfig.get_paths()[key]) for key in ("purelib", "platlib")]
    roots += [Path(extra) for extra in os.environ.get("FUTURELINT_CORPUS_EXTRA", "").split(os.pathsep) if extra]
    unique = dict.fromkeys(root.resolve() for root in roots)
    return [path for root in unique if root.is_dir() for path in python_files(root, skip={"__pycache__"})]


def python_files(root: Path, skip: set) -> list[Path]:
    files = []
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d not in skip)
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
    rules = all_rules()
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
    assert linted >= 10  # the files that import from concurrent


class Compared(NamedTuple):
    skipped: bool  # by the prefilter
    with_prefilter: list  # findings other than FUT000: the prefilter owes no FUT000 to a file
    without_prefilter: list  # that cannot have a finding
    errors: list
    parse_error_only_with_prefilter: bool


def compare_prefilter(path: Path) -> Compared:
    data = path.read_bytes()
    with_prefilter = lint_bytes(data, str(path), all_rules())
    without = lint_bytes(data, str(path), all_rules(), prefilter=False)
    return Compared(
        with_prefilter.skipped,
        real_findings(with_prefilter),
        real_findings(without),
        [str(error) for error in with_prefilter.errors + without.errors],
        has_parse_error(with_prefilter) and not has_parse_error(without),
    )


def real_findings(result) -> list:
    return [(f.code, f.start.row, f.start.column, f.message) for f in result.findings if f.code != PARSE_ERROR]


def has_parse_error(result) -> bool:
    return any(f.code == PARSE_ERROR for f in result.findings)


_RULES: list = []


def all_rules() -> list:
    if not _RULES:
        _RULES.extend(rule for rule in (cls(Settings()) for cls in registry().values()) if rule.applies())
    return _RULES


def compare_all(files: list[Path]) -> list[Compared]:
    if sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1:
        import multiprocessing

        with ProcessPoolExecutor(os.cpu_count(), mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(compare_prefilter, files, chunksize=16))
    return [compare_prefilter(path) for path in files]


@pytest.mark.skipif(not STDLIB.is_dir(), reason="the standard library sources are not installed")
def test_prefilter_is_sound_on_the_standard_library_and_site_packages():
    sample = max(int(os.environ.get("FUTURELINT_CORPUS_SAMPLE", "1")), 1)
    files = (stdlib_files() + site_packages_files())[::sample]
    results = compare_all(files)
    differ = [f"{path}: {r.with_prefilter} != {r.without_prefilter}" for path, r in zip(files, results)
              if r.with_prefilter != r.without_prefilter]
    assert not differ, "\n".join(differ[:20])
    errors = [error for result in results for error in result.errors]
    assert not errors, "\n".join(errors[:20])
    assert not any(result.parse_error_only_with_prefilter for result in results)
    assert sum(result.skipped for result in results) > 0.8 * len(files), "most files should be skipped"
    if sample == 1:  # the standard library's own concurrent.futures tests have findings
        assert any(result.with_prefilter for result in results)
