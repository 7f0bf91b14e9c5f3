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
from futurelint.fixer import FixOutcome, fix_source, wanted
from futurelint.limits import Limits
from futurelint.runner import RunResult, rules_for
from futurelint.settings import Settings
from futurelint.workers import Died, run_in_workers
from futurelint.writing import NotWritten, rewrite_file


@dataclass
class RewriteSummary:
    fixed: int = 0  # findings fixed
    files_changed: int = 0
    diffs: list[str] = field(default_factory=list)
    dropped: int = 0  # fixes refused because the result would not compile
    unwritten: int = 0  # files left as they were (read-only, changed meanwhile, ...): see writing.py
    fixed_stdin: Optional[str] = None  # the fixed text of `-`, which goes to stdout


def apply_fixes(
    result: RunResult,
    codes_for: Callable[[str], frozenset],
    settings: Settings,
    unsafe: bool,
    write: bool,
    warn: Callable[[str], None],
    stdin_path: Optional[str] = None,
    limits: Limits = Limits(),
    jobs: int = 1,
) -> RewriteSummary:
    """Fix every file with applicable fixes; replace its findings with what remains. With
    `write=False` (for `--diff`) nothing is written and a unified diff is collected instead. The
    file read from stdin (`stdin_path`) is never written: its fixed text is returned instead."""
    summary = RewriteSummary()
    outcomes = _fix_in_workers(result, codes_for, settings, unsafe, limits, jobs)
    for index, file_result in enumerate(result.files):
        if file_result.path == stdin_path:
            summary.fixed_stdin = file_result.source
        outcome = outcomes.get(index)
        if isinstance(outcome, Died):
            warn(f"{display_path(file_result.path, Path.cwd())}: not fixed: {outcome.describe(limits)}")
            continue
        if outcome is None:
            continue
        for finding in outcome.dropped:
            warn(f"{finding.path}:{finding.start.row}: fix for {finding.code} skipped: the fixed code would not compile")
        summary.dropped += len(outcome.dropped)
        if not outcome.changed:
            continue
        if not write:
            summary.diffs.append(unified_diff(file_result.path, file_result.source, outcome.source))
        elif file_result.path == stdin_path:
            summary.fixed_stdin = outcome.source
        elif not _write_back(file_result.path, file_result.source, outcome.source, warn):
            summary.unwritten += 1
            continue  # its findings stay as they were: none of them is fixed
        remaining = [f for f in outcome.result.findings if f.code != PARSE_ERROR]
        result.files[index] = FileResult(file_result.path, remaining, outcome.result.errors, outcome.source)
        summary.fixed += len(outcome.fixed)
        summary.files_changed += 1
    return summary


def _fix_in_workers(result: RunResult, codes_for, settings: Settings, unsafe: bool, limits: Limits, jobs: int) -> dict:
    """The fix outcome (or `Died`) of every file with something to fix, by index in `result.files`.
    Fixing re-parses the file after every round, so it runs in worker processes like the lint, under
    the same time and memory limits."""
    indexes = [
        index
        for index, file_result in enumerate(result.files)
        if file_result.source is not None and any(wanted(f, unsafe) for f in file_result.findings)
    ]
    files = [result.files[index] for index in indexes]
    items = [(file_result.source, file_result.path, codes_for(file_result.path)) for file_result in files]
    outcomes: dict = {}

    def collect(position: int, outcome) -> None:
        outcomes[indexes[position]] = outcome

    if items:
        order = list(range(len(items)))
        run_in_workers(items, order, _fix_in_worker, (settings, unsafe), min(jobs, len(items)), limits, collect)
    return outcomes


def _fix_in_worker(item, argument) -> FixOutcome:
    source, path, codes = item
    settings, unsafe = argument
    return fix_source(source, path, rules_for(codes, settings), unsafe=unsafe)


def _write_back(path: str, old: str, new: str, warn: Callable[[str], None]) -> bool:
    """Whether `path` now holds `new`; if not, the reason is reported through `warn`."""
    try:
        rewrite_file(path, old, new)
    except NotWritten as reason:
        warn(f"{display_path(path, Path.cwd())}: not fixed: {reason}")
        return False
    return True


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


def apply_add_noqa(result: RunResult, warn: Callable[[str], None], stdin_path: Optional[str] = None) -> tuple[int, int]:
    """Write `# noqa: CODE` for every finding: (lines changed, files that could not be written)."""
    changed = unwritten = 0
    for file_result in result.files:
        findings = [f for f in file_result.findings if f.code != PARSE_ERROR]
        if not findings or file_result.source is None or file_result.path == stdin_path:
            continue
        new_source, count = add_noqa(file_result.path, file_result.source, findings, warn=warn)
        if not count:
            continue
        if _write_back(file_result.path, file_result.source, new_source, warn):
            changed += count
        else:
            unwritten += 1
    return changed, unwritten
