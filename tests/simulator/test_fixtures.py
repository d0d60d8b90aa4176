"""The SDKs' example payloads (tests/fixtures/ctct-v2) where they are request-shaped: POSTed
with their ids swapped for real ones, they are accepted and answered in the same shape."""

from __future__ import annotations

from typing import Any

import pytest

from tests.simulator.api import Api
from tests.simulator.payloads import fixture

SERVER_SET = {"id", "status", "created_date", "active_date", "registration_url",
              "quantity_used", "quantity_available", "default_quantity_available",
              "attributes", "event_detail_url", "updated_date"}  # fmt: skip


def _same_fields(sent: dict[str, Any], answered: dict[str, Any]) -> None:
    """What was sent comes back (numbers as the API's floats), server-set fields aside."""
    for key, value in sent.items():
        if key in SERVER_SET:
            continue
        assert key in answered, key
        assert answered[key] == value, key


@pytest.mark.parametrize(
    "name",
    ["event.json", "java-event.json", "java-event-post-response.json",
     "java-event-put-response-active.json"],
)  # fmt: skip
async def test_event_payloads_are_accepted_by_post_and_put(api: Api, name: str) -> None:
    body = fixture(name)
    created = await api.post("eventspot/events", body)
    assert created.status == 201, created.body
    _same_fields({k: v for k, v in body.items() if k not in ("address", "payment_address")},
                 created.body)  # fmt: skip
    assert created.body["status"] == "DRAFT"  # a status sent is ignored
    replaced = await api.put(f"eventspot/events/{created.body['id']}", body)
    assert replaced.status == 200 and replaced.body == created.body


async def test_the_collection_summaries_are_accepted_as_events(api: Api) -> None:
    for summary in fixture("events.json")["results"] + fixture("java-events.json")["results"]:
        reply = await api.post("eventspot/events", summary)
        assert reply.status == 201, reply.body


async def _event(api: Api) -> str:
    return f"eventspot/events/{(await api.event())['id']}"


@pytest.mark.parametrize("name", ["fee.json", "java-fee-post-response.json"])
async def test_fee_payloads(api: Api, name: str) -> None:
    body = fixture(name)
    created = await api.post(f"{await _event(api)}/fees", body)
    assert created.status == 201, created.body
    _same_fields(body, created.body)


async def test_the_fee_collections_are_accepted_one_by_one(api: Api) -> None:
    base = await _event(api)
    for fee in fixture("fees.json") + fixture("java-fees.json"):
        reply = await api.post(f"{base}/fees", fee)
        assert reply.status == 201, reply.body  # REGISTRANT is a scope of real payloads
        _same_fields(fee, reply.body)
    listed = (await api.get(f"{base}/fees")).body
    assert [f["label"] for f in listed] == [f["label"] for f in fixture("fees.json") +
                                             fixture("java-fees.json")]  # fmt: skip


@pytest.mark.parametrize("name", ["item.json", "java-item.json", "java-item-post-response.json"])
async def test_item_payloads_with_their_attributes(api: Api, name: str) -> None:
    body = fixture(name)
    base = await _event(api)
    created = await api.post(f"{base}/items", body)
    assert created.status == 201, created.body
    _same_fields(body, created.body)
    assert created.body["attributes"] == []  # attributes are added through their endpoint
    item_path = f"{base}/items/{created.body['id']}"
    for attribute in body["attributes"]:
        reply = await api.post(f"{item_path}/attributes", attribute)
        assert reply.status == 201, reply.body
        assert {k: reply.body[k] for k in ("name", "quantity_total", "quantity_available")} == {
            k: attribute[k] for k in ("name", "quantity_total", "quantity_available")
        }
    got = (await api.get(item_path)).body
    assert got["default_quantity_total"] == body["default_quantity_total"]  # the sum: 250 / 300
    assert [a["name"] for a in got["attributes"]] == [a["name"] for a in body["attributes"]]


@pytest.mark.parametrize("name", ["attribute.json", "java-attribute-post-response.json"])
async def test_attribute_payloads(api: Api, name: str) -> None:
    base = await _event(api)
    item = await api.child(f"{base}/items", fixture("java-item-post-response.json"))
    reply = await api.post(f"{base}/items/{item['id']}/attributes", fixture(name))
    assert reply.status == 201
    assert reply.body["name"] == fixture(name)["name"]
    assert reply.body["quantity_available"] == fixture(name)["quantity_total"]


async def test_promocode_payloads_with_fee_ids_swapped_for_real_ones(api: Api) -> None:
    base = await _event(api)
    fee = await api.child(f"{base}/fees", fixture("fee.json"))
    vip = await api.child(f"{base}/fees", {**fixture("fee.json"), "label": "VIP",
                                           "has_restricted_access": True})  # fmt: skip
    bodies = [fixture("promocode.json"), *fixture("promocodes.json")[:1],
              *fixture("java-promocodes.json")[:1]]  # fmt: skip
    for n, body in enumerate(bodies):
        sent = {**body, "fee_ids": [fee["id"]], "code_name": f"{body['code_name'][:9]}_{n}"}
        reply = await api.post(f"{base}/promocodes", sent)
        assert reply.status == 201, reply.body
        _same_fields(sent, reply.body)
        assert reply.body.keys() == body.keys()
    access = fixture("java-promocode-access-post-response.json")
    reply = await api.post(f"{base}/promocodes", {**access, "fee_ids": [vip["id"]]})
    assert reply.status == 201, reply.body
    assert reply.body.keys() == access.keys()
    assert reply.body["quantity_available"] == access["quantity_available"] == 100
