"""Benchmark futurelint against ruff and flake8 (+ flake8-bugbear) on a corpus of Python files.

    python bench/bench.py [CORPUS] [--runs 5] [--modes full,no-concurrent,dense,dense-size]
                          [--copies 1,4,16] [--tools futurelint,ruff,flake8,parse-only]
                          [--flake8 PATH] [--json OUT]

CORPUS defaults to the running Python's standard library (`sysconfig.get_paths()["stdlib"]`). Its
`*.py` files, minus `site-packages`/`dist-packages`, are copied into a temporary directory first
(directories that a tool excludes by default, such as `venv`, get a `_` suffix), so every tool sees
exactly the same files. One command runs every mode (all of them by default):

- full: the whole corpus; futurelint, ruff `--select ALL` and flake8.
- no-concurrent: the corpus minus every file whose bytes contain `concurrent`, so no file has
  anything for futurelint to analyse; futurelint against ruff with one rule (`--select F401`,
  pyflakes' unused import, a rule that needs only the parsed module).
- dense: only the files that import from concurrent.futures (the files futurelint really
  analyses), copied 1, 4 and 16 times (`--copies`): per-file cost, growth with the file count;
  futurelint, `libcst.parse_module` alone on the same files (`parse-only`) and flake8.
- dense-size: the same files, each one concatenated with itself 1, 4 and 16 times: growth with
  the file size; futurelint and parse-only.

Each tool runs as a subprocess, the tools alternate run after run (so machine noise hits them
alike), and each figure is the median of `--runs` runs (at least 5 recommended):

- wall: elapsed seconds; files/s: corpus files / wall
- cpu: user + system seconds of the tool and its worker processes (`wait4` rusage)
- rss: peak resident memory in MiB of the largest single process of the tool
- ratios of futurelint to the other tools, then one verdict line per performance goal

Commands (all print findings; exit codes are ignored):

- futurelint: `python -m futurelint check --select ALL --output-format concise --exit-zero
  --no-respect-gitignore --no-cache CORPUS` (every run lints from scratch; bench/cache_bench.py
  measures the cache) (override with `--futurelint-cmd "..."`, `{path}` is the corpus)
- ruff (when installed): `ruff check --no-cache --isolated --select ALL --output-format concise
  --exit-zero CORPUS`, and `--select F401` in the no-concurrent mode
- flake8 (when installed, with flake8-bugbear if present): `flake8 --exit-zero CORPUS`. Install
  it in an environment without futurelint (`--flake8 PATH`): futurelint's flake8 plugin would
  otherwise run inside flake8 and be timed as flake8's cost (a warning is printed then).

`--json OUT` writes every measurement, the verdicts, the machine, the tool versions and the date.
"""

from __future__ import annotations

import argparse
import datetime
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
from importlib import metadata
from pathlib import Path
from typing import Optional

MODES = ("full", "no-concurrent", "dense", "dense-size")
MODE_TOOLS = {
    "full": ("futurelint", "ruff", "flake8"),
    "no-concurrent": ("futurelint", "ruff-F401"),
    "dense": ("futurelint", "parse-only", "flake8"),
    "dense-size": ("futurelint", "parse-only"),
}
SKIP_DIRS = {"site-packages", "dist-packages", "__pycache__"}
# Directory names that ruff, futurelint or flake8 skip by default (renamed in the copies).
DEFAULT_EXCLUDED = {"build", "dist", "venv", "_build", "buck-out", "node_modules", "__pypackages__", "CVS"}
CF_IMPORT = re.compile(rb"^\s*(from\s+concurrent\.futures\b|from\s+concurrent\s+import\s+futures|import\s+concurrent\.futures)", re.MULTILINE)
FUTURE_IMPORT = re.compile(rb"^from\s+__future__\s+import\b.*$", re.MULTILINE)
RSS_LIMIT_MB = 200
LINEAR_LIMIT = 1.2  # cost per copy at Nx over cost per copy at 1x; 1.0 = exactly linear
PARSE_ONLY = (
    "import sys, libcst\n"
    "from pathlib import Path\n"
    "for path in sorted(Path(sys.argv[1]).rglob('*.py')):\n"
    "    try:\n"
    "        libcst.parse_module(path.read_bytes())\n"
    "    except Exception:\n"
    "        pass\n"
)


# Corpora


def corpus_files(root: Path) -> list[Path]:
    files = []
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d not in SKIP_DIRS)
        files.extend(Path(directory, name) for name in sorted(names) if name.endswith(".py"))
    return files


def neutral(relative: Path) -> Path:
    """`relative` with every directory a tool would skip by default renamed."""
    parts = [part + "_" if part in DEFAULT_EXCLUDED or part.startswith(".") else part
             for part in relative.parts[:-1]]
    return Path(*parts, relative.name)


def copy_files(files: list[Path], root: Path, target: Path, copies: int = 1) -> int:
    """Copy `files` (relative to `root`) `copies` times under `target`; returns the file count."""
    for copy in range(copies):
        for path in files:
            write(target / f"copy{copy}" / neutral(path.relative_to(root)), path.read_bytes())
    return len(files) * copies


def concatenate_files(files: list[Path], root: Path, target: Path, times: int) -> int:
    """Write each file as `times` copies of itself, one after the other; returns the file count."""
    for path in files:
        body = path.read_bytes().rstrip(b"\n")
        repeat = FUTURE_IMPORT.sub(b"pass", body)  # __future__ imports are only valid at the top
        write(target / neutral(path.relative_to(root)), b"\n\n".join([body] + [repeat] * (times - 1)) + b"\n")
    return len(files)


def write(destination: Path, data: bytes) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(data)


def line_count(root: Path) -> int:
    return sum(len(path.read_bytes().splitlines()) for path in root.rglob("*.py"))


# Tools


def tool_commands(args) -> dict[str, list[str]]:
    tools = {"futurelint": futurelint_command(args.futurelint_cmd)}
    ruff = shutil.which("ruff") or _beside_python("ruff")
    if ruff:
        tools["ruff"] = [ruff, "check", "--no-cache", "--isolated", "--select", "ALL", "--output-format",
                         "concise", "--exit-zero", "{path}"]
        tools["ruff-F401"] = [ruff, "check", "--no-cache", "--isolated", "--select", "F401",
                              "--output-format", "concise", "--exit-zero", "{path}"]
    flake8 = args.flake8 or shutil.which("flake8") or _beside_python("flake8")
    if flake8:
        tools["flake8"] = [flake8, "--exit-zero", "{path}"]
    tools["parse-only"] = [sys.executable, "-c", PARSE_ONLY, "{path}"]
    wanted = set(args.tools.split(",")) if args.tools else None
    return {name: command for name, command in tools.items()
            if wanted is None or name.split("-F401")[0] in wanted}  # "ruff" selects both ruff commands


def futurelint_command(override: Optional[str]) -> list[str]:
    if override:
        return shlex.split(override)
    return [sys.executable, "-m", "futurelint", "check", "--select", "ALL", "--output-format", "concise",
            "--exit-zero", "--no-respect-gitignore", "--no-cache", "{path}"]


def _beside_python(name: str) -> Optional[str]:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else None


def describe(name: str, command: list[str]) -> str:
    return "libcst.parse_module on every file, one process" if name == "parse-only" else " ".join(command)


def versions(tools: dict[str, list[str]]) -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in ("futurelint", "libcst"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            pass
    for name in ("ruff", "flake8"):  # flake8's --version lists its plugins, bugbear among them
        if name in tools:
            run = subprocess.run([tools[name][0], "--version"], capture_output=True, text=True, check=False)
            found[name] = " ".join(run.stdout.split())
    return found


def machine() -> dict:
    return {"cpus": os.cpu_count(), "cpu_model": cpu_model(), "platform": platform.platform(),
            "python": platform.python_version(), "python_executable": sys.executable}


def cpu_model() -> Optional[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or None
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else None


# Measuring


# Tools run as their users run them, with bytecode cached: under PYTHONDONTWRITEBYTECODE a Python
# tool installed in editable mode would compile its own sources again on every run.
TOOL_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def measure(command: list[str], path: Path) -> dict:
    """One run: wall, CPU (the process and the children it waited for) and peak RSS, via wait4."""
    argv = [part.replace("{path}", str(path)) for part in command]
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL, env=TOOL_ENV)
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
        "cpus": [round(s["cpu"], 3) for s in samples],
    }


# Modes: each one copies its corpus under a temporary directory, benchmarks it and prints a table

TITLES = {
    "full": "full: the whole corpus",
    "no-concurrent": "no-concurrent: the corpus minus the files containing `concurrent`",
    "dense": "dense x{n}: the files importing concurrent.futures, copied {n} times",
    "dense-size": "dense-size x{n}: the files importing concurrent.futures, each repeated {n} times inside itself",
}


def run_mode(mode: str, files: list[Path], root: Path, temp: Path, tools: dict, args) -> object:
    """One section for `full` and `no-concurrent`, a list of sections (one per copy count) for the others."""
    if mode in ("full", "no-concurrent"):
        return run_tree(mode, 1, files, root, temp / mode, tools, args.runs)
    return [{"copies": n, **run_tree(mode, n, files, root, temp / f"{mode}{n}", tools, args.runs)}
            for n in copy_counts(args)]


def run_tree(mode: str, copies: int, files: list[Path], root: Path, tree: Path, tools: dict, runs: int) -> dict:
    count = build_tree(mode, copies, files, root, tree)
    lines = line_count(tree)
    results = bench(tools, tree, runs)
    print(f"\n== {TITLES[mode].format(n=copies)}: {count} files, {lines} lines")
    print(table(results, count))
    return {"files": count, "lines": lines, "results": results}


def build_tree(mode: str, copies: int, files: list[Path], root: Path, tree: Path) -> int:
    if mode == "full":
        return copy_files(files, root, tree)
    if mode == "no-concurrent":
        return copy_files([path for path in files if b"concurrent" not in path.read_bytes()], root, tree)
    if mode == "dense":
        return copy_files(dense_files(files), root, tree, copies)
    return concatenate_files(dense_files(files), root, tree, copies)


def dense_files(files: list[Path]) -> list[Path]:
    return [path for path in files if CF_IMPORT.search(path.read_bytes())]


def table(results: dict[str, dict], files: int) -> str:
    rows = [f"{'tool':<12}{'wall s':>9}{'cpu s':>9}{'rss MiB':>9}{'files/s':>10}{'output':>9}"]
    for name, r in results.items():
        rows.append(f"{name:<12}{r['wall']:>9.2f}{r['cpu']:>9.2f}{r['rss_mib']:>9.0f}"
                    f"{files / max(r['wall'], 1e-9):>10.0f}{r['output_lines']:>9}")
    for other in results:
        if other != "futurelint" and "futurelint" in results:
            wall, cpu = (ratio(results, "futurelint", other, metric) for metric in ("wall", "cpu"))
            rows.append(f"futurelint/{other}: wall {wall:.2f}x, cpu {cpu:.2f}x")
    return "\n".join(rows)


def ratio(results: dict, tool: str, other: str, metric: str) -> float:
    return results[tool][metric] / max(results[other][metric], 1e-9)


# Verdicts: one per performance goal, from the figures of this run only


def verdicts(report: dict) -> list[dict]:
    return [
        ratio_goal(report, "(a) full: futurelint/ruff wall", "full", "ruff", "wall", 1.5),
        ratio_goal(report, "(a) full: futurelint/flake8 wall", "full", "flake8", "wall", 0.05),
        ratio_goal(report, "(b) no-concurrent: futurelint/ruff-F401 wall", "no-concurrent", "ruff-F401", "wall", 2),
        ratio_goal(report, "(c) dense: futurelint/parse-only cpu", "dense", "parse-only", "cpu", 2),
        ratio_goal(report, "(c) dense: futurelint/flake8 wall (faster per file)", "dense", "flake8", "wall", 1),
        linear_goal(report, "(c) dense: cpu per copy at Nx / at 1x (files)", "dense"),
        linear_goal(report, "(c) dense-size: cpu per copy at Nx / at 1x (file size)", "dense-size"),
        linear_goal(report, "(c) dense-size: analysis (futurelint - parse-only) cpu per copy", "dense-size",
                    analysis_only=True),
        rss_goal(report, ("full", "dense")),
    ]


def sections_of(report: dict, mode: str) -> list[tuple[str, dict]]:
    """(label, results) of each measured tree of `mode`: one, or one per copy count."""
    value = report.get(mode)
    if isinstance(value, list):
        return [(f"x{section['copies']}", section["results"]) for section in value]
    return [(mode, value["results"])] if value else []


def ratio_goal(report: dict, goal: str, mode: str, other: str, metric: str, limit: float) -> dict:
    measured = {label: ratio(results, "futurelint", other, metric)
                for label, results in sections_of(report, mode)
                if "futurelint" in results and other in results}
    return verdict(goal, f"<= {limit}x", measured, all(value <= limit for value in measured.values()))


def linear_goal(report: dict, goal: str, mode: str, analysis_only: bool = False) -> dict:
    """futurelint's CPU per copy at each Nx over the one at the smallest copy count. A fixed start-up
    cost pulls this below 1, so `marginal` also compares the cost of each added copy between the
    last two steps with the one between the first two (about 1 when linear, 4 when quadratic).
    The same factors for `libcst.parse_module` alone tell the parser's share of any growth;
    `analysis_only` judges futurelint's CPU minus the parser's, the part futurelint itself owns."""
    points = cpu_points(report, mode, "futurelint")
    if analysis_only:
        parse = dict(cpu_points(report, mode, "parse-only"))
        points = [(copies, cpu - parse[copies]) for copies, cpu in points if copies in parse]
    measured = per_copy_factors(points)
    entry = verdict(goal, f"<= {LINEAR_LIMIT}x", measured, all(v <= LINEAR_LIMIT for v in measured.values()))
    if len(points) > 2:
        entry["marginal"] = round(slope(points[-2], points[-1]) / max(slope(points[0], points[1]), 1e-9), 3)
    parser = per_copy_factors(cpu_points(report, mode, "parse-only"))
    if parser:
        entry["parse-only"] = {label: round(value, 3) for label, value in parser.items()}
    return entry


def cpu_points(report: dict, mode: str, tool: str) -> list[tuple[int, float]]:
    return [(section["copies"], section["results"][tool]["cpu"])
            for section in report.get(mode, []) if tool in section["results"]]


def per_copy_factors(points: list[tuple[int, float]]) -> dict[str, float]:
    if len(points) < 2:
        return {}
    base_copies, base_cpu = points[0]
    return {f"x{copies}": (cpu / copies) / max(base_cpu / base_copies, 1e-9) for copies, cpu in points[1:]}


def slope(first: tuple[int, float], second: tuple[int, float]) -> float:
    return (second[1] - first[1]) / (second[0] - first[0])


def rss_goal(report: dict, modes: tuple[str, ...]) -> dict:
    measured = {label: results["futurelint"]["rss_mib"] * 1024 * 1024 / 1e6
                for mode in modes for label, results in sections_of(report, mode) if "futurelint" in results}
    return verdict("(d) futurelint peak RSS, MB", f"< {RSS_LIMIT_MB} MB", measured,
                   all(value < RSS_LIMIT_MB for value in measured.values()))


def verdict(goal: str, limit: str, measured: dict[str, float], met: bool) -> dict:
    return {"goal": goal, "limit": limit, "measured": {k: round(v, 3) for k, v in measured.items()},
            "met": met if measured else None}


def verdict_line(entry: dict) -> str:
    status = {True: "MET", False: "NOT MET", None: "NOT MEASURED"}[entry["met"]]
    figures = ", ".join(f"{label} {value:.2f}" for label, value in entry["measured"].items())
    if "marginal" in entry:
        figures += f"; marginal cost per copy, last step / first step {entry['marginal']:.2f}"
    if "parse-only" in entry:
        figures += "; parse-only alone " + ", ".join(f"{k} {v:.2f}" for k, v in entry["parse-only"].items())
    return f"{status:<13}{entry['goal']} {entry['limit']}: {figures or 'tool missing or mode not run'}"


# Command line


def parse_args(argv: Optional[list[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=sysconfig.get_paths()["stdlib"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated subset of " + ",".join(MODES))
    parser.add_argument("--copies", default="1,4,16", help="copy counts of the dense modes, smallest first")
    parser.add_argument("--tools", help="comma-separated subset of futurelint,ruff,flake8,parse-only")
    parser.add_argument("--flake8", help="flake8 executable (best from an environment without futurelint)")
    parser.add_argument("--futurelint-cmd", help="command line for futurelint; {path} is the corpus")
    parser.add_argument("--json", dest="json_out", help="write the results here")
    args = parser.parse_args(argv)
    unknown = set(args.modes.split(",")) - set(MODES)
    if unknown:
        parser.error(f"unknown mode(s): {', '.join(sorted(unknown))}")
    return args


def copy_counts(args) -> list[int]:
    return [int(n) for n in args.copies.split(",")]


def warn_if_flake8_runs_futurelint(found: dict[str, str]) -> Optional[str]:
    if "futurelint" not in found.get("flake8", ""):
        return None
    warning = ("flake8 runs futurelint's own plugin, so flake8's times include futurelint's analysis; "
               "pass --flake8 PATH from an environment without futurelint")
    print(f"warning: {warning}", file=sys.stderr)
    return warning


def main(argv: Optional[list[str]] = None) -> int:
    args = parse_args(argv)
    root = Path(args.corpus).resolve()
    files = corpus_files(root)
    tools = tool_commands(args)
    modes = [mode for mode in MODES if mode in args.modes.split(",")]
    report: dict = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "versions": versions(tools),
        "corpus": str(root),
        "runs": args.runs,
        "commands": {name: describe(name, command) for name, command in tools.items()
                     if any(name in MODE_TOOLS[mode] for mode in modes)},
    }
    report["warning"] = warn_if_flake8_runs_futurelint(report["versions"])
    with tempfile.TemporaryDirectory(prefix="futurelint-bench-") as temp:
        print(f"corpus: {root}")
        for mode in modes:
            mode_tools = {name: tools[name] for name in MODE_TOOLS[mode] if name in tools}
            report[mode] = run_mode(mode, files, root, Path(temp), mode_tools, args)
    report["verdicts"] = verdicts(report)
    print("\n== goals (ratios measured in this run)")
    print("\n".join(verdict_line(entry) for entry in report["verdicts"]))
    if report["warning"]:
        print(f"warning: {report['warning']}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
