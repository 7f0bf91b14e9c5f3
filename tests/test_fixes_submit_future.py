"""The fixes of the FUT2 and FUT3 rules: applied to the source, they give the expected code."""

from __future__ import annotations

import libcst as cst
import pytest
from harness import run_rules

from futurelint.fixer import apply_edits
from futurelint.settings import Settings


def apply_fix(source: str, code: str, settings: Settings = Settings()) -> str:
    """Apply the fixes of every `code` finding."""
    fixes = [f.fix for f in run_rules(source, code, settings=settings) if f.fix is not None]
    assert fixes, f"{code} offers no fix"
    text = apply_edits(source, [edit for fix in fixes for edit in fix.edits])
    cst.parse_module(text)  # the fixed code must still parse
    return text


HEAD = "from concurrent.futures import ThreadPoolExecutor\nwith ThreadPoolExecutor() as ex:\n"


@pytest.mark.parametrize(
    ("code", "before", "after"),
    [
        (
            "FUT201",
            "def work(a, b):\n    print(a)\n" + HEAD + "    f = ex.submit(work(1, b=2))\n",
            "def work(a, b):\n    print(a)\n" + HEAD + "    f = ex.submit(work, 1, b=2)\n",
        ),
        ("FUT201", HEAD + "    f = ex.submit(print())\n", HEAD + "    f = ex.submit(print)\n"),
        (
            "FUT201",
            "import asyncio\n" + HEAD + "    f = ex.submit(asyncio.run(main(1)))\n",
            "import asyncio\n" + HEAD + "    f = ex.submit(asyncio.run, main(1))\n",
        ),
        (
            "FUT202",
            HEAD + "    fs = [ex.submit(lambda: fetch(u, self.s)) for u in urls]\n",
            HEAD + "    fs = [ex.submit(fetch, u, self.s) for u in urls]\n",
        ),
        (
            "FUT203",
            HEAD + "    f = ex.submit(work, args=(1, x), kwargs={'k': v, **extra})\n",
            HEAD + "    f = ex.submit(work, 1, x, k=v, **extra)\n",
        ),
        ("FUT203", HEAD + "    f = ex.submit(target=work, args=items)\n", HEAD + "    f = ex.submit(work, *items)\n"),
        ("FUT203", HEAD + "    f = ex.submit(work, kwargs=opts)\n", HEAD + "    f = ex.submit(work, **opts)\n"),
        (
            "FUT302",
            HEAD + "    f = ex.submit(work)\n    if not f.done:\n        pass\n",
            HEAD + "    f = ex.submit(work)\n    if not f.done():\n        pass\n",
        ),
    ],
)
def test_fix(code, before, after):
    assert apply_fix(before, code) == after


PY310 = Settings(target_version="py310")
GET = "def get(fut: cf.Future):\n    try:\n        return fut.result(timeout=5)\n"


def test_fut306_fix_uses_the_module_alias():
    before = "import concurrent.futures as cf\n" + GET + "    except TimeoutError:\n        return None\n"
    after = "import concurrent.futures as cf\n" + GET + "    except (TimeoutError, cf.TimeoutError):\n        return None\n"
    assert apply_fix(before, "FUT306", PY310) == after


def test_fut306_fix_extends_a_tuple_and_adds_the_import():
    before = (
        "from concurrent.futures import Future as F\ncf = None\n"
        "def get(fut: F):\n    try:\n        return fut.result(timeout=5)\n"
        "    except (KeyError, TimeoutError):\n        return None\n"
    )
    after = (
        "import concurrent.futures\nfrom concurrent.futures import Future as F\ncf = None\n"
        "def get(fut: F):\n    try:\n        return fut.result(timeout=5)\n"
        "    except (KeyError, TimeoutError, concurrent.futures.TimeoutError):\n        return None\n"
    )
    assert apply_fix(before, "FUT306", PY310) == after


def test_no_fix_when_the_lambda_does_more_than_one_plain_call():
    source = HEAD + "    fs = [ex.submit(lambda: fetch(u[0])) for u in urls]\n"
    findings = run_rules(source, "FUT202")
    assert [f.code for f in findings] == ["FUT202"]
    assert findings[0].fix is None


def test_no_thread_style_fix_when_the_target_is_called_now():
    source = HEAD + "    f = ex.submit(target=server.fit())\n"
    findings = run_rules(source, "FUT203")
    assert [f.code for f in findings] == ["FUT203"]
    assert findings[0].fix is None
