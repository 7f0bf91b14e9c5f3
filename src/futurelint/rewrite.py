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
from futurelint.fixer import FixOutcome, fix_source, wanted, without_dropped_fixes
from futurelint.limits import Limits
from futurelint.notebook import NotebookResult, cell_result, decode_notebook, in_joined_rows
from futurelint.runner import RunResult, rules_for
from futurelint.settings import Settings
from futurelint.workers import Died, run_in_workers
from futurelint.writing import Decoder, NotWritten, decode_source, rewrite_file


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
    settings_for: Callable[[str], Settings],
    unsafe: bool,
    write: bool,
    warn: Callable[[str], None],
    stdin_path: Optional[str] = None,
    limits_for: Callable[[str], Limits] = lambda path: Limits(),
    jobs: int = 1,
) -> RewriteSummary:
    """Fix every file with applicable fixes; replace its findings with what remains. With
    `write=False` (for `--diff`) nothing is written and a unified diff is collected instead. The
    file read from stdin (`stdin_path`) is never written: its fixed text is returned instead."""
    summary = RewriteSummary()
    outcomes = _fix_in_workers(result, codes_for, settings_for, unsafe, limits_for, jobs)
    for index, file_result in enumerate(result.files):
        if file_result.path == stdin_path:
            summary.fixed_stdin = _written_text(file_result, file_result.source)
        outcome = outcomes.get(index)
        if isinstance(outcome, Died):
            limits = limits_for(file_result.path)
            warn(f"{display_path(file_result.path, Path.cwd())}: not fixed: {outcome.describe(limits)}")
            continue
        if outcome is None:
            continue
        for finding in outcome.dropped:
            warn(f"{finding.path}:{finding.start.row}: fix for {finding.code} skipped: the fixed code would not compile")
        summary.dropped += len(outcome.dropped)
        if not outcome.changed:
            file_result.findings = without_dropped_fixes(file_result.findings, outcome.dropped)
            continue
        if not write:
            summary.diffs.append(_diff(file_result, outcome.source))
        elif file_result.path == stdin_path:
            summary.fixed_stdin = _written_text(file_result, outcome.source)
        elif not _write_changed(file_result, outcome.source, warn):
            summary.unwritten += 1
            continue  # its findings stay as they were: none of them is fixed
        remaining = [f for f in outcome.result.findings if f.code != PARSE_ERROR]
        remaining = without_dropped_fixes(remaining, outcome.dropped)
        if isinstance(file_result, NotebookResult):
            result.files[index] = cell_result(file_result, outcome.source, remaining)
        else:
            result.files[index] = FileResult(file_result.path, remaining, outcome.result.errors, outcome.source)
        summary.fixed += len(outcome.fixed)
        summary.files_changed += 1
    return summary


def _diff(file_result: FileResult, new: str) -> str:
    if isinstance(file_result, NotebookResult):
        return file_result.notebook.diff(new, display_path(file_result.path, Path.cwd()))
    return unified_diff(file_result.path, file_result.source, new)


def _written_text(file_result: FileResult, new: Optional[str]) -> Optional[str]:
    """What the file's text becomes: for a notebook, its JSON with the changed cells written in."""
    if isinstance(file_result, NotebookResult) and new is not None:
        return file_result.notebook.rewritten(new)
    return new


def _fix_in_workers(result: RunResult, codes_for, settings_for, unsafe: bool, limits_for, jobs: int) -> dict:
    """The fix outcome (or `Died`) of every file with something to fix, by index in `result.files`.
    Fixing re-parses the file after every round, so it runs in worker processes like the lint, under
    the same time and memory limits (one pool per distinct limits, as the lint)."""
    indexes = [
        index
        for index, file_result in enumerate(result.files)
        if file_result.source is not None and any(wanted(f, unsafe) for f in file_result.findings)
    ]
    files = [result.files[index] for index in indexes]
    items = [(f.source, f.path, codes_for(f.path), settings_for(f.path), result.index_for(f.path)) for f in files]
    outcomes: dict = {}

    def collect(position: int, outcome) -> None:
        outcomes[indexes[position]] = outcome

    groups: dict = {}
    for position, file_result in enumerate(files):
        groups.setdefault(limits_for(file_result.path), []).append(position)
    for limits, order in groups.items():
        run_in_workers(items, order, _fix_in_worker, unsafe, min(jobs, len(order)), limits, collect)
    return outcomes


def _fix_in_worker(item, unsafe: bool) -> FixOutcome:
    source, path, codes, settings, project = item
    return fix_source(source, path, rules_for(codes, settings), unsafe=unsafe, project=project)


def _write_changed(file_result: FileResult, new: str, warn: Callable[[str], None]) -> bool:
    """Whether the file now holds `new` (for a notebook: its JSON with the changed cells written in)."""
    if not isinstance(file_result, NotebookResult):
        return _write_back(file_result.path, file_result.source, new, warn)
    text = file_result.notebook.rewritten(new)
    if text is None:
        warn(f"{display_path(file_result.path, Path.cwd())}: not fixed: cannot write the changes into this notebook's JSON")
        return False
    return _write_back(file_result.path, file_result.notebook.raw, text, warn, decode_notebook)


def _write_back(path: str, old: str, new: str, warn: Callable[[str], None], decode: Decoder = decode_source) -> bool:
    """Whether `path` now holds `new`; if not, the reason is reported through `warn`."""
    try:
        rewrite_file(path, old, new, decode)
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
        if isinstance(file_result, NotebookResult):
            findings = in_joined_rows(file_result, findings)
        new_source, count = add_noqa(file_result.path, file_result.source, findings, warn=warn)
        if not count:
            continue
        if _write_changed(file_result, new_source, warn):
            changed += count
        else:
            unwritten += 1
    return changed, unwritten
