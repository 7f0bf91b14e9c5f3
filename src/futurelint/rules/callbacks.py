"""Rules of the topic "Python ThreadPoolExecutor - Callbacks"."""

from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from futurelint.fixes.render import code_in_place
from futurelint.fixes.safety import fresh_name, names_in, place_bound_syntax, walk
from futurelint.rules.base import Replace, Report, Rule, TreeFix
from futurelint.semantic import (
    Callback, Model, call_returns_data, callback_registrations, handler_types, makes_coroutine_or_generator, own_nodes, resolve_callback,
)

_TIMEOUT_ERRORS = {
    "builtins.TimeoutError", "concurrent.futures.TimeoutError", "asyncio.TimeoutError", "socket.timeout",
}
# A callback that checks the outcome before using it: valid for FUT703 and FUT704 alike.
_GUARDED_CALLBACK_EXAMPLE = (
    "from concurrent.futures import ThreadPoolExecutor\n"
    "def on_done(fut):\n"
    "    if fut.exception() is None:\n"
    "        print(fut.result())\n"
    "with ThreadPoolExecutor() as ex:\n"
    "    ex.submit(work).add_done_callback(on_done)\n"
)


def _unique_callbacks(model: Model) -> Iterator[Callback]:
    seen: set[int] = set()
    for _, expr in callback_registrations(model):
        callback = resolve_callback(model, expr, factories=True)
        if callback is not None and id(callback.function) not in seen:
            seen.add(id(callback.function))
            yield callback


def _is_param_name(model: Model, expr: cst.BaseExpression, param: Optional[cst.Param]) -> bool:
    if param is None or not isinstance(expr, cst.Name):
        return False
    bindings = model.resolve(expr) or []
    return bool(bindings) and all(b.kind == "param" and b.definition is param for b in bindings)


# ---------------------------------------------------------------- FUT701
class CallbackCalledNotPassed(Rule):
    """
    ## What it does
    Flags `future.add_done_callback(handler())` and `add_done_callback(handler(x))`: the handler is
    called on the spot and its return value is registered, when the callee evidently returns no callable
    (a data builtin, or a function defined in the file that never returns one).

    ## Why is this bad?
    The handler runs immediately, in the registering thread, before the task is done. What gets
    registered is its return value (usually `None`); when the future completes, calling it fails with
    `TypeError`, which the executor only logs. The post-processing never runs at the right time.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    def notify(user):
        print("done for", user)

    with ThreadPoolExecutor() as ex:
        ex.submit(work).add_done_callback(notify(user))
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    def notify(user):
        print("done for", user)

    with ThreadPoolExecutor() as ex:
        ex.submit(work).add_done_callback(lambda _: notify(user))
    ```

    ## Fix safety
    Unsafe: the handler then runs when the future is done, in the thread that completes it. A
    handler called without arguments that can take the future is passed itself
    (`on_done()` -> `on_done`); otherwise the call goes into `lambda _: ...` (named `_future` when
    the call uses `_`, e.g. gettext). There is no fix when the call holds `await`, `yield` or `:=`
    (they mean something else in a lambda), when a name it reads is assigned again after it or is
    a loop variable (the lambda would read the later value), or for a coroutine or generator function.

    ## References
    - [`Future.add_done_callback`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Future.add_done_callback)
    """

    code = "FUT701"
    name = "callback-called-not-passed"
    fix_availability = "sometimes"
    fix_applicability = "unsafe"
    message = "The callback is called now and its return value is registered; pass the function itself"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def on_done(fut):\n    print(fut.exception())\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    ex.submit(work).add_done_callback(on_done)\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def make_handler(name):\n"
        "    def handler(fut):\n        print(name, fut.exception())\n"
        "    return handler\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    ex.submit(work).add_done_callback(make_handler('a'))\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def on_done():\n    print('done')\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    ex.submit(work).add_done_callback(on_done())\n",
    )

    def check(self, model: Model):
        for _, expr in callback_registrations(model):
            if isinstance(expr, cst.Call) and model.qualname(expr.func) != "functools.partial" and call_returns_data(model, expr):
                yield Report(expr, fix=self._fix(model, expr))

    @staticmethod
    def _fix(model: Model, call: cst.Call) -> Optional[TreeFix]:
        function = model.function_def(call.func)
        if function is not None and makes_coroutine_or_generator(model, function):
            return None  # deferring the call would still register nothing useful
        if not call.args and function is not None:
            callback = Callback(function, 1 if isinstance(call.func, cst.Attribute) else 0)
            if _arity_problem(callback) is None:
                return TreeFix("unsafe", "Pass the function instead of calling it", (Replace(call, model.source_of(call.func)),))
        if call.args and model.repeating_loop(call) is not None:
            return None  # a lambda would read the loop's variables late
        if place_bound_syntax(call) is not None or _rebound_later(model, call):
            return None  # `await`/`yield`/`:=` mean something else in a lambda; or it would read a later value
        parameter = fresh_name(names_in(call), ("_", "_future", "future"))
        text = f"lambda {parameter}: {code_in_place(model, call, call)}"
        return TreeFix("unsafe", "Call it when the future is done", (Replace(call, text),))


def _rebound_later(model: Model, call: cst.Call) -> bool:
    """A name the call reads is assigned again after it: a lambda would see the later value."""
    nodes = list(walk(call))
    not_read = {id(n.attr) for n in nodes if isinstance(n, cst.Attribute)} | {id(n.keyword) for n in nodes if isinstance(n, cst.Arg)}
    for name in nodes:
        if not isinstance(name, cst.Name) or id(name) in not_read:
            continue
        for binding in model.resolve(name) or ():
            if any(other.order > model.order(call) for other in binding.scope.bindings.get(name.value, ())):
                return True
    return False


# ---------------------------------------------------------------- FUT702
def _arity_problem(callback: Callback) -> Optional[str]:
    """Why the callback cannot be called with exactly one positional argument, or None."""
    params = callback.function.params
    positional = callback.free_params()
    required = [p for p in positional if p.default is None]
    takes_star = isinstance(params.star_arg, cst.Param)
    required_keyword_only = [p for p in params.kwonly_params if p.default is None and p.name.value not in callback.keywords]
    if len(Model.positional_params(callback.function)) < callback.bound and not takes_star:
        return "it is given more arguments than it takes"
    if required_keyword_only:
        return "it has required keyword-only parameters"
    if len(required) > 1:
        return f"it requires {len(required)} positional arguments"
    if not positional and not takes_star:
        return "it takes no argument"
    return None


class CallbackWrongArity(Rule):
    """
    ## What it does
    Flags a done-callback that cannot be called with exactly one positional argument, the future:
    `lambda: ...`, `lambda a, b: ...`, or a function defined in the file that takes zero or two or more
    required positional parameters, counted after binding (`self.on_done` does not count `self`,
    `functools.partial(cb, x)` consumes `x`).

    ## Why is this bad?
    The executor calls `callback(future)`. With the wrong number of parameters this raises `TypeError`
    in the worker thread; the error is logged and ignored, and whatever the callback was meant to do
    never happens.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        ex.submit(work).add_done_callback(lambda: print("done"))
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        ex.submit(work).add_done_callback(lambda fut: print("done", fut.exception()))
    ```

    ## References
    - [`Future.add_done_callback`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Future.add_done_callback)
    """

    code = "FUT702"
    name = "callback-wrong-arity"
    message = "Done-callback cannot be called with exactly one argument (the future)"
    valid = (
        "import functools\n"
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def report(name, fut):\n    print(name, fut.exception())\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    ex.submit(work).add_done_callback(functools.partial(report, 'job'))\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    ex.submit(work).add_done_callback(lambda: print('done'))\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def report(name, fut):\n    print(name, fut.exception())\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    ex.submit(work).add_done_callback(report)\n",
    )

    def check(self, model: Model):
        for _, expr in callback_registrations(model):
            callback = resolve_callback(model, expr)
            reason = _arity_problem(callback) if callback is not None else None
            if reason is not None:
                yield Report(expr, message=f"{self.message}: {reason}")


# ---------------------------------------------------------------- FUT703
class CallbackResultUnguarded(Rule):
    """
    ## What it does
    Flags a done-callback (a lambda, a function defined in the file, or the nested function a factory
    in the file returns) that calls `.result()` on the future it receives with no `try` around it and
    no earlier `exception()` or `cancelled()` check. A `try` that only catches `TimeoutError` is no guard.
    The `else:` of a `try` whose body already handed the future to something under a handler for
    task errors runs only when that succeeded: a `.result()` there is guarded. Futures made by hand
    with `Future()` count as well as those from `submit()`.

    ## Why is this bad?
    When the task failed or was cancelled, `result()` raises inside the callback. The executor catches
    that and only logs it, so the post-processing the callback exists for silently never happens, and
    the failure is easy to miss in the logs.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    def on_done(fut):
        save(fut.result())

    with ThreadPoolExecutor() as ex:
        ex.submit(work).add_done_callback(on_done)
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    def on_done(fut):
        if fut.cancelled():
            return
        if fut.exception() is not None:
            log.error("task failed", exc_info=fut.exception())
            return
        save(fut.result())

    with ThreadPoolExecutor() as ex:
        ex.submit(work).add_done_callback(on_done)
    ```

    ## References
    - [`Future.add_done_callback`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Future.add_done_callback)
    """

    code = "FUT703"
    name = "callback-result-unguarded"
    message = "`result()` in a done-callback raises when the task failed or was cancelled, and the error is only logged"
    valid = (_GUARDED_CALLBACK_EXAMPLE,)
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def on_done(fut):\n"
        "    print(fut.result())\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    ex.submit(work).add_done_callback(on_done)\n",
    )

    def check(self, model: Model):
        for callback in _unique_callbacks(model):
            param = callback.future_param()
            if param is None:
                continue
            checked = False
            for node in own_nodes(model, callback.function, cst.Call):
                if not isinstance(node.func, cst.Attribute):
                    continue
                if not _is_param_name(model, node.func.value, param):
                    continue
                method = node.func.attr.value
                if method in ("exception", "cancelled"):
                    checked = True
                elif method == "result" and not checked and not self._guarded(model, node, param):
                    yield Report(node)
                    break

    @staticmethod
    def _guarded(model: Model, call: cst.Call, param: cst.Param) -> bool:
        for node in model.enclosing_tries(call):
            if any(_catches_task_errors(model, handler) for handler in node.handlers):
                return True
        if _in_else_after_guarded_use(model, call, param):
            return True
        for ancestor in model.ancestors(call):
            if isinstance(ancestor, (cst.FunctionDef, cst.Lambda)):
                break
            if isinstance(ancestor, cst.With) and any(
                isinstance(i.item, cst.Call) and model.qualname(i.item.func) == "contextlib.suppress" for i in ancestor.items
            ):
                return True
        return False


def _catches_task_errors(model: Model, handler: cst.ExceptHandler) -> bool:
    types = handler_types(handler)
    return not types or any(model.qualname(t) not in _TIMEOUT_ERRORS for t in types)


def _in_else_after_guarded_use(model: Model, call: cst.Call, param: cst.Param) -> bool:
    """`call` runs in the `else:` of a `try` whose body already handed the future to something
    (`res = unwrap(fut)`) under a handler for task errors: it only runs when that succeeded."""
    child: cst.CSTNode = call
    for ancestor in model.ancestors(call):
        if isinstance(ancestor, (cst.FunctionDef, cst.Lambda)):
            return False
        if isinstance(ancestor, cst.Try) and child is ancestor.orelse:
            uses = model.nodes_in(cst.Name, ancestor.body)
            if any(_catches_task_errors(model, h) for h in ancestor.handlers) and any(
                _is_param_name(model, n, param) for n in uses
            ):
                return True
        child = ancestor
    return False


# ---------------------------------------------------------------- FUT704
class CallbackBlocks(Rule):
    """
    ## What it does
    Flags blocking calls inside a done-callback: `.result()` on a *different* future, `wait(...)`,
    `as_completed(...)`, `executor.submit(...).result()` or `time.sleep(...)`.

    ## Why is this bad?
    Callbacks run in the worker thread that finished the task (or in the registering thread when the
    future is already done). Blocking there holds a worker hostage: with every worker waiting for tasks
    that need a free worker, the pool deadlocks; at best, the pool's throughput drops.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    executor = ThreadPoolExecutor()

    def on_done(fut):
        if fut.exception() is None:
            follow_up = executor.submit(step_two, fut.result())
            print(follow_up.result())

    executor.submit(step_one).add_done_callback(on_done)
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    executor = ThreadPoolExecutor()

    def on_done(fut):
        if fut.exception() is None:
            follow_up = executor.submit(step_two, fut.result())
            follow_up.add_done_callback(print_outcome)

    executor.submit(step_one).add_done_callback(on_done)
    ```

    ## References
    - [`Future.add_done_callback`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Future.add_done_callback)
    """

    code = "FUT704"
    name = "callback-blocks"
    message = "Blocking call inside a done-callback ties up a worker thread and can deadlock the pool"
    valid = (_GUARDED_CALLBACK_EXAMPLE,)
    invalid = (
        "import time\n"
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def on_done(fut):\n"
        "    time.sleep(1)\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    ex.submit(work).add_done_callback(on_done)\n",
    )

    def check(self, model: Model):
        for callback in _unique_callbacks(model):
            param = callback.future_param()
            for node in own_nodes(model, callback.function, cst.Call):
                if self._blocks(model, node, param):
                    yield Report(node)

    @staticmethod
    def _blocks(model: Model, call: cst.Call, param: Optional[cst.Param]) -> bool:
        if model.is_cf_call(call, "wait", "as_completed") or model.qualname(call.func) == "time.sleep":
            return True
        receiver = model.future_method_receiver(call, "result", "exception")
        if receiver is None or _is_param_name(model, receiver, param):
            return False
        timeout = call.args[0].value if call.args else None
        return not (isinstance(timeout, (cst.Integer, cst.Float)) and timeout.evaluated_value == 0)
