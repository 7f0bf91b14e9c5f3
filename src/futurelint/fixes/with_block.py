"""The `with`-block fixes: FUT001's `with` around the statements that use an executor, and
FUT002's `with` around the one line that creates and uses a temporary executor."""

from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from futurelint.fixes.source_text import SourceText, fresh_name, string_rows, with_header
from futurelint.rules.base import Replace, TreeFix
from futurelint.semantic import (
    SCOPE_TYPES, Binding, Model, call_argument, consumption_in_statement, container_root, holds, stored_in_container,
)


_DISPLAY_TYPES = (cst.Element, cst.DictElement, cst.Tuple, cst.List, cst.Set, cst.Dict)
_DEFERRING_TYPES = (cst.GeneratorExp, cst.Lambda, cst.FunctionDef, cst.ClassDef)
# Builtins whose result holds what their arguments hold: `dict(zip(names, futures))` holds futures.
_CONTAINER_BUILTINS = ("dict", "list", "tuple", "set", "frozenset", "zip", "sorted", "reversed", "iter", "enumerate", "filter")


def _element_of(node: cst.CSTNode, child: cst.CSTNode) -> bool:
    """`child` is what the comprehension `node` makes its items of (not what it iterates over)."""
    if isinstance(node, (cst.ListComp, cst.SetComp, cst.GeneratorExp)):
        return child is node.elt
    return isinstance(node, cst.DictComp) and (child is node.key or child is node.value)


class WithAroundUses:
    """FUT001's fix: `ex = Executor(...)` and the statements after it in the same block, through the
    executor's last use and the last use of the futures made there, become
    `with Executor(...) as ex:`. None wherever that block would wait where the code meant to go on:
    a future dropped, returned, yielded or stored outside the function, or used in another block."""

    def __init__(self, model: Model, text: SourceText, call: cst.Call, binding: Binding) -> None:
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
        header = with_header(self.text, self.call, self.binding.name)
        edits = [(self.text.start(assign), self.text.end(assign), header)]
        rows = range(self.text.rows(line)[1] + 1, self.text.rows(block.body[last])[1] + 1)
        edits += self.text.deepen(rows, indent, string_rows(self.model, block.body[first:last + 1]))
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
        first = index_in(block, line)
        uses = [statement_index(model, block, load) for load in model.loads_of(binding)]
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
                    index = statement_index(model, block, load)
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

    def _holds_futures(self, expr: cst.BaseExpression, seen: Optional[set] = None, iterators: bool = True) -> bool:
        """A future, a container of them or a `map()` iterator, or what a call other than a builtin
        made of one (`Wrapper(fut)`, and names bound to it): something whose task may still run.
        Container builtins hold what they are given (`dict(zip(names, futures))`), except the
        values of a `map()` iterator they consume (`list(ex.map(...))`: `iterators=False`)."""
        model = self.model
        seen = set() if seen is None else seen

        def holds(node: cst.BaseExpression, keep_iterators: bool = iterators) -> bool:
            return self._holds_futures(node, seen, keep_iterators)

        if isinstance(expr, (cst.Tuple, cst.List, cst.Set)):
            return any(holds(element.value) for element in expr.elements)
        if isinstance(expr, cst.Dict):
            return any(holds(e.value) for e in expr.elements)
        if isinstance(expr, (cst.ListComp, cst.SetComp, cst.GeneratorExp)):
            return holds(expr.elt)
        if isinstance(expr, cst.DictComp):
            return holds(expr.key) or holds(expr.value)
        if model.is_future(expr) or model.is_future_container(expr):
            return True
        if model.executor_method_receiver(expr, "map"):
            return iterators
        if isinstance(expr, cst.Call) and model.is_builtin(expr.func, *_CONTAINER_BUILTINS):
            return any(holds(arg.value, False) for arg in expr.args)
        if isinstance(expr, cst.Call) and not (model.qualname(expr.func) or "").startswith("builtins."):
            return any(holds(arg.value) for arg in expr.args)
        if isinstance(expr, cst.Name) and id(expr) not in seen:
            seen.add(id(expr))
            return any(
                b.value is not None and not b.path and b.scope is self.binding.scope and holds(b.value)
                for b in model.resolve(expr) or ()
            )
        return False

    # ------------------------------------------------------------------ what must not wait
    def _waits_where_code_goes_on(self, region: tuple[cst.IndentedBlock, int, int]) -> bool:
        block, first, last = region
        statements = block.body[first:last + 1]
        model = self.model
        if any(holds(statement, (cst.Yield,)) for statement in statements):
            return True  # a generator would hold the pool while suspended
        if self._read_later():
            return True
        start, end = model.order(statements[0]), model.end_order(statements[-1])
        if any(start <= model.order(call) <= end and bounds_wait(model, call) for call in model.calls):
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
        """The future (or iterator), alone or in a display, is dropped, returned, or kept outside
        the function's locals (`pending += [fut]`, `pending.append(fut)` on a parameter): its task
        was meant to run on after the block."""
        model = self.model
        child, parent = call, model.parent(call)
        while isinstance(parent, _DISPLAY_TYPES) or _element_of(parent, child):
            child, parent = parent, model.parent(parent)
        if isinstance(parent, (cst.Expr, cst.Return, cst.Yield)):
            return True
        if isinstance(parent, (cst.Assign, cst.AnnAssign)) and parent.value is child:
            targets = [t.target for t in parent.targets] if isinstance(parent, cst.Assign) else [parent.target]
            if not all(isinstance(t, cst.Name) for t in targets):
                return True  # stored on an attribute, in a subscript, or unpacked
            return any(not model.loads_of(model.binding_of(t)) for t in targets if model.binding_of(t) is not None)
        if isinstance(parent, cst.AugAssign) and parent.value is child:
            return self._outlives(parent.target)
        if isinstance(parent, cst.Arg) and stored_in_container(model, child):
            return self._outlives(model.parent(parent).func.value)
        return False

    def _outlives(self, container: cst.BaseExpression) -> bool:
        """The container is not a local of the function (a parameter, a global, an attribute)."""
        root = container_root(container)
        bindings = self.model.resolve(root) if root is not None else None
        return not bindings or any(b.scope is not self.binding.scope or b.kind == "param" for b in bindings)

    def _read_later(self) -> bool:
        """The executor is read in a generator expression, a lambda or a nested function: that code
        may run after the `with` block has shut the executor down."""
        for load in self.model.loads_of(self.binding):
            for ancestor in self.model.ancestors(load):
                if ancestor is self.function:
                    break
                if isinstance(ancestor, _DEFERRING_TYPES) and not self._runs_now(ancestor, load):
                    return True
        return False

    def _runs_now(self, node: cst.CSTNode, load: cst.Name) -> bool:
        """A generator expression that runs where it stands: `load` is in its first iterable
        (evaluated when it is made), or the statement consumes it to its end (`tuple(... for ...)`)."""
        if not isinstance(node, cst.GeneratorExp):
            return False
        return self.model.contains(node.for_in.iter, load) or consumption_in_statement(self.model, node) is True


def bounds_wait(model: Model, call: cst.Call) -> bool:
    """A wait with a timeout: `fut.result(5)`, `wait(fs, 5)`, `as_completed(fs, timeout=5)`,
    `ex.map(f, xs, timeout=5)` (not `ex.submit(run, timeout=5)`, whose timeout is the task's)."""
    if model.future_method_receiver(call, "result", "exception") is not None:
        return bool(call.args)
    if model.is_cf_call(call, "wait", "as_completed"):
        return call_argument(call, "timeout", 1) is not None
    return model.executor_method_receiver(call, "map") is not None and call_argument(call, "timeout") is not None


def index_in(block: cst.IndentedBlock, statement: cst.CSTNode) -> int:
    return next(i for i, s in enumerate(block.body) if s is statement)


def statement_index(model: Model, block: cst.IndentedBlock, node: cst.CSTNode) -> Optional[int]:
    """The index of the statement of `block` holding `node` (None when another block holds it, or a
    nested function)."""
    child = node
    for ancestor in model.ancestors(node):
        if ancestor is block:
            return index_in(block, child)
        if isinstance(ancestor, SCOPE_TYPES):
            return None
        child = ancestor
    return None


def with_around_line(
    model: Model, text: SourceText, executor: cst.Call, statement: cst.CSTNode, scope_node: cst.CSTNode,
) -> Optional[Replace]:
    """`with <executor> as <fresh name>:` around the line holding `statement`, where the name then
    stands for the executor; None when the line's indentation cannot be deepened cleanly."""
    line = model.parent(statement)
    indent = text.indentation(line)
    if indent is None:
        return None
    name = fresh_name(model, scope_node)
    start, end = text.start(line), text.end(line)
    first_row, last_row = text.rows(line)
    executor_first, executor_last = text.rows(executor)
    # Lines starting inside the constructor move with it to the header, unchanged.
    skip = string_rows(model, [line]) | set(range(executor_first + 1, executor_last + 1))
    edits = [(text.start(executor), text.end(executor), name)]
    edits += text.deepen(range(first_row + 1, last_row + 1), indent, skip)
    body = text.rewritten(start, end, edits)
    return Replace(line, f"{with_header(text, executor, name)}{text.newline}{indent}{text.unit}{body}")
