"""Rules of the topic "Python ThreadPoolExecutor - The .submit() Method" about what the submitted
task is and does: a callable a process pool cannot pickle, a task that waits on its own executor."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from futurelint.rules.base import Report, Rule
from futurelint.semantic import Model, first_positional, method_name, own_nodes, owning_scope, pickles_tasks, same_object


class ProcessPoolUnpicklableCallable(Rule):
    """
    ## What it does
    Flags a lambda, or a function defined inside another function, passed to the `submit` or `map`
    of a `ProcessPoolExecutor`.

    ## Why is this bad?
    A process pool sends the callable to the worker process by pickling it, and pickle stores
    functions by their importable name. Lambdas and nested functions have none: the task fails with
    a `PicklingError` (stored in the Future, or raised while iterating `map`).

    ## Example
    ```python
    from concurrent.futures import ProcessPoolExecutor

    def main(items):
        with ProcessPoolExecutor() as ex:
            return list(ex.map(lambda x: x * x, items))
    ```

    ## Use instead
    ```python
    from concurrent.futures import ProcessPoolExecutor

    def square(x):
        return x * x

    def main(items):
        with ProcessPoolExecutor() as ex:
            return list(ex.map(square, items))
    ```

    ## References
    - [What can be pickled](https://docs.python.org/3/library/pickle.html#what-can-be-pickled-and-unpickled)
    """

    code = "FUT204"
    name = "process-pool-unpicklable-callable"
    message = "The callable cannot be pickled for a `ProcessPoolExecutor` worker; use a module-level function"
    template = "{what} cannot be pickled for a `ProcessPoolExecutor` worker; use a module-level function"
    valid = (
        "from concurrent.futures import ProcessPoolExecutor\n"
        "def square(x):\n    return x * x\n"
        "def main(items):\n"
        "    with ProcessPoolExecutor() as ex:\n"
        "        return list(ex.map(square, items))\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def main(items):\n"
        "    with ThreadPoolExecutor() as ex:\n"
        "        return list(ex.map(lambda x: x * x, items))\n",
        "import multiprocessing\n"
        "def main(items):\n"
        "    with multiprocessing.Pool() as pool:\n"
        "        return pool.map(lambda x: x, items)\n",
    )
    invalid = (
        "from concurrent.futures import ProcessPoolExecutor\n"
        "def main(items):\n"
        "    with ProcessPoolExecutor() as ex:\n"
        "        return list(ex.map(lambda x: x * x, items))\n",
        "from concurrent.futures import ProcessPoolExecutor\n"
        "def main(items):\n"
        "    def square(x):\n        return x * x\n"
        "    with ProcessPoolExecutor() as ex:\n"
        "        return ex.submit(square, 3).result()\n",
    )

    def check(self, model: Model):
        for call in model.calls:
            receiver = model.executor_method_receiver(call, "submit", "map")
            if receiver is None or not pickles_tasks(model, receiver):
                continue
            first = first_positional(call)
            what = self._unpicklable(model, first.value) if first else None
            if what:
                yield Report(call, message=self.describe(what=what))

    def _unpicklable(self, model: Model, value: cst.BaseExpression) -> Optional[str]:
        if isinstance(value, cst.Lambda):
            return "A lambda"
        if isinstance(value, cst.Call) and model.qualname(value.func) == "functools.partial" and value.args:
            return self._unpicklable(model, value.args[0].value)
        if isinstance(value, cst.Name):
            function = model.function_def(value)
            if function is not None and isinstance(owning_scope(model, function), (cst.FunctionDef, cst.Lambda)):
                return f"Nested function `{value.value}`"
        return None


class TaskWaitsOnSameExecutor(Rule):
    """
    ## What it does
    Flags a function submitted to an executor that itself submits to the same executor and then
    blocks on those futures (`.result()`, `.exception()`, `wait()`, `as_completed()`).

    ## Why is this bad?
    The outer task occupies a worker while it waits for inner tasks that need a worker too. Once
    every worker runs an outer task, no inner task can start and the pool deadlocks; with a small
    `max_workers` this happens under ordinary load.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=4)

    def crawl(url):
        pages = [pool.submit(fetch, link) for link in links(url)]
        return [p.result() for p in pages]

    futures = [pool.submit(crawl, url) for url in seeds]
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=4)
    fetch_pool = ThreadPoolExecutor(max_workers=16)

    def crawl(url):
        pages = [fetch_pool.submit(fetch, link) for link in links(url)]
        return [p.result() for p in pages]

    futures = [pool.submit(crawl, url) for url in seeds]
    ```

    ## References
    - [ThreadPoolExecutor deadlock example](https://docs.python.org/3/library/concurrent.futures.html#threadpoolexecutor)
    """

    code = "FUT205"
    name = "task-waits-on-same-executor"
    message = "A task waits on futures of the executor it runs on; when every worker waits, the pool deadlocks"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "outer = ThreadPoolExecutor(4)\ninner = ThreadPoolExecutor(16)\n"
        "def crawl(url):\n"
        "    return inner.submit(fetch, url).result()\n"
        "f = outer.submit(crawl, 'x')\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "pool = ThreadPoolExecutor(4)\n"
        "def crawl(url):\n"
        "    return pool.submit(fetch, url)\n"
        "f = pool.submit(crawl, 'x')\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "pool = ThreadPoolExecutor(4)\n"
        "def crawl(url):\n"
        "    return pool.submit(fetch, url).result()\n"
        "f = pool.submit(crawl, 'x')\n",
    )

    def check(self, model: Model):
        reported: set[int] = set()
        for call in model.calls:
            executor = model.submit_receiver(call)
            first = first_positional(call) if executor is not None else None
            if first is None or pickles_tasks(model, executor):
                continue
            function = model.function_def(first.value)
            if function is None:
                continue
            for blocking in self._waits_on_same(model, function, executor):
                if id(blocking) not in reported:
                    reported.add(id(blocking))
                    yield Report(blocking)

    def _waits_on_same(self, model: Model, function: cst.FunctionDef, executor: cst.BaseExpression):
        inner_submits = [
            c for c in own_nodes(model, function, cst.Call)
            if model.is_submit(c) and same_object(model, executor, model.submit_receiver(c))
        ]
        if not inner_submits:
            return
        for call in own_nodes(model, function, cst.Call):
            receiver = model.future_method_receiver(call, "result", "exception")
            if receiver is None and model.is_cf_call(call, "wait", "as_completed") and call.args:
                receiver = call.args[0].value
            elif receiver is None:
                continue
            if _derives_from(model, receiver, inner_submits, 0):
                yield call


def _derives_from(model: Model, expr: cst.BaseExpression, submits: list, depth: int) -> bool:
    """Whether the future (or container of futures) `expr` holds comes from one of `submits`:
    the submit itself, an expression containing it, or a name bound or filled from one."""
    if depth > 4:
        return False
    if any(model.contains(expr, s) for s in submits):
        return True
    if not isinstance(expr, cst.Name):
        if isinstance(expr, cst.Subscript):
            return _derives_from(model, expr.value, submits, depth + 1)
        return False
    for binding in model.resolve(expr) or ():
        source = binding.iterable if binding.kind in ("for", "comprehension") else binding.value
        if source is not None and _derives_from(model, source, submits, depth + 1):
            return True
        for load in model.loads_of(binding):
            call = model.parent(model.parent(load))
            if (
                method_name(call) in ("append", "add", "extend")
                and call.func.value is load
                and any(_derives_from(model, a.value, submits, depth + 1) for a in call.args)
            ):
                return True
    return False
