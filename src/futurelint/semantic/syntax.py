"""Small questions about syntax: arguments, method names, caught types, container roots."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from futurelint.semantic.constants import FunctionNode

if TYPE_CHECKING:
    from futurelint.semantic.model import Model

def is_none(expr: Optional[cst.BaseExpression]) -> bool:
    return isinstance(expr, cst.Name) and expr.value == "None"


def decorator_name(decorator: cst.Decorator) -> str:
    target = decorator.decorator
    if isinstance(target, cst.Call):
        target = target.func
    if isinstance(target, cst.Name):
        return target.value
    if isinstance(target, cst.Attribute):
        return target.attr.value
    return ""


def call_argument(call: cst.Call, keyword: str, position: Optional[int] = None) -> Optional[cst.Arg]:
    """The argument passed as `keyword=` or at `position` (0-based), if any."""
    positional = 0
    for arg in call.args:
        if arg.keyword is not None:
            if arg.keyword.value == keyword:
                return arg
        elif arg.star:
            return None if position is not None and positional <= position else None
        else:
            if position is not None and positional == position:
                return arg
            positional += 1
    return None


def method_name(call: cst.CSTNode) -> Optional[str]:
    if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute):
        return call.func.attr.value
    return None


RAISES_METHODS = ("assertRaises", "assertRaisesRegex", "assertRaisesRegexp")


def is_raises_call(model: "Model", expr: cst.BaseExpression) -> bool:
    if not isinstance(expr, cst.Call):
        return False
    if isinstance(expr.func, cst.Attribute) and expr.func.attr.value in RAISES_METHODS:
        return True
    return model.qualname(expr.func) == "pytest.raises"


# ------------------------------------------------------------------ added for the map/as_completed/wait rules
def caught_types(model: Model, handler: cst.ExceptHandler) -> Optional[list[Optional[str]]]:
    """The qualified names of what an `except` clause catches (`builtins.Exception`,
    `concurrent.futures.TimeoutError`...); None for a bare `except:`. An entry is None where the type
    cannot be resolved (a local alias, an attribute of an unknown object)."""
    if handler.type is None:
        return None
    types = handler.type
    members = [e.value for e in types.elements] if isinstance(types, cst.Tuple) else [types]
    return [model.qualname(member) for member in members]


def container_root(expr: cst.BaseExpression) -> Optional[cst.Name]:
    """The name a container expression reads from: `fs`, `fs.keys()`, `list(fs)`, `set(fs.values())`."""
    while isinstance(expr, cst.Call):
        if isinstance(expr.func, cst.Attribute) and not expr.args:
            expr = expr.func.value
        elif isinstance(expr.func, cst.Name) and len(expr.args) == 1:
            expr = expr.args[0].value
        else:
            return None
    return expr if isinstance(expr, cst.Name) else None


def positional_params(function: FunctionNode, bound: bool = False) -> list[cst.Param]:
    """The parameters a positional argument can fill, without the first when `bound` (`self`)."""
    params = list(function.params.posonly_params) + list(function.params.params)
    return params[1:] if bound else params
