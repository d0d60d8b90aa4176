"""Issue 21: a 2xx whose body is not the resource is an ambiguous answer, never a success.

The sender classifies a body that is not JSON (cut short, an HTML page); `resource_of` and
`entries_of` classify JSON that is not what was asked (no id, another shape). Before, the
sender kept the first 200 characters of such a body as a string, and the write path took any
2xx for the resource: a row `created` with an empty id."""

from __future__ import annotations

from typing import Any

import pytest

from bulkspot.core.apipath import ApiPath, NextLink, next_link
from bulkspot.errors import GarbledAnswerError
from bulkspot.transport.aiohttp_sender import AiohttpSender
from bulkspot.transport.answers import (
    AN_ENTRY_WITHOUT_ID,
    NO_BODY,
    NO_ID,
    NOT_A_COLLECTION,
    NOT_AN_OBJECT,
    entries_of,
    resource_of,
)
from bulkspot.transport.base import Reply
from tests.transport.mocks import url

ITEMS = "eventspot/events/E1/items"
ITEMS_PATH = ApiPath.of("eventspot", "events", "E1", "items")
CUT_SHORT = '{"id": "I7", "name": "T-Sh'
HTML = "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"


@pytest.mark.parametrize("body", [CUT_SHORT, HTML], ids=["cut short", "html"])
async def test_a_success_that_is_not_json_is_garbled(
    mocked: Any, sender: AiohttpSender, body: str
) -> None:
    mocked.post(url(ITEMS), status=201, body=body)
    with pytest.raises(GarbledAnswerError) as raised:
        await sender.send("POST", ITEMS_PATH, {"name": "T-Shirt"})
    assert str(raised.value) == (
        "HTTP 201 from POST eventspot/events/E1/items without the resource in its body: not JSON"
    )
    assert raised.value.status == 201
    assert raised.value.outcome_unknown and raised.value.transient


async def test_an_empty_204_is_a_success(mocked: Any, sender: AiohttpSender) -> None:
    mocked.delete(url(f"{ITEMS}/I7"), status=204, body="")
    reply = await sender.send("DELETE", ApiPath.of(*ITEMS_PATH.segments, "I7"))
    assert (reply.status, reply.body) == (204, None)


async def test_json_without_an_id_passes_the_sender_and_not_the_write_path(
    mocked: Any, sender: AiohttpSender
) -> None:
    mocked.post(url(ITEMS), status=201, body='{"name": "T-Shirt"}')
    reply = await sender.send("POST", ITEMS_PATH, {"name": "T-Shirt"})
    with pytest.raises(GarbledAnswerError) as raised:
        resource_of(reply, method="POST", path=ITEMS)
    assert str(raised.value) == (
        "HTTP 201 from POST eventspot/events/E1/items without the resource in its body: "
        "an object without an id"
    )


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (None, NO_BODY),
        ([{"id": "I7"}], NOT_AN_OBJECT),
        ("T-Shirt", NOT_AN_OBJECT),
        (7, NOT_AN_OBJECT),
        ({"name": "T-Shirt"}, NO_ID),
        ({"id": ""}, NO_ID),
        ({"id": None}, NO_ID),
        ({"id": True}, NO_ID),
    ],
)
def test_a_body_that_is_not_the_resource_is_garbled(body: object, why: str) -> None:
    with pytest.raises(GarbledAnswerError) as raised:
        resource_of(Reply(201, body))
    assert raised.value.why == why


@pytest.mark.parametrize("body", [{"id": "I7", "name": "T-Shirt"}, {"id": 7}])
def test_an_object_with_an_id_is_the_resource(body: dict[str, Any]) -> None:
    assert resource_of(Reply(201, body)) == body


def test_a_collection_is_an_array_or_a_page_of_objects_with_ids() -> None:
    assert entries_of(Reply(200, [{"id": "F1"}])) == [{"id": "F1"}]
    page = {"meta": {"pagination": {"next_link": "/v2/eventspot/events?next=2"}},
            "results": [{"id": "E1"}]}  # fmt: skip
    assert entries_of(Reply(200, page)) == [{"id": "E1"}]
    assert next_link(page) == NextLink("/v2/eventspot/events?next=2")
    assert entries_of(Reply(200, [])) == []


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (None, NO_BODY),
        ({"id": "F1"}, NOT_A_COLLECTION),
        ("[]", NOT_A_COLLECTION),
        ([{"name": "Spring"}], AN_ENTRY_WITHOUT_ID),
        ({"results": [{"id": "E1"}, "E2"]}, AN_ENTRY_WITHOUT_ID),
    ],
)
def test_a_collection_that_is_not_one_is_garbled(body: object, why: str) -> None:
    """Read as empty, it would have sent again what is already there."""
    with pytest.raises(GarbledAnswerError) as raised:
        entries_of(Reply(200, body))
    assert raised.value.why == why
