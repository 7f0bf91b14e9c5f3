"""Control flow: loops and how code leaves them, and the statements that run after a statement
(`following_statements`: the later statements of straight-line code; `runs_after`: whether a node is
reached after another, out of `with` blocks too).

Leaving a loop, three questions: `leaves_loop` (a `return`, or a `break` of this loop: the code after
the loop may not run), `loop_has_break` (this loop's own `break`: the iterator may not be consumed to
its end), `loop_may_stop_early` (anything that may end it early, inner loops' breaks included).
All of them walk with `holds`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional, Sequence

import libcst as cst

from futurelint.semantic.constants import SCOPE_TYPES

if TYPE_CHECKING:
    from futurelint.semantic.model import Model


def is_true_loop(node: cst.CSTNode) -> bool:
    if not isinstance(node, cst.While):
        return False
    test = node.test
    return (isinstance(test, cst.Name) and test.value == "True") or (isinstance(test, cst.Integer) and test.value != "0")


def leaves_loop(node: cst.CSTNode, own_loop: bool = True) -> bool:
    """A `return` anywhere, or a `break` of the loop whose body is `node` (nested functions excluded)."""
    for child in node.children:
        if isinstance(child, SCOPE_TYPES):
            continue
        if isinstance(child, cst.Return) or (isinstance(child, cst.Break) and own_loop):
            return True
        if isinstance(child, (cst.For, cst.While)):
            # A nested loop's breaks are its own; its `else` clause still belongs to us.
            if leaves_loop(child.body, False) or (child.orelse is not None and leaves_loop(child.orelse, own_loop)):
                return True
        elif leaves_loop(child, own_loop):
            return True
    return False


def never_returns(function: cst.FunctionDef) -> bool:
    """The body ends in `while True:` that neither breaks nor returns."""
    body = function.body.body
    if not body or not is_true_loop(body[-1]):
        return False
    loop = body[-1]
    return not leaves_loop(loop.body)


def block_of(model: Model, statement: cst.CSTNode) -> Optional[Sequence[cst.CSTNode]]:
    parent = model.parent(statement)
    if isinstance(parent, (cst.IndentedBlock, cst.Module, cst.SimpleStatementLine, cst.SimpleStatementSuite)):
        return parent.body
    return None


def following_statements(model: Model, statement: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Statements that run after `statement` in straight-line code: its later siblings, and for a
    small statement on a line, the later small statements and then the line's later siblings."""
    current = statement
    while True:
        block = block_of(model, current)
        if block is None:
            return
        index = next((i for i, s in enumerate(block) if s is current), None)
        if index is None:
            return
        yield from block[index + 1:]
        parent = model.parent(current)
        if not isinstance(parent, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            return
        current = parent


def runs_after(model: Model, first: cst.CSTNode, second: cst.CSTNode) -> bool:
    """Whether `second` is reached, in straight-line code, after the statement that evaluates `first`:
    it sits in a later statement of the same block, or of a block that `with` bodies lead out to."""
    statement = block_statement(model, first)
    while statement is not None:
        block = model.parent(statement)
        if model.contains(block, second) and model.order(second) > model.end_order(statement):
            return True
        owner = model.parent(block)
        if not isinstance(owner, cst.With):
            return False
        statement = owner if isinstance(model.parent(owner), (cst.IndentedBlock, cst.Module)) else None
    return False


def previous_statement(model: Model, node: cst.CSTNode) -> Optional[cst.CSTNode]:
    """The statement right before the one holding `node`, in the same block."""
    statement = block_statement(model, node)
    block = block_of(model, statement) if statement is not None else None
    index = next((i for i, s in enumerate(block or ()) if s is statement), 0)
    return block[index - 1] if index > 0 else None


def block_statement(model: Model, node: cst.CSTNode) -> Optional[cst.CSTNode]:
    """The statement holding `node` that stands directly in an indented block or the module."""
    for ancestor in [node, *model.ancestors(node)]:
        if isinstance(ancestor, (cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.IfExp, cst.BooleanOperation)):
            return None
        if isinstance(model.parent(ancestor), (cst.IndentedBlock, cst.Module)):
            return ancestor
    return None


def nodes_of_same_scope(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """`node` and everything inside it that runs when it runs, in source order: a nested function,
    lambda or class is yielded itself (its definition runs here), but not what is inside it."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if not isinstance(current, SCOPE_TYPES):
            stack.extend(reversed(current.children))


def holds(node: cst.CSTNode, types: tuple, skipping: tuple = SCOPE_TYPES) -> bool:
    """Whether `node` is or holds a node of `types`, without looking inside the nodes of `skipping`
    below it (by default nested functions, lambdas and classes, whose code runs at another time)."""
    if isinstance(node, types):
        return True
    return any(holds(child, types, skipping) for child in node.children if not isinstance(child, skipping))


_OWN_BREAKS_ONLY = (cst.For, cst.While, cst.FunctionDef, cst.ClassDef)


def loop_has_break(loop: cst.For) -> bool:
    """Whether a `break` leaves this loop (not an inner loop, not a nested function)."""
    return any(
        not isinstance(statement, _OWN_BREAKS_ONLY) and holds(statement, (cst.Break,), _OWN_BREAKS_ONLY)
        for statement in loop.body.body
    )


def loop_may_stop_early(loop: cst.CSTNode) -> bool:
    """Whether anything in the loop (its inner loops included, nested functions not) may end it
    before its iterable is exhausted: a `break`, `return` or `raise`."""
    return holds(loop, (cst.Break, cst.Return, cst.Raise), (cst.FunctionDef, cst.Lambda))
