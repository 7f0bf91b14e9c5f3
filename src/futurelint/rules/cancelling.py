"""Rules of the topic "Python ThreadPoolExecutor - Cancelling Tasks"."""

from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from futurelint.fixes.handlers import also_catch
from futurelint.fixes.imports import futures_name
from futurelint.rules.base import Report, Rule, TreeFix
from futurelint.semantic import (
    Model, binding_holds_finished_future, handler_types, is_logging_call, nodes_of_same_scope, same_object,
    visible_bindings,
)

_JUMPS = (cst.Return, cst.Raise, cst.Continue, cst.Break)
_BLOCKS = (cst.IndentedBlock, cst.Module, cst.SimpleStatementSuite)
_CANCELLED_ERROR_CATCHERS = {
    "concurrent.futures.CancelledError",
    "concurrent.futures.Error",
    "builtins.Exception",
    "builtins.BaseException",
}
_ASYNCIO_CANCELLED = {"asyncio.CancelledError", "asyncio.exceptions.CancelledError"}


# ---------------------------------------------------------------- shared helpers
def cancel_calls(model: Model) -> Iterator[tuple[cst.Call, cst.BaseExpression]]:
    """Every `<future>.cancel()` with its receiver."""
    for call in model.calls:
        receiver = model.future_method_receiver(call, "cancel")
        if receiver is not None and not call.args:
            yield call, receiver


def _line_of(model: Model, node: cst.CSTNode) -> Optional[cst.CSTNode]:
    """The statement (simple line or compound statement) holding `node`, directly in a block."""
    current: Optional[cst.CSTNode] = node
    while current is not None:
        parent = model.parent(current)
        if isinstance(parent, _BLOCKS) and isinstance(current, (cst.SimpleStatementLine, cst.BaseCompoundStatement, cst.BaseSmallStatement)):
            return current
        current = parent
    return None


def _statements(block: cst.CSTNode) -> tuple:
    return block.body if isinstance(block, (cst.IndentedBlock, cst.Module, cst.SimpleStatementSuite)) else ()


def runs_after(model: Model, first: cst.CSTNode, second: cst.CSTNode, climb: bool) -> bool:
    """Whether `second` runs after `first` completes normally: it sits in a later statement of the block
    holding `first` (or, with `climb`, of an enclosing block of the same function, when nothing in
    between returns, raises, breaks or continues)."""
    if model.enclosing_function(first) is not model.enclosing_function(second):
        return False
    line = _line_of(model, first)
    while line is not None:
        block = model.parent(line)
        statements = _statements(block)
        for statement in _after(statements, line):
            if model.contains(statement, second):
                return True
            if _jumps(statement):
                return False
        if not climb:
            return False
        owner = model.parent(block)
        if owner is None or isinstance(owner, (cst.FunctionDef, cst.Lambda, cst.ClassDef)) or isinstance(block, cst.Module):
            return False
        line = _line_of(model, owner)
    return False


def _after(statements: tuple, node: cst.CSTNode) -> tuple:
    """The statements following `node` (found by identity) in a block's body."""
    for index, statement in enumerate(statements):
        if statement is node:
            return statements[index + 1:]
    return ()


def _jumps(statement: cst.CSTNode) -> bool:
    if isinstance(statement, cst.SimpleStatementLine):
        return any(isinstance(s, _JUMPS) for s in statement.body)
    return isinstance(statement, _JUMPS)


def _guarded_against_cancel(model: Model, call: cst.CSTNode) -> bool:
    for node in model.enclosing_tries(call):
        for handler in node.handlers:
            if handler.type is None:
                return True
            if any(model.qualname(t) in _CANCELLED_ERROR_CATCHERS for t in handler_types(handler)):
                return True
    return False


# ---------------------------------------------------------------- rules
class CancelOnRunningOrDone(Rule):
    """
    ## What it does
    Flags `future.cancel()` on a future that is known to be running or finished at that point: an item
    of `as_completed(...)`, a member of the `done` set of `wait(...)`, the future a done-callback
    receives, a future inside an `if future.running():` or `if future.done():` branch, or one whose
    `result()` has already returned.

    ## Why is this bad?
    `cancel()` only stops a task that is still waiting in the queue. On a running or finished future it
    does nothing and returns `False`, so the code that seems to stop the work stops nothing; often the
    loop meant to cancel the *other*, still pending futures.

    ## Example
    ```python
    from concurrent.futures import FIRST_COMPLETED, wait

    done, pending = wait(futures, return_when=FIRST_COMPLETED)
    for future in done:
        future.cancel()
    ```

    ## Use instead
    ```python
    from concurrent.futures import FIRST_COMPLETED, wait

    done, pending = wait(futures, return_when=FIRST_COMPLETED)
    for future in pending:
        future.cancel()
    ```

    ## References
    - [`Future.cancel`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Future.cancel)
    """

    code = "FUT801"
    name = "cancel-on-running-or-done"
    message = "`cancel()` on a future that is already running or done does nothing and returns False"
    valid = (
        "from concurrent.futures import wait, FIRST_COMPLETED\n"
        "def first(fs):\n"
        "    done, pending = wait(fs, return_when=FIRST_COMPLETED)\n"
        "    for f in pending:\n"
        "        f.cancel()\n"
        "    return done.pop().result()\n",
    )
    invalid = (
        "from concurrent.futures import as_completed\n"
        "def first(fs):\n"
        "    for f in as_completed(fs):\n"
        "        f.cancel()\n"
        "        return f.result()\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def start(ex: ThreadPoolExecutor):\n"
        "    fut = ex.submit(work)\n"
        "    if fut.running():\n"
        "        fut.cancel()\n"
        "    return fut\n",
    )

    def check(self, model: Model):
        for call, receiver in cancel_calls(model):
            if self.futile(model, call, receiver):
                yield Report(call)

    @classmethod
    def futile(cls, model: Model, call: cst.Call, receiver: cst.BaseExpression) -> bool:
        return (
            cls._finished_item(model, receiver)
            or cls._inside_state_check(model, receiver, call)
            or cls._after_result(model, receiver, call)
        )

    @staticmethod
    def _finished_item(model: Model, receiver: cst.BaseExpression) -> bool:
        if not isinstance(receiver, cst.Name):
            return False
        bindings = visible_bindings(model, receiver)
        return bool(bindings) and all(binding_holds_finished_future(model, b) for b in bindings)

    @staticmethod
    def _inside_state_check(model: Model, receiver: cst.BaseExpression, call: cst.Call) -> bool:
        child: cst.CSTNode = call
        for ancestor in model.ancestors(call):
            if isinstance(ancestor, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
                return False
            if isinstance(ancestor, cst.If) and child is ancestor.body:
                for conjunct in _conjuncts(ancestor.test):
                    if (
                        isinstance(conjunct, cst.Call)
                        and not conjunct.args
                        and isinstance(conjunct.func, cst.Attribute)
                        and conjunct.func.attr.value in ("running", "done")
                        and same_object(model, conjunct.func.value, receiver)
                    ):
                        return True
            child = ancestor
        return False

    @staticmethod
    def _after_result(model: Model, receiver: cst.BaseExpression, call: cst.Call) -> bool:
        function = model.enclosing_function(call)
        for other in model.calls:
            if model.order(other) >= model.order(call):
                break
            inner = model.future_method_receiver(other, "result")
            if (
                inner is not None
                and model.enclosing_function(other) is function
                and same_object(model, inner, receiver)
                and runs_after(model, other, call, climb=False)
            ):
                return True
        return False


def _conjuncts(test: cst.BaseExpression) -> list[cst.BaseExpression]:
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        return _conjuncts(test.left) + _conjuncts(test.right)
    return [test]


class ResultAfterCancelUnguarded(Rule):
    """
    ## What it does
    Flags `future.result()` or `future.exception()` reached after `future.cancel()` on the same future,
    with no handler for `concurrent.futures.CancelledError` around it and no `future.cancelled()` check
    in between.

    ## Why is this bad?
    If the cancel worked, `result()` and `exception()` raise `CancelledError` (which is not an error of
    the task and is easily left unhandled); if it did not, because the task was already running, the
    call blocks until the task ends. Either way the code does not do what the cancel suggests.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        future = ex.submit(work)
        future.cancel()
        value = future.result()
    ```

    ## Use instead
    ```python
    from concurrent.futures import CancelledError, ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        future = ex.submit(work)
        future.cancel()
        try:
            value = future.result()
        except CancelledError:
            value = None
    ```

    ## References
    - [`Future.cancel`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Future.cancel)
    - [`CancelledError`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.CancelledError)
    """

    code = "FUT802"
    name = "result-after-cancel-unguarded"
    message = "`result()` after `cancel()` raises `CancelledError` when the cancel worked; handle it or check `cancelled()`"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor, CancelledError\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fut = ex.submit(work)\n"
        "    fut.cancel()\n"
        "    try:\n"
        "        fut.result()\n"
        "    except CancelledError:\n"
        "        pass\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fut = ex.submit(work)\n"
        "    fut.cancel()\n"
        "    if not fut.cancelled():\n"
        "        fut.result()\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fut = ex.submit(work)\n"
        "    fut.cancel()\n"
        "    print(fut.result())\n",
    )

    def check(self, model: Model):
        reported: set[int] = set()
        for cancel, receiver in cancel_calls(model):
            if not isinstance(model.parent(cancel), cst.Expr):
                continue  # the return value of cancel() is looked at
            if CancelOnRunningOrDone.futile(model, cancel, receiver):
                continue  # FUT801's: this cancel cannot work
            for call in model.calls:
                if model.order(call) <= model.order(cancel) or id(call) in reported:
                    continue
                inner = model.future_method_receiver(call, "result", "exception")
                if inner is None or not same_object(model, inner, receiver):
                    continue
                if not runs_after(model, cancel, call, climb=True):
                    continue
                if _guarded_against_cancel(model, call) or self._cancelled_checked(model, receiver, cancel, call):
                    continue
                reported.add(id(call))
                yield Report(call)
                break

    @staticmethod
    def _cancelled_checked(model: Model, receiver, cancel: cst.Call, call: cst.Call) -> bool:
        for other in model.calls:
            if not (model.order(cancel) < model.order(other) < model.order(call)):
                continue
            inner = model.future_method_receiver(other, "cancelled")
            if inner is not None and same_object(model, inner, receiver):
                return True
        return False


class WrongCancelledError(Rule):
    """
    ## What it does
    Flags `except asyncio.CancelledError` around code that waits on `concurrent.futures` futures
    (`.result()`, `.exception()`, iterating `as_completed(...)` or an executor's `map(...)`).

    ## Why is this bad?
    Since Python 3.8, `asyncio.CancelledError` is its own class (derived from `BaseException`) and is no
    longer the same as `concurrent.futures.CancelledError`. The handler never runs for a cancelled
    concurrent future, whose `CancelledError` escapes.

    ## Example
    ```python
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        future = ex.submit(work)
        try:
            value = future.result()
        except asyncio.CancelledError:
            value = None
    ```

    ## Use instead
    ```python
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor() as ex:
        future = ex.submit(work)
        try:
            value = future.result()
        except concurrent.futures.CancelledError:
            value = None
    ```

    ## Fix safety
    The fix adds `concurrent.futures.CancelledError` to the handler rather than replacing
    `asyncio.CancelledError`: the `try` may run asyncio code too, whose cancellation the handler must
    keep catching. It is spelled as for FUT306 (the file's imports, an import added when needed, no
    fix where every spelling is shadowed).

    ## References
    - [`concurrent.futures.CancelledError`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.CancelledError)
    - [`asyncio.CancelledError`](https://docs.python.org/3/library/asyncio-exceptions.html#asyncio.CancelledError)
    """

    code = "FUT803"
    name = "wrong-cancelled-error"
    fix_availability = "sometimes"
    fix_applicability = "safe"
    message = "`asyncio.CancelledError` does not catch `concurrent.futures.CancelledError` raised by a future"
    valid = (
        "import asyncio\n"
        "async def main(task):\n"
        "    try:\n"
        "        await task\n"
        "    except asyncio.CancelledError:\n"
        "        pass\n",
        "import concurrent.futures as cf\n"
        "def get(fut: cf.Future):\n"
        "    try:\n"
        "        return fut.result()\n"
        "    except cf.CancelledError:\n"
        "        return None\n",
    )
    invalid = (
        "import asyncio\n"
        "import concurrent.futures as cf\n"
        "def get(fut: cf.Future):\n"
        "    try:\n"
        "        return fut.result()\n"
        "    except asyncio.CancelledError:\n"
        "        return None\n",
    )

    def check(self, model: Model):
        for handler in model.nodes(cst.ExceptHandler):
            types = handler_types(handler)
            wrong = [t for t in types if model.qualname(t) in _ASYNCIO_CANCELLED]
            if not wrong or any(model.qualname(t) in _CANCELLED_ERROR_CATCHERS for t in types):
                continue
            node = model.parent(handler)
            if not isinstance(node, (cst.Try, getattr(cst, "TryStar", cst.Try))) or not self._waits_on_futures(model, node):
                continue
            fix = self._fix(model, handler, wrong[0])
            for element in wrong:
                yield Report(element, fix=fix if element is wrong[0] else None)

    @staticmethod
    def _waits_on_futures(model: Model, node: cst.Try) -> bool:
        waits = False
        for current in nodes_of_same_scope(node.body):
            if isinstance(current, cst.Await):
                return False  # asyncio code: the handler may well be meant for it
            if isinstance(current, cst.Call) and model.future_method_receiver(current, "result", "exception") is not None:
                waits = True
            if model.is_cf_call(current, "as_completed") or model.executor_method_receiver(current, "map") is not None:
                waits = True
        return waits

    @staticmethod
    def _fix(model: Model, handler: cst.ExceptHandler, wrong: cst.BaseExpression) -> Optional[TreeFix]:
        """Catch `concurrent.futures.CancelledError` as well: the `try` may run asyncio code too,
        whose cancellation the handler must keep catching."""
        spelling, import_edit = futures_name(model, "CancelledError", handler)
        if spelling is None:
            return None
        return also_catch(model, handler, wrong, spelling, import_edit)


class CancelResultIgnored(Rule):
    """
    ## What it does
    Flags `future.cancel()` as a bare statement followed by more work in the same block, as if the task
    were certainly stopped.

    ## Why is this bad?
    `cancel()` returns `False` when the task is already running or finished: it cannot stop it. Code that
    goes on as though the task never ran (releasing what it uses, recording it as cancelled, starting a
    replacement) is then wrong. Check the return value.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        future = ex.submit(work)
        future.cancel()
        job.status = "cancelled"
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        future = ex.submit(work)
        if future.cancel():
            job.status = "cancelled"
        else:
            job.status = "running"
    ```

    ## References
    - [`Future.cancel`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Future.cancel)
    """

    code = "FUT804"
    name = "cancel-result-ignored"
    default = False
    message = "Return value of `cancel()` ignored; it is False when the task is already running or done"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def stop(ex: ThreadPoolExecutor):\n"
        "    fut = ex.submit(work)\n"
        "    if not fut.cancel():\n"
        "        fut.result()\n",
        "from concurrent.futures import wait, FIRST_COMPLETED\n"
        "def first(fs):\n"
        "    done, pending = wait(fs, return_when=FIRST_COMPLETED)\n"
        "    for f in pending:\n"
        "        f.cancel()\n"
        "    return done\n",
    )
    invalid = (
        "from concurrent.futures import Future\n"
        "def stop(fut: Future, job):\n"
        "    fut.cancel()\n"
        "    job.status = 'cancelled'\n",
    )

    def check(self, model: Model):
        for call, receiver in cancel_calls(model):
            expr = model.parent(call)
            if not isinstance(expr, cst.Expr) or self._consulted_later(model, call, receiver):
                continue
            line = model.parent(expr)
            block = model.parent(line)
            if any(self._assumes_outcome(model, s) for s in _after(_statements(block), line)):
                yield Report(call)

    @staticmethod
    def _consulted_later(model: Model, call: cst.Call, receiver: cst.BaseExpression) -> bool:
        """The future is looked at again after the cancel (result(), cancelled(), passed on...):
        the code then finds out what happened instead of assuming."""
        function = model.enclosing_function(call)
        kind = cst.Name if isinstance(receiver, cst.Name) else cst.Attribute
        for node in model.nodes(kind):
            if model.order(node) > model.end_order(call) and model.enclosing_function(node) is function:
                if node is not receiver and same_object(model, node, receiver):
                    return True
        return False

    @classmethod
    def _assumes_outcome(cls, model: Model, statement: cst.CSTNode) -> bool:
        if isinstance(statement, cst.If):
            # `if other: other.cancel()`: more of the same clean-up.
            branches = [statement.body] + ([statement.orelse.body] if statement.orelse is not None else [])
            return any(cls._assumes_outcome(model, s) for branch in branches for s in _statements(branch))
        if not isinstance(statement, cst.SimpleStatementLine):
            return True
        for small in statement.body:
            if isinstance(small, (cst.Pass,) + _JUMPS):
                continue
            if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
                call = small.value
                if model.is_builtin(call.func, "print") or is_logging_call(model, call):
                    continue
                if isinstance(call.func, cst.Attribute) and call.func.attr.value == "cancel":
                    continue
                if model.executor_method_receiver(call, "shutdown") is not None:
                    continue
            return True
        return False
