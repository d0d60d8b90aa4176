"""Where the simulator differed from the documents (issue 25), one contract test per point,
over plain HTTP: each quotes the page, fixture or note it follows."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bulkspot.simulator.privileges import GUESS, needs
from bulkspot.simulator.routes import ROUTES
from tests.paths import DOC_EXAMPLES
from tests.simulator.api import Api, StartSim
from tests.simulator.clock import ManualClock
from tests.simulator.payloads import ITEM, fixture

CAMPAIGNS = "emailmarketing/campaigns"
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
CAMPAIGN = {
    "name": "Spring news",
    "subject": "What is on this spring",
    "from_name": "Town Hall",
    "from_email": "news@example.com",
    "email_content": "<html><body><p>Hello</p></body></html>",
    "text_content": "Hello",
}


def instant(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


async def test_1_each_pages_415_has_that_pages_words(api: Api) -> None:
    event = await api.event()
    text = {"Content-Type": "text/plain"}
    put = await api.put(f"eventspot/events/{event['id']}", {}, headers=text)
    # seed-002, the event PUT page: "415 | Unsupported content-type in the header, must be
    # application/json"
    assert (put.status, put.messages) == (
        415, ["Unsupported content-type in the header, must be application/json"]
    )  # fmt: skip
    item = await api.child(f"eventspot/events/{event['id']}/items", ITEM)
    post = await api.post(
        f"eventspot/events/{event['id']}/items/{item['id']}/attributes", {}, headers=text
    )
    # seed-000, the attribute POST page: "Unsupported content-type in the header, use
    # application/json"
    assert (post.status, post.messages) == (
        415, ["Unsupported content-type in the header, use application/json"]
    )  # fmt: skip


async def test_2_an_attribute_keeps_its_description(api: Api) -> None:
    event = await api.event()
    item = await api.child(f"eventspot/events/{event['id']}/items", ITEM)
    path = f"eventspot/events/{event['id']}/items/{item['id']}/attributes"
    made = await api.child(path, {"name": "Small", "quantity_total": 5})
    # seed-002: "Include the attribute name and description in the JSON request body."
    put = await api.put(f"{path}/{made['id']}", {"name": "Small", "quantity_total": 5,
                                                 "description": "Fits 4-6 years"})  # fmt: skip
    assert (put.status, put.body.get("description")) == (200, "Fits 4-6 years")
    got = await api.get(f"{path}/{made['id']}")
    assert got.body == {"id": made["id"], "name": "Small", "description": "Fits 4-6 years",
                        "quantity_total": 5, "quantity_available": 5}  # fmt: skip


async def test_3_a_list_property_left_blank_deletes_its_value(api: Api) -> None:
    made = await api.child("lists", {"name": "Members", "status": "HIDDEN"})
    # seed-002: "any properties left blank or not included in the call will delete those
    # property values prior to the call"
    put = await api.put(f"lists/{made['id']}", {"name": "Members", "status": ""})
    assert put.status == 200, put.body
    got = (await api.get(f"lists/{made['id']}")).body
    assert "status" not in got and got["name"] == "Members"


async def test_4_a_new_campaign_has_the_tracking_summary_of_the_fixtures_draft(api: Api) -> None:
    made = await api.post(CAMPAIGNS, CAMPAIGN)
    draft = fixture("java-campaign-post-response.json")
    assert made.status == 201
    assert made.body["tracking_summary"] == draft["tracking_summary"]
    assert (await api.get(f"{CAMPAIGNS}/{made.body['id']}")).body["tracking_summary"] == (
        draft["tracking_summary"]
    )
    put = await api.put(f"{CAMPAIGNS}/{made.body['id']}", {**CAMPAIGN, "subject": "New"})
    assert put.body["tracking_summary"] == draft["tracking_summary"]  # read-only: kept


async def test_5_a_stock_campaigns_put_need_not_repeat_its_read_only_content(
    start_sim: StartSim, tmp_path: Path
) -> None:
    stock = {**CAMPAIGN, "id": "77", "template_type": "STOCK", "status": "DRAFT"}
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"campaigns": [stock]}), encoding="utf-8")
    _, api = await start_sim(state_path=state)
    edit = {k: v for k, v in CAMPAIGN.items() if k not in ("email_content", "text_content")}
    # seed-002: if template_type = STOCK, those fields "are not available for edit
    # (read-only)": read-only, not required
    put = await api.put(f"{CAMPAIGNS}/77", {**edit, "subject": "New subject"})
    assert put.status == 200, put.body
    got = (await api.get(f"{CAMPAIGNS}/77")).body
    assert (got["subject"], got["email_content"], got["text_content"]) == (
        "New subject", CAMPAIGN["email_content"], CAMPAIGN["text_content"]
    )  # fmt: skip
    changed = await api.put(f"{CAMPAIGNS}/77", {**edit, "text_content": "Other"})
    assert (changed.status, changed.messages) == (
        400, ["#/text_content: is read-only for a STOCK template campaign"]
    )  # fmt: skip


async def test_6_send_now_is_scheduled_until_the_next_send_window(start_sim: StartSim) -> None:
    clock = ManualClock(NOW + timedelta(seconds=61))
    _, api = await start_sim(clock=clock, send_window_s=300)
    made = await api.child(CAMPAIGNS, CAMPAIGN)
    path = f"{CAMPAIGNS}/{made['id']}"
    now = await api.post(f"{path}/schedules", {})
    # seed-000: "the response body will show the time that the scheduling request was made
    # ... Send Now puts the campaign into the queue for the next send window"
    assert (now.status, now.body["scheduled_date"]) == (201, instant(clock.utc))
    window = instant(NOW + timedelta(minutes=5))  # windows every 300 s: 12:05:00
    queued = (await api.get(path)).body
    assert (queued["status"], queued["next_run_date"]) == ("SCHEDULED", window)
    assert "last_run_date" not in queued
    assert (await api.get(f"{path}/schedules")).body == [now.body]
    clock.advance(300 - 61 - 1)  # a second before the window
    assert (await api.get(path)).body["status"] == "SCHEDULED"
    clock.advance(1)
    sent = (await api.get(path)).body
    assert (sent["status"], sent["last_run_date"]) == ("SENT", window)
    assert "next_run_date" not in sent
    assert (await api.get(f"{path}/schedules")).body == []
    listed = (await api.get(CAMPAIGNS, query="status=SENT")).body["results"]
    assert [c["id"] for c in listed] == [made["id"]]


async def test_6_the_sandboxs_default_window_queues_send_now_for_seconds(
    start_sim: StartSim,
) -> None:
    clock = ManualClock(NOW + timedelta(seconds=2))
    _, api = await start_sim(clock=clock)  # the default window: every 5 s
    made = await api.child(CAMPAIGNS, CAMPAIGN)
    path = f"{CAMPAIGNS}/{made['id']}"
    assert (await api.post(f"{path}/schedules", {})).status == 201
    queued = (await api.get(path)).body
    assert (queued["status"], queued.get("next_run_date")) == (
        "SCHEDULED", instant(NOW + timedelta(seconds=5))
    )  # fmt: skip
    clock.advance(2)
    assert (await api.get(path)).body["status"] == "SCHEDULED"
    clock.advance(1)
    sent = (await api.get(path)).body
    assert (sent["status"], sent["last_run_date"]) == ("SENT", instant(NOW + timedelta(seconds=5)))


async def test_6_the_send_window_is_short_by_default_and_set_by_control(
    start_sim: StartSim,
) -> None:
    clock = ManualClock(NOW)
    _, api = await start_sim(clock=clock)
    status, settings = await api.simulator("GET", "stats")
    assert settings["settings"]["send_window_s"] == 5.0
    status, changed = await api.simulator("POST", "control", {"send_window_s": 0})
    assert (status, changed["send_window_s"]) == (200, 0)
    made = await api.child(CAMPAIGNS, CAMPAIGN)
    await api.child(f"{CAMPAIGNS}/{made['id']}/schedules", {})
    assert (await api.get(f"{CAMPAIGNS}/{made['id']}")).body["status"] == "SENT"  # at once


async def test_7_a_campaign_put_needs_campaign_create_as_its_page_says(
    start_sim: StartSim,
) -> None:
    _, api = await start_sim(privileges=frozenset({"campaign:read", "campaign:create"}))
    made = await api.child(CAMPAIGNS, CAMPAIGN)
    put = await api.put(f"{CAMPAIGNS}/{made['id']}", {**CAMPAIGN, "subject": "New"})
    assert put.status == 200, put.body
    _, writer = await start_sim(privileges=frozenset({"campaign:read", "campaign:write"}))
    refused = await writer.put(f"{CAMPAIGNS}/123", CAMPAIGN)
    assert (refused.status, refused.messages) == (
        403, ["This access token lacks the campaign:create privilege this request needs."]
    )  # fmt: skip


# Each method a seed page summarises: its route's shape and the first words of its summary
SUMMARIES = {
    ((), "POST"): "Create a new event",
    (("*", "items"), "POST"): "Create a new item for an event",
    (("*", "promocodes"), "POST"): "Create a promotional code",
    (("*", "fees"), "POST"): "Create a new fee",
    (("*", "items", "*", "attributes"), "POST"): "Create a new attribute",
    (("folders",), "POST"): "Create a new MyLibrary folder",
    (("campaigns",), "POST"): "When creating a new email campaign",
    (("campaigns", "*", "schedules"), "POST"): "Schedule an email campaign",
    (("*",), "PUT"): "Update an existing event by",
    (("*", "items", "*"), "PUT"): "Update an existing event item",
    (("*", "promocodes", "*"), "PUT"): "Update an existing promocode",
    (("*", "fees", "*"), "PUT"): "Update an existing fee",
    (("*", "items", "*", "attributes", "*"), "PUT"): "Update an existing item attribute",
    (("lists", "*"), "PUT"): "PUT: Update the name, status of the ContactList",
    (("folders", "*"), "PUT"): "Use PUT to modify the following properties for a folder",
    (("files", "*"), "PUT"): "Use a PUT call to update the following for a file",
    (("campaigns", "*"), "PUT"): "Update an existing email campaign",
    (("campaigns", "*", "schedules", "*"), "PUT"): "Update the schedule for an email campaign",
}


def test_7_each_privilege_sourced_to_a_page_is_stated_there_for_its_method() -> None:
    assert needs(("campaigns", "*"), "PUT") == ("campaign:create", "seed-002.txt")
    for (shape, method), summary in SUMMARIES.items():
        privilege, source = needs(shape, method)
        page = (DOC_EXAMPLES / source).read_text(encoding="utf-8")
        stated = rf"Privileges required: {re.escape(privilege)}\s+{re.escape(summary)}"
        assert re.search(stated, page), (shape, method, privilege, source)
    named = 0
    for shape in [*ROUTES]:
        for method in ROUTES[shape]:
            privilege, source = needs(shape, method)
            if source.startswith("seed-"):
                assert (shape, method) in SUMMARIES, (shape, method, source)
            elif source != GUESS:  # the notes' section says it
                section = source.removeprefix("ctct-v2.md section ")
                assert privilege in _section(section), (shape, method, privilege, source)
                named += 1
    assert named >= 10  # EventSpot's GETs and DELETEs, the schedule DELETE


def _section(number: str) -> str:
    """The text of section `number` of the condensed notes (ctct-v2.md)."""
    notes = (DOC_EXAMPLES / "ctct-v2.md").read_text(encoding="utf-8")
    start = notes.index(f"\n## {number}. ")
    end = notes.find("\n## ", start + 1)
    return notes[start : end if end >= 0 else None]


async def test_8_modified_since_filters_lists(start_sim: StartSim) -> None:
    clock = ManualClock(NOW)
    _, api = await start_sim(clock=clock)
    old = await api.child("lists", {"name": "Old"})
    changed = await api.child("lists", {"name": "Changed"})
    clock.advance(3600)
    await api.put(f"lists/{changed['id']}", {"name": "Changed", "status": "HIDDEN"})
    new = await api.child("lists", {"name": "New"})
    since = instant(NOW + timedelta(minutes=30))
    found = (await api.get("lists", query=f"modified_since={since}")).body
    assert [entry["id"] for entry in found] == [changed["id"], new["id"]]
    every = (await api.get("lists")).body
    assert [entry["id"] for entry in every] == [old["id"], changed["id"], new["id"]]


async def test_9_status_all_lists_every_campaign_but_the_deleted(api: Api) -> None:
    kept = await api.child(CAMPAIGNS, CAMPAIGN)
    gone = await api.child(CAMPAIGNS, {**CAMPAIGN, "name": "Gone"})
    assert (await api.delete(f"{CAMPAIGNS}/{gone['id']}")).status == 204
    reply = await api.get(CAMPAIGNS, query="status=ALL")
    assert reply.status == 200, reply.body
    assert [c["id"] for c in reply.body["results"]] == [kept["id"]]
    lower = await api.get(CAMPAIGNS, query="status=all&limit=50")
    assert [c["id"] for c in lower.body["results"]] == [kept["id"]]
