"""Property tests of the fixes: every fix of every rule (unsafe ones included) applied to generated
code and to real code (the fixture files and the fix programs) gives code that compiles, that a
second `--fix` leaves alone, that keeps every comment beside its code, and that differs from the
original only in the statements that were flagged. `scripts/check_fixes.py` runs the same checks
over any tree (real projects)."""

from __future__ import annotations

import os
from pathlib import Path

import hypothesmith
import pytest
from fix_checks import fix_problems
from harness import FIXTURES, settings_from
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from futurelint.rules.base import registry
from futurelint.settings import Settings

PROGRAMS = Path(__file__).parent / "fix_programs"
EXAMPLES = int(os.environ.get("FUTURELINT_FUZZ_EXAMPLES", "60"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


def _rules(settings_: Settings):
    return [rule(settings_) for rule in registry().values() if rule(settings_).applies()]


ALL_RULES = _rules(Settings(target_version="py310"))  # FUT306 applies below 3.11 only


def _real_files() -> list[Path]:
    fixtures = sorted(p for p in FIXTURES.glob("FUT*/*.py"))
    programs = sorted(p for p in PROGRAMS.glob("fut*.py") if not p.name.endswith(".expected.py"))
    return fixtures + programs


@pytest.mark.parametrize("path", _real_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixes_of_real_code_keep_the_code_whole(path):
    source = path.read_text(encoding="utf-8")
    settings_ = settings_from(source)
    rules = _rules(settings_ if settings_ != Settings() else Settings(target_version="py310"))
    problems, _ = fix_problems(source, str(path), rules)
    assert not problems


# ------------------------------------------------------------------ generated code
# Statements every fixable rule reacts to, placed at random depths, with random indentation units
# and comments, after the imports they need.
IMPORTS = (
    "import asyncio\nimport concurrent.futures\nimport concurrent.futures as cf\n"
    "from concurrent.futures import Future, ThreadPoolExecutor, wait\n"
)
STATEMENTS = (
    "ex.submit(work, args=(a, b), kwargs={{'k': v}})",
    "ex.submit(work, args=[a], name='t')",
    "fut = ex.submit(make(a, b))",
    "fut = ex.submit(\n{i}work(  # the job\n{i}{i}a,\n{i})\n)",
    "fs.append(ex.submit(lambda: work(x)))",
    "r = list(ex.map(work, xs, chunksize=10))  # size",
    "r = list(ex.map(\n{i}work,\n{i}xs,  # input\n{i}chunksize=4,\n))",
    "fut.add_done_callback(done(x))",
    "print(fut.done, fut.result)",
    "value = ThreadPoolExecutor(2).submit(work).result()",
    "total = sum(ThreadPoolExecutor().map(work, xs))",
    "done, rest = wait(fs, return_when='FIRST_COMPLETE')",
)
WRAPPERS = (
    "{s}",
    "for x in xs:\n{i}{s}",
    "try:\n{i}v = fut.result(timeout=1)\n{i}{s}\nexcept TimeoutError:  # slow\n{i}pass",
    "try:\n{i}v = fut.result()\nexcept asyncio.CancelledError:\n{i}{s}",
    "with ThreadPoolExecutor() as ex:\n{i}{s}",
    "if x:\n{i}{s}\nelse:\n{i}pass",
)
HELPERS = (
    "def work(*a, **k):\n{i}return 1\n\n"
    "def make(a, b):\n{i}return a + b\n\n"
    "def done():\n{i}print('done')\n\n"
)


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line.strip() else line for line in text.split("\n"))


@st.composite
def programs(draw) -> str:
    unit = draw(st.sampled_from(["    ", "  ", "\t"]))
    body = []
    for _ in range(draw(st.integers(1, 4))):
        statement = draw(st.sampled_from(STATEMENTS)).format(i=unit)
        wrapped = draw(st.sampled_from(WRAPPERS))
        body.append(wrapped.format(i=unit, s=_indent(statement, unit).lstrip(unit) if "{i}{s}" in wrapped else statement))
    text = "\n".join(body)
    if draw(st.booleans()):
        params = "ex: ThreadPoolExecutor, fut: Future, fs, xs, x, a, b, v"
        text = f"def run({params}):\n" + _indent(text, unit) + "\n"
        if draw(st.booleans()):
            text = text.replace("def run", "def run_pool") + f"\ndef local():\n{unit}ex = ThreadPoolExecutor(2)\n{unit}return ex.submit(work).result()\n"
    return IMPORTS + HELPERS.format(i=unit) + text + "\n"


@PROPERTY
@given(programs())
def test_fixes_of_generated_programs_keep_the_code_whole(source):
    try:
        compile(source, "generated.py", "exec")
    except SyntaxError:
        return  # a combination the generator cannot indent (hypothesis shrinks to it otherwise)
    problems, _ = fix_problems(source, "generated.py", ALL_RULES)
    assert not problems, source


@PROPERTY
@given(hypothesmith.from_node())
def test_fixes_of_hypothesmith_code_keep_the_code_whole(source):
    problems, _ = fix_problems(IMPORTS + source, "generated.py", ALL_RULES)
    assert not problems
