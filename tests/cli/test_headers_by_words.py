"""Headers matched by their words, on a sheet of any width (issue 23): the error, the dry run
and `columns --suggest` offer the same --map; a header every word of which names one column
is read as it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox

FILLER = [
    "Handle", "Vendor", "Barcode", "Weight", "Colourway", "Supplier", "Season", "Aisle",
    "Bin", "Notes", "Tax Code", "Country of Origin", "HS Code", "Reorder Point", "Lead Time",
    "Brand", "Collection", "Material", "Care", "Warranty",
]  # fmt: skip


def wide_sheet(path: Path, quantity_header: str) -> Path:
    """A 25-column items sheet: 20 columns no item has, and five that name its fields."""
    header = [*FILLER[:10], "Title", "Item Price", *FILLER[10:], "Max per order",
              "Show Qty", quantity_header]  # fmt: skip
    assert len(header) == 25
    rows = [header]
    for name, price, qty in (("Tote", "12.00", "30"), ("Cap", "18.50", "12")):
        cells = dict.fromkeys(header, "x")
        cells.update({"Title": name, "Item Price": price, "Max per order": "2",
                      "Show Qty": "yes", quantity_header: qty})  # fmt: skip
        rows.append([cells[h] for h in header])
    path.write_text("".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _items(sandbox: Sandbox, event: str) -> dict[str, tuple[Any, ...]]:
    found = sandbox.call(lambda c: c.list("item", {"event_id": event}))
    return {i["name"]: (i["price"], i["default_quantity_total"], i["per_registrant_limit"])
            for i in found}  # fmt: skip


def test_qty_remaining_is_offered_alike_by_the_error_the_dry_run_and_suggest(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    sheet = wide_sheet(tmp_path / "stock.csv", "Qty remaining")
    refused = run_cli("import", "items", str(sheet), "--event", event, env=sandbox.env)
    assert refused.exit_code == 2
    assert refused.stderr == (
        "Error: an items sheet needs a column for:\n"
        "  default_quantity_total (or Qty, Quantity, Stock, Inventory, Quantity Total); 'Qty "
        "remaining' is close: --map 'Qty remaining=default_quantity_total'; or give one value for "
        "every row with --set default_quantity_total=VALUE\n"
        "this sheet's columns are 'Handle', 'Vendor', 'Barcode', 'Weight', 'Colourway', "
        "'Supplier', 'Season', 'Aisle', 'Bin', 'Notes' and 15 more (see `bulkspot columns "
        "items`, or name a column with --map COLUMN=FIELD)\n"
    )
    suggested = run_cli("columns", "items", "--suggest", str(sheet))
    assert suggested.exit_code == 0, suggested.output
    lines = suggested.stdout.splitlines()
    assert "Item Price=price" in lines
    at = lines.index("# 'Qty remaining' names no column; closest: default_quantity_total")
    assert lines[at + 1] == "# Qty remaining=default_quantity_total"
    dry = run_cli("import", "items", str(sheet), "--event", event, "--dry-run",
                  "--map", "Qty remaining=default_quantity_total", env=sandbox.env)  # fmt: skip
    assert dry.exit_code == 0, dry.output
    assert (
        "warning: column 'Item Price' is read as price (by its words; --map 'Item Price=-' not "
        "to read it)\n"
    ) in dry.stdout
    done = run_cli("import", "items", str(sheet), "--event", event,
                   "--map", "Qty remaining=default_quantity_total", env=sandbox.env)  # fmt: skip
    assert done.exit_code == 0, done.output
    assert _items(sandbox, event) == {"Tote": (12.0, 30, 2), "Cap": (18.5, 12, 2)}


def test_the_dry_run_offers_the_map_for_a_header_past_the_tenth(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    sheet = wide_sheet(tmp_path / "stock.csv", "Qty")
    sheet.write_text(sheet.read_text("utf-8").replace("Warranty", "Product description"), "utf-8")
    dry = run_cli("import", "items", str(sheet), "--event", event, "--dry-run", env=sandbox.env)
    assert dry.exit_code == 0, dry.output
    assert (
        "warning: column 'Product description' is not read; did you mean description? "
        "--map 'Product description=description'\n"
    ) in dry.stdout
    suggested = run_cli("columns", "items", "--suggest", str(sheet)).stdout.splitlines()
    at = suggested.index("# 'Product description' names no column; closest: description")
    assert suggested[at + 1] == "# Product description=description"


def test_stock_qty_is_read_as_the_quantity_by_its_words(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    sheet = wide_sheet(tmp_path / "stock.csv", "Stock qty")
    done = run_cli("import", "items", str(sheet), "--event", event, env=sandbox.env)
    assert done.exit_code == 0, done.output
    assert (
        "warning: column 'Stock qty' is read as default_quantity_total (by its words; --map "
        "'Stock qty=-' not to read it)\n"
    ) in done.stdout
    assert _items(sandbox, event) == {"Tote": (12.0, 30, 2), "Cap": (18.5, 12, 2)}
    suggested = run_cli("columns", "items", "--suggest", str(sheet))
    assert "Stock qty=default_quantity_total" in suggested.stdout.splitlines()


def test_qty_on_hand_is_read_as_the_quantity_and_a_shops_cost_never_as_the_price(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    sheet = wide_sheet(tmp_path / "stock.csv", "Qty on hand")
    text = sheet.read_text("utf-8").replace("Warranty", "Cost per item")
    sheet.write_text(text.replace("Item Price", "Price"), "utf-8")
    done = run_cli("import", "items", str(sheet), "--event", event, env=sandbox.env)
    assert done.exit_code == 0, done.output
    assert (
        "warning: column 'Qty on hand' is read as default_quantity_total (by its words; --map "
        "'Qty on hand=-' not to read it)\n"
    ) in done.stdout
    suggested = run_cli("columns", "items", "--suggest", str(sheet)).stdout.splitlines()
    at = suggested.index("# 'Cost per item' names no column and none is close; not read:")
    assert suggested[at + 1] == "# Cost per item=-"
    assert "Qty on hand=default_quantity_total" in suggested
    assert _items(sandbox, event) == {"Tote": (12.0, 30, 2), "Cap": (18.5, 12, 2)}
    no_price = tmp_path / "costs.csv"
    no_price.write_text(text.replace("Item Price,", "").replace("12.00,", "").replace(
        "18.50,", ""), "utf-8")  # fmt: skip
    refused = run_cli("import", "items", str(no_price), "--event", event, env=sandbox.env)
    assert refused.exit_code == 2
    assert refused.stderr == (
        "Error: an items sheet needs a column for:\n"
        "  price (or Cost, Amount, Unit Price, Price ($)); or give one value for every row "
        "with --set price=VALUE\n"
        "this sheet's columns are 'Handle', 'Vendor', 'Barcode', 'Weight', 'Colourway', "
        "'Supplier', 'Season', 'Aisle', 'Bin', 'Notes' and 14 more (see `bulkspot columns "
        "items`, or name a column with --map COLUMN=FIELD)\n"
    )


def test_a_unit_cost_is_offered_neither_as_the_quantity_nor_as_the_price(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    """Square's `Default Unit Cost` is what the shop paid: its letters are close to
    `default_quantity_total`, and it was offered as the quantity (issue 23)."""
    sheet = tmp_path / "library.csv"
    sheet.write_text(
        "Item Name,Default Unit Cost,Per Person,Show Qty\nTote,4.10,2,yes\n", encoding="utf-8"
    )
    suggested = run_cli("columns", "items", "--suggest", str(sheet))
    assert suggested.exit_code == 0, suggested.output
    assert suggested.stdout == (
        "# How bulkspot reads the columns of library.csv as an items sheet.\n"
        "# One COLUMN=FIELD a line; a line starting with # is not read. Take the # off a\n"
        f"# line to read that column, then: bulkspot import items {sheet} --map @THIS_FILE\n"
        "Item Name=name\n"
        "# 'Default Unit Cost' names no column and none is close; not read:\n"
        "# Default Unit Cost=-\n"
        "Per Person=per_registrant_limit\n"
        "Show Qty=show_quantity_available\n"
    )
    refused = run_cli("import", "items", str(sheet), "--event", sandbox.new_event(),
                      env=sandbox.env)  # fmt: skip
    assert refused.exit_code == 2
    assert refused.stderr == (
        "Error: an items sheet needs a column for:\n"
        "  price (or Cost, Amount, Unit Price, Price ($)); or give one value for every row "
        "with --set price=VALUE\n"
        "  default_quantity_total (or Qty, Quantity, Stock, Inventory, Quantity Total); or give "
        "one value for every row with --set default_quantity_total=VALUE\n"
        "this sheet's columns are 'Item Name', 'Default Unit Cost', 'Per Person', 'Show Qty' "
        "(see `bulkspot columns items`, or name a column with --map COLUMN=FIELD)\n"
    )


def test_a_low_stock_amount_and_a_variant_cost_are_offered_as_nothing(
    run_cli: Cli, tmp_path: Path
) -> None:
    """WooCommerce's `Low stock amount` (its warning threshold) was offered as the price by
    the word `amount`, and a `Variant Cost` as the attribute by the word `variant`."""
    sheet = tmp_path / "products.csv"
    sheet.write_text("Name,Regular price,Stock,Low stock amount,Variant Cost\nA,5,3,1,2\n",
                     encoding="utf-8")  # fmt: skip
    suggested = run_cli("columns", "items", "--suggest", str(sheet))
    assert suggested.exit_code == 0, suggested.output
    assert suggested.stdout == (
        "# How bulkspot reads the columns of products.csv as an items sheet.\n"
        "# One COLUMN=FIELD a line; a line starting with # is not read. Take the # off a\n"
        f"# line to read that column, then: bulkspot import items {sheet} --map @THIS_FILE\n"
        "Name=name\n"
        "# 'Regular price' names no column; closest: price\n"
        "# Regular price=price\n"
        "Stock=default_quantity_total\n"
        "# 'Low stock amount' names no column and none is close; not read:\n"
        "# Low stock amount=-\n"
        "# 'Variant Cost' names no column and none is close; not read:\n"
        "# Variant Cost=-\n"
    )
