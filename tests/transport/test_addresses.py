"""What reaches the wire: every segment encoded whole, the key never cut off, and a next_link
followed only on the base URL (a real loopback server records each raw request line)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bulkspot.api import Client
from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.core.apipath import ApiPath, NextLink
from bulkspot.errors import StopRun
from bulkspot.runner.retry import Requester
from bulkspot.transport.aiohttp_sender import AiohttpSender


class Recorder:
    """A server that answers every request with one page and notes its raw path."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.next_link = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.seen.append(request.raw_path)
        pagination = {"next_link": self.next_link} if self.next_link else {}
        return web.json_response({"meta": {"pagination": pagination}, "results": [{"id": "1"}]})


@pytest.fixture
async def served() -> AsyncIterator[tuple[Recorder, AiohttpSender]]:
    recorder = Recorder()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", recorder.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    sender = AiohttpSender(ApiSettings("K", "T", f"http://127.0.0.1:{port}/v2/"))
    try:
        yield recorder, sender
    finally:
        await sender.aclose()
        await runner.cleanup()


@pytest.mark.parametrize(
    ("event_id", "raw"),
    [
        ("x#frag", "x%23frag"),
        ("../../lists?x=", "..%2F..%2Flists%3Fx%3D"),
        ("..", "%2E%2E"),
        ("a%2Fb", "a%252Fb"),
        ("http://evil.example/", "http%3A%2F%2Fevil.example%2F"),
        ("é x", "%C3%A9%20x"),
    ],
)
async def test_every_segment_reaches_the_wire_encoded_and_the_key_stays(
    served: tuple[Recorder, AiohttpSender], event_id: str, raw: str
) -> None:
    recorder, sender = served
    await sender.send("GET", ApiPath.of("eventspot", "events", event_id, "items"))
    assert recorder.seen == [f"/v2/eventspot/events/{raw}/items?api_key=K"]


async def test_a_query_is_encoded_and_the_key_added_once(
    served: tuple[Recorder, AiohttpSender],
) -> None:
    recorder, sender = served
    await sender.send("GET", ApiPath.of("lists").with_query(limit=5, name="a&api_key=b#c"))
    assert recorder.seen == ["/v2/lists?limit=5&name=a%26api_key%3Db%23c&api_key=K"]


def _client_of(sender: AiohttpSender) -> Client:
    """A client that sends at once and never retries: a refused link is one try."""
    config = RunConfig(sender._settings, Limits(rate=1e6), retry=RetryPolicy.no_wait())
    return Client(Requester.for_run(sender, config))


async def test_a_next_link_off_the_base_stops_the_listing_before_it_is_sent(
    served: tuple[Recorder, AiohttpSender],
) -> None:
    recorder, sender = served
    recorder.next_link = "http://evil.example/v2/eventspot/events?next=2"
    with pytest.raises(StopRun) as stopped:
        await _client_of(sender).list("events", {}, limit=1)
    assert str(stopped.value) == (
        f"the API sent a next_link outside {sender._settings.base_url}: "
        "'http://evil.example/v2/eventspot/events'"
    )
    assert recorder.seen == ["/v2/eventspot/events?limit=1&api_key=K"]  # nothing went there


async def test_a_next_link_on_the_base_is_followed_with_the_key(
    served: tuple[Recorder, AiohttpSender],
) -> None:
    recorder, sender = served
    recorder.next_link = "/v2/eventspot/events?next=c3RhcnRBdD0y%3D"
    await sender.send("GET", NextLink(recorder.next_link))
    assert recorder.seen == ["/v2/eventspot/events?next=c3RhcnRBdD0y%3D&api_key=K"]


async def test_a_next_link_to_another_collection_stops_the_listing_before_it_is_sent(
    served: tuple[Recorder, AiohttpSender],
) -> None:
    """The SDKs take only a next_link's `next` and ask the collection they read for it: a
    link to another collection on the same host (a listing of events going on into the
    contact lists, read as events) is refused as one to another host is."""
    recorder, sender = served
    recorder.next_link = "/v2/lists?next=2"
    with pytest.raises(StopRun) as stopped:
        await _client_of(sender).list("events", {}, limit=1)
    assert str(stopped.value) == (
        "the API sent a next_link outside eventspot/events, the collection it was reading: "
        "'/v2/lists'"
    )
    assert recorder.seen == ["/v2/eventspot/events?limit=1&api_key=K"]  # nothing went there
