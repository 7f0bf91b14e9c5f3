"""FUT307 is about application code: test modules may build futures by hand."""

from __future__ import annotations

import pytest
from harness import run_rules


SOURCE = "from concurrent.futures import Future\n\ndef make():\n    return Future()\n"


def _codes(path: str) -> list[str]:
    return [f.code for f in run_rules(SOURCE, "FUT307", path=path)]


@pytest.mark.parametrize("path", ["pkg/app.py", "src/latest/x.py", "contest.py"])
def test_application_code_is_flagged(path):
    assert _codes(path) == ["FUT307"]


@pytest.mark.parametrize(
    "path", ["tests/x.py", "pkg/test/helpers.py", "test_app.py", "pkg/app_test.py", "conftest.py", "Lib/test/test_cf/util.py"]
)
def test_test_code_is_silent(path):
    assert _codes(path) == []
