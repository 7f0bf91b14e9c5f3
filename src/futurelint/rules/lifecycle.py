"""Rules of the topic "Python ThreadPoolExecutor - Lifecycle of a Thread Pool"."""

from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from futurelint.fixes.source_text import SourceText, evaluation_before
from futurelint.fixes.with_block import WithAroundUses, with_around_line
from futurelint.rules.base import Report, Rule, TreeFix
from futurelint.semantic import (
    SCOPE_TYPES, Binding, Model, assigned_name, call_argument, consumption_in_statement, executor_constructions,
    following_statements, holds, is_generator, is_main_test, is_process_pool, never_returns,
    nodes_of_same_scope, previous_statement, stored_in_container,
)

# Calls that hand an executor (or its shutdown) to something that will shut it down later.
_SCHEDULING_METHODS = ("submit", "map")
_EXECUTOR_METHODS = ("submit", "map", "shutdown", "__enter__", "__exit__")


# ---------------------------------------------------------------------- FUT001
class ExecutorNeverShutDown(Rule):
    """
    ## What it does
    Flags an executor created and bound to a local variable inside a function, not used as a context
    manager, never shut down with `.shutdown()` in that function, and not escaping it: not returned or
    yielded, not stored on an attribute, a global or a container, not passed to another call and not
    used by a nested function. Executors handed to a shutdown mechanism (`stack.enter_context(ex)`,
    `atexit.register(ex.shutdown)`, `weakref.finalize(obj, ex.shutdown)`) and functions that never
    return (their body ends in `while True:` without `break` or `return`) are not flagged.

    ## Why is this bad?
    Nobody decides when the pool ends. The function returns without waiting for its tasks, and the
    workers stop only when the garbage collector happens to reclaim the executor — later, or, while a
    reference lingers, not before interpreter exit, which then waits for them. Exceptions in the
    remaining tasks go unseen, and each call leaves another pool's threads (or processes) behind until
    then. Use `with`, or `try`/`finally` with `shutdown()`.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    def checksum_all(paths):
        ex = ThreadPoolExecutor(max_workers=4)
        return list(ex.map(checksum, paths))
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    def checksum_all(paths):
        with ThreadPoolExecutor(max_workers=4) as ex:
            return list(ex.map(checksum, paths))
    ```

    ## Fix safety
    The fix turns the assignment and the statements after it in the same block, through the last use
    of the executor and of the futures or `map()` iterators made there, into
    `with ThreadPoolExecutor(...) as ex:`. It is unsafe: leaving the block now waits for every task
    submitted, where the code used to go on while they ran; review that nothing the tasks wait for
    happens after the block.

    There is no fix where that wait would defeat the code: a future is dropped (fire and forget),
    returned, yielded, stored on an attribute or in a container the function does not own; a future
    is used in another block or by a nested function; the code waits with a timeout; the function is a
    coroutine (the `with` would block the event loop) or the block yields. Nor when the name is bound
    more than once, or the assignment is annotated or shares its line.

    ## References
    - [`Executor.shutdown`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Executor.shutdown)
    """

    code = "FUT001"
    name = "executor-never-shut-down"
    message = "Executor is never shut down; use `with` or call `shutdown()` in a `finally`"
    fix_availability = "sometimes"
    fix_applicability = "unsafe"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def f():\n    ex = ThreadPoolExecutor()\n    try:\n        return ex.submit(g).result()\n"
        "    finally:\n        ex.shutdown()\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "class C:\n    def __init__(self):\n        self._pool = ThreadPoolExecutor()\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def make():\n    ex = ThreadPoolExecutor()\n    return ex\n",
        "import atexit\nfrom concurrent.futures import ThreadPoolExecutor\n"
        "def f():\n    ex = ThreadPoolExecutor()\n    atexit.register(ex.shutdown)\n    ex.submit(g)\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def f():\n    ex = ThreadPoolExecutor(4)\n    return ex.submit(g).result()\n",
        "import concurrent.futures as cf\n"
        "def f(xs):\n    pool = cf.ProcessPoolExecutor()\n    for r in pool.map(g, xs):\n        print(r)\n",
    )

    def check(self, model: Model):
        text: Optional[SourceText] = None
        for call, _ in executor_constructions(model):
            binding = self._local_binding(model, call)
            if binding is None or never_returns(binding.scope.node):
                continue
            if not self._managed(model, binding):
                text = text or SourceText(model)
                yield Report(call, fix=WithAroundUses(model, text, call, binding).fix())

    @staticmethod
    def _local_binding(model: Model, call: cst.Call) -> Optional[Binding]:
        target = assigned_name(model.parent(call), call)
        if target is None:
            return None
        binding = model.binding_of(target)
        if binding is None or binding.scope.kind != "function" or not isinstance(binding.scope.node, cst.FunctionDef):
            return None
        if target.value in binding.scope.nonlocal_names or target.value in binding.scope.global_names:
            return None
        return binding

    def _managed(self, model: Model, binding: Binding) -> bool:
        """Shut down, entered as a context manager, or escaping: someone else may shut it down."""
        return any(not self._harmless_use(model, load, binding) for load in model.uses_of(binding))

    @staticmethod
    def _harmless_use(model: Model, load: cst.Name, binding: Binding) -> bool:
        """A use that neither shuts the executor down nor lets it escape the function."""
        if model.scope_of(load).function_scope is not binding.scope:
            return False  # captured by a nested function or lambda
        parent = model.parent(load)
        if isinstance(parent, cst.Attribute) and parent.value is load:
            if parent.attr.value in ("shutdown", "__exit__", "__enter__"):
                return False  # shut down, or (uncalled) handed to whoever will call it
            call = model.parent(parent)
            called = isinstance(call, cst.Call) and call.func is parent
            # A bound method passed on (`callback=ex.submit`) carries the executor with it.
            return called or parent.attr.value not in _EXECUTOR_METHODS
        if isinstance(parent, (cst.Comparison, cst.ComparisonTarget, cst.Assert)):
            return True
        if isinstance(parent, (cst.If, cst.While)) and parent.test is load:
            return True
        return isinstance(parent, cst.UnaryOperation) and isinstance(parent.operator, cst.Not)


# ---------------------------------------------------------------------- FUT002
class ExecutorTemporary(Rule):
    """
    ## What it does
    Flags an executor that is created and never named: used within one expression
    (`ThreadPoolExecutor().submit(f)`, `list(ProcessPoolExecutor(4).map(f, xs))`) or built as a bare
    statement. An executor passed straight to another call or returned is someone else's to own and
    is not flagged.

    ## Why is this bad?
    Nothing can ever call `shutdown()` on a pool nobody holds: its workers stay until the garbage
    collector notices, tasks still queued keep running after the caller moved on, and a process pool
    leaves processes behind. If the intent was "run this once, in the background", the pool is the
    wrong tool or needs a `with` block.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    results = list(ThreadPoolExecutor(8).map(fetch, urls))
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as ex:
        results = list(ex.map(fetch, urls))
    ```

    ## Fix safety
    The fix creates the executor in a `with` statement around the statement, under a name the scope
    does not use (`executor`, `executor_1`...). It is safe when the statement already waited for all
    the executor's work — `.submit(...).result()` or `.exception()` without a timeout, or `map()`
    without a timeout consumed to its end by `list()`, `sorted()`, `sum()`, `*` or a comprehension —
    and nothing with an effect is evaluated before the executor in the statement. Then the only change
    is that the idle workers are shut down (when a task fails, the tasks already running are waited
    for before the exception propagates).

    It is unsafe when the statement waited for only part of the work (`next()`, `any()`, `all()`,
    `zip()`, builtin `map()` over several iterables, which stops at the shortest), since leaving the
    `with` now waits for the rest, or when the statement evaluates something with an effect (a
    call...) before creating the executor, which now comes first.

    There is no fix when the future or the iterator outlives the statement
    (`fut = ThreadPoolExecutor().submit(job)`, a bare `submit()`): the `with` would make code that
    runs the task in the background wait for it, which can hang. Nor when the statement waits with a
    timeout (`.result(timeout=0.5)`): the `with` would wait for the task after the timeout, as
    FUT001's fix refuses to. Nor inside a lambda, a
    comprehension's repeated part or a conditional branch, in a class body, for a generator's
    `return`, or for a constructor call on its own.

    ## References
    - [`Executor.shutdown`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Executor.shutdown)
    """

    code = "FUT002"
    name = "executor-temporary"
    message = "Executor is created for one expression and can never be shut down; bind it with `with`"
    fix_availability = "sometimes"
    fix_applicability = "safe or unsafe"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor(8) as ex:\n    rs = list(ex.map(g, xs))\n",
        "import grpc\nfrom concurrent.futures import ThreadPoolExecutor\n"
        "server = grpc.server(ThreadPoolExecutor(10))\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def factory():\n    return ThreadPoolExecutor(4)\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\nfut = ThreadPoolExecutor().submit(g)\n",
        "from concurrent.futures import ProcessPoolExecutor\nrs = list(ProcessPoolExecutor(4).map(g, xs))\n",
        "import concurrent.futures as cf\ncf.ThreadPoolExecutor(2)\n",
    )

    def check(self, model: Model):
        text: Optional[SourceText] = None
        for call, _ in executor_constructions(model):
            parent = model.parent(call)
            if isinstance(parent, cst.Expr):
                yield Report(call)
            elif isinstance(parent, cst.Attribute) and parent.value is call and self._method_call(model, parent):
                text = text or SourceText(model)
                yield Report(call, fix=self._fix(model, text, call, model.parent(parent)))

    @staticmethod
    def _method_call(model: Model, attribute: cst.Attribute) -> bool:
        call = model.parent(attribute)
        if not (isinstance(call, cst.Call) and call.func is attribute):
            return False
        # `__enter__` is a hand-written `with`; `shutdown` leaks nothing.
        return attribute.attr.value not in ("shutdown", "__enter__")

    # ------------------------------------------------------------------ fix
    def _fix(self, model: Model, text: SourceText, executor: cst.Call, method_call: cst.Call) -> Optional[TreeFix]:
        """`with <executor> as <fresh name>:` around the statement, when the statement already waits
        for the executor's work (safe) or waits for some of it (unsafe)."""
        waits = self._waits_for_work(model, method_call)
        statement = model.statement_of(executor)
        if waits is None or not self._wrappable(model, statement):
            return None
        order_kept = evaluation_before(model, executor, statement)
        if order_kept is None or holds(statement, (cst.Yield, cst.Await)):
            return None
        scope_node = self._scope_node(model, statement)
        if scope_node is None:
            return None
        wrapped = with_around_line(model, text, executor, statement, scope_node)
        if wrapped is None:
            return None
        edit = (wrapped,)
        if waits and order_kept:
            return TreeFix("safe", "Create the executor in a `with` statement", edit)
        if not waits:
            return TreeFix("unsafe", "Create the executor in a `with` statement, which waits for all its tasks", edit)
        return TreeFix("unsafe", "Create the executor in a `with` statement, before the rest of the statement", edit)

    @staticmethod
    def _waits_for_work(model: Model, method_call: cst.Call) -> Optional[bool]:
        """Whether the statement waits for all the work given to the executor: True for
        `.submit(...).result()` and `.map()` fully consumed, both without a timeout; False when it waits
        for part of it (`next()`, `zip()`, builtin `map` over several iterables...); None when the future
        or the iterator outlives the statement (kept, returned or dropped), or the wait has a timeout:
        a `with` would block where the code meant to go on (as FUT001's fix refuses to)."""
        method = method_call.func.attr.value
        if method == "submit":
            attribute = model.parent(method_call)
            call = model.parent(attribute)
            if isinstance(attribute, cst.Attribute) and attribute.attr.value in ("result", "exception"):
                if isinstance(call, cst.Call) and call.func is attribute and not call.args:
                    return True
            return None  # kept, dropped, or waited for with a timeout the `with` would not honour
        if method == "map":
            if call_argument(method_call, "timeout") is not None:
                return None
            return consumption_in_statement(model, method_call)
        return None

    @staticmethod
    def _wrappable(model: Model, statement: cst.CSTNode) -> bool:
        """A statement alone on its line in a block, of a kind whose meaning a `with` around it keeps."""
        if not isinstance(statement, (cst.Expr, cst.Assign, cst.AnnAssign, cst.AugAssign, cst.Return)):
            return False
        line = model.parent(statement)
        return (
            isinstance(line, cst.SimpleStatementLine)
            and len(line.body) == 1
            and isinstance(model.parent(line), (cst.IndentedBlock, cst.Module))
        )

    @staticmethod
    def _scope_node(model: Model, statement: cst.CSTNode) -> Optional[cst.CSTNode]:
        """The function or module the new name is bound in; None in a class body (it would become a
        class attribute) and for a `return` in a generator."""
        for ancestor in model.ancestors(statement):
            if isinstance(ancestor, cst.ClassDef):
                return None
            if isinstance(ancestor, cst.FunctionDef):
                if isinstance(statement, cst.Return) and is_generator(model, ancestor):
                    return None
                return ancestor
        return model.module


# ---------------------------------------------------------------------- FUT003
class ExecutorCreatedInLoop(Rule):
    """
    ## What it does
    Flags an executor constructor evaluated in the body of a loop (`for`, `while` or a
    comprehension) when it is not the item of a `with` statement and is not shut down in that loop.

    ## Why is this bad?
    Every iteration builds a new pool and starts new threads (or processes), and unless something
    shuts each one down, the pools pile up. Even when they do get cleaned up, the loop pays the
    start-up cost each time and loses the parallelism across iterations. Create the pool once, before
    the loop, and submit every iteration's work to it.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    for batch in batches:
        ex = ThreadPoolExecutor(4)
        results = list(ex.map(process, batch))
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as ex:
        for batch in batches:
            results = list(ex.map(process, batch))
    ```

    ## References
    - [`ThreadPoolExecutor`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.ThreadPoolExecutor)
    """

    code = "FUT003"
    name = "executor-created-in-loop"
    message = "Executor is created on every iteration of the loop; create it once, before the loop"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor(4) as ex:\n    for b in batches:\n        rs = list(ex.map(g, b))\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "for b in batches:\n    with ThreadPoolExecutor(4) as ex:\n        rs = list(ex.map(g, b))\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "for b in batches:\n    ex = ThreadPoolExecutor(4)\n    rs = list(ex.map(g, b))\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def f(xs):\n    return [ThreadPoolExecutor().submit(g, x) for x in xs]\n",
    )

    def check(self, model: Model):
        for call, _ in executor_constructions(model):
            loop = model.repeating_loop(call)
            if loop is None or isinstance(model.parent(call), cst.WithItem):
                continue
            if self._kept_per_item(model, call, loop) or self._shut_down_in(model, call, loop):
                continue
            yield Report(call)

    @staticmethod
    def _kept_per_item(model: Model, call: cst.Call, loop: cst.CSTNode) -> bool:
        """One pool per key or slot, built on purpose: `[TPE(1) for _ in range(n)]`,
        `pools.append(TPE())`, `pools[k] = TPE()`."""
        parent = model.parent(call)
        if isinstance(loop, (cst.ListComp, cst.SetComp, cst.GeneratorExp)) and loop.elt is call:
            return True
        if isinstance(loop, cst.DictComp) and loop.value is call:
            return True
        if isinstance(parent, cst.Assign) and parent.value is call and len(parent.targets) == 1:
            target = parent.targets[0].target
            if isinstance(target, (cst.Subscript, cst.Attribute)):
                return True
            binding = model.binding_of(target) if isinstance(target, cst.Name) else None
            return binding is not None and any(
                model.contains(loop, load) and stored_in_container(model, load) for load in model.loads_of(binding)
            )
        return stored_in_container(model, call)

    @staticmethod
    def _shut_down_in(model: Model, call: cst.Call, loop: cst.CSTNode) -> bool:
        parent = model.parent(call)
        if not (isinstance(parent, cst.Assign) and parent.value is call and len(parent.targets) == 1):
            return False
        target = parent.targets[0].target
        binding = model.binding_of(target) if isinstance(target, cst.Name) else None
        if binding is None:
            return False
        for load in model.loads_of(binding):
            if not model.contains(loop, load):
                continue
            use = model.parent(load)
            if isinstance(use, cst.WithItem):
                return True
            if isinstance(use, cst.Attribute) and use.value is load and use.attr.value in ("shutdown", "__exit__"):
                return True
        return False


# ---------------------------------------------------------------------- FUT004
class UseAfterShutdown(Rule):
    """
    ## What it does
    Flags `submit()` or `map()` on an executor after it was shut down in the same straight-line
    code: after an explicit `ex.shutdown(...)`, or after the `with ... as ex:` block that owns it has
    ended.

    ## Why is this bad?
    A shut-down executor accepts no new work: the call raises
    `RuntimeError: cannot schedule new futures after shutdown`. Usually the call was meant to be
    inside the `with` block, or the pool is shut down too early.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        first = ex.submit(load)
    second = ex.submit(load_more)
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        first = ex.submit(load)
        second = ex.submit(load_more)
    ```

    ## References
    - [`Executor.shutdown`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Executor.shutdown)
    """

    code = "FUT004"
    name = "use-after-shutdown"
    message = "Executor was already shut down; using it raises `RuntimeError`"
    template = "Executor was already shut down; `{method}()` raises `RuntimeError`"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n    a = ex.submit(g)\n    b = ex.submit(h)\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "ex = ThreadPoolExecutor()\nex.shutdown()\nex = ThreadPoolExecutor()\nfut = ex.submit(g)\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n    a = ex.submit(g)\nb = ex.submit(h)\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def f(xs):\n    ex = ThreadPoolExecutor()\n    ex.shutdown(wait=False)\n    return list(ex.map(g, xs))\n",
    )

    def check(self, model: Model):
        reported: set[int] = set()
        last_scheduling = self._last_scheduling_call_by_receiver(model)
        for statement, receiver in self._shutdowns(model):
            key = model.source_of(receiver).strip()
            if last_scheduling.get(key, -1) <= model.order(statement):
                continue  # nothing schedules on this receiver later: no need to walk what follows
            for later in following_statements(model, statement):
                if self._rebinds(model, later, key):
                    break
                for call in self._scheduling_calls(model, later, key):
                    if id(call) not in reported and not model.expects_error(call):
                        reported.add(id(call))
                        yield Report(call, self.describe(method=call.func.attr.value))

    @staticmethod
    def _last_scheduling_call_by_receiver(model: Model) -> dict[str, int]:
        """Receiver source text -> position of the last `submit`/`map` call on it."""
        last: dict[str, int] = {}
        for call in model.calls:
            if isinstance(call.func, cst.Attribute) and call.func.attr.value in _SCHEDULING_METHODS:
                key = model.source_of(call.func.value).strip()
                last[key] = max(last.get(key, -1), model.order(call))
        return last

    @staticmethod
    def _shutdowns(model: Model) -> Iterator[tuple[cst.CSTNode, cst.BaseExpression]]:
        """(statement after which the executor is shut down, the executor expression)."""
        for call in model.calls:
            receiver = model.executor_method_receiver(call, "shutdown")
            statement = model.parent(call)
            if receiver is None or not isinstance(statement, cst.Expr) or not isinstance(receiver, (cst.Name, cst.Attribute)):
                continue
            yield UseAfterShutdown._promote_from_finally(model, statement), receiver
        for with_node in model.nodes(cst.With):
            for item in with_node.items:
                if item.asname is not None and isinstance(item.asname.name, cst.Name) and model.is_executor(item.item):
                    yield with_node, item.asname.name
                elif isinstance(item.item, (cst.Name, cst.Attribute)) and model.is_executor(item.item):
                    yield with_node, item.item

    @staticmethod
    def _promote_from_finally(model: Model, statement: cst.CSTNode) -> cst.CSTNode:
        """A shutdown at the top level of a `finally` has happened after the whole `try`."""
        line = model.parent(statement)
        block = model.parent(line)
        finally_node = model.parent(block)
        if isinstance(finally_node, cst.Finally):
            return model.parent(finally_node)
        return statement

    @staticmethod
    def _rebinds(model: Model, statement: cst.CSTNode, key: str) -> bool:
        for node in nodes_of_same_scope(statement):
            targets: list = []
            if isinstance(node, cst.Assign):
                targets = [t.target for t in node.targets]
            elif isinstance(node, (cst.AnnAssign, cst.AugAssign, cst.NamedExpr)):
                targets = [node.target]
            elif isinstance(node, cst.AsName):
                targets = [node.name]
            elif isinstance(node, (cst.For, cst.CompFor)):
                targets = [node.target]
            elif isinstance(node, (cst.Global, cst.Nonlocal, cst.Del)):
                return True
            if any(model.source_of(t).strip() == key or key in _target_names(model, t) for t in targets):
                return True
        return False

    @staticmethod
    def _scheduling_calls(model: Model, statement: cst.CSTNode, key: str) -> Iterator[cst.Call]:
        for node in nodes_of_same_scope(statement):
            if (
                isinstance(node, cst.Call)
                and isinstance(node.func, cst.Attribute)
                and node.func.attr.value in _SCHEDULING_METHODS
                and model.source_of(node.func.value).strip() == key
            ):
                yield node


def _target_names(model: Model, target: cst.BaseExpression) -> set:
    if isinstance(target, (cst.Tuple, cst.List)):
        names = set()
        for element in target.elements:
            names |= _target_names(model, element.value)
        return names
    return {model.source_of(target).strip()}


# ---------------------------------------------------------------------- FUT005
class ProcessPoolWithoutMainGuard(Rule):
    """
    ## What it does
    Flags a `ProcessPoolExecutor` created at module top level — `with` blocks included — outside
    `if __name__ == "__main__":` and outside any function or class. Other module-level `if`s do not
    protect it. Jupyter notebooks are left alone: their cells run as a `__main__` without a file,
    which the workers never import again.

    ## Why is this bad?
    Under the `spawn` and `forkserver` start methods (the default on Windows and macOS, and on Linux
    from Python 3.14) each worker process starts a fresh interpreter and imports the main module. The
    import runs the module-level code again, which tries to start another pool from inside the worker:
    the workers fail with a `RuntimeError` about bootstrapping, or the pool breaks with
    `BrokenProcessPool`.

    ## Example
    ```python
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor() as ex:
        print(list(ex.map(square, range(10))))
    ```

    ## Use instead
    ```python
    from concurrent.futures import ProcessPoolExecutor

    if __name__ == "__main__":
        with ProcessPoolExecutor() as ex:
            print(list(ex.map(square, range(10))))
    ```

    ## References
    - [Safe importing of main module](https://docs.python.org/3/library/multiprocessing.html#multiprocessing-safe-main-import)
    - [`ProcessPoolExecutor`](https://docs.python.org/3/library/concurrent.futures.html#processpoolexecutor)
    """

    code = "FUT005"
    name = "process-pool-without-main-guard"
    message = "`ProcessPoolExecutor` created at import time; put it under `if __name__ == \"__main__\":`"
    valid = (
        "from concurrent.futures import ProcessPoolExecutor\n"
        "if __name__ == '__main__':\n    with ProcessPoolExecutor() as ex:\n        print(list(ex.map(abs, [-1])))\n",
        "from concurrent.futures import ProcessPoolExecutor\n"
        "def main():\n    with ProcessPoolExecutor() as ex:\n        print(list(ex.map(abs, [-1])))\n",
        "from concurrent.futures import ThreadPoolExecutor\nex = ThreadPoolExecutor()\n",
    )
    invalid = (
        "from concurrent.futures import ProcessPoolExecutor\n"
        "with ProcessPoolExecutor() as ex:\n    print(list(ex.map(abs, [-1])))\n",
        "import sys\nimport concurrent.futures as cf\n"
        "if sys.platform != 'win32':\n    pool = cf.ProcessPoolExecutor(2)\n",
    )

    def check(self, model: Model):
        if model.runs_as_interactive_main:
            return
        for call, kind in executor_constructions(model):
            if kind.spawns_processes and is_process_pool(model, call) and self._runs_on_import(model, call):
                yield Report(call)

    @staticmethod
    def _runs_on_import(model: Model, call: cst.Call) -> bool:
        child: cst.CSTNode = call
        for ancestor in model.ancestors(call):
            if isinstance(ancestor, SCOPE_TYPES):
                return False
            if isinstance(ancestor, cst.If):
                if child is ancestor.body and is_main_test(ancestor.test, equal=True):
                    return False
                if child is ancestor.orelse and is_main_test(ancestor.test, equal=False):
                    return False
            child = ancestor
        return True


# ---------------------------------------------------------------------- FUT006
class ShutdownWithoutWaitKeepsQueue(Rule):
    """
    ## What it does
    Flags `ex.shutdown(wait=False)` without `cancel_futures=` (Python 3.9+), unless a loop right
    before it cancels each future (`for f in futures: f.cancel()`): the queue was dropped by hand.

    ## Why is this bad?
    `wait=False` only makes the call return at once. Every task already queued still runs, and the
    interpreter still waits for all of them before it exits, which surprises readers who expected
    "stop now". If the pending work should be dropped, pass `cancel_futures=True`; if it should finish,
    say so with `cancel_futures=False`.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    ex = ThreadPoolExecutor()
    ...
    ex.shutdown(wait=False)
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    ex = ThreadPoolExecutor()
    ...
    ex.shutdown(wait=False, cancel_futures=True)
    ```

    ## References
    - [`Executor.shutdown`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Executor.shutdown)
    """

    code = "FUT006"
    name = "shutdown-without-wait-keeps-queue"
    default = False
    message = "`shutdown(wait=False)` still runs every queued task; pass `cancel_futures=True` (or `False` to say so)"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "ex = ThreadPoolExecutor()\nex.shutdown(wait=False, cancel_futures=True)\n",
        "from concurrent.futures import ThreadPoolExecutor\nex = ThreadPoolExecutor()\nex.shutdown()\n",
        "def stop(loop):\n    loop.shutdown(wait=False)\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\nex = ThreadPoolExecutor()\nex.shutdown(wait=False)\n",
        "from concurrent.futures import ThreadPoolExecutor\nex = ThreadPoolExecutor()\nex.shutdown(False)\n",
    )

    def check(self, model: Model):
        for call in model.calls:
            if model.executor_method_receiver(call, "shutdown") is None:
                continue
            wait = call_argument(call, "wait", 0)
            if wait is None or not (isinstance(wait.value, cst.Name) and wait.value.value == "False"):
                continue
            if call_argument(call, "cancel_futures", 1) is None and not _cancelled_just_before(model, call):
                yield Report(call)


def _cancelled_just_before(model: Model, call: cst.Call) -> bool:
    """`for f in futures: f.cancel()` right before `ex.shutdown(wait=False)`: the queue was dropped
    by hand (the idiom before `cancel_futures`, or beside it for other futures)."""
    return _cancels_each(previous_statement(model, call))


def _cancels_each(statement: Optional[cst.CSTNode]) -> bool:
    if not isinstance(statement, cst.For) or not isinstance(statement.target, cst.Name) or statement.orelse is not None:
        return False
    target = statement.target.value
    return bool(statement.body.body) and all(
        isinstance(line, cst.SimpleStatementLine) and all(
            isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and not small.value.args
            and isinstance(small.value.func, cst.Attribute) and small.value.func.attr.value == "cancel"
            and isinstance(small.value.func.value, cst.Name) and small.value.func.value.value == target
            for small in line.body
        )
        for line in statement.body.body
    )
