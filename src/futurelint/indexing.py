"""The project index of a run (issue #12, section 3): which project each file belongs to, and each
project's index (project_index.py), built in a worker process like every parse: the parent never
parses a user's file (workers.py).

A project is the directory of a configuration file (the working directory when there is none) with
its module roots (the `src` setting); a nested configuration that extends one in an ancestor
directory (`tests/pyproject.toml` with `extend = "../pyproject.toml"`) also sees that one's modules
(its files and module roots join the nested project's), but not those of sibling configurations. Its files are the run's `.py` files under that configuration.
When the run names only part of the project (one file, `--stdin-filename`), a walk of the project
root with the configuration's discovery options finds the rest. Without a configuration file the
working directory is walked only when it is a version-control checkout or inside one (`.git`, a
directory or a worktree's file, or `.hg` there or above: pre-commit runs `futurelint check a.py b.py`
at a repository's root), since it could be a home directory, and then only up to
`MAX_UNCONFIGURED_FILES` files: beyond that the index holds the run's own files (a debug log says so).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from futurelint.limits import Limits, TooLarge, read_bounded
from futurelint.prefilter import mentions_concurrent
from futurelint.project_index import DEFAULT_SRC, ProjectIndex, build_index, may_export, module_name, module_roots
from futurelint.workers import Died, InBackground, run_in_workers

STDIN = "-"
VCS_MARKERS = (".git", ".hg")
MAX_UNCONFIGURED_FILES = 20_000  # files a walk of a project without a configuration file may find


@dataclass(frozen=True)
class ProjectFiles:
    """What the worker needs to index one project."""

    root: str
    src: tuple[str, ...]
    files: tuple[str, ...]
    overrides: tuple[tuple[str, bytes], ...] = ()  # (path, bytes) read from stdin for that file name


# ------------------------------------------------------------------------------ planning (parent)
def project_key(config) -> str:
    return str(config.root)


def module_src(config) -> tuple[str, ...]:
    """The module roots of `config`'s project: its `src` entries (relative to its own directory), or
    the default ones under its directory; for a nested configuration that extends one in an
    ancestor directory without naming its own `src`, the default ones of that directory too."""
    if config.src is not None:
        return tuple(os.path.join(str(config.root), entry) for entry in config.src)
    if config.extended_root is None:
        return DEFAULT_SRC
    return DEFAULT_SRC + tuple(os.path.join(str(config.extended_root), entry) for entry in DEFAULT_SRC)


def plan_projects(tasks: Sequence, configs, paths: Sequence[str], stdin_data: Optional[bytes] = None) -> dict[str, ProjectFiles]:
    """{project key: its files} for the projects of `tasks` (each task's `project` is its key).
    `configs` gives each path its configuration plan (cli.ConfigPlan); `paths` are the command line's."""
    members: dict[str, list[str]] = {}
    plans = {}
    for task in tasks:
        if task.project is None:
            continue
        plans.setdefault(task.project, configs.for_path(task.path if task.path != STDIN else "."))
        members.setdefault(task.project, [])
        if task.path != STDIN and task.path.endswith(".py"):
            members[task.project].append(task.path)
    projects = {}
    for key, files in members.items():
        plan = plans[key]
        files = _with_unlinted(key, plan, files, configs, paths)
        outer = plan.config.extended_root
        if outer is not None:  # the extended configuration's modules are this project's too
            outer_key = str(outer)
            files = sorted(set(files) | set(_with_unlinted(outer_key, configs.for_path(outer_key), members.get(outer_key, []), configs, paths)))
        overrides = tuple((task.path, stdin_data) for task in tasks
                          if task.project == key and task.data is not None and task.path != STDIN)
        projects[key] = ProjectFiles(key, module_src(plan.config), tuple(files), overrides)
    return projects


def _with_unlinted(key: str, plan, files: list[str], configs, paths: Sequence[str]) -> list[str]:
    """A project's files the run lints, and the rest of them when the run names only part of it."""
    if not _walked(key, paths) and (plan.config.path is not None or _unconfigured_walk(key, files)):
        return sorted(set(files) | set(_project_files(key, plan, configs)))
    return files


def _walked(root: str, paths: Sequence[str]) -> bool:
    """Whether one of the command line's paths is a directory holding the project root."""
    for given in paths:
        if given == STDIN or not os.path.isdir(given):
            continue
        directory = os.path.abspath(given)
        if root == directory or root.startswith(os.path.join(directory, "")):
            return True
    return False


def _unconfigured_walk(root: str, files: Sequence[str]) -> bool:
    """Without a configuration file, whether the project root (the working directory) is walked:
    when it is in a version-control checkout and holds one of the files linted."""
    inside = os.path.join(root, "")
    return any(os.path.abspath(path).startswith(inside) for path in files) and _in_checkout(root)


def _in_checkout(directory: str) -> bool:
    """Whether `directory` is the root of a version-control checkout or inside one."""
    current = directory
    while True:
        if any(os.path.lexists(os.path.join(current, marker)) for marker in VCS_MARKERS):
            return True
        parent = os.path.dirname(current)
        if parent == current:
            return False
        current = parent


def _project_files(root: str, plan, configs) -> list[str]:
    """The project's `.py` files under `root`; without a configuration file, none when the walk finds
    more than MAX_UNCONFIGURED_FILES files (a checkout that big is linted with the run's files only)."""
    from futurelint.discovery import discover

    bound = MAX_UNCONFIGURED_FILES if plan.config.path is None else None
    found = discover([root], plan.options, max_files=bound)
    if found.truncated:
        import logging

        logging.getLogger("futurelint").debug(
            "%s: more than %d files and no configuration file: the project index holds the run's files only", root, bound)
        return []
    return [path for path in found.files if path.endswith(".py") and project_key(configs.for_path(path).config) == root]


# ------------------------------------------------------------------------------ which to build (parent)
class ExportScan:
    """Which projects have a module that may define an executor or a future for other modules
    (project_index.may_export, on bytes), told file by file as the parent reads them: only those
    are indexed, so a run whose files never mention `concurrent` starts no process. Each project is
    looked at until one is found; then its index is taken from the cache or its build starts in
    the background, while the parent reads on (up to `jobs` at once; the rest are built after)."""

    def __init__(self, projects: dict[str, ProjectFiles], limits: Limits, jobs: int, cache=None) -> None:
        self.projects = projects
        self.limits = limits
        self.jobs = jobs
        self.cache = cache
        self.roots = {key: module_roots(Path(key), project.src) for key, project in projects.items()}
        self.found: set[str] = set()
        self.indexes: dict[str, ProjectIndex] = {}
        self.cache_keys: dict[str, tuple] = {}
        self.started: dict[str, InBackground] = {}

    def note(self, path: str, project: Optional[str], data: bytes) -> None:
        if project in self.roots and project not in self.found and self._may_export(path, project, data):
            self.found.add(project)
            self._start(project)

    def _may_export(self, path: str, project: str, data: bytes) -> bool:
        if not (path.endswith(".py") and mentions_concurrent(data)):
            return False
        return module_name(path, self.roots[project]) is not None and may_export(data)

    def _start(self, key: str) -> None:
        if self.cache is not None:
            self.cache_keys[key] = self.cache.index_key(self.projects[key], self.limits.max_file_size)
            cached = self.cache.get_index(self.cache_keys[key])
            if cached is not None:
                self.indexes[key] = cached
                return
        if len(self.started) < self.jobs:
            self.started[key] = InBackground(self.projects[key], _build_in_worker, self.limits.max_file_size, self.limits)

    def finish(self, linted: dict[str, Optional[str]]) -> tuple[dict[str, ProjectIndex], list[str]]:
        """The index of every project worth one, and a warning for each that could not be built.
        `linted`: {path: its project} of the run's files, each already looked at for that project;
        the other files of a project (not linted, or linted for another: an extended
        configuration's) are looked at here first, bytes only."""
        for key, project in self.projects.items():
            for path in project.files:
                if key in self.found:
                    break
                if linted.get(path, "") != key:
                    self.note(path, key, _read_or_nothing(path, self.limits))
        outcomes = {key: background.result() for key, background in self.started.items()}
        rest = {key: self.projects[key] for key in self.found if key not in self.indexes and key not in outcomes}
        built, warnings = build_indexes(rest, self.limits, self.jobs) if rest else ({}, [])
        for key, outcome in sorted(outcomes.items()):
            if isinstance(outcome, ProjectIndex):
                built[key] = outcome
            else:
                warnings.append(_not_built(key, outcome, self.limits))
        for key, index in built.items():
            if key in self.cache_keys:
                self.cache.put_index(self.cache_keys[key], index)
        return {**self.indexes, **built}, warnings

    def stop(self) -> None:
        """End the builds still running (the run was interrupted)."""
        for background in self.started.values():
            background.stop()


def _read_or_nothing(path: str, limits: Limits) -> bytes:
    try:
        return read_bounded(path, limits.max_file_size)
    except (OSError, TooLarge):
        return b""


def _not_built(key: str, outcome, limits: Limits) -> str:
    reason = outcome.describe(limits) if isinstance(outcome, Died) else outcome
    return f"the project index of {key} was not built ({reason}): its files are linted one by one"


# ------------------------------------------------------------------------------ building (worker)
def build_indexes(projects: dict[str, ProjectFiles], limits: Limits, jobs: int) -> tuple[dict[str, ProjectIndex], list[str]]:
    """{project key: index}, and a warning for each project whose index could not be built (its
    files are then linted each on its own, as before the index)."""
    keys = sorted(projects)
    built: dict[str, ProjectIndex] = {}
    warnings: list[str] = []

    def collect(position: int, outcome) -> None:
        if isinstance(outcome, ProjectIndex):
            built[keys[position]] = outcome
        else:
            warnings.append(_not_built(keys[position], outcome, limits))

    if keys:
        items = [projects[key] for key in keys]
        run_in_workers(items, list(range(len(items))), _build_in_worker, limits.max_file_size,
                       min(jobs, len(items)), limits, collect)
    return built, warnings


def _build_in_worker(item: ProjectFiles, max_file_size: int):
    given = dict(item.overrides)

    def read(path: Path) -> bytes:
        text = str(path)
        if text in given:
            return given[text]
        try:
            return read_bounded(text, max_file_size)
        except TooLarge:
            return b""  # never linted either (FUT000): it exports nothing

    try:
        return build_index(Path(item.root), [Path(path) for path in item.files], item.src, read)
    except MemoryError:
        raise  # the worker reports it
    except Exception as error:  # a bug: lint without the index rather than not at all
        return f"internal error: {type(error).__name__}: {error}"


# ------------------------------------------------------------------------------ the language server
def index_in_process(plan, configs, path: str) -> Optional[ProjectIndex]:
    """The index of the project of `path` (its `plan`) built in this process, for the language
    server (which lints its documents in-process, under the engine's guard, too). None where the
    command line would not walk the project either (no configuration file, and `path` is not in
    the working directory or that is no version-control checkout), or when it takes longer than
    the time limit."""
    from futurelint.guard import TimedOut, run_guarded

    config = plan.config
    key = project_key(config)
    if config.path is None and not _unconfigured_walk(key, [path]):
        return None
    own = _project_files(key, plan, configs)
    if config.extended_root is not None:
        outer_key = str(config.extended_root)
        own = sorted(set(own) | set(_project_files(outer_key, configs.for_path(outer_key), configs)))
    files = ProjectFiles(key, module_src(config), tuple(own))
    try:
        built = run_guarded(lambda: _build_in_worker(files, config.max_file_size), config.time_limit)
    except TimedOut:
        return None
    if not isinstance(built, ProjectIndex):
        return None
    built.max_file_size = config.max_file_size
    return built
