"""Small questions about syntax: arguments, method names, caught types, container roots."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from futurelint.semantic.constants import LOGGING_METHODS, NOT_TASK_ERRORS, RAISES_METHODS, FunctionNode

if TYPE_CHECKING:
    from futurelint.semantic.model import Model

def is_none(expr: Optional[cst.BaseExpression]) -> bool:
    return isinstance(expr, cst.Name) and expr.value == "None"


def assigned_name(statement: Optional[cst.CSTNode], value: cst.BaseExpression) -> Optional[cst.Name]:
    """The name `statement` binds `value` to, when it is `name = value` or `name: T = value`."""
    if isinstance(statement, cst.Assign) and statement.value is value and len(statement.targets) == 1:
        target = statement.targets[0].target
    elif isinstance(statement, cst.AnnAssign) and statement.value is value:
        target = statement.target
    else:
        return None
    return target if isinstance(target, cst.Name) else None


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


def first_positional(call: cst.Call) -> Optional[cst.Arg]:
    """The call's first argument when it is positional and not starred."""
    if call.args and call.args[0].keyword is None and not call.args[0].star:
        return call.args[0]
    return None


def method_name(call: cst.CSTNode) -> Optional[str]:
    if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute):
        return call.func.attr.value
    return None


def is_raises_call(model: "Model", expr: cst.BaseExpression) -> bool:
    """`pytest.raises(...)` or `self.assertRaises(...)` (and its variants)."""
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
    return [model.qualname(member) for member in handler_types(handler)]


def catches_task_errors(model: Model, guard: cst.Try) -> bool:
    """Whether a handler of this `try` may be meant for a task's errors: a bare `except:`, or a type
    that is not only raised by submitting or in the caller's thread (NOT_TASK_ERRORS), or unknown."""
    for handler in guard.handlers:
        types = caught_types(model, handler)
        if types is None or any(t not in NOT_TASK_ERRORS for t in types):
            return True
    return False


def handler_types(handler: cst.ExceptHandler) -> list[cst.BaseExpression]:
    """The type expressions an `except` clause names: `except (A, B):` gives A and B; a bare
    `except:` none."""
    if handler.type is None:
        return []
    if isinstance(handler.type, cst.Tuple):
        return [e.value for e in handler.type.elements]
    return [handler.type]


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


STORING_METHODS = ("append", "add", "setdefault", "insert", "appendleft", "extend", "update")


def stored_in_container(model: Model, node: cst.CSTNode) -> bool:
    """`node` (possibly inside a tuple/list/dict display) is added to a container:
    `pools.append((ex, job))`, `pools[k] = ex`."""
    child, parent = node, model.parent(node)
    while isinstance(parent, (cst.Element, cst.DictElement, cst.Tuple, cst.List, cst.Set, cst.Dict)):
        child, parent = parent, model.parent(parent)
    if isinstance(parent, cst.Arg):
        outer = model.parent(parent)
        return isinstance(outer, cst.Call) and isinstance(outer.func, cst.Attribute) and outer.func.attr.value in STORING_METHODS
    if isinstance(parent, cst.Assign) and parent.value is child:
        return all(isinstance(t.target, cst.Subscript) for t in parent.targets)
    return False


def is_main_test(test: cst.BaseExpression, equal: bool) -> bool:
    if equal and isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        return is_main_test(test.left, equal) or is_main_test(test.right, equal)
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1):
        return False
    operator = test.comparisons[0].operator
    if not isinstance(operator, cst.Equal if equal else cst.NotEqual):
        return False
    sides = [test.left, test.comparisons[0].comparator]
    names = [s for s in sides if isinstance(s, cst.Name) and s.value == "__name__"]
    strings = [s for s in sides if isinstance(s, cst.SimpleString) and s.evaluated_value == "__main__"]
    return len(names) == 1 and len(strings) == 1


def is_logging_call(model: Model, call: cst.Call) -> bool:
    """`logging.info(...)`, `logger.warning(...)`, `self.log.debug(...)` and the like."""
    qualified = model.qualname(call.func) or ""
    if qualified.startswith("logging."):
        return True
    if not isinstance(call.func, cst.Attribute) or call.func.attr.value not in LOGGING_METHODS:
        return False
    receiver = call.func.value
    name = receiver.attr.value if isinstance(receiver, cst.Attribute) else getattr(receiver, "value", "")
    return isinstance(name, str) and "log" in name.lower()
