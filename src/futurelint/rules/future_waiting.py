"""Rules of the topic "Python ThreadPoolExecutor - The Future Object" about waiting on futures:
timeouts (FUT305, FUT306), futures made by hand (FUT307), blocking in `async def` (FUT308)."""

from __future__ import annotations

import re
from typing import Optional

import libcst as cst

from futurelint.fixes.handlers import also_catch
from futurelint.fixes.imports import futures_module_reference
from futurelint.rules.base import Report, Rule, TreeFix
from futurelint.semantic import (
    CF, Model, call_argument, completed_on_creation, consumed, handler_types, inside_executor_implementation,
    following_statements, method_name,
)
from futurelint.settings import Settings

# A test module: named like one, in a `test_*` package, or directly inside a test directory.
_TEST_PATH = re.compile(r"(^|[\\/])(test_[^\\/]*|(tests?|testing)[\\/][^\\/]+$|[^\\/]*_tests?\.py$|conftest\.py$)")


def _has_timeout(call: cst.Call, position: int) -> bool:
    arg = call_argument(call, "timeout", position)
    return arg is not None and not (isinstance(arg.value, cst.Name) and arg.value.value == "None")


def _zero_timeout(call: cst.Call, position: int) -> bool:
    arg = call_argument(call, "timeout", position)
    return arg is not None and isinstance(arg.value, (cst.Integer, cst.Float)) and float(arg.value.value) == 0


class ResultWithoutTimeout(Rule):
    """
    ## What it does
    Flags `.result()` and `.exception()` on a `concurrent.futures.Future` without a timeout, and
    `wait()` / `as_completed()` without a timeout. Futures already known to be finished (items of
    `as_completed` or of a copy of it such as `list(as_completed(fs))`, of a `done` set, a
    done-callback's argument, futures checked by `assert fut.done()` or `if not fut.done(): raise`
    before or already waited on by an untimed `fut.exception()`/`fut.result()`, futures whose executor has left its `with` block or been shut down with waiting,
    futures a `wait()` without timeout waited for, also through a dict's `values()`/`items()`)
    are not flagged.

    ## Why is this bad?
    A task that hangs (a stuck socket, a deadlock) hangs the caller with it, forever. A timeout turns
    the hang into a `TimeoutError` the caller can handle.

    This rule is opt-in: many programs rightly wait as long as it takes.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        value = ex.submit(fetch).result()
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        value = ex.submit(fetch).result(timeout=30)
    ```

    ## References
    - [`Future.result`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Future.result)
    """

    code = "FUT305"
    name = "result-without-timeout"
    message = "Waiting on futures without a timeout blocks forever if a task hangs"
    template = "`{what}` without a timeout waits forever if a task hangs"
    default = False
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    value = ex.submit(fetch).result(timeout=30)\n",
        "from concurrent.futures import as_completed\n"
        "def collect(fs):\n"
        "    return [f.result() for f in as_completed(fs, timeout=60)]\n",
        "import asyncio\nasync def main(task: asyncio.Future):\n    return task.result()\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    value = ex.submit(fetch).result()\n",
        "from concurrent.futures import wait\n"
        "def join(fs):\n"
        "    wait(fs)\n",
    )

    def check(self, model: Model):
        for call in model.calls:
            what = self._blocking_without_timeout(model, call)
            if what:
                yield Report(call, message=self.describe(what=what))

    @staticmethod
    def _blocking_without_timeout(model: Model, call: cst.Call) -> Optional[str]:
        receiver = model.future_method_receiver(call, "result", "exception")
        if receiver is not None:
            if _has_timeout(call, 0) or model.future_known_done(receiver, call):
                return None
            return f"{method_name(call)}()"
        for name in ("wait", "as_completed"):
            if model.is_cf_call(call, name) and not _has_timeout(call, 1):
                if call.args and model.futures_known_done(call.args[0].value, call):
                    return None
                return f"{name}()"
        return None


class TimeoutErrorBefore311(Rule):
    """
    ## What it does
    Flags `except TimeoutError` (the builtin) or `except socket.timeout` around
    `.result(timeout=...)`, `.exception(timeout=...)`, `as_completed(..., timeout=...)` or
    `ex.map(..., timeout=...)` when the configured `target-version` is below Python 3.11.

    ## Why is this bad?
    Before Python 3.11, `concurrent.futures.TimeoutError` is its own class, not the builtin
    `TimeoutError` (nor `socket.timeout`). The handler never runs and the timeout escapes as an
    unhandled exception. From 3.11 on the two are the same class, so the rule is silent for those
    targets.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        try:
            value = ex.submit(fetch).result(timeout=5)
        except TimeoutError:
            value = None
    ```

    ## Use instead
    ```python
    import concurrent.futures
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        try:
            value = ex.submit(fetch).result(timeout=5)
        except (TimeoutError, concurrent.futures.TimeoutError):
            value = None
    ```

    ## Fix safety
    The fix adds `concurrent.futures.TimeoutError` to the handler, spelled with the file's imports
    (adding `import concurrent.futures` when it imports only names from it). Where a function's
    own `cf`, `futures` or `concurrent` (a parameter, a local) shadows the module's, it falls back
    to `concurrent.futures`; there is no fix when `concurrent` is shadowed too.

    ## References
    - [`concurrent.futures.TimeoutError`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.TimeoutError)
    """

    code = "FUT306"
    name = "timeout-error-before-3-11"
    message = "Before Python 3.11 the builtin `TimeoutError` does not catch `concurrent.futures.TimeoutError`"
    template = "Before Python 3.11 `{caught}` does not catch `concurrent.futures.TimeoutError`"
    fix_availability = "sometimes"
    fix_applicability = "safe"
    example_settings = Settings(target_version="py310")
    valid = (
        "import concurrent.futures as cf\n"
        "def get(fut: cf.Future):\n"
        "    try:\n"
        "        return fut.result(timeout=5)\n"
        "    except cf.TimeoutError:\n"
        "        return None\n",
        # no timeout given: nothing raises TimeoutError
        "import concurrent.futures as cf\n"
        "def get(fut: cf.Future):\n"
        "    try:\n"
        "        return fut.result()\n"
        "    except TimeoutError:\n"
        "        return None\n",
        "import asyncio\n"
        "def get(fut: asyncio.Future):\n"
        "    try:\n"
        "        return fut.result(timeout=5)\n"
        "    except TimeoutError:\n"
        "        return None\n",
    )
    invalid = (
        "import concurrent.futures as cf\n"
        "def get(fut: cf.Future):\n"
        "    try:\n"
        "        return fut.result(timeout=5)\n"
        "    except TimeoutError:\n"
        "        return None\n",
        "import socket\nfrom concurrent.futures import as_completed\n"
        "def get(fs):\n"
        "    try:\n"
        "        for f in as_completed(fs, timeout=5):\n"
        "            print(f.result())\n"
        "    except (socket.timeout, KeyError):\n"
        "        pass\n",
    )

    def applies(self) -> bool:
        return self.settings.target < (3, 11)

    def check(self, model: Model):
        guarded = {id(t) for call in model.calls if self._times_out(model, call) for t in model.enclosing_tries(call)}
        for try_node in model.nodes(cst.Try):
            if id(try_node) not in guarded:
                continue
            for handler in try_node.handlers:
                caught = handler_types(handler)
                if any(_catches_futures_timeout(model, e) for e in caught):
                    break  # this handler (and the ones after it) see the right exception
                wrong = [e for e in caught if model.is_builtin(e, "TimeoutError") or model.qualname(e) == "socket.timeout"]
                if wrong:
                    yield Report(wrong[0], message=self.describe(caught=model.source_of(wrong[0])),
                                 fix=self._fix(model, handler, wrong[0]))

    @staticmethod
    def _times_out(model: Model, call: cst.Call) -> bool:
        """A call that raises `concurrent.futures.TimeoutError` when its timeout expires."""
        if model.future_method_receiver(call, "result", "exception") is not None:
            return _has_timeout(call, 0)
        if model.is_cf_call(call, "as_completed"):
            return _has_timeout(call, 1)
        return model.executor_method_receiver(call, "map") is not None and _has_timeout(call, None)

    @staticmethod
    def _fix(model: Model, handler: cst.ExceptHandler, wrong: cst.BaseExpression) -> Optional[TreeFix]:
        module_name, import_edit = futures_module_reference(model, at=handler)
        if module_name is None:
            return None
        return also_catch(model, handler, wrong, f"{module_name}.TimeoutError", import_edit)


def _catches_futures_timeout(model: Model, expr: cst.BaseExpression) -> bool:
    return model.qualname(expr) in (f"{CF}.TimeoutError", f"{CF}.Error", "builtins.Exception", "builtins.BaseException")


class FutureCreatedDirectly(Rule):
    """
    ## What it does
    Flags `concurrent.futures.Future()` constructed by application code, outside test files and
    outside executor implementations: subclasses of `Executor`, and classes whose `submit` or
    `schedule` method hands out the futures they make. A future whose first use completes it
    (`fut.set_result(...)` or `fut.set_exception(...)`, or an `if`/`else` doing so on both
    branches) is a ready-made answer, not a promise someone must remember to keep: not flagged.

    ## Why is this bad?
    A Future built by hand is only ever completed by code that remembers to call `set_result()` or
    `set_exception()` on every path; one forgotten path and its waiters hang forever. Futures should
    come from `submit()`, which always completes them.

    This rule is opt-in: hand-made futures are sometimes the right tool (adapters, custom executors).

    ## Example
    ```python
    from concurrent.futures import Future

    def start(job):
        fut = Future()
        job.on_finish(fut.set_result)
        return fut
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    def start(pool: ThreadPoolExecutor, job):
        return pool.submit(job.run)
    ```

    ## References
    - [`Future`](https://docs.python.org/3/library/concurrent.futures.html#future-objects)
    """

    code = "FUT307"
    name = "future-created-directly"
    message = "`Future()` created directly; futures should come from `submit()`"
    default = False
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def start(pool: ThreadPoolExecutor, job):\n"
        "    return pool.submit(job.run)\n",
        "import asyncio\ndef make():\n    return asyncio.Future()\n",
        "import concurrent.futures as cf\n"
        "class InlineExecutor(cf.Executor):\n"
        "    def submit(self, fn, *args, **kwargs):\n"
        "        fut = cf.Future()\n"
        "        fut.set_result(fn(*args, **kwargs))\n"
        "        return fut\n",
    )
    invalid = (
        "from concurrent.futures import Future\n"
        "def start(job):\n"
        "    fut = Future()\n"
        "    job.on_finish(fut.set_result)\n"
        "    return fut\n",
    )

    def check(self, model: Model):
        if _TEST_PATH.search(model.path):
            return
        for call in model.calls:
            if not model.is_cf_call(call, "Future") or inside_executor_implementation(model, call):
                continue
            if not completed_on_creation(model, call):
                yield Report(call)


class BlockingCallInAsyncFunction(Rule):
    """
    ## What it does
    Flags, inside an `async def`, calls that block until a `concurrent.futures` task finishes:
    `.result()`/`.exception()` on a future that may still be pending, `concurrent.futures.wait()`,
    iterating `as_completed()` or an executor's `map()`, `ex.shutdown()` with waiting, and leaving a
    `with <executor>:` block. A pool whose every task was awaited (`await loop.run_in_executor(p,
    ...)`, `await asyncio.wrap_future(p.submit(...))`, or `await helper(p, ...)`) has nothing left
    to wait for when the block ends or it is shut down; nor has one handed to an object whose work
    the coroutine awaits (`async with Worker(executor=p):`, or `worker.executors["io"] = p`
    followed by an `await` other than `asyncio.sleep` in the same block).

    ## Why is this bad?
    The event loop runs on one thread. While it is blocked on a worker's task, no other coroutine
    runs: timeouts fire late, connections stall, and if the task itself needs the loop, the program
    deadlocks.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor()

    async def handler(request):
        return pool.submit(render, request).result()
    ```

    ## Use instead
    ```python
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor()

    async def handler(request):
        return await asyncio.wrap_future(pool.submit(render, request))
    ```

    ## References
    - [`asyncio.wrap_future`](https://docs.python.org/3/library/asyncio-future.html#asyncio.wrap_future)
    - [`loop.run_in_executor`](https://docs.python.org/3/library/asyncio-eventloop.html#asyncio.loop.run_in_executor)
    """

    code = "FUT308"
    name = "blocking-call-in-async-function"
    message = "Blocking on a `concurrent.futures` task inside `async def` blocks the event loop"
    template = "{what} blocks the event loop inside `async def`; await `asyncio.wrap_future()` or `loop.run_in_executor()` instead"
    valid = (
        "import asyncio\nfrom concurrent.futures import ThreadPoolExecutor\n"
        "pool = ThreadPoolExecutor()\n"
        "async def handler(request):\n"
        "    return await asyncio.wrap_future(pool.submit(render, request))\n",
        "import asyncio\nfrom concurrent.futures import ThreadPoolExecutor\n"
        "pool = ThreadPoolExecutor()\n"
        "async def handler(request):\n"
        "    fut = pool.submit(render, request)\n"
        "    await asyncio.wrap_future(fut)\n"
        "    return fut.result()\n",
        "import asyncio\n"
        "async def handler(task: asyncio.Future):\n"
        "    return task.result()\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "pool = ThreadPoolExecutor()\n"
        "async def handler(request):\n"
        "    return pool.submit(render, request).result()\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "async def main(urls):\n"
        "    with ThreadPoolExecutor() as pool:\n"
        "        results = list(pool.map(fetch, urls))\n",
    )

    def check(self, model: Model):
        for call in model.calls:
            if self._in_async(model, call):
                what = self._blocking(model, call)
                if what:
                    yield Report(call, message=self.describe(what=what))
        for with_node in model.nodes(cst.With):
            if with_node.asynchronous is None and self._in_async(model, with_node):
                for item in with_node.items:
                    if model.is_executor(item.item) and not self._only_awaited_work(model, with_node, item):
                        yield Report(item, message=self.describe(what="Leaving `with <executor>` (it waits for every task)"))

    @staticmethod
    def _in_async(model: Model, node: cst.CSTNode) -> bool:
        function = model.enclosing_function(node)
        return model.is_async_function(function)

    @staticmethod
    def _awaited_pool(model: Model, receiver: cst.BaseExpression) -> bool:
        if not isinstance(receiver, cst.Name):
            return False
        bindings = model.resolve(receiver) or []
        return len(bindings) == 1 and _pool_only_awaited(model, bindings[0])

    def _blocking(self, model: Model, call: cst.Call) -> Optional[str]:
        receiver = model.future_method_receiver(call, "result", "exception")
        if receiver is not None:
            if _zero_timeout(call, 0) or model.future_known_done(receiver, call):
                return None
            return f"`{method_name(call)}()`"
        if model.is_cf_call(call, "wait"):
            return None if _zero_timeout(call, 1) else "`wait()`"
        if model.is_cf_call(call, "as_completed"):
            return "Iterating `as_completed()`"
        if model.executor_method_receiver(call, "map") is not None and consumed(model, call):
            return "Iterating `map()`"
        receiver = model.executor_method_receiver(call, "shutdown")
        if receiver is not None and not _no_wait(call) and not self._awaited_pool(model, receiver):
            return "`shutdown()`"
        return None

    @staticmethod
    def _only_awaited_work(model: Model, with_node: cst.With, item: cst.WithItem) -> bool:
        if item.asname is None or not isinstance(item.asname.name, cst.Name):
            return False
        return _pool_only_awaited(model, model.binding_of(item.asname.name))


def _pool_only_awaited(model: Model, binding) -> bool:
    """`with Pool() as p: await loop.run_in_executor(p, ...)` or `await asyncio.wrap_future(p.submit(...))`
    (and `p.shutdown()` after it): every task was awaited, so leaving the block or shutting down
    does not wait for work."""
    uses = model.uses_of(binding) if binding is not None else []
    function = model.scope_of(binding.node).node if binding is not None else None
    executor_calls = 0
    for use in uses:
        parent = model.parent(use)
        call = model.parent(parent)
        if isinstance(parent, cst.Arg) and isinstance(call, cst.Call) and _awaited_executor_call(model, call):
            executor_calls += 1
        elif isinstance(call, cst.Call) and method_name(call) == "submit" and _future_awaited(model, call):
            executor_calls += 1
        elif _stored_on_another_object(model, use) or _waited_on_the_spot(model, call):
            executor_calls += 1
        elif not (isinstance(parent, (cst.Attribute, cst.ComparisonTarget)) and _neutral(model, parent)):
            return False
    return executor_calls > 0 and bool(model.nodes_in(cst.Await, function))


def _awaited_executor_call(model: Model, call: cst.Call) -> bool:
    """`loop.run_in_executor(p, ...)`, any awaited call the pool is handed to
    (`await run_in_executor_with_context(p, fn)`), or the call that makes an `async with` item
    (`async with Worker(executor=p):`, awaited on leaving): the work it runs there is awaited."""
    if method_name(call) == "run_in_executor" or isinstance(model.parent(call), cst.Await):
        return True
    item = model.parent(call)
    statement = model.parent(item) if isinstance(item, cst.WithItem) else None
    return isinstance(statement, cst.With) and statement.asynchronous is not None


def _neutral(model: Model, parent: cst.CSTNode) -> bool:
    """`p.shutdown(...)` (judged on its own), `w.executor is p`, `assert p._threads`: no work for
    the pool."""
    if isinstance(parent, cst.ComparisonTarget) or parent.attr.value == "shutdown":
        return True
    called = isinstance(model.parent(parent), cst.Call) and model.parent(parent).func is parent
    return not called and parent.attr.value not in ("submit", "map")


def _waited_on_the_spot(model: Model, call: cst.CSTNode) -> bool:
    """`p.submit(warm_up).result()`: finished before the block ends (the `result()` is FUT308's own
    finding)."""
    attribute = model.parent(call) if isinstance(call, cst.Call) and method_name(call) == "submit" else None
    return isinstance(attribute, cst.Attribute) and attribute.attr.value == "result" and isinstance(model.parent(attribute), cst.Call)


def _stored_on_another_object(model: Model, use: cst.Name) -> bool:
    """`worker.executors["processes"] = p`, `service.pool = p`, then an `await` of work in the same
    block (not `asyncio.sleep`): the pool is handed to an object whose work the coroutine awaits."""
    assign = model.parent(use)
    if not (
        isinstance(assign, cst.Assign)
        and assign.value is use
        and all(isinstance(target.target, (cst.Attribute, cst.Subscript)) for target in assign.targets)
    ):
        return False
    return any(
        not (isinstance(awaited.expression, cst.Call) and model.qualname(awaited.expression.func) == "asyncio.sleep")
        for statement in following_statements(model, model.parent(assign))
        for awaited in model.nodes_in(cst.Await, statement)
    )


def _future_awaited(model: Model, submit: cst.Call) -> bool:
    """`await asyncio.wrap_future(pool.submit(...))`, or the future bound to a name that is."""
    parent = model.parent(submit)
    if isinstance(parent, cst.Arg):
        return model.qualname(model.parent(parent).func) == "asyncio.wrap_future"
    if isinstance(parent, cst.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0].target, cst.Name):
        binding = model.binding_of(parent.targets[0].target)
        for use in model.uses_of(binding) if binding is not None else ():
            arg = model.parent(use)
            if isinstance(arg, cst.Arg) and model.qualname(model.parent(arg).func) == "asyncio.wrap_future":
                return True
    return False


def _no_wait(call: cst.Call) -> bool:
    arg = call_argument(call, "wait", 0)
    return arg is not None and isinstance(arg.value, cst.Name) and arg.value.value == "False"
