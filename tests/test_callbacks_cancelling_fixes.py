"""The fixes of FUT701 (unsafe), FUT803 and FUT306 (safe): what they write, and when they hold back."""

from __future__ import annotations

from harness import run_rules

from futurelint.settings import Settings


def fixes(source: str, code: str, target_version: str = "py39"):
    findings = run_rules(source, code, settings=Settings(target_version=target_version))
    return [(f.fix.applicability, [e.content for e in f.fix.edits]) if f.fix else None for f in findings]


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

    def added(spelling: str) -> str:
        return f"(asyncio.CancelledError, {spelling})"  # added to, not replacing, asyncio's

    assert fixes(source("import concurrent.futures as cf", "cf.Future"), "FUT803") == [("safe", [added("cf.CancelledError")])]
    imported = source("from concurrent.futures import CancelledError, Future", "Future")
    assert fixes(imported, "FUT803") == [("safe", [added("CancelledError")])]
    dotted = source("import concurrent.futures", "concurrent.futures.Future")
    assert fixes(dotted, "FUT803") == [("safe", [added("concurrent.futures.CancelledError")])]
    # Nothing in the file names concurrent.futures: the import is added.
    only_names = source("from concurrent.futures import Future", "Future")
    assert fixes(only_names, "FUT803") == [("safe", [added("concurrent.futures.CancelledError"), "import concurrent.futures\n"])]


def test_fut803_and_fut306_avoid_spellings_a_function_shadows():
    source = (
        "import asyncio\nimport concurrent.futures as cf\n"
        "def get(fut: cf.Future, cf):\n    try:\n        return fut.result(timeout=cf['timeout'])\n"
        "    except asyncio.CancelledError:\n        return None\n    except TimeoutError:\n        return None\n"
    )
    fallback = "import concurrent.futures\n"
    assert fixes(source, "FUT803") == [("safe", ["(asyncio.CancelledError, concurrent.futures.CancelledError)", fallback])]
    assert fixes(source, "FUT306", "py310") == [("safe", ["(TimeoutError, concurrent.futures.TimeoutError)", fallback])]
    shadowed_too = source.replace("def get(fut: cf.Future, cf):", "def get(fut: cf.Future, cf, concurrent):")
    assert fixes(shadowed_too, "FUT803") == [None]


def test_fut701_lambda_parameter_does_not_shadow_what_the_call_reads():
    source = HEADER + "import gettext\n_ = gettext.gettext\ndef notify(m):\n    print(m)\nfut.add_done_callback(notify(_('done')))\n"
    assert fixes(source, "FUT701") == [("unsafe", ["lambda _future: notify(_('done'))"])]


def test_fut701_no_fix_for_await_walrus_or_names_assigned_later():
    source = HEADER + (
        "def notify(m):\n    print(m)\n"
        "async def main():\n    fut.add_done_callback(notify(await label()))\n"
        "fut.add_done_callback(notify(n := 1))\n"
        "label = 'a'\nfut.add_done_callback(notify(label))\nlabel = 'b'\n"
    )
    assert fixes(source, "FUT701") == [None, None, None]
