"""Headers to columns (names, aliases, --map), the columns each kind's sheet must have, and a
sheet's cells read as `coerce_cell` reads them, repeated or not."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulkspot.core.coerce import LocalTime
from bulkspot.core.columns import (
    Role,
    column_index,
    columns_for,
    describe_columns,
    find_column,
    normalize,
)
from bulkspot.core.field_readers import coerce_cell
from bulkspot.core.mapping import Binding, ColumnError, ColumnMap, map_columns
from bulkspot.core.operation import CellProblem
from bulkspot.core.resources import WRITABLE_KINDS

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
        ("fees", ["label"], None, "a fees sheet needs a column for:\n  fee (or Price, Price ($)"),
        (
            "items",
            ["name", "price"],
            None,
            "needs a column for:\n  default_quantity_total (or Qty, Quantity, Stock, Inventory, "
            "Quantity Total); or give one value for every row with --set "
            "default_quantity_total=VALUE\n  per_registrant_limit",
        ),
        (
            "items",
            ["name", "price", "limit", "show qty", "size"],
            None,
            "needs a column for:\n  attribute_quantity (or Attribute Qty",
        ),
        ("attributes", ["name", "quantity_total"], None, "item (or Item Name, Product) or item_id"),
        ("promocodes", ["code_name", "fees"], None, "needs a column for:\n  code_type"),
        ("fees", ["label", "fee"], {"Colour": "label"}, "the sheet has no column 'Colour'"),
        ("fees", ["label", "fee", "X"], {"X": "flavour"}, "'flavour' is not a column of"),
        ("fees", ["A", "B"], {"A": "label", "B": "label"}, "--map gives label to both"),
        ("fees", ["label", "Name", "fee"], None, "the columns 'label' and 'Name' both give label"),
    ],
)
def test_column_errors(
    kind: str, headers: list[str], overrides: dict[str, str] | None, message: str
) -> None:
    with pytest.raises(ColumnError, match=re.escape(message)):
        map_columns(kind, headers, overrides)


def test_each_kinds_planner_says_which_columns_its_sheet_needs() -> None:
    """The item of an attributes sheet is in the path, so even a sheet of updates needs it;
    an items sheet's attribute quantities stand in for the item's quantity."""
    with pytest.raises(ColumnError) as raised:
        map_columns("attributes", ["id", "quantity_total"])
    assert str(raised.value) == (
        "an attributes sheet needs a column for:\n"
        "  item (or Item Name, Product) or item_id\n"
        "this sheet's columns are 'id', 'quantity_total' (see `bulkspot columns attributes`, "
        "or name a column with --map COLUMN=FIELD)"
    )
    with pytest.raises(ColumnError) as raised:
        map_columns("items", ["name", "price", "limit", "show qty", "attribute quantity"])
    assert str(raised.value) == (
        "an items sheet needs a column for:\n"
        "  default_quantity_total (or Qty, Quantity, Stock, Inventory, Quantity Total)"
        "; or give one value for every row with --set default_quantity_total=VALUE\n"
        "  attribute (or Attribute Name, Size, Colour, Color, Variant, Option)\n"
        "this sheet's columns are 'name', 'price', 'limit', 'show qty', 'attribute quantity' "
        "(see `bulkspot columns items`, or name a column with --map COLUMN=FIELD)"
    )
    with pytest.raises(ColumnError) as raised:
        map_columns("promocodes", ["code_name", "fees"])
    assert str(raised.value) == (
        "a promocodes sheet needs a column for:\n"
        "  code_type (or Type); or give one value for every row with --set code_type=VALUE\n"
        "this sheet's columns are 'code_name', 'fees' (see `bulkspot columns promocodes`, or "
        "name a column with --map COLUMN=FIELD)"
    )
    assert map_columns("promocodes", ["code_name", "fees", "discount"]).has("@discount")


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


# --- a sheet's cells read as coerce_cell reads them ------------------------------------------

CELLS = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12).map(str.strip),
    st.sampled_from(["12", "12.5", ".5", "5.", "1,000", "1,000.50", "$4", "12,5", "-3", "0",
                     "007", "20%", "0%", "120%", "abc", "yes", "No", "TRUE", "x", "unlimited",
                     "Unlimited", "fee list", "FEE_LIST", "ACCESS", "access", "1e3", "١٢",
                     "1_000", "VIP;General", " ; ", "2026-05-01T18:00:00Z", "2026-05-01",
                     "2147483647", "2147483648", "999999999999999.5", "9999999999999999"]),
    st.integers(-5, 10**6), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)),
)  # fmt: skip
FIELD_COLUMNS = [c for k in WRITABLE_KINDS for c in columns_for(k) if c.role is Role.FIELD]


@FAST
@given(st.sampled_from(FIELD_COLUMNS), CELLS)
def test_a_column_reads_a_cell_as_coerce_cell_does(column: Any, cell: Any) -> None:
    """An API field's column gives coerce_cell's value (of the trimmed cell) or its message,
    on the sheet's column; a list that holds nothing is a blank cell."""
    if column.name == "discount_percent" and isinstance(cell, str):
        return  # the percent column also takes "20%" and refuses "$4": test_percent_column
    values, problems = ColumnMap(column_kind(column), (Binding("Cell", column),)).read(
        {"Cell": cell}
    )
    try:
        wanted = coerce_cell(column.field, cell.strip() if isinstance(cell, str) else cell)
    except ValueError as error:
        assert (values, problems) == ({}, [CellProblem("Cell", str(error))])
        return
    if isinstance(wanted, LocalTime):  # no offset, and the row names no time zone
        assert values == {} and [p.column for p in problems] == ["Cell"]
    elif wanted is None or wanted == []:
        assert (values, problems) == ({}, [])
    else:
        assert (values, problems) == ({column.target: wanted}, [])
        assert type(values[column.target]) is type(wanted)


def column_kind(column: Any) -> str:
    return next(k for k in WRITABLE_KINDS if column in columns_for(k))


def test_percent_column() -> None:
    mapping = map_columns("promocodes", ["code_name", "code_type", "discount_percent"])
    assert mapping.read({"discount_percent": "20%"}) == ({"discount_percent": 20}, [])
    assert mapping.read({"discount_percent": "20 %"}) == ({"discount_percent": 20}, [])
    assert mapping.read({"discount_percent": "x%"}) == (
        {}, [CellProblem("discount_percent", "'x' is not a number")]
    )  # fmt: skip


def test_discount_and_fee_columns() -> None:
    mapping = map_columns("promocodes", ["code_name", "Discount", "Fees"])
    assert mapping.read({"code_name": "ABCD", "Discount": "20%", "Fees": "VIP; General"}) == (
        {"code_name": "ABCD", "@discount": ("discount_percent", 20), "@fees": ("VIP", "General")},
        [],
    )
    assert mapping.read({"Discount": "15.00", "Fees": " ; "}) == (
        {"@discount": ("discount_amount", 15.0)}, []
    )  # fmt: skip


SPACED = st.one_of(CELLS, CELLS.map(lambda c: f" {c} " if isinstance(c, str) else c),
                   st.sampled_from(["", "  ", "\t"]))  # fmt: skip


@FAST
@given(st.sampled_from(WRITABLE_KINDS), st.data())
def test_a_repeated_cell_reads_as_it_did_the_first_time(kind: str, data: st.DataObject) -> None:
    """ColumnMap.read remembers cells as written (blank ones too): a sheet read through one
    map gives, row after row, what a fresh map gives for each row alone."""
    headers = [c.name for c in columns_for(kind) if c.role is not Role.ID]
    try:
        shared = map_columns(kind, headers)
    except ColumnError:  # a kind changed only by id (files): its sheet needs the id column
        headers = [c.name for c in columns_for(kind)]
        shared = map_columns(kind, headers)
    pool = data.draw(st.lists(st.fixed_dictionaries({h: SPACED for h in headers}), min_size=1,
                              max_size=3))  # fmt: skip
    for cells in data.draw(st.lists(st.sampled_from(pool), min_size=2, max_size=8)):
        assert shared.read(cells) == map_columns(kind, headers).read(cells)
