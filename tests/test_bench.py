"""bench/bench.py runs every mode in one command and keeps its figures and verdicts in the JSON."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench.py"
USES_FUTURES = "from concurrent.futures import ThreadPoolExecutor\n\nwith ThreadPoolExecutor() as ex:\n    ex.submit(print)\n"


def load_bench():
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_command_runs_every_mode(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "venv").mkdir(parents=True)  # excluded by default by ruff and futurelint: renamed in the copy
    (corpus / "jobs.py").write_text(USES_FUTURES)
    (corpus / "mentions.py").write_text("# concurrent, but no import\nx = 1\n")
    (corpus / "venv" / "plain.py").write_text("import os\n")
    out = tmp_path / "results.json"
    completed = subprocess.run(
        [sys.executable, str(BENCH), str(corpus), "--runs", "1", "--tools", "futurelint", "--copies", "1,2",
         "--json", str(out)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    report = json.loads(out.read_text())
    assert {"date", "machine", "versions", "commands", "full", "no-concurrent", "dense", "dense-size",
            "verdicts"} <= set(report)
    assert report["machine"]["cpus"] >= 1 and "futurelint" in report["versions"]
    assert report["full"]["files"] == 3
    assert report["no-concurrent"]["files"] == 1  # only venv/plain.py lacks the word
    assert [(s["copies"], s["files"]) for s in report["dense"]] == [(1, 1), (2, 2)]
    assert [s["lines"] for s in report["dense-size"]] == [4, 4 + 1 + 4]
    assert set(report["full"]["results"]["futurelint"]) >= {"wall", "cpu", "rss_mib", "walls"}
    measured = {entry["goal"]: entry["met"] for entry in report["verdicts"]}
    assert measured["(a) full: futurelint/ruff wall"] is None  # ruff was not among --tools
    assert measured["(d) futurelint peak RSS, MB"] is True
    assert "(b) no-concurrent" in completed.stdout and "NOT MEASURED" in completed.stdout


def test_linear_goal_flags_quadratic_growth():
    bench = load_bench()

    def report(cpus):
        return {"dense": [{"copies": n, "results": {"futurelint": {"cpu": cpu}}} for n, cpu in cpus]}

    linear = bench.linear_goal(report([(1, 1.5), (4, 4.5), (16, 16.5)]), "linear", "dense")
    quadratic = bench.linear_goal(report([(1, 1.0), (4, 16.0), (16, 256.0)]), "quadratic", "dense")
    assert linear["met"] is True and abs(linear["marginal"] - 1) < 1e-6
    assert quadratic["met"] is False and quadratic["measured"]["x16"] == 16


def test_ratio_goal_checks_every_copy_count():
    bench = load_bench()
    sections = [{"copies": n, "results": {"futurelint": {"cpu": cpu}, "parse-only": {"cpu": 1.0}}}
                for n, cpu in ((1, 1.5), (4, 2.5))]
    entry = bench.ratio_goal({"dense": sections}, "parse", "dense", "parse-only", "cpu", 2)
    assert entry["measured"] == {"x1": 1.5, "x4": 2.5} and entry["met"] is False
