"""The file's text, addressed by the positions libcst gives nodes, and the helpers the `with`-block
fixes (FUT001, FUT002) build their edits with."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable, Optional, Sequence

import libcst as cst

from futurelint.semantic import COMPREHENSION_TYPES, SCOPE_TYPES, holds

if TYPE_CHECKING:
    from futurelint.semantic import Model


# Both fixes move code one level deeper under a new `with` header. They edit the source text line by
# line rather than re-rendering the tree, so comments, continuation lines and the file's own
# indentation survive; lines inside multi-line strings are left alone (their text is data).
LINE_BREAK = re.compile(r"\r\n|\r|\n")
STRING_TYPES = tuple(
    t for t in (cst.SimpleString, cst.FormattedString, getattr(cst, "TemplatedString", None)) if t is not None
)
DEFERRED_TYPES = (cst.Lambda, cst.Await, cst.Yield, cst.CompIf)
# Nodes whose evaluation can have an effect (or raise) that the executor's creation could be moved past.
EFFECT_TYPES = (cst.Call, cst.Await, cst.Yield, cst.NamedExpr, cst.Subscript) + COMPREHENSION_TYPES


class SourceText:
    """The file's text, addressed by the positions libcst gives nodes."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.text = model.source or model.module.code
        self.row_starts = [0] + [match.end() for match in LINE_BREAK.finditer(self.text)]
        self.newline = model.module.default_newline
        self.unit = model.module.default_indent

    def start(self, node: cst.CSTNode) -> int:
        position = self.model.position(node).start
        return self.row_starts[position.line - 1] + position.column

    def end(self, node: cst.CSTNode) -> int:
        position = self.model.position(node).end
        return self.row_starts[position.line - 1] + position.column

    def rows(self, node: cst.CSTNode) -> tuple[int, int]:
        span = self.model.position(node)
        return span.start.line, span.end.line

    def indentation(self, statement: cst.CSTNode) -> Optional[str]:
        """The whitespace before a statement that starts its line, when a deeper level can be made
        by appending the file's indentation unit to it without mixing tabs and spaces."""
        position = self.model.position(statement).start
        prefix = self.text[self.row_starts[position.line - 1]:self.start(statement)]
        if prefix.strip() or not set(prefix) <= set(self.unit):
            return None
        return prefix

    def deepen(self, rows: Iterable[int], indent: str, skip: set[int]) -> list[tuple[int, int, str]]:
        """Insertions putting one more indentation unit on each of `rows` that starts with `indent`
        (blank lines, lines in `skip` and lines indented less, like continuation lines, stay)."""
        edits = []
        for row in rows:
            if row in skip:
                continue
            start = self.row_starts[row - 1]
            end = self.row_starts[row] if row < len(self.row_starts) else len(self.text)
            line = self.text[start:end]
            if line.strip() and line.startswith(indent):
                edits.append((start + len(indent), start + len(indent), self.unit))
        return edits

    def rewritten(self, start: int, end: int, edits: Sequence[tuple[int, int, str]]) -> str:
        """The text from `start` to `end` with non-overlapping `(start, end, content)` edits applied."""
        text = self.text[start:end]
        for edit_start, edit_end, content in sorted(edits, reverse=True):
            text = text[:edit_start - start] + content + text[edit_end - start:]
        return text


def string_rows(model: Model, nodes: Iterable[cst.CSTNode]) -> set[int]:
    """Rows that continue a multi-line string (or f-string) somewhere inside `nodes`."""
    rows: set[int] = set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, STRING_TYPES):
            span = model.position(node)
            rows.update(range(span.start.line + 1, span.end.line + 1))
        else:
            stack.extend(node.children)
    return rows


def has_effects(node: cst.CSTNode) -> bool:
    return holds(node, EFFECT_TYPES, ())


def evaluation_before(model: Model, node: cst.CSTNode, statement: cst.CSTNode) -> Optional[bool]:
    """How `node` is evaluated when its simple statement runs: None when maybe not at all, or not
    once (a lambda, a comprehension's repeated part, a branch of `if`/`or`); otherwise whether
    everything the statement evaluates before it is free of effects (no calls, subscripts...)."""
    clean = True
    child = node
    for parent in model.ancestors(node):
        if parent is statement:
            if isinstance(parent, cst.AugAssign):
                clean = clean and isinstance(parent.target, cst.Name)
            return clean
        if isinstance(parent, DEFERRED_TYPES) or isinstance(parent, SCOPE_TYPES):
            return None
        if isinstance(parent, COMPREHENSION_TYPES):
            if child is not parent.for_in:
                return None
        elif isinstance(parent, cst.CompFor):
            # Only the first `for`'s iterable is evaluated once, before the loop.
            if child is not parent.iter or getattr(model.parent(parent), "for_in", None) is not parent:
                return None
        elif isinstance(parent, cst.IfExp):
            if child is not parent.test:
                return None
        elif isinstance(parent, cst.BooleanOperation):
            if child is not parent.left:
                return None
        else:
            for sibling in parent.children:
                if sibling is child:
                    break
                clean = clean and not has_effects(sibling)
        child = parent
    return None


def fresh_name(model: Model, scope_node: cst.CSTNode, base: str = "executor") -> str:
    """`base`, or `base_1`, `base_2`... : a name that no identifier in `scope_node` spells (the whole
    module for module-level code, whose names functions may read as globals)."""
    taken = {
        name.value
        for name in model.nodes(cst.Name)
        if scope_node is model.module or model.contains(scope_node, name)
    }
    candidate, number = base, 0
    while candidate in taken:
        number += 1
        candidate = f"{base}_{number}"
    return candidate


def with_header(text: SourceText, executor: cst.Call, name: str) -> str:
    return f"with {text.text[text.start(executor):text.end(executor)]} as {name}:"
