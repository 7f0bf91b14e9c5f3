"""Futures finished because their executor has: after the `with` block that owns the executor, after
`shutdown()` (waiting, the default), or after a `wait(fs)` that waits for all of them without a
timeout. One fact for every rule that asks "is this future done?" (FUT305, FUT801...).

A future is traced back to the `submit()` calls that can produce it: through the bindings that reach
a name, the elements of containers built or filled from submits, and loops over them. Anything not
understood is unknown, and unknown is "not known to be done".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from futurelint.semantic.constants import COPYING_BUILTINS
from futurelint.semantic.flow import following_statements
from futurelint.semantic.syntax import assigned_name, call_argument, is_none, method_name

if TYPE_CHECKING:
    from futurelint.semantic.model import Model

MAX_DEPTH = 4
_FILLING_METHODS = {"append": 0, "add": 0, "appendleft": 0, "insert": 1}
_VIEWS = {"keys", "values", "copy"}


def submits_of(model: Model, expr: cst.BaseExpression, depth: int = 0) -> Optional[list[cst.Call]]:
    """The `submit()` calls whose futures `expr` (a future or a container of futures) can hold,
    or None when something else may flow in."""
    if depth > MAX_DEPTH:
        return None
    if isinstance(expr, cst.Call):
        return _call_submits(model, expr, depth)
    if isinstance(expr, cst.Name):
        return _name_submits(model, expr, depth)
    if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
        return _all(model, [e.value for e in expr.elements], depth)
    if isinstance(expr, (cst.ListComp, cst.SetComp, cst.GeneratorExp)):
        return submits_of(model, expr.elt, depth + 1)
    if isinstance(expr, cst.DictComp):
        return submits_of(model, expr.key, depth + 1)
    if isinstance(expr, cst.Subscript):  # an element of a container of futures
        return submits_of(model, expr.value, depth + 1)
    return None


def _call_submits(model: Model, call: cst.Call, depth: int) -> Optional[list[cst.Call]]:
    if model.is_submit(call):
        return [call]
    if model.is_cf_call(call, "as_completed") and call.args:
        return submits_of(model, call.args[0].value, depth + 1)
    if model.is_builtin(call.func, *COPYING_BUILTINS) and len(call.args) == 1:
        return submits_of(model, call.args[0].value, depth + 1)
    if method_name(call) in _VIEWS and not call.args and isinstance(call.func, cst.Attribute):
        return submits_of(model, call.func.value, depth + 1)
    return None


def _name_submits(model: Model, name: cst.Name, depth: int) -> Optional[list[cst.Call]]:
    bindings = model.resolve(name)
    if not bindings:
        return None
    found: list[cst.Call] = []
    for binding in bindings:
        if binding.kind in ("for", "comprehension") and binding.iterable is not None and not binding.path:
            submits = submits_of(model, binding.iterable, depth + 1)
        elif binding.kind in ("assign", "annassign", "walrus") and binding.value is not None and not binding.path:
            submits = _filled(model, binding, depth)
        else:
            submits = None
        if submits is None:
            return None
        found += submits
    return found


def _filled(model: Model, binding, depth: int) -> Optional[list[cst.Call]]:
    """A value's submits, plus those added to it later (`fs.append(ex.submit(...))`)."""
    value = binding.value
    empty = isinstance(value, (cst.List, cst.Set, cst.Dict)) and not value.elements
    empty = empty or (isinstance(value, cst.Call) and model.is_builtin(value.func, "list", "set", "dict") and not value.args)
    found = [] if empty else submits_of(model, value, depth + 1)
    if found is None:
        return None
    for load in model.uses_of(binding):
        added = _added(model, load)
        if added is not None:
            more = submits_of(model, added, depth + 1)
            if more is None:
                return None
            found += more
    return found


def _added(model: Model, load: cst.Name) -> Optional[cst.BaseExpression]:
    """What `load.append(x)`, `load.add(x)` or `load[x] = ...` puts in the container (keys of a dict)."""
    parent = model.parent(load)
    if isinstance(parent, cst.Attribute) and parent.value is load:
        call = model.parent(parent)
        index = _FILLING_METHODS.get(parent.attr.value)
        if isinstance(call, cst.Call) and call.func is parent and index is not None and len(call.args) > index:
            return call.args[index].value
    if isinstance(parent, cst.Subscript) and parent.value is load and len(parent.slice) == 1:
        index = parent.slice[0].slice
        if isinstance(index, cst.Index) and isinstance(model.parent(model.parent(parent)), cst.Assign):
            return index.value
    return None


def _all(model: Model, items: list, depth: int) -> Optional[list[cst.Call]]:
    found: list[cst.Call] = []
    for item in items:
        submits = submits_of(model, item, depth + 1)
        if submits is None:
            return None
        found += submits
    return found


# ---------------------------------------------------------------------------- finished executors
def finished_at(model: Model, expr: cst.BaseExpression, at: cst.CSTNode) -> bool:
    """Whether every future `expr` can hold is finished where `at` runs, because its executor has
    exited its `with` block or been shut down (waiting) before, or a `wait()` for all of them ran."""
    submits = submits_of(model, expr)
    if not submits:
        return _waited_for_all(model, expr, at)
    return all(_executor_finished(model, call, at) for call in submits) or _waited_for_all(model, expr, at)


def _executor_finished(model: Model, submit: cst.Call, at: cst.CSTNode) -> bool:
    receiver = model.submit_receiver(submit)
    if not isinstance(receiver, cst.Name) or model.enclosing_function(at) is not model.enclosing_function(submit):
        return False
    for binding in model.resolve(receiver) or ():
        if binding.kind == "with":
            block = model.parent(binding.definition)
            if isinstance(block, cst.With) and model.contains(block, submit) and _after(model, block, at):
                continue
        if binding.kind == "assign" and _shut_down_between(model, binding, submit, at):
            continue
        return False
    return True


def _after(model: Model, statement: cst.CSTNode, at: cst.CSTNode) -> bool:
    """`at` runs after `statement` has finished, in the straight-line code that follows it."""
    return not model.contains(statement, at) and any(model.contains(s, at) for s in following_statements(model, statement))


def _shut_down_between(model: Model, binding, submit: cst.Call, at: cst.CSTNode) -> bool:
    """`<executor>.shutdown()` (waiting) after the submit, in a statement `at` follows; a shutdown in
    a `finally` counts from the end of its `try`."""
    for load in model.uses_of(binding):
        call = model.parent(model.parent(load))
        if not (isinstance(call, cst.Call) and method_name(call) == "shutdown" and call.func.value is load):
            continue
        wait = call_argument(call, "wait", 0)
        if wait is not None and not (isinstance(wait.value, cst.Name) and wait.value.value == "True"):
            continue
        if model.order(call) < model.order(submit):
            continue
        statement = model.statement_of(call)
        finally_try = _finally_owner(model, call)
        if _after(model, finally_try or statement, at):
            return True
    return False


def _finally_owner(model: Model, node: cst.CSTNode) -> Optional[cst.Try]:
    child = node
    for ancestor in model.ancestors(node):
        if isinstance(ancestor, cst.Try) and child is ancestor.finalbody:
            return ancestor
        child = ancestor
    return None


def _waited_for_all(model: Model, expr: cst.BaseExpression, at: cst.CSTNode) -> bool:
    """`wait(fs)` without timeout nor `return_when`, in a statement `at` follows, where `expr` is
    `fs` or an item of it (a loop over `fs`); `wait(d.values())` covers `for k, f in d.items()`."""
    wanted = _waited_parts(model, expr)
    if not wanted:
        return False
    function = model.enclosing_function(at)
    # Only the function's own calls can be the wait (scanning the whole module for every future
    # asked about would make a file with many functions quadratic).
    for call in model.calls if function is None else model.nodes_in(cst.Call, function):
        if not model.is_cf_call(call, "wait") or not call.args or model.enclosing_function(call) is not function:
            continue
        if call_argument(call, "timeout", 1) is not None and not is_none(call_argument(call, "timeout", 1).value):
            continue
        if call_argument(call, "return_when", 2) is not None:
            continue
        if _iterated_part(model, call.args[0].value, ()) in wanted and _after(model, model.statement_of(call), at):
            return True
    return False


def _waited_parts(model: Model, expr: cst.BaseExpression) -> set[tuple[str, str]]:
    """What a `wait(...)` must have waited for to cover `expr`: `(container, "keys")` for a list,
    a set or a dict's keys, `(container, "values")` for a dict's values."""
    if isinstance(expr, cst.Subscript) and isinstance(expr.value, cst.Name):  # `fs[0]`, `d[k]`
        name = model.source_of(expr.value)
        return {(name, "keys"), (name, "values")}
    parts = {_iterated_part(model, expr, ())}
    if isinstance(expr, cst.Name):
        for binding in model.resolve(expr) or ():
            if binding.kind in ("for", "comprehension") and binding.iterable is not None:
                parts.add(_iterated_part(model, binding.iterable, binding.path))
    return {part for part in parts if part is not None}


def _iterated_part(model: Model, iterable: cst.BaseExpression, path: tuple) -> Optional[tuple[str, str]]:
    """The part of a named container that iterating `iterable` (and taking `path` of each item)
    yields: `fs` and `d.keys()` give keys, `d.values()` values, `d.items()` keys at 0, values at 1."""
    if isinstance(iterable, cst.Call) and model.is_builtin(iterable.func, *COPYING_BUILTINS) and len(iterable.args) == 1:
        return _iterated_part(model, iterable.args[0].value, path)
    if isinstance(iterable, cst.Name):
        return (model.source_of(iterable), "keys") if not path else None
    view = method_name(iterable) if isinstance(iterable, cst.Call) and not iterable.args else None
    if view is None or not isinstance(iterable.func, cst.Attribute) or not isinstance(iterable.func.value, cst.Name):
        return None
    name = model.source_of(iterable.func.value)
    if view == "items" and path[:1] in ((0,), (1,)) and len(path) == 1:
        return (name, "keys" if path == (0,) else "values")
    if view in ("keys", "values") and not path:
        return (name, view)
    return None


# ---------------------------------------------------------------------------- hand-made futures
_COMPLETING_METHODS = {"set_result", "set_exception"}


def completed_on_creation(model: Model, construction: cst.Call) -> bool:
    """`fut = Future()` whose first use completes it (`fut.set_result(...)`/`fut.set_exception(...)`,
    or an `if`/`else` doing so on both branches): a ready-made answer, no waiter can hang on it."""
    assign = model.parent(construction)
    target = assigned_name(assign, construction)
    return target is not None and _first_use_completes(model, list(following_statements(model, assign)), target.value)


def _first_use_completes(model: Model, statements, name: str) -> bool:
    for statement in statements:
        if not any(n.value == name for n in model.nodes_in(cst.Name, statement)):
            continue
        if isinstance(statement, cst.SimpleStatementLine):
            return _first_use_completes(model, statement.body, name)
        if isinstance(statement, cst.If) and isinstance(statement.orelse, (cst.Else, cst.If)):
            if isinstance(statement.test, cst.NamedExpr) or any(n.value == name for n in model.nodes_in(cst.Name, statement.test)):
                return False
            otherwise = statement.orelse.body.body if isinstance(statement.orelse, cst.Else) else [statement.orelse]
            return _first_use_completes(model, statement.body.body, name) and _first_use_completes(model, otherwise, name)
        return _completes(statement, name)
    return False


def _completes(statement: cst.CSTNode, name: str) -> bool:
    call = statement.value if isinstance(statement, cst.Expr) else None
    return (
        isinstance(call, cst.Call)
        and isinstance(call.func, cst.Attribute)
        and isinstance(call.func.value, cst.Name)
        and call.func.value.value == name
        and call.func.attr.value in _COMPLETING_METHODS
    )
