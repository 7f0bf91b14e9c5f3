"""Worker processes: a file that stalls, exhausts or kills its worker costs only its own findings,
and workers die with the parent (issue 14, items 3, 4, 5 and 7)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from cli_helpers import FLAGGED, run_process, write
from futurelint import runner
from futurelint.limits import Limits
from futurelint.runner import Task, run
from futurelint.settings import Settings

CODES = frozenset({"FUT902"})


def tasks_for(paths):
    return [Task(str(path), CODES) for path in paths]


def good_files(root, count=4):
    return [write(root, f"good{index}.py", FLAGGED) for index in range(count)]


def by_name(result):
    return {os.path.basename(f.path): (f.code, f.message) for f in result.findings}


def test_a_file_that_kills_its_worker_is_fut000_and_the_others_keep_their_findings(tmp_path, monkeypatch):
    attempts = tmp_path / "attempts.txt"
    real = runner.lint_bytes

    def crash_on_bomb(data, path, *args, **kwargs):
        if path.endswith("bomb.py"):
            with open(attempts, "a") as log:
                log.write("x")
            os.kill(os.getpid(), signal.SIGKILL)
        return real(data, path, *args, **kwargs)

    monkeypatch.setattr(runner, "lint_bytes", crash_on_bomb)
    paths = good_files(tmp_path) + [write(tmp_path, "bomb.py", FLAGGED)]
    for jobs in (1, 2):
        attempts.write_text("")
        found = by_name(run(tasks_for(paths), Settings(), jobs=jobs))
        assert found["bomb.py"] == ("FUT000", "Cannot lint file: its worker process died (killed by SIGKILL; memory-limit is 2048 MiB)")
        assert [found[f"good{index}.py"][0] for index in range(4)] == ["FUT902"] * 4
        assert attempts.read_text() == "xx"  # tried again alone in a fresh worker, then reported


def test_a_parse_that_never_returns_is_killed_at_the_time_limit(tmp_path, monkeypatch):
    """`time.sleep` stands for libcst's native parse: no Python code runs, so only killing the
    process can stop it."""
    real = runner.lint_bytes

    def stall_on_slow(data, path, *args, **kwargs):
        if path.endswith("slow.py"):
            time.sleep(60)
        return real(data, path, *args, **kwargs)

    monkeypatch.setattr(runner, "lint_bytes", stall_on_slow)
    paths = good_files(tmp_path) + [write(tmp_path, "slow.py", FLAGGED)]
    start = time.monotonic()
    found = by_name(run(tasks_for(paths), Settings(), jobs=1, limits=Limits(time_limit=0.2)))
    assert time.monotonic() - start < 10
    assert found["slow.py"] == ("FUT000", "Cannot lint file: too slow (timed out after 0.2 seconds, the time-limit)")
    assert [found[f"good{index}.py"][0] for index in range(4)] == ["FUT902"] * 4


def dense_file(lines: int) -> str:
    return "from concurrent.futures import Future\n" + "".join(f"x{i} = f(a, b[{i}], c.d)\n" for i in range(lines))


def test_the_memory_limit_setting_bounds_each_worker(tmp_path):
    good_files(tmp_path)
    write(tmp_path, "dense.py", dense_file(4000))
    write(tmp_path, "pyproject.toml", "[tool.futurelint]\nmemory-limit = 150\n")
    outcome = run_process("check", "--output-format", "concise", "-j2", ".", cwd=tmp_path)
    assert outcome.exit_code == 1 and "Traceback" not in outcome.stderr
    lines = outcome.stdout.splitlines()
    dense = [line for line in lines if line.startswith("dense.py")]
    assert len(dense) == 1 and dense[0].startswith("dense.py:1:1: FUT000 Cannot lint file: "), lines
    assert dense[0].endswith("memory-limit is 150 MiB)")  # a MemoryError, or libcst's abort
    assert sum(line.startswith("good") for line in lines) == 4


def test_max_file_size_gives_fut000_without_reading_the_file_whole(tmp_path):
    write(tmp_path, "big.py", dense_file(200))
    write(tmp_path, "big_unrelated.py", "x = 1\n" * 2000)  # too large, but cannot have findings
    write(tmp_path, "pyproject.toml", "[tool.futurelint]\nmax-file-size = 1000\n")
    outcome = run_process("check", "--output-format", "concise", ".", cwd=tmp_path)
    size = (tmp_path / "big.py").stat().st_size
    assert outcome.stdout.splitlines()[0] == f"big.py:1:1: FUT000 Cannot lint file: too large ({size} bytes; max-file-size is 1000)"
    assert "big_unrelated" not in outcome.stdout and outcome.exit_code == 1


def test_sigterm_to_the_parent_ends_its_workers(tmp_path):
    """`futurelint check -j2 . | wc -l`, then SIGTERM: the pipe must close, so no worker may outlive
    the parent or hold its stdout."""
    write(tmp_path, "dense.py", dense_file(20000))
    write(tmp_path, "dense2.py", dense_file(20000))
    write(tmp_path, "pyproject.toml", "[tool.futurelint]\nmax-file-size = 10000000\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "futurelint", "check", "-j2", "."], cwd=str(tmp_path),
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )
    time.sleep(1.5)  # discovery done, both workers parsing
    process.send_signal(signal.SIGTERM)
    start = time.monotonic()
    process.stdout.read()  # returns when every holder of the pipe's write end is gone
    assert time.monotonic() - start < 5
    assert process.wait(5) != 0


def test_a_file_retried_after_its_worker_was_killed_runs_alone(tmp_path, monkeypatch):
    """A worker killed from outside (SIGKILL, as by the OOM killer) may not be its file's fault: the
    file runs again once every other file is done, alone, and then gets its real findings."""
    log = tmp_path / "log.txt"
    real = runner.lint_bytes

    def killed_once(data, path, *args, **kwargs):
        name = os.path.basename(path)
        with open(log, "a") as stream:
            stream.write(f"start {name}\n")
        if name == "victim.py" and log.read_text().count("start victim.py") == 1:
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(0.05)
        with open(log, "a") as stream:
            stream.write(f"end {name}\n")
        return real(data, path, *args, **kwargs)

    monkeypatch.setattr(runner, "lint_bytes", killed_once)
    paths = good_files(tmp_path, 6) + [write(tmp_path, "victim.py", FLAGGED)]
    found = by_name(run(tasks_for(paths), Settings(), jobs=3))
    assert found["victim.py"][0] == "FUT902"
    events = log.read_text().splitlines()
    second = events.index("start victim.py", events.index("start victim.py") + 1)
    assert events[second:] == ["start victim.py", "end victim.py"]  # nothing else ran meanwhile
    assert all(f"end good{index}.py" in events[:second] for index in range(6))


def _pid_times(item, argument):
    time.sleep(item)
    return os.getpid() * argument


def test_work_in_the_background_runs_in_another_process_and_is_held_to_the_time_limit():
    """The project index is built in the background while the parent reads the files on."""
    from futurelint.workers import Died, InBackground

    background = InBackground(0.0, _pid_times, 1, Limits(time_limit=5.0))
    assert background.result() not in (None, os.getpid())
    stuck = InBackground(60.0, _pid_times, 1, Limits(time_limit=0.5))
    started = time.monotonic()
    outcome = stuck.result()
    assert isinstance(outcome, Died) and outcome.reason == "timeout"
    assert time.monotonic() - started < 10
