"""HTTP itself: 406, 415, 413, 400 for bodies that are not JSON, 404 and 405 for paths, the
shape of every error answer."""

from __future__ import annotations

import pytest

from tests.simulator.api import Api
from tests.simulator.payloads import EVENT, ITEM

EVENTS = "eventspot/events"


@pytest.mark.parametrize("accept", ["text/html", "application/xml, text/*", "application/json;q=0"])
async def test_an_accept_without_json_is_406(api: Api, accept: str) -> None:
    reply = await api.get(EVENTS, headers={"Accept": accept})
    assert reply.status == 406
    assert reply.keys == ["http.status.not_acceptable"]


@pytest.mark.parametrize(
    "accept",
    ["application/json", "*/*", "application/*", "text/html, application/json;q=0.5",
     "application/vnd.api+json", "APPLICATION/JSON; charset=utf-8"],
)  # fmt: skip
async def test_an_accept_admitting_json_is_served(api: Api, accept: str) -> None:
    assert (await api.get(EVENTS, headers={"Accept": accept})).status == 200


async def test_no_accept_header_is_served(api: Api) -> None:
    reply = await api.call("GET", EVENTS, headers={"Accept": ""})
    assert reply.status == 200


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
async def test_a_body_that_is_not_json_typed_is_415(api: Api, content_type: str) -> None:
    reply = await api.post(EVENTS, EVENT, headers={"Content-Type": content_type})
    assert reply.status == 415
    assert reply.keys == ["http.status.unsupported_media_type"]
    assert (await api.get(EVENTS)).body["results"] == []


async def test_json_with_a_charset_is_accepted(api: Api) -> None:
    reply = await api.post(
        EVENTS, EVENT, headers={"Content-Type": "application/json; charset=UTF-8"}
    )
    assert reply.status == 201


async def test_a_get_needs_no_content_type(api: Api) -> None:
    reply = await api.get(EVENTS, headers={"Content-Type": "text/plain"})
    assert reply.status == 200


async def test_a_body_over_1_mb_is_413(api: Api) -> None:
    event = await api.event()
    path = f"{EVENTS}/{event['id']}/items"
    padding = 1024 * 1024 - len(b'{"d":""}')
    exactly = b'{"d":"' + b"x" * padding + b'"}'
    assert len(exactly) == 1024 * 1024
    at_limit = await api.post(path, None, data=exactly)
    assert at_limit.status == 400  # read and checked: only the fields are wrong
    over = await api.post(path, None, data=exactly[:-2] + b'x"}')
    assert over.status == 413
    assert over.keys == ["http.status.request_entity_too_large"]


@pytest.mark.parametrize("data", [b"", b"{", b"not json", b'{"name": "x",}', b"\xff\xfe"])
async def test_a_body_that_is_not_json_is_400(api: Api, data: bytes) -> None:
    reply = await api.post(EVENTS, None, data=data)
    assert reply.status == 400
    assert reply.keys == ["http.status.bad_request"]


@pytest.mark.parametrize("data", [b"[]", b'"text"', b"42", b"null"])
async def test_a_post_or_put_body_must_be_an_object(api: Api, data: bytes) -> None:
    assert (await api.post(EVENTS, None, data=data)).status == 400
    event = await api.event()
    assert (await api.put(f"{EVENTS}/{event['id']}", None, data=data)).status == 400


async def test_a_patch_body_must_be_an_array(api: Api) -> None:
    event = await api.event()
    reply = await api.patch(f"{EVENTS}/{event['id']}", {"status": "ACTIVE"})
    assert reply.status == 400 and reply.keys == ["http.status.bad_request"]


@pytest.mark.parametrize(
    "path",
    ["eventspot", "eventspot/eventsx", "eventspot/events//fees", "eventspot/events/E/tickets",
     "eventspot/events/E/items/I/colours", "contacts"],
)  # fmt: skip
async def test_no_resource_at_a_path_is_404(api: Api, path: str) -> None:
    reply = await api.get(path)
    assert reply.status == 404 and reply.keys == ["http.status.not_found"]


async def test_a_trailing_slash_is_the_same_path(api: Api) -> None:
    assert (await api.get(f"{EVENTS}/")).status == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("DELETE", "{event}"),
        ("POST", "{event}"),
        ("PUT", "eventspot/events"),
        ("PATCH", "{event}/items"),
        ("POST", "{event}/registrants"),
        ("DELETE", "{event}/registrants/R"),
    ],
)
async def test_a_method_a_resource_lacks_is_405(api: Api, method: str, path: str) -> None:
    event = await api.event()
    reply = await api.call(method, path.format(event=f"{EVENTS}/{event['id']}"), {})
    assert reply.status == 405
    assert reply.keys == ["http.status.method_not_allowed"]
    assert reply.headers["Allow"]


async def test_every_error_is_a_json_array_of_key_and_message(api: Api) -> None:
    event = await api.event()
    replies = [
        await api.post(f"{EVENTS}/{event['id']}/items", {**ITEM, "price": -1, "name": ""}),
        await api.get(f"{EVENTS}/missing"),
        await api.get(EVENTS, token="wrong"),
        await api.get(EVENTS, key="wrong"),
        await api.get(EVENTS, headers={"Accept": "text/html"}),
    ]
    for reply in replies:
        assert reply.headers["Content-Type"].startswith("application/json")
        assert isinstance(reply.body, list) and reply.body
        for entry in reply.body:
            assert set(entry) == {"error_key", "error_message"}
            assert entry["error_key"] and entry["error_message"]
    assert len(replies[0].body) == 2  # one entry per problem
