"""The fixes of FUT404 and FUT601, applied to their source."""

from __future__ import annotations

from harness import run_rules

from futurelint.fixer import apply_edits


def _fixed(source: str, code: str) -> str:
    findings = run_rules(source, code)
    assert len(findings) == 1
    fix = findings[0].fix
    (edit,) = fix.edits
    assert edit.start.row == edit.end.row
    return apply_edits(source, fix.edits)


HEADER = "from concurrent.futures import ThreadPoolExecutor, wait\nex = ThreadPoolExecutor()\n"


def test_chunksize_removed_when_last():
    fixed = _fixed(HEADER + "r = list(ex.map(f, xs, chunksize=4))\n", "FUT404")
    assert fixed.endswith("r = list(ex.map(f, xs))\n")


def test_chunksize_removed_when_followed_by_another_argument():
    fixed = _fixed(HEADER + "r = list(ex.map(f, xs, chunksize=4, timeout=2))\n", "FUT404")
    assert fixed.endswith("r = list(ex.map(f, xs, timeout=2))\n")


def test_chunksize_removed_keeps_trailing_comma():
    fixed = _fixed(HEADER + "r = list(ex.map(f, xs, chunksize=4,))\n", "FUT404")
    assert fixed.endswith("r = list(ex.map(f, xs,))\n")


def test_near_miss_return_when_spelt_right_keeping_quotes():
    fixed = _fixed(HEADER + "d, n = wait(fs, return_when='first-completed')\n", "FUT601")
    assert fixed.endswith("d, n = wait(fs, return_when='FIRST_COMPLETED')\n")


def test_unrelated_return_when_has_no_fix():
    findings = run_rules(HEADER + "d, n = wait(fs, return_when='soon')\n", "FUT601")
    assert [f.fix for f in findings] == [None]


def _codes(source: str, code: str) -> list[str]:
    return [f.code for f in run_rules(source, code)]


AS_COMPLETED = "from concurrent.futures import ThreadPoolExecutor, as_completed\nex = ThreadPoolExecutor()\n"


def test_uncalled_result_is_left_to_fut302():
    # One mistake, one finding: `f.result` without `()` is FUT302's; FUT501 stays silent.
    source = AS_COMPLETED + "fs = [ex.submit(g) for g in gs]\nfor f in as_completed(fs):\n    print(f.result)\n"
    assert _codes(source, "FUT501") == []


def test_state_queries_do_not_retrieve():
    source = AS_COMPLETED + "fs = [ex.submit(g) for g in gs]\nfor f in as_completed(fs):\n    print(f.done(), f.cancelled())\n"
    assert _codes(source, "FUT501") == ["FUT501"]


def test_bare_wait_with_first_exception_is_fut602_only():
    source = (
        "from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait\n"
        "def run(ex, gs):\n"
        "    fs = [ex.submit(g) for g in gs]\n"
        "    wait(fs, return_when=FIRST_EXCEPTION)\n"
    )
    assert _codes(source, "FUT602") == ["FUT602"]
    assert _codes(source, "FUT603") == []
