"""Jupyter notebooks as a source format: the code cells joined into one module, linted as any module,
and the findings mapped back to (cell, row, column). Fixes and `# noqa` comments computed on the
joined module are written back into the notebook's JSON, changing only the `source` of the cells
that changed: outputs, metadata, the JSON's indentation and its trailing newline stay as they were.

The joined module: each code cell is preceded by a marker comment line naming its cell number, so
the module can be split into cells again after fixes added or removed lines. IPython syntax that is
not Python (line magics `%time`, shell escapes `!ls`, `x = !ls`, help `obj?`/`?obj`) is masked: the
line becomes `pass` (or a comment, for a continuation line) with a marker naming the original text,
which write-back restores. A cell starting with a cell magic (`%%bash`) is not Python and is left
out, except the few cell magics whose body is Python (`%%time`). The rules never see any of this.
"""

from __future__ import annotations

import ast
import bisect
import difflib
import json
import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Optional, Sequence

from futurelint.engine import PARSE_ERROR, TIME_LIMIT, FileResult, lint_source, parse_error_finding
from futurelint.findings import Edit, Finding, Fix, Location

SUFFIX = ".ipynb"
CELL_MARKER = "# futurelint-cell: "
MAGIC_MARKER = "# futurelint-magic: "
# Cell magics whose body is Python: the magic line is masked and the rest linted.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})
_ASSIGNED_MAGIC = re.compile(r"^[ \t]*[\w.]+(?:[ \t]*,[ \t]*[\w.]+)*[ \t]*=[ \t]*[%!]")
_CELL_LINE = re.compile(r"# futurelint-cell: (\d+)\n?\Z")
_MASKED_LINE = re.compile(r"[ \t]*(?:pass  )?# futurelint-magic: (\d+)(\r\n|\r|\n)?\Z")
_TOP_LEVEL_AWAIT = getattr(ast, "PyCF_ALLOW_TOP_LEVEL_AWAIT", 0)  # Jupyter runs `await` at the top level
_LINE_WITH_END = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")  # lines as Python ends them


def is_notebook(path: str) -> bool:
    return path.endswith(SUFFIX)


class NotebookError(Exception):
    """The file is not a notebook futurelint can read; the message says why (for FUT000)."""


@dataclass
class Cell:
    number: int  # 1-based position among all of the notebook's cells, as Jupyter shows them
    start_row: int  # row of the cell's first line in the joined module
    rows: int
    text: str  # the cell's source as written in the notebook
    newline_at_end: bool  # whether that source ends with a line break


@dataclass
class Notebook:
    raw: str  # the JSON text as read
    source: str  # the joined module
    cells: list[Cell]
    masked: dict[int, str] = field(default_factory=dict)  # magic marker number -> original line
    cell_count: int = 0  # cells of every kind in the JSON

    # -- positions ---------------------------------------------------------------------------

    def _cell_at(self, row: int) -> Optional[Cell]:
        starts = [cell.start_row for cell in self.cells]
        index = bisect.bisect_right(starts, row) - 1
        return self.cells[max(index, 0)] if self.cells else None

    def to_cell(self, finding: Finding) -> Finding:
        """`finding` (in the joined module's rows) in the rows of its cell, with `cell` set."""
        cell = self._cell_at(finding.start.row)
        if cell is None:
            return finding
        fix = finding.fix
        if fix is not None:
            edits = tuple(Edit(e.content, _in_cell(e.start, cell), _in_cell(e.end, cell)) for e in fix.edits)
            fix = Fix(fix.applicability, fix.message, edits)
        noqa_row = _in_cell(Location(finding.noqa_row, 1), cell).row if finding.noqa_row else 0
        return replace(
            finding,
            start=_in_cell(finding.start, cell),
            end=_in_cell(finding.end, cell),
            noqa_row=noqa_row,
            fix=fix,
            cell=cell.number,
        )

    def joined_row(self, finding: Finding, row: int) -> int:
        """A row of `finding`'s cell as a row of the joined module."""
        cell = next((cell for cell in self.cells if cell.number == finding.cell), None)
        return row if cell is None else cell.start_row + row - 1

    # -- writing back ------------------------------------------------------------------------

    def split(self, joined: str) -> Optional[dict[int, str]]:
        """The cells' new sources (by cell number) from a changed joined module, magics restored;
        None when the cell markers did not survive (nothing is written then)."""
        parts: dict[int, list[str]] = {}
        before: list[str] = []  # lines a fix put above the first cell's marker belong to that cell
        current: Optional[list[str]] = None
        for line in _LINE_WITH_END.findall(joined):
            match = _CELL_LINE.match(line)
            if match:
                current = parts.setdefault(int(match.group(1)), before if current is None else [])
                continue
            (before if current is None else current).append(self._restored(line))
        if sorted(parts) != sorted(cell.number for cell in self.cells):
            return None
        sources = {}
        for cell in self.cells:
            text = "".join(parts[cell.number])
            if not cell.newline_at_end and text.endswith("\n"):
                text = text[:-1]
            sources[cell.number] = text
        return sources

    def _restored(self, line: str) -> str:
        match = _MASKED_LINE.match(line)
        if match is None or int(match.group(1)) not in self.masked:
            return line
        return self.masked[int(match.group(1))] + (match.group(2) or "")

    def rewritten(self, joined: str) -> Optional[str]:
        """The notebook's JSON text with the cells of `joined` written in; None if it cannot be."""
        sources = self.split(joined)
        if sources is None:
            return None
        try:
            spans = source_spans(self.raw)
        except (ValueError, IndexError, RecursionError):
            return None
        if len(spans) != self.cell_count:  # e.g. a repeated `cells` key: where json.loads looked is unclear
            return None
        ascii_only = _writes_ascii_only(self.raw)
        text = self.raw
        for cell in sorted(self.cells, key=lambda cell: -cell.number):
            new = sources[cell.number]
            if new == cell.text:
                continue
            start, end = spans[cell.number - 1]
            text = text[:start] + _encode_source(text[start:end], new, ascii_only) + text[end:]
        return text

    def after(self, joined: str) -> Optional["Notebook"]:
        """This notebook once `joined` (a changed joined module) is written into it."""
        raw = self.rewritten(joined)
        if raw is None:
            return None
        sources = self.split(joined) or {}
        cells, row = [], 1
        for line in _lines(joined):
            match = _CELL_LINE.match(line)
            if match:
                number = int(match.group(1))
                cells.append(Cell(number, row + 1, 0, sources[number], sources[number].endswith("\n")))
            elif cells:
                cells[-1].rows += 1
            row += 1
        return Notebook(raw, joined, cells, self.masked, self.cell_count)

    def diff(self, joined: str, shown_path: str) -> str:
        """Unified diffs of the cells that `joined` changes, one per cell."""
        sources = self.split(joined) or {}
        out = []
        for cell in self.cells:
            new = sources.get(cell.number, cell.text)
            if new == cell.text:
                continue
            label = f"{shown_path}:cell {cell.number}"
            lines = difflib.unified_diff(
                _lines(cell.text), _lines(new), fromfile=f"a/{label}", tofile=f"b/{label}"
            )
            out.extend(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
        return "".join(out)


def _in_cell(location: Location, cell: Cell) -> Location:
    row = min(max(location.row - cell.start_row + 1, 1), max(cell.rows, 1))
    column = location.column if location.row - cell.start_row + 1 == row else 1
    return Location(row, column)


def _lines(text: str) -> list[str]:
    return _LINE_WITH_END.findall(text)


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def load(raw: str) -> Optional[Notebook]:
    """The notebook in `raw` (its JSON text); None when its kernel is not Python (not linted)."""
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise NotebookError(f"Cannot read notebook: invalid JSON: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise NotebookError("Cannot read notebook: it has no `cells` list")
    if not _is_python(data.get("metadata")):
        return None
    builder = _Builder()
    for number, cell in enumerate(data["cells"], start=1):
        if not isinstance(cell, dict):
            raise NotebookError(f"Cannot read notebook: cell {number} is not an object")
        if cell.get("cell_type") == "code":
            builder.add(number, _cell_text(cell.get("source", ""), number))
    return Notebook(raw, builder.source(), builder.cells, builder.masked, len(data["cells"]))


def from_cells(cells: Sequence[Optional[str]]) -> Notebook:
    """A notebook from its cells' texts in order (None for a cell that is not code), as an editor
    holds it: nothing to write back into (`raw` is empty)."""
    builder = _Builder()
    for number, text in enumerate(cells, start=1):
        if text is not None:
            builder.add(number, text)
    return Notebook("", builder.source(), builder.cells, builder.masked)


def cell_text(notebook: Notebook, number: int) -> str:
    """The text of cell `number` as the joined module holds it (magics masked), for the tools that
    must tokenize it (placing a `# noqa`)."""
    lines = _lines(notebook.source)
    cell = next(cell for cell in notebook.cells if cell.number == number)
    return "".join(lines[cell.start_row - 1 : cell.start_row - 1 + cell.rows])


def _is_python(metadata) -> bool:
    if not isinstance(metadata, dict):
        return True
    for key in ("language_info", "kernelspec"):
        section = metadata.get(key)
        language = section.get("name" if key == "language_info" else "language") if isinstance(section, dict) else None
        if isinstance(language, str) and language:
            return language.lower().startswith("python")
    return True


def _cell_text(source, number: int) -> str:
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        return "".join(source)
    raise NotebookError(f"Cannot read notebook: the source of cell {number} is not text")


class _Builder:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.cells: list[Cell] = []
        self.masked: dict[int, str] = {}

    def add(self, number: int, text: str) -> None:
        self.lines.append(f"{CELL_MARKER}{number}\n")
        body = self._masked(_lines(text))
        if body and not body[-1].endswith("\n"):
            body[-1] += "\n"
        self.cells.append(Cell(number, len(self.lines) + 1, len(body), text, text.endswith("\n")))
        self.lines.extend(body)

    def source(self) -> str:
        return "".join(self.lines)

    def _mask(self, line: str, continuation: bool) -> str:
        key = len(self.masked)
        content = line.rstrip("\r\n")
        self.masked[key] = content
        indent = content[: len(content) - len(content.lstrip(" \t"))]
        ending = line[len(content) :]
        return f"{'' if continuation else indent + 'pass  '}{MAGIC_MARKER}{key}{ending}"

    def _masked(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        state = _Scanner()
        continued = False  # the previous line was a magic ending in a backslash
        cell_magic = bool(lines) and lines[0].startswith("%%")
        if cell_magic and lines[0][2:].split(maxsplit=1)[:1] not in ([name] for name in PYTHON_CELL_MAGICS):
            return [self._mask(line, continuation=True) for line in lines]  # not Python: all comments
        for index, line in enumerate(lines):
            if continued or (index == 0 and cell_magic):
                out.append(self._mask(line, continuation=index > 0))
                continued = line.rstrip("\r\n").endswith("\\")
                continue
            starts_statement = state.at_statement_start()
            comment = state.scan(line)
            if starts_statement and _is_magic(line, comment):
                out.append(self._mask(line, continuation=False))
                continued = line.rstrip("\r\n").endswith("\\")
                state = _Scanner()
            else:
                out.append(line)
        return out


def _is_magic(line: str, comment: Optional[int]) -> bool:
    stripped = line.lstrip(" \t")
    if stripped[:1] in ("%", "!", "?"):
        return True
    if _ASSIGNED_MAGIC.match(line):
        return True
    code = line[:comment] if comment is not None else line
    return code.rstrip().endswith("?")  # `obj?`: `?` appears nowhere else in Python code


class _Scanner:
    """Just enough of Python's tokenizer to know where a statement may start: outside strings, at
    bracket depth 0, not after a backslash continuation. (Inside brackets `% x` is Python.)"""

    def __init__(self) -> None:
        self.quote: Optional[str] = None  # the triple quote of a string still open
        self.depth = 0
        self.joined = False  # the previous line ended with a backslash

    def at_statement_start(self) -> bool:
        return self.quote is None and self.depth == 0 and not self.joined

    def scan(self, line: str) -> Optional[int]:
        """Advance over one line; the column of its comment, if any."""
        i, n = 0, len(line)
        comment = None
        while i < n:
            char = line[i]
            if self.quote is not None:
                if char == "\\":
                    i += 2
                    continue
                if line.startswith(self.quote, i):
                    i += len(self.quote)
                    self.quote = None
                    continue
            elif char == "#":
                comment = i
                break
            elif char in "'\"":
                self.quote = char * 3 if line.startswith(char * 3, i) else char
                i += len(self.quote)
                continue
            elif char in "([{":
                self.depth += 1
            elif char in ")]}":
                self.depth = max(self.depth - 1, 0)
            i += 1
        if self.quote is not None and len(self.quote) == 1:
            self.quote = None  # a one-quote string ends with its line (an unterminated one is the parser's business)
        self.joined = comment is None and self.quote is None and line.rstrip("\r\n").endswith("\\")
        return comment


# ---------------------------------------------------------------------------------------------
# The JSON text: where each cell's `source` is, and how to write a new one the same way
# ---------------------------------------------------------------------------------------------


_DECODER = json.JSONDecoder()
_WHITESPACE = re.compile(r"[ \t\n\r]*")


def source_spans(raw: str) -> list[tuple[int, int]]:
    """(start, end) of each cell's `source` value in the JSON text, by cell index ((0, 0) for a
    cell without one, which is never rewritten since its text is empty... and so unchanged)."""
    spans: list[tuple[int, int]] = []
    for key, start, end in _members(raw, _skip(raw, 0)):
        if key == "cells":
            spans = []  # json.loads keeps the last of repeated keys: so do we
            for element_start in _elements(raw, start):
                span = (0, 0)
                for member, start, end in _members(raw, element_start):
                    if member == "source":
                        span = (start, end)  # the last one, as json.loads keeps the last
                spans.append(span)
    return spans


def _skip(raw: str, position: int) -> int:
    return _WHITESPACE.match(raw, position).end()


def _members(raw: str, position: int) -> Iterable[tuple[str, int, int]]:
    """(key, value start, value end) of the JSON object starting at `position`."""
    position = _skip(raw, position + 1)  # past `{`
    while raw[position] != "}":
        key, position = json.decoder.scanstring(raw, position + 1)
        position = _skip(raw, _skip(raw, position) + 1)  # past `:`
        _, end = _DECODER.raw_decode(raw, position)
        yield key, position, end
        position = _skip(raw, end)
        if raw[position] == ",":
            position = _skip(raw, position + 1)


def _elements(raw: str, position: int) -> Iterable[int]:
    """Start of each value in the JSON array starting at `position`."""
    position = _skip(raw, position + 1)  # past `[`
    while raw[position] != "]":
        _, end = _DECODER.raw_decode(raw, position)
        yield position
        position = _skip(raw, end)
        if raw[position] == ",":
            position = _skip(raw, position + 1)


def _writes_ascii_only(raw: str) -> bool:
    """Whether the file escapes non-ASCII characters (`ensure_ascii`), judged from what it holds."""
    return raw.isascii() and "\\u" in raw


def _encode_source(old: str, text: str, ascii_only: bool) -> str:
    """`text` as a JSON `source` value laid out like `old` (a string, or a list of lines)."""
    if not old.startswith("["):
        return json.dumps(text, ensure_ascii=ascii_only)
    lines = [json.dumps(line, ensure_ascii=ascii_only) for line in _lines(text)]
    if not lines:
        return "[]"
    inner = old[1:-1]
    if not inner.strip():
        return "[" + ", ".join(lines) + "]"
    before = inner[: len(inner) - len(inner.lstrip())]
    after = inner[len(inner.rstrip()) :]
    separator = "," + before if "\n" in before else ", "
    return "[" + before + separator.join(lines) + after + "]"


# ---------------------------------------------------------------------------------------------
# Linting
# ---------------------------------------------------------------------------------------------


@dataclass
class NotebookResult(FileResult):
    """A notebook's lint: findings in cell rows; `notebook` kept when the source is (for rewrites)."""

    notebook: Optional[Notebook] = None


def lint_notebook(
    data: bytes, path: str, rules, keep_source: bool = False, prefilter: bool = True, time_limit: Optional[float] = TIME_LIMIT,
    project=None,
) -> FileResult:
    try:
        notebook = load(data.decode("utf-8-sig", errors="strict"))
    except UnicodeDecodeError as error:
        return FileResult(path, [parse_error_finding(path, f"Cannot read notebook: {error}")])
    except NotebookError as error:
        return FileResult(path, [parse_error_finding(path, str(error))])
    except (ValueError, IndexError, RecursionError):  # JSON that json.loads accepts but is oddly laid out
        return FileResult(path, [parse_error_finding(path, "Cannot read notebook: unexpected JSON layout")])
    if notebook is None:
        return FileResult(path, skipped=True)
    return lint_loaded(notebook, path, rules, keep_source, prefilter, time_limit, project)


def lint_loaded(
    notebook: Notebook, path: str, rules, keep_source: bool = False, prefilter: bool = True, time_limit: Optional[float] = TIME_LIMIT,
    project=None,
) -> FileResult:
    """Lint a notebook already read (from a file, or from an editor's cells); `project`: the
    project's index (engine.lint_source)."""
    linted = lint_source(notebook.source, path, rules, keep_source=keep_source, prefilter=prefilter, time_limit=time_limit,
                         project=project)
    findings = [notebook.to_cell(finding) for finding in linted.findings]
    if any(finding.code == PARSE_ERROR for finding in findings):
        findings = [_broken_cell(notebook, path, finding) if finding.code == PARSE_ERROR else finding for finding in findings]
    kept = notebook if keep_source else None
    return NotebookResult(path, findings, linted.errors, linted.source, linted.skipped, linted.dependencies, kept)


def _broken_cell(notebook: Notebook, path: str, finding: Finding) -> Finding:
    """A parse error in the joined module, located in the first cell that does not compile on its
    own (an unclosed bracket in one cell makes the parser fail only in a later one)."""
    for cell in notebook.cells:
        text = cell_text(notebook, cell.number)
        try:
            compile(text, "<cell>", "exec", ast.PyCF_ONLY_AST | _TOP_LEVEL_AWAIT, dont_inherit=True)
        except SyntaxError as error:
            row = min(max(error.lineno or 1, 1), max(cell.rows, 1))
            located = parse_error_finding(path, f"Cannot parse cell: {error.msg}", row, max(error.offset or 1, 1))
            return replace(located, cell=cell.number)
        except (ValueError, RecursionError, MemoryError):
            continue
    return finding


def cell_result(file_result: FileResult, joined: str, remaining: list[Finding]) -> FileResult:
    """The result after fixes: `remaining` (in joined rows) mapped to cells, the new joined text."""
    notebook = file_result.notebook.after(joined)  # type: ignore[attr-defined]
    findings = [notebook.to_cell(f) for f in remaining] if notebook is not None else []
    return NotebookResult(file_result.path, findings, file_result.errors, joined, False, file_result.dependencies, notebook)


def decode_notebook(data: bytes) -> tuple[str, str, bytes]:
    """(text, encoding, bom) of a notebook file's bytes, as `writing.decode_source` gives them for
    modules (a notebook is UTF-8 JSON: no coding cookie applies)."""
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    return data[len(bom) :].decode("utf-8"), "utf-8", bom


def in_joined_rows(file_result: FileResult, findings: list[Finding]) -> list[Finding]:
    """Findings in cell rows back in the rows of the joined module (for `--add-noqa`)."""
    notebook: Notebook = file_result.notebook  # type: ignore[attr-defined]
    return [replace(f, noqa_row=notebook.joined_row(f, f.noqa_row), cell=None) for f in findings]
