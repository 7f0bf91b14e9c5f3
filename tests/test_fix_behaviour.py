"""Differential tests of the fixes: small realistic programs are run before and after
`futurelint check --fix` (a real process, on a copy), and what they do is compared.

Each program in `fix_programs/` starts with a header:

    # fix: --select FUT203 [--unsafe-fixes] [--target-version py310]   the options given to `--fix`
    # applied: yes | no          whether a right fix changes the file at all
    # after:                     optional: what the program prints once fixed, one `# | line` each;
    # | 5                        without it, the fixed program must behave exactly as before

Behaviour is what a user sees: stdout, the exit code and the type of an uncaught exception. Beside
behaviour, every fix must keep every comment beside the code it was on, keep continuation lines at
least as deep as their statement, and compile; `<name>.expected.py`, when present, is the exact text
the fix must produce. A program with `applied: no` is a situation where the fix must hold back.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from fix_checks import lost_comments, shallow_continuations

PROGRAMS = Path(__file__).parent / "fix_programs"
_HEADER = re.compile(r"^# (fix|applied): (.*)$", re.MULTILINE)
_AFTER = re.compile(r"^# after:\n((?:# \|.*\n)+)", re.MULTILINE)
_EXCEPTION = re.compile(r"^(\w+(?:\.\w+)*)(?::|$)")

@dataclass(frozen=True)
class Behaviour:
    stdout: str
    exit_code: int
    exception: str


@dataclass(frozen=True)
class Program:
    path: Path
    options: tuple[str, ...]
    applied: bool
    after: str | None  # expected stdout once fixed; None: as before

    @classmethod
    def read(cls, path: Path) -> "Program":
        text = path.read_text(encoding="utf-8")
        header = dict(_HEADER.findall(text))
        after = _AFTER.search(text)
        expected = "".join(line[4:] + "\n" for line in after.group(1).splitlines()) if after else None
        return cls(path, tuple(header["fix"].split()), header["applied"] == "yes", expected)


def _programs() -> list[Path]:
    return sorted(p for p in PROGRAMS.glob("fut*.py") if not p.name.endswith(".expected.py"))


def run(path: Path) -> Behaviour:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1")
    completed = subprocess.run(
        [sys.executable, path.name], cwd=str(path.parent), capture_output=True, text=True, env=env, timeout=30
    )
    last = completed.stderr.strip().splitlines()[-1:] if completed.returncode else []
    match = _EXCEPTION.match(last[0]) if last else None
    return Behaviour(completed.stdout, completed.returncode, match.group(1) if match else "")


def fix(paths: list[Path], options: tuple[str, ...]) -> subprocess.CompletedProcess:
    """`futurelint check --fix OPTIONS PATH...` in the programs' folder, as a user runs it."""
    command = [sys.executable, "-m", "futurelint", "check", "--fix", "--no-respect-gitignore", *options]
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        command + [p.name for p in paths], cwd=str(paths[0].parent), capture_output=True, text=True, env=env, timeout=300
    )


@pytest.fixture(scope="module")
def fixed_copies(tmp_path_factory) -> dict[str, tuple[Path, Path, subprocess.CompletedProcess]]:
    """Every program copied twice, `original/` and `fixed/`, the latter fixed by one
    `futurelint check --fix` per set of options (fewer start-ups than one per program)."""
    root = tmp_path_factory.mktemp("fix_programs")
    groups: dict[tuple[str, ...], list[Path]] = {}
    for folder in ("original", "fixed"):
        (root / folder).mkdir()
        for support in PROGRAMS.glob("_*.py"):
            shutil.copy(support, root / folder / support.name)
    for path in _programs():
        for folder in ("original", "fixed"):
            shutil.copy(path, root / folder / path.name)
        groups.setdefault(Program.read(path).options, []).append(root / "fixed" / path.name)
    copies = {}
    for options, paths in groups.items():
        fixing = fix(paths, options)
        for path in paths:
            copies[path.name] = (root / "original" / path.name, path, fixing)
    return copies


@pytest.mark.parametrize("path", _programs(), ids=lambda p: p.stem)
def test_fix_keeps_behaviour(path: Path, fixed_copies):
    program = Program.read(path)
    original_copy, fixed_copy, fixing = fixed_copies[path.name]
    assert fixing.returncode in (0, 1), fixing.stderr
    before = run(original_copy)
    fixed = fixed_copy.read_text(encoding="utf-8")
    original = path.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(original.splitlines(True), fixed.splitlines(True), "before", "after"))
    compile(fixed, path.name, "exec")
    after = run(fixed_copy)
    if program.after is None:
        assert after == before, diff
    else:
        assert after == Behaviour(program.after, 0, ""), (before, diff)
    assert (fixed != original) == program.applied, diff
    assert not lost_comments(original, fixed), diff
    if not shallow_continuations(original):
        assert not shallow_continuations(fixed), diff
    expected = path.with_name(path.stem + ".expected.py")
    if expected.exists():
        assert fixed == expected.read_text(encoding="utf-8")


def test_every_fixable_rule_has_programs():
    from futurelint.rules.base import catalog

    fixable = {code for code, meta in catalog().items() if meta.fix_availability != "never"}
    covered = {path.name[:6].upper() for path in _programs()}
    assert fixable <= covered, sorted(fixable - covered)
