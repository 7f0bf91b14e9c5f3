"""The `futurelint` command: `check`, `rule`, `rules`, `topic`.

`check` runs in stages so fixing flags can slot in between them: `plan_check` (configuration,
selection, discovery) -> `runner.run` (lint; `keep_source=True` keeps the decoded text of every
parsed file in `FileResult.source`) -> `emit_report` (formats, statistics, exit code).
"""

from __future__ import annotations

import codecs
import io
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

import click

from futurelint import __version__
from futurelint.config import Config, ConfigError
from futurelint.discovery import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, DiscoveryOptions, Excluder, discover
from futurelint.formatters import FORMATS, RunReport, render
from futurelint.formatters.common import fix_applies
from futurelint.formatters.style import CHOICES as COLOR_CHOICES
from futurelint.formatters.style import wants_color
from futurelint.indexing import plan_projects, project_key
from futurelint.limits import Limits
from futurelint.project import Configs
from futurelint.rule_infos import LazyRuleInfos
from futurelint.runner import STDIN, RunResult, Task, default_jobs, run
from futurelint.selection import (
    Layer,
    Selection,
    SelectorError,
    build_per_file_ignores,
    ignores_parse_errors,
    parse_selectors,
    resolve,
)
from futurelint.settings import TARGET_VERSIONS, Settings

HUMAN_FORMATS = ("full", "concise")
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class FatalError(Exception):
    """Stops the run with a one-line message on stderr and exit code 2."""


def fail(message: str) -> None:
    from futurelint.formatters.common import printable

    click.echo(f"futurelint: error: {printable(message)}", err=True)
    sys.exit(2)


def _split(values: Sequence[str]) -> list[str]:
    """Options may repeat and take comma-separated lists, as in ruff: `--select FUT9,FUT1`."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _split_selectors(values: Sequence[str]) -> list[str]:
    """As `_split`, but an empty part stays, to be refused: `--select "$UNSET_VARIABLE"` must not
    silently select nothing (ruff refuses it too)."""
    return [part.strip() for value in values for part in value.split(",")]


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", "-V", prog_name="futurelint", message="%(prog)s %(version)s")
def main() -> None:
    """futurelint: find misuse of concurrent.futures (ThreadPoolExecutor, ProcessPoolExecutor, Future)."""
    _never_fail_to_encode()


def _replace_unprintable(error: UnicodeError):
    """Encoding error handler: a file name's undecodable bytes (surrogate escapes) become U+FFFD, as
    in ruff's output, so JSON and XML stay valid UTF-8; a character the stream's encoding lacks is
    written as a backslash escape."""
    text = error.object[error.start : error.end]  # type: ignore[attr-defined]
    if all("\udc80" <= char <= "\udcff" for char in text):
        replacement = _encoded("\ufffd", error.encoding) or b"?"  # type: ignore[attr-defined]
        return replacement * len(text), error.end  # type: ignore[attr-defined]
    return codecs.lookup_error("backslashreplace")(error)


def _encoded(text: str, encoding: str) -> Optional[bytes]:
    """Bytes, not text: the UTF-8 encoder accepts only ASCII text from an error handler."""
    try:
        return text.encode(encoding)
    except (UnicodeError, LookupError):
        return None


def _never_fail_to_encode() -> None:
    """A path that is not UTF-8, or a console that cannot show a character, must not end the run
    with a traceback while printing."""
    codecs.register_error("futurelint-output", _replace_unprintable)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="futurelint-output")


# ---------------------------------------------------------------------------------------------
# check
# ---------------------------------------------------------------------------------------------


@dataclass
class CheckRequest:
    """Everything `check` was asked to do (command-line values; None means "not given")."""

    paths: Sequence[str] = (".",)
    stdin_filename: Optional[str] = None
    select: Optional[list[str]] = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    output_format: str = "full"
    output_file: Optional[str] = None
    color: str = "auto"  # auto, always or never
    exit_zero: bool = False
    statistics: bool = False
    config: Optional[str] = None
    isolated: bool = False
    no_cache: bool = False
    target_version: Optional[str] = None
    exclude: Optional[list[str]] = None
    extend_exclude: list[str] = field(default_factory=list)
    respect_gitignore: Optional[bool] = None
    force_exclude: Optional[bool] = None
    jobs: Optional[int] = None
    quiet: bool = False
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    add_noqa: bool = False


@dataclass
class ConfigPlan:
    """What one configuration file (with the command line) decides for the files it governs."""

    config: Config
    settings: Settings
    selection: Selection
    options: DiscoveryOptions


@dataclass
class CheckPlan:
    config: Config  # the working directory's configuration: report-wide choices (SARIF's rule list)
    settings: Settings
    selection: Selection
    tasks: list[Task]
    discovery_errors: list[tuple[str, str]]
    configs: Configs  # each file's own ConfigPlan
    limits: Limits = Limits()  # the working directory's (each file has its own: `limits_for`)
    stdin_data: Optional[bytes] = None  # what was read from `-` (at most max-file-size + 1 bytes)

    def codes_for(self, path: str) -> frozenset:
        return self.configs.for_path(path).selection.codes_for(path)

    def settings_for(self, path: str) -> Settings:
        return self.configs.for_path(path).settings

    def parse_errors_for(self, path: str) -> bool:
        return self.configs.for_path(path).selection.parse_errors_for(path)

    def limits_for(self, path: str) -> Limits:
        return self.configs.for_path(path).config.limits


@main.command()
@click.argument("paths", nargs=-1, type=str)
@click.option("--stdin-filename", metavar="NAME", help="The name of the file read from `-` (stdin), for messages, per-file settings and its project's index.")
@click.option("--select", multiple=True, metavar="RULES", help="Rules to run (codes, prefixes such as FUT9, ALL, or rule names); replaces the default set.")
@click.option("--extend-select", multiple=True, metavar="RULES", help="Rules to run in addition to those selected.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Rules not to run.")
@click.option("--output-format", type=click.Choice(list(FORMATS)), default="full", show_default=True, envvar="FUTURELINT_OUTPUT_FORMAT", show_envvar=True, help="How findings are printed.")
@click.option("--output-file", "-o", metavar="PATH", envvar="FUTURELINT_OUTPUT_FILE", show_envvar=True, help="Write the findings (and summary) to this file instead of stdout.")
@click.option("--color", type=click.Choice(COLOR_CHOICES), default="auto", show_default=True, help="Colours in `full` and `concise` output; `auto`: on a terminal, unless NO_COLOR is set (FORCE_COLOR forces them).")
@click.option("--exit-zero", is_flag=True, help="Exit with 0 even when findings remain.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of the findings.")
@click.option("--config", "config_path", metavar="PATH", help="Read settings from this file for every file, instead of each file's nearest configuration.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file (built-in defaults and the command line only).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache of earlier results.")
@click.option("--target-version", type=click.Choice(TARGET_VERSIONS), help="The oldest Python version the code must run on.")
@click.option("--exclude", multiple=True, metavar="GLOBS", help="Files and directories to skip; replaces the default list.")
@click.option("--extend-exclude", multiple=True, metavar="GLOBS", help="Files and directories to skip in addition to `exclude`.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None, help="Skip files that .gitignore excludes (default: on).")
@click.option("--force-exclude/--no-force-exclude", default=None, help="Apply exclusions to paths named on the command line too (for pre-commit).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N", help="Worker processes (default: one per core).")
@click.option("--quiet", "-q", is_flag=True, help="Print findings and nothing else.")
@click.option("--fix/--no-fix", default=False, help="Apply safe fixes in place (with --unsafe-fixes, unsafe ones too).")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that change behaviour a reader should review.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff and change nothing (exit 1 if any).")
@click.option("--add-noqa", is_flag=True, help="Write `# noqa: CODE` on every line with a finding.")
@click.option("--show-files", is_flag=True, help="List the files that would be linted, and lint nothing.")
@click.option("--show-settings", is_flag=True, help="Show the settings for the first file that would be linted, and where they come from.")
def check(paths, stdin_filename, select, extend_select, ignore, output_format, output_file, color, exit_zero, statistics, config_path,
          isolated, no_cache, target_version, exclude, extend_exclude, respect_gitignore, force_exclude, jobs, quiet,
          fix, unsafe_fixes, diff, add_noqa, show_files, show_settings) -> None:
    """Lint PATHS (default: the current directory). `-` reads from stdin."""
    if not paths:
        paths = (STDIN,) if stdin_filename is not None else (".",)  # ruff reads stdin then, too
    request = CheckRequest(
        paths=paths,
        stdin_filename=stdin_filename,
        select=_split_selectors(select) if select else None,
        extend_select=_split_selectors(extend_select),
        ignore=_split_selectors(ignore),
        output_format=output_format,
        output_file=output_file or None,
        color=color,
        exit_zero=exit_zero,
        statistics=statistics,
        config=config_path,
        isolated=isolated,
        no_cache=no_cache,
        target_version=target_version,
        exclude=_split(exclude) if exclude else None,
        extend_exclude=_split(extend_exclude),
        respect_gitignore=respect_gitignore,
        force_exclude=force_exclude,
        jobs=jobs,
        quiet=quiet,
        fix=fix,
        unsafe_fixes=unsafe_fixes,
        diff=diff,
        add_noqa=add_noqa,
    )
    if isolated and config_path is not None:
        fail("--isolated cannot be combined with --config")
    if add_noqa and (fix or diff):
        fail("--add-noqa cannot be combined with --fix or --diff")
    if show_files or show_settings:
        sys.exit(show_plan(request, show_files, _parameter_sources()))
    sys.exit(execute_check(request))


def show_plan(request: CheckRequest, files: bool, sources: dict) -> int:
    """`--show-files` / `--show-settings`: print what the run would do, lint nothing."""
    from futurelint.show import show_files, show_settings

    try:
        plan = plan_check(request)
    except (ConfigError, FatalError) as error:
        fail(str(error))
    if files:
        _write_stdout(show_files([task.path for task in plan.tasks]))
    else:
        _write_stdout(show_settings(plan, request, sources))
    return 0


def _parameter_sources() -> dict:
    """Where each option of the running command got its value: `command line`, `environment
    (NAME)` or `default`."""
    context = click.get_current_context()
    sources = {}
    for parameter in context.command.params:
        source = context.get_parameter_source(parameter.name)
        if source is click.core.ParameterSource.ENVIRONMENT:
            sources[parameter.name] = f"environment ({parameter.envvar})"
        elif source is click.core.ParameterSource.COMMANDLINE:
            sources[parameter.name] = "command line"
        else:
            sources[parameter.name] = "default"
    return sources


def execute_check(request: CheckRequest) -> int:
    """Plan, lint, (fix or add noqa), report; the exit code."""
    try:
        plan = plan_check(request)
    except (ConfigError, FatalError) as error:
        fail(str(error))
    rewriting = request.fix or request.diff or request.add_noqa
    result = lint(plan, request, keep_source=rewriting)
    stdin_path = next((task.path for task in plan.tasks if task.data is not None), None)
    if request.add_noqa:
        return add_noqa_and_report(result, stdin_path)
    if request.diff:
        return diff_and_report(result, plan, request)
    fixed = 0
    if request.fix:
        from futurelint.rewrite import apply_fixes  # imports the rules and libcst: only when fixing

        summary = apply_fixes(result, plan.codes_for, plan.settings_for, request.unsafe_fixes, True, _warn,
                              stdin_path, plan.limits_for, request.jobs or default_jobs())
        fixed = summary.fixed
        if plan.stdin_data is not None:  # as ruff: the (fixed) code on stdout, always; findings on stderr
            _echo_stdin_source(summary.fixed_stdin, plan.stdin_data)
            return emit_report(result, plan, request, fixed=fixed, to_stderr=True)
    return emit_report(result, plan, request, fixed=fixed)


def _echo_stdin_source(fixed: Optional[str], data: bytes) -> None:
    """What an editor's fix-on-save replaces the file with: the fixed text, or else the input
    unchanged, byte for byte (including whatever was not read because it was too large)."""
    if fixed is not None:
        _write_stdout(fixed)
        return
    sys.stdout.flush()
    try:
        out = sys.stdout.buffer
        out.write(data)
        for chunk in iter(lambda: sys.stdin.buffer.read(1024 * 1024), b""):
            out.write(chunk)
        out.flush()
    except BrokenPipeError:
        _write_stdout("")


def _warn(message: str) -> None:
    from futurelint.formatters.common import printable

    click.echo(f"futurelint: warning: {printable(message)}", err=True)


def diff_and_report(result: RunResult, plan: CheckPlan, request: CheckRequest) -> int:
    from futurelint.rewrite import apply_fixes

    summary = apply_fixes(result, plan.codes_for, plan.settings_for, request.unsafe_fixes, False, _warn,
                          limits_for=plan.limits_for, jobs=request.jobs or default_jobs())
    _write_stdout("".join(summary.diffs))
    if not request.quiet:
        noun = "fix" if summary.fixed == 1 else "fixes"
        click.echo(f"Would apply {summary.fixed} {noun} in {summary.files_changed} file(s).", err=True)
    _print_internal_errors(result)
    if result.errors:
        return 2
    return 1 if summary.fixed else 0


def add_noqa_and_report(result: RunResult, stdin_path: Optional[str]) -> int:
    from futurelint.rewrite import apply_add_noqa

    count, unwritten = apply_add_noqa(result, _warn, stdin_path)
    click.echo(f"Added {count} noqa directive{'' if count == 1 else 's'}.", err=True)
    _print_internal_errors(result)
    return 2 if result.errors else 1 if unwritten else 0


def lint(plan: CheckPlan, request: CheckRequest, keep_source: bool = False) -> RunResult:
    jobs = request.jobs or default_jobs()
    cache = None if keep_source or request.no_cache else open_cache(plan.config)
    projects = plan_projects(plan.tasks, plan.configs, request.paths, plan.stdin_data)
    result = run(plan.tasks, plan.settings, jobs=jobs, keep_source=keep_source, progress=_progress(request),
                 limits=plan.limits, cache=cache, projects=projects)
    for warning in result.warnings:
        _warn(warning)
    _add_discovery_errors(result, plan)
    return result


def open_cache(config: Config):
    """The cache of the working directory's configuration (`cache-dir`, else `.futurelint_cache`
    beside the configuration file or in the working directory)."""
    from futurelint.cache import DIRECTORY_NAME, Cache

    directory = config.root / (config.cache_dir or DIRECTORY_NAME)
    return Cache(directory)


def plan_check(request: CheckRequest) -> CheckPlan:
    """Each file takes the settings of the nearest configuration above it (or of --config, or none
    with --isolated), so the same files and arguments in any order give the same plan."""
    configs = Configs(lambda config: config_plan(config, request), request.config, request.isolated)
    stdin_count = sum(1 for path in request.paths if path == STDIN)
    if stdin_count > 1:
        raise FatalError("`-` (stdin) can be given only once")
    _warn_about_invalid_globs([*(request.exclude or []), *request.extend_exclude])
    files, errors = _discover_all([path for path in request.paths if path != STDIN], configs)
    tasks = [_task(path, configs.for_path(path)) for path in files]
    stdin_data = None
    if stdin_count:
        stdin_plan = configs.for_path(request.stdin_filename or ".")
        stdin_data = sys.stdin.buffer.read(stdin_plan.config.max_file_size + 1)  # the runner says "too large"
        stdin_task = _stdin_task(request, stdin_plan, stdin_data)
        if stdin_task is not None:
            tasks.insert(0, stdin_task)
    here = configs.for_path(".")
    return CheckPlan(here.config, here.settings, here.selection, tasks, errors, configs, here.config.limits, stdin_data)


def config_plan(config: Config, request: CheckRequest) -> ConfigPlan:
    settings = Settings(
        target_version=request.target_version or config.effective_target_version,
        max_workers_limit=config.max_workers_limit,
    )
    options = DiscoveryOptions(
        excluder=build_excluder(config, request),
        respect_gitignore=_first(request.respect_gitignore, config.respect_gitignore),
        force_exclude=_first(request.force_exclude, config.force_exclude),
        root=str(config.root),
        include=build_includer(config),
    )
    selection = build_selection(config, request)
    _warn_about_invalid_globs([*(config.exclude or []), *config.extend_exclude, *(config.include or []),
                               *config.extend_include, *config.per_file_ignores])
    return ConfigPlan(config, settings, selection, options)


def _discover_all(paths: Sequence[str], configs: Configs) -> tuple[list[str], list[tuple[str, str]]]:
    """Every file to lint (sorted, unique) and the discovery errors. Each path is walked with its
    own configuration's options; a file found below a nested configuration is also held to that
    configuration's exclusions."""
    files: set[str] = set()
    errors: list[tuple[str, str]] = []
    for given in paths:
        walk_plan = configs.for_path(given) if os.path.exists(given) else configs.for_path(".")
        found = discover([given], walk_plan.options)
        for missing in found.missing:  # as ruff's E902: a finding for the path, and the rest is linted
            _warn(f"Failed to lint {missing}: No such file or directory")
            found.errors.append((os.path.abspath(os.path.expanduser(missing)), "Cannot read file: No such file or directory"))
        errors.extend(error for error in found.errors if error not in errors)
        files.update(path for path in found.files if not _excluded_below(path, walk_plan, configs))
    return sorted(files), sorted(errors)


def _excluded_below(path: str, walk_plan: ConfigPlan, configs: Configs) -> bool:
    plan = configs.for_path(path)
    if plan is walk_plan:
        return False
    return plan.options.excluder.excludes_with_ancestors(path, str(plan.config.root))


def _warn_about_invalid_globs(patterns: Sequence[str]) -> None:
    """An invalid glob (`[z-a]`) matches nothing, as in git; say so, since it came from a setting
    (the command line's are checked once per run, each configuration's once when it is read)."""
    from futurelint.discovery import invalid_glob

    for pattern in dict.fromkeys(patterns):
        if invalid_glob(pattern):
            _warn(f"ignoring the invalid glob pattern `{pattern}`")


def _first(*values):
    return next(value for value in values if value is not None)


def build_selection(config: Config, request: CheckRequest) -> Selection:
    layers = []
    for origin, select, extend, ignore in (
        (str(config.path), config.select, config.extend_select, config.ignore),
        ("the command line", request.select, request.extend_select, request.ignore),
    ):
        try:
            layers.append(
                Layer(
                    parse_selectors(select) if select is not None else None,
                    parse_selectors(extend),
                    parse_selectors(ignore),
                )
            )
        except SelectorError as error:
            raise FatalError(f"{error} (from {origin}); see `futurelint rules`") from None
    per_file = build_per_file_ignores(config.per_file_ignores, str(config.root))
    return Selection(
        frozenset(resolve(layers)),
        tuple(per_file),
        report_parse_errors=not ignores_parse_errors(s for layer in layers for s in layer.ignore),
    )


def build_excluder(config: Config, request: CheckRequest) -> Excluder:
    cwd, root = Path.cwd(), config.root
    if request.exclude is not None:
        patterns = [(pattern, cwd) for pattern in request.exclude]
    elif config.exclude is not None:
        patterns = [(pattern, root) for pattern in config.exclude]
    else:
        patterns = [(pattern, root) for pattern in DEFAULT_EXCLUDE]
    patterns += [(pattern, root) for pattern in config.extend_exclude]
    patterns += [(pattern, cwd) for pattern in request.extend_exclude]
    return Excluder.build(patterns)


def build_includer(config: Config) -> Excluder:
    """The files a directory walk lints: `include` (default *.py, *.pyi, *.ipynb) + `extend-include`."""
    patterns = list(DEFAULT_INCLUDE if config.include is None else config.include) + config.extend_include
    return Excluder.build([(pattern, config.root) for pattern in patterns])


def _task(path: str, plan: ConfigPlan) -> Task:
    selection = plan.selection
    return Task(path, selection.codes_for(path), report_parse_errors=selection.parse_errors_for(path),
                settings=plan.settings, limits=plan.config.limits, project=project_key(plan.config))


def _stdin_task(request: CheckRequest, plan: ConfigPlan, data: bytes) -> Optional[Task]:
    selection, options, settings, limits = plan.selection, plan.options, plan.settings, plan.config.limits
    project = project_key(plan.config)
    if request.stdin_filename is None:
        return Task(STDIN, selection.codes, data, selection.report_parse_errors, settings, limits, project)
    path = os.path.abspath(request.stdin_filename)
    if options.force_exclude and options.excluder.excludes_with_ancestors(path, options.root or os.getcwd()):
        return None
    return Task(path, selection.codes_for(path), data, selection.parse_errors_for(path), settings, limits, project)


def _add_discovery_errors(result: RunResult, plan: CheckPlan) -> None:
    from futurelint.engine import FileResult, parse_error_finding

    for path, reason in plan.discovery_errors:
        if plan.parse_errors_for(path):
            result.files.append(FileResult(path, findings=[parse_error_finding(path, reason)]))


def emit_report(
    result: RunResult, plan: CheckPlan, request: CheckRequest, fixed: int = 0, to_stderr: bool = False
) -> int:
    """Print findings (or statistics) and internal errors; return the exit code."""
    findings = result.findings
    report = RunReport(
        findings,
        rules=LazyRuleInfos(plan.selection),
        root=Path.cwd(),
        files_checked=result.files_checked,
        unsafe_fixes=request.unsafe_fixes,
        color=_use_color(request, to_stderr),
    )
    if request.statistics:
        output = render_statistics(findings, request.output_format, request.unsafe_fixes)
    else:
        output = _render(request.output_format, report)
    if not request.quiet and _wants_summary(request):
        blank = request.output_format == "full" and bool(findings) and not request.statistics
        output += summary_line(findings, blank_before=blank, fixed=fixed, unsafe=request.unsafe_fixes) + "\n"
    if request.output_file:
        _write_file(request.output_file, output)
    elif to_stderr:
        click.echo(output, nl=False, err=True, color=report.color or None)
    else:
        _write_stdout(output, color=report.color)
    _print_internal_errors(result)
    if result.errors:
        return 2
    return 0 if request.exit_zero or not findings else 1


def _print_internal_errors(result: RunResult) -> None:
    for error in result.errors:
        click.echo(f"futurelint: {_display_error(error)}", err=True)


def _wants_summary(request: CheckRequest) -> bool:
    """The "Found N findings." line: for people, after findings or text statistics (as ruff)."""
    if request.statistics:
        return request.output_format != "json"
    return request.output_format in HUMAN_FORMATS


def _use_color(request: CheckRequest, to_stderr: bool) -> bool:
    """Colours for `full` and `concise`: `--color always`, or `auto` on a terminal (not a file)."""
    if request.output_format not in HUMAN_FORMATS or request.statistics or request.color == "never":
        return False
    if request.color == "always":
        return True
    return not request.output_file and wants_color("auto", sys.stderr if to_stderr else sys.stdout)


def _write_stdout(text: str, color: bool = False) -> None:
    try:
        click.echo(text, nl=False, color=color or None)  # None: click drops colours off a terminal
        sys.stdout.flush()
    except BrokenPipeError:  # `futurelint check | head`: the reader left, which is not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _write_file(path: str, text: str) -> None:
    """`--output-file`: the report in UTF-8 (folders created as needed), as ruff writes it."""
    try:
        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, exist_ok=True)
        with open(path, "w", encoding="utf-8", errors="futurelint-output", newline="") as handle:
            handle.write(text)
    except OSError as error:
        fail(f"cannot write --output-file {path}: {error.strerror or error}")


def _render(format_name: str, report: RunReport) -> str:
    try:
        return render(format_name, report)
    except ModuleNotFoundError as error:
        if error.name and error.name.startswith("futurelint.formatters."):
            fail(f"output format `{format_name}` is not available in this build of futurelint")
        raise


def _display_error(error) -> str:
    from futurelint.formatters.common import display_path, printable

    shown = printable(display_path(error.path, Path.cwd()))
    return f"{shown}:{error.row}: internal error in {error.code}: {printable(error.message)}"


def summary_line(findings, blank_before: bool, fixed: int = 0, unsafe: bool = False) -> str:
    """ruff's closing lines: `Found 3 findings (2 fixed, 1 remaining).` and what `--fix` could do,
    worded as ruff words them: `[*] 2 fixable with `--fix` (1 unsafe fix available with ...).`"""
    if not findings and not fixed:
        return "All checks passed!"
    total = len(findings) + fixed
    noun = "finding" if total == 1 else "findings"
    line = f"Found {total} {noun}" + (f" ({fixed} fixed, {len(findings)} remaining)." if fixed else ".")
    fixable = sum(1 for f in findings if fix_applies(f, unsafe))
    hidden = sum(1 for f in findings if f.fix is not None and not fix_applies(f, unsafe))
    hint = f"{hidden} unsafe fix{'es' if hidden != 1 else ''} available with `--fix --unsafe-fixes`"
    if fixable:
        line += f"\n[*] {fixable} fixable with `--fix`" + (f" ({hint})." if hidden else ".")
    elif hidden:
        line += f"\n{hint}."
    return ("\n" if blank_before else "") + line


def render_statistics(findings, output_format: str, unsafe: bool = False) -> str:
    """Findings counted per code, most frequent first (ruff's `--statistics`). `fixable` and `[*]`
    mean what `--fix` would fix with the fixes now enabled (an unsafe fix only with `unsafe`)."""
    stats: dict[str, dict] = {}
    for finding in findings:
        entry = stats.setdefault(
            finding.code, {"code": finding.code, "name": finding.name, "count": 0, "fixable": False, "fixable_count": 0}
        )
        entry["count"] += 1
        if fix_applies(finding, unsafe):
            entry["fixable"] = True
            entry["fixable_count"] += 1
    rows = sorted(stats.values(), key=lambda entry: (-entry["count"], entry["code"]))
    if output_format == "json":
        return json.dumps(rows, indent=2) + "\n"
    if not rows:
        return ""
    count_width = max(len(str(row["count"])) for row in rows)
    code_width = max(len(row["code"]) for row in rows)
    any_fixable = any(row["fixable"] for row in rows)
    lines = []
    for row in rows:
        marker = ("[*] " if row["fixable"] else "[ ] ") if any_fixable else ""
        lines.append(f"{row['count']:>{count_width}}\t{row['code']:<{code_width}}\t{marker}{row['name']}")
    return "\n".join(lines) + "\n"


def _progress(request: CheckRequest):
    """A progress line on stderr, only for people: a terminal, a human format, not --quiet."""
    if request.quiet or request.output_format not in HUMAN_FORMATS or not _stderr_is_tty():
        return None
    state = {"last": 0.0}

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - state["last"] < 0.1:
            return
        state["last"] = now
        end = "\r\033[K" if done >= total else ""
        sys.stderr.write(f"\rChecked {done}/{total} files{end}")
        sys.stderr.flush()

    return report


def _stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@main.command("server")
def server_command() -> None:
    """Run the language server over stdio (needs `pip install 'futurelint[server]'`)."""
    try:
        from futurelint.server import start
    except ModuleNotFoundError as error:
        if error.name and error.name.split(".")[0] in ("pygls", "lsprotocol"):
            fail("the language server needs pygls: pip install 'futurelint[server]'")
        raise
    start()


# The documentation commands (rule, rules, topic, topics) register themselves on `main`.
from futurelint import cli_docs  # noqa: E402,F401
