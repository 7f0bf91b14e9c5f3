"""The walk over a tree: a node's children in source order, trivia skipped, fast (the model's
Collector and the reaching-definitions walk use it)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

import libcst as cst

SCOPE_OPENERS = frozenset((cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.Param))


def children_of(node: cst.CSTNode) -> list:
    names = _CHILD_FIELDS.get(type(node))
    if names is None:
        names = _CHILD_FIELDS[type(node)] = _child_fields(type(node))
    if not names:
        return [child for child in node.children if type(child) not in TRIVIA] if names is None else []
    children = []
    for name in names:
        value = getattr(node, name)
        kind = _VALUE_KINDS.get(type(value))
        if kind is None:
            kind = _VALUE_KINDS[type(value)] = _value_kind(value)
        if kind == _NODE:
            if type(value) not in TRIVIA:
                children.append(value)
        elif kind == _SEQUENCE:
            children.extend([item for item in value if type(item) not in TRIVIA])
    return children


def _trivia_types() -> frozenset:
    """Whitespace, comments, punctuation and operator tokens: about two thirds of a tree's nodes,
    and nothing any rule asks about (rules read an operator off its expression). The walk skips
    them, so they have no parent, order or scope in the model."""
    bases = frozenset((
        cst.BaseParenthesizableWhitespace, cst.Newline, cst.TrailingWhitespace, cst.EmptyLine,
        cst.Comment, cst.Comma, cst.Dot, cst.Colon, cst.Semicolon, cst.AssignEqual, cst.LeftParen,
        cst.RightParen, cst.LeftSquareBracket, cst.RightSquareBracket, cst.LeftCurlyBrace,
        cst.RightCurlyBrace, cst.BaseBinaryOp, cst.BaseBooleanOp, cst.BaseCompOp, cst.BaseUnaryOp,
        cst.BaseAugOp,
    ))
    classes = (value for value in vars(cst).values() if isinstance(value, type))
    # Read the MRO rather than ask issubclass: the ABC machinery makes that slow at start-up.
    return frozenset(klass for klass in classes if not bases.isdisjoint(klass.__mro__))


TRIVIA = _trivia_types()

# What a visited attribute holds, by its type (isinstance on the CSTNode ABC is slow).
_NODE, _SEQUENCE, _NOTHING = 1, 2, 3
_VALUE_KINDS: dict = {}


def _value_kind(value: object) -> int:
    if isinstance(value, cst.CSTNode):
        return _NODE
    if isinstance(value, (list, tuple)):
        return _SEQUENCE
    return _NOTHING  # None, MaybeSentinel.DEFAULT


_CHILD_FIELDS: dict = {}
_VISIT_CALL = re.compile(r'visit_(?:required|optional|sequence|sentinel|body_sequence)\(\s*self,\s*"(\w+)"')


def _child_fields(node_type: type) -> tuple:
    """The attributes `node_type._visit_and_replace_children` visits, in its order (read from its
    source: the order is the order of the keyword arguments that rebuild the node)."""
    import inspect

    for klass in node_type.__mro__:
        method = klass.__dict__.get("_visit_and_replace_children")
        if method is not None:
            break
    else:
        return ()
    try:
        names = _VISIT_CALL.findall(inspect.getsource(method))
    except (OSError, TypeError):  # no source: ask libcst for the children of each node
        return None  # type: ignore[return-value]
    return tuple(name for name in dict.fromkeys(names) if not _holds_trivia(name))


# Attributes that hold only trivia in every node type (so the walk need not even read them).
_TRIVIA_FIELDS = frozenset((
    "lpar", "rpar", "comma", "dot", "semicolon", "colon", "equal", "operator", "newline", "header",
    "footer", "leading_lines", "lines_after_decorators", "trailing_whitespace", "lbracket", "rbracket",
    "lbrace", "rbrace",
))


def _holds_trivia(field_name: str) -> bool:
    return field_name in _TRIVIA_FIELDS or field_name.startswith("whitespace")


def dotted_name(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{dotted_name(node.value)}.{node.attr.value}"
    return ""


MAX_STRING_ANNOTATION = 500  # characters


@lru_cache(maxsize=4096)
def parse_string_annotation(text: str) -> Optional[cst.BaseExpression]:
    """The expression a string annotation holds; None for one too long to be a real annotation
    (its nesting was never measured by the engine's depth check)."""
    if len(text) > MAX_STRING_ANNOTATION:
        return None
    try:
        return cst.parse_expression(text)
    except Exception:
        return None
