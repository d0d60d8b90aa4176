"""Headers as shop exports write them (issue 12): aliases for those that plainly name a
column, the exact --map for those that are only close, one missing column a line, the
mapping file `--map @FILE` reads and `bulkspot columns KIND --suggest` writes."""

from __future__ import annotations

import pytest

from bulkspot.core.columns import find_column
from bulkspot.core.header_hints import (
    MappingFileError,
    closest,
    map_option,
    parse_mapping,
    suggest_mapping,
)
from bulkspot.core.mapping import ColumnError, header_namer, map_columns

SHOP_ITEMS = ["Handle", "Title", "Price ($)", "Inventory", "Max per order", "Show stock?"]


@pytest.mark.parametrize(
    ("kind", "header", "column"),
    [
        ("items", "Price ($)", "price"),
        ("fees", "Price ($)", "fee"),
        ("items", "Max per order", "per_registrant_limit"),
        ("items", "Inventory", "default_quantity_total"),
        ("items", "Title", "name"),
        ("attributes", "Inventory", "quantity_total"),
        ("promocodes", "% Off", "discount_percent"),
        ("promocodes", "Coupon Code", "code_name"),
        ("promocodes", "Uses", "quantity_total"),
    ],
)
def test_headers_that_plainly_name_a_column_are_read(kind: str, header: str, column: str) -> None:
    found = find_column(kind, header)
    assert found is not None and found.name == column


def test_a_shop_export_near_miss_gets_the_exact_map_to_type() -> None:
    with pytest.raises(ColumnError) as refused:
        map_columns("items", SHOP_ITEMS)
    assert str(refused.value) == (
        "an items sheet needs a column for:\n"
        "  show_quantity_available (or Show Quantity, Show Qty, Show Available); 'Show stock?' "
        "is close: --map 'Show stock?=show_quantity_available'"
        "; or give one value for every row with --set show_quantity_available=VALUE\n"
        "this sheet's columns are 'Handle', 'Title', 'Price ($)', 'Inventory', 'Max per "
        "order', 'Show stock?' (see `bulkspot columns items`, or name a column with --map "
        "COLUMN=FIELD)"
    )
    headers = ["Title", "Price ($)", "Inventory", "Max per order", "Show Qty", "Descripton",
               "Handle", "Price (USD)"]  # fmt: skip
    assert map_columns("items", headers).warnings == (
        "columns not read: 'Handle', 'Price (USD)' (not columns of an items sheet; see "
        "`bulkspot columns items`, or --map COLUMN=FIELD)",
        "column 'Descripton' is not read; did you mean description? --map 'Descripton=description'",
    )  # 'Price (USD)' is close to price, which 'Price ($)' gives: nothing to offer
    fixed = map_columns("items", SHOP_ITEMS, {"Show stock?": "show_quantity_available"})
    assert fixed.columns["Show stock?"] == "show_quantity_available"


def test_every_missing_column_has_its_own_line() -> None:
    with pytest.raises(ColumnError) as refused:
        map_columns("items", ["Handle", "Cost"])
    assert str(refused.value) == (
        "an items sheet needs a column for:\n"
        "  name (or Item, Item Name, Product, Product Name, Title)\n"
        "  default_quantity_total (or Qty, Quantity, Stock, Inventory, Quantity Total)"
        "; or give one value for every row with --set default_quantity_total=VALUE\n"
        "  per_registrant_limit (or Limit, Per Registrant, Max Per Registrant, Per Person, "
        "Max Per Order); or give one value for every row with --set per_registrant_limit=VALUE\n"
        "  show_quantity_available (or Show Quantity, Show Qty, Show Available)"
        "; or give one value for every row with --set show_quantity_available=VALUE\n"
        "this sheet's columns are 'Handle', 'Cost' (see `bulkspot columns items`, or name a "
        "column with --map COLUMN=FIELD)"
    )


@pytest.mark.parametrize(
    ("kind", "header", "offered"),
    [
        ("items", "Show stock?", ["show_quantity_available"]),  # a question: yes/no columns
        ("items", "Price (USD)", ["price"]),
        ("items", "Descripton", ["description"]),
        ("items", "Per Order Limit", ["per_registrant_limit"]),
        ("promocodes", "Pausd?", ["is_paused"]),
        ("events", "Zip code", ["address.postal_code"]),
        ("items", "Vendor", []),  # "vendor" ~ "eventid" is chance, not offered
        ("items", "Handle", []),
    ],
)
def test_closest_columns(kind: str, header: str, offered: list[str]) -> None:
    assert [c.name for c in closest(kind, header)] == offered


def test_the_map_to_type_is_quoted_for_a_shell() -> None:
    assert map_option("% Off", "discount_percent") == "--map '% Off=discount_percent'"
    assert map_option("Kid's size", "attribute") == '--map "Kid\'s size=attribute"'


def test_a_mapping_file() -> None:
    text = (
        "# made by bulkspot columns items --suggest\n"
        "\n"
        "Show stock?=show_quantity_available\n"
        "  Price ($) = price  \n"
        "Size = 2=attribute\n"  # a header may hold "=": the field is after the last one
        "# Handle=-\n"
    )
    assert parse_mapping(text, "items.map") == {
        "Show stock?": "show_quantity_available",
        "Price ($)": "price",
        "Size = 2": "attribute",
    }
    with pytest.raises(MappingFileError) as refused:
        parse_mapping("Title=name\nInventory\n", "items.map")
    assert str(refused.value) == (
        "items.map, line 2: 'Inventory' is not COLUMN=FIELD (such as Price ($)=price; a line "
        "starting with # is a comment)"
    )
    with pytest.raises(MappingFileError) as refused:
        parse_mapping("Title=name\nTitle=description\n", "items.map")
    assert str(refused.value) == (
        "items.map, line 2: the column 'Title' is mapped twice (name and description)"
    )


def test_the_suggested_mapping_file_reads_the_sheet_as_it_would_be_read() -> None:
    headers = [*SHOP_ITEMS, "Qty", "(column H)"]
    text = suggest_mapping("items", headers, "shop.csv", 3, "bulkspot import items shop.csv")
    assert text == (
        "# How bulkspot reads the columns of shop.csv (header row 3) as an items sheet.\n"
        "# One COLUMN=FIELD a line; a line starting with # is not read. Take the # off a\n"
        "# line to read that column, then: bulkspot import items shop.csv --map @THIS_FILE\n"
        "# 'Handle' names no column and none is close; not read:\n"
        "# Handle=-\n"
        "Title=name\n"
        "Price ($)=price\n"
        "Inventory=default_quantity_total\n"
        "Max per order=per_registrant_limit\n"
        "# 'Show stock?' names no column; closest: show_quantity_available\n"
        "# Show stock?=show_quantity_available\n"
        "# 'Qty' also names default_quantity_total, which 'Inventory' gives:\n"
        "# Qty=-\n"
    )
    uncommented = text.replace("# Show stock?=", "Show stock?=").replace("# Qty=-", "Qty=-")
    mapping = map_columns("items", headers, parse_mapping(uncommented, "items.map"))
    assert mapping.columns == {
        "Title": "name",
        "Price ($)": "price",
        "Inventory": "default_quantity_total",
        "Max per order": "per_registrant_limit",
        "Show stock?": "show_quantity_available",
    }


def test_header_namer_counts_the_kinds_columns_and_the_mapped_headers() -> None:
    names = header_namer("items", {"Preis": "price"})
    assert [names(h) for h in ["Title", "Price ($)", "Preis", "Spring Fair", "Items"]] == [
        "name", "price", "--map Preis", "", ""
    ]  # fmt: skip
