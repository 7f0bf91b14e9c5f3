"""Rules of the topic "Python ThreadPoolExecutor - max_workers"."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Iterator, Optional

import libcst as cst

from futurelint.rules.base import Report, Rule
from futurelint.semantic import (
    ExecutorKind, Model, call_argument, executor_constructions, grows_after, is_process_pool,
)

WINDOWS_PROCESS_LIMIT = 61
_CPU_COUNT = ("os.cpu_count", "os.process_cpu_count")
# `len()` of these measures the machine, not the input.
_AFFINITY = ("os.sched_getaffinity",)
_ARITHMETIC = (cst.Add, cst.Subtract, cst.Multiply, cst.FloorDivide, cst.Divide)
_PASS_THROUGH = ("builtins.int", "builtins.round", "math.ceil", "math.floor")


# ---------------------------------------------------------------------- shared helpers
def max_workers_value(model: Model, call: cst.Call) -> Optional[cst.BaseExpression]:
    """The `max_workers` argument of an executor constructor: the keyword, or the first positional
    one when the class is concurrent.futures' own (a subclass may take other parameters first)."""
    own_class = model.qualname(call.func) is not None
    arg = call_argument(call, "max_workers", 0 if own_class else None)
    return arg.value if arg is not None and not arg.star else None


def literal_number(expr: cst.BaseExpression) -> Optional[float]:
    """The value of an int/float literal, negated ones included."""
    negative = False
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Minus):
        negative, expr = True, expr.expression
    if not isinstance(expr, (cst.Integer, cst.Float)):
        return None
    value = ast.literal_eval(expr.value)
    return -value if negative else value


def literal_max_workers(model: Model, call: cst.Call) -> Optional[tuple[cst.BaseExpression, float]]:
    """The `max_workers` argument and its value, when it is a number literal."""
    value = max_workers_value(model, call)
    number = literal_number(value) if value is not None else None
    return (value, number) if number is not None else None


# ---------------------------------------------------------------------- len(x) flow
@dataclass
class SizeFlow:
    """How a `max_workers` expression depends on the size of some input."""

    lens: list  # the `len(x)` calls it derives from
    names: list  # local variables the value passed through
    unbounded: bool  # grows with the input, no upper bound
    may_be_zero: bool  # is 0 when the input is empty


def size_flow(model: Model, expr: cst.BaseExpression, depth: int = 0) -> Optional[SizeFlow]:
    """The dependence of `expr` on `len(...)`, or None when it has none (or it cannot be judged)."""
    if depth > 8:
        return None
    if isinstance(expr, cst.Call):
        return _call_flow(model, expr, depth)
    if isinstance(expr, cst.Name):
        return _name_flow(model, expr, depth)
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, _ARITHMETIC):
        return _arithmetic_flow(model, expr, depth)
    if isinstance(expr, cst.BooleanOperation) and isinstance(expr.operator, cst.Or):
        left, right = size_flow(model, expr.left, depth + 1), size_flow(model, expr.right, depth + 1)
        if left is None and right is None:
            return None
        # `a or b` is `b` whenever `a` is 0: it is zero only if `b` can be.
        return _merge(left, right, unbounded=any(f is not None and f.unbounded for f in (left, right)),
                      may_be_zero=right is not None and right.may_be_zero)
    return None


def _merge(*flows: Optional[SizeFlow], unbounded: bool, may_be_zero: bool) -> SizeFlow:
    lens, names = [], []
    for flow in flows:
        if flow is not None:
            lens += flow.lens
            names += flow.names
    return SizeFlow(lens, names, unbounded, may_be_zero)


def _call_flow(model: Model, call: cst.Call, depth: int) -> Optional[SizeFlow]:
    if model.is_builtin(call.func, "len") and len(call.args) == 1 and not call.args[0].star:
        if _measures_machine(model, call.args[0].value) or _fixed_size(model, call.args[0].value):
            return None
        return SizeFlow([call], [], unbounded=True, may_be_zero=not _never_empty(model, call.args[0].value))
    args = [a.value for a in call.args if not a.star and a.keyword is None]
    if len(args) != len(call.args) or not args:
        return None
    flows = [size_flow(model, arg, depth + 1) for arg in args]
    if all(flow is None for flow in flows):
        return None
    qualified = model.qualname(call.func)
    if qualified == "builtins.min":
        return _merge(*flows, unbounded=all(f is not None and f.unbounded for f in flows),
                      may_be_zero=any(f is not None and f.may_be_zero for f in flows))
    if qualified == "builtins.max":
        return _merge(*flows, unbounded=any(f is not None and f.unbounded for f in flows),
                      may_be_zero=all(f is not None and f.may_be_zero for f in flows))
    if qualified in _PASS_THROUGH and flows[0] is not None:
        return flows[0]
    return None


def _measures_machine(model: Model, expr: cst.BaseExpression) -> bool:
    if not isinstance(expr, cst.Call):
        return False
    if model.qualname(expr.func) in _AFFINITY:
        return True
    return isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "cpu_affinity"


def _fixed_size(model: Model, expr: cst.BaseExpression) -> bool:
    """A literal display, or a name bound only to literal displays: its size is not input."""
    if isinstance(expr, (cst.List, cst.Tuple, cst.Set, cst.Dict)):
        return not any(isinstance(e, (cst.StarredElement, cst.StarredDictElement)) for e in expr.elements)
    if isinstance(expr, cst.Name):
        bindings = model.resolve(expr)
        if _is_module_constant(expr, bindings):
            return True
        return bool(bindings) and all(
            b.kind in ("assign", "annassign") and not b.path and b.value is not None and _fixed_size(model, b.value)
            and not grows_after(model, b)
            for b in bindings
        )
    return False


def _never_empty(model: Model, expr: cst.BaseExpression) -> bool:
    """`urls or DEFAULT_URLS` (directly or through a variable): empty input falls back to a
    non-empty display or an upper-case constant."""
    if isinstance(expr, cst.Name):
        bindings = model.resolve(expr)
        return bool(bindings) and all(
            b.kind in ("assign", "annassign") and not b.path and isinstance(b.value, cst.BooleanOperation)
            and _never_empty(model, b.value)
            for b in bindings
        )
    if isinstance(expr, cst.BooleanOperation) and isinstance(expr.operator, cst.Or):
        fallback = expr.right
        if isinstance(fallback, (cst.List, cst.Tuple, cst.Set, cst.Dict)):
            return bool(fallback.elements)
        return isinstance(fallback, cst.Name) and _is_module_constant(fallback, model.resolve(fallback))
    return False


def _is_module_constant(name: cst.Name, bindings) -> bool:
    """`len(SERVERS)`: an upper-case module-level name (defined or imported) is configuration."""
    text = name.value
    return (
        text.isupper()
        and bool(bindings)
        and all(b.scope.kind == "module" and b.kind in ("assign", "annassign", "import") for b in bindings)
    )


def _arithmetic_flow(model: Model, expr: cst.BinaryOperation, depth: int) -> Optional[SizeFlow]:
    left, right = size_flow(model, expr.left, depth + 1), size_flow(model, expr.right, depth + 1)
    if left is None and right is None:
        return None
    operator = expr.operator
    if isinstance(operator, (cst.Add, cst.Subtract)):
        # `len(x) + k`: not zero unless every operand comes from a size.
        zero = left is not None and right is not None and left.may_be_zero and right.may_be_zero
        return _merge(left, right, unbounded=any(f is not None and f.unbounded for f in (left, right)), may_be_zero=zero)
    if isinstance(operator, cst.Multiply):
        return _merge(left, right, unbounded=any(f is not None and f.unbounded for f in (left, right)),
                      may_be_zero=any(f is not None and f.may_be_zero for f in (left, right)))
    # Division scales the size down: a choice of ratio, not an unbounded count, but still 0 for [].
    if left is None:
        return None
    return _merge(left, unbounded=False, may_be_zero=left.may_be_zero)


def _name_flow(model: Model, name: cst.Name, depth: int) -> Optional[SizeFlow]:
    """A local variable of the same function, every assignment of which derives from a size."""
    bindings = model.resolve(name)
    if not bindings:
        return None
    scope = model.scope_of(name).function_scope
    if scope.kind == "module" or any(b.scope.function_scope is not scope for b in bindings):
        return None
    flows = []
    for binding in bindings:
        if binding.kind not in ("assign", "annassign") or binding.path or binding.value is None:
            return None
        flow = size_flow(model, binding.value, depth + 1)
        if flow is None:
            return None
        flows.append(flow)
    merged = _merge(*flows, unbounded=all(f.unbounded for f in flows), may_be_zero=any(f.may_be_zero for f in flows))
    merged.names.append(name.value)
    return merged


def _flow_keys(model: Model, flow: SizeFlow) -> set:
    """Source spellings a guard may test: the inputs, their `len(...)`, the variables."""
    keys = set(flow.names)
    for call in flow.lens:
        keys.add(model.source_of(call.args[0].value).strip())
        keys.add(model.source_of(call).strip())
    return keys


def _mentions(model: Model, node: cst.CSTNode, keys: set) -> bool:
    if isinstance(node, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)) and model.source_of(node).strip() in keys:
        return True
    return any(_mentions(model, child, keys) for child in node.children)


def _tests_before(model: Model, call: cst.Call) -> Iterator[cst.CSTNode]:
    """`if`/`while`/`assert`/conditional-expression nodes of the same function that come before
    the constructor or enclose it."""
    function = model.enclosing_function(call)
    position = model.order(call)
    for node_type in (cst.If, cst.While, cst.Assert, cst.IfExp):
        for node in model.nodes(node_type):
            if model.order(node) < position and model.enclosing_function(node) is function:
                yield node


def _compares_size(model: Model, call: cst.Call, keys: set) -> bool:
    """An ordering comparison on the size before the pool (`if len(x) > 100: raise`) bounds it."""
    for test in _tests_before(model, call):
        condition = test.test
        for comparison in _comparisons(condition):
            if _mentions(model, comparison, keys) and _orders_against_a_limit(comparison):
                return True
    return False


def _orders_against_a_limit(comparison: cst.Comparison) -> bool:
    """`len(x) > 100`, `n <= limit`; but `len(x) > 0` only tests for emptiness."""
    operands = [comparison.left] + [target.comparator for target in comparison.comparisons]
    if any(isinstance(o, cst.Integer) and o.value in ("0", "1") for o in operands):
        return False
    return any(
        isinstance(target.operator, (cst.LessThan, cst.LessThanEqual, cst.GreaterThan, cst.GreaterThanEqual))
        for target in comparison.comparisons
    )


def _comparisons(node: cst.CSTNode) -> Iterator[cst.Comparison]:
    if isinstance(node, cst.Comparison):
        yield node
    for child in node.children:
        yield from _comparisons(child)


def _guards_zero(model: Model, call: cst.Call, keys: set) -> bool:
    """`if not x: return`, `if x:` around the pool, `assert x`, `... if x else ...`."""
    for test in _tests_before(model, call):
        if not _mentions(model, test.test, keys):
            continue
        if isinstance(test, cst.Assert):
            return True
        if model.contains(test, call):
            return True
        if isinstance(test, cst.If) and _exits(test.body):
            return True
    return False


def _exits(block: cst.BaseSuite) -> bool:
    statements = block.body
    if not statements:
        return False
    last = statements[-1]
    if isinstance(last, cst.SimpleStatementLine):
        return any(isinstance(s, (cst.Return, cst.Raise, cst.Continue, cst.Break)) for s in last.body)
    return False


def _size_arguments(model: Model) -> Iterator[tuple[cst.Call, cst.BaseExpression, SizeFlow]]:
    for call, _ in executor_constructions(model):
        value = max_workers_value(model, call)
        if value is None:
            continue
        flow = size_flow(model, value)
        if flow is not None:
            yield call, value, flow


def reports_unbounded_size(model: Model, call: cst.Call, flow: SizeFlow) -> bool:
    return flow.unbounded and not _compares_size(model, call, _flow_keys(model, flow))


# ---------------------------------------------------------------------- rules
class MaxWorkersNotPositive(Rule):
    """
    ## What it does
    Flags an executor whose `max_workers` (keyword or first positional argument) is a literal `0`
    or a negative number.

    ## Why is this bad?
    `ThreadPoolExecutor` and `ProcessPoolExecutor` reject it: the constructor raises
    `ValueError: max_workers must be greater than 0`. To mean "the default", pass `None` or leave
    the argument out.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=0) as ex:
        ...
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as ex:
        ...
    ```

    ## References
    - [`ThreadPoolExecutor`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.ThreadPoolExecutor)
    """

    code = "FUT101"
    name = "max-workers-not-positive"
    message = "`max_workers` must be greater than 0; the constructor raises `ValueError`"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\nex = ThreadPoolExecutor(max_workers=1)\n",
        "from concurrent.futures import ThreadPoolExecutor\nex = ThreadPoolExecutor(None)\n",
        "import multiprocessing\npool = multiprocessing.Pool(0)\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\nex = ThreadPoolExecutor(max_workers=0)\n",
        "import concurrent.futures as cf\nwith cf.ProcessPoolExecutor(-1) as ex:\n    pass\n",
    )

    def check(self, model: Model):
        for call, _ in executor_constructions(model):
            literal = literal_max_workers(model, call)
            if literal is not None and literal[1] <= 0:
                yield Report(literal[0])


class MaxWorkersFromInputSize(Rule):
    """
    ## What it does
    Flags `max_workers` computed from the size of the input — `len(items)`, `len(items) * 2`,
    `len(items) + 1`, `workers or len(items)`, or a local variable assigned such a value — with no
    upper bound.

    ## Why is this bad?
    One thread (or process) per item works for the ten items of a test and falls over with the ten
    thousand of production: every worker costs a stack, a scheduler slot and, for processes, a whole
    interpreter. The pool queues extra tasks anyway, so a fixed cap loses nothing.
    Bound it with `min(len(items), 32)`.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    def fetch_all(urls):
        with ThreadPoolExecutor(max_workers=len(urls)) as ex:
            return list(ex.map(fetch, urls))
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    def fetch_all(urls):
        with ThreadPoolExecutor(max_workers=max(1, min(len(urls), 32))) as ex:
            return list(ex.map(fetch, urls))
    ```

    ## References
    - [`ThreadPoolExecutor`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.ThreadPoolExecutor)
    """

    code = "FUT102"
    name = "max-workers-from-input-size"
    message = "`max_workers` grows with the size of the input without an upper bound; cap it, e.g. `min(len(x), 32)`"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def f(xs):\n    with ThreadPoolExecutor(min(len(xs), 32) or 1) as ex:\n        return list(ex.map(g, xs))\n",
        "import os\nfrom concurrent.futures import ProcessPoolExecutor\n"
        "ex = ProcessPoolExecutor(len(os.sched_getaffinity(0)))\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def f(xs):\n    with ThreadPoolExecutor(max_workers=len(xs)) as ex:\n        return list(ex.map(g, xs))\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def f(xs, workers=None):\n    n = workers or len(xs) * 2\n"
        "    with ThreadPoolExecutor(n) as ex:\n        return list(ex.map(g, xs))\n",
    )

    def check(self, model: Model):
        for call, value, flow in _size_arguments(model):
            if reports_unbounded_size(model, call, flow):
                yield Report(value)


class MaxWorkersTooLarge(Rule):
    """
    ## What it does
    Flags a `ThreadPoolExecutor` whose literal `max_workers` is above the configured limit
    (`max-workers-limit`, 128 by default; the limit itself is allowed).

    ## Why is this bad?
    Threads share one interpreter and, for Python code, one GIL. Past a few dozen, more threads mostly
    add context switches, memory for their stacks and contention, not throughput. If the work really is
    that I/O-bound, an event loop scales further. Process pools are checked by FUT104.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    ex = ThreadPoolExecutor(max_workers=1000)
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    ex = ThreadPoolExecutor(max_workers=64)
    ```

    ## References
    - [`ThreadPoolExecutor`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.ThreadPoolExecutor)
    """

    code = "FUT103"
    name = "max-workers-too-large"
    message = "`max_workers` is above the configured limit; more threads mostly add context switching"
    template = "`max_workers` of {value} threads is above the limit of {limit}; more threads mostly add context switching"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\nex = ThreadPoolExecutor(max_workers=128)\n",
        "from concurrent.futures import ProcessPoolExecutor\nex = ProcessPoolExecutor(200)\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\nex = ThreadPoolExecutor(max_workers=129)\n",
        "from concurrent.futures import ThreadPoolExecutor as TPE\nwith TPE(1_000) as ex:\n    pass\n",
    )

    def check(self, model: Model):
        limit = self.settings.max_workers_limit
        for call, kind in executor_constructions(model):
            literal = literal_max_workers(model, call) if kind is ExecutorKind.THREAD else None
            if literal is not None and literal[1] > limit:
                value = literal[0]
                yield Report(value, self.describe(value=model.source_of(value).strip(), limit=limit))


class ProcessPoolWorkersOverWindowsLimit(Rule):
    """
    ## What it does
    Flags `ProcessPoolExecutor(max_workers=N)` with a literal `N` above 61.

    ## Why is this bad?
    On Windows the pool waits on its workers with `WaitForMultipleObjects`, which handles at most 64
    handles; `ProcessPoolExecutor` therefore raises `ValueError: max_workers must be <= 61` there. The
    code works on Linux and macOS and fails on Windows.

    ## Example
    ```python
    from concurrent.futures import ProcessPoolExecutor

    ex = ProcessPoolExecutor(max_workers=64)
    ```

    ## Use instead
    ```python
    from concurrent.futures import ProcessPoolExecutor

    ex = ProcessPoolExecutor(max_workers=61)
    ```

    ## References
    - [`ProcessPoolExecutor`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.ProcessPoolExecutor)
    """

    code = "FUT104"
    name = "process-pool-workers-over-windows-limit"
    message = "`ProcessPoolExecutor` with more than 61 workers raises `ValueError` on Windows"
    valid = (
        "from concurrent.futures import ProcessPoolExecutor\nex = ProcessPoolExecutor(61)\n",
        "from concurrent.futures import ThreadPoolExecutor\nex = ThreadPoolExecutor(100)\n",
    )
    invalid = (
        "from concurrent.futures import ProcessPoolExecutor\nex = ProcessPoolExecutor(max_workers=64)\n",
        "import concurrent.futures as cf\nwith cf.ProcessPoolExecutor(100) as ex:\n    pass\n",
    )

    def check(self, model: Model):
        for call, kind in executor_constructions(model):
            if not kind.spawns_processes or not is_process_pool(model, call):
                continue
            literal = literal_max_workers(model, call)
            if literal is not None and literal[1] > WINDOWS_PROCESS_LIMIT:
                yield Report(literal[0])


class CpuCountMayBeNone(Rule):
    """
    ## What it does
    Flags arithmetic on `os.cpu_count()` (or `os.process_cpu_count()`) passed as `max_workers`
    without a fallback, e.g. `os.cpu_count() * 2`, also through a local variable assigned
    `os.cpu_count()`.

    ## Why is this bad?
    `os.cpu_count()` returns `None` when the number of CPUs cannot be determined, and
    `None * 2` raises `TypeError`, on exactly the unusual machine where nobody is watching.
    `(os.cpu_count() or 1) * 2` always works. (`multiprocessing.cpu_count()` raises instead and is
    not flagged.)

    ## Example
    ```python
    import os
    from concurrent.futures import ThreadPoolExecutor

    ex = ThreadPoolExecutor(max_workers=os.cpu_count() * 4)
    ```

    ## Use instead
    ```python
    import os
    from concurrent.futures import ThreadPoolExecutor

    ex = ThreadPoolExecutor(max_workers=(os.cpu_count() or 1) * 4)
    ```

    ## References
    - [`os.cpu_count`](https://docs.python.org/3/library/os.html#os.cpu_count)
    """

    code = "FUT105"
    name = "cpu-count-may-be-none"
    default = False
    message = "`os.cpu_count()` may return `None`; arithmetic on it raises `TypeError`, use `(os.cpu_count() or 1)`"
    valid = (
        "import os\nfrom concurrent.futures import ThreadPoolExecutor\n"
        "ex = ThreadPoolExecutor((os.cpu_count() or 1) * 2)\n",
        "import multiprocessing\nfrom concurrent.futures import ThreadPoolExecutor\n"
        "ex = ThreadPoolExecutor(multiprocessing.cpu_count() * 2)\n",
    )
    invalid = (
        "import os\nfrom concurrent.futures import ThreadPoolExecutor\n"
        "ex = ThreadPoolExecutor(max_workers=os.cpu_count() * 2)\n",
        "from os import cpu_count\nfrom concurrent.futures import ThreadPoolExecutor\n"
        "ex = ThreadPoolExecutor(min(32, cpu_count() + 4))\n",
    )

    def check(self, model: Model):
        for call, _ in executor_constructions(model):
            value = max_workers_value(model, call)
            if value is not None and self._unguarded_arithmetic(model, value):
                yield Report(value)

    def _unguarded_arithmetic(self, model: Model, expr: cst.CSTNode, depth: int = 0) -> bool:
        if isinstance(expr, cst.BinaryOperation) and (
            self._may_be_none(model, expr.left) or self._may_be_none(model, expr.right)
        ):
            return True
        if isinstance(expr, cst.Name) and depth < 4:
            # `workers = os.cpu_count() * 2` earlier in the function.
            bindings = model.resolve(expr)
            return bool(bindings) and all(
                b.kind == "assign" and not b.path and b.value is not None
                and self._unguarded_arithmetic(model, b.value, depth + 1)
                for b in bindings
            )
        return any(self._unguarded_arithmetic(model, child, depth) for child in expr.children)

    def _may_be_none(self, model: Model, expr: cst.BaseExpression) -> bool:
        if isinstance(expr, cst.Call):
            return not expr.args and model.qualname(expr.func) in _CPU_COUNT
        if isinstance(expr, cst.Name):
            bindings = model.resolve(expr)
            if not bindings or not all(
                b.kind == "assign" and not b.path and b.value is not None and self._may_be_none(model, b.value)
                for b in bindings
            ):
                return False
            return not self._tested(model, expr)
        return False

    @staticmethod
    def _tested(model: Model, name: cst.Name) -> bool:
        """The variable is checked somewhere (`if n is None`, `n or 1`): assume the None case is handled."""
        scope = model.scope_of(name).function_scope
        for load in scope.loads.get(name.value, ()):
            parent = model.parent(load)
            if isinstance(parent, (cst.Comparison, cst.ComparisonTarget, cst.BooleanOperation, cst.If, cst.IfExp, cst.UnaryOperation, cst.Assert)):
                return True
        return False


class MaxWorkersZeroOnEmptyInput(Rule):
    """
    ## What it does
    Flags `max_workers` derived from `len(x)` — bounded or not, `min(len(x), 32)` included, directly
    or through a local variable — with nothing preventing zero: no `max(1, ...)` or `... or 1`, no
    earlier `if not x: return`, and the pool not inside `if x:`.

    ## Why is this bad?
    An empty input gives `max_workers=0`, and the constructor raises
    `ValueError: max_workers must be greater than 0` — on the one input nobody tested.
    (When the value is also unbounded, FUT102 reports it instead.)

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    def fetch_all(urls):
        with ThreadPoolExecutor(max_workers=min(len(urls), 32)) as ex:
            return list(ex.map(fetch, urls))
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    def fetch_all(urls):
        with ThreadPoolExecutor(max_workers=max(1, min(len(urls), 32))) as ex:
            return list(ex.map(fetch, urls))
    ```

    ## References
    - [`ThreadPoolExecutor`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.ThreadPoolExecutor)
    """

    code = "FUT106"
    name = "max-workers-zero-on-empty-input"
    message = "`max_workers` is 0 when the input is empty, and the constructor raises `ValueError`; use `max(1, ...)`"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def f(xs):\n    if not xs:\n        return []\n"
        "    with ThreadPoolExecutor(min(len(xs), 8)) as ex:\n        return list(ex.map(g, xs))\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def f(xs):\n    with ThreadPoolExecutor(max(1, min(len(xs), 8))) as ex:\n        return list(ex.map(g, xs))\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def f(xs):\n    with ThreadPoolExecutor(min(len(xs), 8)) as ex:\n        return list(ex.map(g, xs))\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def f(xs):\n    n = min(32, len(xs))\n    with ThreadPoolExecutor(max_workers=n) as ex:\n"
        "        return list(ex.map(g, xs))\n",
    )

    def check(self, model: Model):
        for call, value, flow in _size_arguments(model):
            if not flow.may_be_zero or reports_unbounded_size(model, call, flow):
                continue
            if not _guards_zero(model, call, _flow_keys(model, flow)):
                yield Report(value)

