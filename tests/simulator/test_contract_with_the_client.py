"""The simulator and bulkspot's client read the same rules (docs/api-rules.md) but share no
code; these tests check that they agree.

- every broken body of test_validation is refused by both, naming the same fields;
- what the simulator answers, turned by the client into a PUT body (GET, change, PUT), is
  valid for the client and comes back unchanged.
"""

from __future__ import annotations

from typing import Any

import pytest

from bulkspot.core.resources import spec_for
from bulkspot.core.validate import validate_body
from tests.simulator.api import Api
from tests.simulator.broken_bodies import BASES, CASES, changed_body
from tests.simulator.payloads import FEE, ITEM

# Where the two knowingly differ: the client leaves date texts to its sheet coercion and
# checks only their order; the simulator refuses a text that is no ISO-8601 instant.
KNOWN = {("event", "start_date")}


def _top(field: str) -> str:
    return field.replace(".", "/").split("/", 1)[0]


@pytest.mark.parametrize(
    ("kind", "changes", "problems"),
    CASES,
    ids=[f"{k}-{'-'.join(str(c) for c in ch)}"[:60] for k, ch, _ in CASES],
)
def test_both_refuse_the_same_fields(
    kind: str, changes: dict[str, Any], problems: list[tuple[str, str]]
) -> None:
    client = {_top(p.field) for p in validate_body(spec_for(kind), changed_body(kind, changes))}
    simulator = {_top(field) for _, field in problems}
    differ = {(kind, field) for field in client ^ simulator}
    assert differ <= KNOWN, f"client {sorted(client)} vs simulator {sorted(simulator)}"


@pytest.mark.parametrize("kind", sorted(BASES))
def test_both_accept_the_valid_bodies(kind: str) -> None:
    assert validate_body(spec_for(kind), BASES[kind]) == []


async def test_answers_round_trip_through_the_clients_put_body(api: Api) -> None:
    event = await api.event(description="Gala", contact={"name": "Ann"})
    base = f"eventspot/events/{event['id']}"
    fee = await api.child(f"{base}/fees", {**FEE, "has_restricted_access": True, "early_fee": 5})
    item = await api.child(f"{base}/items", {**ITEM, "description": "Cotton"})
    item_path = f"{base}/items/{item['id']}"
    attribute = await api.child(f"{item_path}/attributes", {"name": "S", "quantity_total": 3})
    code = await api.child(
        f"{base}/promocodes", {"code_name": "VIPS", "code_type": "ACCESS", "fee_ids": [fee["id"]]}
    )
    discount = await api.child(
        f"{base}/promocodes",
        {"code_name": "HALF", "code_type": "DISCOUNT", "discount_scope": "FEE_LIST",
         "discount_percent": 50, "fee_ids": [fee["id"]]},
    )  # fmt: skip
    resources = [
        ("event", base),
        ("fee", f"{base}/fees/{fee['id']}"),
        ("item", item_path),
        ("attribute", f"{item_path}/attributes/{attribute['id']}"),
        ("promocode", f"{base}/promocodes/{code['id']}"),
        ("promocode", f"{base}/promocodes/{discount['id']}"),
    ]
    for kind, path in resources:
        answered = (await api.get(path)).body
        body = spec_for(kind).writable_body(answered)
        assert validate_body(spec_for(kind), body) == [], kind
        put = await api.put(path, body)
        assert put.status == 200, (kind, put.body)
        assert put.body == answered, kind
