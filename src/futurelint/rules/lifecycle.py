"""Rules of the topic "Python ThreadPoolExecutor - Lifecycle of a Thread Pool"."""

from __future__ import annotations

import re
from typing import Iterable, Iterator, Optional, Sequence

import libcst as cst

from futurelint.rules.base import Replace, Report, Rule, TreeFix
from futurelint.semantic import (
    COMPREHENSION_TYPES, SCOPE_TYPES, Binding, Model, call_argument, consumption_in_statement, container_root,
    executor_constructions, following_statements, is_process_pool, never_returns, nodes_of_same_scope,
)

# Calls that hand an executor (or its shutdown) to something that will shut it down later.
_SCHEDULING_METHODS = ("submit", "map")
_EXECUTOR_METHODS = ("submit", "map", "shutdown", "__enter__", "__exit__")


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


# ---------------------------------------------------------------------- fixes: `with` blocks
# Both fixes move code one level deeper under a new `with` header. They edit the source text line by
# line rather than re-rendering the tree, so comments, continuation lines and the file's own
# indentation survive; lines inside multi-line strings are left alone (their text is data).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_STRING_TYPES = tuple(
    t for t in (cst.SimpleString, cst.FormattedString, getattr(cst, "TemplatedString", None)) if t is not None
)
_DEFERRED_TYPES = (cst.Lambda, cst.Await, cst.Yield, cst.CompIf)
# Nodes whose evaluation can have an effect (or raise) that the executor's creation could be moved past.
_EFFECT_TYPES = (cst.Call, cst.Await, cst.Yield, cst.NamedExpr, cst.Subscript) + COMPREHENSION_TYPES


class _SourceText:
    """The file's text, addressed by the positions libcst gives nodes."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.text = model.source or model.module.code
        self.row_starts = [0] + [match.end() for match in _LINE_BREAK.finditer(self.text)]
        self.newline = model.module.default_newline
        self.unit = model.module.default_indent

    def start(self, node: cst.CSTNode) -> int:
        position = self.model.position(node).start
        return self.row_starts[position.line - 1] + position.column

    def end(self, node: cst.CSTNode) -> int:
        position = self.model.position(node).end
        return self.row_starts[position.line - 1] + position.column

    def rows(self, node: cst.CSTNode) -> tuple[int, int]:
        span = self.model.position(node)
        return span.start.line, span.end.line

    def indentation(self, statement: cst.CSTNode) -> Optional[str]:
        """The whitespace before a statement that starts its line, when a deeper level can be made
        by appending the file's indentation unit to it without mixing tabs and spaces."""
        position = self.model.position(statement).start
        prefix = self.text[self.row_starts[position.line - 1]:self.start(statement)]
        if prefix.strip() or not set(prefix) <= set(self.unit):
            return None
        return prefix

    def deepen(self, rows: Iterable[int], indent: str, skip: set[int]) -> list[tuple[int, int, str]]:
        """Insertions putting one more indentation unit on each of `rows` that starts with `indent`
        (blank lines, lines in `skip` and lines indented less, like continuation lines, stay)."""
        edits = []
        for row in rows:
            if row in skip:
                continue
            start = self.row_starts[row - 1]
            end = self.row_starts[row] if row < len(self.row_starts) else len(self.text)
            line = self.text[start:end]
            if line.strip() and line.startswith(indent):
                edits.append((start + len(indent), start + len(indent), self.unit))
        return edits

    def rewritten(self, start: int, end: int, edits: Sequence[tuple[int, int, str]]) -> str:
        """The text from `start` to `end` with non-overlapping `(start, end, content)` edits applied."""
        text = self.text[start:end]
        for edit_start, edit_end, content in sorted(edits, reverse=True):
            text = text[:edit_start - start] + content + text[edit_end - start:]
        return text


def _string_rows(model: Model, nodes: Iterable[cst.CSTNode]) -> set[int]:
    """Rows that continue a multi-line string (or f-string) somewhere inside `nodes`."""
    rows: set[int] = set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, _STRING_TYPES):
            span = model.position(node)
            rows.update(range(span.start.line + 1, span.end.line + 1))
        else:
            stack.extend(node.children)
    return rows


def _has_effects(node: cst.CSTNode) -> bool:
    return isinstance(node, _EFFECT_TYPES) or any(_has_effects(child) for child in node.children)


def _contains_type(node: cst.CSTNode, types: tuple) -> bool:
    """Whether `node` holds a node of `types`, not counting nested functions and classes."""
    if isinstance(node, types):
        return True
    return any(_contains_type(child, types) for child in node.children if not isinstance(child, SCOPE_TYPES))


def _evaluation_before(model: Model, node: cst.CSTNode, statement: cst.CSTNode) -> Optional[bool]:
    """How `node` is evaluated when its simple statement runs: None when maybe not at all, or not
    once (a lambda, a comprehension's repeated part, a branch of `if`/`or`); otherwise whether
    everything the statement evaluates before it is free of effects (no calls, subscripts...)."""
    clean = True
    child = node
    for parent in model.ancestors(node):
        if parent is statement:
            if isinstance(parent, cst.AugAssign):
                clean = clean and isinstance(parent.target, cst.Name)
            return clean
        if isinstance(parent, _DEFERRED_TYPES) or isinstance(parent, SCOPE_TYPES):
            return None
        if isinstance(parent, COMPREHENSION_TYPES):
            if child is not parent.for_in:
                return None
        elif isinstance(parent, cst.CompFor):
            # Only the first `for`'s iterable is evaluated once, before the loop.
            if child is not parent.iter or getattr(model.parent(parent), "for_in", None) is not parent:
                return None
        elif isinstance(parent, cst.IfExp):
            if child is not parent.test:
                return None
        elif isinstance(parent, cst.BooleanOperation):
            if child is not parent.left:
                return None
        else:
            for sibling in parent.children:
                if sibling is child:
                    break
                clean = clean and not _has_effects(sibling)
        child = parent
    return None


def _fresh_name(model: Model, scope_node: cst.CSTNode, base: str = "executor") -> str:
    """`base`, or `base_1`, `base_2`... : a name that no identifier in `scope_node` spells (the whole
    module for module-level code, whose names functions may read as globals)."""
    taken = {
        name.value
        for name in model.nodes(cst.Name)
        if scope_node is model.module or model.contains(scope_node, name)
    }
    candidate, number = base, 0
    while candidate in taken:
        number += 1
        candidate = f"{base}_{number}"
    return candidate


def _is_generator(model: Model, function: cst.FunctionDef) -> bool:
    return any(model.enclosing_function(node) is function for node in model.nodes(cst.Yield))


def _with_header(text: _SourceText, executor: cst.Call, name: str) -> str:
    return f"with {text.text[text.start(executor):text.end(executor)]} as {name}:"


# ---------------------------------------------------------------------- FUT001
class _WithAroundUses:
    """FUT001's fix: `ex = Executor(...)` and the statements after it in the same block, through the
    executor's last use and the last use of the futures made there, become
    `with Executor(...) as ex:`. None wherever that block would wait where the code meant to go on:
    a future dropped, returned, yielded or stored outside the function, or used in another block."""

    def __init__(self, model: Model, text: _SourceText, call: cst.Call, binding: Binding) -> None:
        self.model, self.text, self.call, self.binding = model, text, call, binding
        self.function = binding.scope.node

    def fix(self) -> Optional[TreeFix]:
        region = self._region()
        if region is None or self._waits_where_code_goes_on(region):
            return None
        block, first, last = region
        line = block.body[first]
        indent = self.text.indentation(line)
        if indent is None:
            return None
        assign = line.body[0]
        header = _with_header(self.text, self.call, self.binding.name)
        edits = [(self.text.start(assign), self.text.end(assign), header)]
        rows = range(self.text.rows(line)[1] + 1, self.text.rows(block.body[last])[1] + 1)
        edits += self.text.deepen(rows, indent, _string_rows(self.model, block.body[first:last + 1]))
        start, end = self.text.start(block), self.text.end(block)
        message = "Use the executor in a `with` block ending after its last use (which now waits for its tasks)"
        return TreeFix("unsafe", message, (Replace(block, self.text.rewritten(start, end, edits)),))

    # ------------------------------------------------------------------ the statements to wrap
    def _region(self) -> Optional[tuple[cst.IndentedBlock, int, int]]:
        """(block, index of the assignment, index of the last statement to wrap)."""
        model, binding = self.model, self.binding
        assign = model.parent(self.call)
        line = model.parent(assign)
        block = model.parent(line)
        if not (
            isinstance(assign, cst.Assign)
            and isinstance(assign.semicolon, cst.MaybeSentinel)
            and isinstance(line, cst.SimpleStatementLine)
            and len(line.body) == 1
            and isinstance(block, cst.IndentedBlock)
        ):
            return None
        if self.function.asynchronous is not None or len(binding.scope.bindings.get(binding.name, ())) != 1:
            return None  # `with` would block the event loop; or another value shares the name
        first = _index_in(block, line)
        uses = [_statement_index(model, block, load) for load in model.loads_of(binding)]
        if not uses or any(use is None or use <= first for use in uses):
            return None
        last = self._through_futures(block, first, max(uses))
        return None if last is None else (block, first, last)

    def _through_futures(self, block: cst.IndentedBlock, first: int, last: int) -> Optional[int]:
        """Grow the region over later statements of the block that use futures (or `map()` iterators)
        named in it; None when such a use is outside the block."""
        model = self.model
        while True:
            start, end = model.order(block.body[first]), model.end_order(block.body[last])
            named = {n.value for n in model.nodes(cst.Name) if start <= model.order(n) <= end}
            grown = last
            for load in self._later_loads(end):
                if load.value in named and self._holds_futures(load):
                    index = _statement_index(model, block, load)
                    if index is None:
                        return None
                    grown = max(grown, index)
            if grown == last:
                return last
            last = grown

    def _later_loads(self, end: int) -> Iterator[cst.Name]:
        model = self.model
        for name in model.nodes(cst.Name):
            if model.order(name) > end and model.contains(self.function, name) and model.binding_of(name) is None:
                parent = model.parent(name)
                if not (isinstance(parent, cst.Attribute) and parent.attr is name):
                    yield name

    def _holds_futures(self, expr: cst.BaseExpression, seen: Optional[set] = None) -> bool:
        """A future, a container of them or a `map()` iterator, or what a call other than a builtin
        made of one (`Wrapper(fut)`, and names bound to it): something whose task may still run."""
        model = self.model
        seen = set() if seen is None else seen
        if isinstance(expr, (cst.Tuple, cst.List, cst.Set)):
            return any(self._holds_futures(element.value, seen) for element in expr.elements)
        if model.is_future(expr) or model.is_future_container(expr) or model.executor_method_receiver(expr, "map"):
            return True
        if isinstance(expr, cst.Call) and not (model.qualname(expr.func) or "").startswith("builtins."):
            return any(self._holds_futures(arg.value, seen) for arg in expr.args)
        if isinstance(expr, cst.Name) and id(expr) not in seen:
            seen.add(id(expr))
            return any(
                b.value is not None and not b.path and b.scope is self.binding.scope and self._holds_futures(b.value, seen)
                for b in model.resolve(expr) or ()
            )
        return False

    # ------------------------------------------------------------------ what must not wait
    def _waits_where_code_goes_on(self, region: tuple[cst.IndentedBlock, int, int]) -> bool:
        block, first, last = region
        statements = block.body[first:last + 1]
        model = self.model
        if any(_contains_type(statement, (cst.Yield,)) for statement in statements):
            return True  # a generator would hold the pool while suspended
        start, end = model.order(statements[0]), model.end_order(statements[-1])
        if any(start <= model.order(call) <= end and _bounds_wait(model, call) for call in model.calls):
            return True  # the code gives up waiting after a timeout; the `with` would wait on
        for load in model.loads_of(self.binding):
            method = model.parent(load)
            call = model.parent(method)
            if isinstance(method, cst.Attribute) and isinstance(call, cst.Call) and call.func is method:
                if method.attr.value in ("submit", "map") and self._future_goes_on(call):
                    return True
        returns = [r for r in model.nodes(cst.Return) if model.enclosing_function(r) is self.function]
        return any(
            r.value is not None and self._holds_futures(r.value) and any(model.contains(s, r) for s in statements)
            for r in returns
        )

    def _future_goes_on(self, call: cst.Call) -> bool:
        """The future (or iterator) is dropped, returned, or kept outside the function's locals: its
        task was meant to run on after the block."""
        model = self.model
        parent = model.parent(call)
        if isinstance(parent, (cst.Expr, cst.Return, cst.Yield)):
            return True
        if isinstance(parent, (cst.Assign, cst.AnnAssign)) and parent.value is call:
            targets = [t.target for t in parent.targets] if isinstance(parent, cst.Assign) else [parent.target]
            if not all(isinstance(t, cst.Name) for t in targets):
                return True  # stored on an attribute, in a subscript, or unpacked
            return any(not model.loads_of(model.binding_of(t)) for t in targets if model.binding_of(t) is not None)
        if isinstance(parent, cst.Arg) and _stored_in_container(model, call):
            receiver = model.parent(parent).func.value
            root = container_root(receiver)
            bindings = model.resolve(root) if root is not None else None
            return not bindings or any(b.scope is not self.binding.scope or b.kind == "param" for b in bindings)
        return False


def _bounds_wait(model: Model, call: cst.Call) -> bool:
    """A wait with a timeout: `fut.result(5)`, `wait(fs, 5)`, `as_completed(fs, timeout=5)`,
    `ex.map(f, xs, timeout=5)` (not `ex.submit(run, timeout=5)`, whose timeout is the task's)."""
    if model.future_method_receiver(call, "result", "exception") is not None:
        return bool(call.args)
    if model.is_cf_call(call, "wait", "as_completed"):
        return call_argument(call, "timeout", 1) is not None
    return model.executor_method_receiver(call, "map") is not None and call_argument(call, "timeout") is not None


def _index_in(block: cst.IndentedBlock, statement: cst.CSTNode) -> int:
    return next(i for i, s in enumerate(block.body) if s is statement)


def _statement_index(model: Model, block: cst.IndentedBlock, node: cst.CSTNode) -> Optional[int]:
    """The index of the statement of `block` holding `node` (None when another block holds it, or a
    nested function)."""
    child = node
    for ancestor in model.ancestors(node):
        if ancestor is block:
            return _index_in(block, child)
        if isinstance(ancestor, SCOPE_TYPES):
            return None
        child = ancestor
    return None


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
        text: Optional[_SourceText] = None
        for call, _ in executor_constructions(model):
            binding = self._local_binding(model, call)
            if binding is None or never_returns(binding.scope.node):
                continue
            if not self._managed(model, binding):
                text = text or _SourceText(model)
                yield Report(call, fix=_WithAroundUses(model, text, call, binding).fix())

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

    ## Fix safety
    The fix creates the executor in a `with` statement around the statement, under a name the scope
    does not use (`executor`, `executor_1`...). It is safe when the statement already waited for all
    the executor's work — `.submit(...).result()` or `.exception()` without a timeout, or `map()`
    without a timeout consumed to its end by `list()`, `sorted()`, `sum()`, `*` or a comprehension —
    and nothing with an effect is evaluated before the executor in the statement. Then the only change
    is that the idle workers are shut down (when a task fails, the tasks already running are waited
    for before the exception propagates).

    It is unsafe when the statement waited for only part of the work (a timeout, `next()`, `any()`,
    `all()`, `zip()`), since leaving the `with` now waits for the rest, or when the statement
    evaluates something with an effect (a call...) before creating the executor, which now comes first.

    There is no fix when the future or the iterator outlives the statement
    (`fut = ThreadPoolExecutor().submit(job)`, a bare `submit()`): the `with` would make code that
    runs the task in the background wait for it, which can hang. Nor inside a lambda, a
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
        text: Optional[_SourceText] = None
        for call, _ in executor_constructions(model):
            parent = model.parent(call)
            if isinstance(parent, cst.Expr):
                yield Report(call)
            elif isinstance(parent, cst.Attribute) and parent.value is call and self._method_call(model, parent):
                text = text or _SourceText(model)
                yield Report(call, fix=self._fix(model, text, call, model.parent(parent)))

    @staticmethod
    def _method_call(model: Model, attribute: cst.Attribute) -> bool:
        call = model.parent(attribute)
        if not (isinstance(call, cst.Call) and call.func is attribute):
            return False
        # `__enter__` is a hand-written `with`; `shutdown` leaks nothing.
        return attribute.attr.value not in ("shutdown", "__enter__")

    # ------------------------------------------------------------------ fix
    def _fix(self, model: Model, text: _SourceText, executor: cst.Call, method_call: cst.Call) -> Optional[TreeFix]:
        """`with <executor> as <fresh name>:` around the statement, when the statement already waits
        for the executor's work (safe) or waits for some of it (unsafe)."""
        waits = self._waits_for_work(model, method_call)
        statement = model.statement_of(executor)
        if waits is None or not self._wrappable(model, statement):
            return None
        order_kept = _evaluation_before(model, executor, statement)
        if order_kept is None or _contains_type(statement, (cst.Yield, cst.Await)):
            return None
        scope_node = self._scope_node(model, statement)
        if scope_node is None:
            return None
        line = model.parent(statement)
        indent = text.indentation(line)
        if indent is None:
            return None
        name = _fresh_name(model, scope_node)
        start, end = text.start(line), text.end(line)
        first_row, last_row = text.rows(line)
        executor_first, executor_last = text.rows(executor)
        # Lines starting inside the constructor move with it to the header, unchanged.
        skip = _string_rows(model, [line]) | set(range(executor_first + 1, executor_last + 1))
        edits = [(text.start(executor), text.end(executor), name)]
        edits += text.deepen(range(first_row + 1, last_row + 1), indent, skip)
        body = text.rewritten(start, end, edits)
        replacement = f"{_with_header(text, executor, name)}{text.newline}{indent}{text.unit}{body}"
        edit = (Replace(line, replacement),)
        if waits and order_kept:
            return TreeFix("safe", "Create the executor in a `with` statement", edit)
        if not waits:
            return TreeFix("unsafe", "Create the executor in a `with` statement, which waits for all its tasks", edit)
        return TreeFix("unsafe", "Create the executor in a `with` statement, before the rest of the statement", edit)

    @staticmethod
    def _waits_for_work(model: Model, method_call: cst.Call) -> Optional[bool]:
        """Whether the statement waits for all the work given to the executor: True for
        `.submit(...).result()` and `.map()` fully consumed, both without a timeout; False when it waits
        for part of it (a timeout, `next()`, `zip()`...); None when the future or the iterator outlives
        the statement (kept, returned or dropped): a `with` would block where the code meant to go on."""
        method = method_call.func.attr.value
        if method == "submit":
            attribute = model.parent(method_call)
            call = model.parent(attribute)
            if isinstance(attribute, cst.Attribute) and attribute.attr.value in ("result", "exception"):
                if isinstance(call, cst.Call) and call.func is attribute:
                    return not call.args
            return None
        if method == "map":
            consumed = consumption_in_statement(model, method_call)
            if consumed is None:
                return None
            return consumed and call_argument(method_call, "timeout") is None
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
                if isinstance(statement, cst.Return) and _is_generator(model, ancestor):
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
            key = model.code(receiver).strip()
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
                key = model.code(call.func.value).strip()
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
            if any(model.code(t).strip() == key or key in _target_names(model, t) for t in targets):
                return True
        return False

    @staticmethod
    def _scheduling_calls(model: Model, statement: cst.CSTNode, key: str) -> Iterator[cst.Call]:
        for node in nodes_of_same_scope(statement):
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
            if kind.spawns_processes and is_process_pool(model, call) and self._runs_on_import(model, call):
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
