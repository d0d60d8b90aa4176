"""The simulator driven by a public v2 Python SDK (`constantcontact` 0.3.4 on PyPI, a test
dependency), as a user rehearsing against the sandbox would: every call of it in the
simulator's scope (events, fees, items, attributes, promocodes, registrants, lists, email
campaigns and schedules, MyLibrary folders and files) works, with the SDK's own defaults
(`status=ALL` on campaigns, `sort_by`, `source` and `type` on files, `include_payload=True`,
a `[]` body on every GET and DELETE). The SDK returns an error answer's first entry, so each
call is checked for what it made or read, not only for the absence of an error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bulkspot.simulator import SimulatorConfig, SimulatorThread
from tests.simulator import payloads
from tests.simulator.payloads import EVENT, FEE, ITEM

sdk = pytest.importorskip("constantcontact")

KEY, TOKEN = "sandbox-key", "sandbox-token"
CAMPAIGN = {**payloads.CAMPAIGN, "greeting_name": "FIRST_NAME"}
REGISTRANT = {"id": "R1", "email": "ann@example.com", "first_name": "Ann", "last_name": "Lee",
              "registration_status": "REGISTERED", "payment_status": "NA"}  # fmt: skip


@pytest.fixture
def client(tmp_path: Path) -> Iterator[tuple[Any, SimulatorThread]]:
    state = tmp_path / "state.json"
    state.write_text(json.dumps({
        "folders": [{"id": "9", "name": "Images"}],
        "files": [{"id": "5", "name": "a.png", "description": "logo", "folder_id": "9"}],
    }), encoding="utf-8")  # fmt: skip
    with SimulatorThread(SimulatorConfig(rate=0, state_path=state, send_window_s=0)) as sim:
        yield sdk.ConstantContact(KEY, TOKEN, base_url=f"{sim.url}/v2"), sim


def no_error(answer: Any) -> Any:
    assert not (isinstance(answer, dict) and "error_key" in answer), answer
    return answer


def deleted(answer: Any) -> bool:
    """The SDK hands back the raw response of a 204 (no JSON to read)."""
    return getattr(answer, "status_code", None) == 204


def test_every_eventspot_call_of_the_sdk_works(client: tuple[Any, SimulatorThread]) -> None:
    cc, sim = client
    event = no_error(cc.post_events(dict(EVENT)))
    assert event["status"] == "DRAFT"
    listed = no_error(cc.get_events())
    assert [e["id"] for e in listed.get_set()] == [event["id"]]
    got = no_error(cc.get_event(event["id"]))
    got["title"] = "The Summer Gala 2027"
    assert no_error(cc.update_event(got))["title"] == "The Summer Gala 2027"
    assert no_error(cc.patch_event(event["id"], "ACTIVE"))["status"] == "ACTIVE"

    fee = no_error(cc.post_event_fees(event["id"], {**FEE, "has_restricted_access": True}))
    assert [f["id"] for f in no_error(cc.get_event_fees(event["id"]))] == [fee["id"]]
    fee = no_error(cc.get_event_fee(event["id"], fee["id"]))
    fee["fee"] = 30
    assert no_error(cc.update_event_fee(event["id"], fee))["fee"] == 30

    item = no_error(cc.post_event_items(event["id"], dict(ITEM)))
    assert [i["id"] for i in no_error(cc.get_event_items(event["id"]))] == [item["id"]]
    item = no_error(cc.get_event_item(event["id"], item["id"]))
    item["price"] = 22
    assert no_error(cc.update_event_item(event["id"], item))["price"] == 22

    small = {"name": "Small", "quantity_total": 5}
    attribute = no_error(cc.post_event_item_attributes(event["id"], item["id"], small))
    attributes = no_error(cc.get_event_item_attributes(event["id"], item["id"]))
    assert [a["id"] for a in attributes] == [attribute["id"]]
    attribute = no_error(cc.get_event_item_attribute(event["id"], item["id"], attribute["id"]))
    attribute["description"] = "Fits 4-6 years"
    changed = no_error(cc.update_event_item_attribute(event["id"], item["id"], attribute))
    assert changed["description"] == "Fits 4-6 years"

    code = {"code_name": "VIPS", "code_type": "ACCESS", "fee_ids": [fee["id"]],
            "quantity_total": 10}  # fmt: skip
    promocode = no_error(cc.post_event_promocodes(event["id"], code))
    assert [p["id"] for p in no_error(cc.get_event_promocodes(event["id"]))] == [promocode["id"]]
    promocode = no_error(cc.get_event_promocode(event["id"], promocode["id"]))
    promocode["quantity_total"] = 20
    assert no_error(cc.update_event_promocode(event["id"], promocode))["quantity_total"] == 20

    sim.call(sim.store.add_registrant, event["id"], dict(REGISTRANT))
    registrants = no_error(cc.get_event_registrants(event["id"]))
    assert [r["id"] for r in registrants.get_set()] == ["R1"]
    assert no_error(cc.get_event_registrant(event["id"], "R1"))["email"] == "ann@example.com"

    assert deleted(cc.delete_event_promocode(event["id"], promocode["id"]))
    assert deleted(cc.delete_event_item_attribute(event["id"], item["id"], attribute["id"]))
    assert deleted(cc.delete_event_item(event["id"], item["id"]))
    assert deleted(cc.delete_event_fee(event["id"], fee["id"]))
    assert no_error(cc.get_event_fees(event["id"])) == []
    assert no_error(cc.patch_event(event["id"], "CANCELLED"))["status"] == "CANCELLED"


def test_every_list_and_library_call_of_the_sdk_works(
    client: tuple[Any, SimulatorThread],
) -> None:
    cc, _ = client
    members = no_error(cc.post_lists("Members"))
    assert (members["name"], members["status"]) == ("Members", "ACTIVE")
    since = no_error(cc.get_list(members["id"]))["modified_date"]
    assert [c["id"] for c in no_error(cc.get_lists())] == [members["id"]]
    assert [c["id"] for c in no_error(cc.get_lists(modified_since=since))] == [members["id"]]
    members["status"] = "HIDDEN"
    assert no_error(cc.update_list(members))["status"] == "HIDDEN"
    assert deleted(cc.delete_list(members["id"]))

    folder = no_error(cc.mylibrary_service.post_folders({"name": "Posters"}))
    listed = no_error(cc.mylibrary_service.get_folders())  # limit, sort_by CREATED_DATE_DESC
    assert [f["id"] for f in listed.get_set()] == [folder["id"], "9"]
    folder = no_error(cc.mylibrary_service.get_folder(folder["id"]))
    folder["parent_id"] = "9"
    moved = no_error(cc.mylibrary_service.update_folder(folder))
    assert (moved["parent_id"], moved["level"]) == ("9", 2)

    files = no_error(cc.get_files())  # limit, sort_by, source=ALL, type=ALL
    assert [f["id"] for f in files.get_set()] == ["5"]
    file = no_error(cc.get_file("5"))
    file["description"] = "the new logo"
    updated = no_error(cc.update_file(file))  # include_payload=True
    assert (updated["description"], updated["folder_id"]) == ("the new logo", "9")
    assert deleted(cc.mylibrary_service.delete_folder("9"))  # and Posters under it
    assert no_error(cc.mylibrary_service.get_folders()).get_set() == []


def test_every_campaign_and_schedule_call_of_the_sdk_works(
    client: tuple[Any, SimulatorThread],
) -> None:
    cc, _ = client
    first = no_error(cc.post_campaigns(dict(CAMPAIGN)))
    assert (first["status"], first["template_type"]) == ("DRAFT", "CUSTOM")
    second = no_error(cc.post_campaigns({**CAMPAIGN, "name": "Summer news"}))
    page = no_error(cc.get_campaigns(limit=1))  # status=ALL, as the SDK asks by default
    assert [c["id"] for c in page.get_set()] == [first["id"]]
    rest = no_error(cc.next_page(page["meta"]["pagination"]["next_link"]))
    assert [c["id"] for c in rest.get_set()] == [second["id"]]

    campaign = no_error(cc.get_campaign(first["id"]))
    campaign["subject"] = "New subject"
    assert no_error(cc.update_campaign(campaign))["subject"] == "New subject"

    later = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    schedule = no_error(cc.emailmarketing_service.post_campaign_schedules(first["id"], later))
    assert schedule["scheduled_date"] == later
    service = cc.emailmarketing_service
    assert no_error(service.get_campaign_schedules(first["id"])) == [schedule]
    assert no_error(service.get_campaign_schedule(first["id"], schedule["id"])) == schedule
    moved = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    changed = {**schedule, "scheduled_date": moved}
    updated = no_error(service.update_campaign_schedule(first["id"], changed))
    assert updated["scheduled_date"] == moved
    assert deleted(service.delete_campaign_schedule(first["id"], schedule["id"]))
    assert no_error(cc.get_campaign(first["id"]))["status"] == "DRAFT"

    now = no_error(service.post_campaign_schedules(second["id"], {}))  # send now
    assert "scheduled_date" in now
    assert no_error(cc.get_campaign(second["id"]))["status"] == "SENT"  # a window of 0
    assert deleted(cc.delete_campaign(first["id"]))
    left = no_error(cc.get_campaigns())
    assert [c["id"] for c in left.get_set()] == [second["id"]]
