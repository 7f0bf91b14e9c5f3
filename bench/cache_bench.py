"""What the cache saves: `futurelint check` over an unchanged tree, first with an empty cache, then
again with the cache the first run filled (the goal: the second run costs at most 0.3x the first).

    python bench/cache_bench.py [CORPUS] [--runs 3] [--modes full,dense] [--json OUT]

CORPUS defaults to the running Python's standard library, copied as bench/bench.py copies it. Modes:
`full` the whole corpus, `dense` only its files that import from concurrent.futures (the files
futurelint really analyses). Each run is a subprocess timed like bench.py's (wall, and CPU of the
process and its workers); figures are medians over `--runs` pairs of runs (cold: the cache emptied
first; warm: right after a cold run), plus `--no-cache` for reference.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Optional

from bench import copy_files, corpus_files, dense_files, measure  # bench/bench.py, beside this script

GOAL = 0.3


def command(config: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "futurelint", "check", "--select", "ALL", "--output-format", "concise",
            "--exit-zero", "--no-respect-gitignore", "--config", str(config), *extra, "{path}"]


def run_mode(files: list[Path], root: Path, work: Path, runs: int) -> dict:
    tree, cache = work / "tree", work / "cache"
    count = copy_files(files, root, tree)
    config = work / "futurelint.toml"
    config.write_text(f'cache-dir = "{cache.as_posix()}"\n', encoding="utf-8")
    samples: dict[str, list[dict]] = {"cold": [], "warm": [], "no-cache": []}
    for _ in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        samples["cold"].append(measure(command(config), tree))
        samples["warm"].append(measure(command(config), tree))
        samples["no-cache"].append(measure(command(config, "--no-cache"), tree))
    figures = {name: {key: statistics.median(s[key] for s in runs_) for key in ("wall", "cpu")}
               for name, runs_ in samples.items()}
    outputs = {name: {s["output_lines"] for s in runs_} for name, runs_ in samples.items()}
    assert outputs["cold"] == outputs["warm"] == outputs["no-cache"], "the cache changed the report"
    ratio = {key: figures["warm"][key] / figures["cold"][key] for key in ("wall", "cpu")}
    return {"files": count, **figures, "warm/cold": ratio, "met": ratio["wall"] <= GOAL and ratio["cpu"] <= GOAL}


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=sysconfig.get_paths()["stdlib"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--modes", default="full,dense")
    parser.add_argument("--json", dest="json_out")
    args = parser.parse_args(argv)
    root = Path(args.corpus).resolve()
    files = corpus_files(root)
    report = {}
    for mode in args.modes.split(","):
        chosen = dense_files(files) if mode == "dense" else files
        with tempfile.TemporaryDirectory(prefix="futurelint-cache-bench-") as temp:
            result = report[mode] = run_mode(chosen, root, Path(temp), args.runs)
        print(
            f"{mode}: {result['files']} files; cold {result['cold']['wall']:.2f}s wall / {result['cold']['cpu']:.2f}s cpu; "
            f"warm {result['warm']['wall']:.2f}s / {result['warm']['cpu']:.2f}s; "
            f"--no-cache {result['no-cache']['wall']:.2f}s / {result['no-cache']['cpu']:.2f}s; "
            f"warm/cold {result['warm/cold']['wall']:.2f} wall, {result['warm/cold']['cpu']:.2f} cpu "
            f"(goal <= {GOAL}: {'met' if result['met'] else 'NOT met'})"
        )
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
