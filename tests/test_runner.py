"""The runner: prefilter, parallel == serial, unreadable files, kept sources, skipped rules."""

from __future__ import annotations

import os

import pytest

from cli_helpers import CLEAN, FLAGGED, run_process, write
from futurelint import runner
from futurelint.rules.swallowed_exceptions import FutureDiscarded
from futurelint.runner import Task, run
from futurelint.settings import Settings

CODES = frozenset({"FUT902"})


def tasks_for(paths):
    return [Task(str(path), CODES) for path in paths]


def make_tree(root, count):
    paths = []
    for index in range(count):
        body = FLAGGED + "ex.submit(again)\n" * (index % 3) if index % 2 == 0 else CLEAN
        paths.append(write(root, f"pkg{index % 4}/m{index:03d}.py", body))
    write(root, "broken.py", "import concurrent.futures\nclass (:\n")
    write(root, "plain.py", "x = 1\n")
    return sorted(paths)


def test_parallel_results_equal_serial_and_only_workers_parse(tmp_path, monkeypatch):
    paths = make_tree(tmp_path, 24) + [tmp_path / "broken.py"]
    linters = tmp_path / "linters.txt"
    real = runner.lint_bytes

    def recorded(*args, **kwargs):
        with open(linters, "a") as log:
            log.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "lint_bytes", recorded)
    serial = run(tasks_for(paths), Settings(), jobs=1)
    parallel = run(tasks_for(paths), Settings(), jobs=3)
    pids = set(linters.read_text().split())
    assert str(os.getpid()) not in pids and len(pids) >= 2  # one worker for -j1, more for -j3
    assert serial.findings == parallel.findings
    assert [f.path for f in serial.files] == [f.path for f in parallel.files]
    assert len(serial.findings) > 10


def test_parallel_equals_serial_as_processes(tmp_path):
    make_tree(tmp_path, 30)
    outputs = [
        run_process("check", "--select", "FUT902", "--output-format", "json", "--jobs", jobs, cwd=tmp_path).stdout
        for jobs in ("1", "2", "4")
    ]
    assert outputs[0] == outputs[1] == outputs[2]
    # 15 flagged files with 1 + (index % 3) findings each: 15 + 5 * (0 + 2 + 1)
    assert outputs[0].count('"code": "FUT902"') == 30


def test_findings_sorted_by_path_row_column_code(tmp_path):
    paths = make_tree(tmp_path, 8)
    findings = run(tasks_for(reversed(paths)), Settings(), jobs=1).findings
    assert findings == sorted(findings, key=lambda f: (f.path, f.start.row, f.start.column, f.code))


def test_prefilter_skips_files_without_concurrent(tmp_path):
    result = run(tasks_for([write(tmp_path, "plain.py", "x = 1\n")]), Settings(), jobs=1)
    assert result.files[0].skipped and result.findings == []


def test_no_worker_starts_when_the_prefilter_rules_out_every_file(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "run_in_workers", lambda *a: pytest.fail("workers started"))
    paths = [write(tmp_path, f"plain{i}.py", "x = 1\n") for i in range(20)]
    assert run(tasks_for(paths), Settings(), jobs=8).findings == []


def test_vanished_file_and_directory_are_fut000(tmp_path):
    good = write(tmp_path, "good.py", FLAGGED)
    (tmp_path / "adir").mkdir()
    result = run(tasks_for([tmp_path / "gone.py", tmp_path / "adir", good]), Settings(), jobs=1)
    messages = [(f.path.rsplit("/", 1)[-1], f.code, f.message) for f in result.findings]
    assert ("gone.py", "FUT000", "Cannot read file: No such file or directory") in messages
    assert ("adir", "FUT000", "Cannot read file: is a directory") in messages
    assert ("good.py", "FUT902") in [m[:2] for m in messages]


def test_keep_source_returns_decoded_text(tmp_path):
    path = tmp_path / "latin.py"
    path.write_bytes(b"# -*- coding: latin-1 -*-\nimport concurrent.futures\ns = '\xe9'\n")
    result = run(tasks_for([path]), Settings(), jobs=1, keep_source=True)
    assert result.files[0].source.endswith("s = '\u00e9'\n")
    assert run(tasks_for([path]), Settings(), jobs=1).files[0].source is None


def test_rules_that_do_not_apply_are_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(FutureDiscarded, "applies", lambda self: self.settings.target >= (3, 12))
    runner._rule_cache.clear()
    path = write(tmp_path, "a.py", FLAGGED)
    try:
        assert run(tasks_for([path]), Settings("py311"), jobs=1).findings == []
        assert len(run(tasks_for([path]), Settings("py312"), jobs=1).findings) == 1
    finally:
        runner._rule_cache.clear()


def test_progress_reports_every_file(tmp_path):
    paths = make_tree(tmp_path, 6)
    calls = []
    run(tasks_for(paths), Settings(), jobs=1, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (len(paths), len(paths))


def test_engine_crash_is_an_internal_error_not_a_traceback(tmp_path, monkeypatch):
    def explode(*args, **kwargs):
        raise ValueError("engine bug")

    monkeypatch.setattr(runner, "lint_bytes", explode)
    result = run(tasks_for([write(tmp_path, "a.py", FLAGGED)]), Settings(), jobs=1)
    assert [(e.code, e.message) for e in result.errors] == [("engine", "ValueError: engine bug")]
