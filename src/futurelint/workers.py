"""Worker processes that do the parsing, so that no file can stall, exhaust or kill the run.

Each worker handles one file at a time, under an address-space limit (`memory-limit`); the parent
waits for its answer at most `time-limit` seconds and then kills it. A worker that dies or is killed
is replaced. The file it held is reported as FUT000 when it was the cause (time, or the worker's own
memory limit); when something else may have killed the worker (the OOM killer, a user), the file is
tried once more, alone, in a fresh worker once every other file is done, and reported only if that
worker dies too. The parent itself never parses a user's file.

Workers die with the parent: on Linux the kernel kills them when it exits (`PR_SET_PDEATHSIG`), and
everywhere a SIGTERM to the parent ends them before it exits. They also point their stdout and stderr
at the null device, so a worker can never keep a pipe such as `futurelint check | wc -l` open.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from futurelint.limits import Limits, too_slow

# Seconds granted beyond the time limit before a busy worker is killed, for the answer to arrive.
GRACE = 1.0
_PR_SET_PDEATHSIG = 1
_ABORTED = "killed by SIGABRT"


class Died(Exception):
    """Why a file has no result: its worker was killed (`reason` says how)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @property
    def may_be_collateral(self) -> bool:
        """Whether something other than the file itself may have killed its worker (the OOM killer,
        a user): then the file is tried again. Running out of time, or of the worker's own memory
        (a MemoryError, or libcst's abort when an allocation fails), is the file's doing."""
        return self.reason not in ("timeout", "memory", _ABORTED)

    def describe(self, limits: Limits) -> str:
        """Why, for a FUT000 message or a warning."""
        if self.reason == "timeout":
            return too_slow(limits.time_limit)
        if self.reason == "memory":
            return f"too large (ran out of memory; memory-limit is {limits.memory_limit} MiB)"
        if self.reason == _ABORTED:
            return f"too large (its worker aborted, most likely out of memory; memory-limit is {limits.memory_limit} MiB)"
        return f"its worker process died ({self.reason}; memory-limit is {limits.memory_limit} MiB)"


Work = Callable[[Any, Any], Any]  # (item, argument) -> result, run in a worker


@dataclass
class _Worker:
    process: Any
    connection: Any
    index: Optional[int] = None
    deadline: float = 0.0


@dataclass
class _Run:
    items: list
    work: Work
    argument: Any
    limits: Limits
    on_result: Callable[[int, Any], None]  # (index, result or Died)
    context: Any = None
    workers: list = field(default_factory=list)


def run_in_workers(
    items: list,
    order: list[int],
    work: Work,
    argument: Any,
    size: int,
    limits: Limits,
    on_result: Callable[[int, Any], None],
) -> None:
    """`work(items[i], argument)` for every i of `order`, in up to `size` workers; `on_result(i,
    result)` for each, where a result may be `Died`. Returns when every item has its result."""
    state = _Run(items, work, argument, limits, on_result, _context())
    with _terminated_by_sigterm():
        try:
            suspects = _serve_queue(state, deque(order), size, retry=True)
            for index in suspects:  # each alone, in a fresh worker
                _stop_all(state)
                _serve_queue(state, deque([index]), 1, retry=False)
        finally:
            _stop_all(state)


class InBackground:
    """`work(item, argument)` in one worker process started now, while the caller goes on;
    `result()` waits for it (the time limit counts from the start) and ends the worker. A worker
    that dies gives `Died`, without a second try."""

    def __init__(self, item: Any, work: Work, argument: Any, limits: Limits) -> None:
        self._outcome: Any = None
        self._state = _Run([item], work, argument, limits, self._keep, _context())
        worker = _start(self._state)
        self._state.workers.append(worker)
        _assign(worker, 0, self._state)

    def _keep(self, index: int, outcome: Any) -> None:
        self._outcome = outcome

    def result(self) -> Any:
        with _terminated_by_sigterm():
            try:
                while self._state.workers and self._state.workers[0].index is not None:
                    for worker, outcome in _wait(self._state):
                        worker.index = None
                        self._keep(0, outcome)
            finally:
                self.stop()
        return self._outcome

    def stop(self) -> None:
        _stop_all(self._state)


def _stop_all(state: _Run) -> None:
    for worker in state.workers:
        _stop(worker)
    state.workers.clear()


def _serve_queue(state: _Run, pending: deque, size: int, retry: bool) -> list[int]:
    """Run `pending` to the end; the indexes whose worker died (when `retry`, for a second try)."""
    suspects: list[int] = []
    while pending or any(worker.index is not None for worker in state.workers):
        while pending and len(state.workers) < size:
            state.workers.append(_start(state))
        for worker in state.workers:
            if worker.index is None and pending:
                _assign(worker, pending.popleft(), state)
        for worker, outcome in _wait(state):
            index, worker.index = worker.index, None
            if isinstance(outcome, Died):
                _replace(worker, state)
                if retry and outcome.may_be_collateral:
                    suspects.append(index)
                    continue
            state.on_result(index, outcome)
    return suspects


def _assign(worker: _Worker, index: int, state: _Run) -> None:
    worker.index = index
    worker.deadline = time.monotonic() + state.limits.time_limit + GRACE
    try:
        worker.connection.send(state.items[index])
    except (OSError, ValueError):  # the worker is already gone: the wait finds out
        pass


def _wait(state: _Run) -> list[tuple[_Worker, Any]]:
    """The busy workers that answered, died or ran out of time, with what each came to."""
    from multiprocessing.connection import wait

    busy = [worker for worker in state.workers if worker.index is not None]
    timeout = max(0.0, min(worker.deadline for worker in busy) - time.monotonic())
    ready = wait([worker.connection for worker in busy], timeout)
    finished = []
    for worker in busy:
        if worker.connection in ready:
            finished.append((worker, _receive(worker)))
        elif time.monotonic() >= worker.deadline:
            finished.append((worker, Died("timeout")))
    return finished


def _receive(worker: _Worker) -> Any:
    try:
        kind, value = worker.connection.recv()
    except (EOFError, OSError):
        worker.process.join(1.0)
        return Died(_exit_reason(worker.process.exitcode))
    except Exception as error:  # a result that cannot be unpickled
        return Died(f"unreadable result: {type(error).__name__}")
    return Died("memory") if kind == "memory" else value


def _exit_reason(code: Optional[int]) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def _replace(worker: _Worker, state: _Run) -> None:
    _stop(worker)
    state.workers[state.workers.index(worker)] = _start(state)


def _start(state: _Run) -> _Worker:
    parent_end, child_end = state.context.Pipe()
    process = state.context.Process(
        target=_serve,
        args=(child_end, state.work, state.argument, state.limits, os.getpid()),
        name="futurelint-worker",
        daemon=True,
    )
    process.start()
    child_end.close()
    return _Worker(process, parent_end)


def _stop(worker: _Worker) -> None:
    """End the worker now: it may be stuck in a parse that would never notice a polite request."""
    worker.connection.close()
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join()


def _context():
    import multiprocessing

    # fork is much cheaper than spawn (workers inherit the imported parser); it is safe here because
    # the parent has no other threads. Elsewhere (macOS, Windows) keep the platform's default.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


class _terminated_by_sigterm:
    """While workers run, SIGTERM to the parent ends it through `SystemExit`, whose unwinding stops
    the workers (the default action would leave them running). Only in the main thread, where
    signal handlers can be set."""

    def __enter__(self) -> None:
        self.previous = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)

    def __exit__(self, *exc_info) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)


def _exit_on_sigterm(signum, frame) -> None:
    raise SystemExit(128 + signum)


# ---------------------------------------------------------------------------------------------
# In the worker
# ---------------------------------------------------------------------------------------------


def _serve(connection, work: Work, argument: Any, limits: Limits, parent: int) -> None:
    _detach(parent)
    _limit_memory(limits.memory_limit)
    while True:
        try:
            item = connection.recv()
        except (EOFError, OSError):
            return
        try:
            answer = ("ok", work(item, argument))
        except MemoryError:
            answer = ("memory", None)
        try:
            connection.send(answer)
        except MemoryError:
            connection.send(("memory", None))
        except (OSError, ValueError):
            return


def _detach(parent: int) -> None:
    """Die with the parent, leave Ctrl-C and SIGTERM handling to it, and hold no output stream."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the workers itself
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    null = os.open(os.devnull, os.O_WRONLY)
    for descriptor in (1, 2):
        os.dup2(null, descriptor)
    os.close(null)


def _limit_memory(mebibytes: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    wanted = mebibytes * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft == resource.RLIM_INFINITY or wanted < soft:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
        except (ValueError, OSError):
            pass
