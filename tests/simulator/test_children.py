"""Fees, items, attributes and promocodes: bare arrays, 201/200/204, PUT clears, 409 on
natural keys, 404 on unknown ids, attribute sums, rename after a sale, the ACCESS rule."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.simulator.api import Api, StartSim
from tests.simulator.payloads import FEE, ITEM

ID43 = re.compile(r"[A-Za-z0-9_-]{43}")


async def _event_path(api: Api) -> str:
    return f"eventspot/events/{(await api.event())['id']}"


async def test_a_fee_lives_its_whole_life(api: Api) -> None:
    base = await _event_path(api)
    created = await api.post(f"{base}/fees", {**FEE, "early_fee": 20, "late_fee": 30.5})
    assert created.status == 201
    fee = created.body
    assert ID43.fullmatch(fee["id"])
    assert fee == {
        "id": fee["id"],
        "label": "General",
        "fee": 25.0,
        "fee_scope": "BOTH",
        "early_fee": 20.0,
        "late_fee": 30.5,
        "has_restricted_access": False,
    }
    assert (await api.get(f"{base}/fees")).body == [fee]  # a bare array
    assert (await api.get(f"{base}/fees/{fee['id']}")).body == fee
    replaced = await api.put(f"{base}/fees/{fee['id']}", {"label": "Adult", "fee": 30})
    assert replaced.status == 200
    assert "early_fee" not in replaced.body and "late_fee" not in replaced.body  # cleared
    assert replaced.body["label"] == "Adult" and replaced.body["fee_scope"] == "BOTH"
    deleted = await api.delete(f"{base}/fees/{fee['id']}")
    assert deleted.status == 204 and deleted.body is None
    assert (await api.get(f"{base}/fees/{fee['id']}")).status == 404
    assert (await api.get(f"{base}/fees")).body == []


async def test_children_of_one_event_share_an_id_prefix(api: Api) -> None:
    base = await _event_path(api)
    fee = await api.child(f"{base}/fees", FEE)
    item = await api.child(f"{base}/items", ITEM)
    other = await api.child(f"{await _event_path(api)}/fees", FEE)
    assert fee["id"][:21] == item["id"][:21] != other["id"][:21]


async def test_an_item_lives_its_whole_life(api: Api) -> None:
    base = await _event_path(api)
    item = await api.child(f"{base}/items", {**ITEM, "description": "Cotton"})
    assert item["attributes"] == [] and item["price"] == 20.0
    assert item["default_quantity_total"] == item["default_quantity_available"] == 100
    path = f"{base}/items/{item['id']}"
    replaced = await api.put(path, {**ITEM, "price": 25, "default_quantity_total": 80})
    assert replaced.status == 200
    assert "description" not in replaced.body and replaced.body["price"] == 25.0
    assert replaced.body["default_quantity_total"] == 80
    assert (await api.get(f"{base}/items")).body == [replaced.body]
    assert (await api.delete(path)).status == 204
    assert (await api.get(path)).status == 404


async def test_read_only_fields_of_children_are_ignored(api: Api) -> None:
    base = await _event_path(api)
    item = await api.child(
        f"{base}/items",
        {**ITEM, "id": "x", "attributes": [{"name": "S", "quantity_total": 1}],
         "default_quantity_available": 3},
    )  # fmt: skip
    assert item["id"] != "x" and item["attributes"] == []
    assert item["default_quantity_available"] == 100
    code = await api.child(
        f"{base}/promocodes",
        {"code_name": "HALF", "code_type": "DISCOUNT", "discount_scope": "ORDER_TOTAL",
         "discount_percent": 50, "status": "DEPLETED", "quantity_used": 7,
         "quantity_available": 1},
    )  # fmt: skip
    assert code["status"] == "LIVE" and code["quantity_used"] == 0
    assert code["quantity_available"] == -1


async def test_attributes_make_the_item_total_their_sum(api: Api) -> None:
    base = await _event_path(api)
    item = await api.child(f"{base}/items", ITEM)
    item_path = f"{base}/items/{item['id']}"
    small = await api.child(f"{item_path}/attributes", {"name": "Small", "quantity_total": 175})
    assert small == {"id": small["id"], "name": "Small", "quantity_total": 175,
                     "quantity_available": 175}  # fmt: skip
    large = await api.child(f"{item_path}/attributes", {"name": "Large", "quantity_total": 75})
    got = (await api.get(item_path)).body
    assert got["default_quantity_total"] == 250 == got["default_quantity_available"]
    assert [a["name"] for a in got["attributes"]] == ["Small", "Large"]
    # whatever a PUT says, the sum wins while attributes exist
    put = await api.put(item_path, {**ITEM, "default_quantity_total": 500})
    assert put.body["default_quantity_total"] == 250
    changed = await api.put(
        f"{item_path}/attributes/{large['id']}", {"name": "Large", "quantity_total": 25}
    )
    assert changed.status == 200
    assert (await api.get(item_path)).body["default_quantity_total"] == 200
    assert (await api.delete(f"{item_path}/attributes/{small['id']}")).status == 204
    assert (await api.get(item_path)).body["default_quantity_total"] == 25
    listed = await api.get(f"{item_path}/attributes")
    assert listed.body == [{**large, "quantity_total": 25, "quantity_available": 25}]


async def test_deleting_an_item_deletes_its_attributes(api: Api) -> None:
    base = await _event_path(api)
    item = await api.child(f"{base}/items", ITEM)
    item_path = f"{base}/items/{item['id']}"
    attribute = await api.child(f"{item_path}/attributes", {"name": "S", "quantity_total": 1})
    assert (await api.delete(item_path)).status == 204
    assert (await api.get(f"{item_path}/attributes/{attribute['id']}")).status == 404
    again = await api.child(f"{base}/items", ITEM)  # the name is free again
    assert (await api.get(f"{base}/items/{again['id']}/attributes")).body == []


@pytest.mark.parametrize(
    ("collection", "body", "key"),
    [
        ("fees", FEE, "label"),
        ("items", ITEM, "name"),
        (
            "promocodes",
            {"code_name": "SAVE10", "code_type": "DISCOUNT", "discount_scope": "ORDER_TOTAL",
             "discount_amount": 10},
            "code_name",
        ),
    ],
)  # fmt: skip
async def test_natural_keys_are_unique_per_event(
    api: Api, collection: str, body: dict[str, Any], key: str
) -> None:
    base = await _event_path(api)
    first = await api.child(f"{base}/{collection}", body)
    again = await api.post(f"{base}/{collection}", body)
    assert again.status == 409
    assert again.keys == ["http.status.conflict"]
    named = f"#/{key}: {body[key]!r} is already in use by another {collection[:-1]} of this event."
    stated = {"code_name": "Promocode name already in use"}  # its page's words
    assert again.messages == [stated.get(key, named)]
    other_case = await api.post(f"{base}/{collection}", {**body, key: body[key].lower()})
    assert other_case.status == 201  # keys match exactly, as the client's lookup does
    elsewhere = await api.post(f"{await _event_path(api)}/{collection}", body)
    assert elsewhere.status == 201  # per event
    # a PUT may keep its own key, but not take another's
    second = other_case.body
    assert (await api.put(f"{base}/{collection}/{first['id']}", body)).status == 200
    taken = await api.put(f"{base}/{collection}/{second['id']}", body)
    assert taken.status == 409
    assert len((await api.get(f"{base}/{collection}")).body) == 2


async def test_attribute_names_are_unique_per_item(api: Api) -> None:
    base = await _event_path(api)
    shirt = await api.child(f"{base}/items", ITEM)
    hat = await api.child(f"{base}/items", {**ITEM, "name": "Hat"})
    body = {"name": "Red", "quantity_total": 5}
    await api.child(f"{base}/items/{shirt['id']}/attributes", body)
    duplicate = await api.post(f"{base}/items/{shirt['id']}/attributes", body)
    assert duplicate.status == 409 and duplicate.keys == ["http.status.conflict"]
    assert (await api.post(f"{base}/items/{hat['id']}/attributes", body)).status == 201


async def test_renaming_frees_the_old_name(api: Api) -> None:
    base = await _event_path(api)
    item = await api.child(f"{base}/items", ITEM)
    put = await api.put(f"{base}/items/{item['id']}", {**ITEM, "name": "Polo"})
    assert put.status == 200
    assert (await api.post(f"{base}/items", ITEM)).status == 201


async def test_unknown_child_ids_are_404(api: Api) -> None:
    base = await _event_path(api)
    item = await api.child(f"{base}/items", ITEM)
    missing = "kpBUYrcxLws4iVGJ-cSivYPJUvBGM9P1V53KQcYO8Aw"
    for path in (
        f"{base}/fees/{missing}",
        f"{base}/items/{missing}",
        f"{base}/items/{missing}/attributes",
        f"{base}/items/{item['id']}/attributes/{missing}",
        f"{base}/promocodes/{missing}",
        f"{base}/registrants/{missing}",
    ):
        reply = await api.get(path)
        assert reply.status == 404, path
        assert reply.keys == ["http.status.not_found"]
    assert (await api.put(f"{base}/fees/{missing}", FEE)).status == 404
    assert (await api.delete(f"{base}/items/{missing}")).status == 404
    attributes = f"{base}/items/{missing}/attributes"
    assert (await api.post(attributes, {"name": "S", "quantity_total": 1})).status == 404


async def test_a_promocodes_unknown_fee_is_404(api: Api) -> None:
    base = await _event_path(api)
    fee = await api.child(f"{base}/fees", FEE)
    body = {"code_name": "TENOFF", "code_type": "DISCOUNT", "discount_scope": "FEE_LIST",
            "discount_percent": 10, "fee_ids": [fee["id"], "nope"]}  # fmt: skip
    reply = await api.post(f"{base}/promocodes", body)
    assert reply.status == 404 and reply.keys == ["http.status.not_found"]
    other_event_fee = await api.child(f"{await _event_path(api)}/fees", FEE)
    reply = await api.post(f"{base}/promocodes", {**body, "fee_ids": [other_event_fee["id"]]})
    assert reply.status == 404
    ok = await api.post(f"{base}/promocodes", {**body, "fee_ids": [fee["id"]]})
    assert ok.status == 201 and ok.body["fee_ids"] == [fee["id"]]


async def test_an_access_code_needs_one_restricted_fee(api: Api) -> None:
    base = await _event_path(api)
    open_fee = await api.child(f"{base}/fees", FEE)
    vip = await api.child(
        f"{base}/fees", {"label": "VIP", "fee": 90, "has_restricted_access": True}
    )
    body = {"code_name": "VIP_2027", "code_type": "ACCESS", "quantity_total": 100}
    refused = await api.post(f"{base}/promocodes", {**body, "fee_ids": [open_fee["id"]]})
    assert refused.status == 400 and refused.keys == ["json.field.invalid"]
    assert refused.messages[0].startswith("#/fee_ids/0: ")
    created = await api.post(f"{base}/promocodes", {**body, "fee_ids": [vip["id"]]})
    assert created.status == 201
    code = created.body
    assert code["code_type"] == "ACCESS" and code["fee_ids"] == [vip["id"]]
    assert code["quantity_total"] == code["quantity_available"] == 100
    assert "discount_type" not in code and "discount_scope" not in code


async def test_a_fee_named_by_a_promocode_cannot_be_deleted(api: Api) -> None:
    base = await _event_path(api)
    fee = await api.child(f"{base}/fees", FEE)
    code = await api.child(
        f"{base}/promocodes",
        {"code_name": "TENOFF", "code_type": "DISCOUNT", "discount_scope": "FEE_LIST",
         "discount_percent": 10, "fee_ids": [fee["id"]]},
    )  # fmt: skip
    refused = await api.delete(f"{base}/fees/{fee['id']}")
    assert refused.status == 409 and refused.keys == ["http.status.conflict"]
    assert (await api.delete(f"{base}/promocodes/{code['id']}")).status == 204
    assert (await api.delete(f"{base}/fees/{fee['id']}")).status == 204


async def test_a_paused_code_is_paused_and_put_clears_to_defaults(api: Api) -> None:
    base = await _event_path(api)
    body = {"code_name": "LATE", "code_type": "DISCOUNT", "discount_scope": "ORDER_TOTAL",
            "discount_amount": 5, "is_paused": True, "quantity_total": 10}  # fmt: skip
    code = await api.child(f"{base}/promocodes", body)
    assert code["status"] == "PAUSED" and code["quantity_available"] == 10
    body.pop("is_paused")
    body.pop("quantity_total")
    replaced = (await api.put(f"{base}/promocodes/{code['id']}", body)).body
    assert replaced["is_paused"] is False and replaced["status"] == "LIVE"
    assert replaced["quantity_total"] == -1
    depleted = await api.child(
        f"{base}/promocodes", {**body, "code_name": "NONE", "quantity_total": 0}
    )
    assert depleted["status"] == "DEPLETED"


REGISTRANT_ITEM_LINE = {"name": "T-Shirt", "type": "Small", "quantity": 2, "amount": 40.0}


async def test_an_attribute_cannot_be_renamed_once_sold(start_sim: StartSim) -> None:
    sim, api = await start_sim()
    base = await _event_path(api)
    event_id = base.rsplit("/", 1)[1]
    item = await api.child(f"{base}/items", ITEM)
    item_path = f"{base}/items/{item['id']}"
    small = await api.child(f"{item_path}/attributes", {"name": "Small", "quantity_total": 10})
    large = await api.child(f"{item_path}/attributes", {"name": "Large", "quantity_total": 10})
    sim.store.add_registrant(
        event_id,
        {"email": "ann@example.com", "payment_summary": {"order": {"items": [
            {"id": item["id"], **REGISTRANT_ITEM_LINE}]}}},
    )  # fmt: skip
    refused = await api.put(
        f"{item_path}/attributes/{small['id']}", {"name": "S", "quantity_total": 10}
    )
    assert refused.status == 400 and refused.keys == ["json.field.invalid"]
    assert refused.messages[0].startswith("#/name: ")
    same_name = await api.put(
        f"{item_path}/attributes/{small['id']}", {"name": "Small", "quantity_total": 12}
    )
    assert same_name.status == 200
    assert same_name.body["quantity_available"] == 10  # 12 less the 2 sold
    unsold = await api.put(
        f"{item_path}/attributes/{large['id']}", {"name": "XL", "quantity_total": 10}
    )
    assert unsold.status == 200
    got = (await api.get(item_path)).body
    assert got["default_quantity_total"] == 22 and got["default_quantity_available"] == 20
