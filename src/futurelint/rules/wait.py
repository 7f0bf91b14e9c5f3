"""Rules of the wait topic."""

from __future__ import annotations

import difflib
from typing import Iterator, Optional

import libcst as cst

from futurelint.rules.base import Replace, Report, Rule, TreeFix
from futurelint.semantic import (
    RETURN_WHEN,
    RETURN_WHEN_MODULES,
    Model,
    call_argument,
    futures_looked_at_after,
    unpacked_wait_targets,
    wait_discarded_situation,
    wait_first_exception_unchecked_situation,
    wait_has_timeout,
)


def wait_calls(model: Model) -> Iterator[cst.Call]:
    for call in model.calls:
        if model.is_cf_call(call, "wait"):
            yield call


class WaitInvalidReturnWhen(Rule):
    """
    ## What it does
    Flags a `return_when=` given to `concurrent.futures.wait` that is not `FIRST_COMPLETED`,
    `FIRST_EXCEPTION` or `ALL_COMPLETED` (the constants or their exact strings; `asyncio`'s constants
    have the same values).

    ## Why is this bad?
    `wait` compares `return_when` with those three strings. Anything else raises
    `ValueError: Invalid return condition` once a future is still pending, and is silently accepted
    when all are already done, so the bug hides in tests where tasks are quick.

    ## Example
    ```python
    from concurrent.futures import wait

    done, pending = wait(futures, return_when="FIRST_COMPLETE")
    ```

    ## Use instead
    ```python
    from concurrent.futures import FIRST_COMPLETED, wait

    done, pending = wait(futures, return_when=FIRST_COMPLETED)
    ```

    ## References
    - [`wait`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.wait)
    """

    code = "FUT601"
    name = "wait-invalid-return-when"
    message = "`return_when` must be `FIRST_COMPLETED`, `FIRST_EXCEPTION` or `ALL_COMPLETED`"
    fix_availability = "sometimes"
    fix_applicability = "safe"
    valid = (
        "from concurrent.futures import FIRST_COMPLETED, wait\n"
        "done, pending = wait(fs, return_when=FIRST_COMPLETED)\n",
        "import asyncio, concurrent.futures as cf\n"
        "done, pending = cf.wait(fs, return_when=asyncio.FIRST_EXCEPTION)\n",
        "import concurrent.futures as cf\n"
        "done, pending = cf.wait(fs, return_when='ALL_COMPLETED')\n",
        "import asyncio\nasync def main(fs):\n    await asyncio.wait(fs, return_when='first')\n",
    )
    invalid = (
        "from concurrent.futures import wait\n"
        "done, pending = wait(fs, return_when='FIRST_COMPLETE')\n",
        "import concurrent.futures as cf\n"
        "done, pending = cf.wait(fs, None, 1)\n",
    )

    def check(self, model: Model):
        for call in wait_calls(model):
            argument = call_argument(call, "return_when", 2)
            if argument is None or argument.star:
                continue
            value = argument.value
            if isinstance(value, cst.SimpleString):
                text = value.evaluated_value
                if text not in RETURN_WHEN:
                    yield Report(value, fix=self._fix(value, text))
            elif self._evidently_invalid(model, value):
                yield Report(value)

    @staticmethod
    def _evidently_invalid(model: Model, value: cst.BaseExpression) -> bool:
        if isinstance(value, (cst.Integer, cst.Float, cst.Imaginary, cst.FormattedString, cst.ConcatenatedString)):
            return not isinstance(value, cst.ConcatenatedString) or value.evaluated_value not in RETURN_WHEN
        if isinstance(value, (cst.Name, cst.Attribute)):
            qualified = model.qualname(value)
            if qualified in ("builtins.None", "builtins.True", "builtins.False"):
                return True
            if qualified and qualified.startswith(RETURN_WHEN_MODULES):
                return qualified.rsplit(".", 1)[1] not in RETURN_WHEN
        return False

    @staticmethod
    def _fix(value: cst.SimpleString, text: object) -> Optional[TreeFix]:
        if not isinstance(text, str) or "b" in value.prefix.lower():
            return None
        intended = _near_miss(text)
        if intended is None:
            return None
        replacement = f"{value.prefix}{value.quote}{intended}{value.quote}"
        return TreeFix("safe", f"Replace with `\"{intended}\"`", (Replace(value, replacement),))


def _near_miss(text: str) -> Optional[str]:
    """The condition a misspelt string evidently means: same letters up to case and separators, or one
    close spelling."""
    normalized = "_".join(text.strip().upper().replace("-", " ").replace("_", " ").split())
    if normalized in RETURN_WHEN:
        return normalized
    matches = difflib.get_close_matches(normalized, RETURN_WHEN, n=2, cutoff=0.85)
    return matches[0] if len(matches) == 1 else None


class WaitResultDiscarded(Rule):
    """
    ## What it does
    Flags `concurrent.futures.wait(...)` as a bare statement when it is given
    `return_when=FIRST_COMPLETED`/`FIRST_EXCEPTION` or a timeout, unless the futures are looked at
    afterwards; a timeout followed only by `result()`/`exception()` without a timeout on each future
    is flagged too: they wait past the deadline, which is never enforced.

    ## Why is this bad?
    With those arguments `wait` may return before every future is done. Its `(done, not_done)` result
    is the only report of what happened: which futures finished, whether one failed, whether the
    timeout expired. Thrown away, the code carries on as if everything were done.

    ## Example
    ```python
    from concurrent.futures import wait

    def finish(futures, results):
        wait(futures, timeout=60)
        save(results)
    ```

    ## Use instead
    ```python
    from concurrent.futures import wait

    def finish(futures, results):
        done, not_done = wait(futures, timeout=60)
        if not_done:
            raise TimeoutError(f"{len(not_done)} tasks still running")
        save(results)
    ```

    ## References
    - [`wait`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.wait)
    """

    code = "FUT602"
    name = "wait-result-discarded"
    message = "Result of `wait()` is discarded, but with this timeout or `return_when` not every future is done"
    valid = (
        "from concurrent.futures import wait\n"
        "wait(fs)\n",
        "from concurrent.futures import wait\n"
        "done, not_done = wait(fs, timeout=5)\n",
        "import asyncio\nasync def main(fs):\n    await asyncio.wait(fs, timeout=5)\n",
        "import threading\nevent = threading.Event()\nevent.wait(5)\n",
    )
    invalid = (
        "from concurrent.futures import wait\n"
        "def run(fs):\n"
        "    wait(fs, timeout=5)\n",
        "from concurrent.futures import FIRST_COMPLETED, wait\n"
        "def run(fs):\n"
        "    wait(fs, return_when=FIRST_COMPLETED)\n",
    )

    def check(self, model: Model):
        for call in wait_calls(model):
            if wait_discarded_situation(model, call):
                yield Report(call)


class WaitFirstExceptionUnchecked(Rule):
    """
    ## What it does
    Flags `done, not_done = wait(fs, return_when=FIRST_EXCEPTION)` when nothing afterwards asks the
    finished futures for `.exception()` or `.result()`.

    ## Why is this bad?
    `FIRST_EXCEPTION` wakes the caller because a task failed, but `wait` never raises that failure: it
    is stored in a future of `done`. Without a look at `done`, the failure that ended the wait is
    swallowed, and the code usually goes on as if the work had been cut short for no reason.

    ## Example
    ```python
    from concurrent.futures import FIRST_EXCEPTION, wait

    def run_all(futures):
        done, not_done = wait(futures, return_when=FIRST_EXCEPTION)
        for future in not_done:
            future.cancel()
    ```

    ## Use instead
    ```python
    from concurrent.futures import FIRST_EXCEPTION, wait

    def run_all(futures):
        done, not_done = wait(futures, return_when=FIRST_EXCEPTION)
        for future in not_done:
            future.cancel()
        for future in done:
            future.result()  # re-raises the failure
    ```

    ## References
    - [`wait`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.wait)
    """

    code = "FUT603"
    name = "wait-first-exception-unchecked"
    message = "`wait(return_when=FIRST_EXCEPTION)` ends on a failure, but no finished future is asked for it"
    valid = (
        "from concurrent.futures import FIRST_EXCEPTION, wait\n"
        "done, not_done = wait(fs, return_when=FIRST_EXCEPTION)\n"
        "for f in done:\n"
        "    f.result()\n",
        "from concurrent.futures import FIRST_EXCEPTION, wait\n"
        "def run(fs):\n"
        "    done, not_done = wait(fs, return_when=FIRST_EXCEPTION)\n"
        "    return done\n",
    )
    invalid = (
        "from concurrent.futures import FIRST_EXCEPTION, wait\n"
        "def run(fs):\n"
        "    done, not_done = wait(fs, return_when=FIRST_EXCEPTION)\n"
        "    for f in not_done:\n"
        "        f.cancel()\n",
    )

    def check(self, model: Model):
        for call in wait_calls(model):
            if wait_first_exception_unchecked_situation(model, call):
                yield Report(call)


class WaitTimeoutNotDoneIgnored(Rule):
    """
    ## What it does
    Flags `done, not_done = wait(fs, timeout=...)` where `not_done` is `_` or never read, and the futures
    themselves are not looked at again.

    ## Why is this bad?
    When the timeout expires, `wait` returns with the stragglers in `not_done`; they keep running (and
    keep their workers busy) while the code carries on as though the work had finished. Ignoring
    `not_done` means never noticing, never cancelling, never reporting.

    ## Example
    ```python
    from concurrent.futures import wait

    def results(futures):
        done, _ = wait(futures, timeout=30)
        return [f.result() for f in done]
    ```

    ## Use instead
    ```python
    from concurrent.futures import wait

    def results(futures):
        done, not_done = wait(futures, timeout=30)
        for future in not_done:
            future.cancel()
        if not_done:
            log.warning("%d tasks timed out", len(not_done))
        return [f.result() for f in done]
    ```

    ## References
    - [`wait`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.wait)
    """

    code = "FUT604"
    name = "wait-timeout-not-done-ignored"
    message = "Futures not done when `wait()` times out are ignored; they keep running unnoticed"
    default = False
    valid = (
        "from concurrent.futures import wait\n"
        "done, not_done = wait(fs, timeout=30)\n"
        "for f in not_done:\n"
        "    f.cancel()\n",
        "from concurrent.futures import wait\n"
        "done, _ = wait(fs)\n",
    )
    invalid = (
        "from concurrent.futures import wait\n"
        "def run(ex, items):\n"
        "    fs = [ex.submit(work, x) for x in items]\n"
        "    done, _ = wait(fs, timeout=30)\n"
        "    return [f.result() for f in done]\n",
    )

    def check(self, model: Model):
        for call in wait_calls(model):
            if not wait_has_timeout(call):
                continue
            targets = unpacked_wait_targets(model, call)
            if targets is None or not self._ignored(model, targets[1]):
                continue
            if futures_looked_at_after(model, call):
                continue
            yield Report(call)

    @staticmethod
    def _ignored(model: Model, target: cst.BaseExpression) -> bool:
        if not isinstance(target, cst.Name):
            return False
        if target.value == "_":
            return True
        binding = model.binding_of(target)
        return binding is not None and not model.uses_of(binding)

