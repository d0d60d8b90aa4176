"""A shop's stock and prices as the shop means them (issue 23's audit): Square's stock at a
location that does not sell a variation (`Enabled <Location>` N) is not counted,
WooCommerce's `Sale price` is the price customers pay while the sale is on (said on the
row), and WooCommerce stock kept on a variable product, shared by its variations, is
refused with why and what to write; each checked on the simulator over HTTP."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.cli.test_shop_exports import (
    SQUARE_HEADER,
    WOO_HEADER,
    import_items,
    items_of,
    results_of,
    square_row,
)


def test_square_stock_where_a_variation_is_not_sold_is_not_counted(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    tent = SQUARE_HEADER.index("Enabled Festival Tent")
    medium = square_row("Festival Hoodie", "Medium", "45.00", 5, 7)
    medium[tent] = "N"  # Medium is not sold in the tent: its 7 there are none of the item's
    nowhere = square_row("Festival Hoodie", "Large", "45.00", 2, 4)
    nowhere[tent] = "N"
    nowhere[SQUARE_HEADER.index("Enabled Main Street")] = "N"  # sold nowhere: none
    rows = [square_row("Festival Hoodie", "Small", "45.00", 3, 4), medium, nowhere]
    export = tmp_path / "item-library.csv"
    with export.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([SQUARE_HEADER, *rows])
    done = import_items(run_cli, sandbox, event, export)
    assert done.exit_code == 0, done.output
    hoodie = items_of(sandbox, event)["Festival Hoodie"]
    assert hoodie["sizes"] == {"Small": 7, "Medium": 5, "Large": 0}
    assert hoodie["default_quantity_total"] == 12


def woo_row(
    ident: int,
    kind: str,
    name: str,
    stock: str,
    sale: str,
    regular: str,
    parent: str = "",
    colour: str = "",
    starts: str = "",
    ends: str = "",
) -> str:
    """A row of WooCommerce's products export (WOO_HEADER's columns)."""
    cells = dict.fromkeys(WOO_HEADER.strip().split(","), "")
    cells.update({
        "ID": str(ident), "Type": kind, "Name": name, "Published": "1", "Stock": stock,
        "Sale price": sale, "Regular price": regular, "Parent": parent,
        "Date sale price starts": starts, "Date sale price ends": ends,
        "Attribute 1 name": "Colour" if colour or kind == "variable" else "",
        "Attribute 1 value(s)": colour or ("Red, Blue" if kind == "variable" else ""),
    })  # fmt: skip
    return ",".join(cells.values()) + "\n"


def test_woocommerce_sale_prices_are_what_customers_pay_now(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    today = datetime.now(UTC).date()
    soon, later = today + timedelta(days=30), today + timedelta(days=60)
    past = today - timedelta(days=30)
    export = tmp_path / "wc-product-export.csv"
    export.write_text(WOO_HEADER + "".join([
        woo_row(1, "simple", "Enamel Pin", "60", "3.50", "4.50"),
        woo_row(2, "simple", "Sticker", "80", "1.00", "2.00", ends=str(soon)),
        woo_row(3, "variable", "Festival Cap", "", "", ""),
        woo_row(4, "variation", "Festival Cap - Red", "15", "12.00", "18.00", "id:3", "Red",
                starts=str(soon), ends=str(later)),
        woo_row(5, "variation", "Festival Cap - Blue", "9", "", "18.00", "id:3", "Blue"),
        woo_row(6, "simple", "Poster", "5", "7.00", "9.00", starts=str(past - timedelta(9)),
                ends=str(past)),
    ]), encoding="utf-8")  # fmt: skip
    done = import_items(run_cli, sandbox, event, export)
    assert done.exit_code == 0, done.output
    assert (
        "warning: products on sale in WooCommerce are items at their Sale price, which stays "
        "when the sale ends: row 2 'Enamel Pin' (3.50), row 3 'Sticker' (1.00)"
    ) in done.output.splitlines()
    items = items_of(sandbox, event)
    assert {name: item["price"] for name, item in items.items()} == {
        "Enamel Pin": 3.5, "Sticker": 1.0, "Festival Cap": 18.0, "Poster": 9.0,
    }  # fmt: skip
    assert {n: (r["status"], r["error"]) for n, r in results_of(export).items()} == {
        "2": ("created", "the Sale price 3.50 customers pay now, not the Regular price 4.50"),
        "3": ("created", "the Sale price 1.00 customers pay now, not the Regular price 2.00; "
                         f"its sale ends {soon} in WooCommerce, not here"),
        "4": ("created", ""),
        "5": ("created", f"the Regular price 18.00: the sale at 12.00 begins {soon}"),
        "6": ("created", ""),
        "7": ("created", "the Regular price 9.00: the sale at 7.00 has ended"),
    }  # fmt: skip


def test_woocommerce_stock_kept_on_the_product_is_refused_with_what_to_write(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    """WooCommerce's variations with no stock of their own share their product's (its
    `get_stock_managed_by_id` is the parent's); an item here holds the sum of its sizes'
    stocks, none shared, so neither giving each size the whole (sold twice) nor a split
    (a guess) is what the shop holds."""
    event = sandbox.new_event()
    export = tmp_path / "wc-product-export.csv"
    export.write_text(WOO_HEADER + "".join([
        woo_row(3, "variable", "Festival Cap", "20", "", ""),
        woo_row(4, "variation", "Festival Cap - Red", "", "", "18.00", "id:3", "Red"),
        woo_row(5, "variation", "Festival Cap - Blue", "", "", "18.00", "id:3", "Blue"),
        woo_row(6, "simple", "Enamel Pin", "60", "", "4.50"),
    ]), encoding="utf-8")  # fmt: skip
    done = import_items(run_cli, sandbox, event, export)
    assert done.exit_code == 1, done.output
    shared = (
        "Stock: blank: WooCommerce keeps the stock of 'Festival Cap' on the product (20), "
        "shared by its variations, and an item's stock here is the sum of its sizes' own: "
        "write each variation's own Stock (together at most 20)"
    )
    errors = {n: r["error"] for n, r in results_of(export).items()}
    assert (errors["3"], errors["4"], errors["5"]) == (shared, shared, "")
    assert list(items_of(sandbox, event)) == ["Enamel Pin"]
