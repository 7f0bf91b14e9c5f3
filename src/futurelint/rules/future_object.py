"""Rules of the topic "Python ThreadPoolExecutor - The Future Object"."""

from __future__ import annotations

import re
from typing import Iterator, Optional

import libcst as cst

from futurelint.rules.base import InsertBefore, Replace, Report, Rule, TreeFix
from futurelint.settings import Settings
from futurelint.semantic import (
    CF, Model, call_argument, consumed, method_name, truth_tested, uncalled_future_methods,
)

# A test module: named like one, in a `test_*` package, or directly inside a test directory.
_TEST_PATH = re.compile(r"(^|[\\/])(test_[^\\/]*|(tests?|testing)[\\/][^\\/]+$|[^\\/]*_tests?\.py$|conftest\.py$)")


def _has_timeout(call: cst.Call, position: int) -> bool:
    arg = call_argument(call, "timeout", position)
    return arg is not None and not (isinstance(arg.value, cst.Name) and arg.value.value == "None")


def _zero_timeout(call: cst.Call, position: int) -> bool:
    arg = call_argument(call, "timeout", position)
    return arg is not None and isinstance(arg.value, (cst.Integer, cst.Float)) and float(arg.value.value) == 0


class FutureMethodNotCalled(Rule):
    """
    ## What it does
    Flags `fut.done`, `fut.running`, `fut.cancelled`, `fut.result` or `fut.exception` on a
    `concurrent.futures.Future` used without being called: as a condition, in a comparison, an
    f-string, a `print`, an assignment or a `return`.

    ## Why is this bad?
    Without the parentheses the expression is the bound method itself. A bound method is always
    truthy and never equal to a result, so `if fut.done:` is always taken, `fut.result == 3` is
    always false, and `value = fut.result` stores a method instead of the task's value.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        fut = ex.submit(work)
        if fut.done:
            print(fut.result)
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        fut = ex.submit(work)
        if fut.done():
            print(fut.result())
    ```

    ## References
    - [`Future.done`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Future.done)
    """

    code = "FUT302"
    name = "future-method-not-called"
    message = "A `Future` method is used without being called; add `()`"
    template = "`Future.{method}` is a method and is not called here; add `()`"
    fix_availability = "always"
    fix_applicability = "safe"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fut = ex.submit(work)\n"
        "    if fut.done():\n"
        "        print(fut.result())\n",
        # passing the bound method on is fine
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fut = ex.submit(work)\n"
        "    wait_for(fut.result)\n",
        "import asyncio\nasync def main(task: asyncio.Future):\n    if task.done:\n        pass\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fut = ex.submit(work)\n"
        "    while not fut.done:\n"
        "        pass\n",
        "from concurrent.futures import Future\n"
        "def value(fut: Future):\n"
        "    return fut.result\n",
        "import concurrent.futures as cf\n"
        "def show(fs):\n"
        "    for f in cf.as_completed(fs):\n"
        "        print(f'{f.result}')\n",
    )

    def check(self, model: Model):
        for attribute in uncalled_future_methods(model):
            method = attribute.attr.value
            fix = TreeFix("safe", f"Call `{method}()`", (Replace(attribute, model.code(attribute) + "()"),))
            yield Report(attribute, message=self.describe(method=method), fix=fix)


class FutureTruthValue(Rule):
    """
    ## What it does
    Flags a `concurrent.futures.Future` used as a condition: `if fut:`, `while fut:`,
    `if not ex.submit(...)`, `assert fut`.

    ## Why is this bad?
    A Future has no `__bool__`: it is always truthy, whether the task is pending, failed or was
    cancelled. The test says nothing about the task. (When the name may also hold `None`, the test is
    a None check and is not flagged.)

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        fut = ex.submit(work)
        if fut:
            handle(fut.result())
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        fut = ex.submit(work)
        if fut.done() and fut.exception() is None:
            handle(fut.result())
    ```

    ## References
    - [`Future`](https://docs.python.org/3/library/concurrent.futures.html#future-objects)
    """

    code = "FUT304"
    name = "future-truth-value"
    message = "A Future is always truthy; this condition does not test the task"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "class Job:\n"
        "    def __init__(self):\n"
        "        self._fut = None\n"
        "        self._pool = ThreadPoolExecutor()\n"
        "    def start(self):\n"
        "        if not self._fut:\n"
        "            self._fut = self._pool.submit(work)\n",
        "from typing import Optional\nfrom concurrent.futures import Future\n"
        "def check(fut: Optional[Future]):\n"
        "    if fut:\n"
        "        fut.result()\n",
        "import asyncio\ndef check(fut: asyncio.Future):\n    if fut:\n        pass\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fut = ex.submit(work)\n"
        "    if fut:\n"
        "        print('done')\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    assert ex.submit(work)\n",
    )

    def check(self, model: Model):
        seen: set[int] = set()
        for expr in self._tested_expressions(model):
            if id(expr) not in seen and model.is_future(expr) and not model.can_be_none(expr):
                seen.add(id(expr))
                yield Report(expr)

    @staticmethod
    def _tested_expressions(model: Model) -> Iterator[cst.BaseExpression]:
        for node_type in (cst.If, cst.While, cst.Assert, cst.IfExp):
            for node in model.nodes(node_type):
                yield from _operands(node.test)
        for comp in model.nodes(cst.GeneratorExp) + model.nodes(cst.ListComp) + model.nodes(cst.SetComp):
            for_in = comp.for_in
            while for_in is not None:
                for comp_if in for_in.ifs:
                    yield from _operands(comp_if.test)
                for_in = for_in.inner_for_in
        for node in model.nodes(cst.BooleanOperation):
            if not truth_tested(model, node):
                yield from _operands(node.left)  # `fut or default` tests the left operand
        for node in model.nodes(cst.UnaryOperation):
            if isinstance(node.operator, cst.Not) and not truth_tested(model, node):
                yield from _operands(node.expression)  # `return not fut`


def _operands(test: cst.BaseExpression) -> Iterator[cst.BaseExpression]:
    """The expressions whose truth value a condition takes, through `not`, `and`, `or`."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        yield from _operands(test.expression)
    elif isinstance(test, cst.BooleanOperation):
        yield from _operands(test.left)
        yield from _operands(test.right)
    else:
        yield test


class ResultRightAfterSubmitInLoop(Rule):
    """
    ## What it does
    Flags `ex.submit(...).result()` inside a `for` loop or comprehension, and `f = ex.submit(...)`
    followed by `f.result()` in the same loop body, when the task works on the loop's item, the
    executor was created before the loop and the loop submits nothing else. (A `while` loop, or a
    task that does not use the loop's item, is taken as sequential by design.)

    ## Why is this bad?
    Each iteration waits for its task before the next one is submitted, so the pool never runs more
    than one task at a time: the code is sequential, with the overhead of a thread pool on top.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        results = []
        for url in urls:
            results.append(ex.submit(fetch, url).result())
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        futures = [ex.submit(fetch, url) for url in urls]
        results = [f.result() for f in futures]
    ```

    ## References
    - [`Executor.map`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Executor.map)
    """

    code = "FUT301"
    name = "result-right-after-submit-in-loop"
    message = "Waiting for each task right after submitting it runs the loop one task at a time; submit all first, then collect"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fs = [ex.submit(fetch, u) for u in urls]\n"
        "    rs = [f.result() for f in fs]\n",
        # a pool per iteration: not this rule's business
        "from concurrent.futures import ThreadPoolExecutor\n"
        "for u in urls:\n"
        "    with ThreadPoolExecutor() as ex:\n"
        "        ex.submit(fetch, u).result()\n",
        "import multiprocessing\n"
        "def run(pool: multiprocessing.Pool):\n"
        "    for u in urls:\n"
        "        pool.apply_async(fetch, (u,)).get()\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    for u in urls:\n"
        "        print(ex.submit(fetch, u).result())\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    for u in urls:\n"
        "        f = ex.submit(fetch, u)\n"
        "        f.result()\n",
    )

    def check(self, model: Model):
        for call in model.calls:
            if method_name(call) != "result" or not model.is_submit(call.func.value):
                continue
            loop = model.repeating_loop(call)
            if loop is not None and self._only_task_of_iteration(model, call.func.value, loop):
                yield Report(call)
        for assign in model.nodes(cst.Assign):
            yield from self._assigned_then_waited(model, assign)

    def _assigned_then_waited(self, model: Model, assign: cst.Assign):
        if len(assign.targets) != 1 or not isinstance(assign.targets[0].target, cst.Name):
            return
        submit = assign.value
        if not model.is_submit(submit):
            return
        loop = model.repeating_loop(submit)
        if loop is None or not self._only_task_of_iteration(model, submit, loop):
            return
        binding = model.binding_of(assign.targets[0].target)
        for use in model.uses_of(binding):
            call = model.parent(model.parent(use))
            if (
                isinstance(call, cst.Call)
                and call.func is model.parent(use)
                and method_name(call) == "result"
                and model.order(use) > model.order(submit)
                and model.repeating_loop(call) is loop
            ):
                yield Report(call)
                return

    @staticmethod
    def _task_per_item(model: Model, submit: cst.Call, loop: cst.CSTNode) -> bool:
        """The task works on the loop's item (`for u in urls: ex.submit(fetch, u)`): the items could
        run side by side. A `while` loop, or a task not fed by the loop variable (a REPL running its
        prompt in a thread), is sequential by nature."""
        return any(
            model.contains(submit, load)
            for binding in model.loop_target_bindings(loop)
            for load in model.loads_of(binding)
        )

    @staticmethod
    def _pool_outlives(model: Model, submit: cst.Call, loop: cst.CSTNode) -> bool:
        executor = model.submit_receiver(submit)
        if isinstance(executor, cst.Call):
            return False
        if isinstance(executor, cst.Name):
            bindings = model.resolve(executor) or []
            return not any(model.contains(loop, b.node) for b in bindings)
        return True

    def _only_task_of_iteration(self, model: Model, submit: cst.Call, loop: cst.CSTNode) -> bool:
        """The pool outlives the loop and this is the loop's only submit (with several, each
        iteration still runs tasks side by side)."""
        if not self._pool_outlives(model, submit, loop) or not self._task_per_item(model, submit, loop):
            return False
        if _single_worker(model, model.submit_receiver(submit)):
            return False  # a one-thread pool serialises on purpose (thread affinity)
        return not any(other is not submit and model.is_submit(other) for other in model.nodes_in(cst.Call, loop))


def _single_worker(model: Model, executor: cst.BaseExpression) -> bool:
    """An executor built as `ThreadPoolExecutor(1)` / `(max_workers=1)` (through its name or
    `self.<attr>`)."""
    values: list = []
    if isinstance(executor, cst.Name):
        values = [b.value for b in model.resolve(executor) or () if b.value is not None]
    elif isinstance(executor, cst.Attribute):
        info = model.self_class(executor)
        values = list(info.attr_values.get(executor.attr.value, ())) if info is not None else []
    for value in values:
        if isinstance(value, cst.Call) and model.executor_constructor_kind(value):
            arg = call_argument(value, "max_workers", 0)
            if arg is not None and isinstance(arg.value, cst.Integer) and arg.value.value == "1":
                return True
    return False


class BusyWaitOnFuture(Rule):
    """
    ## What it does
    Flags a `while` loop that waits for futures by polling `done()` or `running()` (in its
    condition, or in an `if` that breaks or returns) while its body does nothing but sleep, pass,
    continue, log or print. Conditions that also wait for something else (a flag, a counter) are
    not flagged; a deadline (`time.monotonic() < deadline`) is part of the polling.

    ## Why is this bad?
    Without a sleep the loop burns a whole core; with one, every wait overshoots by up to the sleep
    interval. The Future API blocks efficiently until the task is done.

    ## Example
    ```python
    import time
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        fut = ex.submit(work)
        while not fut.done():
            time.sleep(0.1)
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor, wait

    with ThreadPoolExecutor() as ex:
        fut = ex.submit(work)
        wait([fut])  # or fut.result(timeout), or as_completed()
    ```

    ## References
    - [`concurrent.futures.wait`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.wait)
    """

    code = "FUT303"
    name = "busy-wait-on-future"
    message = "Busy-waiting on `done()`/`running()`; block with `result(timeout)`, `wait()` or `as_completed()`"
    valid = (
        "import queue, time\nfrom concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fut = ex.submit(work)\n"
        "    while not fut.done():\n"
        "        handle(q.get(timeout=1))\n",
        "import asyncio, time\n"
        "def spin(task: asyncio.Future):\n"
        "    while not task.done():\n"
        "        time.sleep(0.1)\n",
    )
    invalid = (
        "import time\nfrom concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fut = ex.submit(work)\n"
        "    while not fut.done():\n"
        "        time.sleep(0.1)\n",
        "import time\nfrom concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fs = [ex.submit(work, i) for i in range(3)]\n"
        "    while True:\n"
        "        if all(f.done() for f in fs):\n"
        "            break\n"
        "        time.sleep(0.5)\n",
    )

    def check(self, model: Model):
        for loop in model.nodes(cst.While):
            if loop.orelse is not None:
                continue
            if not self._waits_only_on_futures(model, loop.test):
                continue  # also waits for a flag or another condition: not replaceable by wait()
            polls_in_test = self._polls(model, loop.test)
            statements = _body_statements(loop.body)
            exits = [s for s in statements if self._polling_exit(model, s)]
            if not (polls_in_test or exits):
                continue
            if all(s in exits or self._idle(model, s) for s in statements):
                yield Report(loop.test)

    @staticmethod
    def _polls(model: Model, expr: cst.BaseExpression) -> bool:
        return any(
            model.future_method_receiver(call, "done", "running") is not None for call in model.nodes_in(cst.Call, expr)
        )

    def _waits_only_on_futures(self, model: Model, test: cst.BaseExpression) -> bool:
        """Every part of the condition is a future poll, a constant, or a deadline check."""
        for leaf in _operands(test):
            if isinstance(leaf, (cst.Integer, cst.Name)) and model.code(leaf) in ("True", "1"):
                continue
            if self._polls(model, leaf):
                continue
            if isinstance(leaf, cst.Comparison) and any(
                (model.qualname(c.func) or "").startswith("time.") for c in model.nodes_in(cst.Call, leaf)
            ):
                continue
            return False
        return True

    def _polling_exit(self, model: Model, statement: cst.CSTNode) -> bool:
        if not isinstance(statement, cst.If) or statement.orelse is not None or not self._polls(model, statement.test):
            return False
        if not self._waits_only_on_futures(model, statement.test):
            return False
        inner = _body_statements(statement.body)
        return bool(inner) and all(
            self._idle(model, s) or _is_small(s, (cst.Break, cst.Return)) for s in inner
        ) and any(_is_small(s, (cst.Break, cst.Return)) for s in inner)

    @staticmethod
    def _idle(model: Model, statement: cst.CSTNode) -> bool:
        if not isinstance(statement, cst.SimpleStatementLine):
            return False
        for small in statement.body:
            if isinstance(small, (cst.Pass, cst.Continue)):
                continue
            if isinstance(small, cst.Expr) and _is_idle_expression(model, small.value):
                continue
            return False
        return True


def _body_statements(body: cst.BaseSuite) -> list:
    if isinstance(body, cst.SimpleStatementSuite):
        return [cst.SimpleStatementLine(body=body.body)]
    return list(body.body)


def _is_small(statement: cst.CSTNode, types: tuple) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(isinstance(s, types) for s in statement.body)


_LOG_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}


def _is_idle_expression(model: Model, expr: cst.BaseExpression) -> bool:
    if isinstance(expr, (cst.SimpleString, cst.Ellipsis)):
        return True
    if not isinstance(expr, cst.Call):
        return False
    if model.qualname(expr.func) == "time.sleep" or model.is_builtin(expr.func, "print"):
        return True
    return method_name(expr) in _LOG_METHODS and isinstance(expr.func.value, (cst.Name, cst.Attribute))


class ResultWithoutTimeout(Rule):
    """
    ## What it does
    Flags `.result()` and `.exception()` on a `concurrent.futures.Future` without a timeout, and
    `wait()` / `as_completed()` without a timeout. Futures already known to be finished (items of
    `as_completed`, of a `done` set, a done-callback's argument) are not flagged.

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
                caught = _caught(handler)
                if any(_catches_futures_timeout(model, e) for e in caught):
                    break  # this handler (and the ones after it) see the right exception
                wrong = [e for e in caught if model.is_builtin(e, "TimeoutError") or model.qualname(e) == "socket.timeout"]
                if wrong:
                    yield Report(wrong[0], message=self.describe(caught=model.code(wrong[0])),
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
        module_name, import_edit = _futures_module_reference(model)
        if module_name is None:
            return None
        text = f"{model.code(wrong)}, {module_name}.TimeoutError"
        if handler.type is wrong:
            text = f"({text})"
        edits = (Replace(wrong, text),) + ((import_edit,) if import_edit else ())
        return TreeFix("safe", f"Also catch `{module_name}.TimeoutError`", edits)


def _caught(handler: cst.ExceptHandler) -> list:
    if handler.type is None:
        return []
    if isinstance(handler.type, cst.Tuple):
        return [e.value for e in handler.type.elements]
    return [handler.type]


def _catches_futures_timeout(model: Model, expr: cst.BaseExpression) -> bool:
    return model.qualname(expr) in (f"{CF}.TimeoutError", f"{CF}.Error", "builtins.Exception", "builtins.BaseException")


def _futures_module_reference(model: Model):
    """How the file can spell `concurrent.futures` at module level, and the import to add if it can't."""
    first_from_import = None
    for statement in model.module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    if model.code(alias.name) == CF:
                        return (alias.asname.name.value if alias.asname else CF), None
            elif isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
                module = model.code(small.module)
                if module == "concurrent" and not isinstance(small.names, cst.ImportStar):
                    for alias in small.names:
                        if model.code(alias.name) == "futures":
                            return (alias.asname.name.value if alias.asname else "futures"), None
                if module == CF and first_from_import is None:
                    first_from_import = statement
    if first_from_import is None:
        return None, None
    return CF, InsertBefore(first_from_import, f"import {CF}\n")


class FutureCreatedDirectly(Rule):
    """
    ## What it does
    Flags `concurrent.futures.Future()` constructed by application code, outside test files and
    outside `Executor` implementations.

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
            if model.is_cf_call(call, "Future") and not self._in_executor_class(model, call):
                yield Report(call)

    @staticmethod
    def _in_executor_class(model: Model, call: cst.Call) -> bool:
        for ancestor in model.ancestors(call):
            if isinstance(ancestor, cst.ClassDef):
                info = model.class_info(ancestor)
                if info is not None and any(base.startswith(CF) for base in info.base_names):
                    return True
        return False


class BlockingCallInAsyncFunction(Rule):
    """
    ## What it does
    Flags, inside an `async def`, calls that block until a `concurrent.futures` task finishes:
    `.result()`/`.exception()` on a future that may still be pending, `concurrent.futures.wait()`,
    iterating `as_completed()` or an executor's `map()`, `ex.shutdown()` with waiting, and leaving a
    `with <executor>:` block.

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
        if isinstance(parent, cst.Arg) and isinstance(call, cst.Call) and method_name(call) == "run_in_executor":
            executor_calls += 1
        elif isinstance(call, cst.Call) and method_name(call) == "submit" and _future_awaited(model, call):
            executor_calls += 1
        elif not (isinstance(parent, cst.Attribute) and parent.attr.value == "shutdown"):
            return False
    return executor_calls > 0 and bool(model.nodes_in(cst.Await, function))


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
