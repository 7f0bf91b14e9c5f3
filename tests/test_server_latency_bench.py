"""bench/server_latency.py measures a real server: run it small and check what it reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")
BENCH = Path(__file__).resolve().parent.parent / "bench" / "server_latency.py"


def test_latency_bench_reports_every_figure(tmp_path):
    out = tmp_path / "latency.json"
    completed = subprocess.run(
        [sys.executable, str(BENCH), "--lines", "60", "--edits", "2", "--json", str(out)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    report = json.loads(out.read_text())
    assert report["lines"] >= 60
    assert report["diagnostics"] == report["lines"] // 11  # one discarded future per function
    assert set(report["change_to_diagnostics_ms"]) == {"median", "p90", "max"}
    assert "change -> diagnostics: median" in completed.stdout
