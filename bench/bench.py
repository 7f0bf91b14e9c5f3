"""Benchmark futurelint against ruff and flake8 (+ flake8-bugbear) on a corpus of Python files.

    python bench/bench.py [CORPUS] [--runs 5] [--dense 1,4,16] [--json OUT] [--tools futurelint,ruff,flake8]

CORPUS defaults to the running Python's standard library (`sysconfig.get_paths()["stdlib"]`). Its
`*.py` files, minus `site-packages`/`dist-packages`, are copied into a temporary directory first,
so every tool sees exactly the same files whatever its default exclusions.

Each tool runs as a subprocess, the tools alternate run after run (so machine noise hits them
alike), and each figure is the median of `--runs` runs (at least 5 recommended):

- wall: elapsed seconds; files/s: corpus files / wall
- cpu: user + system seconds of the tool and its worker processes (`wait4` rusage)
- rss: peak resident memory in MiB of the largest process of the tool
- ratios futurelint/ruff and futurelint/flake8 of wall time

Commands (all print findings; exit codes are ignored):

- futurelint: `python -m futurelint check --select ALL --output-format concise --exit-zero CORPUS`
  when `futurelint.cli` is importable, otherwise `python bench/bench.py --scan CORPUS`, an
  in-process driver over `futurelint.engine` (override with `--futurelint-cmd "..."`, `{path}` is
  replaced by the corpus)
- ruff (when installed): `ruff check --no-cache --isolated --select ALL --output-format concise
  --exit-zero CORPUS`
- flake8 (when installed, with flake8-bugbear if present): `flake8 -j2 --exit-zero CORPUS`

`--dense 1,4,16` benchmarks instead the files that import from concurrent.futures (the files
futurelint really analyses), copied 1, 4 and 16 times, to show that the cost grows linearly with
the amount of code, and adds `libcst.parse_module` alone on the same files (`parse-only`), so the
analysis cost can be read as the difference. `--json OUT` writes every measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import Optional

SKIP_DIRS = {"site-packages", "dist-packages", "__pycache__"}
CF_IMPORT = re.compile(rb"^\s*(from\s+concurrent\.futures\b|from\s+concurrent\s+import\s+futures|import\s+concurrent\.futures)", re.M)
PARSE_ONLY = (
    "import sys, libcst\n"
    "from pathlib import Path\n"
    "for path in sorted(Path(sys.argv[1]).rglob('*.py')):\n"
    "    try:\n"
    "        libcst.parse_module(path.read_bytes())\n"
    "    except Exception:\n"
    "        pass\n"
)


def corpus_files(root: Path) -> list[Path]:
    files = []
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d not in SKIP_DIRS)
        files.extend(Path(directory, name) for name in sorted(names) if name.endswith(".py"))
    return files


def copy_corpus(files: list[Path], root: Path, target: Path, copies: int = 1) -> int:
    """Copy `files` (relative to `root`) `copies` times under `target`; returns the file count."""
    count = 0
    for copy in range(copies):
        for path in files:
            destination = target / f"copy{copy}" / path.relative_to(root)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
            count += 1
    return count


def futurelint_command(override: Optional[str]) -> list[str]:
    if override:
        return shlex.split(override)
    try:
        import futurelint.cli  # noqa: F401
    except ImportError:
        return [sys.executable, os.path.abspath(__file__), "--scan", "{path}"]
    return [sys.executable, "-m", "futurelint", "check", "--select", "ALL", "--output-format", "concise",
            "--exit-zero", "--no-respect-gitignore", "{path}"]


def tool_commands(args) -> dict[str, list[str]]:
    tools = {"futurelint": futurelint_command(args.futurelint_cmd)}
    ruff = shutil.which("ruff") or _beside_python("ruff")
    if ruff:
        tools["ruff"] = [ruff, "check", "--no-cache", "--isolated", "--select", "ALL", "--output-format",
                         "concise", "--exit-zero", "{path}"]
    flake8 = shutil.which("flake8") or _beside_python("flake8")
    if flake8:
        tools["flake8"] = [flake8, "-j2", "--exit-zero", "{path}"]
    wanted = set(args.tools.split(",")) if args.tools else None
    return {name: command for name, command in tools.items() if wanted is None or name in wanted}


def _beside_python(name: str) -> Optional[str]:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else None


def measure(command: list[str], path: Path) -> dict:
    """One run: wall, CPU (the process and the children it waited for) and peak RSS, via wait4."""
    argv = [part.replace("{path}", str(path)) for part in command]
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = sum(1 for _ in out)
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mib": usage.ru_maxrss / 1024,  # KiB on Linux
        "output_lines": lines,
        "exit": process.returncode,
    }


def bench(tools: dict[str, list[str]], path: Path, runs: int) -> dict[str, dict]:
    samples: dict[str, list[dict]] = {name: [] for name in tools}
    for run in range(runs):
        order = list(tools) if run % 2 == 0 else list(reversed(list(tools)))  # alternate
        for name in order:
            samples[name].append(measure(tools[name], path))
    return {name: summarize(runs_) for name, runs_ in samples.items()}


def summarize(samples: list[dict]) -> dict:
    return {
        "wall": statistics.median(s["wall"] for s in samples),
        "cpu": statistics.median(s["cpu"] for s in samples),
        "rss_mib": statistics.median(s["rss_mib"] for s in samples),
        "output_lines": samples[-1]["output_lines"],
        "exit": samples[-1]["exit"],
        "walls": [round(s["wall"], 3) for s in samples],
    }


def table(results: dict[str, dict], files: int) -> str:
    rows = [f"{'tool':<12}{'wall s':>9}{'cpu s':>9}{'rss MiB':>9}{'files/s':>10}{'output':>9}"]
    for name, r in results.items():
        rows.append(f"{name:<12}{r['wall']:>9.2f}{r['cpu']:>9.2f}{r['rss_mib']:>9.0f}{files / r['wall']:>10.0f}"
                    f"{r['output_lines']:>9}")
    for other in ("ruff", "flake8", "parse-only"):
        if "futurelint" in results and other in results:
            ratio = results["futurelint"]["wall"] / results[other]["wall"]
            rows.append(f"futurelint/{other} wall: {ratio:.2f}x")
    return "\n".join(rows)


def scan(path: str) -> int:
    """The in-process driver used before the CLI existed: every rule over every file."""
    from futurelint.engine import lint_bytes
    from futurelint.rules.base import registry
    from futurelint.settings import Settings

    rules = [rule(Settings()) for rule in registry().values()]
    rules = [rule for rule in rules if rule.applies()]
    for file in sorted(Path(path).rglob("*.py")):
        result = lint_bytes(file.read_bytes(), str(file), rules)
        for finding in result.findings:
            print(f"{file}:{finding.start.row}:{finding.start.column}: {finding.code} {finding.message}")
    return 0


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=sysconfig.get_paths()["stdlib"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dense", help="comma-separated copy counts, e.g. 1,4,16")
    parser.add_argument("--tools", help="comma-separated subset of futurelint,ruff,flake8")
    parser.add_argument("--futurelint-cmd", help="command line for futurelint; {path} is the corpus")
    parser.add_argument("--json", dest="json_out", help="write the results here")
    parser.add_argument("--scan", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scan:
        return scan(args.corpus)

    root = Path(args.corpus).resolve()
    files = corpus_files(root)
    tools = tool_commands(args)
    report: dict = {
        "corpus": str(root),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "runs": args.runs,
        "commands": {name: " ".join(command) for name, command in tools.items()},
    }
    with tempfile.TemporaryDirectory(prefix="futurelint-bench-") as temp:
        if args.dense:
            dense = [path for path in files if CF_IMPORT.search(path.read_bytes())]
            tools["parse-only"] = [sys.executable, "-c", PARSE_ONLY, "{path}"]
            report["commands"]["parse-only"] = "libcst.parse_module on every file"
            report["dense"] = []
            for copies in (int(n) for n in args.dense.split(",")):
                target = Path(temp, f"dense{copies}")
                count = copy_corpus(dense, root, target, copies)
                results = bench(tools, target, args.runs)
                lines = sum(len(p.read_bytes().splitlines()) for p in dense) * copies
                print(f"\n== dense x{copies}: {count} files importing concurrent.futures, {lines} lines")
                print(table(results, count))
                report["dense"].append({"copies": copies, "files": count, "lines": lines, "results": results})
        else:
            target = Path(temp, "corpus")
            count = copy_corpus(files, root, target)
            results = bench(tools, target, args.runs)
            print(f"== {root}: {count} files")
            print(table(results, count))
            report.update(files=count, results=results)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
