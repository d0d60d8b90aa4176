"""Headers to columns (names, aliases, --map), and the fast paths held equal to the rules they
speed up: converters to `coerce_cell`, checks to `check_value`, BodyRules to validate_body."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulkspot.core.cells import always_valid, converter
from bulkspot.core.coerce import CellError, coerce_cell, to_discount
from bulkspot.core.columns import (
    Role,
    column_index,
    columns_for,
    describe_columns,
    find_column,
    normalize,
)
from bulkspot.core.mapping import ColumnError, map_columns
from bulkspot.core.resources import RESOURCES, WRITABLE_KINDS, Field, FieldType, spec_for
from bulkspot.core.rules import BodyRules, fast_check
from bulkspot.core.validate import check_value, validate_body

KINDS = ("events", "fees", "items", "attributes", "promocodes")
FAST = settings(max_examples=150, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])  # fmt: skip


def targets(kind: str, headers: list[str], overrides: dict[str, str] | None = None) -> dict:
    mapping = map_columns(kind, headers, overrides)
    return {b.header: b.column.name for b in mapping.bindings}


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Show Quantity Available", "show_quantity_available"),
        ("show-quantity-available", "show_quantity_available"),
        ("  PER_REGISTRANT_limit ", "per_registrant_limit"),
        ("Qty", "default_quantity_total"),
        ("Quantity", "default_quantity_total"),
        ("Limit", "per_registrant_limit"),
        ("Size", "attribute"),
        ("Colour", "attribute"),
        ("Attribute Qty", "attribute_quantity"),
        ("Item ID", "id"),
    ],
)
def test_item_headers(header: str, column: str) -> None:
    assert find_column("items", header) is not None
    assert find_column("items", header).name == column  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("kind", "header", "column"),
    [
        ("promocodes", "Code", "code_name"),
        ("promocodes", "Fees", "fees"),
        ("promocodes", "Discount", "discount"),
        ("promocodes", "Qty", "quantity_total"),
        ("fees", "Name", "label"),
        ("fees", "Price", "fee"),
        ("attributes", "Item", "item"),
        ("attributes", "Size", "name"),
        ("attributes", "item_id", "item_id"),
        ("events", "Address City", "address.city"),
        ("events", "address.city", "address.city"),
        ("events", "City", "address.city"),
        ("events", "Contact Email", "contact.email_address"),
        ("events", "Event ID", "id"),
        ("fees", "Event ID", "event_id"),
    ],
)
def test_headers_of_other_kinds(kind: str, header: str, column: str) -> None:
    found = find_column(kind, header)
    assert found is not None and found.name == column


@pytest.mark.parametrize("kind", KINDS)
def test_every_name_and_alias_is_one_column(kind: str) -> None:
    index = column_index(kind)
    for column in columns_for(kind):
        for name in (column.name, *column.aliases):
            assert index[normalize(name)] is column


def test_unknown_columns_are_one_warning() -> None:
    mapping = map_columns("fees", ["label", "fee", "Notes", "Internal", "(column E)"])
    assert mapping.warnings == (
        "columns not read: 'Notes', 'Internal' (not columns of a fees sheet; see "
        "`bulkspot columns fees`, or --map COLUMN=FIELD)",
    )


def test_overrides() -> None:
    headers = ["Ticket Name", "Price", "Name", "Notes"]
    found = targets("fees", headers, {"ticket name": "label", "Notes": "-", "Name": "ignore"})
    assert found == {"Ticket Name": "label", "Price": "fee"}
    assert map_columns("fees", headers, {"Ticket Name": "label", "Notes": "-"}).warnings == (
        "column 'Name' is not read: --map gives label to 'Ticket Name'",
    )
    # --map to an alias or a sheet-only column
    assert targets("items", ["N", "P", "Q", "L", "S", "Flavour", "Left"], {
        "N": "name", "P": "Cost", "Q": "qty", "L": "limit", "S": "show qty",
        "Flavour": "attribute", "Left": "attribute qty",
    })["Flavour"] == "attribute"  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "headers", "overrides", "message"),
    [
        ("fees", ["label"], None, "a fees sheet needs a column for fee (or Price, Amount"),
        (
            "items",
            ["name", "price"],
            None,
            "needs a column for default_quantity_total (or Qty, Quantity, Stock, Inventory, "
            "Quantity Total); per_registrant_limit",
        ),
        (
            "items",
            ["name", "price", "limit", "show qty", "size"],
            None,
            "needs a column for attribute_quantity (or Attribute Qty",
        ),
        ("attributes", ["name", "quantity_total"], None, "item (or Item Name, Product) or item_id"),
        ("promocodes", ["code_name", "fees"], None, "needs a column for code_type"),
        ("fees", ["label", "fee"], {"Colour": "label"}, "the sheet has no column 'Colour'"),
        ("fees", ["label", "fee", "X"], {"X": "flavour"}, "'flavour' is not a column of"),
        ("fees", ["A", "B"], {"A": "label", "B": "label"}, "--map gives label to both"),
        ("fees", ["label", "Name", "fee"], None, "the columns 'label' and 'Name' both give label"),
    ],
)
def test_column_errors(
    kind: str, headers: list[str], overrides: dict[str, str] | None, message: str
) -> None:
    with pytest.raises(ColumnError, match=message.replace("(", r"\(").replace(")", r"\)")):
        map_columns(kind, headers, overrides)


def test_a_sheet_of_updates_needs_only_the_id() -> None:
    assert targets("fees", ["id", "fee"]) == {"id": "id", "fee": "fee"}
    assert targets("promocodes", ["Code", "Discount"]) == {
        "Code": "code_name",
        "Discount": "discount",
    }


def test_describe_columns() -> None:
    docs = {d.name: d for d in describe_columns("items")}
    qty = docs["default_quantity_total"]
    assert (qty.required, qty.type, qty.api_field) == (True, "whole number >= 0", qty.name)
    assert qty.aliases[:2] == ("Qty", "Quantity") and "sum" in qty.doc
    assert docs["attribute"].api_field == "attribute name" and not docs["attribute"].required
    code = {d.name: d for d in describe_columns("promocodes")}["code_name"]
    assert code.type == "4-12 letters, digits or _" and code.required
    assert not {d.name: d for d in describe_columns("promocodes")}["code_type"].required
    assert [d.name for d in describe_columns("fees")][:2] == ["id", "event_id"]


# --- the fast paths equal the rules they speed up -------------------------------------------

CELLS = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12).map(str.strip),
    st.sampled_from(["12", "12.5", ".5", "5.", "1,000", "1,000.50", "$4", "12,5", "-3", "0",
                     "007", "20%", "0%", "120%", "abc", "yes", "No", "TRUE", "x", "unlimited",
                     "Unlimited", "fee list", "FEE_LIST", "ACCESS", "access", "1e3", "١٢",
                     "1_000", "VIP;General", " ; ", "2026-05-01T18:00:00Z", "2026-05-01"]),
    st.integers(-5, 10**6), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)),
)  # fmt: skip
COLUMNS = [c for kind in WRITABLE_KINDS for c in columns_for(kind)]


def outcome(convert: Any, cell: Any) -> Any:
    try:
        return ("value", convert(cell))
    except CellError as error:
        return ("error", str(error))


@FAST
@given(st.sampled_from(COLUMNS), CELLS)
def test_converters_equal_coerce_cell(column: Any, cell: Any) -> None:
    if isinstance(cell, str) and not cell:
        return  # blank cells never reach a converter
    fast = outcome(converter(column), cell)
    match column.role:
        case Role.DISCOUNT:
            slow = outcome(to_discount, cell)
        case Role.FEES:
            slow = outcome(lambda c: tuple(coerce_cell(column.field, c)) or None, cell)
        case Role.ID | Role.EVENT_ID | Role.ITEM_ID:
            slow = outcome(lambda c: coerce_cell(Field("x", FieldType.STRING), c), cell)
        case _ if column.name == "discount_percent" and isinstance(cell, str) and "%" in cell:
            return  # the percent column also takes "20%"
        case _:
            slow = outcome(lambda c: coerce_cell(column.field, c), cell)
    if fast[0] == "value" and isinstance(fast[1], list) and not fast[1]:
        fast = ("value", None)
    if slow[0] == "value" and isinstance(slow[1], list):
        slow = ("value", slow[1] or None)
    assert fast == slow
    if fast[0] == "value" and type(fast[1]) is float:
        assert type(slow[1]) is float


@FAST
@given(st.sampled_from(COLUMNS), CELLS)
def test_trusted_columns_only_convert_to_valid_values(column: Any, cell: Any) -> None:
    if not always_valid(column) or (isinstance(cell, str) and not cell.strip()):
        return
    kind, value = outcome(converter(column), cell.strip() if isinstance(cell, str) else cell)
    if kind == "value" and value is not None:
        assert check_value(column.field, value) is None


ALL_FIELDS = [f for spec in RESOURCES.values() for f in spec.fields if not f.read_only]
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 200), st.floats(-1, 200),
    st.sampled_from(["", "x", "ABCD", "ab cd", "A" * 101, "DISCOUNT", "ACCESS", "PERCENT",
                     "AMOUNT", "FEE_LIST", "ORDER_TOTAL", "OTHER", "CHECK", "2026-05-01"]),
    st.lists(st.sampled_from(["", "F1", "CHECK", "DOOR", "x"]), max_size=3),
    st.dictionaries(st.sampled_from(["city", "latitude", "name"]),
                    st.one_of(st.text(max_size=3), st.floats(-100, 100)), max_size=2),
)  # fmt: skip


@FAST
@given(st.sampled_from(ALL_FIELDS), VALUES)
def test_fast_check_equals_check_value(rule: Field, value: Any) -> None:
    assert fast_check(rule)(value) == check_value(rule, value)


@FAST
@given(st.sampled_from([spec_for(k) for k in WRITABLE_KINDS]), st.data())
def test_body_rules_equal_validate_body(spec: Any, data: st.DataObject) -> None:
    names = [f.name for f in spec.fields]
    body = data.draw(st.dictionaries(st.sampled_from([*names, "unknown"]), VALUES, max_size=9))
    assert BodyRules.of(spec).problems(body) == validate_body(spec, body)


SPACED = st.one_of(CELLS, CELLS.map(lambda c: f" {c} " if isinstance(c, str) else c),
                   st.sampled_from(["", "  ", "\t"]))  # fmt: skip


@FAST
@given(st.sampled_from(WRITABLE_KINDS), st.data())
def test_a_repeated_cell_reads_as_it_did_the_first_time(kind: str, data: st.DataObject) -> None:
    """ColumnMap.read remembers cells as written (blank ones too): a sheet read through one
    map gives, row after row, what a fresh map gives for each row alone."""
    headers = [c.name for c in columns_for(kind) if c.role is not Role.ID]
    shared = map_columns(kind, headers)
    pool = data.draw(st.lists(st.fixed_dictionaries({h: SPACED for h in headers}), min_size=1,
                              max_size=3))  # fmt: skip
    for cells in data.draw(st.lists(st.sampled_from(pool), min_size=2, max_size=8)):
        assert shared.read(cells) == map_columns(kind, headers).read(cells)
