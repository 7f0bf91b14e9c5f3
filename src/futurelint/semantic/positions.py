"""Where each node of a module starts and ends: libcst's PositionProvider ranges, from one lean
codegen pass over the whole module (see `node_positions`)."""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from contextlib import contextmanager
from typing import Iterator

import libcst as cst
from libcst._nodes.expression import _BaseParenthesizedNode
from libcst._nodes.internal import CodegenState

Range = tuple  # ((line, column), (line, column)): 1-based lines, 0-based columns, as libcst counts


class NodePositions:
    """The ranges of a module's nodes, recorded as character offsets into the generated code and
    turned into lines and columns only for the nodes asked about."""

    def __init__(self, offsets: dict, code: str) -> None:
        self._offsets = offsets  # id(node) -> (start offset, end offset)
        self._line_starts = [0] + [match.end() for match in NEWLINE.finditer(code)]

    def __getitem__(self, node_id: int) -> Range:
        start, end = self._offsets[node_id]
        return self._line_and_column(start), self._line_and_column(end)

    def _line_and_column(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1]


def node_positions(module: cst.Module) -> NodePositions:
    """PositionProvider's ranges, by `id(node)`, for every node of `module`."""
    state = _PositionState(module.default_indent, module.default_newline)
    with _lean_codegen():
        module._codegen(state)
    return NodePositions(state.offsets, "".join(state.tokens) + state.popped)


class _PositionState(CodegenState):
    """libcst's `PositionProvidingCodegenState` (same rules: a node's range is its syntactic
    position where it records one, else all the text it generates), keeping offsets by node id:
    libcst's own builds validated position objects for every node and splits every token on line
    breaks."""

    def __init__(self, default_indent: str, default_newline: str) -> None:
        super().__init__(default_indent=default_indent, default_newline=default_newline)
        self.offset = 0
        self.offsets: dict[int, tuple[int, int]] = {}
        self.popped = ""  # the module's trailing newline, which still counts for positions

    def add_indent_tokens(self) -> None:
        self.tokens.extend(self.indent_tokens)
        for token in self.indent_tokens:
            self.offset += len(token)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        self.offset += len(value)

    def pop_trailing_newline(self) -> None:
        if self.tokens:
            self.popped = self.tokens.pop()

    # Only the lean codegen's fallback reaches these two (nodes rendering themselves outside it).
    def before_codegen(self, node: cst.CSTNode) -> None:
        raise AssertionError("the position pass runs under _lean_codegen")

    after_codegen = before_codegen

    def record_syntactic_position(self, node, *, start_node=None, end_node=None) -> "_SyntacticPosition":
        return _SyntacticPosition(self, node, start_node, end_node)


class _SyntacticPosition:
    """The context manager of `_PositionState.record_syntactic_position`: the range of the text
    generated inside it, its ends moved to those of `start_node` and `end_node` when given."""

    __slots__ = ("state", "node", "start_node", "end_node", "start")

    def __init__(self, state: _PositionState, node, start_node, end_node) -> None:
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node

    def __enter__(self) -> None:
        self.start = self.state.offset

    def __exit__(self, *exc_info) -> None:
        offsets = self.state.offsets
        start = offsets[id(self.start_node)][0] if self.start_node is not None else self.start
        end = offsets[id(self.end_node)][1] if self.end_node is not None else self.state.offset
        offsets[id(self.node)] = (start, end)


# ---------------------------------------------------------------------------------------------
# The lean codegen: libcst's two hottest codegen paths, made cheaper for the position pass.
# `CSTNode._codegen` calls `before_codegen`/`after_codegen` around every node, and
# `_parenthesize` is a generator-based context manager entered by every expression. While the
# position pass runs they are swapped for equivalents that record offsets inline; any other
# codegen meanwhile (another thread rendering a node) gets the originals' behaviour.
# ---------------------------------------------------------------------------------------------

_ORIGINAL_CODEGEN = cst.CSTNode._codegen
_ORIGINAL_PARENTHESIZE = _BaseParenthesizedNode._parenthesize
_swap_lock = threading.Lock()
_swapped = 0  # position passes running now (the swap stays while any runs)


def _lean_node_codegen(self: cst.CSTNode, state: CodegenState, **kwargs) -> None:
    if type(state) is not _PositionState:
        state.before_codegen(self)
        self._codegen_impl(state, **kwargs)
        state.after_codegen(self)
        return
    start = state.offset
    self._codegen_impl(state, **kwargs)
    offsets, key = state.offsets, id(self)
    if key not in offsets:  # a syntactic position recorded inside takes precedence
        offsets[key] = (start, state.offset)


class _Parenthesized:
    """`_parenthesize` for the position pass: the parentheses around the node's syntactic range."""

    __slots__ = ("node", "state", "start")

    def __init__(self, node: _BaseParenthesizedNode, state: _PositionState) -> None:
        self.node, self.state = node, state

    def __enter__(self) -> None:
        state = self.state
        for lpar in self.node.lpar:
            lpar._codegen(state)
        self.start = state.offset

    def __exit__(self, *exc_info) -> None:
        state = self.state
        state.offsets[id(self.node)] = (self.start, state.offset)
        for rpar in self.node.rpar:
            rpar._codegen(state)


def _lean_parenthesize(self: _BaseParenthesizedNode, state: CodegenState):
    if type(state) is not _PositionState:
        return _ORIGINAL_PARENTHESIZE(self, state)
    return _Parenthesized(self, state)


@contextmanager
def _lean_codegen() -> Iterator[None]:
    global _swapped
    with _swap_lock:
        if not _swapped:
            cst.CSTNode._codegen = _lean_node_codegen
            _BaseParenthesizedNode._parenthesize = _lean_parenthesize
        _swapped += 1
    try:
        yield
    finally:
        with _swap_lock:
            _swapped -= 1
            if not _swapped:
                cst.CSTNode._codegen = _ORIGINAL_CODEGEN
                _BaseParenthesizedNode._parenthesize = _ORIGINAL_PARENTHESIZE


NEWLINE = re.compile(r"\r\n?|\n")
