"""Run the hostile inputs of issue 14 through the real command line and print, for each, the wall
time and the peak memory (the largest single process of the run, as `wait4` reports it).

    python bench/hostile.py [--only NAME[,NAME...]] [--time-margin 5] [--memory-bound 2600]

Each case is built in a fresh temporary directory and run with futurelint's default limits
(`time-limit` 30 s, `memory-limit` 2048 MiB per worker, `max-file-size` 1 MiB), except where the
case sets its own. A case passes when it ends within the time limit plus the margin and under the
memory bound (MiB); the last column says so, and the exit code is 1 if any case failed. Not a test:
it takes a minute or two and its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Optional

TIME_LIMIT = 30.0  # futurelint's default time-limit
G = "from concurrent.futures import ThreadPoolExecutor\nwith ThreadPoolExecutor() as ex:\n    ex.submit(print)\n"


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def good_files(root: Path) -> None:
    for index in range(1, 6):
        write(root, f"good{index}.py", G)


def quadratic_prefilter(root: Path) -> list[str]:
    write(root, "slow.py", '# concurrent\nS = "' + "import." * 64000 + '"\n')  # 448 KB
    return ["slow.py"]


def unary_chains(root: Path) -> list[str]:
    write(root, "b.py", "from concurrent.futures import Future\n" + ("x = " + "-" * 2900 + "y\n") * 4 + "x = = 1\n")
    return ["-j1", "b.py"]


def attribute_chains(root: Path) -> list[str]:
    write(root, "a.py", "from concurrent.futures import Future\n" + ("x = y" + ".a" * 2900 + "\n") * 25 + "x = = 1\n")
    return ["-j1", "a.py"]


def ten_megabyte_line(root: Path) -> list[str]:
    write(root, "big.py", "from concurrent.futures import Future\nx = [" + "1," * 5_000_000 + "]\n")
    return ["-j1", "big.py"]


def dense_file_at_the_size_limit(root: Path) -> list[str]:
    lines, size = ["from concurrent.futures import Future\n"], 0
    while size < 1_000_000:
        lines.append(f"x{len(lines)} = f(a, b[{len(lines)}], c.d)\n")
        size += len(lines[-1])
    write(root, "dense.py", "".join(lines))
    return ["-j1", "dense.py"]


def worker_killer_among_good_files(root: Path) -> list[str]:
    good_files(root)
    write(root, "bomb.py", "from concurrent.futures import Future\n" + ("x = " + "-" * 2900 + "y\n") * 8 + "x = = 1\n")
    return ["-j2", "."]


def special_files(root: Path) -> list[str]:
    good_files(root)
    os.mkfifo(str(root / "fifo.py"))
    os.symlink("/dev/zero", str(root / "zero.py"))
    return ["good1.py", "fifo.py", "zero.py", "/dev/urandom"]


def special_gitignores(root: Path) -> list[str]:
    good_files(root)
    (root / ".git").mkdir()
    os.mkfifo(str(root / ".gitignore"))
    write(root, "sub/good.py", G)
    os.symlink("/dev/zero", str(root / "sub" / ".gitignore"))
    return ["."]


def deep_toml(root: Path) -> list[str]:
    write(root, "pyproject.toml", "x = " + "[" * 5000 + "]" * 5000 + "\n")
    good_files(root / "project")
    return ["project"]


def invalid_globs(root: Path) -> list[str]:
    good_files(root)
    (root / ".git").mkdir()
    write(root, ".gitignore", "[z-a]\n")
    return ["--extend-exclude", "[z-a]", "."]


def backtracking_glob(root: Path) -> list[str]:
    (root / ".git").mkdir()
    write(root, ".gitignore", "*a*a*a*a*a*a*a*a*a*a*b\n")
    write(root, "a" * 40 + ".py", G)
    return ["."]


def deep_tree(root: Path) -> list[str]:
    deepest = root
    for _ in range(1000):
        deepest = deepest / "d"
        deepest.mkdir()
    write(deepest, "deep.py", G)
    return ["."]


def project_index_gate(root: Path) -> list[str]:
    # Every line a candidate for the project index's byte gate, which runs in the parent (900 KB).
    write(root, "pyproject.toml", "[tool.futurelint]\n")
    write(root, "gate.py", "import concurrent.futures\ndef f():\n" + "    a = submit\n" * 60000)
    write(root, "deep.py", "from concurrent.futures import ThreadPoolExecutor\nP = ThreadPoolExecutor(" + "+".join(["1"] * 700) + ")\n")
    return ["-j1", "."]


def dense_task_modules(root: Path) -> list[str]:
    # Task modules that 60 files submit from (semantic/project_code.py reads them for each file):
    # one dense 1 MB module (over the size read: unknown), and three dense ones just under that
    # size, alternating so that they cannot all be kept: each file may parse one again.
    write(root, "pyproject.toml", "[tool.futurelint]\n")
    for name, limit in (("big", 1_000_000), ("t0", 130_000), ("t1", 130_000), ("t2", 130_000)):
        lines, size = ["def task():\n    pass\n"], 0
        while size < limit:
            lines.append(f"x{len(lines)} = f(a, b[{len(lines)}], c.d)\n")
            size += len(lines[-1])
        write(root, f"{name}.py", "".join(lines))
    for index in range(60):
        write(root, f"user{index}.py", f"from concurrent.futures import ThreadPoolExecutor\nfrom t{index % 3} import task\n"
              "from big import task as big\nwith ThreadPoolExecutor() as ex:\n    ex.submit(task)\n    ex.submit(big)\n")
    return ["-j1", "--no-cache", "--exclude=big.py,t0.py,t1.py,t2.py", "."]


CASES: dict[str, Callable[[Path], list[str]]] = {
    "1 quadratic prefilter (448 KB)": quadratic_prefilter,
    "2 unary chains + syntax error": unary_chains,
    "3 attribute chains + syntax error": attribute_chains,
    "4 one 10 MB line": ten_megabyte_line,
    "4 dense 1 MB file (at max-file-size)": dense_file_at_the_size_limit,
    "5 worker killer among 5 files, -j2": worker_killer_among_good_files,
    "6 FIFO, /dev/zero link, /dev/urandom": special_files,
    "6 FIFO and /dev/zero .gitignore": special_gitignores,
    "13 TOML nested 5,000 deep": deep_toml,
    "14 [z-a] in .gitignore and --exclude": invalid_globs,
    "15 *a*a*...*b .gitignore, 40-char name": backtracking_glob,
    "16 tree 1,000 levels deep": deep_tree,
    "17 project index: 60,000 gate lines, deep export": project_index_gate,
    "18 dense task modules, 60 files submit from them": dense_task_modules,
}


def run_case(build: Callable[[Path], list[str]], timeout: float) -> tuple[float, float, Optional[int], str]:
    """(seconds, peak MiB, exit code or None when it had to be killed, last line of output)."""
    with tempfile.TemporaryDirectory() as directory, tempfile.TemporaryFile() as output:
        root = Path(directory)
        command = [sys.executable, "-m", "futurelint", "check", "--output-format", "concise", *build(root)]
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=str(root), stdout=output, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        status, usage, killed = _wait(process, start + timeout)
        seconds = time.perf_counter() - start
        _remove_deep(root)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    code = None if killed else os.waitstatus_to_exitcode(status)
    last = text.strip().splitlines()[-1:] or [""]
    return seconds, usage.ru_maxrss / 1024, code, last[0][:60]


def _wait(process: subprocess.Popen, deadline: float):
    """Reap the process with `wait4` (its rusage covers the workers it reaped), killing its whole
    session at the deadline."""
    killed = False
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline and not killed:
            os.killpg(process.pid, signal.SIGKILL)
            killed = True
        time.sleep(0.01)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    return status, usage, killed


def _remove_deep(root: Path) -> None:
    """TemporaryDirectory's cleanup recurses once per level: unwind a deep tree first."""
    deepest = root / "d"
    if not deepest.is_dir():
        return
    while (deepest / "d").is_dir():
        deepest = deepest / "d"
    for child in deepest.iterdir():
        child.unlink()
    while deepest != root:
        deepest.rmdir()
        deepest = deepest.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated case numbers (e.g. 1,4,15)")
    parser.add_argument("--time-margin", type=float, default=5.0, help="seconds allowed beyond the time limit")
    parser.add_argument("--memory-bound", type=float, default=2600.0, help="MiB no process may exceed")
    args = parser.parse_args()
    wanted = set(args.only.split(",")) if args.only else None
    bound = TIME_LIMIT + args.time_margin
    print(f"{'case':<42} {'seconds':>8} {'peak MiB':>9} {'exit':>5}  verdict  last line")
    failed = 0
    for name, build in CASES.items():
        if wanted and name.split()[0] not in wanted:
            continue
        seconds, peak, code, last = run_case(build, timeout=bound + 60)
        ok = code is not None and seconds <= bound and peak <= args.memory_bound
        failed += not ok
        print(f"{name:<42} {seconds:>8.2f} {peak:>9.0f} {str(code):>5}  {'ok' if ok else 'FAIL':<7}  {last}")
    print(f"bounds: {bound:g} s (time-limit {TIME_LIMIT:g} + {args.time_margin:g}), {args.memory_bound:g} MiB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
