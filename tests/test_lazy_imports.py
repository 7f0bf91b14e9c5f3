"""Start-up stays cheap: a `check` whose files all fail the prefilter (no `concurrent` in them) imports
neither libcst nor the rule modules, the semantic layer, the fixer or the process pool; and the
generated rule catalog it reads instead agrees with the rule classes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import CLEAN, FLAGGED, MESSAGE, write

from futurelint.rules import RULE_MODULES
from futurelint.rules.base import RuleMeta, catalog, registry

RULES_PACKAGE = Path(__file__).resolve().parent.parent / "src" / "futurelint" / "rules"
FRAMEWORK_MODULES = {"__init__", "base", "catalog", "meta"}

# Runs the command line in a fresh interpreter, then writes the exit code and the imported module
# names to the file named by the first argument.
DRIVER = """
import json, sys
from futurelint.cli import main
out, args = sys.argv[1], sys.argv[2:]
try:
    code = main(args, standalone_mode=False)
except SystemExit as exit:
    code = exit.code
with open(out, "w") as handle:
    json.dump({"exit": code, "modules": sorted(sys.modules)}, handle)
"""

NO_CONCURRENT = (
    "import threading\n\n\ndef work(items):\n    return [item * 2 for item in items]\n",
    "from multiprocessing import Pool\n\nwith Pool() as pool:\n    pool.map(abs, range(3))\n",
    "import asyncio\n\nasync def main():\n    await asyncio.gather(asyncio.sleep(0))\n",
    "x = 1\n",
    "def broken(:\n",  # not even parsed: the prefilter skips it first
)
# Files that mention `concurrent` without importing from it: not parsed either.
MENTION_CONCURRENT = (
    "# Runs the tasks concurrently, not with concurrent.futures.\nimport threading\n",
    'HELP = """import concurrent.futures for a pool"""\n',
    "import asyncio  # asyncio, not concurrent\n",
    "def broken(:  # concurrent\n",
)


def is_expensive(module: str) -> bool:
    """Modules a run that analyses nothing has no use for."""
    if module == "libcst" or module.startswith("libcst."):
        return True
    if module.startswith("futurelint.rules."):
        return module.split(".")[2] not in FRAMEWORK_MODULES
    if module.startswith(("futurelint.semantic.", "futurelint.fixes")):
        return True
    return module in (
        "futurelint.semantic",
        "futurelint.rewrite",
        "futurelint.fixer",
        "multiprocessing",
        "concurrent.futures.process",
    )


def run_driver(tmp_path: Path, *args: str) -> dict:
    out = tmp_path / "driver.json"
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    completed = subprocess.run(
        [sys.executable, "-c", DRIVER, str(out), *args], cwd=str(tmp_path), capture_output=True, text=True, env=env
    )
    assert completed.returncode == 0, completed.stderr
    record = json.loads(out.read_text())
    record["stdout"] = completed.stdout
    return record


def project_without_concurrent(tmp_path: Path, sources=NO_CONCURRENT) -> Path:
    root = tmp_path / "project"
    for index, source in enumerate(sources):
        write(root, f"pkg/module_{index}.py", source)
    return root


@pytest.mark.parametrize(
    "options",
    [
        (),
        ("--select", "ALL", "--output-format", "json", "--jobs", "2"),
        ("--output-format", "concise", "--statistics"),
    ],
)
def test_check_without_concurrent_imports_no_analysis_code(tmp_path, options):
    root = project_without_concurrent(tmp_path)
    record = run_driver(tmp_path, "check", str(root), *options)
    assert record["exit"] == 0, record["stdout"]
    assert [module for module in record["modules"] if is_expensive(module)] == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_check_of_files_that_only_mention_concurrent_imports_no_analysis_code(tmp_path, jobs):
    root = project_without_concurrent(tmp_path, NO_CONCURRENT + MENTION_CONCURRENT)
    record = run_driver(tmp_path, "check", str(root), "--select", "ALL", "--jobs", jobs)
    assert record["exit"] == 0, record["stdout"]
    # Only a worker process may parse a file, even with CPython's `ast`: one is started (hence
    # multiprocessing), and it finds no import without loading libcst or a rule (not checked here).
    assert [module for module in record["modules"] if is_expensive(module)] == ["multiprocessing"]


def test_rules_listing_imports_no_rule_module(tmp_path):
    record = run_driver(tmp_path, "rules", "--output-format", "json")
    assert [entry["code"] for entry in json.loads(record["stdout"])] == ["FUT000", *catalog()]
    assert [module for module in record["modules"] if is_expensive(module)] == []


def test_check_with_concurrent_analyses_the_file(tmp_path):
    root = project_without_concurrent(tmp_path)
    write(root, "pkg/flagged.py", FLAGGED)
    write(root, "pkg/clean.py", CLEAN)
    record = run_driver(tmp_path, "check", str(root), "--output-format", "concise", "--jobs", "1")
    assert record["exit"] == 1
    assert f"flagged.py:3:5: FUT902 {MESSAGE}" in record["stdout"]
    assert "clean.py" not in record["stdout"]
    # Parsed and analysed in a worker process; a run this small does not load the parser first.
    assert "libcst" not in record["modules"] and "futurelint.semantic" not in record["modules"]


def test_catalog_agrees_with_the_rule_classes():
    assert catalog() == {code: RuleMeta.of(rule) for code, rule in registry().items()}


def test_every_rule_module_is_registered():
    """A topic module missing from RULE_MODULES would never be imported, so its rules would not exist."""
    modules = {path.stem for path in RULES_PACKAGE.glob("*.py")} - FRAMEWORK_MODULES
    assert modules == set(RULE_MODULES)
    assert {rule.__module__.rsplit(".", 1)[1] for rule in registry().values()} == set(RULE_MODULES)


def test_notebooks_and_the_cache_are_analysed_in_workers_only(tmp_path):
    from notebook_support import FLAGGED_CELL, IMPORT_CELL, write_notebook

    root = project_without_concurrent(tmp_path)
    write_notebook(root / "analysis.ipynb", [IMPORT_CELL, FLAGGED_CELL])
    for _ in range(2):  # the second run answers from the cache, which the parent reads
        record = run_driver(tmp_path, "check", str(root), "--output-format", "concise", "--jobs", "1")
        assert record["exit"] == 1
        assert f"analysis.ipynb:cell 3:2:5: FUT902 {MESSAGE}" in record["stdout"]
        assert "libcst" not in record["modules"] and "futurelint.semantic" not in record["modules"]
