"""What a submitted task does: whether it reports its own errors (issue #12, section 2).

A task whose whole body is guarded by `except Exception` (or `BaseException`, or a bare `except:`)
that logs, stores or re-reports the error, or whose `finally` forwards `sys.exc_info()`, cannot
lose an exception through its Future: discarding the Future (FUT902), the iterator of `map`
(FUT401) or never asking the futures (FUT903) loses nothing. A handler that catches only some
types (`except KeyError`) protects nothing else. The code looked at is the project's: a function,
a method through `self`, a lambda or a `functools.partial` of one of them defined in the file, or
a function another module of the project defines (project_code.py); anything else is unknown, and
unknown keeps the finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Sequence

import libcst as cst

from futurelint.semantic.callables import plain_function, resolve_callback
from futurelint.semantic.project_code import ask_imported
from futurelint.semantic.syntax import caught_types

if TYPE_CHECKING:
    from futurelint.semantic.model import Model

BROAD_EXCEPTIONS = {"builtins.Exception", "builtins.BaseException"}
MAX_DEPTH = 2  # a task may delegate to a function that guards itself, which may delegate once more


def submitted_callable(call: cst.Call) -> Optional[cst.BaseExpression]:
    """The callable a `submit(fn, ...)` or `map(fn, ...)` call runs."""
    for arg in call.args:
        if arg.star:
            return None
        if arg.keyword is None or arg.keyword.value == "fn":
            return arg.value
    return None


def task_reports_errors(model: Model, call: cst.Call) -> bool:
    """Whether the task of a `submit`/`map` call catches every exception of its body and reports
    it (logs, stores or forwards it), so that its Future can hold none."""
    expr = submitted_callable(call)
    return expr is not None and callable_reports_errors(model, expr)


def callable_reports_errors(model: Model, expr: cst.BaseExpression, depth: int = 0) -> bool:
    if depth > MAX_DEPTH:
        return False
    callback = resolve_callback(model, expr)
    if callback is None:
        return _imported_reports_errors(model, expr, depth)
    function = callback.function
    if isinstance(function, cst.Lambda):
        body = function.body
        return isinstance(body, cst.Call) and callable_reports_errors(model, body.func, depth + 1)
    return _function_reports_errors(model, function, depth)


def _imported_reports_errors(model: Model, expr: cst.BaseExpression, depth: int) -> bool:
    """A function of another module of the project (project_code.py), or a `functools.partial` of one."""
    if isinstance(expr, cst.Call) and model.qualname(expr.func) == "functools.partial" and expr.args:
        if expr.args[0].star or expr.args[0].keyword is not None:
            return False
        expr = expr.args[0].value
    return bool(ask_imported(model, expr, _plain_and_reports_errors, depth))


def _plain_and_reports_errors(model: Model, function: cst.FunctionDef, depth: int) -> bool:
    return plain_function(function) and _function_reports_errors(model, function, depth)


def _function_reports_errors(model: Model, function: cst.FunctionDef, depth: int) -> bool:
    if function.asynchronous is not None:
        return False  # the worker makes a coroutine and runs none of its body
    return _body_reports_errors(model, function.body.body, depth)


def _body_reports_errors(model: Model, statements: Sequence[cst.CSTNode], depth: int) -> bool:
    body = _without_guards(statements)
    if len(body) == 1 and isinstance(body[0], cst.Try):
        return _guarded(model, body[0])
    return bool(body) and all(_delegates(model, statement, depth) for statement in body)


def _without_guards(statements: Sequence[cst.CSTNode]) -> list[cst.CSTNode]:
    """The body without what cannot raise around the guarded part: before it a docstring, `pass`,
    an early `if <flag>: return`, names bound to a name, constant or slice of a name, a `print` of
    such values; after it a `return <name>`."""
    body = list(statements)
    while body and (_is_docstring_or_pass(body[0]) or _is_early_return(body[0]) or _is_harmless(body[0])):
        body.pop(0)
    while body and _is_simple_return(body[-1]):
        body.pop()
    return body


def _guarded(model: Model, node: cst.Try) -> bool:
    if node.finalbody is not None and _forwards_exc_info(model, node.finalbody):
        return True
    outside_handlers = [clause.body.body for clause in (node.orelse, node.finalbody) if clause is not None]
    if any(_without_guards(statements) for statements in outside_handlers):
        return False  # an `else:` or `finally:` that can raise is outside the handlers
    return any(_broad(model, handler) and _reports(handler) for handler in node.handlers)


def _broad(model: Model, handler: cst.ExceptHandler) -> bool:
    types = caught_types(model, handler)
    return types is None or any(name in BROAD_EXCEPTIONS for name in types)


def _reports(handler: cst.ExceptHandler) -> bool:
    """The handler does something with the error (not only `pass`) and never raises it again."""
    statements = handler.body.body
    if all(_is_docstring_or_pass(statement) for statement in statements):
        return False
    return not any(isinstance(node, cst.Raise) for node in _nodes(handler.body))


def _forwards_exc_info(model: Model, node: cst.Finally) -> bool:
    return any(isinstance(call, cst.Call) and model.qualname(call.func) == "sys.exc_info" for call in _nodes(node))


def _delegates(model: Model, statement: cst.CSTNode, depth: int) -> bool:
    """`helper(x)` or `for x in items: helper(x)` where every call is of a task that reports."""
    if isinstance(statement, cst.For):
        return isinstance(statement.iter, (cst.Name, cst.Attribute)) and all(
            _delegates(model, inner, depth) for inner in statement.body.body
        ) and statement.orelse is None
    if isinstance(statement, cst.SimpleStatementLine):
        return all(
            isinstance(small, cst.Expr)
            and isinstance(small.value, cst.Call)
            and callable_reports_errors(model, small.value.func, depth + 1)
            for small in statement.body
        )
    return False


def _is_docstring_or_pass(statement: cst.CSTNode) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    return all(
        isinstance(small, cst.Pass)
        or (isinstance(small, cst.Expr) and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString, cst.Ellipsis)))
        for small in statement.body
    )


def _is_early_return(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.If)
        and statement.orelse is None
        and _is_simple(statement.test)
        and len(statement.body.body) == 1
        and _is_simple_return(statement.body.body[0])
    )


def _is_simple_return(statement: cst.CSTNode) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    return isinstance(small, cst.Return) and (small.value is None or _is_simple(small.value))


def _is_harmless(statement: cst.CSTNode) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    if isinstance(small, cst.Assign):
        return all(isinstance(t.target, cst.Name) for t in small.targets) and _is_simple_or_slice(small.value)
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        call = small.value
        return (
            isinstance(call.func, cst.Name)
            and call.func.value == "print"
            and all(not a.star and _is_printable(a.value) for a in call.args)
        )
    return False


def _is_simple_or_slice(expr: cst.BaseExpression) -> bool:
    """A simple value, or `name[a:b]` (slicing a sequence clamps, it does not raise)."""
    if isinstance(expr, cst.Subscript):
        return (
            isinstance(expr.value, cst.Name)
            and len(expr.slice) == 1
            and isinstance(expr.slice[0].slice, cst.Slice)
            and all(part is None or _is_simple(part) for part in (expr.slice[0].slice.lower, expr.slice[0].slice.upper))
        )
    return _is_simple(expr)


def _is_printable(expr: cst.BaseExpression) -> bool:
    if isinstance(expr, cst.FormattedString):
        return all(
            isinstance(part, cst.FormattedStringText) or (_is_simple(part.expression) and part.format_spec is None)
            for part in expr.parts
        )
    return _is_simple(expr)


def _is_simple(expr: cst.BaseExpression) -> bool:
    """A name, an attribute of a name, a constant, or `not` of one: reading it does not raise."""
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Not):
        return _is_simple(expr.expression)
    if isinstance(expr, cst.Attribute):
        return isinstance(expr.value, cst.Name)
    return isinstance(expr, (cst.Name, cst.Integer, cst.SimpleString))


def _nodes(node: cst.CSTNode):
    """Every node under `node`, not inside nested functions, lambdas or classes."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if not isinstance(current, (cst.FunctionDef, cst.Lambda, cst.ClassDef)) or current is node:
            stack.extend(current.children)
