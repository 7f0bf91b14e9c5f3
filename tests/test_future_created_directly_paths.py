"""FUT307 is about application code: test modules may build futures by hand."""

from __future__ import annotations

import pytest

from futurelint.engine import lint_source
from futurelint.rules.base import registry
from futurelint.settings import Settings

SOURCE = "from concurrent.futures import Future\n\ndef make():\n    return Future()\n"


def _codes(path: str) -> list[str]:
    result = lint_source(SOURCE, path, [registry()["FUT307"](Settings())])
    return [f.code for f in result.findings]


@pytest.mark.parametrize("path", ["pkg/app.py", "src/latest/x.py", "contest.py"])
def test_application_code_is_flagged(path):
    assert _codes(path) == ["FUT307"]


@pytest.mark.parametrize(
    "path", ["tests/x.py", "pkg/test/helpers.py", "test_app.py", "pkg/app_test.py", "conftest.py", "Lib/test/test_cf/util.py"]
)
def test_test_code_is_silent(path):
    assert _codes(path) == []
