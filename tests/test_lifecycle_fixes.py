"""The `with` fixes of FUT001 and FUT002: when each is offered, how safe it is said to be, and the
text it writes (the fixtures' snapshots show more)."""

from __future__ import annotations

import pytest
from harness import run_rules

from futurelint.fixer import fix_source
from futurelint.rules.base import registry
from futurelint.settings import Settings

HEADER = "from concurrent.futures import ThreadPoolExecutor as TPE\n"


def _fixes(source: str, code: str):
    return [f.fix for f in run_rules(source, code)]


def _fixed(source: str, code: str) -> str:
    outcome = fix_source(source, "snippet.py", [registry()[code](Settings())], unsafe=True)
    assert not outcome.dropped
    return outcome.source


def _applicability(statement: str) -> str:
    (fix,) = _fixes(HEADER + "def f(job, xs):\n    " + statement + "\n", "FUT002")
    return fix.applicability if fix else "none"


@pytest.mark.parametrize(
    "statement",
    [
        "r = TPE().submit(job).result()",
        "e = TPE().submit(job).exception()",
        "return list(TPE(4).map(job, xs))",
        "r = sorted(TPE().map(job, xs), key=str)",
        "r = {x: 1 for x in TPE().map(job, xs)}",
        "r = max(x for x in TPE().map(job, xs))",
        "print(*TPE().map(job, xs))",
        "r = list(filter(None, TPE().map(job, xs)))",
        "total += TPE().submit(job).result()",
        "cache[job()] = TPE().submit(job).result()",
    ],
)
def test_statement_that_waited_for_all_the_work_gets_a_safe_fix(statement):
    assert _applicability(statement) == "safe"


@pytest.mark.parametrize(
    "statement",
    [
        "r = next(TPE().map(job, xs))",
        "r = any(TPE().map(job, xs))",
        "r = dict(zip(xs, TPE().map(job, xs)))",
        "r = sum(map(pow, TPE().map(job, xs), [2]))",
        "r = job() + TPE().submit(job).result()",
        "r = [job(), TPE().submit(job).result()]",
        "self.cache[key].total += TPE().submit(job).result()",
    ],
)
def test_statement_that_waited_for_part_or_reorders_gets_an_unsafe_fix(statement):
    assert _applicability(statement) == "unsafe"


@pytest.mark.parametrize(
    "statement",
    [
        "TPE()",
        "fut = TPE().submit(job)",
        "TPE().submit(job)",
        "it = TPE().map(job, xs)",
        "pairs = zip(xs, TPE().map(job, xs))",
        "r = TPE()._adjust_thread_count()",
        "r = job() or TPE().submit(job).result()",
        "r = TPE().submit(job).result() if xs else None",
        "g = lambda: TPE().submit(job).result()",
        "r = [TPE().submit(job, x).result() for x in xs]",
        "r = [x for x in xs if TPE().submit(job, x).result()]",
        "assert TPE().submit(job).result()",
        "x = 1; r = TPE().submit(job).result()",
        "for r in TPE().map(job, xs): print(r)",
        # A timeout gives up waiting; the `with` would wait for the task anyway.
        "r = TPE().submit(job).result(timeout=3)",
        "r = TPE().submit(job).result(3)",
        "r = list(TPE().map(job, xs, timeout=3))",
    ],
)
def test_no_fix_where_a_with_would_change_what_the_statement_means(statement):
    assert _applicability(statement) == "none"


def test_no_fix_in_a_class_body_or_a_generators_return():
    source = HEADER + "class C:\n    r = TPE().submit(len).result()\n"
    source += "def g():\n    yield 1\n    return TPE().submit(len).result()\n"
    assert _fixes(source, "FUT002") == [None, None]


def test_fresh_name_avoids_every_name_of_the_function_and_globals_at_module_level():
    source = HEADER + "executor = 1\ndef f(executor_1):\n    return TPE().submit(executor_1).result()\n"
    source += "r = TPE().submit(len).result()\n"
    fixed = _fixed(source, "FUT002")
    assert "    with TPE() as executor:\n        return executor.submit(executor_1).result()\n" in fixed
    assert fixed.endswith("with TPE() as executor_2:\n    r = executor_2.submit(len).result()\n")


def test_two_temporaries_in_one_statement_get_nested_blocks():
    fixed = _fixed(HEADER + "r = TPE().submit(len).result() + TPE().submit(abs).result()\n", "FUT002")
    assert fixed == HEADER + (
        "with TPE() as executor:\n"
        "    with TPE() as executor_1:\n"
        "        r = executor.submit(len).result() + executor_1.submit(abs).result()\n"
    )


def test_tabs_and_crlf_are_kept():
    source = HEADER.replace("\n", "\r\n") + "def f(job):\r\n\tr = TPE().submit(\r\n\t\tjob).result()\r\n\treturn r\r\n"
    fixed = _fixed(source, "FUT002")
    assert fixed.endswith("def f(job):\r\n\twith TPE() as executor:\r\n\t\tr = executor.submit(\r\n\t\t\tjob).result()\r\n\treturn r\r\n")


def test_no_fix_when_deeper_indentation_would_mix_tabs_and_spaces():
    source = HEADER + "def f(job):\n    return 1\ndef g(job):\n\treturn TPE().submit(job).result()\n"
    assert _fixes(source, "FUT002") == [None]


def test_executor_fix_is_unsafe_and_wraps_through_the_last_use():
    source = HEADER + (
        "def f(job, xs):\n"
        "    ex = TPE()  # the pool\n"
        "    fs = [ex.submit(job, x) for x in xs]\n"
        "    total = 0\n"
        "    for fut in fs:\n"
        "        total += fut.result()\n"
        "    print(total)\n"
    )
    (fix,) = _fixes(source, "FUT001")
    assert fix.applicability == "unsafe"
    assert _fixed(source, "FUT001") == HEADER + (
        "def f(job, xs):\n"
        "    with TPE() as ex:  # the pool\n"
        "        fs = [ex.submit(job, x) for x in xs]\n"
        "        total = 0\n"
        "        for fut in fs:\n"
        "            total += fut.result()\n"
        "    print(total)\n"
    )


@pytest.mark.parametrize(
    "body",
    [
        "    ex = TPE()\n    ex.submit(job)\n",
        "    ex = TPE()\n    return ex.submit(job)\n",
        "    ex = TPE()\n    fut = ex.submit(job)\n    return [fut]\n",
        "    ex = TPE()\n    self.fut = ex.submit(job)\n",
        "    ex = TPE()\n    fut = ex.submit(job)\n    return fut.result(timeout=2)\n",
        "    ex = TPE()\n    fut = ex.submit(job)\n    print('unused')\n",
        "    ex: TPE = TPE()\n    return ex.submit(job).result()\n",
        "    ex = TPE(); r = ex.submit(job).result()\n    return r\n",
        "    ex = TPE()\n    for r in ex.map(job, []):\n        yield r\n",
    ],
)
def test_no_executor_fix_where_the_tasks_were_meant_to_go_on(body):
    (fix,) = _fixes(HEADER + "def f(self, job):\n" + body, "FUT001")
    assert fix is None
