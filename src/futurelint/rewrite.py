"""Changing files after a lint: `--fix` / `--unsafe-fixes` / `--diff` and `--add-noqa`.

Works on a finished `RunResult` whose files kept their decoded source, so each file is read and
parsed once more only when it really has something to change.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from futurelint.add_noqa import add_noqa
from futurelint.engine import PARSE_ERROR, FileResult
from futurelint.formatters.common import display_path
from futurelint.fixer import fix_source, read_source, wanted, write_atomically
from futurelint.runner import RunResult, rules_for
from futurelint.settings import Settings


@dataclass
class RewriteSummary:
    fixed: int = 0  # findings fixed
    files_changed: int = 0
    diffs: list[str] = field(default_factory=list)
    dropped: int = 0  # fixes refused because the result would not compile
    fixed_stdin: Optional[str] = None  # the fixed text of `-`, which goes to stdout


def apply_fixes(
    result: RunResult,
    codes_for: Callable[[str], frozenset],
    settings: Settings,
    unsafe: bool,
    write: bool,
    warn: Callable[[str], None],
    stdin_path: Optional[str] = None,
) -> RewriteSummary:
    """Fix every file with applicable fixes; replace its findings with what remains. With
    `write=False` (for `--diff`) nothing is written and a unified diff is collected instead. The
    file read from stdin (`stdin_path`) is never written: its fixed text is returned instead."""
    summary = RewriteSummary()
    for index, file_result in enumerate(result.files):
        if file_result.path == stdin_path:
            summary.fixed_stdin = file_result.source
        if file_result.source is None or not any(wanted(f, unsafe) for f in file_result.findings):
            continue
        rules = rules_for(codes_for(file_result.path), settings)
        outcome = fix_source(file_result.source, file_result.path, rules, unsafe=unsafe)
        for finding in outcome.dropped:
            warn(f"{finding.path}:{finding.start.row}: fix for {finding.code} skipped: the fixed code would not compile")
        summary.dropped += len(outcome.dropped)
        if not outcome.changed:
            continue
        remaining = [f for f in outcome.result.findings if f.code != PARSE_ERROR]
        result.files[index] = FileResult(file_result.path, remaining, outcome.result.errors, outcome.source)
        summary.fixed += len(outcome.fixed)
        summary.files_changed += 1
        if not write:
            summary.diffs.append(unified_diff(file_result.path, file_result.source, outcome.source))
        elif file_result.path == stdin_path:
            summary.fixed_stdin = outcome.source
        else:
            _write_back(Path(file_result.path), file_result.source, outcome.source, warn)
    return summary


def _write_back(path: Path, old: str, new: str, warn: Callable[[str], None]) -> None:
    text, encoding, bom = read_source(path)
    if text != old:
        warn(f"{path}: changed while futurelint was running; not fixed")
        return
    write_atomically(path, new, encoding, bom)


def unified_diff(path: str, old: str, new: str) -> str:
    shown = display_path(path, Path.cwd())
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=f"a/{shown}", tofile=f"b/{shown}"
    )
    return "".join(_terminated(line) for line in lines)


def _terminated(line: str) -> str:
    """A diff line as `diff -u` prints it: a last line without newline gets the usual marker."""
    if line.endswith(("\n", "\r")):
        return line
    return line + "\n\\ No newline at end of file\n"


def apply_add_noqa(result: RunResult, warn: Callable[[str], None], stdin_path: Optional[str] = None) -> int:
    """Write `# noqa: CODE` for every finding; the number of lines changed."""
    changed = 0
    for file_result in result.files:
        findings = [f for f in file_result.findings if f.code != PARSE_ERROR]
        if not findings or file_result.source is None or file_result.path == stdin_path:
            continue
        new_source, count = add_noqa(file_result.path, file_result.source, findings, warn=warn)
        if count:
            _write_back(Path(file_result.path), file_result.source, new_source, warn)
            changed += count
    return changed
