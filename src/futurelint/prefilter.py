"""Which files can have a finding at all, decided as cheaply as possible.

Every finding needs evidence that resolves to `concurrent.futures` through the file's own imports
(RULES.md, "Where evidence is missing"), so a file that does not import from `concurrent` cannot
have one and is not parsed by libcst. Three stages, each a superset of the next:

1. `mentions_concurrent`: the bytes `concurrent` occur in the file (no decoding needed).
2. `may_import_concurrent`: the decoded text has something shaped like an `import` or `from`
   statement naming `concurrent` (a regular expression, so comments and prose mostly drop out).
3. `imports_concurrent`: CPython's tree of the file has such an import, at any depth.

Stages 1 and 2 over-approximate stage 3 for every spelling Python accepts (line continuations,
aliases, several names in one `import`, non-ASCII identifiers); tests/test_prefilter.py checks that,
and that the whole standard library and site-packages give identical findings with and without
the prefilter.
"""

from __future__ import annotations

import ast
import re

MARKER = b"concurrent"

# Whitespace the tokenizer skips inside one logical line: blanks, and backslash continuations.
_GAP = r"(?:[^\S\n]|\\\r?\n)"
# `from concurrent...`: only blanks and continuations between the keyword and the module. Linear:
# the gap and the keyword share no character, so each `from` is followed by one scan of its gap.
_FROM_CONCURRENT = re.compile(rf"\bfrom{_GAP}*concurrent\b")
# `import a, b.c as d, concurrent...`: names, dots, commas, `as`, blanks, continuations; no `;`
# (statement ends), no `#` (a comment ends the logical line of an unbracketed import) and no line
# break other than a backslash continuation. The text is cut at those ends, and each piece is asked
# once whether `concurrent` follows its first `import`: one pass over the text, where one lazy
# pattern from every `import` to the end of its line would be quadratic (`"import.import....`).
_STATEMENT_END = re.compile(r"[;#]|(?<!\\)(?<!\\\r)\n")
_IMPORT = re.compile(r"\bimport\b")
_CONCURRENT = re.compile(r"\bconcurrent\b")


def mentions_concurrent(data: bytes) -> bool:
    return MARKER in data


def may_import_concurrent(source: str) -> bool:
    if _FROM_CONCURRENT.search(source) is not None:
        return True
    start = 0
    for end in _piece_ends(source):
        if source.find("concurrent", start, end) >= 0:
            keyword = _IMPORT.search(source, start, end)
            if keyword is not None and _CONCURRENT.search(source, keyword.end(), end) is not None:
                return True
        start = end + 1
    return False


def _piece_ends(source: str):
    for match in _STATEMENT_END.finditer(source):
        yield match.start()
    yield len(source)


def imports_concurrent(tree: ast.Module) -> bool:
    """Whether any statement of `tree`, nested in any block, imports `concurrent` or a submodule.
    Only statement lists are walked: an import is never inside an expression."""
    pending = list(tree.body)
    while pending:
        statement = pending.pop()
        if isinstance(statement, ast.Import):
            if any(_is_concurrent(alias.name) for alias in statement.names):
                return True
        elif isinstance(statement, ast.ImportFrom):
            if statement.level == 0 and _is_concurrent(statement.module or ""):
                return True
        else:
            for block in ("body", "orelse", "finalbody", "handlers", "cases"):
                nested = getattr(statement, block, None)
                if isinstance(nested, list):
                    pending.extend(nested)
    return False


def _is_concurrent(module: str) -> bool:
    return module == "concurrent" or module.startswith("concurrent.")
