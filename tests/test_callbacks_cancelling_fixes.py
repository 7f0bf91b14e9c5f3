"""The fixes of FUT701 (unsafe) and FUT803 (safe): what they write, and when they hold back."""

from __future__ import annotations

from harness import run_rules



def fixes(source: str, code: str):
    return [(f.fix.applicability, [e.content for e in f.fix.edits]) if f.fix else None for f in run_rules(source, code)]


HEADER = "from concurrent.futures import ThreadPoolExecutor\nex = ThreadPoolExecutor()\nfut = ex.submit(print)\n"


def test_fut701_passes_a_one_parameter_function_itself():
    source = HEADER + "def handler(f):\n    print(f)\nfut.add_done_callback(handler())\n"
    assert fixes(source, "FUT701") == [("unsafe", ["handler"])]


def test_fut701_defers_other_calls_in_a_lambda():
    source = HEADER + "def notify(user):\n    print(user)\nfut.add_done_callback(notify('ann'))\n"
    assert fixes(source, "FUT701") == [("unsafe", ["lambda _: notify('ann')"])]


def test_fut701_no_fix_for_coroutines_or_inside_loops():
    source = HEADER + (
        "async def on_done(f):\n    print(f)\n"
        "def notify(user):\n    print(user)\n"
        "fut.add_done_callback(on_done(fut))\n"
        "for user in ['a', 'b']:\n    fut.add_done_callback(notify(user))\n"
    )
    assert fixes(source, "FUT701") == [None, None]


def test_fut803_uses_the_files_own_spelling():
    def source(imports: str, future: str) -> str:
        return (
            f"import asyncio\n{imports}\n"
            f"def get(fut: {future}):\n    try:\n        return fut.result()\n"
            "    except asyncio.CancelledError:\n        return None\n"
        )

    assert fixes(source("import concurrent.futures as cf", "cf.Future"), "FUT803") == [("safe", ["cf.CancelledError"])]
    imported = source("from concurrent.futures import CancelledError, Future", "Future")
    assert fixes(imported, "FUT803") == [("safe", ["CancelledError"])]
    dotted = source("import concurrent.futures", "concurrent.futures.Future")
    assert fixes(dotted, "FUT803") == [("safe", ["concurrent.futures.CancelledError"])]
    # Nothing in the file names concurrent.futures.CancelledError: report without a fix.
    assert fixes(source("from concurrent.futures import Future", "Future"), "FUT803") == [None]
