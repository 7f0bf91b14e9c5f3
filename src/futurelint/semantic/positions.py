"""Where each node of a module starts and ends: libcst's PositionProvider ranges, computed in one
lean codegen pass over the whole module (see `node_positions`)."""

from __future__ import annotations

import re

import libcst as cst
from libcst._nodes.internal import CodegenState


def node_positions(module: cst.Module) -> dict:
    """PositionProvider's ranges, as `id(node) -> ((line, column), (line, column))`, for every node
    of `module`."""
    state = _PositionState(module.default_indent, module.default_newline)
    module._codegen(state)
    return state.ranges


class _PositionState(CodegenState):
    """libcst's `PositionProvidingCodegenState` (same rules: a node's range is its syntactic
    position where it records one, else all the text it generates), keeping plain tuples by node
    id: a third of the cost of libcst's own, which builds validated position objects for every
    node and splits every token on line breaks."""

    def __init__(self, default_indent: str, default_newline: str) -> None:
        super().__init__(default_indent=default_indent, default_newline=default_newline)
        self.line, self.column = 1, 0
        self.starts: list[tuple[int, int]] = []
        self.ranges: dict[int, tuple[tuple[int, int], tuple[int, int]]] = {}

    def add_indent_tokens(self) -> None:
        self.tokens.extend(self.indent_tokens)
        for token in self.indent_tokens:
            self._advance(token)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        self._advance(value)

    def _advance(self, value: str) -> None:
        if "\n" in value or "\r" in value:
            segments = NEWLINE.split(value)
            self.line += len(segments) - 1
            self.column = len(segments[-1])
        else:
            self.column += len(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        self.starts.append((self.line, self.column))

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self.starts.pop()
        if id(node) not in self.ranges:  # a syntactic position recorded inside takes precedence
            self.ranges[id(node)] = (start, (self.line, self.column))

    def record_syntactic_position(self, node, *, start_node=None, end_node=None) -> "_SyntacticPosition":
        return _SyntacticPosition(self, node, start_node, end_node)


class _SyntacticPosition:
    """The context manager of `_PositionState.record_syntactic_position`: the range of the text
    generated inside it, its ends moved to those of `start_node` and `end_node` when given."""

    __slots__ = ("state", "node", "start_node", "end_node", "start")

    def __init__(self, state: _PositionState, node, start_node, end_node) -> None:
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node

    def __enter__(self) -> None:
        self.start = (self.state.line, self.state.column)

    def __exit__(self, *exc_info) -> None:
        state = self.state
        start = state.ranges[id(self.start_node)][0] if self.start_node is not None else self.start
        end = state.ranges[id(self.end_node)][1] if self.end_node is not None else (state.line, state.column)
        state.ranges[id(self.node)] = (start, end)


NEWLINE = re.compile(r"\r\n?|\n")
