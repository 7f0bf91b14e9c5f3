"""What every fix must keep, checked on source text: comments beside their code, continuation lines
at least as deep as their statement, and lines outside the fixed statements. Shared by the
differential tests, the property tests and `scripts/check_fixes.py`."""

from __future__ import annotations

import ast
import difflib
import io
import re
import tokenize
from typing import Iterable

_WORD = re.compile(r"\w+")
_NOQA = re.compile(r"#\s*noqa\b(?::\s*[A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*)?", re.IGNORECASE)
_COMMENT_MARKS = re.compile(r"^[#\s]+")
_LAYOUT_TYPES = (tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER)


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(source).readline))


def comments(source: str) -> list[tuple[str, frozenset]]:
    """Every comment, with the words of the code before it on its line (empty for a comment on a
    line of its own); `# noqa` directives, which FUT090's fix removes, are left out."""
    lines = source.splitlines()
    found = []
    for token in _tokens(source):
        if token.type == tokenize.COMMENT:
            code = lines[token.start[0] - 1][:token.start[1]]
            # FUT090's fix edits `# noqa` directives; what matters is the rest of the comment's text.
            text = _COMMENT_MARKS.sub("", _NOQA.sub("", token.string)).strip()
            if text:
                found.append((text, frozenset(_WORD.findall(code))))
    return found


def lost_comments(before: str, after: str) -> list[str]:
    """Comments of `before` missing from `after`, or moved away from their code: a comment kept
    after a line of code must still follow code that shares a word with it (`# batch size` moved
    from `chunksize=100,` to `lines,` counts as lost)."""
    remaining = comments(after)
    lost = []
    for text, words in comments(before):
        match = next(
            (i for i, (t, w) in enumerate(remaining) if t == text and (w & words or not (w or words))),
            None,
        )
        if match is None:
            lost.append(text)
        else:
            del remaining[match]
    return lost


def shallow_continuations(source: str) -> list[int]:
    """Rows that continue a statement (inside brackets) but are indented less than the statement's
    first row; lines inside multi-line strings do not count."""
    lines = source.splitlines()
    rows, statement_indent, in_string = [], None, set()
    for token in _tokens(source):
        if token.type == tokenize.STRING and token.end[0] > token.start[0]:
            in_string.update(range(token.start[0] + 1, token.end[0] + 1))
    statement_start = None
    for token in _tokens(source):
        if token.type in _LAYOUT_TYPES:
            if token.type == tokenize.NEWLINE:
                statement_start = None
            continue
        if statement_start is None:
            statement_start = token.start[0]
            statement_indent = len(lines[statement_start - 1]) - len(lines[statement_start - 1].lstrip())
        row = token.start[0]
        if row != statement_start and row not in in_string and token.start[1] < statement_indent:
            rows.append(row)
    return sorted(set(rows))


def changed_rows(before: str, after: str) -> list[int]:
    """Rows of `before` that the fix replaced or deleted, comparing lines without their indentation
    (the `with` fixes indent the statements they wrap), and rows before which it inserted lines
    other than imports (FUT306 and FUT803 may add `import concurrent.futures`)."""
    old = [line.strip() for line in before.splitlines()]
    new = [line.strip() for line in after.splitlines()]
    rows: list[int] = []
    for tag, start, end, new_start, new_end in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            rows.extend(range(start + 1, end + 1))
        elif tag == "insert" and not all(line.startswith("import ") for line in new[new_start:new_end]):
            rows.append(start + 1)
    return rows


def flagged_spans(source: str, findings: Iterable) -> list[tuple[int, int]]:
    """(first, last) rows of the statements holding fixable findings: the innermost statement
    around the finding, and for FUT001 (whose `with` takes in the rest of the block) everything
    after it in its block."""
    tree = ast.parse(source)
    spans = []
    for finding in findings:
        found = _innermost_statement(tree, finding.start.row)
        if found is None:
            continue
        statement, siblings = found
        last = siblings[-1] if finding.code == "FUT001" else statement
        spans.append((statement.lineno, last.end_lineno))
    return spans


def _innermost_statement(tree: ast.AST, row: int):
    """(statement, the statements of its block) of the innermost statement spanning `row`."""
    best = None
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody", "handlers"):
            block = getattr(node, field, None)
            if not isinstance(block, list):
                continue
            for statement in block:
                if isinstance(statement, (ast.stmt, ast.excepthandler)) and statement.lineno <= row <= statement.end_lineno:
                    if best is None or statement.lineno >= best[0].lineno and statement.end_lineno <= best[0].end_lineno:
                        best = (statement, block)
    return best


def outside(rows: Iterable[int], spans: Iterable[tuple[int, int]]) -> list[int]:
    """The rows that lie in none of the (first, last) spans."""
    spans = list(spans)
    return [row for row in rows if not any(first <= row <= last for first, last in spans)]


def fix_problems(source: str, path: str, rules, unsafe: bool = True) -> tuple[list[str], list]:
    """Apply every fix of `rules` to `source` and say what is wrong with the result: does not
    compile (when the original did), a second run changes it again, a comment lost or moved, a line
    changed outside the flagged statements. Returns (problems, the findings fixed)."""
    from futurelint.engine import lint_source
    from futurelint.fixer import compiles, fix_source, wanted

    first = lint_source(source, path, rules)
    fixable = [f for f in first.findings if wanted(f, unsafe)]
    outcome = fix_source(source, path, rules, unsafe=unsafe)
    if not outcome.changed:
        return [], []
    fixed, problems = outcome.source, []
    codes = ",".join(sorted({f.code for f in outcome.fixed}))
    original_compiles = compiles(source, path)
    if original_compiles and not compiles(fixed, path):
        problems.append(f"{codes}: the fixed code does not compile")
    if fix_source(fixed, path, rules, unsafe=unsafe).changed:
        problems.append(f"{codes}: fixing again changes the code again")
    lost = lost_comments(source, fixed)
    if lost:
        problems.append(f"{codes}: comments lost or moved: {lost}")
    if original_compiles:
        stray = outside(changed_rows(source, fixed), flagged_spans(source, fixable))
        if stray:
            problems.append(f"{codes}: rows changed outside the flagged statements: {stray[:5]}")
    return problems, outcome.fixed
