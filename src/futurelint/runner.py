"""Lint many files: read them, drop those the prefilter rules out, and lint the rest, in worker
processes when there are enough of them to pay for the start-up.

The results do not depend on the number of workers: files are handed out and collected in path
order, and findings are sorted by path, row, column and code.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator, Optional, Sequence

from futurelint.engine import FileResult, InternalError, lint_bytes, may_have_findings, parse_error_finding
from futurelint.findings import Finding
from futurelint.notebook import is_notebook, lint_notebook
from futurelint.prefilter import mentions_concurrent
from futurelint.rules.base import Rule, registry
from futurelint.settings import Settings

# Below this many files that survive the prefilter, starting worker processes costs more than it saves.
MIN_FILES_FOR_POOL = 4
STDIN = "-"


@dataclass(frozen=True)
class Task:
    """One file to lint. `data` is set for stdin (and for files already read by the runner)."""

    path: str  # absolute path, or "-" for anonymous stdin; what findings carry
    codes: frozenset  # rule codes to run on this file
    data: Optional[bytes] = None
    report_parse_errors: bool = True
    settings: Optional[Settings] = None  # this file's settings, when not the run's (nested configurations)


@dataclass
class RunResult:
    files: list[FileResult] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        found = [finding for result in self.files for finding in result.findings]
        found.sort(key=Finding.sort_key)
        return found

    @property
    def errors(self) -> list[InternalError]:
        return [error for result in self.files for error in result.errors]

    @property
    def files_checked(self) -> int:
        return len(self.files)


Progress = Callable[[int, int], None]  # (done, total)


def default_jobs() -> int:
    try:
        return max(len(os.sched_getaffinity(0)), 1)  # type: ignore[attr-defined]
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def run(
    tasks: Sequence[Task],
    settings: Settings,
    jobs: Optional[int] = None,
    keep_source: bool = False,
    progress: Optional[Progress] = None,
    cache=None,
) -> RunResult:
    """Lint every task. `keep_source` keeps each file's decoded text in `FileResult.source` (for
    fixes and noqa insertion, which rewrite files). `cache` (a `futurelint.cache.Cache`) supplies
    and keeps the results of files linted before."""
    jobs = jobs or default_jobs()
    results: list[Optional[FileResult]] = []
    work = []  # (task, keep_source, size in bytes) for the files that need a parse
    pending = []  # their indexes in `results`
    keys: dict[int, tuple] = {}  # index in `results` -> cache key
    for task in tasks:
        read, result = _read(task)
        if result is None and not _may_find(read):
            result = FileResult(task.path, skipped=True)  # the prefilter: no finding possible
        if result is None and cache is not None:
            key = keys[len(results)] = cache.key(
                task.path, read.data, task.codes, task.settings or settings, task.report_parse_errors
            )
            result = cache.get(key)
        if result is None:
            pending.append(len(results))
            # The bytes are read again where the file is linted, rather than kept here: the parent
            # stays small, and so do the workers forked from it.
            work.append((task, keep_source, len(read.data or b"")))
        results.append(result)
    linted = _lint_all(work, settings, jobs, progress, done=len(results) - len(pending), total=len(results))
    for index, result in zip(pending, linted):
        results[index] = result
        if index in keys:
            cache.put(keys[index], result)
    return RunResult([_filter(task, result) for task, result in zip(tasks, results)])


def _read(task: Task) -> tuple[Task, Optional[FileResult]]:
    """The task with its bytes, or a finished FileResult when the file cannot be read."""
    if task.data is not None:
        return task, None
    try:
        with open(task.path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        result = FileResult(task.path)
        if task.report_parse_errors:
            result.findings.append(parse_error_finding(task.path, f"Cannot read file: {_reason(error)}"))
        return task, result
    return replace(task, data=data), None


def _reason(error: OSError) -> str:
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    return error.strerror or str(error)


def _may_find(task: Task) -> bool:
    if is_notebook(task.path):  # JSON: only the joined cells can be searched for imports
        return bool(task.codes) and mentions_concurrent(task.data or b"")
    return bool(task.codes) and may_have_findings(task.data or b"")


def _filter(task: Task, result: FileResult) -> FileResult:
    if not task.report_parse_errors:
        result.findings = [f for f in result.findings if f.code != "FUT000"]
    return result


def _lint_all(work, settings: Settings, jobs: int, progress: Optional[Progress], done: int, total: int):
    if progress:
        progress(done, total)
    if jobs > 1 and len(work) >= MIN_FILES_FOR_POOL:
        results = _lint_in_pool(work, settings, min(jobs, len(work)), progress, done, total)
        if results is not None:
            return results
    results = []
    for item in work:
        results.append(_lint_one(item, settings))
        done += 1
        if progress:
            progress(done, total)
    return results


def _lint_in_pool(work, settings, workers, progress, done, total) -> Optional[list[FileResult]]:
    """Lint in worker processes; None when the pool broke (a worker died), so the caller falls
    back to linting in this process."""
    from concurrent.futures import ProcessPoolExecutor  # only when a pool starts: start-up stays cheap
    from concurrent.futures.process import BrokenProcessPool

    _warm_up()
    # Largest files first, one at a time: a few big files dominate a run, and started last (or
    # bundled into one worker's chunk) they leave the other workers idle meanwhile. A file handed
    # out is almost always parsed, which costs far more than sending it.
    order = sorted(range(len(work)), key=lambda index: -work[index][2])
    results: list = [None] * len(work)
    try:
        with ProcessPoolExecutor(workers, mp_context=_context(), initializer=_init_worker, initargs=(settings,)) as pool:
            ordered = pool.map(_lint_in_worker, [work[index] for index in order])
            for index, result in zip(order, ordered):
                results[index] = result
                done += 1
                if progress:
                    progress(done, total)
    except (BrokenProcessPool, OSError):
        return None
    return results


def _context():
    import multiprocessing

    # fork is much cheaper than spawn (workers inherit the imported parser); it is safe here because
    # the parent has no other threads. Elsewhere (macOS, Windows) keep the platform's default.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _warm_up() -> None:
    """Import the parser, the semantic layer and the rules once, before forking, so workers need not."""
    import libcst  # noqa: F401

    import futurelint.semantic  # noqa: F401

    registry()


_worker_settings: Optional[Settings] = None
_rule_cache: dict = {}


def _init_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings
    _rule_cache.clear()


def _lint_in_worker(item) -> FileResult:
    assert _worker_settings is not None
    return _lint_one(item, _worker_settings)


def _lint_one(item, settings: Settings) -> FileResult:
    task, keep_source, _ = item
    settings = task.settings or settings
    task, unreadable = _read(task)
    if unreadable is not None:
        return unreadable
    try:
        if is_notebook(task.path):
            return lint_notebook(task.data, task.path, SelectedRules(task.codes, settings), keep_source=keep_source)
        return lint_bytes(task.data, task.path, SelectedRules(task.codes, settings), keep_source=keep_source)
    except Exception as error:  # a bug outside any rule: report it for this file and go on
        result = FileResult(task.path)
        result.errors.append(InternalError(task.path, "engine", 0, f"{type(error).__name__}: {error}"))
        return result


class SelectedRules:
    """The rules to run on a file, looked up only when the engine runs them: most files that
    mention `concurrent` do not import it, and are skipped without loading any rule (or libcst)."""

    def __init__(self, codes: frozenset, settings: Settings) -> None:
        self.codes = codes
        self.settings = settings

    def __iter__(self) -> Iterator[Rule]:
        return iter(rules_for(self.codes, self.settings))


def rules_for(codes: frozenset, settings: Settings) -> list[Rule]:
    """Instances of the selected rules that apply under `settings`, in code order (cached)."""
    key = (codes, settings)
    if key not in _rule_cache:
        instances = [rule(settings) for code, rule in registry().items() if code in codes]
        _rule_cache[key] = [rule for rule in instances if rule.applies()]
    return _rule_cache[key]
