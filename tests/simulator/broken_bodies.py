"""One broken rule of docs/api-rules.md per case, on a valid body of each kind: read by the
simulator's validation tests and by the contract tests of the client against the simulator."""

from __future__ import annotations

from typing import Any

from tests.simulator.payloads import EVENT, FEE, ITEM

LONG = "x" * 101

# (kind, body changes, [(error key, field path)]); a None value removes the field
CASES: list[tuple[str, dict[str, Any], list[tuple[str, str]]]] = [
    # events
    ("event", {"name": None}, [("json.field.required", "name")]),
    ("event", {"name": ""}, [("json.field.length", "name")]),
    ("event", {"title": LONG}, [("json.field.length", "title")]),
    ("event", {"name": 7}, [("json.field.invalid", "name")]),
    ("event", {"type": "PICNIC"}, [("json.field.enum", "type")]),
    ("event", {"start_date": "next tuesday"}, [("json.field.invalid", "start_date")]),
    ("event", {"end_date": "2027-07-17T17:00:00Z"}, [("json.field.invalid", "end_date")]),
    ("event", {"time_zone_id": "z" * 51}, [("json.field.length", "time_zone_id")]),
    ("event", {"description": "d" * 5001}, [("json.field.length", "description")]),
    ("event", {"location": "l" * 201}, [("json.field.length", "location")]),
    ("event", {"currency_type": "BTC"}, [("json.field.enum", "currency_type")]),
    ("event", {"is_virtual_event": "yes"}, [("json.field.invalid", "is_virtual_event")]),
    ("event", {"is_virtual_event": True}, [("json.field.required", "online_meeting")]),
    (
        "event",
        {"payment_options": ["CHECK"]},
        [("json.field.required", "payable_to"), ("json.field.required", "payment_address")],
    ),
    ("event", {"payment_options": ["PAYPAL"]}, [("json.field.required", "paypal_account_email")]),
    ("event", {"payment_options": ["DOOR", "BITCOIN"]}, [("json.field.enum", "payment_options/1")]),
    ("event", {"address": {"state_code": "MAS"}}, [("json.field.length", "address/state_code")]),
    ("event", {"address": {"latitude": 91}}, [("json.field.range", "address/latitude")]),
    ("event", {"contact": "Ann"}, [("json.field.invalid", "contact")]),
    (
        "event",
        {"track_information": {"guest_limit": -1}},
        [("json.field.range", "track_information/guest_limit")],
    ),
    (
        "event",
        {"name": None, "type": "PICNIC", "start_date": 5},
        [
            ("json.field.required", "name"),
            ("json.field.enum", "type"),
            ("json.field.invalid", "start_date"),
        ],
    ),
    # fees
    ("fee", {"label": None}, [("json.field.required", "label")]),
    ("fee", {"label": LONG}, [("json.field.length", "label")]),
    ("fee", {"fee": None}, [("json.field.required", "fee")]),
    ("fee", {"fee": -1}, [("json.field.range", "fee")]),
    ("fee", {"fee": "25"}, [("json.field.invalid", "fee")]),
    ("fee", {"fee": True}, [("json.field.invalid", "fee")]),
    ("fee", {"early_fee": -0.5}, [("json.field.range", "early_fee")]),
    ("fee", {"late_fee": -2}, [("json.field.range", "late_fee")]),
    ("fee", {"fee_scope": "EVERYONE"}, [("json.field.enum", "fee_scope")]),
    ("fee", {"has_restricted_access": 1}, [("json.field.invalid", "has_restricted_access")]),
    # items
    ("item", {"name": None}, [("json.field.required", "name")]),
    ("item", {"name": LONG}, [("json.field.length", "name")]),
    ("item", {"price": None}, [("json.field.required", "price")]),
    ("item", {"price": -0.01}, [("json.field.range", "price")]),
    ("item", {"default_quantity_total": None}, [("json.field.required", "default_quantity_total")]),
    ("item", {"default_quantity_total": 2.5}, [("json.field.invalid", "default_quantity_total")]),
    ("item", {"default_quantity_total": -1}, [("json.field.range", "default_quantity_total")]),
    ("item", {"per_registrant_limit": None}, [("json.field.required", "per_registrant_limit")]),
    ("item", {"per_registrant_limit": 101}, [("json.field.range", "per_registrant_limit")]),
    (
        "item",
        {"show_quantity_available": None},
        [("json.field.required", "show_quantity_available")],
    ),
    (
        "item",
        {"show_quantity_available": "no"},
        [("json.field.invalid", "show_quantity_available")],
    ),
    ("item", {"description": "d" * 2049}, [("json.field.length", "description")]),
    (
        "item",
        {"name": "", "price": "free", "per_registrant_limit": -3},
        [
            ("json.field.length", "name"),
            ("json.field.invalid", "price"),
            ("json.field.range", "per_registrant_limit"),
        ],
    ),
    # attributes
    ("attribute", {"name": None}, [("json.field.required", "name")]),
    ("attribute", {"name": LONG}, [("json.field.length", "name")]),
    ("attribute", {"quantity_total": None}, [("json.field.required", "quantity_total")]),
    ("attribute", {"quantity_total": -1}, [("json.field.range", "quantity_total")]),
    ("attribute", {"quantity_total": "5"}, [("json.field.invalid", "quantity_total")]),
    # promocodes
    ("promocode", {"code_name": None}, [("json.field.required", "code_name")]),
    ("promocode", {"code_name": "ABC"}, [("json.field.length", "code_name")]),
    ("promocode", {"code_name": "ABCDEFGHIJKLM"}, [("json.field.length", "code_name")]),
    ("promocode", {"code_name": "SAVE-10"}, [("json.field.invalid", "code_name")]),
    ("promocode", {"code_name": "SAVE 10"}, [("json.field.invalid", "code_name")]),
    ("promocode", {"code_type": None}, [("json.field.required", "code_type")]),
    ("promocode", {"code_type": "FREE"}, [("json.field.enum", "code_type")]),
    ("promocode", {"discount_scope": None}, [("json.field.required", "discount_scope")]),
    ("promocode", {"discount_scope": "ALL"}, [("json.field.enum", "discount_scope")]),
    ("promocode", {"discount_percent": None}, [("json.field.required", "discount_percent")]),
    ("promocode", {"discount_percent": 0}, [("json.field.range", "discount_percent")]),
    ("promocode", {"discount_percent": 101}, [("json.field.range", "discount_percent")]),
    ("promocode", {"discount_percent": 12.5}, [("json.field.invalid", "discount_percent")]),
    (
        "promocode",
        {"discount_percent": None, "discount_amount": 0.001},
        [("json.field.range", "discount_amount")],
    ),
    ("promocode", {"discount_amount": 5}, [("json.field.invalid", "discount_amount")]),
    ("promocode", {"discount_type": "AMOUNT"}, [("json.field.invalid", "discount_type")]),
    ("promocode", {"discount_type": "FIXED"}, [("json.field.enum", "discount_type")]),
    (
        "promocode",
        {"discount_scope": "FEE_LIST", "fee_ids": []},
        [("json.field.required", "fee_ids")],
    ),
    ("promocode", {"fee_ids": "abc"}, [("json.field.invalid", "fee_ids")]),
    ("promocode", {"quantity_total": -2}, [("json.field.range", "quantity_total")]),
    ("promocode", {"is_paused": "no"}, [("json.field.invalid", "is_paused")]),
]
PROMOCODE = {
    "code_name": "SAVE_10",
    "code_type": "DISCOUNT",
    "discount_scope": "ORDER_TOTAL",
    "discount_percent": 10,
}
BASES: dict[str, dict[str, Any]] = {
    "event": EVENT,
    "fee": FEE,
    "item": ITEM,
    "promocode": PROMOCODE,
    "attribute": {"name": "Small", "quantity_total": 10},
}


def changed_body(kind: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The valid body of `kind` with `changes` applied (a None value removes the field)."""
    body = {**BASES[kind], **changes}
    return {k: v for k, v in body.items() if v is not None}
