"""Email campaigns and their schedules in the simulator, rule by rule, as
shared/api/ctct-v2.md section 5 states them; the client's own rules are checked against
the same cases at the end (contract tests)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bulkspot.core.resources import spec_for
from bulkspot.core.validate import validate_body
from bulkspot.simulator.rules_campaigns import CAMPAIGN as CAMPAIGN_RULES
from tests.simulator.api import Api, StartSim
from tests.simulator.clock import ManualClock
from tests.simulator.payloads import CAMPAIGN

CAMPAIGNS = "emailmarketing/campaigns"
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def at(minutes: float) -> str:
    """An instant `minutes` after the clock's start, as the API writes it."""
    return (NOW + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@pytest.fixture
async def clocked(start_sim: StartSim) -> tuple[ManualClock, Api]:
    clock = ManualClock(NOW)
    _, api = await start_sim(clock=clock)
    return clock, api


async def campaign(api: Api, **fields: Any) -> dict[str, Any]:
    return await api.child(CAMPAIGNS, {**CAMPAIGN, **fields})


async def test_a_campaign_is_made_custom_and_draft_whatever_the_body_says(api: Api) -> None:
    made = await campaign(api, template_type="STOCK", status="SENT")
    assert (made["template_type"], made["status"]) == ("CUSTOM", "DRAFT")
    assert made["email_content_format"] == "HTML" and made["id"].isdigit()


async def test_the_required_properties_are_named_in_one_400(api: Api) -> None:
    reply = await api.post(CAMPAIGNS, {"name": "x"})
    assert reply.status == 400
    assert reply.messages == [
        f"#/{name}: is required"
        for name in ("subject", "from_name", "from_email", "email_content", "text_content")
    ]


async def test_fields_become_required_once_another_is_used(api: Api) -> None:
    reply = await api.post(CAMPAIGNS, {
        **CAMPAIGN,
        "is_view_as_webpage_enabled": True,
        "is_permission_reminder_enabled": True,
        "message_footer": {"city": "Anytown", "include_subscribe_link": True},
    })  # fmt: skip
    assert reply.status == 400
    footer = "is required in a message_footer (the account has no address of its own)"
    assert reply.messages == [
        "#/view_as_web_page_text: is required when is_view_as_webpage_enabled is true",
        "#/view_as_web_page_link_text: is required when is_view_as_webpage_enabled is true",
        "#/permission_reminder_text: is required when is_permission_reminder_enabled is true",
        f"#/message_footer/organization_name: {footer}",
        f"#/message_footer/address_line_1: {footer}",
        f"#/message_footer/country: {footer}",
        "#/message_footer/subscribe_link_text: is required when include_subscribe_link is true",
    ]
    whole = {
        **CAMPAIGN,
        "name": "Whole",
        "is_view_as_webpage_enabled": True,
        "view_as_web_page_text": "View this message as a webpage",
        "view_as_web_page_link_text": "Click here",
        "message_footer": {"organization_name": "Town Hall", "address_line_1": "1 Main St",
                           "city": "Anytown", "country": "US"},
    }  # fmt: skip
    assert (await api.post(CAMPAIGNS, whole)).status == 201


async def test_lists_must_exist_and_a_name_in_use_is_a_409(api: Api) -> None:
    listed = await api.child("lists", {"name": "Members"})
    made = await campaign(api, sent_to_contact_lists=[{"id": listed["id"]}])
    assert made["sent_to_contact_lists"] == [{"id": listed["id"]}]
    missing = await api.post(CAMPAIGNS, {**CAMPAIGN, "name": "B",
                                         "sent_to_contact_lists": [{"id": "999"}]})  # fmt: skip
    assert (missing.status, missing.messages) == (
        400, ["#/sent_to_contact_lists/0/id: no list has id '999'"]
    )  # fmt: skip
    again = await api.post(CAMPAIGNS, CAMPAIGN)
    assert again.status == 409


async def test_a_put_overwrites_and_a_stock_campaigns_content_is_read_only(
    start_sim: StartSim,
) -> None:
    sim, api = await start_sim()
    made = await campaign(api, greeting_string="Dear")
    put = await api.put(f"{CAMPAIGNS}/{made['id']}", {**CAMPAIGN, "subject": "New"})
    assert put.status == 200 and put.body["subject"] == "New"
    assert "greeting_string" not in put.body  # what a PUT leaves out is gone
    assert put.body["created_date"] == made["created_date"]
    stock = sim.runtime.store.campaigns.create(
        CAMPAIGN_RULES.validate({**CAMPAIGN, "name": "Stock"}), {"template_type": "STOCK"}
    )
    same = await api.put(f"{CAMPAIGNS}/{stock['id']}", {**CAMPAIGN, "name": "Stock",
                                                          "subject": "Changed"})  # fmt: skip
    assert same.status == 200
    changed = await api.put(f"{CAMPAIGNS}/{stock['id']}", {**CAMPAIGN, "name": "Stock",
                                                             "text_content": "Other"})  # fmt: skip
    assert (changed.status, changed.messages) == (
        400, ["#/text_content: is read-only for a STOCK template campaign"]
    )  # fmt: skip


async def test_the_collection_is_paged_at_50_and_filtered(clocked: tuple[ManualClock, Api]) -> None:
    clock, api = clocked
    for number in range(55):
        await campaign(api, name=f"C{number}")
    clock.advance(3600)
    late = await campaign(api, name="Late")
    first = await api.get(CAMPAIGNS)
    assert len(first.body["results"]) == 50
    second = await api.get(api.url + first.body["meta"]["pagination"]["next_link"])
    assert len(second.body["results"]) == 6 and second.body["meta"]["pagination"] == {}
    assert (await api.get(CAMPAIGNS, query="limit=51")).status == 400
    since = await api.get(CAMPAIGNS, query=f"modified_since={at(30)}")
    assert [c["name"] for c in since.body["results"]] == ["Late"]
    assert set(since.body["results"][0]) == {"id", "name", "status", "modified_date"}
    await api.delete(f"{CAMPAIGNS}/{late['id']}")
    names = lambda reply: [c["name"] for c in reply.body["results"]]  # noqa: E731
    assert "Late" not in names(await api.get(CAMPAIGNS, query="limit=50&status=DRAFT"))
    assert names(await api.get(CAMPAIGNS, query="status=DELETED")) == ["Late"]
    assert (await api.get(CAMPAIGNS, query="status=LOST")).status == 400


async def test_a_schedule_needs_20_minutes_and_says_what_time_would_do(
    clocked: tuple[ManualClock, Api],
) -> None:
    _, api = clocked
    made = await campaign(api)
    soon = await api.post(f"{CAMPAIGNS}/{made['id']}/schedules", {"scheduled_date": at(19)})
    assert (soon.status, soon.messages) == (400, [
        f"#/scheduled_date: must be at least 20 minutes ahead (got {at(19)}; {at(20)} or later "
        "would do)"
    ])  # fmt: skip
    offset = "2027-03-01T14:30:00+02:00"  # 12:30 UTC: ISO 8601 with an offset
    done = await api.post(f"{CAMPAIGNS}/{made['id']}/schedules", {"scheduled_date": offset})
    assert (done.status, done.body["scheduled_date"]) == (201, at(30))
    shown = (await api.get(f"{CAMPAIGNS}/{made['id']}")).body
    assert (shown["status"], shown["next_run_date"]) == ("SCHEDULED", at(30))
    listed = await api.get(f"{CAMPAIGNS}/{made['id']}/schedules")
    assert listed.body == [done.body]


async def test_only_draft_or_sent_campaigns_are_scheduled_and_empty_sends_now(
    clocked: tuple[ManualClock, Api],
) -> None:
    clock, api = clocked
    made = await campaign(api)
    path = f"{CAMPAIGNS}/{made['id']}/schedules"
    assert (await api.post(path, {"scheduled_date": at(60)})).status == 201
    twice = await api.post(path, {"scheduled_date": at(90)})
    assert (twice.status, twice.messages) == (
        400, ["only DRAFT or SENT campaigns can be scheduled (this one is SCHEDULED)"]
    )  # fmt: skip
    clock.advance(61 * 60)  # the schedule runs
    shown = (await api.get(f"{CAMPAIGNS}/{made['id']}")).body
    assert (shown["status"], shown["last_run_date"]) == ("SENT", at(60))
    assert (await api.get(path)).body == []
    now = await api.post(path, {})  # a SENT campaign again: sent now to those added since
    assert (now.status, now.body["scheduled_date"]) == (201, at(61))
    clock.advance(5)  # the next send window (5 s apart by default) has come
    assert (await api.get(f"{CAMPAIGNS}/{made['id']}")).body["last_run_date"] == at(61 + 5 / 60)


async def test_a_schedule_is_moved_or_deleted_until_it_has_run(
    clocked: tuple[ManualClock, Api],
) -> None:
    clock, api = clocked
    made = await campaign(api)
    path = f"{CAMPAIGNS}/{made['id']}/schedules"
    first = (await api.post(path, {"scheduled_date": at(60)})).body
    moved = await api.put(f"{path}/{first['id']}", {"scheduled_date": at(120)})
    assert (moved.status, moved.body["scheduled_date"]) == (200, at(120))
    assert (await api.put(f"{path}/{first['id']}", {"scheduled_date": at(5)})).status == 400
    assert (await api.delete(f"{path}/{first['id']}")).status == 204
    assert (await api.get(f"{CAMPAIGNS}/{made['id']}")).body["status"] == "DRAFT"
    second = (await api.post(path, {"scheduled_date": at(30)})).body
    clock.advance(31 * 60)
    gone = await api.delete(f"{path}/{second['id']}")  # it has run: nothing to unschedule
    assert gone.status == 404


async def test_a_token_with_limited_privileges_gets_a_403_naming_the_one_missing(
    start_sim: StartSim,
) -> None:
    _, api = await start_sim(privileges=frozenset({"campaign:read", "campaign:write"}))
    assert (await api.get(CAMPAIGNS)).status == 200
    refused = await api.post(CAMPAIGNS, CAMPAIGN)
    assert (refused.status, refused.keys, refused.messages) == (
        403, ["http.status.forbidden"],
        ["This access token lacks the campaign:create privilege this request needs."],
    )  # fmt: skip
    folder = await api.post("library/folders", {"name": "A"})
    assert folder.messages == [
        "This access token lacks the mylibrary:folder:create privilege this request needs."
    ]
    assert (await api.post("eventspot/events", {})).status == 400  # campaign:write: held


CONTRACT = [  # a body and whether the API takes it as a new campaign
    (CAMPAIGN, True),
    ({**CAMPAIGN, "subject": None}, False),
    ({**CAMPAIGN, "is_view_as_webpage_enabled": True}, False),
    ({**CAMPAIGN, "is_permission_reminder_enabled": True}, False),
    ({**CAMPAIGN, "is_permission_reminder_enabled": True, "permission_reminder_text": "Hi"}, True),
    ({**CAMPAIGN, "message_footer": {"city": "Anytown"}}, False),
    ({**CAMPAIGN, "from_email": "not an address"}, False),
    ({**CAMPAIGN, "greeting_name": "NICKNAME"}, False),
]


@pytest.mark.parametrize(("body", "taken"), CONTRACT)
async def test_the_clients_campaign_rules_agree_with_the_simulators(
    api: Api, body: dict[str, Any], taken: bool
) -> None:
    sent = {k: v for k, v in body.items() if v is not None}
    reply = await api.post(CAMPAIGNS, sent)
    assert (reply.status == 201) is taken, reply.body
    assert (not validate_body(spec_for("campaign"), sent)) is taken


async def test_campaigns_and_pending_schedules_survive_a_restart_and_stock_ones_seed(
    start_sim: StartSim, tmp_path: Any
) -> None:
    state = tmp_path / "state.json"
    stock = {**CAMPAIGN, "id": "77", "name": "Made in the product", "template_type": "STOCK",
             "status": "SENT", "last_run_date": "2027-02-01T10:00:00.000Z"}  # fmt: skip
    state.write_text(json.dumps({"campaigns": [stock]}))
    clock = ManualClock(NOW)
    sim, api = await start_sim(clock=clock, state_path=state)
    seeded = (await api.get(f"{CAMPAIGNS}/77")).body
    assert (seeded["template_type"], seeded["status"]) == ("STOCK", "SENT")
    made = await campaign(api)
    schedule = await api.child(f"{CAMPAIGNS}/{made['id']}/schedules", {"scheduled_date": at(45)})
    await sim.close()
    _, again = await start_sim(clock=clock, state_path=state)
    assert (await again.get(f"{CAMPAIGNS}/{made['id']}/schedules")).body == [schedule]
    assert (await again.get(f"{CAMPAIGNS}/77")).body["template_type"] == "STOCK"
