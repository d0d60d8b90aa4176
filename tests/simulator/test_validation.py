"""Every validation rule of docs/api-rules.md: a 400 with one entry per problem, each naming
its field as `#/field: ...` with the decided error key."""

from __future__ import annotations

from typing import Any

import pytest

from tests.simulator.api import Api
from tests.simulator.broken_bodies import BASES, CASES, PROMOCODE, changed_body
from tests.simulator.payloads import FEE, ITEM


async def _path_of(api: Api, kind: str) -> str:
    if kind == "event":
        return "eventspot/events"
    event = await api.event()
    base = f"eventspot/events/{event['id']}"
    if kind == "attribute":
        item = await api.child(f"{base}/items", ITEM)
        return f"{base}/items/{item['id']}/attributes"
    return f"{base}/{kind}s"


@pytest.mark.parametrize(
    ("kind", "changes", "problems"),
    CASES,
    ids=[f"{k}-{'-'.join(str(c) for c in ch)}"[:60] for k, ch, _ in CASES],
)
async def test_a_broken_rule_is_400_naming_each_field(
    api: Api, kind: str, changes: dict[str, Any], problems: list[tuple[str, str]]
) -> None:
    path = await _path_of(api, kind)
    body = changed_body(kind, changes)
    for reply in (await api.post(path, body),):
        assert reply.status == 400, reply.body
        got = [(e["error_key"], e["error_message"].split(": ", 1)[0]) for e in reply.body]
        assert got == [(key, f"#/{field}") for key, field in problems]
    # the same body as a PUT of a valid resource of the kind: the same answer, nothing changed
    created = await api.post(path, BASES[kind])
    assert created.status == 201
    target = f"{path}/{created.body['id']}"
    reply = await api.put(target, body)
    assert reply.status == 400
    assert len(reply.body) == len(problems)
    assert (await api.get(target)).body == created.body


@pytest.mark.parametrize("kind", ["event", "fee", "item", "attribute", "promocode"])
async def test_the_base_bodies_are_valid(api: Api, kind: str) -> None:
    reply = await api.post(await _path_of(api, kind), BASES[kind])
    assert reply.status == 201, reply.body


async def test_a_promocode_discount_type_is_inferred_and_an_amount_is_a_number(api: Api) -> None:
    event = await api.event()
    path = f"eventspot/events/{event['id']}/promocodes"
    percent = await api.child(path, PROMOCODE)
    assert percent["discount_type"] == "PERCENT" and percent["discount_percent"] == 10
    amount = await api.child(
        path, {**PROMOCODE, "code_name": "TAKE_5", "discount_percent": None, "discount_amount": 5}
    )
    assert amount["discount_type"] == "AMOUNT" and amount["discount_amount"] == 5.0
    assert amount["quantity_total"] == -1 and amount["quantity_available"] == -1
    assert amount["status"] == "LIVE" and amount["quantity_used"] == 0


async def test_an_access_code_takes_no_discount_fields(api: Api) -> None:
    event = await api.event()
    base = f"eventspot/events/{event['id']}"
    fee = await api.child(f"{base}/fees", {**FEE, "has_restricted_access": True})
    body = {"code_name": "VIPONLY", "code_type": "ACCESS", "fee_ids": [fee["id"]]}
    reply = await api.post(f"{base}/promocodes", {**body, "discount_percent": 10})
    assert reply.status == 400
    assert reply.messages == ["#/discount_percent: is not allowed on an ACCESS code"]
    reply = await api.post(f"{base}/promocodes", {**body, "fee_ids": [fee["id"], fee["id"]]})
    assert reply.status == 400 and reply.keys == ["json.field.invalid"]
    assert reply.messages[0].startswith("#/fee_ids: ")
    reply = await api.post(f"{base}/promocodes", {**body, "fee_ids": []})
    assert reply.status == 400 and reply.messages[0].startswith("#/fee_ids: ")
