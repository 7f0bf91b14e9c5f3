"""Rules of the map topic."""

from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from futurelint.fixes.calls import without_argument
from futurelint.fixes.safety import effect_free
from futurelint.rules.base import Replace, Report, Rule, TreeFix
from futurelint.semantic import (
    HARMLESS_BUILTINS, Binding, ExecutorKind, Model, call_argument, catches_task_errors, consumption,
    loop_may_stop_early, runs_after, task_reports_errors,
)

# Builtins that cannot raise what a handler for task errors would catch.


def map_calls(model: Model) -> Iterator[cst.Call]:
    """Every `<executor>.map(...)` call."""
    for call in model.calls:
        if model.executor_method_receiver(call, "map") is not None:
            yield call


def map_binding(model: Model, call: cst.Call) -> Optional[Binding]:
    """The binding of `name = ex.map(...)` (a single plain name), if the call is assigned so."""
    parent = model.parent(call)
    if isinstance(parent, cst.Assign) and parent.value is call and len(parent.targets) == 1:
        target = parent.targets[0].target
        if isinstance(target, cst.Name):
            return model.binding_of(target)
    return None


class MapResultDiscarded(Rule):
    """
    ## What it does
    Flags `executor.map(...)` whose iterator is never consumed: the call is a bare statement, or its
    result is bound to a name that nothing reads. A task that reports its own errors (see FUT902)
    is not flagged, nor is a `map()` inside `with pytest.raises(...)`/`self.assertRaises(...)`,
    which the test expects to fail.

    ## Why is this bad?
    `Executor.map` submits every task at once, but results, and the exceptions of failed tasks, are
    delivered only while the returned iterator is consumed. An iterator that nobody iterates drops every
    exception without a trace: the code looks as if it waited for the work and checked it, and does
    neither.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        ex.map(upload, files)
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        for _ in ex.map(upload, files):  # re-raises the first task exception
            pass
    ```

    ## References
    - [`Executor.map`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Executor.map)
    """

    code = "FUT401"
    name = "map-result-discarded"
    message = "Iterator returned by `map()` is never consumed; exceptions raised by the tasks are lost"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    results = list(ex.map(work, items))\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def run(items):\n"
        "    with ThreadPoolExecutor() as ex:\n"
        "        return ex.map(work, items)\n",
        # the builtin map and multiprocessing.Pool are not ours
        "map(print, items)\n",
        "import multiprocessing\nwith multiprocessing.Pool() as pool:\n    pool.map(work, items)\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    ex.map(work, items)\n",
        "import concurrent.futures as cf\n"
        "def run(items):\n"
        "    with cf.ProcessPoolExecutor() as pool:\n"
        "        results = pool.map(work, items)\n",
    )

    def check(self, model: Model):
        for call in map_calls(model):
            if task_reports_errors(model, call) or model.expects_error(call):
                continue
            if isinstance(model.parent(call), cst.Expr):
                yield Report(call)
                continue
            binding = map_binding(model, call)
            if binding is not None and not model.loads_of(binding):
                yield Report(call)


class MapConsumedOutsideTry(Rule):
    """
    ## What it does
    Flags `results = executor.map(...)` inside a `try` whose handlers catch task errors, when the
    iterator is consumed only after the `try`.

    ## Why is this bad?
    A task's exception is re-raised when the iterator reaches its result, not when `map()` is called.
    Consumed after the `try`, the exception escapes the handler that was written for it.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        try:
            results = ex.map(fetch, urls)
        except OSError:
            log.warning("download failed")
        for page in results:  # fetch's OSError is raised here
            save(page)
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        try:
            for page in ex.map(fetch, urls):
                save(page)
        except OSError:
            log.warning("download failed")
    ```

    ## References
    - [`Executor.map`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Executor.map)
    """

    code = "FUT402"
    name = "map-consumed-outside-try"
    message = "`map()` results are consumed outside this `try`; task exceptions escape its handlers"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    try:\n"
        "        for r in ex.map(work, items):\n"
        "            print(r)\n"
        "    except ValueError:\n"
        "        pass\n",
        # the handler is for submission errors only
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    try:\n"
        "        results = ex.map(work, items)\n"
        "    except RuntimeError:\n"
        "        results = []\n"
        "    print(list(results))\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    try:\n"
        "        results = ex.map(work, items)\n"
        "    except ValueError:\n"
        "        results = []\n"
        "    print(list(results))\n",
    )

    def check(self, model: Model):
        for call in map_calls(model):
            binding = map_binding(model, call)
            guard = model.enclosing_try(call)
            if binding is None or guard is None:
                continue
            if not catches_task_errors(model, guard) or _guards_other_calls(model, guard, call):
                continue
            # Not `uses_of`: a handler that rebinds the name (`results = []`) does not end the flow.
            uses = [use for use in model.loads_of(binding) if model.order(use) > model.order(call)]
            if any(model.contains(guard.body, use) for use in uses):
                continue
            body_end = model.end_order(guard.body)
            if any(model.order(use) > body_end and consumption(model, use) for use in uses):
                yield Report(call)


def _guards_other_calls(model: Model, guard: cst.Try, map_call: cst.Call) -> bool:
    """Whether the `try` body calls anything besides the map (its handlers may be meant for that)."""
    for call in model.calls:
        if call is map_call or not model.contains(guard.body, call):
            continue
        if model.executor_constructor_kind(call) or model.is_builtin(call.func, *HARMLESS_BUILTINS):
            continue
        if model.qualname(call.func) == "functools.partial":
            continue
        return True
    return False


INFINITE = ("itertools.count", "itertools.cycle", "itertools.repeat")


class MapInfiniteIterable(Rule):
    """
    ## What it does
    Flags `executor.map(fn, ...)` where every iterable is infinite: `itertools.count()`,
    `itertools.cycle(...)`, or `itertools.repeat(x)` without a count.

    ## Why is this bad?
    `Executor.map` collects its whole input and submits a task for each item before returning its
    iterator (up to Python 3.14's `buffersize=`). With an endless input it never returns: memory grows
    until the process dies. `map` stops at the shortest iterable, so one finite iterable is enough.

    ## Example
    ```python
    import itertools
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        results = ex.map(poll, itertools.count())
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        results = ex.map(poll, range(100))
    ```

    ## References
    - [`Executor.map`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Executor.map)
    """

    code = "FUT403"
    name = "map-infinite-iterable"
    message = "Every iterable passed to `map()` is infinite; `map()` collects its input first and never returns"
    valid = (
        "import itertools\nfrom concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    results = list(ex.map(fetch, urls, itertools.repeat(session)))\n",
        "import itertools\nfrom concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    results = list(ex.map(fetch, itertools.repeat(url, 3)))\n",
    )
    invalid = (
        "import itertools\nfrom concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    results = list(ex.map(poll, itertools.count()))\n",
        "from itertools import cycle, repeat\nfrom concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    results = list(ex.map(poll, cycle(hosts), repeat(5)))\n",
    )

    def check(self, model: Model):
        for call in map_calls(model):
            if call_argument(call, "buffersize") is not None:
                continue
            iterables = [a for a in call.args[1:] if a.keyword is None]
            if not iterables or any(a.star for a in call.args):
                continue
            if all(self._infinite(model, a.value) for a in iterables):
                yield Report(call)

    def _infinite(self, model: Model, expr: cst.BaseExpression) -> bool:
        if isinstance(expr, cst.Name):
            bindings = model.resolve(expr)
            if not bindings or len(bindings) != 1 or bindings[0].kind != "assign" or bindings[0].path:
                return False
            expr = bindings[0].value
        if not isinstance(expr, cst.Call) or model.qualname(expr.func) not in INFINITE:
            return False
        if model.qualname(expr.func) == "itertools.repeat":
            return call_argument(expr, "times", 1) is None and not any(a.star for a in expr.args)
        return True


class MapChunksizeIgnored(Rule):
    """
    ## What it does
    Flags `chunksize=` passed to the `map` of a `ThreadPoolExecutor`.

    ## Why is this bad?
    `chunksize` batches items sent to worker *processes*; a thread pool ignores it. The argument
    suggests a tuning that does not happen (and may hide that a process pool was meant).

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        results = list(ex.map(parse, lines, chunksize=100))
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        results = list(ex.map(parse, lines))
    ```

    ## Fix safety
    The fix removes the argument. There is none when its value does something (a call: removing
    the argument would remove the call) or when a comment stands in the argument (it would go with
    it, or move onto another argument).

    ## References
    - [`Executor.map`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Executor.map)
    """

    code = "FUT404"
    name = "map-chunksize-ignored"
    message = "`chunksize` has no effect on a `ThreadPoolExecutor`'s `map()`"
    fix_availability = "sometimes"
    fix_applicability = "safe"
    valid = (
        "from concurrent.futures import ProcessPoolExecutor\n"
        "with ProcessPoolExecutor() as ex:\n"
        "    results = list(ex.map(parse, lines, chunksize=100))\n",
        "from concurrent.futures import Executor\n"
        "def run(ex: Executor, lines):\n"
        "    return list(ex.map(parse, lines, chunksize=100))\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    results = list(ex.map(parse, lines, chunksize=100))\n",
    )

    def check(self, model: Model):
        for call in map_calls(model):
            if model.executor_kind(model.executor_method_receiver(call, "map")) is not ExecutorKind.THREAD:
                continue
            argument = call_argument(call, "chunksize")
            if argument is not None:
                yield Report(argument, fix=self._fix(call, argument))

    @staticmethod
    def _fix(call: cst.Call, argument: cst.Arg) -> Optional[TreeFix]:
        """Remove the argument, unless its value has an effect (a call) or a comment goes with it."""
        if not effect_free(argument.value):
            return None
        new_call = without_argument(call, argument)
        if new_call is None:
            return None
        return TreeFix("safe", "Remove `chunksize`", (Replace(call, new_call),))


class MapIteratorReused(Rule):
    """
    ## What it does
    Flags a second consumption of the iterator returned by `executor.map(...)`: two loops over it,
    `list(results)` then a loop, and the like, or one consumption inside a loop (that never leaves
    early) which repeats it on every iteration.

    ## Why is this bad?
    `map` returns a one-shot iterator, not a list. The first pass exhausts it; the second sees nothing,
    silently, so totals come out zero and the second loop never runs.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        results = ex.map(work, items)
        print(len(list(results)), "done")
        for r in results:  # never runs
            save(r)
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        results = list(ex.map(work, items))
        print(len(results), "done")
        for r in results:
            save(r)
    ```

    ## References
    - [`Executor.map`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Executor.map)
    """

    code = "FUT405"
    name = "map-iterator-reused"
    message = "Iterator returned by `map()` was already consumed; this pass sees nothing"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    results = list(ex.map(work, items))\n"
        "total = sum(results)\n"
        "for r in results:\n"
        "    print(r)\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    results = ex.map(work, items)\n"
        "    if verbose:\n"
        "        for r in results:\n"
        "            print(r)\n"
        "    else:\n"
        "        print(list(results))\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    results = ex.map(work, items)\n"
        "    total = sum(results)\n"
        "    for r in results:\n"
        "        print(r)\n",
    )

    def check(self, model: Model):
        for call in map_calls(model):
            binding = map_binding(model, call)
            if binding is None:
                continue
            uses = sorted(model.uses_of(binding), key=model.order)
            consumed = [(use, consumption(model, use)) for use in uses]
            consumed = [(use, how) for use, how in consumed if how is not None]
            for index, (first, how) in enumerate(consumed):
                if how != "full":
                    continue
                if _repeated_without_exit(model, first, binding):
                    yield Report(first)
                    break
                later = next((use for use, _ in consumed[index + 1:] if runs_after(model, first, use)), None)
                if later is not None:
                    yield Report(later)
                    break


def _repeated_without_exit(model: Model, use: cst.CSTNode, binding: Binding) -> bool:
    """Whether `use` sits in a loop that does not also rebind the iterator and that never leaves
    early (no `break`, `return` or `raise`): its second iteration consumes an exhausted iterator."""
    loop = model.repeating_loop(use)
    if loop is None or model.contains(loop, binding.node):
        return False
    if isinstance(loop, (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)):
        return False  # the iterator itself is the comprehension's first iterable, evaluated once
    return not loop_may_stop_early(loop)
