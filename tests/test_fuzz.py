"""Property tests: whatever the source, linting with every rule raises nothing, reports no internal
error, and gives the same answer twice.

Sources come from hypothesmith (grammar-generated text and libcst-generated trees) and from
mutations of the fixture files (lines dropped, duplicated, swapped, re-indented, truncated), which
keep the concurrent.futures vocabulary the rules look for. Budgets are small so the suite stays fast;
raise them locally with `--hypothesis-profile` or FUTURELINT_FUZZ_EXAMPLES.
"""

from __future__ import annotations

import os
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from futurelint.engine import lint_source
from futurelint.rules.base import registry
from futurelint.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
RULES = [rule(Settings()) for rule in registry().values()]
EXAMPLES = int(os.environ.get("FUTURELINT_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # CI failures must reproduce
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
# Names the rules react to, so generated code reaches them instead of stopping at the prefilter.
PRELUDE = (
    "import concurrent.futures\n"
    "from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor, as_completed, wait\n"
)


def check(source: str) -> None:
    first = lint_source(source, "fuzz.py", RULES, time_limit=None)
    assert not first.errors, first.errors
    second = lint_source(source, "fuzz.py", RULES, time_limit=None)
    assert first.findings == second.findings


@FUZZ
@given(hypothesmith.from_grammar())
def test_grammar_generated_source(source):
    check(PRELUDE + source)


@FUZZ
@given(hypothesmith.from_node())
def test_libcst_generated_trees(source):
    check(PRELUDE + source)


def _fixture_sources() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.rglob("*.py"))]


_MUTATIONS = ("drop", "duplicate", "swap", "indent", "dedent", "truncate", "splice")


@st.composite
def mutated_fixture(draw):
    sources = _fixture_sources()
    lines = draw(st.sampled_from(sources)).splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        kind = draw(st.sampled_from(_MUTATIONS))
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        if kind == "drop":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(j, lines[i])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            lines[i] = "    " + lines[i]
        elif kind == "dedent":
            lines[i] = lines[i][4:] if lines[i].startswith("    ") else lines[i].lstrip()
        elif kind == "truncate":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        else:  # splice a line of another fixture in
            other = draw(st.sampled_from(sources)).splitlines(keepends=True) or ["\n"]
            lines.insert(i, draw(st.sampled_from(other)))
    return "".join(lines)


@FUZZ
@given(mutated_fixture())
def test_mutated_fixtures(source):
    check(source)


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.py")), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_fixture_prefix_is_linted_without_error(path):
    """Every cut of a fixture at a line boundary: half-written code, as an editor sends it."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    step = max(1, len(lines) // 4)
    for end in range(0, len(lines), step):
        result = lint_source("".join(lines[:end]), "prefix.py", RULES, time_limit=None)
        assert not result.errors, (end, result.errors)
