"""Rows to operations: each kind, item groups, updates, defaults, duplicates, laziness."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from bulkspot.core.keyindex import SeenKeys
from bulkspot.core.mapping import ColumnError, map_columns
from bulkspot.core.operation import Action, ByKey, CellProblem, FromOp, Operation, OpKey, RowError
from bulkspot.core.plan import PlanSettings, plan_rows
from bulkspot.sources import Row

ITEM = ["Item", "Price", "Qty", "Limit", "Show Qty"]
SIZES = [*ITEM, "Size", "Size Qty"]
CODES = ["code_name", "code_type", "discount", "discount_scope", "fees", "quantity_total"]


def plan(
    kind: str,
    headers: list[str],
    *rows: Sequence[Any],
    event: str | None = "E1",
    first: int = 2,
    partial: bool = False,
) -> list[Operation | RowError]:
    mapping = map_columns(kind, headers)
    sheet = (Row("s", n, dict(zip(headers, r, strict=False))) for n, r in enumerate(rows, first))
    settings = PlanSettings(event_id=event, partial=partial)
    return list(plan_rows(kind, sheet, mapping, settings))


def problems(planned: Operation | RowError) -> list[tuple[str, str]]:
    assert isinstance(planned, RowError), planned
    return [(p.column, p.message) for p in planned.problems]


EVENT = {"event_id": "E1"}


def test_items_one_row_each() -> None:
    (mug,) = plan("items", ITEM, ["Mug", "5.50", "100", "4", "no"])
    assert mug == Operation(
        OpKey(2),
        "item",
        Action.CREATE,
        {"name": "Mug", "price": 5.5, "default_quantity_total": 100, "per_registrant_limit": 4,
         "show_quantity_available": False},
        EVENT,
    )  # fmt: skip


def test_item_with_attributes_gets_their_sum() -> None:
    planned = plan(
        "items", SIZES,
        ["T-Shirt", "20", "", "2", "yes", "Small", "10"],
        ["T-Shirt", "20.00", "", "", "", "Medium", "15"],  # equal or blank item cells
        ["", "", "", "", "", "Large", "5"],  # blank name: the same item
        ["Mug", "5", "30", "2", "yes", "", ""],  # an item without attributes
        ["Cap", "7", "", "1", "no", "One size", "3"],
    )  # fmt: skip
    shirt, small, medium, large, shirt_total, mug, cap, one, cap_total = planned
    assert shirt.key == OpKey(2, "item") and not shirt.ends_row  # type: ignore[union-attr]
    assert shirt.fields["default_quantity_total"] == 30  # type: ignore[union-attr]
    parent = FromOp(OpKey(2, "item"))
    assert small == Operation(OpKey(2, "attribute"), "attribute", Action.CREATE,
                              {"name": "Small", "quantity_total": 10},
                              {"event_id": "E1", "item_id": parent})  # fmt: skip
    assert [op.key for op in (medium, large)] == [OpKey(3, "attribute"), OpKey(4, "attribute")]  # type: ignore[union-attr]
    assert all(op.path_ids["item_id"] == parent for op in (medium, large))  # type: ignore[union-attr]
    assert mug.key == OpKey(5, "item") and mug.ends_row  # type: ignore[union-attr]
    assert mug.fields["default_quantity_total"] == 30  # type: ignore[union-attr]
    assert (cap.fields["default_quantity_total"], one.fields["name"]) == (3, "One size")  # type: ignore[union-attr]
    assert one.depends_on == (OpKey(6, "item"),)  # type: ignore[union-attr]
    # after its attributes, the item's total: the sum of all its attributes on the server
    assert shirt_total == Operation(
        OpKey(2, "total"), "item", Action.UPDATE, {}, EVENT, parent, {}, False,
        (OpKey(2, "attribute"), OpKey(3, "attribute"), OpKey(4, "attribute")),
    )  # fmt: skip
    assert shirt_total.depends_on == (OpKey(2, "attribute"), OpKey(2, "item"),  # type: ignore[union-attr]
                                      OpKey(3, "attribute"), OpKey(4, "attribute"))  # fmt: skip
    assert cap_total.after == (OpKey(6, "attribute"),)  # type: ignore[union-attr]


def test_a_given_item_quantity_is_kept() -> None:
    shirt, _, _ = plan("items", SIZES, ["T-Shirt", "20", "100", "2", "yes", "Small", "10"])
    assert shirt.fields["default_quantity_total"] == 100  # type: ignore[union-attr]


GROUP_ERRORS = (
    ["T-Shirt", "20", "", "2", "yes", "Small", "10"],
    ["T-Shirt", "25", "", "", "", "Medium", "10"],
    ["T-Shirt", "", "", "3", "", "Large", "x"],
    ["", "", "", "", "", "Small", "1"],
    ["Mug", "5", "30", "2", "yes", "", ""],
    ["T-Shirt", "20", "", "2", "yes", "XL", "1"],
    ["Mug", "5", "30", "2", "yes", "", ""],
)


def test_an_invalid_size_row_holds_its_whole_item_back() -> None:
    """Issue 12: an item whose one size row was invalid was made without that size."""
    held, *errors, mug, shirt_again, mug_again = plan("items", SIZES, *GROUP_ERRORS)
    assert problems(held) == [("Item", "not sent: row 3, 4, 5 of this item are invalid, and an "
                               "item is sent whole or not at all (fix it, or give --partial "
                               "to send the valid rows)")]  # fmt: skip
    assert [e.row for e in errors] == [3, 4, 5]  # type: ignore[union-attr]
    assert isinstance(mug, Operation) and mug.key == OpKey(6, "item")
    assert problems(shirt_again) == [("Item", "item 'T-Shirt' is already defined on row 2")]
    assert problems(mug_again) == [("Item", "item 'Mug' is already defined on row 6")]
    small, medium = plan("items", SIZES, GROUP_ERRORS[0], ["", "", "", "", "", "Medium", "-1"])
    assert problems(small) == [("Item", "not sent: row 3 of this item is invalid, and an item "
                                "is sent whole or not at all (fix it, or give --partial to "
                                "send the valid rows)")]  # fmt: skip
    assert problems(medium) == [("Size Qty", "must be at least 0 (got -1)")]


def test_item_group_errors_with_partial() -> None:
    planned = plan(
        "items", SIZES,
        ["T-Shirt", "20", "", "2", "yes", "Small", "10"],
        ["T-Shirt", "25", "", "", "", "Medium", "10"],
        ["T-Shirt", "", "", "3", "", "Large", "x"],
        ["", "", "", "", "", "Small", "1"],
        ["Mug", "5", "30", "2", "yes", "", ""],
        ["T-Shirt", "20", "", "2", "yes", "XL", "1"],
        ["Mug", "5", "30", "2", "yes", "", ""],
        partial=True,
    )  # fmt: skip
    shirt, small, *errors = planned
    errors = [e for e in errors if getattr(e, "key", None) != OpKey(2, "total")]
    assert (shirt.key, small.key) == (OpKey(2, "item"), OpKey(2, "attribute"))  # type: ignore[union-attr]
    assert shirt.fields["default_quantity_total"] == 10  # type: ignore[union-attr]
    assert problems(errors[0]) == [
        ("Price", "differs from the item's first row 2 (it is 20 there)")
    ]
    assert problems(errors[1]) == [
        ("Size Qty", "'x' is not a number"),
        ("Limit", "differs from the item's first row 2 (it is 2 there)"),
    ]
    assert problems(errors[2]) == [
        ("Size", "attribute 'Small' is already used on row 2 for this item")
    ]
    assert isinstance(errors[3], Operation) and errors[3].key == OpKey(6, "item")
    assert problems(errors[4]) == [("Item", "item 'T-Shirt' is already defined on row 2")]
    assert problems(errors[5]) == [("Item", "item 'Mug' is already defined on row 6")]


def test_an_invalid_first_row_makes_its_item_rows_invalid() -> None:
    head, member = plan(
        "items", SIZES,
        ["T-Shirt", "abc", "", "2", "yes", "Small", "10"],
        ["", "", "", "", "", "Medium", "5"],
    )  # fmt: skip
    assert problems(head) == [("Price", "'abc' is not a number")]
    assert problems(member) == [("Item", "the item's row 2 is invalid")]


def test_a_bad_attribute_quantity_does_not_add_a_limit_error() -> None:
    head, _, member, _ = plan(
        "items", SIZES,
        ["T-Shirt", "20", "", "2", "yes", "Small", "1"],
        ["", "", "", "", "", "Medium", "-4"],
        partial=True,
    )  # fmt: skip
    assert isinstance(head, Operation) and head.fields["default_quantity_total"] == 1
    assert problems(member) == [("Size Qty", "must be at least 0 (got -4)")]


def test_attributes_by_item_name_and_id() -> None:
    by_name, by_id, dup, same_name_other_item = plan(
        "attributes", ["item", "item_id", "name", "quantity_total"],
        ["T-Shirt", "", "Small", "10"],
        ["", "I42", "Small", "5"],
        ["T-Shirt", "", "Small", "3"],
        ["Cap", "", "Small", "3"],
    )  # fmt: skip
    assert by_name == Operation(
        OpKey(2), "attribute", Action.CREATE, {"name": "Small", "quantity_total": 10},
        {"event_id": "E1", "item_id": ByKey("item", "T-Shirt", EVENT)},
    )  # fmt: skip
    assert by_id.path_ids == {"event_id": "E1", "item_id": "I42"}  # type: ignore[union-attr]
    assert problems(dup) == [("name", "name 'Small' is already used on row 2")]
    assert isinstance(same_name_other_item, Operation)


def test_promocodes() -> None:
    planned = plan(
        "promocodes", CODES,
        ["SUMMER10", "", "20%", "", "VIP; Early Bird", ""],
        ["FLAT5", "", "5.00", "", "", "unlimited"],
        ["VIPONLY", "access", "", "", "VIP", "1"],
        ["SCOPED", "DISCOUNT", "10%", "order total", "", "100"],
    )  # fmt: skip
    summer, flat, access, scoped = planned
    assert summer.fields == {  # type: ignore[union-attr]
        "code_name": "SUMMER10", "discount_percent": 20, "discount_type": "PERCENT",
        "code_type": "DISCOUNT", "discount_scope": "FEE_LIST", "quantity_total": -1,
    }  # fmt: skip
    assert summer.refs == {  # type: ignore[union-attr]
        "fee_ids": (ByKey("fee", "VIP", EVENT), ByKey("fee", "Early Bird", EVENT))
    }
    assert summer.depends_on == ()  # type: ignore[union-attr]
    assert flat.fields["discount_amount"] == 5.0 and flat.fields["discount_type"] == "AMOUNT"  # type: ignore[union-attr]
    assert flat.fields["discount_scope"] == "ORDER_TOTAL" and flat.fields["quantity_total"] == -1  # type: ignore[union-attr]
    assert access.fields == {"code_name": "VIPONLY", "code_type": "ACCESS", "quantity_total": 1}  # type: ignore[union-attr]
    assert access.refs == {"fee_ids": (ByKey("fee", "VIP", EVENT),)}  # type: ignore[union-attr]
    assert scoped.fields["discount_scope"] == "ORDER_TOTAL"  # type: ignore[union-attr]


def test_promocode_fees_by_id_and_explicit_discount_columns() -> None:
    (code,) = plan(
        "promocodes", ["code_name", "fee_ids", "discount_amount", "discount_scope"],
        ["BYID", "F1;F2", "2.5", "FEE_LIST"],
    )  # fmt: skip
    assert code.fields == {  # type: ignore[union-attr]
        "code_name": "BYID", "fee_ids": ["F1", "F2"], "discount_amount": 2.5,
        "discount_scope": "FEE_LIST", "discount_type": "AMOUNT", "code_type": "DISCOUNT",
        "quantity_total": -1,
    }  # fmt: skip
    assert code.refs == {}  # type: ignore[union-attr]


def test_promocode_duplicates_are_per_event() -> None:
    first, other_event, again = plan(
        "promocodes", ["event_id", "code_name", "discount"],
        ["E1", "SAME", "10%"], ["E2", "SAME", "10%"], ["E1", "SAME", "10%"],
    )  # fmt: skip
    assert isinstance(first, Operation) and isinstance(other_event, Operation)
    assert other_event.path_ids == {"event_id": "E2"}
    assert problems(again) == [("code_name", "code_name 'SAME' is already used on row 2")]


def test_all_problems_of_a_row_at_once() -> None:
    (bad,) = plan(
        "fees", ["label", "fee", "early_fee", "fee_scope"], ["X" * 101, "-1", "abc", "ALL"]
    )
    assert [c for c, _ in problems(bad)] == ["early_fee", "fee_scope", "label", "fee"]


def test_updates_send_only_the_given_cells() -> None:
    planned = plan(
        "fees", ["id", "label", "fee", "fee_scope"],
        ["F1", "", "12", ""],
        ["F2", "VIP", "", "nobody"],
        ["", "General", "5", ""],  # no id: a create
    )  # fmt: skip
    update, bad, create = planned
    assert update == Operation(OpKey(2), "fee", Action.UPDATE, {"fee": 12}, EVENT, target="F1")
    assert problems(bad) == [("fee_scope", "'nobody' is not one of BOTH, REGISTRANTS, GUESTS, "
                                           "REGISTRANT")]  # fmt: skip
    assert isinstance(create, Operation) and create.action is Action.CREATE


def test_updates_of_every_kind() -> None:
    (event,) = plan("events", ["id", "title", "address.city"], ["V1", "New title", "Boston"])
    assert event.fields == {"title": "New title", "address": {"city": "Boston"}}  # type: ignore[union-attr]
    assert (event.action, event.target, event.path_ids) == (Action.UPDATE, "V1", {})  # type: ignore[union-attr]
    (code,) = plan("promocodes", ["id", "discount", "fees"], ["P1", "15%", "VIP"])
    assert code.fields == {"discount_percent": 15, "discount_type": "PERCENT"}  # type: ignore[union-attr]
    assert code.refs == {"fee_ids": (ByKey("fee", "VIP", EVENT),)}  # type: ignore[union-attr]
    (attribute,) = plan("attributes", ["id", "item_id", "quantity_total"], ["A1", "I1", "7"])
    assert attribute.path_ids == {"event_id": "E1", "item_id": "I1"}  # type: ignore[union-attr]
    item, size, total = plan("items", ["id", "price", "size", "size qty"], ["I1", "9", "XL", "2"])
    assert (total.target, total.after) == ("I1", (OpKey(2, "attribute"),))  # type: ignore[union-attr]
    assert (item.key, item.action, item.fields) == (OpKey(2, "item"), Action.UPDATE, {"price": 9})  # type: ignore[union-attr]
    assert size.path_ids == {"event_id": "E1", "item_id": "I1"}  # type: ignore[union-attr]


def test_events_with_dotted_columns() -> None:
    headers = ["Event Name", "title", "type", "start", "end", "time zone", "City",
               "address.postal_code", "Contact Email", "payment_options", "Payable To",
               "payment_address.line1"]  # fmt: skip
    (gala,) = plan("events", headers, [
        "Gala", "Gala night", "music concerts", "2026-05-01 18:00", "2026-05-02T05:00:00+02:00",
        "US/Eastern", "Boston", "02134", "a@example.com", "door; check", "Us", "1 Main St",
    ])  # fmt: skip
    assert gala.fields == {  # type: ignore[union-attr]
        "name": "Gala", "title": "Gala night", "type": "MUSIC_CONCERTS",
        "start_date": "2026-05-01T22:00:00.000Z", "end_date": "2026-05-02T03:00:00.000Z",
        "time_zone_id": "US/Eastern", "address": {"city": "Boston", "postal_code": "02134"},
        "contact": {"email_address": "a@example.com"}, "payment_options": ["DOOR", "CHECK"],
        "payable_to": "Us", "payment_address": {"line1": "1 Main St"},
    }  # fmt: skip
    assert gala.path_ids == {}  # type: ignore[union-attr]


def test_the_event_comes_from_the_option_or_the_column() -> None:
    with pytest.raises(ColumnError, match="a fees sheet belongs to an event: give --event ID"):
        plan("fees", ["label", "fee"], ["VIP", "1"], event=None)
    own, default = plan("fees", ["event_id", "label", "fee"], ["E7", "VIP", "1"], ["", "G", "2"])
    assert own.path_ids == {"event_id": "E7"} and default.path_ids == EVENT  # type: ignore[union-attr]
    (missing,) = plan("fees", ["event_id", "label", "fee"], ["", "VIP", "1"], event=None)
    assert problems(missing) == [("event_id", "is required: fill it in, or give --event ID")]


def test_source_problems_are_row_problems() -> None:
    mapping = map_columns("fees", ["label", "fee"])
    row = Row("s", 4, {"label": "VIP", "fee": "1"}, (CellProblem("(column C)", "has a value"),))
    (error,) = plan_rows("fees", [row], mapping, PlanSettings("E1"))
    assert error == RowError(4, (CellProblem("(column C)", "has a value"),))


def rows_forever(headers: list[str], make: Any) -> Iterator[Row]:
    for n in itertools.count(2):
        yield Row("s", n, dict(zip(headers, make(n), strict=True)))


@pytest.mark.parametrize(
    ("kind", "headers", "make"),
    [
        ("promocodes", ["code_name", "discount"], lambda n: [f"C{n:08d}", "10%"]),
        ("items", SIZES, lambda n: [f"I{n // 3}", "5", "", "1", "yes", f"S{n}", "1"]),
    ],
)
def test_planning_is_lazy(kind: str, headers: list[str], make: Any) -> None:
    """An endless sheet still yields: nothing waits for the end (an item waits for its rows)."""
    planned = plan_rows(kind, rows_forever(headers, make), map_columns(kind, headers),
                        PlanSettings("E1"))  # fmt: skip
    first = list(itertools.islice(planned, 10))
    assert all(isinstance(p, Operation) for p in first)


def test_seen_keys_match_a_dict() -> None:
    """More keys than buckets, in two scopes: every answer is the dict's, so no two different
    keys are ever taken for the same."""
    import random

    rng = random.Random(7)
    seen, reference = SeenKeys(), {}
    row = 1
    for step in range(120_000):
        row += rng.choice((1, 1, 2, 70_000 if step % 500 == 0 else 1))
        scope, key = rng.choice(("E1", ("E2", "#", "I1"))), f"K{rng.randrange(60_000)}"
        assert seen.first_row(scope, key, row) == reference.get((scope, key))
        reference.setdefault((scope, key), row)
    assert len(seen) == len(reference)


@pytest.mark.parametrize(
    "keys",
    [
        ["ABCD", "ABCDE", "ABC", "BCD"],  # a key that begins or ends another
        ["a\x00b", "a", "\x00", "b\x00"],  # NUL
        ["Café", "Cafe", "café", "ＣＡＦＥ", "🎟", "🎟🎟"],  # beyond ASCII
        ["\ud800", "\udfff", "x\ud800"],  # lone surrogates, as a JSON line may hold
        ["1", "12", "\x01", "\x7f", "\x7f\x7f"],  # what digits and marks are made of
    ],
)
def test_seen_keys_tell_apart_keys_alike_in_bytes(keys: list[str]) -> None:
    seen = SeenKeys()
    for row, key in enumerate(keys, 2):
        assert seen.first_row("E1", key, row) is None
        assert seen.first_row(1, key, row) is None  # another scope: another key
    for row, key in enumerate(keys, 2):
        assert seen.first_row("E1", key, 10**6) == row
        assert seen.first_row(1, key, 10**6) == row
    assert len(seen) == 2 * len(keys)


def test_seen_keys_remember_any_row() -> None:
    seen = SeenKeys()
    rows = [5, 3, 0, 127, 128, 2**33, 70_000, 10**11, 2**64]
    for n, row in enumerate(rows):
        assert seen.first_row(n % 300, f"K{n}", row) is None  # many scopes, too
    for n, row in enumerate(rows):
        assert seen.first_row(n % 300, f"K{n}", 2**70) == row
