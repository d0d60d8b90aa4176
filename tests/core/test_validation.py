"""Each resource's rules of docs/api-rules.md: every problem at once, each naming its field."""

from __future__ import annotations

from typing import Any

import pytest

from bulkspot.core.resources import (
    ATTRIBUTE,
    EVENT,
    FEE,
    ITEM,
    PROMOCODE,
    RESOURCES,
    WRITABLE_KINDS,
    Problem,
    ResourceSpec,
    spec_for,
)
from bulkspot.core.validate import validate_body

EVENT_OK = {
    "name": "Spring Gala",
    "title": "Spring Gala 2026",
    "type": "FUNDRAISERS_CHARITIES",
    "start_date": "2026-05-01T18:00:00.000Z",
    "end_date": "2026-05-01T22:00:00.000Z",
    "time_zone_id": "US/Eastern",
}
FEE_OK = {"label": "Member", "fee": 25.0}
ITEM_OK = {
    "name": "T-Shirt",
    "price": 10.0,
    "default_quantity_total": 100,
    "per_registrant_limit": 2,
    "show_quantity_available": True,
}
ATTRIBUTE_OK = {"name": "Small", "quantity_total": 30}
PERCENT_OK = {
    "code_name": "SPRING20",
    "code_type": "DISCOUNT",
    "discount_scope": "ORDER_TOTAL",
    "discount_percent": 20,
}
ACCESS_OK = {"code_name": "VIP_ONLY", "code_type": "ACCESS", "fee_ids": ["F1"]}


def problems(spec: ResourceSpec, body: dict[str, Any], **changes: Any) -> dict[str, str]:
    """The problems of `body` changed by `changes` (None removes a field), field -> message."""
    changed = {**body, **changes}
    found = validate_body(spec, {k: v for k, v in changed.items() if v is not None})
    fields = [p.field for p in found]
    assert len(fields) == len(set(fields)), f"one problem per field: {found}"
    return {p.field: p.message for p in found}


@pytest.mark.parametrize(
    ("spec", "body"),
    [
        (EVENT, EVENT_OK),
        (FEE, FEE_OK),
        (ITEM, ITEM_OK),
        (ATTRIBUTE, ATTRIBUTE_OK),
        (PROMOCODE, PERCENT_OK),
        (PROMOCODE, ACCESS_OK),
    ],
)
def test_the_valid_bodies_are_valid(spec: ResourceSpec, body: dict[str, Any]) -> None:
    assert validate_body(spec, body) == []
    # read-only and unknown fields are ignored, as the API ignores them
    assert validate_body(spec, {**body, "id": 5, "status": "??", "created_date": 1, "x": []}) == []


@pytest.mark.parametrize(
    ("spec", "required"),
    [
        (EVENT, {"name", "title", "type", "start_date", "end_date", "time_zone_id"}),
        (FEE, {"label", "fee"}),
        (ITEM, {"name", "price", "default_quantity_total", "per_registrant_limit",
                "show_quantity_available"}),
        (ATTRIBUTE, {"name", "quantity_total"}),
        (PROMOCODE, {"code_name", "code_type"}),
    ],
)  # fmt: skip
def test_every_missing_required_field_at_once(spec: ResourceSpec, required: set[str]) -> None:
    assert problems(spec, {}) == dict.fromkeys(required, "is required")
    assert {f.name for f in spec.required} == required


def test_blank_non_text_fields_count_as_missing() -> None:
    assert problems(ITEM, ITEM_OK, price="", show_quantity_available="") == {
        "price": "is required",
        "show_quantity_available": "is required",
    }


# --- event --------------------------------------------------------------------------------------
def test_event_lengths_and_enums_all_at_once() -> None:
    found = problems(
        EVENT,
        EVENT_OK,
        name="",
        title="t" * 101,
        type="GALA",
        time_zone_id="z" * 51,
        description="d" * 5001,
        location="l" * 201,
        currency_type="BTC",
        payment_options=["CASH"],
        is_virtual_event="yes",
        theme_name="t" * 51,
    )
    assert found == {
        "name": "must not be empty",
        "title": "is 101 characters long, over the 100 allowed (starts 'tttttttttttttttttttt…')",
        "type": found["type"],
        "time_zone_id": "is 51 characters long, over the 50 allowed "
        "(starts 'zzzzzzzzzzzzzzzzzzzz…')",
        "description": "is 5,001 characters long, over the 5,000 allowed "
        "(starts 'dddddddddddddddddddd…')",
        "location": "is 201 characters long, over the 200 allowed (starts 'llllllllllllllllllll…')",
        "currency_type": found["currency_type"],
        "payment_options": found["payment_options"],
        "is_virtual_event": "must be true or false",
        "theme_name": "is 51 characters long, over the 50 allowed (starts 'tttttttttttttttttttt…')",
    }
    assert "'GALA'" in found["type"] and "AUCTION" in found["type"]
    assert "'CASH'" in found["payment_options"]


def test_event_at_the_limits_is_valid() -> None:
    assert problems(EVENT, EVENT_OK, name="n" * 100, title="t", description="d" * 5000) == {}


@pytest.mark.parametrize(
    ("start", "end", "bad"),
    [
        ("2026-05-01T18:00:00.000Z", "2026-05-01T17:59:59.999Z", True),
        ("2026-05-01T18:00:00.000Z", "2026-05-01T18:00:00.000Z", False),  # not before: fine
        ("2026-05-02T00:00:00.000Z", "2026-05-01T23:00:00.000Z", True),
        # the same instant or a later one, written differently: not before
        ("2026-05-01T18:00:00Z", "2026-05-01T18:00:00.000Z", False),
        ("2026-05-01T20:00:00+02:00", "2026-05-01T19:00:00Z", False),
        ("2026-05-01T18:00:00", "2026-05-01T18:30:00+00:00", False),
        # an earlier instant that sorts later as text
        ("2026-05-01T18:00:00Z", "2026-05-01T19:00:00+02:00", True),
    ],
)
def test_event_end_not_before_start(start: str, end: str, bad: bool) -> None:
    found = problems(EVENT, EVENT_OK, start_date=start, end_date=end)
    assert found == ({"end_date": "must not be before start_date"} if bad else {})


def test_event_dates_must_be_text() -> None:
    found = problems(EVENT, EVENT_OK, start_date=20260501, end_date=None)
    assert found == {"start_date": "must be text", "end_date": "is required"}


def test_virtual_event_needs_an_online_meeting() -> None:
    assert problems(EVENT, EVENT_OK, is_virtual_event=True) == {
        "online_meeting": "is required when is_virtual_event is true"
    }
    meeting = {"url": "https://meet.example.com/1", "instructions": "Join at 6"}
    assert problems(EVENT, EVENT_OK, is_virtual_event=True, online_meeting=meeting) == {}
    assert problems(EVENT, EVENT_OK, is_virtual_event=False) == {}


def test_check_and_paypal_need_their_details_all_at_once() -> None:
    found = problems(EVENT, EVENT_OK, payment_options=["CHECK", "PAYPAL", "DOOR"])
    assert found == {
        "payable_to": "is required when payment_options has CHECK",
        "payment_address": "is required when payment_options has CHECK",
        "paypal_account_email": "is required when payment_options has PAYPAL",
    }
    complete = problems(
        EVENT,
        EVENT_OK,
        payment_options=["CHECK", "PAYPAL"],
        payable_to="Gala Inc.",
        payment_address={"line1": "1 Main St", "city": "Boston"},
        paypal_account_email="pay@example.com",
    )
    assert complete == {}
    assert problems(EVENT, EVENT_OK, payment_options=["DOOR", "ONLINE_CREDIT_CARD_PROCESSOR"]) == {}


def test_nested_fields_name_their_path_all_at_once() -> None:
    found = problems(
        EVENT,
        EVENT_OK,
        address={
            "line1": "x" * 101,
            "city": "Boston",
            "state_code": "MAS",
            "latitude": 91,
            "longitude": "west",
        },
        payment_address={"country_code": "USA"},
        contact={"email_address": "e" * 81, "name": "Ann"},
        track_information={"information_sections": ["TIME", "WEATHER"], "guest_limit": -1},
        online_meeting="https://meet.example.com",
    )
    assert found == {
        "address.line1": "is 101 characters long, over the 100 allowed "
        "(starts 'xxxxxxxxxxxxxxxxxxxx…')",
        "address.state_code": "is 3 characters long, over the 2 allowed (starts 'MAS')",
        "address.latitude": "must be between -90 and 90 (got 91)",
        "address.longitude": "must be a number",
        "payment_address.country_code": "is 3 characters long, over the 2 allowed (starts 'USA')",
        "contact.email_address": "is 81 characters long, over the 80 allowed "
        "(starts 'eeeeeeeeeeeeeeeeeeee…')",
        "track_information.information_sections": found["track_information.information_sections"],
        "track_information.guest_limit": "must be at least 0 (got -1)",
        "online_meeting": "must be an object",
    }
    assert "'WEATHER'" in found["track_information.information_sections"]


def test_empty_address_texts_are_fine() -> None:
    """The real payloads (events.json) send every address field as ""."""
    blank = dict.fromkeys(("line1", "city", "state", "state_code", "country_code"), "")
    assert problems(EVENT, EVENT_OK, address=blank) == {}


# --- fee ----------------------------------------------------------------------------------------
def test_fee_rules_all_at_once() -> None:
    found = problems(
        FEE,
        FEE_OK,
        label="l" * 101,
        fee=-1,
        early_fee=-0.01,
        late_fee="10",
        fee_scope="ALL",
        has_restricted_access="yes",
    )
    assert found == {
        "label": "is 101 characters long, over the 100 allowed (starts 'llllllllllllllllllll…')",
        "fee": "must be at least 0 (got -1)",
        "early_fee": "must be at least 0 (got -0.01)",
        "late_fee": "must be a number",
        "fee_scope": found["fee_scope"],
        "has_restricted_access": "must be true or false",
    }
    assert "REGISTRANTS" in found["fee_scope"]


@pytest.mark.parametrize("scope", ["BOTH", "REGISTRANTS", "GUESTS", "REGISTRANT"])
def test_fee_scopes_including_the_real_registrant(scope: str) -> None:
    assert problems(FEE, FEE_OK, fee_scope=scope) == {}


def test_a_boolean_is_not_a_number() -> None:
    assert problems(FEE, FEE_OK, fee=True) == {"fee": "must be a number"}
    assert problems(ITEM, ITEM_OK, default_quantity_total=True)["default_quantity_total"] == (
        "must be a whole number"
    )


def test_free_fee_is_valid() -> None:
    assert problems(FEE, FEE_OK, fee=0, early_fee=0.0, late_fee=0) == {}


# --- item and attribute -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "must not be empty"),
        (
            "n" * 101,
            "is 101 characters long, over the 100 allowed (starts 'nnnnnnnnnnnnnnnnnnnn…')",
        ),
    ],
)
def test_item_name_is_1_to_100(name: str, message: str) -> None:
    assert problems(ITEM, ITEM_OK, name=name) == {"name": message}
    assert problems(ITEM, ITEM_OK, name="n") == problems(ITEM, ITEM_OK, name="n" * 100) == {}


def test_item_fields_all_at_once() -> None:
    found = problems(
        ITEM,
        ITEM_OK,
        description="d" * 2049,
        price=-0.5,
        default_quantity_total=2.5,
        per_registrant_limit=-1,
        show_quantity_available="true",
    )
    assert found == {
        "description": "is 2,049 characters long, over the 2,048 allowed "
        "(starts 'dddddddddddddddddddd…')",
        "price": "must be at least 0 (got -0.5)",
        "default_quantity_total": "must be a whole number",
        "per_registrant_limit": "must be at least 0 (got -1)",
        "show_quantity_available": "must be true or false",
    }


@pytest.mark.parametrize(("limit", "total", "bad"), [(3, 2, True), (2, 2, False), (0, 0, False)])
def test_per_registrant_limit_not_above_the_total(limit: int, total: int, bad: bool) -> None:
    found = problems(ITEM, ITEM_OK, per_registrant_limit=limit, default_quantity_total=total)
    assert found == (
        {"per_registrant_limit": "3 must not be above default_quantity_total (2)"} if bad else {}
    )


def test_item_attributes_are_read_only() -> None:
    assert problems(ITEM, ITEM_OK, attributes=[{"name": ""}], default_quantity_available=-9) == {}


def test_attribute_rules() -> None:
    assert problems(ATTRIBUTE, ATTRIBUTE_OK, name="a" * 101, quantity_total=-1) == {
        "name": "is 101 characters long, over the 100 allowed (starts 'aaaaaaaaaaaaaaaaaaaa…')",
        "quantity_total": "must be at least 0 (got -1)",
    }
    assert problems(ATTRIBUTE, ATTRIBUTE_OK, quantity_total=0, quantity_available=-5) == {}


# --- promocode ----------------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["ABCD", "abcd_1234567", "A_1_b_2_C_3", "____", "2026"])
def test_code_names_that_keep_the_rule(code: str) -> None:
    assert problems(PROMOCODE, PERCENT_OK, code_name=code) == {}


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("ABC", "must be at least 4 characters (got 3)"),
        ("ABCDEFGHIJKLM", "is 13 characters long, over the 12 allowed (starts 'ABCDEFGHIJKLM')"),
        ("AB-CD", "must be 4-12 letters, digits or _ (got 'AB-CD')"),
        ("AB CD", "must be 4-12 letters, digits or _ (got 'AB CD')"),
        ("ÉCOLE", "must be 4-12 letters, digits or _ (got 'ÉCOLE')"),
        ("", "must be at least 4 characters (got 0)"),
    ],
)
def test_code_names_that_break_the_rule(code: str, message: str) -> None:
    assert problems(PROMOCODE, PERCENT_OK, code_name=code) == {"code_name": message}


def test_code_type_is_access_or_discount() -> None:
    found = problems(PROMOCODE, PERCENT_OK, code_type="FREE")
    assert list(found) == ["code_type"] and "ACCESS, DISCOUNT" in found["code_type"]


@pytest.mark.parametrize(
    ("fee_ids", "bad"), [(None, True), ([], True), (["F1"], False), (["F1", "F2"], True)]
)
def test_access_needs_exactly_one_fee(fee_ids: list[str] | None, bad: bool) -> None:
    found = problems(PROMOCODE, ACCESS_OK, fee_ids=fee_ids)  # None: no fee_ids at all
    assert found == ({"fee_ids": "an ACCESS code needs exactly one fee"} if bad else {})


def test_access_takes_no_discount_fields_all_at_once() -> None:
    found = problems(
        PROMOCODE,
        ACCESS_OK,
        fee_ids=["F1", "F2"],
        discount_percent=10,
        discount_amount=5.0,
        discount_type="PERCENT",
        discount_scope="FEE_LIST",
    )
    assert found == {
        "fee_ids": "an ACCESS code needs exactly one fee",
        "discount_percent": "is not allowed on an ACCESS code",
        "discount_amount": "is not allowed on an ACCESS code",
        "discount_type": "is not allowed on an ACCESS code",
        "discount_scope": "is not allowed on an ACCESS code",
    }


def test_discount_needs_a_scope_and_an_amount_all_at_once() -> None:
    bare = {"code_name": "SPRING20", "code_type": "DISCOUNT", "discount_type": "PERCENT"}
    assert problems(PROMOCODE, bare) == {
        "discount_scope": "is required for a DISCOUNT code",
        "discount_percent": "a DISCOUNT code needs a percent or an amount",
        "discount_type": "PERCENT needs discount_percent",
    }


def test_discount_percent_or_amount_not_both() -> None:
    found = problems(PROMOCODE, PERCENT_OK, discount_amount=5.0)
    assert found == {"discount_amount": "give a percent or an amount, not both"}
    amount = {**PERCENT_OK, "discount_percent": None, "discount_amount": 5.0}
    assert problems(PROMOCODE, amount) == {}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("discount_percent", 0, "must be between 1 and 100 (got 0)"),
        ("discount_percent", 101, "must be between 1 and 100 (got 101)"),
        ("discount_percent", 12.5, "must be a whole number"),
        ("discount_amount", 0.001, "must be at least 0.01 (got 0.001)"),
        ("discount_amount", 0, "must be at least 0.01 (got 0)"),
    ],
)
def test_discount_bounds(field: str, value: float, message: str) -> None:
    body = {k: v for k, v in PERCENT_OK.items() if k != "discount_percent"}
    assert problems(PROMOCODE, body, **{field: value}) == {field: message}


@pytest.mark.parametrize(
    ("field", "value"),
    [("discount_percent", 1), ("discount_percent", 100), ("discount_amount", 0.01)],
)
def test_discount_bounds_inclusive(field: str, value: float) -> None:
    body = {k: v for k, v in PERCENT_OK.items() if k != "discount_percent"}
    assert problems(PROMOCODE, body, **{field: value}) == {}


@pytest.mark.parametrize(
    ("discount_type", "field", "bad"),
    [
        ("PERCENT", "discount_percent", False),
        ("AMOUNT", "discount_amount", False),
        ("PERCENT", "discount_amount", True),
        ("AMOUNT", "discount_percent", True),
    ],
)
def test_discount_type_must_match(discount_type: str, field: str, bad: bool) -> None:
    body = {k: v for k, v in PERCENT_OK.items() if k != "discount_percent"}
    found = problems(PROMOCODE, body, discount_type=discount_type, **{field: 10})
    other = "discount_percent" if discount_type == "PERCENT" else "discount_amount"
    assert found == ({"discount_type": f"{discount_type} needs {other}"} if bad else {})


def test_fee_list_discount_needs_a_fee() -> None:
    assert problems(PROMOCODE, PERCENT_OK, discount_scope="FEE_LIST") == {
        "fee_ids": "a FEE_LIST discount needs at least one fee"
    }
    assert problems(PROMOCODE, PERCENT_OK, discount_scope="FEE_LIST", fee_ids=["F1", "F2"]) == {}


@pytest.mark.parametrize(("quantity", "bad"), [(-1, False), (0, False), (500, False), (-2, True)])
def test_quantity_minus_one_is_unlimited(quantity: int, bad: bool) -> None:
    found = problems(PROMOCODE, PERCENT_OK, quantity_total=quantity)
    assert found == (
        {"quantity_total": f"must be at least 0, or -1 for unlimited (got {quantity})"}
        if bad
        else {}
    )


def test_promocode_fields_all_at_once() -> None:
    found = problems(
        PROMOCODE,
        PERCENT_OK,
        code_name="no",
        discount_percent=150,
        discount_scope="EVERYTHING",
        fee_ids=["F1", ""],
        quantity_total=-3,
        is_paused="no",
    )
    assert set(found) == {
        "code_name",
        "discount_percent",
        "discount_scope",
        "fee_ids",
        "quantity_total",
        "is_paused",
    }
    assert found["fee_ids"] == "must be a list of text values"


def test_promocode_read_only_fields_are_ignored() -> None:
    read_only = {"status": "DEPLETED", "quantity_used": "many", "quantity_available": -7}
    assert problems(PROMOCODE, PERCENT_OK, **read_only) == {}


# --- the specs themselves -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "kind"),
    [("event", "event"), ("Events", "event"), ("fees", "fee"), ("ITEM", "item"),
     ("attributes", "attribute"), ("promocodes", "promocode"), ("registrants", "registrant")],
)  # fmt: skip
def test_spec_for_takes_singular_and_plural(name: str, kind: str) -> None:
    assert spec_for(name).kind == kind


def test_spec_for_unknown_kind() -> None:
    with pytest.raises(KeyError, match="unknown resource kind"):
        spec_for("contacts")


def test_paths_and_natural_keys() -> None:
    ids = {"event_id": "E1", "item_id": "I1"}
    assert ATTRIBUTE.path_ids == ("event_id", "item_id")
    assert str(ATTRIBUTE.collection_url(ids)) == "eventspot/events/E1/items/I1/attributes"
    assert str(ATTRIBUTE.item_url(ids, "A1")) == "eventspot/events/E1/items/I1/attributes/A1"
    assert EVENT.path_ids == () and str(EVENT.item_url({}, "E1")) == "eventspot/events/E1"
    keys = {kind: RESOURCES[kind].natural_key for kind in WRITABLE_KINDS}
    assert keys == {
        "event": "name",
        "fee": "label",
        "item": "name",
        "attribute": "name",
        "promocode": "code_name",
        "folder": "name",
        "file": None,  # a sheet changes files by id: they are uploaded in MyLibrary
        "list": "name",
        "campaign": "name",
        "schedule": "scheduled_date",  # within its campaign: a lost answer is found by it
    }
    paged = {s.kind for s in RESOURCES.values() if s.paged}
    assert paged == {"event", "registrant", "folder", "file", "campaign"}
    assert not EVENT.can_delete and FEE.can_delete


def test_writable_body_keeps_writable_non_null_fields() -> None:
    fetched: dict[str, Any] = {
        "id": "I1",
        "name": "T",
        "description": None,
        "price": 1,
        "attributes": [],
        "default_quantity_available": 3,
        "unknown": 1,
    }
    assert ITEM.writable_body(fetched) == {"name": "T", "price": 1}


def test_problem_str_names_the_field() -> None:
    assert str(Problem("address.city", "is required")) == "address.city: is required"
    assert str(Problem("", "general")) == "general"


def test_notification_options_are_a_list_of_objects_each_checked() -> None:
    from bulkspot.core.resources import EVENT
    from bulkspot.core.validate import validate_body as validate

    good = [{"notification_type": "SO_REGISTRATION_NOTIFICATION", "is_opted_in": True}]
    base = EVENT.writable_body(
        {"name": "n", "title": "t", "type": "OTHER", "time_zone_id": "US/Eastern",
         "start_date": "2027-07-17T14:00:00.000Z", "end_date": "2027-07-17T20:00:00.000Z",
         "notification_options": good, "id": "read-only"}
    )  # fmt: skip
    assert base["notification_options"] == good and "id" not in base
    assert validate(EVENT, base) == []
    bad = {**base, "notification_options": [{"notification_type": "SMS", "is_opted_in": "y"}]}
    fields = {p.field for p in validate(EVENT, bad)}
    assert fields == {"notification_options[0].notification_type",
                      "notification_options[0].is_opted_in"}  # fmt: skip
    assert [p.message for p in validate(EVENT, {**base, "notification_options": "yes"})] == [
        "must be a list of objects"
    ]
