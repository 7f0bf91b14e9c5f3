"""`futurelint server` end to end: pytest-lsp's client talks LSP to the real server process.

pytest-lsp needs Python 3.10+; on 3.9 these tests are skipped (the server itself runs on 3.9).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp")

from cli_helpers import FLAGGED, MESSAGE  # noqa: E402
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

pytestmark = pytest.mark.asyncio
SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "futurelint", "server"])
FIXABLE = "from concurrent.futures import Future\n\ndef check(fut: Future):\n    return not fut.done\n"
WAIT = 10.0  # seconds to wait for the server's diagnostics before the test fails

PUSH = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
        code_action=types.CodeActionClientCapabilities(),
        hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
    ),
    notebook_document=types.NotebookDocumentClientCapabilities(
        synchronization=types.NotebookDocumentSyncClientCapabilities()
    ),
    window=types.WindowClientCapabilities(),
)
WATCHING = types.ClientCapabilities(
    text_document=PUSH.text_document,
    workspace=types.WorkspaceClientCapabilities(
        did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
    ),
)
PULL = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(diagnostic=types.DiagnosticClientCapabilities())
)


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(capabilities=PUSH))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def watching_client(lsp_client: LanguageClient):
    lsp_client.registrations = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        lsp_client.registrations.extend(params.registrations)

    await lsp_client.initialize_session(types.InitializeParams(capabilities=WATCHING))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def pull_client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(capabilities=PULL))
    yield
    await lsp_client.shutdown_session()


def write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.as_uri()


def open_document(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=version, text=text)
        )
    )


async def diagnostics_for(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """The next diagnostics the server publishes for `uri`. (Called right after the message that
    triggers them: the client reads nothing from the server before this awaits.)"""

    async def published():
        while uri not in client.diagnostics:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return client.diagnostics[uri]

    client.diagnostics.pop(uri, None)
    return await asyncio.wait_for(published(), WAIT)


async def test_diagnostics_on_open_change_and_save(client: LanguageClient, tmp_path):
    text = FLAGGED.replace("ex.submit(work)", 'ex.submit(work, "😀")')  # UTF-16 columns: the emoji counts twice
    uri = write(tmp_path / "app.py", text)
    open_document(client, uri, text)
    [diagnostic] = await diagnostics_for(client, uri)
    assert diagnostic.code == "FUT902"
    assert diagnostic.message == MESSAGE
    assert diagnostic.source == "futurelint"
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    assert diagnostic.code_description.href.endswith("/docs/rules/FUT902.md")
    assert diagnostic.range == types.Range(start=types.Position(2, 4), end=types.Position(2, 25))

    fixed = text.replace('    ex.submit(work, "😀")', '    fut = ex.submit(work, "😀")\nprint(fut.result())')
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    assert list(await diagnostics_for(client, uri)) == []
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri)))
    assert list(await diagnostics_for(client, uri)) == []


async def test_settings_come_from_the_nearest_configuration(client: LanguageClient, tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.futurelint]\nextend-exclude = ["generated"]\n')
    write(tmp_path / "quiet" / "pyproject.toml", '[tool.futurelint]\nignore = ["FUT902"]\n')
    for relative in ("generated/gen.py", "quiet/q.py", "loud.py"):
        uri = write(tmp_path / relative, FLAGGED)
        open_document(client, uri, FLAGGED)
        codes = [d.code for d in await diagnostics_for(client, uri)]
        assert codes == (["FUT902"] if relative == "loud.py" else []), relative


async def test_a_document_never_saved_is_linted_too(client: LanguageClient):
    uri = "untitled:Untitled-1"
    open_document(client, uri, FLAGGED)
    assert [d.code for d in await diagnostics_for(client, uri)] == ["FUT902"]


async def test_form_feeds_do_not_shift_rows(client: LanguageClient, tmp_path):
    """LSP, like Python, breaks lines only at \\n, \\r\\n and \\r: a form feed is no line break."""
    text = FLAGGED.replace("Executor\n", "Executor  # \f\n", 1).replace("ex.submit(work)", 'ex.submit(work, "😀")')
    uri = write(tmp_path / "feeds.py", text)
    open_document(client, uri, text)
    [diagnostic] = await diagnostics_for(client, uri)
    assert diagnostic.range == types.Range(start=types.Position(2, 4), end=types.Position(2, 25))


async def test_unparsable_file_gets_fut000(client: LanguageClient, tmp_path):
    text = "from concurrent.futures import Future\ndef broken(:\n"
    uri = write(tmp_path / "broken.py", text)
    open_document(client, uri, text)
    [diagnostic] = await diagnostics_for(client, uri)
    assert diagnostic.code == "FUT000"
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.range.start.line == 1


async def test_code_actions_fix_disable_and_fix_all(client: LanguageClient, tmp_path):
    uri = write(tmp_path / "fix.py", FIXABLE)
    open_document(client, uri, FIXABLE)
    [diagnostic] = await diagnostics_for(client, uri)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    by_title = {action.title: action for action in actions}
    fix = next(action for title, action in by_title.items() if title.startswith("FUT302:"))
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    [edit] = fix.edit.changes[uri]
    assert edit.new_text.endswith("()") or edit.new_text == "()"
    noqa = by_title["Disable FUT302 for this line"]
    [edit] = noqa.edit.changes[uri]
    assert edit.range.start == types.Position(3, 0)
    assert edit.new_text == "    return not fut.done  # noqa: FUT302"
    fix_all = next(action for action in actions if action.kind == "source.fixAll.futurelint")
    [edit] = fix_all.edit.changes[uri]
    assert edit.new_text == FIXABLE.replace("fut.done", "fut.done()")


async def test_unsafe_fixes_are_labelled(client: LanguageClient, tmp_path):
    text = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def total(items):\n    return sum(items)\n"
        "with ThreadPoolExecutor() as ex:\n    print(ex.submit(total(range(3))).result())\n"
    )
    uri = write(tmp_path / "unsafe.py", text)
    open_document(client, uri, text)
    diagnostics = await diagnostics_for(client, uri)
    unsafe = []
    for diagnostic in diagnostics:
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri),
                range=diagnostic.range,
                context=types.CodeActionContext(diagnostics=[diagnostic], only=[types.CodeActionKind.QuickFix]),
            )
        )
        unsafe += [action for action in actions if "unsafe" in action.title]
    assert unsafe and all(not action.is_preferred for action in unsafe)


async def test_hover_shows_the_rule_and_its_topic(client: LanguageClient, tmp_path):
    uri = write(tmp_path / "hover.py", FLAGGED)
    open_document(client, uri, FLAGGED)
    await diagnostics_for(client, uri)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri), position=types.Position(2, 8))
    )
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert "(FUT902)" in hover.contents.value and "**Topic:" in hover.contents.value
    nothing = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri), position=types.Position(0, 0))
    )
    assert nothing is None


async def test_pull_diagnostics(pull_client: LanguageClient, tmp_path):
    uri = write(tmp_path / "pulled.py", FLAGGED)
    open_document(pull_client, uri, FLAGGED)
    report = await pull_client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri))
    )
    assert [item.code for item in report.items] == ["FUT902"]
    assert uri not in pull_client.diagnostics  # a pulling client gets nothing pushed


async def test_pulled_diagnostics_follow_the_documents_version(pull_client: LanguageClient, tmp_path):
    uri = write(tmp_path / "pulled.py", FLAGGED)
    open_document(pull_client, uri, FLAGGED)
    params = types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri))
    for _ in range(2):  # the second pull answers from the first's lint
        assert [item.code for item in (await pull_client.text_document_diagnostic_async(params)).items] == ["FUT902"]
    fixed = FLAGGED.replace("    ex.submit(work)", "    pass")
    pull_client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    assert list((await pull_client.text_document_diagnostic_async(params)).items) == []


async def test_notebook_cells_get_their_own_diagnostics(client: LanguageClient, tmp_path):
    notebook_uri = (tmp_path / "analysis.ipynb").as_uri()
    sources = ["from concurrent.futures import ThreadPoolExecutor\n%matplotlib inline", "# notes", FLAGGED.split("\n", 1)[1]]
    kinds = [types.NotebookCellKind.Code, types.NotebookCellKind.Markup, types.NotebookCellKind.Code]
    cell_uris = [f"{notebook_uri}#cell{index}" for index in range(len(sources))]
    client.notebook_document_did_open(
        types.DidOpenNotebookDocumentParams(
            notebook_document=types.NotebookDocument(
                uri=notebook_uri,
                notebook_type="jupyter-notebook",
                version=1,
                cells=[types.NotebookCell(kind=kind, document=cell) for kind, cell in zip(kinds, cell_uris)],
            ),
            cell_text_documents=[
                types.TextDocumentItem(uri=cell, language_id="python" if kind == types.NotebookCellKind.Code else "markdown", version=1, text=text)
                for cell, kind, text in zip(cell_uris, kinds, sources)
            ],
        )
    )
    [diagnostic] = await diagnostics_for(client, cell_uris[2])
    assert diagnostic.code == "FUT902"
    assert diagnostic.range.start == types.Position(1, 4)
    assert list(client.diagnostics[cell_uris[0]]) == []
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(cell_uris[2]),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    [noqa] = [action for action in actions if action.title == "Disable FUT902 for this line"]
    [edit] = noqa.edit.changes[cell_uris[2]]
    assert (edit.range.start.line, edit.new_text) == (1, "    ex.submit(work)  # noqa: FUT902")


async def test_a_burst_of_changes_ends_with_the_last_texts_diagnostics(client: LanguageClient, tmp_path):
    uri = write(tmp_path / "burst.py", FLAGGED)
    open_document(client, uri, FLAGGED)
    await diagnostics_for(client, uri)
    texts = [FLAGGED + f"x = {n}\n" for n in range(5)] + [FLAGGED.replace("    ex.submit(work)", "    pass")]
    for version, text in enumerate(texts, start=2):
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    async def settled():  # intermediate versions may be published too when the machine is slow
        while list(await diagnostics_for(client, uri)) != []:
            pass

    await asyncio.wait_for(settled(), WAIT)


async def test_saving_a_configuration_applies_it(client: LanguageClient, tmp_path):
    config = tmp_path / "pyproject.toml"
    write(config, "[tool.futurelint]\n")
    uri = write(tmp_path / "app.py", FLAGGED)
    open_document(client, uri, FLAGGED)
    assert [d.code for d in await diagnostics_for(client, uri)] == ["FUT902"]
    config.write_text('[tool.futurelint]\nignore = ["FUT902"]\n')
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(config.as_uri())))
    assert list(await diagnostics_for(client, uri)) == []


async def test_an_internal_error_is_logged_and_the_server_goes_on(client: LanguageClient, tmp_path):
    missing = (tmp_path / "never-written.py").as_uri()
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(missing),
            range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert actions is None
    assert any("internal error" in message.message for message in client.log_messages)
    uri = write(tmp_path / "after.py", FLAGGED)
    open_document(client, uri, FLAGGED)
    assert [d.code for d in await diagnostics_for(client, uri)] == ["FUT902"]


async def test_watched_configuration_files_apply_when_they_change(watching_client: LanguageClient, tmp_path):
    client = watching_client
    uri = write(tmp_path / "app.py", FLAGGED)
    open_document(client, uri, FLAGGED)
    assert [d.code for d in await diagnostics_for(client, uri)] == ["FUT902"]
    [registration] = client.registrations
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    patterns = [watcher["globPattern"] for watcher in registration.register_options["watchers"]]
    assert "**/pyproject.toml" in patterns
    config = tmp_path / ".futurelint.toml"
    config.write_text('ignore = ["FUT902"]\n')
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)])
    )
    assert list(await diagnostics_for(client, uri)) == []


async def test_the_project_index_applies_and_follows_saved_modules(client: LanguageClient, tmp_path):
    """A pool made in one module and misused in another (issue #12 §3): the server sees the project
    too, and saving the pool's module lints the open documents again when what it exports changes."""
    write(tmp_path / "pyproject.toml", "[tool.futurelint]\n")
    pools = tmp_path / "app" / "pools.py"
    write(pools, "from concurrent.futures import ThreadPoolExecutor\nIO_POOL = ThreadPoolExecutor(4)\n")
    write(tmp_path / "app" / "__init__.py", "")
    jobs = "from app.pools import IO_POOL\n\ndef send(job):\n    IO_POOL.submit(job)\n"
    uri = write(tmp_path / "app" / "jobs.py", jobs)
    open_document(client, uri, jobs)
    assert [d.code for d in await diagnostics_for(client, uri)] == ["FUT902"]
    pools.write_text("class Client:\n    def submit(self, job):\n        return job()\n\nIO_POOL = Client()\n")
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(pools.as_uri())))
    assert list(await diagnostics_for(client, uri)) == []


async def test_a_task_of_another_module_is_read_and_followed_when_saved(client: LanguageClient, tmp_path):
    """A task another module defines (issue #12 §2): its guarded body silences FUT902; saving that
    module lints the documents that read it again."""
    write(tmp_path / "pyproject.toml", "[tool.futurelint]\n")
    tasks = tmp_path / "app" / "tasks.py"
    write(tasks, "import logging\n\ndef send(job):\n    try:\n        job()\n    except Exception:\n        logging.exception('lost')\n")
    write(tmp_path / "app" / "__init__.py", "")
    jobs = (
        "from concurrent.futures import ThreadPoolExecutor\nfrom app.tasks import send\n\n"
        "def run(job):\n    with ThreadPoolExecutor() as ex:\n        ex.submit(send, job)\n"
    )
    uri = write(tmp_path / "app" / "jobs.py", jobs)
    open_document(client, uri, jobs)
    assert list(await diagnostics_for(client, uri)) == []
    tasks.write_text("def send(job):\n    job()\n")
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(tasks.as_uri())))
    assert [d.code for d in await diagnostics_for(client, uri)] == ["FUT902"]
