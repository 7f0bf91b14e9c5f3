"""Rules of the topic "Python ThreadPoolExecutor - Lifecycle of a Thread Pool"."""

from __future__ import annotations

from typing import Iterator, Optional, Sequence

import libcst as cst

from futurelint.rules.base import Report, Rule
from futurelint.rules.max_workers import executor_constructions, is_process_pool
from futurelint.semantic import SCOPE_TYPES, Binding, Model, call_argument

# Calls that hand an executor (or its shutdown) to something that will shut it down later.
_SCHEDULING_METHODS = ("submit", "map")
_EXECUTOR_METHODS = ("submit", "map", "shutdown", "__enter__", "__exit__")


# ---------------------------------------------------------------------- shared helpers
def _is_true_loop(node: cst.CSTNode) -> bool:
    if not isinstance(node, cst.While):
        return False
    test = node.test
    return (isinstance(test, cst.Name) and test.value == "True") or (isinstance(test, cst.Integer) and test.value != "0")


def _leaves_loop(node: cst.CSTNode, own_loop: bool = True) -> bool:
    """A `return` anywhere, or a `break` of the loop whose body is `node` (nested functions excluded)."""
    for child in node.children:
        if isinstance(child, SCOPE_TYPES):
            continue
        if isinstance(child, cst.Return) or (isinstance(child, cst.Break) and own_loop):
            return True
        if isinstance(child, (cst.For, cst.While)):
            # A nested loop's breaks are its own; its `else` clause still belongs to us.
            if _leaves_loop(child.body, False) or (child.orelse is not None and _leaves_loop(child.orelse, own_loop)):
                return True
        elif _leaves_loop(child, own_loop):
            return True
    return False


def never_returns(function: cst.FunctionDef) -> bool:
    """The body ends in `while True:` that neither breaks nor returns."""
    body = function.body.body
    if not body or not _is_true_loop(body[-1]):
        return False
    loop = body[-1]
    return not _leaves_loop(loop.body)


def _block_of(model: Model, statement: cst.CSTNode) -> Optional[Sequence[cst.CSTNode]]:
    parent = model.parent(statement)
    if isinstance(parent, (cst.IndentedBlock, cst.Module, cst.SimpleStatementLine, cst.SimpleStatementSuite)):
        return parent.body
    return None


def following_statements(model: Model, statement: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Statements that run after `statement` in straight-line code: its later siblings, and for a
    small statement on a line, the later small statements and then the line's later siblings."""
    current = statement
    while True:
        block = _block_of(model, current)
        if block is None:
            return
        index = next((i for i, s in enumerate(block) if s is current), None)
        if index is None:
            return
        yield from block[index + 1:]
        parent = model.parent(current)
        if not isinstance(parent, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            return
        current = parent


def _walk_same_scope(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """`node` and everything inside it that runs when it runs (not the bodies of nested functions)."""
    if isinstance(node, SCOPE_TYPES):
        return
    yield node
    for child in node.children:
        if not isinstance(child, SCOPE_TYPES):
            yield from _walk_same_scope(child)


_STORING_METHODS = ("append", "add", "setdefault", "insert", "appendleft", "extend", "update")


def _stored_in_container(model: Model, node: cst.CSTNode) -> bool:
    """`node` (possibly inside a tuple/list/dict display) is added to a container:
    `pools.append((ex, job))`, `pools[k] = ex`."""
    child, parent = node, model.parent(node)
    while isinstance(parent, (cst.Element, cst.DictElement, cst.Tuple, cst.List, cst.Set, cst.Dict)):
        child, parent = parent, model.parent(parent)
    if isinstance(parent, cst.Arg):
        outer = model.parent(parent)
        return isinstance(outer, cst.Call) and isinstance(outer.func, cst.Attribute) and outer.func.attr.value in _STORING_METHODS
    if isinstance(parent, cst.Assign) and parent.value is child:
        return all(isinstance(t.target, cst.Subscript) for t in parent.targets)
    return False


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

    ## References
    - [`Executor.shutdown`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Executor.shutdown)
    """

    code = "FUT001"
    name = "executor-never-shut-down"
    message = "Executor is never shut down; use `with` or call `shutdown()` in a `finally`"
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
        for call, _ in executor_constructions(model):
            binding = self._local_binding(model, call)
            if binding is None or never_returns(binding.scope.node):
                continue
            if not self._managed(model, binding):
                yield Report(call)

    @staticmethod
    def _local_binding(model: Model, call: cst.Call) -> Optional[Binding]:
        statement = model.parent(call)
        if isinstance(statement, cst.Assign) and statement.value is call and len(statement.targets) == 1:
            target = statement.targets[0].target
        elif isinstance(statement, cst.AnnAssign) and statement.value is call:
            target = statement.target
        else:
            return None
        if not isinstance(target, cst.Name):
            return None
        binding = model.binding_of(target)
        if binding is None or binding.scope.kind != "function" or not isinstance(binding.scope.node, cst.FunctionDef):
            return None
        if target.value in binding.scope.nonlocal_names or target.value in binding.scope.global_names:
            return None
        return binding

    def _managed(self, model: Model, binding: Binding) -> bool:
        """Shut down, entered as a context manager, or escaping: someone else may shut it down."""
        for sibling in binding.scope.bindings.get(binding.name, ()):
            for load in model.loads_of(sibling):
                if not self._harmless_use(model, load, binding):
                    return True
        return False

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

    ## References
    - [`Executor.shutdown`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Executor.shutdown)
    """

    code = "FUT002"
    name = "executor-temporary"
    message = "Executor is created for one expression and can never be shut down; bind it with `with`"
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
        for call, _ in executor_constructions(model):
            parent = model.parent(call)
            if isinstance(parent, cst.Expr):
                yield Report(call)
            elif isinstance(parent, cst.Attribute) and parent.value is call and self._method_call(model, parent):
                yield Report(call)

    @staticmethod
    def _method_call(model: Model, attribute: cst.Attribute) -> bool:
        call = model.parent(attribute)
        if not (isinstance(call, cst.Call) and call.func is attribute):
            return False
        # `__enter__` is a hand-written `with`; `shutdown` leaks nothing.
        return attribute.attr.value not in ("shutdown", "__enter__")


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
                model.contains(loop, load) and _stored_in_container(model, load) for load in model.loads_of(binding)
            )
        return _stored_in_container(model, call)

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
    message = "Executor was already shut down; `{method}()` raises `RuntimeError`"
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
        for statement, receiver in self._shutdowns(model):
            key = model.code(receiver).strip()
            for later in following_statements(model, statement):
                if self._rebinds(model, later, key):
                    break
                for call in self._scheduling_calls(model, later, key):
                    if id(call) not in reported and not model.expects_error(call):
                        reported.add(id(call))
                        yield Report(call, self.message.format(method=call.func.attr.value))

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
        for node in _walk_same_scope(statement):
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
            if any(model.code(t).strip() == key or key in _target_names(model, t) for t in targets):
                return True
        return False

    @staticmethod
    def _scheduling_calls(model: Model, statement: cst.CSTNode, key: str) -> Iterator[cst.Call]:
        for node in _walk_same_scope(statement):
            if (
                isinstance(node, cst.Call)
                and isinstance(node.func, cst.Attribute)
                and node.func.attr.value in _SCHEDULING_METHODS
                and model.code(node.func.value).strip() == key
            ):
                yield node


def _target_names(model: Model, target: cst.BaseExpression) -> set:
    if isinstance(target, (cst.Tuple, cst.List)):
        names = set()
        for element in target.elements:
            names |= _target_names(model, element.value)
        return names
    return {model.code(target).strip()}


# ---------------------------------------------------------------------- FUT005
def _is_main_test(test: cst.BaseExpression, equal: bool) -> bool:
    if equal and isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        return _is_main_test(test.left, equal) or _is_main_test(test.right, equal)
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1):
        return False
    operator = test.comparisons[0].operator
    if not isinstance(operator, cst.Equal if equal else cst.NotEqual):
        return False
    sides = [test.left, test.comparisons[0].comparator]
    names = [s for s in sides if isinstance(s, cst.Name) and s.value == "__name__"]
    strings = [s for s in sides if isinstance(s, cst.SimpleString) and s.evaluated_value == "__main__"]
    return len(names) == 1 and len(strings) == 1


class ProcessPoolWithoutMainGuard(Rule):
    """
    ## What it does
    Flags a `ProcessPoolExecutor` created at module top level — `with` blocks included — outside
    `if __name__ == "__main__":` and outside any function or class. Other module-level `if`s do not
    protect it.

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
        for call, kind in executor_constructions(model):
            if kind == "process" and is_process_pool(model, call) and self._runs_on_import(model, call):
                yield Report(call)

    @staticmethod
    def _runs_on_import(model: Model, call: cst.Call) -> bool:
        child: cst.CSTNode = call
        for ancestor in model.ancestors(call):
            if isinstance(ancestor, SCOPE_TYPES):
                return False
            if isinstance(ancestor, cst.If):
                if child is ancestor.body and _is_main_test(ancestor.test, equal=True):
                    return False
                if child is ancestor.orelse and _is_main_test(ancestor.test, equal=False):
                    return False
            child = ancestor
        return True


# ---------------------------------------------------------------------- FUT006
class ShutdownWithoutWaitKeepsQueue(Rule):
    """
    ## What it does
    Flags `ex.shutdown(wait=False)` without `cancel_futures=` (Python 3.9+).

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
            if call_argument(call, "cancel_futures", 1) is None:
                yield Report(call)
