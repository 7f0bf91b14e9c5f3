"""FUT000, the finding for a file futurelint cannot lint: its documentation, and a short reason
with the real position when the parser refuses the source.

libcst's parser reports "expected one of !=, %, &, (, ..." at a position that is sometimes a line
late; CPython's own parser says what is wrong in a few words, where it is wrong (e.g. "Missing
parentheses in call to 'print'. Did you mean print(...)?"). Its message is used when it has one.
"""

from __future__ import annotations

import ast
import re
import warnings
from typing import Optional

from futurelint.topics import Topic, topic_of

CODE = "FUT000"
NAME = "parse-error"
_LIBCST_POSITION = re.compile(r"^(?:parser error: )?error at (?P<row>\d+):(?P<column>\d+): ")

DOCUMENTATION = """\
## What it does
Reports a file futurelint cannot lint: one that cannot be read (a path that does not exist, a
directory or file without read permission), decoded (bytes that are not valid in the file's
declared or default encoding, an unknown PEP 263 coding cookie), or parsed (a syntax error, a null
byte, nesting deeper than the parser handles), or whose analysis took longer than the time limit.
The file gets this one finding and no other; the rest of the run goes on.

For a syntax error the message is Python's own, at the position Python gives, e.g.
`app.py:2:1: FUT000 Cannot parse file: Missing parentheses in call to 'print'. Did you mean print(...)?`

## Why is this bad?
A file that cannot be parsed cannot be checked, so every mistake in it goes unreported; a file that
Python itself cannot compile will fail when it is imported.

## Example
```python
from concurrent.futures import ThreadPoolExecutor

print "starting"
```

## Use instead
```python
from concurrent.futures import ThreadPoolExecutor

print("starting")
```

## How to silence it
`FUT000` is reported whatever `select` says. It is not suppressed by `# noqa` comments, by prefixes
(`--ignore FUT0`) or by `ALL`: only by its exact code, `--ignore FUT000`, or in
`per-file-ignores`, e.g. for a folder of deliberately broken examples:

```toml
[tool.futurelint.per-file-ignores]
"tests/broken/**" = ["FUT000"]
```

Better still, exclude such files (`extend-exclude`). ruff reports unreadable files as E902
(io-error) and syntax errors as `SyntaxError`.
"""


class ParseError:
    """FUT000 as documentation sees a rule (code, name, default, fix, topic, page). It is not a
    `Rule`: there is nothing to run, the engine reports it for a file it cannot lint."""

    code = CODE
    name = NAME
    default = True
    fix_availability = "never"
    fix_applicability = None
    message = "Cannot parse file: <reason>"

    @classmethod
    def topic(cls) -> Topic:
        return topic_of(cls.code)

    @classmethod
    def fix_label(cls) -> str:
        return "none"

    @classmethod
    def documentation(cls) -> str:
        return DOCUMENTATION


def syntax_error_reason(source: str, libcst_message: str) -> tuple[str, Optional[int], Optional[int]]:
    """(reason, row, column) for a source libcst could not parse: CPython's message and position
    when CPython rejects it too, else libcst's position with its long "expected one of" list cut
    down to "invalid syntax". The row and column (1-based) are None when unknown."""
    found = _cpython_syntax_error(source)
    if found is not None:
        return found
    match = _LIBCST_POSITION.match(libcst_message)
    rest = libcst_message[match.end():] if match else libcst_message
    reason = "invalid syntax" if rest.startswith("expected one of") else rest
    if match is None:
        return reason, None, None
    return reason, int(match.group("row")), int(match.group("column"))


def _cpython_syntax_error(source: str) -> Optional[tuple[str, int, int]]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, "<futurelint>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as error:
        if not error.msg or not error.lineno:
            return None
        return " ".join(str(error.msg).split()), error.lineno, max(error.offset or 1, 1)
    except Exception:  # RecursionError, MemoryError, ValueError...: CPython has no verdict to give
        return None
    return None
