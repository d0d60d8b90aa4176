"""The shop formats' translations, row by row (issue 23); end to end in
tests/cli/test_shop_exports.py."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bulkspot.core.amounts import to_percent
from bulkspot.core.header_hints import closest
from bulkspot.core.header_words import read_by_words
from bulkspot.core.shops import recognise
from bulkspot.core.shops.html_text import plain_text
from bulkspot.core.shops.shopify_discounts import discount, fee_labels, moment, no_counterpart
from bulkspot.core.shops.square import total_stock
from bulkspot.core.shops.woocommerce import description_text
from bulkspot.sources.row import Row

NOW = datetime(2026, 12, 7, tzinfo=UTC)


def rows(headers: list[str], *lines: list[Any]) -> list[Row]:
    return [Row("s", n, dict(zip(headers, cells, strict=True))) for n, cells in
            enumerate(lines, 2)]  # fmt: skip


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("plain words", "plain words"),
        ("<p>A &amp; B</p><p>C<br>D</p>", "A & B\nC\nD"),
        ("<ul><li>One</li><li>Two</li></ul>", "- One\n- Two"),
        ("<style>p{}</style><p>Kept</p><script>x()</script>", "Kept"),
        ("<p>Split\nline</p>", "Split line"),
        ("Soft&nbsp;fleece &amp; more<br>Wash&nbsp; cold", "Soft fleece & more\nWash cold"),
    ],
)
def test_html_is_made_plain_text(html: str, text: str) -> None:
    assert plain_text(html) == text


def test_a_newer_shopify_export_is_read_by_its_own_names() -> None:
    headers = ["URL handle", "Title", "Description", "Option1 name", "Option1 value", "Price",
               "Inventory quantity"]  # fmt: skip
    shop = recognise("item", headers, NOW)
    assert shop is not None and shop.label == "a Shopify products export"
    got = [r.cells for r in shop.rows(rows(
        headers,
        ["tee", "Tee", "<b>Soft</b>", "Size", "S", "20", "3"],
        ["tee", "", "", "", "M", "20", "4"],
        ["mug", "Mug", "", "Title", "Default Title", "8", "9"],
    ))]  # fmt: skip
    assert got == [
        {"Price": "20", "Option1 value": "S", "Inventory quantity": "3", "Title": "Tee",
         "Description": "Soft"},
        {"Price": "20", "Option1 value": "M", "Inventory quantity": "4"},
        {"Price": "8", "Option1 value": "", "Inventory quantity": "9", "Title": "Mug",
         "Description": ""},
    ]  # fmt: skip


def test_a_sheet_of_the_kinds_own_columns_is_no_shop_export() -> None:
    assert recognise("item", ["name", "price", "attribute", "Title", "Handle"], NOW) is None
    assert recognise("promocode", ["Name", "Value", "Value Type"], NOW) is None
    assert recognise("fee", ["Item Name", "Variation Name", "Price"], NOW) is None


def test_square_stock_is_summed_over_locations() -> None:
    assert total_stock([3, "4", "", None]) == 7
    assert total_stock(["1,200", 0.5]) == "1200.5"
    assert total_stock(["", None]) is None
    assert total_stock([2, "lots"]) == "lots"


def test_shopify_discount_values_and_fees() -> None:
    assert discount("-20.0", "percentage") == ("Value (percent off)", "20.0")
    assert discount("-150.00", "fixed_amount") == ("Value (amount off)", "150.00")
    assert discount("-5", "free_shipping") == ("", "-5")
    assert fee_labels("VIP, Backstage") == "VIP;Backstage"
    assert fee_labels("Entire order") == ""
    assert fee_labels("Early, bird; Student") == "Early, bird;Student"
    assert moment("2026-08-31 23:59:00 -0400") == datetime(2026, 9, 1, 3, 59, tzinfo=UTC)
    assert moment("2026-08-31") == datetime(2026, 8, 31, tzinfo=UTC)
    assert moment("soon") is None


def test_a_shopify_amount_off_is_an_amount_however_many_decimals_shopify_wrote() -> None:
    assert discount("-10.0", "fixed_amount") == ("Value (amount off)", "10.0")
    assert discount("-5", "fixed_amount") == ("Value (amount off)", "5")
    assert discount("-10,50", "fixed_amount") == ("Value (amount off)", "10,50")
    assert discount("-20,0", "percentage") == ("Value (percent off)", "20,0")


def test_a_percent_is_read_with_the_sheets_decimal_mark() -> None:
    assert to_percent("20,0", decimal_comma=True) == 20
    assert to_percent("1.000", decimal_comma=True) == 1000
    assert to_percent("20.0") == 20


def test_shopify_codes_an_event_has_no_counterpart_for() -> None:
    assert no_counterpart("Free shipping") == (
        "a free shipping code has no counterpart in an event (no shipping to take off): leave "
        "its row out"
    )
    assert (
        no_counterpart("Buy X get Y")
        == no_counterpart("bxgy")
        == ("a buy X get Y code has no counterpart in an event: leave its row out")
    )
    assert no_counterpart("Amount off order") is None


def test_a_woocommerce_description_as_its_exporter_wrote_it() -> None:
    assert description_text("One\\nTwo") == "One\nTwo"
    assert description_text("<p>A</p>\\n\\n<p>B &amp; C</p>") == "A\nB & C"
    assert description_text("Path C:\\\\new") == "Path C:\\new"


@pytest.mark.parametrize(
    ("kind", "header", "offered", "read"),
    [
        ("items", "Qty on hand", ["default_quantity_total"], "default_quantity_total"),
        ("items", "Inventory on hand", ["default_quantity_total"], "default_quantity_total"),
        ("items", "Qty remaining", ["default_quantity_total"], None),
        ("items", "Cost per item", [], None),  # what the shop paid: never the price
        ("items", "Default Unit Cost", [], None),  # nor Square's, nor a quantity
        ("items", "Stock qty", ["default_quantity_total"], "default_quantity_total"),
        ("items", "Item Price", ["price"], "price"),
        ("items", "Variant Price", ["price", "attribute"], None),
        ("items", "Product Category", ["name"], None),
        ("promocodes", "Usage Limit", ["quantity_total"], None),
    ],
)
def test_headers_by_their_words(
    kind: str, header: str, offered: list[str], read: str | None
) -> None:
    assert [c.name for c in closest(kind, header)] == offered
    found = read_by_words(kind, header)
    assert (found.name if found else None) == read


def test_square_and_woocommerce_products_not_on_sale_are_said() -> None:
    square = ["Item Name", "Variation Name", "Price", "Archived"]
    shop = recognise("item", square, NOW)
    assert shop is not None
    read = rows(square, ["Pin", "Regular", "5", "N"], ["Cap", "Red", "9", "Y"],
                ["Cap", "Blue", "9", "Y"])  # fmt: skip
    assert shop.notes(read) == [
        "products Square does not sell now (Archived Y) are items on sale like the others: "
        "row 3 'Cap' (archived); leave their rows out to leave them out"
    ]
    assert shop.row_notes(read) == {3: "archived in Square, but an item on sale here"}
    woo = ["ID", "Type", "Name", "Published", "Regular price", "Parent"]
    shop = recognise("item", woo, NOW)
    assert shop is not None
    read = rows(woo, ["1", "simple", "Mug", "-1", "5", ""], ["2", "variable", "Tee", "1", "", ""],
                ["3", "variation", "Tee - S", "0", "9", "id:2"],
                ["4", "simple", "Pass", "0", "7", ""])  # fmt: skip
    assert shop.row_notes(read) == {
        2: "draft in WooCommerce, but an item on sale here",
        5: "private in WooCommerce, but an item on sale here",
    }
