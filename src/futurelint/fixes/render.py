"""Source text for a node a fix builds, as it will stand in the file.

`Module.code_for_node` renders a node as if it stood at the module's top level: the lines of a
call written over several lines, whose whitespace libcst keeps relative to the enclosing blocks,
come out without the blocks' indentation. `code_in_place` renders it with the indentation of the
blocks around the node it replaces, so a transformed node keeps the file's own layout (and the
comments its whitespace holds).
"""

from __future__ import annotations

import libcst as cst

from futurelint.semantic import Model


def code_in_place(model: Model, old: cst.CSTNode, new: cst.CSTNode) -> str:
    """The text of `new`, to be put where `old` stands."""
    try:
        from libcst._nodes.internal import CodegenState
    except ImportError:  # a libcst that moved its code generator: render as at top level
        return model.module.code_for_node(new)
    module = model.module
    indents = [
        block.indent if block.indent is not None else module.default_indent
        for block in model.ancestors(old)
        if isinstance(block, cst.IndentedBlock)
    ]
    state = CodegenState(
        default_indent=module.default_indent,
        default_newline=module.default_newline,
        indent_tokens=list(reversed(indents)),
    )
    new._codegen(state)
    return "".join(state.tokens)
