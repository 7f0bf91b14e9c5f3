"""Control flow, iterator consumption, and the small syntax questions."""

from __future__ import annotations

import libcst as cst
import pytest

from futurelint.semantic import (
    catches_task_errors, consumed, consumption, consumption_in_statement, following_statements, handler_types, leaves_loop,
    loop_has_break, never_returns, nodes_of_same_scope, stored_in_container,
)

from .helpers import first_call, model_of, name_loads


def _loop(source: str) -> cst.For:
    return model_of(source).nodes(cst.For)[0]


@pytest.mark.parametrize(("body", "breaks", "leaves"), [
    ("    pass\n", False, False),
    ("    break\n", True, True),
    ("    return\n", False, True),
    ("    for y in ys:\n        break\n", False, False),  # the inner loop's break is its own
    ("    def g():\n        return 1\n", False, False),  # a nested function's return leaves nothing
])
def test_leaving_a_loop(body, breaks, leaves):
    loop = _loop("def f(xs, ys):\n  for x in xs:\n" + body.replace("    ", "      ", 1).replace("\n    ", "\n      "))
    assert loop_has_break(loop) is breaks
    assert leaves_loop(loop.body) is leaves


def test_never_returns_only_for_an_endless_final_loop():
    model = model_of("def serve():\n    while True:\n        pass\ndef once():\n    while True:\n        break\n")
    serve, once = model.nodes(cst.FunctionDef)
    assert never_returns(serve) and not never_returns(once)


def test_following_statements_run_after_in_straight_line_code():
    model = model_of("a = 1; b = 2\nc = 3\nif c:\n    d = 4\n")
    first = model.nodes(cst.Assign)[0]
    after = [model.source_of(s).strip() for s in following_statements(model, first)]
    assert after == ["b = 2", "c = 3", "if c:\n    d = 4"]


def test_nodes_of_same_scope_skip_nested_functions():
    model = model_of("def f():\n    g()\n    def h():\n        i()\n    lambda: j()\n")
    body = model.nodes(cst.FunctionDef)[0].body
    nodes = list(nodes_of_same_scope(body))
    assert [model.source_of(n) for n in nodes if isinstance(n, cst.Call)] == ["g()"]
    assert [type(n) for n in nodes if isinstance(n, (cst.FunctionDef, cst.Lambda))] == [cst.FunctionDef, cst.Lambda]


HEAD = "from concurrent.futures import ThreadPoolExecutor\nex = ThreadPoolExecutor()\n"


@pytest.mark.parametrize(("use", "how"), [
    ("list(it)", "full"),
    ("for x in it:\n    pass", "full"),
    ("for x in it:\n    break", "partial"),
    ("next(it)", "partial"),
    ("print(it)", None),
])
def test_consumption_of_an_iterator_name(use, how):
    model = model_of(HEAD + "it = ex.map(abs, xs)\n" + use + "\n")
    assert consumption(model, name_loads(model, "it")[-1]) == how


@pytest.mark.parametrize(("statement", "to_the_end"), [
    ("r = list(ex.map(abs, xs))", True),
    ("r = next(ex.map(abs, xs))", False),
    ("r = ex.map(abs, xs)", None),
    ("r = list(zip(ex.map(abs, xs), ys))", False),
])
def test_consumption_in_a_statement(statement, to_the_end):
    model = model_of(HEAD + statement + "\n")
    assert consumption_in_statement(model, first_call(model, "ex.map")) is to_the_end


@pytest.mark.parametrize(("statement", "at_once"), [
    ("for r in ex.map(abs, xs): pass", True), ("print(*ex.map(abs, xs))", True),
    ("r = sorted(ex.map(abs, xs))", True), ("r = ex.map(abs, xs)", False),
])
def test_consumed_where_it_stands(statement, at_once):
    model = model_of(HEAD + statement + "\n")
    assert consumed(model, first_call(model, "ex.map")) is at_once


def test_handler_types():
    model = model_of("try:\n    pass\nexcept (A, b.C):\n    pass\nexcept D:\n    pass\nexcept:\n    pass\n")
    named = [[model.source_of(t) for t in handler_types(h)] for h in model.nodes(cst.ExceptHandler)]
    assert named == [["A", "b.C"], ["D"], []]


@pytest.mark.parametrize(("statement", "stored"), [
    ("pools.append(ex)", True), ("pools[k] = ex", True), ("pools.append((ex, job))", True),
    ("use(ex)", False), ("other = ex", False),
])
def test_stored_in_container(statement, stored):
    model = model_of("ex = object()\n" + statement + "\n")
    assert stored_in_container(model, name_loads(model, "ex")[-1]) is stored


def test_a_handler_of_only_submission_or_caller_thread_errors_is_not_for_task_errors():
    def catches(handlers: str) -> bool:
        model = model_of("import concurrent.futures as cf\ntry:\n    pass\n" + handlers)
        return catches_task_errors(model, next(iter(model.nodes(cst.Try))))

    assert not catches("except KeyboardInterrupt:\n    pass\nexcept (RuntimeError, cf.BrokenExecutor):\n    pass\n")
    assert not catches("except SystemExit:\n    pass\n")
    assert catches("except:\n    pass\n")
    assert catches("except OSError:\n    pass\n")
    assert catches("except (KeyboardInterrupt, Unknown.Error):\n    pass\n")  # unknown: may be the task's
