"""Executors: where the file makes them, and what kind of pool a constructor makes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

import libcst as cst

from futurelint.semantic.constants import CF, INTERPRETER_POOL, PROCESS_POOL, ExecutorKind

if TYPE_CHECKING:
    from futurelint.semantic.model import Model


def executor_constructions(model: Model) -> Iterator[tuple[cst.Call, ExecutorKind]]:
    """Every executor constructor call with its `ExecutorKind`, except in blocks that
    expect an error (`with pytest.raises(ValueError): ThreadPoolExecutor(0)` is a test). Found
    once per model: a dozen rules ask."""
    return iter(model._memoized("executor_constructions", model.module, lambda _: _constructions(model)))


def _constructions(model: Model) -> list[tuple[cst.Call, ExecutorKind]]:
    found = []
    for call in model.calls:
        kind = model.executor_constructor_kind(call)
        if kind is not None and not model.expects_error(call):
            found.append((call, kind))
    return found


def pickles_tasks(model: Model, executor: cst.BaseExpression) -> bool:
    """Whether `executor` is known to send its tasks to other processes (they must pickle)."""
    kind = model.executor_kind(executor)
    return kind is not None and kind.pickles_tasks


def is_process_pool(model: Model, call: cst.Call) -> bool:
    """A real `ProcessPoolExecutor` (or subclass): not an InterpreterPoolExecutor, whose workers are
    threads running sub-interpreters."""
    return _class_reaches(model, call.func, PROCESS_POOL, set())


def _class_reaches(model: Model, expr: cst.BaseExpression, target: str, seen: set) -> bool:
    qualified = model.qualname(expr)
    if qualified == target:
        return True
    if qualified == INTERPRETER_POOL or not isinstance(expr, cst.Name) or id(expr) in seen:
        return False
    seen.add(id(expr))
    bindings = model.resolve(expr)
    if not bindings or len(bindings) != 1 or bindings[0].kind != "class":
        return False
    return any(_class_reaches(model, base.value, target, seen) for base in bindings[0].definition.bases)


# Methods through which an executor implementation hands out the futures it makes.
HANDING_OUT_METHODS = ("submit", "schedule")


def inside_executor_implementation(model: Model, node: cst.CSTNode) -> bool:
    """`node` is in a class that implements an executor: it subclasses one from
    `concurrent.futures`, or it has a `submit`/`schedule` method that returns something (a class
    that makes futures and hands them out, as pebble's pools do, without subclassing `Executor`)."""
    for ancestor in model.ancestors(node):
        if isinstance(ancestor, cst.ClassDef) and _implements_executor(model, ancestor):
            return True
    return False


def _implements_executor(model: Model, node: cst.ClassDef) -> bool:
    info = model.class_info(node)
    if info is None:
        return False
    if any(base.startswith(CF) for base in info.base_names):
        return True
    return any(
        name in info.methods and _returns_a_value(model, info.methods[name]) for name in HANDING_OUT_METHODS
    )


def _returns_a_value(model: Model, method: cst.FunctionDef) -> bool:
    return any(
        node.value is not None and model.enclosing_function(node) is method
        for node in model.nodes_in(cst.Return, method)
    )
