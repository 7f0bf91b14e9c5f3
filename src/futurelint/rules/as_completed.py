"""Rules of the as_completed topic."""

from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from futurelint.rules.base import Report, Rule
from futurelint.semantic import (
    RAISES_METHODS, Model, call_argument, caught_types, is_none, later_reads, observes,
)

def as_completed_calls(model: Model) -> Iterator[cst.Call]:
    for call in model.calls:
        if model.is_cf_call(call, "as_completed"):
            yield call


def _enumerated(model: Model, call: cst.Call) -> Optional[cst.Call]:
    """`enumerate(<call>)` when the call is enumerate's first argument."""
    arg = model.parent(call)
    outer = model.parent(arg) if isinstance(arg, cst.Arg) else None
    if isinstance(outer, cst.Call) and model.is_builtin(outer.func, "enumerate") and outer.args[0] is arg:
        return outer
    return None


def loop_over(model: Model, call: cst.Call) -> Optional[tuple[cst.For, Optional[cst.Name], Optional[cst.Name]]]:
    """For `for f in as_completed(...)` / `for i, f in enumerate(as_completed(...))`: the loop, the
    future's target name and the index's target name (None where not a plain name)."""
    wrapper = _enumerated(model, call)
    iterable = wrapper or call
    loop = model.parent(iterable)
    if not (isinstance(loop, cst.For) and loop.iter is iterable):
        return None
    target = loop.target
    if wrapper is None:
        return loop, target if isinstance(target, cst.Name) else None, None
    if isinstance(target, (cst.Tuple, cst.List)) and len(target.elements) == 2:
        index, future = (e.value for e in target.elements)
        return loop, future if isinstance(future, cst.Name) else None, index if isinstance(index, cst.Name) else None
    return None


class AsCompletedResultNotRetrieved(Rule):
    """
    ## What it does
    Flags a loop over `as_completed(...)` whose body never calls `.result()` or `.exception()` on the
    future it gets, nor passes the future on, when the futures are not examined after the loop either.

    ## Why is this bad?
    `as_completed` yields futures as they finish, failed ones included: it never raises a task's
    exception itself. A loop that only counts, logs or looks up its inputs never sees that a task
    failed.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor, as_completed

    with ThreadPoolExecutor() as ex:
        futures = {ex.submit(fetch, url): url for url in urls}
        for future in as_completed(futures):
            print(futures[future], "done")
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor, as_completed

    with ThreadPoolExecutor() as ex:
        futures = {ex.submit(fetch, url): url for url in urls}
        for future in as_completed(futures):
            page = future.result()  # re-raises fetch's exception
            print(futures[future], "done", len(page))
    ```

    ## References
    - [`as_completed`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.as_completed)
    """

    code = "FUT501"
    name = "as-completed-result-not-retrieved"
    message = "Futures from `as_completed()` are never asked for `.result()` or `.exception()`; task errors go unseen"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor, as_completed\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fs = [ex.submit(work, x) for x in items]\n"
        "    for f in as_completed(fs):\n"
        "        print(f.result())\n",
        # a progress loop; the results are collected afterwards
        "from concurrent.futures import ThreadPoolExecutor, as_completed\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fs = [ex.submit(work, x) for x in items]\n"
        "    for _ in as_completed(fs):\n"
        "        bar.update()\n"
        "results = [f.result() for f in fs]\n",
        "import asyncio\nasync def main(aws):\n    for coro in asyncio.as_completed(aws):\n        print('one done')\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor, as_completed\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fs = {ex.submit(work, x): x for x in items}\n"
        "    for f in as_completed(fs):\n"
        "        print(fs[f], 'done')\n",
    )

    def check(self, model: Model):
        for call in as_completed_calls(model):
            found = loop_over(model, call)
            if found is None:
                continue
            loop, future, _ = found
            if future is not None and self._observed_in(model, loop, future):
                continue
            if _examined_elsewhere(model, call, loop):
                continue
            yield Report(call)

    @staticmethod
    def _observed_in(model: Model, loop: cst.For, future: cst.Name) -> bool:
        binding = model.binding_of(future)
        if binding is None:
            return True
        uses = [use for use in model.uses_of(binding) if model.contains(loop.body, use)]
        return any(observes(model, use) for use in uses)


def _examined_elsewhere(model: Model, call: cst.Call, loop: cst.CSTNode) -> bool:
    """Whether the futures given to as_completed may be examined outside this loop's variable: the
    container's name is read again after the loop (other than by `len()`), or a future listed by
    name in an inline container (`as_completed((a, b))`) is asked for its outcome."""
    found = later_reads(model, call)
    if found is None:
        return True
    roots, elements = found
    loop_end = model.end_order(loop)
    if any(model.order(load) > loop_end and not _only_counted(model, load) for load in roots):
        return True
    return any(observes(model, load) for load in elements)


def _only_counted(model: Model, load: cst.Name) -> bool:
    arg = model.parent(load)
    call = model.parent(arg) if isinstance(arg, cst.Arg) else None
    return isinstance(call, cst.Call) and model.is_builtin(call.func, "len")


class AsCompletedOrderAssumed(Rule):
    """
    ## What it does
    Flags code that pairs the futures of `as_completed(...)` with positions: `zip(inputs,
    as_completed(fs))`, `enumerate(as_completed(fs))` whose index looks up inputs or stores outputs, and
    `list(as_completed(fs))[i]`.

    ## Why is this bad?
    `as_completed` yields futures in the order they *finish*, not the order they were submitted. Pairing
    them with inputs by position attaches results to the wrong inputs, silently and only sometimes.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor, as_completed

    with ThreadPoolExecutor() as ex:
        futures = [ex.submit(fetch, url) for url in urls]
        for url, future in zip(urls, as_completed(futures)):
            save(url, future.result())
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor, as_completed

    with ThreadPoolExecutor() as ex:
        futures = {ex.submit(fetch, url): url for url in urls}
        for future in as_completed(futures):
            save(futures[future], future.result())
    ```

    ## References
    - [`as_completed`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.as_completed)
    """

    code = "FUT502"
    name = "as-completed-order-assumed"
    message = "`as_completed()` yields in completion order, not submission order; results are paired by position"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor, as_completed\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fs = {ex.submit(fetch, u): u for u in urls}\n"
        "    for i, f in enumerate(as_completed(fs), 1):\n"
        "        print(f'{i}/{len(fs)}', fs[f], f.result())\n",
        "from concurrent.futures import ThreadPoolExecutor, as_completed\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fs = [ex.submit(fetch, u) for u in urls]\n"
        "    first = list(as_completed(fs))[0]\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor, as_completed\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fs = [ex.submit(fetch, u) for u in urls]\n"
        "    for url, f in zip(urls, as_completed(fs)):\n"
        "        save(url, f.result())\n",
        "from concurrent.futures import ThreadPoolExecutor, as_completed\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fs = [ex.submit(fetch, u) for u in urls]\n"
        "    for i, f in enumerate(as_completed(fs)):\n"
        "        save(urls[i], f.result())\n",
    )

    def check(self, model: Model):
        for call in as_completed_calls(model):
            zipped = self._zipped(model, call)
            if zipped is not None:
                yield Report(zipped)
            elif self._index_used(model, call) or self._indexed_list(model, call):
                yield Report(call)

    @staticmethod
    def _zipped(model: Model, call: cst.Call) -> Optional[cst.Call]:
        arg = model.parent(call)
        outer = model.parent(arg) if isinstance(arg, cst.Arg) else None
        if not (isinstance(outer, cst.Call) and model.is_builtin(outer.func, "zip")):
            return None
        others = [a for a in outer.args if a is not arg and a.keyword is None]
        if others and not all(_is_counter(model, a.value) for a in others):
            return outer
        return None

    @staticmethod
    def _index_used(model: Model, call: cst.Call) -> bool:
        found = loop_over(model, call)
        if found is None or found[2] is None:
            return False
        loop, _, index = found
        binding = model.binding_of(index)
        if binding is None:
            return False
        return any(
            model.contains(loop.body, use) and isinstance(model.parent(use), cst.Index)
            for use in model.uses_of(binding)
        )

    @staticmethod
    def _indexed_list(model: Model, call: cst.Call) -> bool:
        arg = model.parent(call)
        listed = model.parent(arg) if isinstance(arg, cst.Arg) else None
        if not (isinstance(listed, cst.Call) and model.is_builtin(listed.func, "list", "tuple")):
            return False
        subscript = model.parent(listed)
        if not (isinstance(subscript, cst.Subscript) and subscript.value is listed and len(subscript.slice) == 1):
            return False
        index = subscript.slice[0].slice
        if not isinstance(index, cst.Index):
            return False  # a slice: the first or last few to finish
        # `[0]` and `[-1]` mean the first and last to finish, which is what completion order gives.
        return model.source_of(index.value).replace(" ", "") not in ("0", "-1")


def _is_counter(model: Model, expr: cst.BaseExpression) -> bool:
    return isinstance(expr, cst.Call) and (
        model.is_builtin(expr.func, "range") or model.qualname(expr.func) == "itertools.count"
    )


class SingleFuturePassedAsIterable(Rule):
    """
    ## What it does
    Flags `as_completed(fut)` and `wait(fut)` given a single Future instead of an iterable of futures.

    ## Why is this bad?
    Both functions iterate their first argument: a Future is not iterable, so the call raises
    `TypeError: 'Future' object is not iterable`.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor, wait

    with ThreadPoolExecutor() as ex:
        future = ex.submit(work)
        done, _ = wait(future, timeout=5)
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor, wait

    with ThreadPoolExecutor() as ex:
        future = ex.submit(work)
        done, _ = wait([future], timeout=5)
    ```

    ## References
    - [`wait`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.wait)
    - [`as_completed`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.as_completed)
    """

    code = "FUT503"
    name = "single-future-passed-as-iterable"
    message = "A single Future is passed where an iterable of futures is expected; this raises `TypeError`"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor, wait\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fut = ex.submit(work)\n"
        "    wait([fut], timeout=5)\n",
        "import asyncio\nasync def main(task):\n    await asyncio.wait(task)\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor, wait\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fut = ex.submit(work)\n"
        "    done, _ = wait(fut, timeout=5)\n",
        "import concurrent.futures as cf\n"
        "with cf.ThreadPoolExecutor() as ex:\n"
        "    for f in cf.as_completed(ex.submit(work)):\n"
        "        print(f.result())\n",
    )

    def check(self, model: Model):
        for call in model.calls:
            if not model.is_cf_call(call, "as_completed", "wait"):
                continue
            argument = call_argument(call, "fs", 0)
            if argument is not None and not argument.star and model.is_future(argument.value):
                yield Report(argument.value)


TIMEOUT_HANDLERS = {
    "builtins.TimeoutError", "concurrent.futures.TimeoutError", "builtins.Exception",
    "builtins.BaseException", "asyncio.TimeoutError", "socket.timeout",
}


class AsCompletedTimeoutUnhandled(Rule):
    """
    ## What it does
    Flags iterating `as_completed(fs, timeout=...)` outside any `try` that handles `TimeoutError`.

    ## Why is this bad?
    The timeout covers the whole iteration, not each future: when it expires, `TimeoutError` is raised
    by the `for` statement itself, between two items, abandoning the loop and every future still
    pending. Unhandled, it ends the caller with an exception that names no task.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor, as_completed

    with ThreadPoolExecutor() as ex:
        futures = [ex.submit(fetch, url) for url in urls]
        for future in as_completed(futures, timeout=30):
            handle(future.result())
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor, TimeoutError, as_completed

    with ThreadPoolExecutor() as ex:
        futures = [ex.submit(fetch, url) for url in urls]
        try:
            for future in as_completed(futures, timeout=30):
                handle(future.result())
        except TimeoutError:
            for future in futures:
                future.cancel()
    ```

    ## References
    - [`as_completed`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.as_completed)
    """

    code = "FUT504"
    name = "as-completed-timeout-unhandled"
    message = "`as_completed(timeout=...)` raises `TimeoutError` from the loop itself, and nothing handles it"
    default = False
    valid = (
        "import concurrent.futures as cf\n"
        "try:\n"
        "    for f in cf.as_completed(fs, timeout=30):\n"
        "        print(f.result())\n"
        "except cf.TimeoutError:\n"
        "    pass\n",
        "import concurrent.futures as cf\n"
        "for f in cf.as_completed(fs):\n"
        "    print(f.result())\n",
    )
    invalid = (
        "import concurrent.futures as cf\n"
        "for f in cf.as_completed(fs, timeout=30):\n"
        "    print(f.result())\n",
    )

    def check(self, model: Model):
        for call in as_completed_calls(model):
            timeout = call_argument(call, "timeout", 1)
            if timeout is None or is_none(timeout.value):
                continue
            iteration = _iteration_of(model, call)
            if iteration is None or _in_test_function(model, call):
                continue  # in a test, an escaping TimeoutError is the failure the test wants
            if not self._handled(model, iteration):
                yield Report(call)

    def _handled(self, model: Model, node: cst.CSTNode) -> bool:
        accepted = set(TIMEOUT_HANDLERS)
        if self.settings.target >= (3, 11):
            accepted.add("builtins.OSError")
        for guard in model.enclosing_tries(node):
            for handler in guard.handlers:
                types = caught_types(model, handler)
                if types is None or any(t is None or t in accepted for t in types):
                    return True
        return any(t is None or t in accepted for t in _expected_by_with(model, node))


EXPECTING_FUNCTIONS = ("pytest.raises", "contextlib.suppress")


def _expected_by_with(model: Model, node: cst.CSTNode) -> list[Optional[str]]:
    """Exception types that enclosing `with self.assertRaises(...)`, `pytest.raises(...)` or
    `contextlib.suppress(...)` blocks (in the same function) expect."""
    types: list[Optional[str]] = []
    for ancestor in model.ancestors(node):
        if isinstance(ancestor, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            break
        if not isinstance(ancestor, cst.With):
            continue
        for item in ancestor.items:
            call = item.item
            if not isinstance(call, cst.Call) or not call.args:
                continue
            expecting = model.qualname(call.func) in EXPECTING_FUNCTIONS or (
                isinstance(call.func, cst.Attribute) and call.func.attr.value in RAISES_METHODS
            )
            if expecting:
                first = call.args[0].value
                members = [e.value for e in first.elements] if isinstance(first, cst.Tuple) else [first]
                types.extend(model.qualname(member) for member in members)
    return types


def _in_test_function(model: Model, node: cst.CSTNode) -> bool:
    function = model.enclosing_function(node)
    return isinstance(function, cst.FunctionDef) and function.name.value.startswith("test")


def _iteration_of(model: Model, call: cst.Call) -> Optional[cst.CSTNode]:
    """The node that iterates the call's result: the `for`, the comprehension, or `list(...)`-like call
    (through `enumerate`/`zip`)."""
    node: cst.CSTNode = call
    parent = model.parent(node)
    while isinstance(parent, cst.Arg):
        outer = model.parent(parent)
        if not isinstance(outer, cst.Call):
            return None
        if model.is_builtin(outer.func, "enumerate", "zip"):
            node, parent = outer, model.parent(outer)
            continue
        if model.is_builtin(outer.func, "list", "tuple", "set", "sorted", "sum", "any", "all", "next", "dict"):
            return outer
        return None
    if isinstance(parent, cst.For) and parent.iter is node:
        return parent
    if isinstance(parent, cst.CompFor) and parent.iter is node:
        return model.parent(parent)
    return None
