"""Apply fixes: text edits computed from the tree, applied, re-linted, until nothing changes.

Each round lints the current text, takes the applicable fixes whose edits do not overlap one already
taken (the first by position wins; the others wait for the next round, when they are recomputed on the
new text), applies them, and checks that the result still parses, with libcst and with CPython's `compile()`
(which also rejects what libcst lets through: a repeated keyword argument, `await` outside an async
function...). A fix whose result would not compile is dropped and reported, never written.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field, replace
from typing import Callable, Optional, Sequence

from futurelint.engine import FileResult, lint_source
from futurelint.findings import Edit, Finding, Location
from futurelint.rules.base import Rule

MAX_ROUNDS = 10
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class FixOutcome:
    source: str
    fixed: list[Finding] = field(default_factory=list)
    dropped: list[Finding] = field(default_factory=list)  # fixes whose result would not compile
    result: Optional[FileResult] = None  # the lint of the final text

    @property
    def changed(self) -> bool:
        return bool(self.fixed)


def line_offsets(source: str) -> list[int]:
    """Offset of the first character of each line, with libcst's notion of a line break."""
    return [0] + [match.end() for match in _LINE_BREAK.finditer(source)]


def _offset(offsets: list[int], location: Location) -> int:
    return offsets[location.row - 1] + location.column - 1


def apply_edits(source: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits (any order) to `source`."""
    offsets = line_offsets(source)
    spans = sorted(((_offset(offsets, e.start), _offset(offsets, e.end), e.content) for e in edits), reverse=True)
    for start, end, content in spans:
        source = source[:start] + content + source[end:]
    return source


def _span(offsets: list[int], finding: Finding) -> list[tuple[int, int]]:
    return [(_offset(offsets, e.start), _offset(offsets, e.end)) for e in finding.fix.edits]


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    start, end = span
    return any(start < other_end and other_start < end or start == other_start for other_start, other_end in taken)


def wanted(finding: Finding, unsafe: bool) -> bool:
    return finding.fix is not None and (finding.fix.applicability == "safe" or unsafe)


def parses(source: str) -> bool:
    import libcst as cst

    try:
        cst.parse_module(source)
    except Exception:
        return False
    return True


def compiles(source: str, path: str) -> bool:
    """Whether CPython compiles `source`: it rejects what libcst's grammar accepts, such as
    `f(a=1, a=2)`, `await` outside an async function or `return` outside a function."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarning / DeprecationWarning of the file's own code
        try:
            compile(source, path, "exec", dont_inherit=True)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return False
    return True


def acceptance(source: str, path: str) -> Callable[[str], bool]:
    """The test a fixed text of `source` must pass: libcst parses it and, when this Python compiles
    the original (it may be written for a newer one), CPython compiles it too."""
    if compiles(source, path):
        return lambda fixed: parses(fixed) and compiles(fixed, path)
    return parses


def fix_source(source: str, path: str, rules: Sequence[Rule], unsafe: bool = False, project=None) -> FixOutcome:
    """Apply fixes in rounds until none is left; `project`: the project's index (engine.lint_source)."""
    outcome = FixOutcome(source)
    refused: set[tuple] = set()
    accept = acceptance(source, path)
    for _ in range(MAX_ROUNDS):
        result = lint_source(outcome.source, path, rules, project=project)
        outcome.result = result
        candidates = [f for f in result.findings if wanted(f, unsafe) and _key(f) not in refused]
        if not candidates:
            break
        applied = _apply_round(outcome, candidates, refused, accept)
        if not applied:
            break
    outcome.result = lint_source(outcome.source, path, rules, project=project) if outcome.fixed else outcome.result
    return outcome


def without_dropped_fixes(findings: list[Finding], dropped: list[Finding]) -> list[Finding]:
    """`findings` with the fixes in `dropped` taken off: `--fix` would refuse them again, so they
    must not be counted as fixable. Matched without positions, which earlier fixes may have moved."""
    refused = {_identity(f) for f in dropped}
    return [replace(f, fix=None) if f.fix and _identity(f) in refused else f for f in findings]


def _identity(finding: Finding) -> tuple:
    return (finding.code, finding.message, tuple(e.content for e in finding.fix.edits))


def _key(finding: Finding) -> tuple:
    return (finding.code, finding.message, tuple(finding.fix.edits) if finding.fix else ())


def _apply_round(outcome: FixOutcome, candidates: list[Finding], refused: set, accept: Callable[[str], bool]) -> int:
    offsets = line_offsets(outcome.source)
    taken: list[tuple[int, int]] = []
    chosen: list[Finding] = []
    for finding in candidates:
        spans = _span(offsets, finding)
        if any(_overlaps(span, taken) for span in spans):
            continue
        taken.extend(spans)
        chosen.append(finding)
    new_source = apply_edits(outcome.source, [e for f in chosen for e in f.fix.edits])
    if accept(new_source):
        outcome.source = new_source
        outcome.fixed.extend(chosen)
        return len(chosen)
    return _apply_one_by_one(outcome, chosen, refused, accept)


def _apply_one_by_one(outcome: FixOutcome, chosen: list[Finding], refused: set, accept: Callable[[str], bool]) -> int:
    # Some fix in the batch breaks the compile: find it by applying them singly, from the end of the
    # file backwards so the earlier edits' positions stay valid.
    applied = 0
    for finding in sorted(chosen, key=lambda f: (f.start.row, f.start.column), reverse=True):
        new_source = apply_edits(outcome.source, finding.fix.edits)
        if accept(new_source):
            outcome.source = new_source
            outcome.fixed.append(finding)
            applied += 1
        else:
            outcome.dropped.append(finding)
            refused.add(_key(finding))
    return applied
