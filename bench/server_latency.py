"""How long `futurelint server` takes from an edit to its diagnostics, on a 1,000-line module that
imports concurrent.futures (the language server's latency goal: under 150 ms on this machine).

    python bench/server_latency.py [--lines 1000] [--edits 30] [--pause 0.1] [--json OUT]

The server runs as a subprocess spoken to over stdio in plain JSON-RPC, as an editor would: open the
document, then edit one line at a time (a whole-document change, as many clients send) and time
each `textDocument/didChange` until the `textDocument/publishDiagnostics` of that version arrives.
Edits are `--pause` seconds apart after the previous diagnostics, so each is a separate edit, which
the server lints at once; with `--pause 0` each edit follows the last lint so closely that the
server takes it for part of a burst and waits out its debounce (futurelint.server.DEBOUNCE_SECONDS)
first. Reported: the median, p90 and max. Also printed: the lint alone, in this process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

FUNCTION = '''

def batch_{n}(items, pool: ThreadPoolExecutor):
    """Submit the items of batch {n} and gather what finished."""
    futures = [pool.submit(work, item, {n}) for item in items]
    done, pending = wait(futures, timeout=1.0)
    results = []
    for future in as_completed(done):
        results.append(future.result())
    pool.submit(work, {n})
    return results, len(pending)
'''
HEADER = "from concurrent.futures import ThreadPoolExecutor, as_completed, wait\n\n\ndef work(*args):\n    return args\n"


def module(lines: int) -> str:
    """A module of about `lines` lines: functions using an executor, one discarded future each."""
    text, n = HEADER, 0
    while text.count("\n") < lines:
        text += FUNCTION.format(n=n)
        n += 1
    return text


class Server:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "futurelint", "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.next_id = 0

    def send(self, method: str, params: dict, request: bool = False) -> Optional[int]:
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return message.get("id")

    def receive(self) -> dict:
        length = 0
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("the server exited")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.process.stdout.read(length))

    def wait_for(self, predicate) -> dict:
        while True:
            message = self.receive()
            if predicate(message):
                return message

    def close(self) -> None:
        request = self.send("shutdown", None, request=True)
        self.wait_for(lambda m: m.get("id") == request)
        self.send("exit", None)
        self.process.wait(timeout=10)


def diagnostics_of(uri: str, version: int):
    def match(message: dict) -> bool:
        params = message.get("params") or {}
        return (
            message.get("method") == "textDocument/publishDiagnostics"
            and params.get("uri") == uri
            and params.get("version") == version
        )

    return match


def measure(lines: int, edits: int, pause: float = 0.1) -> dict:
    text = module(lines)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.py"
        path.write_text(text, encoding="utf-8")
        uri = path.as_uri()
        server = Server()
        try:
            request = server.send("initialize", {"processId": None, "rootUri": None, "capabilities": {}}, request=True)
            server.wait_for(lambda m: m.get("id") == request)
            server.send("initialized", {})
            document = {"uri": uri, "languageId": "python", "version": 1, "text": text}
            started = time.perf_counter()
            server.send("textDocument/didOpen", {"textDocument": document})
            opened = server.wait_for(diagnostics_of(uri, 1))
            open_ms = (time.perf_counter() - started) * 1000
            latencies = []
            for version in range(2, edits + 2):
                time.sleep(pause)
                text = text.replace(f"pool.submit(work, {version - 2})", f"pool.submit(work, {version - 2} + 1)", 1)
                change = {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}
                started = time.perf_counter()
                server.send("textDocument/didChange", change)
                server.wait_for(diagnostics_of(uri, version))
                latencies.append((time.perf_counter() - started) * 1000)
            server.close()
        finally:
            if server.process.poll() is None:
                server.process.kill()
    return {
        "lines": text.count("\n"),
        "pause_s": pause,
        "diagnostics": len(opened["params"]["diagnostics"]),
        "open_ms": round(open_ms, 1),
        "change_to_diagnostics_ms": {
            "median": round(statistics.median(latencies), 1),
            "p90": round(sorted(latencies)[int(0.9 * (len(latencies) - 1))], 1),
            "max": round(max(latencies), 1),
        },
        **lint_only(text),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "cpus": os.cpu_count(),
    }


def lint_only(text: str, runs: int = 5) -> dict:
    """Median milliseconds (wall, and CPU of this process: less sensitive to other load) of the lint
    alone, through DocumentLinter as the server calls it."""
    from futurelint.document import DocumentLinter

    linter = DocumentLinter()
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "big.py")
        linter.lint_text(path, text)  # warm: imports, rule instances
        walls, cpus = [], []
        for _ in range(runs):
            wall, cpu = time.perf_counter(), time.process_time()
            linter.lint_text(path, text)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
    return {"lint_only_ms": round(statistics.median(walls), 1), "lint_only_cpu_ms": round(statistics.median(cpus), 1)}


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--pause", type=float, default=0.1, help="seconds between an edit's diagnostics and the next edit (default 0.1)")
    parser.add_argument("--json", dest="json_out")
    args = parser.parse_args(argv)
    report = measure(args.lines, args.edits, args.pause)
    figures = report["change_to_diagnostics_ms"]
    met = figures["median"] < 150
    print(
        f"{report['lines']} lines, {report['diagnostics']} diagnostics, edits {args.pause} s apart; open: {report['open_ms']} ms; "
        f"change -> diagnostics: median {figures['median']} ms, p90 {figures['p90']} ms, max {figures['max']} ms; "
        f"lint alone: {report['lint_only_ms']} ms ({report['lint_only_cpu_ms']} ms CPU); "
        f"load average {report['load_average'][0]} on {report['cpus']} CPUs; goal < 150 ms (median): {'met' if met else 'NOT met'}"
    )
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
