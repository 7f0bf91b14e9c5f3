"""Rules of the topic "Python ThreadPoolExecutor - Swallowed Exceptions"."""

from __future__ import annotations

import libcst as cst

from futurelint.rules.base import Report, Rule
from futurelint.semantic import Model


class FutureDiscarded(Rule):
    """
    ## What it does
    Flags `executor.submit(...)` whose Future is thrown away: the call is a bare statement, its
    result is bound to `_`, or it is created inline inside a call that only waits on it
    (`wait([ex.submit(f)])`).

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
            if model.is_submit(call) and self._discarded(model, call):
                yield Report(call)

    def _discarded(self, model: Model, call: cst.Call) -> bool:
        parent = model.parent(call)
        if isinstance(parent, cst.Expr):
            return True
        if isinstance(parent, cst.Assign) and parent.value is call:
            return all(isinstance(t.target, cst.Name) and t.target.value == "_" for t in parent.targets)
        return self._only_waited_on(model, call)

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
        return isinstance(model.parent(wait_call), cst.Expr)
