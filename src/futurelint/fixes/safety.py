"""Evidence a fix needs before it moves, removes or wraps code: whether that code holds comments,
has effects, or holds syntax whose meaning depends on where it stands (`await`, `yield`, `:=`)."""

from __future__ import annotations

from typing import Iterable, Iterator, Optional

import libcst as cst

_LITERALS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString)
# Syntax that means something else once moved into a lambda: `await` is only allowed in the async
# function, `yield` would make the lambda a generator, `:=` would bind the lambda's local.
_PLACE_BOUND = {cst.Await: "`await`", cst.Yield: "`yield`", cst.NamedExpr: "`:=`"}


def walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """`node` and every node below it (whitespace and comments included)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def has_comment(*nodes: cst.CSTNode) -> bool:
    """Whether a comment stands anywhere in these nodes (their whitespace included)."""
    return any(isinstance(n, cst.Comment) for node in nodes for n in walk(node))


def place_bound_syntax(node: cst.CSTNode) -> Optional[str]:
    """The first `await`/`yield`/`:=` in `node`, named for a message; None when there is none."""
    for current in walk(node):
        for kind, spelling in _PLACE_BOUND.items():
            if isinstance(current, kind):
                return spelling
    return None


def is_name_or_literal(expr: cst.BaseExpression) -> bool:
    """A name or a simple literal: evaluating it earlier, or in another thread, reads the same
    binding and cannot run code."""
    return isinstance(expr, (cst.Name, *_LITERALS))


def effect_free(expr: cst.BaseExpression) -> bool:
    """An expression whose evaluation runs no code of the program that could matter: a name, a
    literal, a dotted name (`os.sep`), a negated number, or a tuple/list of those. Removing it
    removes nothing but a value."""
    if isinstance(expr, (cst.Name, *_LITERALS)):
        return True
    if isinstance(expr, cst.Attribute):
        return effect_free(expr.value)
    if isinstance(expr, cst.UnaryOperation):
        return isinstance(expr.operator, (cst.Minus, cst.Plus)) and isinstance(expr.expression, _LITERALS)
    if isinstance(expr, (cst.Tuple, cst.List)):
        return all(effect_free(element.value) for element in expr.elements if isinstance(element, cst.Element))
    if isinstance(expr, cst.ConcatenatedString):
        return effect_free(expr.left) and effect_free(expr.right)
    return False


def names_in(node: cst.CSTNode) -> set[str]:
    """Every identifier spelled in `node` (names, attributes, keywords)."""
    return {n.value for n in walk(node) if isinstance(n, cst.Name)}


def fresh_name(taken: Iterable[str], candidates: Iterable[str]) -> str:
    """The first candidate not in `taken` (then `candidate_1`, `candidate_2`... of the last one)."""
    taken = set(taken)
    last = ""
    for candidate in candidates:
        if candidate not in taken:
            return candidate
        last = candidate
    number = 1
    while f"{last}_{number}" in taken:
        number += 1
    return f"{last}_{number}"
