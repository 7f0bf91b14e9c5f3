"""Lint many files: read them (never more than `max-file-size` bytes, only regular files), drop those
the prefilter rules out, and lint the rest in worker processes (workers.py), which alone parse.

The results do not depend on the number of workers: files are handed out and collected in path
order, and findings are sorted by path, row, column and code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator, NamedTuple, Optional, Sequence

from futurelint.cache import content_digest
from futurelint.engine import FileResult, InternalError, lint_bytes, may_have_findings, parse_error_finding
from futurelint.findings import Finding
from futurelint.indexing import ExportScan, ProjectFiles
from futurelint.limits import Limits, TooLarge, file_contains, read_bounded
from futurelint.notebook import is_notebook, lint_notebook
from futurelint.prefilter import MARKER, mentions_concurrent
from futurelint.project_index import ProjectIndex
from futurelint.rules.base import Rule, registry
from futurelint.settings import Settings
from futurelint.workers import Died, run_in_workers

STDIN = "-"
# From this many files to hand to workers on, the parser is imported once before they are forked
# (they inherit it). Below, each worker imports it only if a file needs it: a few files that merely
# mention `concurrent` (CPython's tree shows no import) then never load libcst or a rule anywhere.
WARM_UP_FILES = 8


@dataclass(frozen=True)
class Task:
    """One file to lint. `data` is set for stdin (and for files already read by the runner)."""

    path: str  # absolute path, or "-" for anonymous stdin; what findings carry
    codes: frozenset  # rule codes to run on this file
    data: Optional[bytes] = None
    report_parse_errors: bool = True
    settings: Optional[Settings] = None  # this file's settings, when not the run's (nested configurations)
    limits: Optional[Limits] = None  # this file's limits, when not the run's (nested configurations)
    project: Optional[str] = None  # the key of its project (indexing.py), whose index it sees


@dataclass
class RunResult:
    files: list[FileResult] = field(default_factory=list)
    indexes: dict = field(default_factory=dict)  # file path -> the index of its project (for fixes)
    warnings: list[str] = field(default_factory=list)

    def index_for(self, path: str) -> Optional[ProjectIndex]:
        return self.indexes.get(path)

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
    limits: Limits = Limits(),
    cache=None,
    projects: Optional[dict[str, ProjectFiles]] = None,
) -> RunResult:
    """Lint every task. `keep_source` keeps each file's decoded text in `FileResult.source` (for
    fixes and noqa insertion, which rewrite files). `cache` (a `futurelint.cache.Cache`) supplies
    and keeps the results of files linted before. `projects` (indexing.py) are indexed after a first
    reading of the files, in a worker, when one of their modules may export; each task then sees the
    index of its `project`."""
    jobs = jobs or default_jobs()
    # First pass: read every file once, for the prefilter (parsing is the workers' alone).
    scan = ExportScan(projects or {}, limits, jobs, cache)
    try:
        checked = [_check(task, task.limits or limits, scan, cache is not None) for task in tasks]
        indexes, warnings = scan.finish({item.task.path: item.task.project for item in checked})
    finally:
        scan.stop()
    indexes = _every_project(indexes, tasks, scan.roots, limits)
    digests = {key: index.digest() for key, index in indexes.items()}
    results: list[Optional[FileResult]] = []
    work = []  # (task, keep_source, size in bytes) for the files that need a parse
    pending = []  # their indexes in `results`
    keys: dict[int, tuple] = {}  # index in `results` -> cache key
    for item in checked:
        result, key = _decide(item, indexes.get(item.task.project), digests, settings, limits, cache)
        if key is not None:
            keys[len(results)] = key
        if result is None:
            pending.append(len(results))
            # The bytes are read again where the file is linted, rather than kept here: the parent
            # stays small, and so do the workers forked from it.
            work.append((item.task, keep_source, item.size))
        results.append(result)
    linted = _lint_all(work, (settings, limits, indexes), jobs, progress, done=len(results) - len(pending), total=len(results))
    for position, result in zip(pending, linted):
        results[position] = result
        if position in keys:
            cache.put(keys[position], result)
    files = [_filter(task, result) for task, result in zip(tasks, results)]
    by_path = {task.path: indexes[task.project] for task in tasks if task.project in indexes}
    return RunResult(files, by_path, warnings)


def _every_project(indexes: dict[str, ProjectIndex], tasks: Sequence[Task], roots: dict, limits: Limits) -> dict[str, ProjectIndex]:
    """Every project's index; where nothing is exported, an empty one with the module roots alone:
    a file may still hand a task that another module defines to an executor (project_code.py),
    which reads that module under the file's `max-file-size`."""
    complete = dict(indexes)
    for task in tasks:
        if task.project in roots:
            index = complete.setdefault(task.project, ProjectIndex(roots[task.project]))
            index.max_file_size = (task.limits or limits).max_file_size
    return complete


def _decide(item: _Checked, index: Optional[ProjectIndex], digests: dict, settings: Settings, limits: Limits, cache):
    """(the file's result when it needs no lint: skipped, cached or unreadable; its cache key)."""
    task, result, passes, content = item.task, item.result, item.passes, item.content
    uses_exports = index is not None and bool(index.exports) and (cache is not None or not passes)
    key = None
    mentions = False
    if result is None and uses_exports:
        # A second read, only for the files whose verdict or cache key needs the index (none when
        # the project exports nothing).
        read, result = _read(task, task.limits or limits)
        mentions = result is None and index.mentions_export(read.data or b"")
        passes = result is None and (passes or (mentions and bool(task.codes)))
        content = content_digest(read.data or b"") if result is None else None
    if result is None and passes and cache is not None and content is not None:
        # A file that spells an exported name may depend on the modules that export it.
        depends = digests[task.project] if mentions else ""
        key = cache.key(task.path, content, task.codes, task.settings or settings, task.report_parse_errors, depends)
        result = cache.get(key)
    if result is None and not passes:
        result = FileResult(task.path, skipped=True)  # the prefilter: no finding possible
    return result, key


class _Checked(NamedTuple):
    task: Task
    result: Optional[FileResult]  # already final: unreadable, too large
    passes: bool  # the prefilter on `concurrent` lets it through
    size: int  # bytes
    content: Optional[bytes] = None  # cache.content_digest of a file that passes, when there is a cache


def _check(task: Task, limits: Limits, scan: ExportScan, cached: bool) -> _Checked:
    read, result = _read(task, limits)
    if result is not None:
        return _Checked(task, result, False, 0)
    data = read.data or b""
    scan.note(task.path, task.project, data)
    passes = _may_find(read)
    return _Checked(task, None, passes, len(data), content_digest(data) if passes and cached else None)


def _read(task: Task, limits: Limits) -> tuple[Task, Optional[FileResult]]:
    """The task with its bytes, or a finished FileResult when the file cannot be read or is too
    large (a too-large file that does not even mention `concurrent` is skipped, as by the prefilter)."""
    try:
        data = task.data if task.data is not None else read_bounded(task.path, limits.max_file_size)
        if len(data) > limits.max_file_size:
            raise TooLarge(len(data))
    except TooLarge as error:
        result = FileResult(task.path)
        if task.data is None and not _file_mentions_concurrent(task.path):
            result.skipped = True
        elif task.report_parse_errors:
            message = f"Cannot lint file: too large ({error.size} bytes; max-file-size is {limits.max_file_size})"
            result.findings.append(parse_error_finding(task.path, message))
        return task, result
    except OSError as error:
        result = FileResult(task.path)
        if task.report_parse_errors:
            result.findings.append(parse_error_finding(task.path, f"Cannot read file: {_reason(error)}"))
        return task, result
    return replace(task, data=data), None


def _file_mentions_concurrent(path: str) -> bool:
    try:
        return file_contains(path, MARKER)
    except OSError:
        return True  # it was readable a moment ago: report it rather than skip it


def _reason(error: OSError) -> str:
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    return error.strerror or str(error)


def _may_find(task: Task) -> bool:
    """The prefilter on `concurrent` (a file that spells a name the project exports passes too:
    `run`'s second pass)."""
    if is_notebook(task.path):  # JSON: only the joined cells can be searched for imports
        return bool(task.codes) and mentions_concurrent(task.data or b"")
    return bool(task.codes) and may_have_findings(task.data or b"")


def _filter(task: Task, result: FileResult) -> FileResult:
    if not task.report_parse_errors:
        result.findings = [f for f in result.findings if f.code != "FUT000"]
    return result


def _lint_all(work, context: tuple, jobs: int, progress: Optional[Progress], done: int, total: int):
    """Lint in worker processes, even with one job: only a process can be stopped at the time limit
    and kept to the memory limit (workers.py). `context`: the run's settings, limits and project
    indexes, which workers inherit when they start."""
    settings, limits, project_indexes = context
    if progress:
        progress(done, total)
    if not work:
        return []
    if len(work) >= WARM_UP_FILES:
        _warm_up()
    results: list = [None] * len(work)
    counter = {"done": done}

    def collect(index: int, outcome) -> None:
        task = work[index][0]
        results[index] = _died(task, outcome, task.limits or limits) if isinstance(outcome, Died) else outcome
        counter["done"] += 1
        if progress:
            progress(counter["done"], total)

    # One pool per distinct limits (files under nested configurations may set their own; almost
    # always there is one). Largest files first: a few big files dominate a run, and started last
    # they leave the other workers idle meanwhile. A file handed out is almost always parsed, which
    # costs far more than sending it.
    for group_limits, indexes in _by_limits(work, limits).items():
        order = sorted(indexes, key=lambda index: -work[index][2])
        argument = (settings, group_limits, project_indexes)
        run_in_workers(work, order, _lint_in_worker, argument, min(jobs, len(order)), group_limits, collect)
    return results


def _by_limits(work, limits: Limits) -> dict:
    """{limits: the indexes in `work` of the files linted under them}."""
    groups: dict = {}
    for index, (task, _, _) in enumerate(work):
        groups.setdefault(task.limits or limits, []).append(index)
    return groups


def _died(task: Task, outcome: Died, limits: Limits) -> FileResult:
    """FUT000 for the file whose worker was killed: by the time limit, the memory limit or a crash."""
    result = FileResult(task.path)
    result.findings.append(parse_error_finding(task.path, f"Cannot lint file: {outcome.describe(limits)}"))
    return result


def _warm_up() -> None:
    """Import the parser, the semantic layer and the rules once, before forking, so workers need not."""
    import libcst  # noqa: F401

    import futurelint.semantic  # noqa: F401

    registry()


_rule_cache: dict = {}


def _lint_in_worker(item, argument) -> FileResult:
    settings, limits, indexes = argument
    return _lint_one(item, settings, limits, indexes)


def _lint_one(item, settings: Settings, limits: Limits = Limits(), indexes: Optional[dict] = None) -> FileResult:
    task, keep_source, _ = item
    settings = task.settings or settings
    limits = task.limits or limits
    task, unreadable = _read(task, limits)
    if unreadable is not None:
        return unreadable
    try:
        rules = SelectedRules(task.codes, settings)
        lint = lint_notebook if is_notebook(task.path) else lint_bytes
        project = (indexes or {}).get(task.project)
        return lint(task.data, task.path, rules, keep_source=keep_source, time_limit=limits.time_limit, project=project)
    except MemoryError:
        raise  # the worker reports it
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
