"""One answer to "is this future known to be finished?" (semantic.binding_holds_finished_future):
FUT801 calls `cancel()` futile exactly where FUT305 lets `result()` go without a timeout."""

from __future__ import annotations

import pytest
from harness import run_rules


FINISHED = {
    "as_completed item": (
        "from concurrent.futures import as_completed\n"
        "def f(fs):\n"
        "    for g in as_completed(fs, timeout=5):\n"
        "        g.cancel()\n"
        "        print(g.result())\n"
    ),
    "item of wait(...)[0]": (
        "from concurrent.futures import wait\n"
        "def f(fs):\n"
        "    for g in wait(fs, timeout=5)[0]:\n"
        "        g.cancel()\n"
        "        print(g.result())\n"
    ),
    "done set rebound by wait in a loop": (
        "from concurrent.futures import FIRST_COMPLETED, wait\n"
        "def f(fs):\n"
        "    done = set()\n"
        "    pending = fs\n"
        "    while pending:\n"
        "        done, pending = wait(pending, timeout=5, return_when=FIRST_COMPLETED)\n"
        "        for g in done:\n"
        "            g.cancel()\n"
        "            print(g.result())\n"
    ),
}

PENDING = (
    "from concurrent.futures import ThreadPoolExecutor\n"
    "with ThreadPoolExecutor() as ex:\n"
    "    g = ex.submit(work)\n"
    "    g.cancel()\n"
    "    print(g.result())\n"
)


def _rows(source: str, code: str) -> list[int]:
    return [finding.start.row for finding in run_rules(source, code)]


@pytest.mark.parametrize("source", FINISHED.values(), ids=FINISHED.keys())
def test_finished_future_cancel_is_futile_and_result_does_not_block(source):
    cancel_row = next(i for i, line in enumerate(source.splitlines(), 1) if ".cancel()" in line)
    assert _rows(source, "FUT801") == [cancel_row]
    assert _rows(source, "FUT305") == []


def test_pending_future_is_neither():
    assert _rows(PENDING, "FUT801") == []
    assert _rows(PENDING, "FUT305") == [5]
