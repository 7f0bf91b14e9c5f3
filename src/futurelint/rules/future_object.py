"""Rules of the topic "Python ThreadPoolExecutor - The Future Object" about using a future:
its methods (FUT302), its truth (FUT304), results in a loop (FUT301), busy waiting (FUT303).
The rules about waiting on futures are in `future_waiting.py`."""

from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from futurelint.rules.base import Replace, Report, Rule, TreeFix
from futurelint.semantic import (
    LOGGING_METHODS, Model, call_argument, method_name, truth_tested, uncalled_future_methods,
)

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

    ## Fix safety
    The fix adds the `()`. It is safe for `done`, `running` and `cancelled`, which answer at once.
    It is unsafe for `result` and `exception` in an f-string, a `print` or a comparison: the call
    waits for the task, and `result()` raises its exception. There is no fix for `if fut.result:`
    (`done()` was probably meant), nor for an assignment or a `return`, where the method itself may
    be the value meant (a getter called later).

    ## References
    - [`Future.done`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Future.done)
    """

    code = "FUT302"
    name = "future-method-not-called"
    message = "A `Future` method is used without being called; add `()`"
    template = "`Future.{method}` is a method and is not called here; add `()`"
    fix_availability = "sometimes"
    fix_applicability = "safe or unsafe"
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
            yield Report(attribute, message=self.describe(method=method), fix=self._fix(model, attribute))

    @staticmethod
    def _fix(model: Model, attribute: cst.Attribute) -> Optional[TreeFix]:
        method = attribute.attr.value
        if isinstance(model.parent(attribute), (cst.Assign, cst.AnnAssign, cst.Return)):
            return None  # `getter = fut.result`: the bound method may be the value meant
        if method in ("result", "exception") and truth_tested(model, attribute):
            return None  # `if fut.result:` most likely meant `done()`
        safety = "unsafe" if method in ("result", "exception") else "safe"  # those wait, `result()` raises
        return TreeFix(safety, f"Call `{method}()`", (Replace(attribute, model.source_of(attribute) + "()"),))


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
    executor was created before the loop and the loop submits nothing else. In a `while` loop the
    item is a value the iteration itself binds (`job = queue.get()`). A task that uses no item of
    its iteration (a REPL running its prompt in a thread) is taken as sequential by design, and so is
    a pool of one worker.

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
        """The task works on the loop's item (`for u in urls: ex.submit(fetch, u)`, or in a `while`
        loop a value its body binds: `job = queue.get(); ex.submit(run, job)`): the items could run
        side by side. A task fed by nothing of its iteration (a REPL running its prompt in a
        thread) is sequential by nature."""
        items = model.bindings_in(loop.body) if isinstance(loop, cst.While) else model.loop_target_bindings(loop)
        return any(model.contains(submit, load) for binding in items for load in model.loads_of(binding))

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
            if isinstance(leaf, (cst.Integer, cst.Name)) and model.source_of(leaf) in ("True", "1"):
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


def _is_idle_expression(model: Model, expr: cst.BaseExpression) -> bool:
    if isinstance(expr, (cst.SimpleString, cst.Ellipsis)):
        return True
    if not isinstance(expr, cst.Call):
        return False
    if model.qualname(expr.func) == "time.sleep" or model.is_builtin(expr.func, "print"):
        return True
    return method_name(expr) in LOGGING_METHODS and isinstance(expr.func.value, (cst.Name, cst.Attribute))
