"""FUT903's judgement of what observes a future, and its silences toward the rules that report the
same mistake (FUT302, FUT501, FUT602, FUT603). Only FUT903 runs here, so these tests hold whatever
the other rules say."""

from __future__ import annotations

import pytest
from harness import run_rules


HEADER = "from concurrent.futures import FIRST_COMPLETED, FIRST_EXCEPTION, ThreadPoolExecutor, as_completed, wait\n"


def fut903_rows(body: str) -> list[int]:
    source = HEADER + "def run(ex: ThreadPoolExecutor, jobs):\n" + body
    return [f.start.row - 2 for f in run_rules(source, "FUT903")]  # rows counted from the body's first line


@pytest.mark.parametrize(
    "body",
    [
        # FUT302 reports the method used without being called
        "    fut = ex.submit(print)\n    if fut.done:\n        pass\n",
        "    fut = ex.submit(print)\n    print(fut.result)\n",
        # FUT501 reports a loop over as_completed that never retrieves
        "    fs = [ex.submit(j) for j in jobs]\n    for f in as_completed(fs):\n        pass\n",
        # FUT602 reports a bare wait with FIRST_COMPLETED or a timeout
        "    fs = [ex.submit(j) for j in jobs]\n    wait(fs, return_when=FIRST_COMPLETED)\n",
        "    fs = [ex.submit(j) for j in jobs]\n    wait(fs, 5)\n",
        # FUT603 reports a FIRST_EXCEPTION wait whose done set is never asked
        "    fs = [ex.submit(j) for j in jobs]\n    done, rest = wait(fs, return_when=FIRST_EXCEPTION)\n    print(len(done))\n",
    ],
)
def test_silent_where_another_rule_reports(body):
    assert fut903_rows(body) == []


@pytest.mark.parametrize(
    "body",
    [
        "    fut = ex.submit(print)\n    getter = fut.result\n    return getter()\n",
        "    fs = [ex.submit(j) for j in jobs]\n    done, rest = wait(fs, return_when=FIRST_EXCEPTION)\n"
        "    for f in done:\n        f.result()\n",
        "    fs = {ex.submit(j): j for j in jobs}\n    for f in as_completed(fs):\n        print(fs[f], f.result())\n",
        "    fs = [ex.submit(j) for j in jobs]\n    r = wait(fs)\n    return [f.exception() for f in r.done]\n",
        "    fs = [ex.submit(j) for j in jobs]\n    for i, f in enumerate(fs):\n        print(i, f.result())\n",
        "    fut = ex.submit(print)\n    fut.add_done_callback(print)\n",
        "    fut = ex.submit(print)\n    return {'job': fut}\n",
    ],
)
def test_observed(body):
    assert fut903_rows(body) == []


@pytest.mark.parametrize(
    ("body", "rows"),
    [
        ("    fs = [ex.submit(j) for j in jobs]\n    wait(fs)\n", [1]),
        ("    fut = ex.submit(print)\n    print(fut.done(), len([fut]))\n", [1]),
        ("    fs = []\n    for j in jobs:\n        fs.append(ex.submit(j))\n    while not all(f.done() for f in fs):\n        pass\n", [1]),
        # each binding on its own: the first future is only cancelled
        ("    fut = ex.submit(print)\n    fut.cancel()\n    fut = ex.submit(print)\n    return fut.result()\n", [1]),
        # a rebinding in one branch leaves the first binding visible after the `if`
        ("    fut = ex.submit(print)\n    if jobs:\n        fut = None\n    return fut\n", []),
    ],
)
def test_never_observed(body, rows):
    assert fut903_rows(body) == rows
