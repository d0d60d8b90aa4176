"""Events: create, read, replace, list with paging and the status filter, publish/cancel."""

from __future__ import annotations

import re

import pytest

from bulkspot.simulator import Simulator
from tests.paths import DOC_EXAMPLES
from tests.simulator.api import Api, StartSim
from tests.simulator.clock import ManualClock
from tests.simulator.payloads import EVENT

EVENTS = "eventspot/events"


async def test_create_answers_201_with_the_server_set_fields(api: Api) -> None:
    reply = await api.post(EVENTS, EVENT)
    assert reply.status == 201
    event = reply.body
    assert re.fullmatch(r"a07e[0-9a-z]{7}[0-9a-f]{8}", event["id"])
    assert event["status"] == "DRAFT"
    assert event["registration_url"].endswith(f"oeidk={event['id']}")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", event["created_date"])
    # defaults of the documentation
    assert event["currency_type"] == "USD" and event["theme_name"] == "Default"
    assert event["is_map_displayed"] is True and event["is_checkin_available"] is False
    assert event["track_information"]["guest_display_label"] == "Guest(s)"
    assert (await api.get(f"{EVENTS}/{event['id']}")).body == event


async def test_read_only_and_unknown_fields_are_ignored_on_input(api: Api) -> None:
    sent = {
        **EVENT,
        "id": "a07e0000000000000000",
        "status": "ACTIVE",
        "created_date": "2001-01-01T00:00:00.000Z",
        "active_date": "2001-01-01T00:00:00.000Z",
        "registration_url": "https://example.com/",
        "total_registered_count": 99,
        "event_detail_url": "/elsewhere",
        "favourite_colour": "green",
    }
    reply = await api.post(EVENTS, sent)
    assert reply.status == 201
    event = reply.body
    assert event["id"] != sent["id"] and event["status"] == "DRAFT"
    assert event["created_date"] != sent["created_date"]
    for absent in ("active_date", "total_registered_count", "event_detail_url", "favourite_colour"):
        assert absent not in event
    assert "example.com" not in event["registration_url"]


async def test_put_replaces_the_whole_event_and_clears_what_it_leaves_out(api: Api) -> None:
    event = await api.event(description="Dinner and dancing", location="The Atrium")
    reply = await api.put(f"{EVENTS}/{event['id']}", {**EVENT, "title": "New title"})
    assert reply.status == 200
    updated = reply.body
    assert updated["title"] == "New title"
    assert "description" not in updated and "location" not in updated  # cleared
    assert updated["theme_name"] == "Default"  # back to the default
    for kept in ("id", "status", "created_date", "registration_url"):
        assert updated[kept] == event[kept]
    assert (await api.get(f"{EVENTS}/{event['id']}")).body == updated


async def test_null_properties_are_not_returned(api: Api) -> None:
    reply = await api.post(EVENTS, {**EVENT, "description": None, "contact": {"name": None}})
    assert reply.status == 201
    assert "description" not in reply.body
    assert reply.body["contact"] == {}


async def test_unknown_event_is_404(api: Api) -> None:
    for reply in (
        await api.get(f"{EVENTS}/a07enope0000000000"),
        await api.put(f"{EVENTS}/a07enope0000000000", EVENT),
        await api.patch(f"{EVENTS}/a07enope0000000000", [_op("ACTIVE")]),
        await api.get(f"{EVENTS}/a07enope0000000000/items"),
        await api.post(f"{EVENTS}/a07enope0000000000/fees", {"label": "x", "fee": 1}),
    ):
        assert reply.status == 404
        assert reply.keys == ["http.status.not_found"]


def _op(status: str) -> dict[str, str]:
    return {"op": "REPLACE", "path": "#/status", "value": status}


async def test_publish_then_cancel_set_their_dates(api: Api) -> None:
    event = await api.event()
    path = f"{EVENTS}/{event['id']}"
    published = await api.patch(path, [_op("ACTIVE")])
    assert published.status == 200
    assert published.body["status"] == "ACTIVE" and "active_date" in published.body
    again = await api.patch(path, [_op("ACTIVE")])  # a retried publish is safe
    assert again.status == 200 and again.body == published.body
    cancelled = await api.patch(path, [_op("CANCELLED")])
    assert cancelled.status == 200
    assert cancelled.body["status"] == "CANCELLED" and "cancelled_date" in cancelled.body
    assert cancelled.body["active_date"] == published.body["active_date"]


async def test_a_draft_can_be_cancelled(api: Api) -> None:
    event = await api.event()
    reply = await api.patch(f"{EVENTS}/{event['id']}", [_op("CANCELLED")])
    assert reply.status == 200 and reply.body["status"] == "CANCELLED"
    assert "active_date" not in reply.body


@pytest.mark.parametrize(
    ("first", "then"),
    [("ACTIVE", "DRAFT"), ("CANCELLED", "ACTIVE"), ("CANCELLED", "DRAFT")],
)
async def test_other_status_moves_are_400(api: Api, first: str, then: str) -> None:
    event = await api.event()
    path = f"{EVENTS}/{event['id']}"
    assert (await api.patch(path, [_op(first)])).status == 200
    reply = await api.patch(path, [_op(then)])
    assert reply.status == 400
    assert reply.keys == ["json.field.invalid"]
    assert reply.messages[0].startswith("#/status: ")
    assert (await api.get(path)).body["status"] == first


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ([], 1),
        ({"op": "REPLACE", "path": "#/status", "value": "ACTIVE"}, 1),
        ([{"op": "ADD", "path": "#/status", "value": "ACTIVE"}], 1),
        ([{"op": "REPLACE", "path": "#/title", "value": "ACTIVE"}], 1),
        ([{"op": "REPLACE", "path": "#/status", "value": "COMPLETE"}], 1),
        ([{"op": "MOVE", "path": "#/name", "value": 3}], 3),
        (["ACTIVE"], 1),
    ],
)
async def test_bad_patch_bodies_are_400_with_one_entry_per_problem(
    api: Api, body: object, count: int
) -> None:
    event = await api.event()
    reply = await api.patch(f"{EVENTS}/{event['id']}", body)
    assert reply.status == 400
    assert len(reply.body) == count
    assert (await api.get(f"{EVENTS}/{event['id']}")).body["status"] == "DRAFT"


async def test_the_list_pages_with_next_link_and_limit(api: Api) -> None:
    created = [(await api.event(name=f"event {n}"))["id"] for n in range(7)]
    seen: list[str] = []
    reply = await api.get(EVENTS, query="limit=3")
    pages = 0
    while True:
        assert reply.status == 200
        pages += 1
        seen += [event["id"] for event in reply.body["results"]]
        pagination = reply.body["meta"]["pagination"]
        if not pagination:
            break
        link = pagination["next_link"]
        assert link.startswith("/v2/eventspot/events?next=") and "api_key" not in link
        reply = await api.get(api.url + link)  # the api key is added again, as a client must
    assert seen == created and pages == 3
    summary = (await api.get(EVENTS, query="limit=1")).body["results"][0]
    assert summary["event_detail_url"] == f"/v2/eventspot/events/{created[0]}"
    assert "track_information" not in summary  # the collection holds summaries


async def test_one_page_has_empty_pagination_and_default_limit_50(api: Api) -> None:
    for n in range(3):
        await api.event(name=f"e{n}")
    reply = await api.get(EVENTS)
    assert reply.body["meta"] == {"pagination": {}}
    assert len(reply.body["results"]) == 3


async def test_the_default_page_holds_50(start_sim: StartSim) -> None:
    sim, api = await start_sim()
    for n in range(51):
        sim.store.create_event({**EVENT, "name": f"e{n}"})
    reply = await api.get(EVENTS)
    assert len(reply.body["results"]) == 50
    rest = await api.get(api.url + reply.body["meta"]["pagination"]["next_link"])
    assert len(rest.body["results"]) == 1 and rest.body["meta"]["pagination"] == {}


@pytest.mark.parametrize("query", ["limit=0", "limit=51", "limit=ten", "next=%%%", "next=Zm9v"])
async def test_bad_paging_is_400(api: Api, query: str) -> None:
    reply = await api.get(EVENTS, query=query)
    assert reply.status == 400
    assert reply.keys == ["http.status.bad_request"]


async def test_the_status_filter_holds_across_pages(api: Api) -> None:
    ids = [(await api.event(name=f"e{n}"))["id"] for n in range(5)]
    for event_id in ids[1:4]:
        await api.patch(f"{EVENTS}/{event_id}", [_op("ACTIVE")])
    reply = await api.get(EVENTS, query="status=ACTIVE&limit=2")
    first = [e["id"] for e in reply.body["results"]]
    rest = await api.get(api.url + reply.body["meta"]["pagination"]["next_link"])
    assert first + [e["id"] for e in rest.body["results"]] == ids[1:4]
    assert all(e["status"] == "ACTIVE" for e in reply.body["results"] + rest.body["results"])
    drafts = await api.get(EVENTS, query="status=draft")
    assert [e["id"] for e in drafts.body["results"]] == [ids[0], ids[4]]
    assert (await api.get(EVENTS, query="status=SOLD")).status == 400


def _docs_example_bodies() -> tuple[str, str]:
    """The v2 docs' event PUT page's example request and answer (tests/fixtures/ctct-v2-docs)."""
    request = DOC_EXAMPLES / "event-put-request.json"
    answer = DOC_EXAMPLES / "event-put-response.json"
    return request.read_text(encoding="utf-8"), answer.read_text(encoding="utf-8")


async def test_the_docs_example_event_is_accepted_by_post_and_put_and_answered_as_shown(
    start_sim: StartSim,
) -> None:
    import orjson

    request_text, answer_text = _docs_example_bodies()
    request, answer = orjson.loads(request_text), orjson.loads(answer_text)
    sim, api = await start_sim(clock=ManualClock())
    created = await api.post(EVENTS, request)
    assert created.status == 201, created.body
    server_set = ("id", "created_date", "registration_url")
    expected = {k: v for k, v in answer.items() if k not in server_set}
    assert {k: v for k, v in created.body.items() if k not in server_set} == expected
    assert created.body.keys() == answer.keys()
    replaced = await api.put(f"{EVENTS}/{created.body['id']}", request)
    assert replaced.status == 200, replaced.body
    assert replaced.body == created.body
    assert isinstance(sim, Simulator)


async def test_instants_are_answered_in_utc_with_milliseconds(api: Api) -> None:
    event = await api.event(start_date="2027-07-17T20:00:00+02:00", end_date="2027-07-17T19:30")
    assert event["start_date"] == "2027-07-17T18:00:00.000Z"
    assert event["end_date"] == "2027-07-17T19:30:00.000Z"  # no zone: UTC
