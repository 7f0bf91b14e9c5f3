"""Rules of the topic "Python ThreadPoolExecutor - The .submit() Method"."""

from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from futurelint.fixes.calls import THREAD_ONLY_KEYWORDS, direct_call, inline_call
from futurelint.fixes.safety import has_comment, is_name_or_literal
from futurelint.rules.base import Replace, Report, Rule, TreeFix
from futurelint.semantic import (
    COMPREHENSION_TYPES, DATA_BUILTINS, DATA_FUNCTIONS, DATA_LITERALS, SCOPE_TYPES, FunctionNode, Model,
    ask_called_function, consumed, first_positional, makes_coroutine_or_generator, method_name, never_returns_callable,
)


def _submit_calls(model: Model) -> Iterator[cst.Call]:
    return (call for call in model.calls if model.is_submit(call))


class SubmitNonCallable(Rule):
    """
    ## What it does
    Flags `executor.submit(x)` where `x` is evidently not callable: a literal (`None`, a number, a
    string, a list...), the result of calling a function of the project (defined in the file, or
    imported from another of its modules) that is annotated to return data (`-> str`,
    `-> list[int]`, `-> Optional[dict]`) or never returns a callable, or the result of a builtin or
    standard-library function that returns data (`print(...)`, `len(...)`, `asyncio.run(...)`,
    `subprocess.run(...)`, ...).

    ## Why is this bad?
    `ex.submit(work(a))` calls `work(a)` *now*, in the caller's thread, and submits its return
    value. The worker then fails with `TypeError: 'NoneType' object is not callable`, an error
    stored in the Future that is often never looked at: the work ran, but serially, and the pool
    reports a failure nobody sees.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    def work(a, b):
        print(a + b)

    with ThreadPoolExecutor() as ex:
        ex.submit(work(1, b=2))
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    def work(a, b):
        print(a + b)

    with ThreadPoolExecutor() as ex:
        ex.submit(work, 1, b=2)
    ```

    ## Fix safety
    The fix moves the call into the worker, which changes when and where it runs: unsafe. There is
    none when the function is a coroutine function or a generator function (the worker would make a
    coroutine or a generator and run none of it), or when a comment would be lost.

    ## References
    - [`Executor.submit`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Executor.submit)
    """

    code = "FUT201"
    name = "submit-non-callable"
    message = "`submit()` is given something that is not callable; the worker will fail with `TypeError`"
    template = "`submit()` is given {what}, not a callable; the worker will fail with `TypeError`"
    fix_availability = "sometimes"
    fix_applicability = "unsafe"
    valid = (
        "import functools\nfrom concurrent.futures import ThreadPoolExecutor\n"
        "def work(a):\n    return a\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    f = ex.submit(functools.partial(work, 1))\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def make_task(a):\n    return lambda: a\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    f = ex.submit(make_task(1))\n",
        "def run(client):\n    client.submit(None)\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def work(a, b):\n    print(a + b)\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    f = ex.submit(work(1, b=2))\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    f = ex.submit('work')\n",
    )

    def check(self, model: Model):
        for call in _submit_calls(model):
            first = first_positional(call)
            if first is None:
                continue
            what = self._not_callable(model, first.value)
            if what:
                yield Report(call, message=self.describe(what=what), fix=self._fix(model, call, first.value))

    @staticmethod
    def _not_callable(model: Model, value: cst.BaseExpression) -> Optional[str]:
        if isinstance(value, DATA_LITERALS) or (isinstance(value, cst.Name) and value.value in ("None", "True", "False")):
            return "a literal"
        if not isinstance(value, cst.Call):
            return None
        if model.is_builtin(value.func, *DATA_BUILTINS) or model.qualname(value.func) in DATA_FUNCTIONS:
            return f"the result of `{model.source_of(value.func)}(...)`"
        if ask_called_function(model, value.func, never_returns_callable):
            return f"the result of calling `{model.source_of(value.func)}(...)` now"
        return None

    @staticmethod
    def _fix(model: Model, call: cst.Call, value: cst.BaseExpression) -> Optional[TreeFix]:
        if not isinstance(value, cst.Call) or len(call.args) != 1:
            return None
        if ask_called_function(model, value.func, makes_coroutine_or_generator):
            return None  # the worker would make a coroutine or generator and run none of its body
        new_call = inline_call(call, value, value)
        if new_call is None:
            return None
        return TreeFix("unsafe", "Pass the function and its arguments to `submit()`", (Replace(call, new_call),))


class LoopVariableCapturedByTask(Rule):
    """
    ## What it does
    Flags a lambda or nested function passed to `submit`, `map` or `add_done_callback` inside a loop
    (comprehensions included) that reads the loop's variable (or a name assigned in the loop body)
    from its closure instead of receiving it as an argument or a default.

    ## Why is this bad?
    A closure sees the variable, not its value at the time of the call. The task runs later, often
    after the loop has moved on, and then works on a later item (typically the last one) while some
    items are never processed.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        futures = [ex.submit(lambda: fetch(url)) for url in urls]
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        futures = [ex.submit(fetch, url) for url in urls]
    ```

    ## Fix safety
    A fix is offered when the lambda's body is a single call on names, dotted names and literals:
    passing the function and its arguments to `submit()` binds the values now, which is what the
    loop meant. It is safe when only names and literals move; unsafe when a dotted name does
    (`lambda: work(item.payload)`): the attribute is then read now, in the submitting thread,
    instead of when the task runs. Comments inside the call keep their place.

    ## References
    - [Python FAQ: lambdas defined in a loop](https://docs.python.org/3/faq/programming.html#why-do-lambdas-defined-in-a-loop-with-different-values-all-return-the-same-result)
    """

    code = "FUT202"
    name = "loop-variable-captured-by-task"
    message = "The task reads the loop variable when it runs, not when it was submitted; pass it as an argument"
    template = "The task reads `{names}`, which the loop rebinds, when it runs, not when it was submitted; pass it as an argument"
    fix_availability = "sometimes"
    fix_applicability = "safe or unsafe"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fs = [ex.submit(lambda u=u: fetch(u)) for u in urls]\n",
        "import functools\nfrom concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    for u in urls:\n"
        "        fs.append(ex.submit(functools.partial(fetch, u)))\n",
        "import asyncio\n"
        "async def main(loop, urls):\n"
        "    for u in urls:\n"
        "        await loop.run_in_executor(None, lambda: fetch(u))\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fs = [ex.submit(lambda: fetch(u)) for u in urls]\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def run(urls):\n"
        "    with ThreadPoolExecutor() as ex:\n"
        "        fs = []\n"
        "        for u in urls:\n"
        "            def task():\n"
        "                return fetch(u)\n"
        "            fs.append(ex.submit(task))\n"
        "    return fs\n",
    )

    def check(self, model: Model):
        for call in model.calls:
            if not self._schedules(model, call) or self._waited_in_iteration(model, call):
                continue
            first = first_positional(call)
            function = self._task_function(model, first.value) if first else None
            if function is None:
                continue
            captured = self._captured(model, call, function)
            if captured:
                names = ", ".join(sorted({n.value for n in captured}))
                yield Report(call, message=self.describe(names=names), fix=self._fix(model, call, function))

    @staticmethod
    def _schedules(model: Model, call: cst.Call) -> bool:
        return (
            model.executor_method_receiver(call, "submit", "map") is not None
            or model.future_method_receiver(call, "add_done_callback") is not None
        )

    @staticmethod
    def _task_function(model: Model, value: cst.BaseExpression) -> Optional[FunctionNode]:
        if isinstance(value, cst.Lambda):
            return value
        if isinstance(value, cst.Name):
            return model.function_def(value)
        return None

    @staticmethod
    def _waited_in_iteration(model: Model, call: cst.Call) -> bool:
        """`ex.submit(lambda: f(x)).result()` or `list(ex.map(lambda y: f(x, y), ys))`: the task
        finishes before the loop moves on."""
        parent = model.parent(call)
        if isinstance(parent, cst.Attribute) and parent.attr.value in ("result", "exception"):
            return True
        if method_name(call) == "map":
            return consumed(model, call)
        loop = model.repeating_loop(call)
        if method_name(call) != "submit" or loop is None or not isinstance(parent, cst.Assign):
            return False
        if len(parent.targets) != 1 or not isinstance(parent.targets[0].target, cst.Name):
            return False
        binding = model.binding_of(parent.targets[0].target)
        for use in model.uses_of(binding) if binding is not None else ():
            attribute = model.parent(use)
            if (
                isinstance(attribute, cst.Attribute)
                and attribute.attr.value in ("result", "exception")
                and model.order(use) > model.order(call)
                and model.repeating_loop(use) is loop
            ):
                return True
        return False

    def _captured(self, model: Model, call: cst.Call, function: FunctionNode) -> list[cst.Name]:
        captured = []
        for binding in self._loop_bindings(model, call):
            for load in model.loads_of(binding):
                if model.contains(function.body, load):
                    captured.append(load)
        return captured

    @staticmethod
    def _loop_bindings(model: Model, call: cst.Call) -> list:
        bindings = []
        child: cst.CSTNode = call
        for ancestor in model.ancestors(call):
            if isinstance(ancestor, SCOPE_TYPES):
                break
            if isinstance(ancestor, cst.For) and child is ancestor.body:
                if _collected_within(model, call, ancestor):
                    break  # this loop (and any outer one) waits for the task before moving on
                bindings.extend(model.loop_target_bindings(ancestor))
                bindings.extend(_bound_in(model, ancestor.body, model.scope_of(call)))
            elif isinstance(ancestor, COMPREHENSION_TYPES) and model.repeating_loop(call) is not None:
                bindings.extend(model.loop_target_bindings(ancestor))
            child = ancestor
        return bindings

    @staticmethod
    def _fix(model: Model, call: cst.Call, function: FunctionNode) -> Optional[TreeFix]:
        """`submit(lambda: work(x))` -> `submit(work, x)`: safe when only names and literals move
        (they are read now instead of later, which is the point); unsafe when an attribute does (it
        is read now, in the submitting thread, instead of in the task)."""
        if method_name(call) != "submit" or len(call.args) != 1 or not isinstance(function, cst.Lambda):
            return None
        body = function.body
        if function.params.params or function.params.star_arg not in (None, cst.MaybeSentinel.DEFAULT) or not isinstance(body, cst.Call):
            return None
        moved = [body.func, *(arg.value for arg in body.args)]
        if not all(_plain(expr) for expr in moved):
            return None
        new_call = inline_call(call, body, function)
        if new_call is None:
            return None
        safety = "safe" if all(is_name_or_literal(expr) for expr in moved) else "unsafe"
        return TreeFix(safety, "Pass the function and its arguments to `submit()`", (Replace(call, new_call),))


def _holder(model: Model, call: cst.Call):
    """The binding of the name that keeps the future of `call`: `f = ex.submit(...)`,
    `fs = [ex.submit(...) for ...]`, or `fs.append(ex.submit(...))`."""
    node = call
    parent = model.parent(node)
    if isinstance(parent, (cst.ListComp, cst.SetComp, cst.GeneratorExp)) and parent.elt is node:
        node, parent = parent, model.parent(parent)
    if isinstance(parent, cst.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0].target, cst.Name):
        return model.binding_of(parent.targets[0].target)
    if isinstance(parent, cst.Arg):
        append = model.parent(parent)
        if method_name(append) in ("append", "add") and isinstance(append.func.value, cst.Name):
            bindings = model.resolve(append.func.value) or []
            return bindings[0] if len(bindings) == 1 else None
    return None


def _collected_within(model: Model, call: cst.Call, loop: cst.For) -> bool:
    """Whether the future of `call` is waited for, or its results collected, later in the same
    iteration of `loop` (`fs = [...]; wait(fs)` / `for f in as_completed(fs)` / `f.result()`)."""
    holder = _holder(model, call)
    if holder is None:
        return False
    for use in model.uses_of(holder):
        if not (model.contains(loop.body, use) and model.order(use) > model.end_order(call)):
            continue
        parent = model.parent(use)
        if isinstance(parent, cst.Attribute) and parent.attr.value in ("result", "exception"):
            return True
        if isinstance(parent, cst.Arg) and model.is_cf_call(model.parent(parent), "wait", "as_completed"):
            return True
        if isinstance(parent, (cst.For, cst.CompFor)) and parent.iter is use:
            return True
    return False


def _bound_in(model: Model, body: cst.CSTNode, scope) -> list:
    """Names (re)assigned inside a loop body, in the scope running the loop: like the loop's own
    variable, they hold a new value on every iteration."""
    return [
        binding
        for bindings in scope.bindings.values()
        for binding in bindings
        if binding.kind in ("assign", "annassign", "augassign", "walrus", "for", "with")
        and model.contains(body, binding.node)
    ]


def _plain(expr: cst.BaseExpression) -> bool:
    """A name, a dotted attribute of names, or a simple literal: evaluating it now cannot fail."""
    if isinstance(expr, cst.Name):
        return True
    if isinstance(expr, cst.Attribute):
        return _plain(expr.value)
    return isinstance(expr, (cst.Integer, cst.Float, cst.SimpleString))


class SubmitThreadStyleArguments(Rule):
    """
    ## What it does
    Flags `submit(target=f)`, `submit(fn=f)`, and `submit(f, args=(...))` /
    `submit(f, kwargs={...})` written in the style of `threading.Thread`.

    ## Why is this bad?
    `submit(fn, /, *args, **kwargs)` takes the callable positionally and passes every other
    argument straight to it. `target=` and `fn=` raise `TypeError`; `args=(1, 2)` calls
    `f(args=(1, 2))`, which fails (or silently does the wrong thing) unless `f` really has a
    parameter named `args`.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        fut = ex.submit(download, args=(url, path), kwargs={"retries": 3})
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        fut = ex.submit(download, url, path, retries=3)
    ```

    ## Fix safety
    The fix passes the callable and its arguments directly. It is safe when the call could not
    have worked: `target=`/`fn=`, or a callee defined in the file that takes no `args`/`kwargs`
    keyword. When the callee is not visible it may take them (Celery's
    `apply_async(args=..., kwargs=...)`): unsafe. There is no fix when a thread-only keyword
    (`name=`, `daemon=`, `group=`) is passed, when `args=` is plainly not a tuple (`args=(url)`,
    a string), when a keyword would be passed twice, when expressions with effects would be
    evaluated in another order (`kwargs=next(it), args=next(it)`), or when the call holds a comment.

    ## References
    - [`Executor.submit`](https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Executor.submit)
    """

    code = "FUT203"
    name = "submit-thread-style-arguments"
    message = "`submit()` is called in `threading.Thread` style; pass the callable and its arguments directly"
    template = "`submit()` is called in `threading.Thread` style (`{keyword}=`); pass the callable and its arguments directly"
    fix_availability = "sometimes"
    fix_applicability = "safe or unsafe"
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def run(args):\n    return args\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fut = ex.submit(run, args=(1, 2))\n",
        "import threading\nt = threading.Thread(target=work, args=(1,))\n",
        "import subprocess\nfrom concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fut = ex.submit(subprocess.run, args=['ls'])\n",
    )
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fut = ex.submit(work, args=(1, 2))\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fut = ex.submit(target=work)\n",
    )

    def check(self, model: Model):
        for call in _submit_calls(model):
            keyword = self._thread_style_keyword(model, call)
            if keyword:
                yield Report(call, message=self.describe(keyword=keyword), fix=self._fix(model, call))

    def _thread_style_keyword(self, model: Model, call: cst.Call) -> Optional[str]:
        keywords = {arg.keyword.value: arg for arg in call.args if arg.keyword is not None}
        first = first_positional(call)
        for name in ("target", "fn"):
            if name in keywords and first is None:
                return name
        callee = first.value if first is not None else None
        for name in ("args", "kwargs"):
            if name in keywords and callee is not None and not self._takes(model, callee, name):
                return name
        return None

    @staticmethod
    def _takes(model: Model, callee: cst.BaseExpression, name: str) -> bool:
        """Whether the callee may really have a parameter called `name` (unknown callees: no)."""
        qualified = model.qualname(callee) or ""
        if qualified.startswith("subprocess."):
            return True  # subprocess.run(args=...) is its documented first parameter
        function: Optional[FunctionNode] = callee if isinstance(callee, cst.Lambda) else model.function_def(callee)
        if function is None:
            return False
        params = function.params
        named = list(params.posonly_params) + list(params.params) + list(params.kwonly_params)
        return any(p.name.value == name for p in named)

    def _fix(self, model: Model, call: cst.Call) -> Optional[TreeFix]:
        """Safe when the call could not have worked: `target=`/`fn=` (submit has no such
        parameter), or a callee defined here that takes no `args`/`kwargs` keyword. When the callee
        is not visible it may take them (Celery's `apply_async(args=..., kwargs=...)`): unsafe."""
        if has_comment(call):
            return None
        direct = direct_call(model, call)
        first = first_positional(call)
        callee = first.value if first is not None else None
        if direct is None or any(
            name in THREAD_ONLY_KEYWORDS and (callee is None or not self._takes(model, callee, name)) for name in direct.keywords
        ):
            return None  # `name=`/`daemon=` are the thread's, not the task's: leave them to a human
        text = f"{model.source_of(call.func)}({', '.join([direct.callee, *direct.arguments])})"
        safety = "safe" if callee is None or self._refuses_thread_keywords(model, callee) else "unsafe"
        return TreeFix(safety, "Pass the callable and its arguments to `submit()` directly", (Replace(call, text),))

    @staticmethod
    def _refuses_thread_keywords(model: Model, callee: cst.BaseExpression) -> bool:
        """The callee is visible and raises TypeError on `args=`/`kwargs=` (no such parameter, no `**`)."""
        function: Optional[FunctionNode] = callee if isinstance(callee, cst.Lambda) else model.function_def(callee)
        if function is None or isinstance(function.params.star_kwarg, cst.Param):
            return False
        params = function.params
        named = list(params.posonly_params) + list(params.params) + list(params.kwonly_params)
        return not any(p.name.value in ("args", "kwargs") for p in named)
