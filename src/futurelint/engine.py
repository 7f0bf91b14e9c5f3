"""Lint one file's bytes: decode, parse, analyse, run the rules, apply noqa.

Orchestration over many files (discovery, parallel workers) lives in `runner.py`; this module knows
nothing about the file system or output.
"""

from __future__ import annotations

import gc
import io
import tokenize
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Optional

from futurelint.findings import Edit, Finding, Fix, Location
from futurelint.limits import DEFAULT_TIME_LIMIT, too_slow
from futurelint.guard import TimedOut, precheck, run_guarded
from futurelint.noqa import Suppressions, parse_suppressions, physical_lines
from futurelint.prefilter import imports_concurrent, may_import_concurrent, mentions_concurrent
from futurelint.project_index import ProjectIndex
from futurelint.rules.base import InsertBefore, Replace, Report, Rule

PARSE_ERROR = "FUT000"
# Seconds one file may take before it is reported as FUT000 "timed out" (see guard.py).
TIME_LIMIT = DEFAULT_TIME_LIMIT
GC_THRESHOLD = 50_000  # allocations between young-generation collections while analysing


@dataclass
class InternalError:
    path: str
    code: str
    row: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.row}: internal error in {self.code}: {self.message}"


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[InternalError] = field(default_factory=list)
    source: Optional[str] = None  # decoded text, kept only when asked for (fixes, add-noqa)
    skipped: bool = False  # the prefilter proved no finding possible (see prefilter.py)
    # Other modules of the project the findings depend on (semantic/project_code.py): (path, size,
    # st_mtime_ns) as they were read.
    dependencies: list[tuple[str, int, int]] = field(default_factory=list)


def decode(data: bytes) -> str:
    """Decode Python source honouring a BOM and PEP 263 coding cookie (UnicodeDecodeError,
    SyntaxError or LookupError when that fails)."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def may_have_findings(data: bytes, project: Optional[ProjectIndex] = None) -> bool:
    """The prefilter's first two stages (see prefilter.py) on a file's bytes, without parsing. An
    undecodable file passes: it is owed a FUT000. A file that spells a name the project's other
    modules export (`project`, the project index) passes too."""
    if not mentions_concurrent(data):
        return project is not None and project.mentions_export(data)
    try:
        return may_import_concurrent(decode(data)) or (project is not None and project.mentions_export(data))
    except (ValueError, SyntaxError, LookupError, TypeError):
        return True


def parse_error_finding(path: str, message: str, row: int = 1, column: int = 1) -> Finding:
    return Finding(
        path=path,
        code=PARSE_ERROR,
        message=message,
        start=Location(row, column),
        end=Location(row, column),
        noqa_row=row,
        name="parse-error",
    )


def lint_bytes(
    data: bytes,
    path: str,
    rules: Iterable[Rule],
    keep_source: bool = False,
    prefilter: bool = True,
    time_limit: Optional[float] = TIME_LIMIT,
    project: Optional[ProjectIndex] = None,
) -> FileResult:
    result = FileResult(path)
    if prefilter and not mentions_concurrent(data) and not (project is not None and project.mentions_export(data)):
        result.skipped = True
        return result
    try:
        source = decode(data)
    except (ValueError, SyntaxError, LookupError, TypeError) as error:  # ValueError: UnicodeDecodeError
        result.findings.append(parse_error_finding(path, f"Cannot decode file: {_one_line(error)}"))
        return result
    return lint_source(source, path, rules, keep_source, result, time_limit=time_limit, prefilter=prefilter, project=project)


def lint_source(
    source: str,
    path: str,
    rules: Iterable[Rule],
    keep_source: bool = False,
    result: Optional[FileResult] = None,
    line_noqa: bool = True,
    time_limit: Optional[float] = TIME_LIMIT,
    prefilter: bool = True,
    project: Optional[ProjectIndex] = None,
) -> FileResult:
    """Lint decoded `source`. `line_noqa=False` leaves `# noqa` comments on lines to the caller (the
    flake8 plugin: flake8 applies them itself, and `--disable-noqa` must show everything); the
    file-level `# futurelint: noqa` is honoured either way. A file still being analysed after
    `time_limit` seconds (None: no limit) yields one FUT000 "timed out" finding. `prefilter=False`
    analyses the file even when it does not import from `concurrent` (tests prove that sound).
    `project`, the project's index, makes the names other modules export evidence here, and a file
    that imports one of them passes the prefilter too."""
    result = result or FileResult(path)
    if keep_source:
        result.source = source
    if prefilter and not may_import_concurrent(source) and not _mentions_export(project, source):
        result.skipped = True
        return result
    if "\0" in source:
        result.findings.append(parse_error_finding(path, "Cannot parse file: source contains a null byte"))
        return result
    with _collected_rarely():
        return _lint_parsable(source, path, rules, result, line_noqa, time_limit, prefilter, project)


def _mentions_export(project: Optional[ProjectIndex], source: str) -> bool:
    return project is not None and project.mentions_export(source.encode("utf-8", "surrogatepass"))


@contextmanager
def _collected_rarely():
    """Parses allocate hundreds of thousands of (acyclic) nodes; with the default thresholds the
    cyclic collector keeps re-scanning them, about 15% of the time. Collect rarely meanwhile."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], GC_THRESHOLD), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _lint_parsable(
    source: str,
    path: str,
    rules: Iterable[Rule],
    result: FileResult,
    line_noqa: bool,
    time_limit: Optional[float],
    prefilter: bool,
    project: Optional[ProjectIndex],
) -> FileResult:
    """`lint_source` past its textual checks: CPython's parse (prefilter stage 3, depth guard), then
    the guarded analysis."""
    checked = precheck(source)
    if prefilter and checked.tree is not None and not _imports_evidence(checked.tree, path, project):
        result.skipped = True
        return result
    row = checked.nesting_row()
    del checked  # CPython's tree is not needed any more; the analysis is where memory peaks
    if row is not None:
        result.findings.append(parse_error_finding(path, "Cannot parse file: too deeply nested", row))
        return result
    try:
        findings, errors, dependencies = run_guarded(lambda: _analyse(source, path, rules, line_noqa, project), time_limit)
    except TimedOut:
        result.findings.append(parse_error_finding(path, f"Cannot lint file: {too_slow(time_limit or 0.0)}"))
        return result
    result.findings.extend(findings)
    result.errors.extend(errors)
    result.dependencies.extend(dependencies)
    result.findings.sort(key=Finding.sort_key)
    return result


def _imports_evidence(tree, path: str, project: Optional[ProjectIndex]) -> bool:
    """Stage 3: the file imports from `concurrent`, or imports something the project exports."""
    if imports_concurrent(tree):
        return True
    return project is not None and project.imports_export(tree, Path(path))


def _analyse(source: str, path: str, rules: Iterable[Rule], line_noqa: bool, project: Optional[ProjectIndex] = None):
    """Parse, build the model, run the rules: (findings, internal errors, the other modules read).
    Runs in the guarded thread, so it returns its results instead of touching shared state."""
    from futurelint.semantic.project_code import recording

    with recording() as dependencies:
        findings, errors = _analyse_recorded(source, path, rules, line_noqa, project)
    return findings, errors, list(dict.fromkeys(dependencies))


def _analyse_recorded(source: str, path: str, rules: Iterable[Rule], line_noqa: bool, project: Optional[ProjectIndex]):
    from futurelint.semantic import Model

    module = _parse(source, path)
    if isinstance(module, Finding):
        return [module], []
    try:
        model = Model(module, path, source, project)
    except RecursionError:
        return [parse_error_finding(path, "Cannot parse file: too deeply nested")], []
    except Exception as error:  # a bug in the semantic layer: no rule can run on this file
        message = f"{type(error).__name__}: {error}"
        return [], [InternalError(path, "semantic", _rule_frame_line(error), message)]
    result = FileResult(path)
    lines = physical_lines(source)
    suppressions = parse_suppressions(source)
    if not line_noqa:
        suppressions = Suppressions({}, suppressions.file_codes)
    rules = list(rules)
    suppressed: list[Finding] = []  # what noqa comments hid, for the rule on unused ones
    try:
        for rule in rules:
            for finding in _run_rule(rule, model, lines, result):
                if not suppressions.suppresses(finding.code, finding.noqa_row):
                    result.findings.append(finding)
                elif line_noqa:
                    suppressed.append(finding)
    finally:
        model.release()
    if line_noqa:
        _check_noqa_directives(rules, source, path, suppressed, result)
    return result.findings, result.errors


def _check_noqa_directives(rules: list, source: str, path: str, suppressed: list, result: FileResult) -> None:
    """Rules that judge the `# noqa` comments themselves (FUT090) run last, told what each hid and
    which rules ran."""
    ran = frozenset(rule.code for rule in rules)
    for rule in rules:
        if not getattr(rule, "checks_noqa_directives", False):
            continue
        try:
            result.findings.extend(rule.check_directives(source, path, suppressed, ran))
        except Exception as error:
            row = _rule_frame_line(error)
            result.errors.append(InternalError(path, rule.code, row, f"{type(error).__name__}: {error}"))


def parse_module(source: str):
    """The libcst module of another file of the project that an analysis asks about
    (semantic/project_code.py), or None when it cannot be parsed or is too deeply nested."""
    if "\0" in source:
        return None
    checked = precheck(source)
    if checked.nesting_row() is not None:
        return None
    del checked
    module = _parse(source, "")
    return None if isinstance(module, Finding) else module


def _parse(source: str, path: str):
    """The libcst module, or the FUT000 finding saying why there is none."""
    import libcst as cst  # imported only when a file needs parsing: start-up stays cheap

    try:
        return _parse_without_validation(cst, source)
    except cst.ParserSyntaxError as error:
        from futurelint.parse_errors import syntax_error_reason

        reason, row, column = syntax_error_reason(source, _one_line(error.message))
        row, column = row or max(error.raw_line, 1), column or error.raw_column + 1
        lines = physical_lines(source)
        finding = parse_error_finding(path, f"Cannot parse file: {reason}", row, column)
        return replace(finding, source_line=lines[row - 1] if row <= len(lines) else "")
    except RecursionError:
        return parse_error_finding(path, "Cannot parse file: too deeply nested")
    except (KeyboardInterrupt, SystemExit, TimedOut):
        raise
    except BaseException as error:  # libcst's own failures, including Rust panics (BaseException)
        return parse_error_finding(path, f"Cannot parse file: {type(error).__name__}: {_one_line(error)}")


def _parse_without_validation(cst, source: str):
    """`cst.parse_module(source)` without libcst validating every node its own parser builds
    (`CSTNode.__post_init__` calls `_validate`: about a third of the parse, for trees that come
    from source the parser accepted; libcst's comment there says as much). Nodes built afterwards,
    by fixes, are validated as usual."""
    node_class = cst.CSTNode
    validate = node_class.__dict__.get("__post_init__")
    if validate is None:  # a libcst that no longer validates this way
        return cst.parse_module(source)
    node_class.__post_init__ = _skip_validation
    try:
        return cst.parse_module(source)
    finally:
        node_class.__post_init__ = validate


def _skip_validation(node) -> None:
    pass


def _run_rule(rule: Rule, model, lines: list[str], result: FileResult) -> Iterable[Finding]:
    try:
        return [_to_finding(rule, model, report, lines) for report in rule.check(model)]
    except RecursionError:
        result.errors.append(InternalError(model.path, rule.code, 1, "recursion too deep"))
    except Exception as error:  # a bug in one rule must not hide the others' findings
        row = _rule_frame_line(error)
        result.errors.append(InternalError(model.path, rule.code, row, f"{type(error).__name__}: {error}"))
    return []


def _rule_frame_line(error: BaseException) -> int:
    frames = traceback.extract_tb(error.__traceback__)
    return frames[-1].lineno if frames else 0


def _to_finding(rule: Rule, model, report: Report, lines: list[str]) -> Finding:
    span = model.position(report.node)
    end_span = model.position(report.end_node) if report.end_node is not None else span
    start = Location(span.start.line, span.start.column + 1)
    end = Location(end_span.end.line, end_span.end.column + 1)
    return Finding(
        path=model.path,
        code=rule.code,
        message=report.message or rule.message,
        start=start,
        end=end,
        fix=_to_fix(report, model),
        noqa_row=start.row,
        name=rule.name,
        source_line=lines[start.row - 1] if 0 < start.row <= len(lines) else "",
    )


def _to_fix(report: Report, model) -> Optional[Fix]:
    if report.fix is None:
        return None
    edits = []
    for edit in report.fix.edits:
        if isinstance(edit, Replace):
            span = model.position(edit.old)
            content = edit.new if isinstance(edit.new, str) else _code_in_place(model, edit.old, edit.new)
            edits.append(Edit(content, _location(span.start), _location(span.end)))
        elif isinstance(edit, InsertBefore):
            span = model.position(edit.node)
            edits.append(Edit(edit.text, _location(span.start), _location(span.start)))
    return Fix(report.fix.applicability, report.fix.message, tuple(edits))


def _code_in_place(model, old, new) -> str:
    from futurelint.fixes.render import code_in_place  # libcst is loaded by now; the module is not

    return code_in_place(model, old, new)


def _location(position) -> Location:
    return Location(position.line, position.column + 1)


def _one_line(error: object) -> str:
    return " ".join(str(error).split())


