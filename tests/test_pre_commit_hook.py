"""`.pre-commit-hooks.yaml`, run by the real pre-commit (`try-repo`) on a temporary repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from repo_support import PROJECT, init_repo, needs_cli, project_snapshot

BAD = "from concurrent.futures import ThreadPoolExecutor\nwith ThreadPoolExecutor() as ex:\n    ex.submit(work)\n"
NOTEBOOK = nbformat.writes(
    nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Analysis"),
            nbformat.v4.new_code_cell("from concurrent.futures import ThreadPoolExecutor"),
            nbformat.v4.new_code_cell("with ThreadPoolExecutor() as ex:\n    ex.submit(work)"),
        ]
    )
)
GOOD = "from concurrent.futures import ThreadPoolExecutor\nwith ThreadPoolExecutor() as ex:\n    fut = ex.submit(work)\nfut.result()\n"


def test_hook_definition():
    [hook] = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "futurelint"
    assert hook["name"]
    assert hook["entry"] == "futurelint check --force-exclude"
    assert hook["language"] == "python"
    assert hook["types_or"] == ["python", "pyi", "jupyter"]
    assert hook["require_serial"] is True


@pytest.fixture(scope="module")
def hook_run(tmp_path_factory):
    """Runs the hook through `pre-commit try-repo` on chosen files of a temporary repository; the
    hook's environment is built once per module (pre-commit installs the project with pip)."""
    base = tmp_path_factory.mktemp("pre-commit")
    hook_repo = project_snapshot(base / "hook-repo")
    target = init_repo(
        base / "target",
        {
            "bad.py": BAD,
            "good.py": GOOD,
            "stub.pyi": "from concurrent.futures import Future\ndef f() -> Future[int]: ...\n",
            "generated/bad.py": BAD,
            "notes.txt": BAD,
            "analysis.ipynb": NOTEBOOK,
            "pyproject.toml": '[tool.futurelint]\nextend-exclude = ["generated"]\n',
            **{f"many/m{index:02}.py": BAD for index in range(12)},
        },
    )
    env = dict(os.environ, PRE_COMMIT_HOME=str(base / "cache"))

    def run(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "futurelint",
             "--color", "never", "--files", *files],
            cwd=target, env=env, capture_output=True, text=True, timeout=900,
        )

    return run


@needs_cli
def test_hook_fails_on_a_finding_and_lints_only_what_it_should(hook_run):
    # notes.txt is not Python (pre-commit's type filter) and generated/ is excluded by the project's
    # config (pre-commit names files itself, so only --force-exclude keeps them out); both would
    # have a finding if linted
    completed = hook_run("bad.py", "good.py", "stub.pyi", "generated/bad.py", "notes.txt", "analysis.ipynb")
    assert completed.returncode == 1, completed.stdout + completed.stderr
    reported = re.findall(r"^\S+:(?:cell \d+:)?\d+:\d+: FUT\d+", completed.stdout, re.MULTILINE)
    assert sorted(reported) == ["analysis.ipynb:cell 3:2:5: FUT902", "bad.py:3:5: FUT902"], completed.stdout


@needs_cli
def test_hook_passes_on_clean_and_excluded_files(hook_run):
    completed = hook_run("good.py", "stub.pyi", "generated/bad.py")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Passed" in completed.stdout


@needs_cli
def test_hook_runs_once_for_many_files(hook_run):
    # without require_serial, pre-commit splits 12 files into one batch per core (at least 4 files
    # each): several processes, several summaries
    completed = hook_run(*[f"many/m{index:02}.py" for index in range(12)])
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert re.findall(r"^Found \d+ findings?\.$", completed.stdout, re.MULTILINE) == ["Found 12 findings."]
