"""Features of different issues working together: notebooks, settings per file and the cache (#13)
with the limits and worker processes (#14) and the command line's conventions (#15)."""

from __future__ import annotations

import json

import pytest
from cli_helpers import FLAGGED, MESSAGE, invoke
from notebook_support import FLAGGED_CELL, IMPORT_CELL, write_notebook

ESCAPE = "\033["
FIXABLE_CELL = "def check(fut: Future):\n    if fut.done:\n        return fut.result()"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.futurelint]\n")
    (tmp_path / "app.py").write_text(FLAGGED)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text("[tool.futurelint]\nmax-file-size = 40\n")
    (tmp_path / "sub" / "big.py").write_text(FLAGGED)
    return tmp_path


def test_each_file_takes_the_limits_of_its_own_configuration(project):
    outcome = invoke("check", "--output-format", "concise", "--no-cache", "sub", "app.py")
    lines = outcome.stdout.splitlines()
    assert f"app.py:3:5: FUT902 {MESSAGE}" in lines
    assert any(line.startswith("sub/big.py:1:1: FUT000 Cannot lint file: too large") and "max-file-size is 40" in line
               for line in lines), outcome.stdout


def test_show_settings_are_those_of_the_files_configuration(project):
    (project / "sub" / "pyproject.toml").write_text('[tool.futurelint]\nmax-file-size = 40\nextend-include = ["*.pyw"]\n')
    lines = invoke("check", "--show-settings", "sub/big.py").stdout.splitlines()
    config = project / "sub" / "pyproject.toml"
    assert f"Settings path: {config}" in lines
    assert f"max-file-size = 40  # {config}" in lines
    assert "time-limit = 30.0  # default" in lines
    assert f'extend-include = ["*.pyw"]  # {config}' in lines
    assert 'cache-dir = ".futurelint_cache"  # default' in lines


def test_extend_keeps_the_origin_of_inherited_limits(project):
    (project / "sub" / "pyproject.toml").write_text('[tool.futurelint]\nextend = "../base.toml"\n')
    (project / "base.toml").write_text("time-limit = 5\n")
    lines = invoke("check", "--show-settings", "sub/big.py").stdout.splitlines()
    assert f"time-limit = 5  # {project / 'sub' / 'pyproject.toml'}" in lines


def test_notebook_output_has_colour_fix_marker_and_escaped_control_characters(project):
    write_notebook(project / "nb\x1b.ipynb", ["from concurrent.futures import Future", FIXABLE_CELL])
    plain = invoke("check", "--output-format", "concise", "--color", "never", "--no-cache", "nb\x1b.ipynb").stdout
    assert plain.startswith("nb␛.ipynb:cell 3:2:8: FUT") and " [*] " in plain, plain
    coloured = invoke("check", "--color", "always", "--no-cache", "nb\x1b.ipynb").stdout
    assert ESCAPE in coloured and "\x1b.ipynb" not in coloured
    assert "cell 3:2:8" in coloured


def test_a_cached_notebook_gives_the_same_report(project):
    write_notebook(project / "analysis.ipynb", [IMPORT_CELL, FLAGGED_CELL])
    first = invoke("check", "--output-format", "json", "analysis.ipynb")
    assert list((project / ".futurelint_cache").rglob("*.json")), "the notebook's result was not cached"
    second = invoke("check", "--output-format", "json", "analysis.ipynb")
    assert first.stdout == second.stdout
    assert [record["cell"] for record in json.loads(second.stdout)] == [3]


def test_fix_of_a_notebook_runs_in_workers_and_writes_safely(project):
    path = write_notebook(project / "analysis.ipynb", ["from concurrent.futures import Future", FIXABLE_CELL])
    path.chmod(0o444)
    outcome = invoke("check", "--fix", "analysis.ipynb")
    assert "analysis.ipynb: not fixed: it is read-only" in outcome.stderr
    path.chmod(0o644)
    before = path.read_text()
    outcome = invoke("check", "--fix", "analysis.ipynb")
    assert outcome.exit_code == 0, outcome.stdout + outcome.stderr
    assert path.read_text() == before.replace("if fut.done:", "if fut.done():")
