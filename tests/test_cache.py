"""The cache of per-file results: real runs over real trees, twice."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from cli_helpers import FLAGGED, invoke

import futurelint.cache
import futurelint.indexing
import futurelint.runner

FIXABLE = "from concurrent.futures import Future\n\ndef check(fut: Future):\n    return not fut.done\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[tool.futurelint]\n")
    (tmp_path / "jobs.py").write_text(FLAGGED)
    (tmp_path / "fix.py").write_text(FIXABLE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def entries(directory) -> list:
    return sorted(path for path in directory.rglob("*.json"))


def check(*args: str) -> str:
    return invoke("check", "-j", "1", "--output-format", "concise", *args).stdout


def broken_engine(*args, **kwargs):
    raise AssertionError("the engine ran: the cache was not used")


def test_a_second_run_reuses_the_results(project, monkeypatch):
    first = check(".")
    assert "jobs.py:3:5: FUT902" in first and "fix.py:4:16: FUT302" in first
    assert len(entries(project / ".futurelint_cache")) == 2
    assert (project / ".futurelint_cache" / ".gitignore").read_text().endswith("*\n")
    monkeypatch.setattr(futurelint.runner, "lint_bytes", broken_engine)
    assert check(".") == first


def test_changed_content_or_settings_are_linted_again(project, monkeypatch):
    check(".")
    (project / "jobs.py").write_text(FLAGGED.replace("ex.submit(work)", "print(ex.submit(work).result())"))
    assert "jobs.py" not in check(".")
    assert len(entries(project / ".futurelint_cache")) == 2  # one entry per file, replaced as it changes
    assert "FUT302" not in check(".", "--ignore", "FUT302")
    (project / "pyproject.toml").write_text('[tool.futurelint]\nignore = ["FUT302"]\n')
    assert check(".").strip() == "All checks passed!"


def test_no_cache_neither_reads_nor_writes(project, monkeypatch):
    check(".", "--no-cache")
    assert not (project / ".futurelint_cache").exists()
    check(".")
    monkeypatch.setattr(futurelint.runner, "lint_bytes", broken_engine)
    outcome = invoke("check", "-j", "1", "--no-cache", ".")
    assert outcome.exit_code == 2 and "the cache was not used" in outcome.stderr


def test_cache_dir_setting_is_relative_to_the_configuration(project):
    (project / "pyproject.toml").write_text('[tool.futurelint]\ncache-dir = "build/lint-cache"\n')
    (project / "sub").mkdir()
    (project / "sub" / "more.py").write_text(FLAGGED)
    invoke("check", str(project / "sub"))
    assert len(entries(project / "build" / "lint-cache")) == 1
    assert not (project / ".futurelint_cache").exists()


def test_an_unwritable_cache_directory_only_means_no_cache(project):
    (project / "blocker").write_text("a file where the cache directory should be\n")
    (project / "pyproject.toml").write_text('[tool.futurelint]\ncache-dir = "blocker/cache"\n')
    outcome = invoke("check", "--output-format", "concise", ".")
    assert outcome.exit_code == 1 and outcome.stderr == ""
    assert "jobs.py:3:5: FUT902" in outcome.stdout


def test_corrupt_entries_are_misses(project):
    first = check(".")
    for entry in entries(project / ".futurelint_cache"):
        entry.write_text('{"path": "elsewhere.py", "findings": [{"trunc')
    assert check(".") == first


def test_fixing_after_a_cached_run_still_fixes(project):
    check(".")
    invoke("check", "--fix", ".")
    assert "fut.done()" in (project / "fix.py").read_text()


def test_concurrent_runs_share_one_cache(project):
    for index in range(20):
        (project / f"module_{index}.py").write_text(FLAGGED.replace("work", f"work_{index}"))
    command = [sys.executable, "-m", "futurelint", "check", "--output-format", "json", "."]
    runs = [subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert all(run.returncode == 1 for run in runs), [err for _, err in outputs]
    reports = [json.loads(out) for out, _ in outputs]
    assert reports[0] == reports[1] == reports[2] and len(reports[0]) == 22
    assert len(entries(project / ".futurelint_cache")) == 22
    again = subprocess.run(command, cwd=project, capture_output=True, timeout=300)
    assert json.loads(again.stdout) == reports[0]
    assert not list((project / ".futurelint_cache").rglob("*.tmp"))


def test_another_futurelint_does_not_trust_the_entries(project, monkeypatch):
    check(".")
    monkeypatch.setattr(futurelint.cache, "package_fingerprint", lambda: "a changed rule module")
    monkeypatch.setattr(futurelint.runner, "lint_bytes", broken_engine)
    outcome = invoke("check", "-j", "1", ".")
    assert outcome.exit_code == 2 and "the cache was not used" in outcome.stderr


POOLS = "from concurrent.futures import ThreadPoolExecutor\n\nIO_POOL = ThreadPoolExecutor(4)\n"
USES_POOL = "from app.pools import IO_POOL\n\n\ndef send(job):\n    IO_POOL.submit(job)\n"


def test_a_file_using_the_project_index_depends_on_the_exporting_module(project, monkeypatch):
    """The entry of a file that spells an exported name records the index's digest: changing the
    pool's module lints it again (issue #12 §3); an unchanged project is served from the cache."""
    (project / "app").mkdir()
    (project / "app" / "__init__.py").write_text("")
    (project / "app" / "pools.py").write_text(POOLS)
    (project / "app" / "jobs.py").write_text(USES_POOL)
    first = check(".")
    assert "app/jobs.py:5:5: FUT902" in first
    with monkeypatch.context() as patched:
        patched.setattr(futurelint.runner, "lint_bytes", broken_engine)
        patched.setattr(futurelint.indexing, "build_indexes", broken_engine)  # the index is cached too
        assert check(".") == first
    (project / "app" / "pools.py").write_text("class Client:\n    def submit(self, job):\n        return job()\n\nIO_POOL = Client()\n")
    assert "app/jobs.py" not in check(".")
    (project / "app" / "pools.py").write_text(POOLS + "\n# a comment changes no export\n")
    assert "app/jobs.py:5:5: FUT902" in check(".")


def test_the_cached_index_depends_on_the_file_size_limit(project):
    """A pool module over `max-file-size` is read as nothing by the index build; raising the limit
    must build the index again, not serve the one that lacked the pool."""
    (project / "app").mkdir()
    (project / "app" / "__init__.py").write_text("")
    (project / "app" / "pools.py").write_text(POOLS + "#" * 2000 + "\n")
    (project / "app" / "other.py").write_text("from concurrent.futures import ThreadPoolExecutor\nOTHER = ThreadPoolExecutor()\n")
    (project / "app" / "jobs.py").write_text(USES_POOL)
    (project / "pyproject.toml").write_text("[tool.futurelint]\nmax-file-size = 1000\n")
    assert "app/jobs.py:5:5: FUT902" not in check(".")
    (project / "pyproject.toml").write_text("[tool.futurelint]\nmax-file-size = 100000\n")
    assert "app/jobs.py:5:5: FUT902" in check(".")


GUARDED_TASK = "import logging\n\ndef send(job):\n    try:\n        job()\n    except Exception:\n        logging.exception('lost')\n"
SUBMITS_TASK = (
    "from concurrent.futures import ThreadPoolExecutor\nfrom app.tasks import send\n\n"
    "def run(job):\n    with ThreadPoolExecutor() as ex:\n        ex.submit(send, job)\n"
)


def test_a_file_submitting_an_imported_task_depends_on_the_task_module(project, monkeypatch):
    """The task's module is read to see that it reports its own errors (issue #12 §2): the entry
    of the submitting file is valid only while that module keeps its size and modification time."""
    (project / "app").mkdir()
    (project / "app" / "__init__.py").write_text("")
    (project / "app" / "tasks.py").write_text(GUARDED_TASK)
    (project / "app" / "jobs.py").write_text(SUBMITS_TASK)
    first = check(".")
    assert "app/jobs.py" not in first
    with monkeypatch.context() as patched:
        patched.setattr(futurelint.runner, "lint_bytes", broken_engine)
        assert check(".") == first
    (project / "app" / "tasks.py").write_text("def send(job):\n    job()\n")
    assert "app/jobs.py:6:9: FUT902" in check(".")
    (project / "app" / "tasks.py").unlink()
    assert "app/jobs.py:6:9: FUT902" in check(".")
