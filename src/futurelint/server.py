"""`futurelint server`: a language server (LSP 3.17) over stdio, built on pygls.

It publishes diagnostics when a document is opened, changed (at once for a lone edit, debounced
during a burst of changes) or saved, answers pull diagnostics for clients that ask for them instead
(from the last lint of the document's version), offers code actions (a finding's fix, fix all,
disable a rule for a line) and hovers with the rule's documentation. Notebooks arrive through
notebook-document sync and are linted whole, each cell receiving its own diagnostics. The linting
is `futurelint.document`'s, the same engine and configuration lookup as `futurelint check`.

Nothing a document or a rule does may take the editor down: every handler logs an unexpected error
to the client (window/logMessage) and answers with nothing, and the server goes on.
"""

from __future__ import annotations

import asyncio
import functools
import os
import time
import traceback
from typing import Callable, Optional

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from futurelint import __version__
from futurelint.document import DocumentLint, DocumentLinter, noqa_line
from futurelint.engine import PARSE_ERROR
from futurelint.findings import DOCS_BASE_URL, Finding, Location
from futurelint.noqa import physical_lines

SOURCE = "futurelint"
# A change that comes within this long of the last change or lint of its document waits this long
# for the next keystroke before it is linted; a lone edit is linted at once.
DEBOUNCE_SECONDS = 0.03
FIX_ALL = "source.fixAll.futurelint"
CONFIG_NAMES = ("pyproject.toml", ".futurelint.toml", "futurelint.toml")
NOTEBOOK_SYNC = types.NotebookDocumentSyncOptions(
    notebook_selector=[
        types.NotebookDocumentFilterWithCells(notebook="*", cells=[types.NotebookCellLanguage(language="python")])
    ],
    save=True,
)


class FuturelintServer(LanguageServer):
    def __init__(self) -> None:
        # Whole documents on every change: pygls applies incremental changes to lines it splits at
        # form feeds too, where LSP (and Python) see no line break.
        super().__init__(
            "futurelint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
            notebook_document_sync=NOTEBOOK_SYNC,
        )
        self.linter = DocumentLinter()
        self.pending: dict[str, asyncio.Task] = {}  # uri -> debounced lint
        self.lints: dict[str, DocumentLint] = {}  # uri of a module or notebook -> its last lint
        self.linted_versions: dict[str, tuple] = {}  # uri of a module or notebook -> the version linted
        self.last_activity: dict[str, float] = {}  # uri -> when it last changed or was linted

    # -- what is being linted ---------------------------------------------------------------

    def pulls(self) -> bool:
        """Whether the client asks for diagnostics itself (then none are pushed)."""
        text = self.client_capabilities.text_document
        return text is not None and text.diagnostic is not None

    def notebook_of(self, uri: str) -> Optional[types.NotebookDocument]:
        return self.workspace.get_notebook_document(notebook_uri=uri) or self.workspace.get_notebook_document(
            cell_uri=uri
        )

    def lint(self, uri: str) -> Optional[DocumentLint]:
        """Lint the module or notebook `uri` names (a cell's uri names its notebook); None when the
        settings exclude it or it is no file of ours."""
        notebook = self.notebook_of(uri)
        target = notebook.uri if notebook is not None else uri
        path = document_path(target)
        if self.linter.excluded(path):
            self.lints.pop(target, None)
            return None
        if notebook is not None:
            cells = [self._cell_source(cell) for cell in notebook.cells]
            lint = self.linter.lint_cells(path, cells)
        else:
            lint = self.linter.lint_text(path, self.workspace.get_text_document(uri).source)
        for error in lint.result.errors:
            self.log(types.MessageType.Warning, f"futurelint: {error}")
        self.lints[target] = lint
        self.linted_versions[target] = self.version_of(target)
        return lint

    def dependents(self, path: str) -> list[str]:
        """The documents whose last lint read the module at `path` (semantic/project_code.py)."""
        path = os.path.abspath(path)
        return [target for target, lint in self.lints.items()
                if any(os.path.abspath(dependency[0]) == path for dependency in lint.result.dependencies)]

    def current_lint(self, uri: str) -> Optional[DocumentLint]:
        """The last lint of the module or notebook `uri` names if it is of the version open now,
        else a new one."""
        notebook = self.notebook_of(uri)
        target = notebook.uri if notebook is not None else uri
        lint = self.lints.get(target)
        if lint is not None and self.linted_versions.get(target) == self.version_of(target):
            return lint
        return self.lint(uri)

    def version_of(self, target: str) -> tuple:
        """The version of a module, or of a notebook and each of its cells."""
        notebook = self.workspace.get_notebook_document(notebook_uri=target)
        if notebook is None:
            return (self.workspace.get_text_document(target).version,)
        cells = tuple(self.workspace.get_text_document(cell.document).version for cell in notebook.cells)
        return (notebook.version, cells)

    def _cell_source(self, cell: types.NotebookCell) -> Optional[str]:
        if cell.kind != types.NotebookCellKind.Code:
            return None
        return self.workspace.get_text_document(cell.document).source

    def cell_uris(self, uri: str) -> dict[int, str]:
        """Cell number (1-based) -> cell document uri, for the notebook `uri` names."""
        notebook = self.notebook_of(uri)
        return {number: cell.document for number, cell in enumerate(notebook.cells, start=1)} if notebook else {}

    def diagnostics(self, uri: str, lint: Optional[DocumentLint]) -> dict[str, list[types.Diagnostic]]:
        """Diagnostics by document uri: the module's, or each cell's for a notebook."""
        cells = self.cell_uris(uri)
        out: dict[str, list[types.Diagnostic]] = {cell: [] for cell in cells.values()} if cells else {uri: []}
        lines: dict[str, list[str]] = {}  # each document's lines, split once
        for finding in lint.findings if lint is not None else []:
            target = cells.get(finding.cell, uri) if finding.cell is not None else uri
            if target in out:
                if target not in lines:
                    lines[target] = self.lines(target)
                out[target].append(self.diagnostic(target, finding, lines[target]))
        return out

    def diagnostic(self, uri: str, finding: Finding, lines: Optional[list[str]] = None) -> types.Diagnostic:
        parse_error = finding.code == PARSE_ERROR
        return types.Diagnostic(
            range=self.client_range(uri, finding.start, finding.end, lines),
            message=finding.message,
            severity=types.DiagnosticSeverity.Error if parse_error else types.DiagnosticSeverity.Warning,
            code=finding.code,
            code_description=None if parse_error else types.CodeDescription(href=finding.url),
            source=SOURCE,
        )

    def client_range(self, uri: str, start: Location, end: Location, lines: Optional[list[str]] = None) -> types.Range:
        """Our 1-based code-point positions as the client counts them (UTF-16 by default)."""
        if lines is None:
            lines = self.lines(uri)
        internal = types.Range(
            start=types.Position(line=start.row - 1, character=start.column - 1),
            end=types.Position(line=end.row - 1, character=end.column - 1),
        )
        return self.workspace.position_codec.range_to_client_units(lines, internal)

    def lines(self, uri: str) -> list[str]:
        """The document's lines as LSP and Python count them (at \\r\\n, \\r and \\n only)."""
        return physical_lines(self.workspace.get_text_document(uri).source)

    def publish(self, uri: str) -> None:
        if self.pulls():
            return
        for target, diagnostics in self.diagnostics(uri, self.lint(uri)).items():
            document = self.workspace.get_text_document(target)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=target, diagnostics=diagnostics, version=document.version)
            )

    def findings_at(self, uri: str, range_: types.Range) -> tuple[Optional[DocumentLint], list[Finding]]:
        """The last lint of `uri`'s document and its findings on `uri` that overlap `range_`."""
        lint = self.current_lint(uri)
        if lint is None:
            return None, []
        cell = next((n for n, cell_uri in self.cell_uris(uri).items() if cell_uri == uri), None)
        lines = self.lines(uri)
        found = []
        for finding in lint.findings:
            if finding.cell != cell:
                continue
            where = self.client_range(uri, finding.start, finding.end, lines)
            if _overlaps(where, range_):
                found.append(finding)
        return lint, found

    def forget(self, uri: str) -> None:
        """A closed document: no lint of it is kept or waits."""
        for table in (self.lints, self.linted_versions, self.last_activity):
            table.pop(uri, None)
        pending = self.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()

    def log(self, kind: types.MessageType, message: str) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))


def document_path(uri: str) -> str:
    """The file `uri` names; a document never saved (`untitled:`) counts as a file in the working
    directory, so it gets the working directory's settings."""
    return to_fs_path(uri) or os.path.join(os.getcwd(), "untitled.py")


server = FuturelintServer()


def guarded(handler: Callable) -> Callable:
    """An unexpected error in a handler is logged to the client; the request gets no result."""

    @functools.wraps(handler)
    def wrapper(ls: FuturelintServer, params):
        try:
            return handler(ls, params)
        except Exception:  # noqa: BLE001 - the server must keep serving
            ls.log(types.MessageType.Error, f"futurelint: internal error in {handler.__name__}:\n{traceback.format_exc()}")
            return None

    return wrapper


# ---------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------


@server.feature(types.INITIALIZED)
@guarded
def initialized(ls: FuturelintServer, params: types.InitializedParams) -> None:
    """Ask the client to report changes to configuration files, when it can watch files for us."""
    workspace = ls.client_capabilities.workspace
    watching = workspace.did_change_watched_files if workspace is not None else None
    if watching is None or not watching.dynamic_registration:
        return
    watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_NAMES]
    registration = types.Registration(
        id="futurelint-configuration-files",
        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
    )
    ls.client_register_capability(types.RegistrationParams(registrations=[registration]))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@guarded
def did_open(ls: FuturelintServer, params: types.DidOpenTextDocumentParams) -> None:
    if ls.notebook_of(params.text_document.uri) is None:
        ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: FuturelintServer, params: types.DidChangeTextDocumentParams) -> None:
    schedule(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
@guarded
def did_save(ls: FuturelintServer, params: types.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    if uri.endswith(CONFIG_NAMES):
        reload_settings(ls)
    elif ls.linter.saved(document_path(uri)):  # what the project exports changed
        lint_open_documents(ls)
    elif ls.dependents(document_path(uri)):  # documents that submit tasks this module defines
        lint_open_documents(ls)
    elif ls.notebook_of(uri) is None:
        ls.publish(uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@guarded
def did_close(ls: FuturelintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.forget(uri)
    if not ls.pulls() and ls.notebook_of(uri) is None:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
@guarded
def notebook_did_open(ls: FuturelintServer, params: types.DidOpenNotebookDocumentParams) -> None:
    ls.publish(params.notebook_document.uri)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
def notebook_did_change(ls: FuturelintServer, params: types.DidChangeNotebookDocumentParams) -> None:
    schedule(ls, params.notebook_document.uri)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
@guarded
def notebook_did_save(ls: FuturelintServer, params: types.DidSaveNotebookDocumentParams) -> None:
    ls.publish(params.notebook_document.uri)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
@guarded
def notebook_did_close(ls: FuturelintServer, params: types.DidCloseNotebookDocumentParams) -> None:
    ls.forget(params.notebook_document.uri)
    if not ls.pulls():
        for cell in params.cell_text_documents:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=cell.uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@guarded
def watched_files_changed(ls: FuturelintServer, params: types.DidChangeWatchedFilesParams) -> None:
    if any(change.uri.endswith(CONFIG_NAMES) for change in params.changes):
        reload_settings(ls)


def reload_settings(ls: FuturelintServer) -> None:
    """A configuration file changed: read the settings again and lint every open document anew."""
    ls.linter.reload()
    lint_open_documents(ls)


def lint_open_documents(ls: FuturelintServer) -> None:
    ls.lints.clear()
    if ls.pulls():
        ls.workspace_diagnostic_refresh(None)
        return
    for uri in list(ls.workspace.notebook_documents):
        ls.publish(uri)
    for uri in list(ls.workspace.text_documents):
        if ls.notebook_of(uri) is None:
            ls.publish(uri)


def schedule(ls: FuturelintServer, uri: str) -> None:
    """Lint `uri` after a change: at once for a lone edit; during a burst of changes (one within
    DEBOUNCE_SECONDS of the last change or lint, or a lint still waiting), once the edits pause,
    each change restarting the wait. A pulling client asks for its diagnostics itself."""
    ls.lints.pop(uri, None)
    if ls.pulls():
        return
    previous = ls.pending.pop(uri, None)
    now = time.monotonic()
    burst = previous is not None or now - ls.last_activity.get(uri, float("-inf")) < DEBOUNCE_SECONDS
    ls.last_activity[uri] = now
    if previous is not None:
        previous.cancel()
    if burst:
        ls.pending[uri] = asyncio.ensure_future(_publish_later(ls, uri))
    else:
        _publish_now(ls, uri)


def _publish_now(ls: FuturelintServer, uri: str) -> None:
    guarded(lambda server, _: server.publish(uri))(ls, None)
    # Changes that queued up while this lint ran arrive now: they wait for the edits to pause.
    ls.last_activity[uri] = time.monotonic()


async def _publish_later(ls: FuturelintServer, uri: str) -> None:
    try:
        await asyncio.sleep(DEBOUNCE_SECONDS)
    except asyncio.CancelledError:
        return
    finally:
        if ls.pending.get(uri) is asyncio.current_task():
            del ls.pending[uri]
    _publish_now(ls, uri)


# ---------------------------------------------------------------------------------------------
# Pull diagnostics
# ---------------------------------------------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, types.DiagnosticOptions(inter_file_dependencies=False, workspace_diagnostics=False, identifier=SOURCE))
@guarded
def pull_diagnostics(ls: FuturelintServer, params: types.DocumentDiagnosticParams):
    uri = params.text_document.uri
    items = ls.diagnostics(uri, ls.current_lint(uri)).get(uri, [])
    return types.RelatedFullDocumentDiagnosticReport(items=items)


# ---------------------------------------------------------------------------------------------
# Code actions and hover
# ---------------------------------------------------------------------------------------------


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll, FIX_ALL]),
)
@guarded
def code_actions(ls: FuturelintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    only = params.context.only
    actions: list[types.CodeAction] = []
    lint, findings = ls.findings_at(uri, params.range)
    if lint is None:
        return actions
    if only is None or types.CodeActionKind.QuickFix in only:
        for finding in findings:
            actions.extend(_quick_fixes(ls, uri, lint, finding))
    if only is None or any(kind in (types.CodeActionKind.SourceFixAll, FIX_ALL, types.CodeActionKind.Source) for kind in only):
        fix_all = _fix_all(ls, uri)
        if fix_all is not None:
            actions.append(fix_all)
    return actions


def _quick_fixes(ls: FuturelintServer, uri: str, lint: DocumentLint, finding: Finding) -> list[types.CodeAction]:
    actions = []
    diagnostic = ls.diagnostic(uri, finding)
    if finding.fix is not None:
        unsafe = finding.fix.applicability != "safe"
        title = f"{finding.code}: {finding.fix.message}" + (" (unsafe fix: review the change)" if unsafe else "")
        edits = [
            types.TextEdit(range=ls.client_range(uri, edit.start, edit.end), new_text=edit.content)
            for edit in finding.fix.edits
        ]
        actions.append(_action(title, types.CodeActionKind.QuickFix, uri, edits, [diagnostic], preferred=not unsafe))
    if finding.code != PARSE_ERROR:
        new_line = noqa_line(lint, ls.workspace.get_text_document(uri).source, finding)
        if new_line is not None:
            lines = ls.lines(uri)
            row = finding.noqa_row
            line_range = ls.client_range(uri, Location(row, 1), Location(row, len(lines[row - 1]) + 1), lines)
            edit = types.TextEdit(range=line_range, new_text=new_line)
            title = f"Disable {finding.code} for this line"
            actions.append(_action(title, types.CodeActionKind.QuickFix, uri, [edit], [diagnostic]))
    return actions


def _fix_all(ls: FuturelintServer, uri: str) -> Optional[types.CodeAction]:
    notebook = ls.notebook_of(uri)
    if notebook is not None:
        path = document_path(notebook.uri)
        cells = [ls._cell_source(cell) for cell in notebook.cells]
        changed = None if ls.linter.excluded(path) else ls.linter.fix_all_cells(path, cells)
        if not changed:
            return None
        uris = ls.cell_uris(uri)
        changes = {uris[number]: [_whole(ls, uris[number], text)] for number, text in changed.items()}
    else:
        path = document_path(uri)
        if ls.linter.excluded(path):
            return None
        new = ls.linter.fix_all(path, ls.workspace.get_text_document(uri).source)
        if new is None:
            return None
        changes = {uri: [_whole(ls, uri, new)]}
    return types.CodeAction(
        title="Fix all futurelint findings (safe fixes)",
        kind=FIX_ALL,
        edit=types.WorkspaceEdit(changes=changes),
    )


def _whole(ls: FuturelintServer, uri: str, text: str) -> types.TextEdit:
    """An edit replacing the whole document with `text`."""
    source = ls.workspace.get_text_document(uri).source
    lines = ls.lines(uri)
    if not lines or source.endswith(("\n", "\r")):
        end = types.Position(line=len(lines), character=0)
    else:
        end = ls.client_range(uri, Location(len(lines), len(lines[-1]) + 1), Location(len(lines), len(lines[-1]) + 1), lines).end
    return types.TextEdit(range=types.Range(start=types.Position(line=0, character=0), end=end), new_text=text)


def _action(title, kind, uri, edits, diagnostics, preferred: bool = False) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=kind,
        diagnostics=diagnostics,
        is_preferred=preferred or None,
        edit=types.WorkspaceEdit(changes={uri: edits}),
    )


@server.feature(types.TEXT_DOCUMENT_HOVER)
@guarded
def hover(ls: FuturelintServer, params: types.HoverParams) -> Optional[types.Hover]:
    point = types.Range(start=params.position, end=params.position)
    _, findings = ls.findings_at(params.text_document.uri, point)
    documented = [finding for finding in findings if finding.code != PARSE_ERROR]
    if not documented:
        return None
    pages = [rule_page(code) for code in dict.fromkeys(finding.code for finding in documented)]
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n---\n".join(pages)))


@functools.lru_cache(maxsize=None)
def rule_page(code: str) -> str:
    """The rule's documentation page with its topic's summary, links made absolute."""
    from futurelint.docs import render_rule
    from futurelint.rules.base import registry

    rule = registry()[code]
    topic = rule.topic()
    topics_base = DOCS_BASE_URL.rsplit("rules/", 1)[0] + "topics/"
    page = render_rule(rule).replace("](../topics/", f"]({topics_base}")
    return f"{page}\n**Topic: {topic.title}.** {topic.summary}\n"


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(position: types.Position) -> tuple[int, int]:
        return (position.line, position.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def start() -> None:
    server.start_io()
