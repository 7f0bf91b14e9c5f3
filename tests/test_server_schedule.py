"""The server's scheduling of lints after changes (server.schedule), in process: a lone edit is
linted at once; changes that follow a lint or each other closely are coalesced into one lint once
they pause; a pulling client gets nothing scheduled. (Each test runs its own event loop: the
debounce is an asyncio task; no pytest plugin needed, so these run on Python 3.9 too.)"""

from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("pygls")

from futurelint import server  # noqa: E402

URI = "file:///project/app.py"


class FakeServer:
    """What `schedule` uses of the server: its tables, whether the client pulls, and publish."""

    def __init__(self, pulls: bool = False) -> None:
        self.pending: dict = {}
        self.lints: dict = {}
        self.last_activity: dict = {}
        self.published: list[str] = []
        self._pulls = pulls

    def pulls(self) -> bool:
        return self._pulls

    def publish(self, uri: str) -> None:
        self.published.append(uri)


def in_event_loop(test):
    def run():
        asyncio.run(test())

    run.__name__ = test.__name__
    return run


@in_event_loop
async def test_a_lone_edit_is_linted_at_once():
    ls = FakeServer()
    server.schedule(ls, URI)
    assert ls.published == [URI]
    assert not ls.pending


@in_event_loop
async def test_a_burst_after_a_lint_is_linted_once_when_it_pauses():
    ls = FakeServer()
    server.schedule(ls, URI)
    for _ in range(5):  # as when edits queued up while that lint ran
        server.schedule(ls, URI)
    assert ls.published == [URI]
    await ls.pending[URI]
    assert ls.published == [URI, URI]
    assert not ls.pending


@in_event_loop
async def test_a_pulling_client_gets_nothing_scheduled():
    ls = FakeServer(pulls=True)
    ls.lints[URI] = object()
    server.schedule(ls, URI)
    assert ls.published == [] and not ls.pending
    assert URI not in ls.lints  # the change makes the last lint stale
