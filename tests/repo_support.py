"""Temporary git repositories for the integration tests (pre-commit, the GitHub Action)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent

# The hook and the action run the `futurelint check` command line; without it there is nothing to run.
needs_cli = pytest.mark.skipif(
    importlib.util.find_spec("futurelint.cli") is None, reason="futurelint.cli (the command line) is not there yet"
)


def git(*args: str, cwd: Path) -> str:
    completed = subprocess.run(
        ["git", "-c", "user.name=futurelint tests", "-c", "user.email=tests@example.com",
         "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout


def init_repo(path: Path, files: dict) -> Path:
    """A git repository at `path` holding `files` (relative path -> text), committed."""
    path.mkdir(parents=True, exist_ok=True)
    git("init", "-q", cwd=path)
    for relative, text in files.items():
        target = path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    git("add", "-A", cwd=path)
    git("commit", "-q", "-m", "initial", cwd=path)
    return path


def project_snapshot(path: Path) -> Path:
    """A committed git repository holding the project's current files (tracked and new, not ignored),
    so the integrations are tested as they are on disk, committed or not."""
    if shutil.which("git") is None or not (PROJECT / ".git").exists():
        pytest.skip("the project is not a git checkout")
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=PROJECT)
    path.mkdir(parents=True)
    for relative in sorted(set(filter(None, listed.split("\0")))):
        source = PROJECT / relative
        if source.is_file():
            target = path / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git("init", "-q", cwd=path)
    git("add", "-A", cwd=path)
    git("commit", "-q", "-m", "snapshot", cwd=path)
    return path
