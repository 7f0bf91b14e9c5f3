"""Rules of the topic "Python ThreadPoolExecutor - Swallowed Exceptions"."""

from __future__ import annotations

import libcst as cst

from futurelint.rules.base import Report, Rule
from futurelint.semantic import (
    HARMLESS_BUILTINS, NEUTRAL, Binding, Model, Observation, catches_task_errors, is_empty_container,
    nodes_of_same_scope, result_discarded, task_reports_errors,
)


class FutureDiscarded(Rule):
    """
    ## What it does
    Flags `executor.submit(...)` whose Future is thrown away: the call is a bare statement, its
    result is bound to `_`, or it is created inline inside a call that only waits on it
    (`wait([ex.submit(f)])`). A task of the project that reports its own errors is not flagged
    (defined in the file, or a function imported from another of its modules, whose module is then
    read): its whole body is guarded by `except Exception` (or `BaseException`) that logs, stores
    or re-reports the error, or its `finally` forwards `sys.exc_info()`. Nor is a `submit()` inside
    `with pytest.raises(...)` or `self.assertRaises(...)`: the test expects it to fail, so no future
    is ever returned.

    ## Why is this bad?
    An exception raised by the task is stored in its Future and re-raised only by `result()` (or
    returned by `exception()`). With the Future gone, nobody can ever ask: the error vanishes without a
    trace. If the task really is fire-and-forget, attach a callback that logs failures, or say so with
    `# noqa: FUT902`.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        ex.submit(send_report, user)
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        future = ex.submit(send_report, user)
    future.result()  # re-raises the task's exception
    ```

    ## References
    - [`Executor.submit`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Executor.submit)
    - [`Future.result`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Future.result)
    """

    code = "FUT902"
    name = "future-discarded"
    message = "Future returned by `submit()` is discarded; exceptions raised by the task are lost"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fut = ex.submit(work)\n"
        "print(fut.result())\n",
        # a look-alike: not a concurrent.futures executor
        "def run(client):\n    client.submit(job)\n",
        "import asyncio\nasync def main(loop):\n    asyncio.ensure_future(job())\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    ex.submit(work)\n",
        "import concurrent.futures as cf\n"
        "with cf.ThreadPoolExecutor() as ex:\n"
        "    _ = ex.submit(work)\n",
        "from concurrent.futures import ThreadPoolExecutor, wait\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    wait([ex.submit(work)])\n",
    )

    def check(self, model: Model):
        for call in model.calls:
            if not model.is_submit(call) or model.expects_error(call):  # `with pytest.raises(...)`: submit must fail
                continue
            if self._discarded(model, call) and not task_reports_errors(model, call):
                yield Report(call)

    def _discarded(self, model: Model, call: cst.Call) -> bool:
        return result_discarded(model, call) or self._only_waited_on(model, call)

    @staticmethod
    def _only_waited_on(model: Model, call: cst.Call) -> bool:
        # `wait([ex.submit(f)])` or `wait({ex.submit(f) for ...})`: the futures exist only inside wait.
        node = model.parent(call)
        if isinstance(node, cst.Element):
            node = model.parent(node)
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            node = model.parent(node)
        elif isinstance(node, (cst.ListComp, cst.SetComp, cst.GeneratorExp)) and node.elt is call:
            node = model.parent(node)
        else:
            return False
        if not isinstance(node, cst.Arg):
            return False
        wait_call = model.parent(node)
        if not model.is_cf_call(wait_call, "wait"):
            return False
        return result_discarded(model, wait_call)


_BOOKKEEPING_METHODS = {"append", "appendleft", "add", "extend", "insert", "update", "setdefault", "items", "keys", "values"}
_BOOKKEEPING_STATEMENTS = (
    cst.SimpleStatementLine, cst.Expr, cst.Assign, cst.AnnAssign, cst.AugAssign, cst.Pass, cst.Continue,
    cst.Break, cst.If, cst.Else, cst.For, cst.While, cst.With, cst.IndentedBlock, cst.SimpleStatementSuite,
)


class TryAroundSubmit(Rule):
    """
    ## What it does
    Flags a `try` whose body only submits work to an executor (the `submit` calls and the bookkeeping
    of their futures) while its handlers are written for errors of the task, and nothing in the body
    retrieves a result. A future the `try`'s `else:` clause hands on (returns, stores) is not lost:
    the handler is then for submission errors.

    ## Why is this bad?
    `submit` only schedules the call. An exception raised inside the task never propagates to the
    submitting code: it is stored in the Future and re-raised only by `result()`. The handler can only
    ever see submission errors (`RuntimeError` after shutdown, `BrokenExecutor`), so the error handling
    the code seems to have does not exist, and failures of the task go unnoticed.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        try:
            future = ex.submit(download, url)
        except Exception:
            log.exception("download failed")
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        future = ex.submit(download, url)
        try:
            future.result()
        except Exception:
            log.exception("download failed")
    ```

    ## References
    - [`Executor.submit`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Executor.submit)
    - [`Future.result`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Future.result)
    """

    code = "FUT901"
    name = "try-around-submit"
    message = "`try` around `submit()` cannot catch exceptions raised by the task; they are stored in the Future"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    try:\n"
        "        fut = ex.submit(work)\n"
        "        fut.result()\n"
        "    except Exception:\n"
        "        pass\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def f(ex: ThreadPoolExecutor):\n"
        "    try:\n"
        "        return ex.submit(work)\n"
        "    except RuntimeError:\n"
        "        return None\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    try:\n"
        "        fut = ex.submit(work)\n"
        "    except Exception:\n"
        "        print('failed')\n"
        "fut.result()\n",
    )

    def check(self, model: Model):
        for node in model.nodes(cst.Try):
            submit = self._first_submit(model, node)
            if (
                submit is not None
                and catches_task_errors(model, node)
                and self._only_submits(model, node)
                and not self._future_used_in_else(model, node)
            ):
                yield Report(submit)

    @staticmethod
    def _first_submit(model: Model, node: cst.Try):
        for call in model.nodes_in(cst.Call, node.body):
            if model.is_submit(call) and model.enclosing_try(call) is node:
                return call
        return None

    @staticmethod
    def _future_used_in_else(model: Model, node: cst.Try) -> bool:
        """The `else:` clause (which runs only when submitting succeeded) uses a future bound in
        the body: it is handed on there, and the handler is for submission errors."""
        if node.orelse is None:
            return False
        for binding in model.bindings_in(node.body):
            if model.is_submit(binding.value) and any(model.contains(node.orelse, load) for load in model.uses_of(binding)):
                return True
        return False

    def _only_submits(self, model: Model, node: cst.Try) -> bool:
        """Every statement is submission bookkeeping and every call a submit, a container update,
        a pool constructor or a harmless builtin; no `return`/`yield` hands futures on."""
        for child in nodes_of_same_scope(node.body):
            if isinstance(child, cst.BaseStatement) or isinstance(child, cst.BaseSmallStatement):
                if not isinstance(child, _BOOKKEEPING_STATEMENTS):
                    return False
            if isinstance(child, cst.With) and not all(model.executor_constructor_kind(i.item) for i in child.items):
                return False
            if isinstance(child, (cst.Yield, cst.Await)):
                return False
            if isinstance(child, cst.Call) and not self._bookkeeping_call(model, child):
                return False
        return True

    @staticmethod
    def _bookkeeping_call(model: Model, call: cst.Call) -> bool:
        if model.is_submit(call) or model.executor_constructor_kind(call):
            return True
        if model.is_builtin(call.func, *HARMLESS_BUILTINS) or model.qualname(call.func) == "functools.partial":
            return True
        func = call.func
        return isinstance(func, cst.Attribute) and func.attr.value in _BOOKKEEPING_METHODS and isinstance(func.value, (cst.Name, cst.Attribute))


class FuturesNeverObserved(Rule):
    """
    ## What it does
    Flags futures kept in a variable or a container (`f = ex.submit(...)`,
    `fs = [ex.submit(...) for ...]`, `fs.append(ex.submit(...))`) whose result or exception is never
    retrieved in the scope: no `.result()`/`.exception()` on them (directly, through `as_completed`, or
    through the `done` set of `wait`), no done-callback, and they are not returned, yielded, stored on an
    attribute or passed to another function. Each binding of a name is judged on its own. Futures of
    tasks that report their own errors (see FUT902) need no observer.

    ## Why is this bad?
    A task's exception is stored in its Future and raised only when someone asks for the result. Keeping
    the futures and then only waiting on them (`wait(fs)`, leaving the `with` block) or polling `done()`
    makes the code look careful while every failure vanishes silently.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor, wait

    with ThreadPoolExecutor() as ex:
        futures = [ex.submit(resize, image) for image in images]
        wait(futures)
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        futures = [ex.submit(resize, image) for image in images]
    for future in futures:
        future.result()  # re-raises the task's exception
    ```

    ## References
    - [`Future.result`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Future.result)
    - [`concurrent.futures.wait`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.wait)
    """

    code = "FUT903"
    name = "futures-never-observed"
    message = "Futures are never asked for their result or exception; exceptions raised by the tasks are lost"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor, wait\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fs = [ex.submit(work, x) for x in range(3)]\n"
        "    done, _ = wait(fs)\n"
        "    for f in done:\n"
        "        f.result()\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def start(ex: ThreadPoolExecutor):\n"
        "    fut = ex.submit(work)\n"
        "    return fut\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor, wait\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fs = [ex.submit(work, x) for x in range(3)]\n"
        "    wait(fs)\n",
        "import concurrent.futures as cf\n"
        "def run(items):\n"
        "    with cf.ThreadPoolExecutor() as ex:\n"
        "        fs = []\n"
        "        for item in items:\n"
        "            fs.append(ex.submit(work, item))\n",
    )

    def check(self, model: Model):
        for binding in list(model.bindings_by_node.values()):
            if self._keeps_submitted_futures(model, binding) and not self._escapes_scope(binding):
                if Observation(model).of_binding(binding) == NEUTRAL:
                    yield Report(binding.node)

    @staticmethod
    def _escapes_scope(binding: Binding) -> bool:
        scope = binding.scope
        return scope.kind == "class" or binding.name in scope.global_names or binding.name in scope.nonlocal_names

    def _keeps_submitted_futures(self, model: Model, binding: Binding) -> bool:
        if binding.kind not in ("assign", "annassign", "walrus") or binding.path or binding.name == "_":
            return False
        value = binding.value
        if value is None:
            return False
        if self._submitted(model, value) or self._submitted_collection(model, value):
            return True
        return is_empty_container(value, model) and self._filled_with_submits(model, binding)

    @staticmethod
    def _submitted(model: Model, expr: cst.BaseExpression) -> bool:
        """A `submit` call of a task that may raise, or a name every binding of which is one."""
        if model.is_submit(expr):
            return not task_reports_errors(model, expr)
        if isinstance(expr, cst.Name):
            bindings = model.resolve(expr)
            return bool(bindings) and all(
                b.kind in ("assign", "annassign", "walrus") and not b.path and b.value is not None
                and model.is_submit(b.value) and not task_reports_errors(model, b.value)
                for b in bindings
            )
        return False

    def _submitted_collection(self, model: Model, expr: cst.BaseExpression) -> bool:
        if isinstance(expr, (cst.ListComp, cst.SetComp, cst.GeneratorExp)):
            return self._submitted(model, expr.elt)
        if isinstance(expr, cst.DictComp):
            return self._submitted(model, expr.key) or self._submitted(model, expr.value)
        if isinstance(expr, (cst.List, cst.Tuple, cst.Set)) and expr.elements:
            return all(isinstance(e, cst.Element) and self._submitted(model, e.value) for e in expr.elements)
        if isinstance(expr, cst.Dict) and expr.elements:
            pairs = [e for e in expr.elements if isinstance(e, cst.DictElement)]
            return len(pairs) == len(expr.elements) and (
                all(self._submitted(model, p.key) for p in pairs) or all(self._submitted(model, p.value) for p in pairs)
            )
        return False

    def _filled_with_submits(self, model: Model, binding: Binding) -> bool:
        for load in model.uses_of(binding):
            parent = model.parent(load)
            if isinstance(parent, cst.Attribute) and parent.value is load:
                call = model.parent(parent)
                if not (isinstance(call, cst.Call) and call.func is parent and call.args):
                    continue
                method = parent.attr.value
                arguments = [a.value for a in call.args]
                if method in ("append", "appendleft", "add") and self._submitted(model, arguments[0]):
                    return True
                if method == "setdefault" and len(arguments) == 2 and self._submitted(model, arguments[1]):
                    return True
                if method == "extend" and self._submitted_collection(model, arguments[0]):
                    return True
            elif isinstance(parent, cst.Subscript) and parent.value is load:
                statement = model.parent(model.parent(parent))
                if isinstance(statement, cst.Assign) and self._submitted(model, statement.value):
                    return True
        return False
