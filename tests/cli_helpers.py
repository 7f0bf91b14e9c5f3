"""Running the command line in tests: in-process through click's CliRunner, or as a real process."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from futurelint.cli import main

FLAGGED = (
    "from concurrent.futures import ThreadPoolExecutor\n"
    "with ThreadPoolExecutor() as ex:\n"
    "    ex.submit(work)\n"
)
CLEAN = (
    "from concurrent.futures import ThreadPoolExecutor\n"
    "with ThreadPoolExecutor() as ex:\n"
    "    fut = ex.submit(work)\n"
    "print(fut.result())\n"
)
MESSAGE = "Future returned by `submit()` is discarded; exceptions raised by the task are lost"


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


def _runner() -> CliRunner:
    if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:  # click < 8.2
        return CliRunner(mix_stderr=False)
    return CliRunner()


def invoke(*args: str, stdin: str = None) -> Outcome:
    """`futurelint ARGS` in this process."""
    result = _runner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return Outcome(result.exit_code, result.stdout, result.stderr)


def run_process(*args: str, cwd: Path, stdin: str = None) -> Outcome:
    """`python -m futurelint ARGS` as a real process."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "futurelint", *args], cwd=str(cwd), input=stdin, capture_output=True, text=True, env=env
    )
    return Outcome(completed.returncode, completed.stdout, completed.stderr)


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
