"""Shop systems' exports imported as they come (issue 23): Shopify's and WooCommerce's
products CSV, Square's item library (CSV and XLSX), Shopify's discount codes; each checked
on the simulator over HTTP."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.sources.files import write_xlsx

ITEM_CONSTANTS = ("--set", "per_registrant_limit=4", "--set", "show_quantity_available=yes")

SHOPIFY_HEADER = (
    "Handle,Title,Body (HTML),Vendor,Product Category,Type,Tags,Published,Option1 Name,"
    "Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,Variant SKU,"
    "Variant Grams,Variant Inventory Tracker,Variant Inventory Qty,Variant Inventory Policy,"
    "Variant Fulfillment Service,Variant Price,Variant Compare At Price,"
    "Variant Requires Shipping,Variant Taxable,Variant Barcode,Image Src,Image Position,"
    "Image Alt Text,Gift Card,SEO Title,SEO Description,Variant Image,Variant Weight Unit,"
    "Variant Tax Code,Cost per item,Status\n"
)
SHOPIFY = SHOPIFY_HEADER + (
    'tour-tee,Tour Tee,"<p>Soft <strong>cotton</strong> tee &amp; dates on the back.</p>'
    '<ul><li>Unisex</li><li>Printed in Berlin</li></ul>",Band,Apparel,Shirts,tour,TRUE,Size,'
    "Small,Colour,Black,,,TEE-S-B,200,shopify,12,deny,manual,25.00,,TRUE,TRUE,,"
    "https://cdn.example/tee.jpg,1,,FALSE,,,,g,,9.00,active\n"
    "tour-tee,,,,,,,,,Medium,,Black,,,TEE-M-B,200,shopify,20,deny,manual,25.00,,TRUE,TRUE,"
    ",,,,,,,,g,,,\n"
    "tour-tee,,,,,,,,,Large,,White,,,TEE-L-W,200,shopify,8,deny,manual,25.00,,TRUE,TRUE,"
    ",,,,,,,,g,,,\n"
    "tour-tee,,,,,,,,,,,,,,,,,,,,,,,,,https://cdn.example/tee-back.jpg,2,,,,,,,,,\n"
    "poster,Tour Poster,Screen printed,Band,Art,Posters,,TRUE,Title,Default Title,,,,,POS-1,"
    "100,shopify,50,deny,manual,15.00,,TRUE,TRUE,,,,,FALSE,,,,g,,,active\n"
)


def items_of(sandbox: Sandbox, event: str) -> dict[str, dict[str, Any]]:
    """Each item on the server with its attributes' quantities by name, read over HTTP."""
    found: dict[str, dict[str, Any]] = {}
    for item in sandbox.call(lambda c: c.list("item", {"event_id": event})):
        attributes = sandbox.call(
            lambda c, i=item: c.list("attribute", {"event_id": event, "item_id": i["id"]})
        )
        item["sizes"] = {a["name"]: a["quantity_total"] for a in attributes}
        found[item["name"]] = item
    return found


def import_items(run_cli: Cli, sandbox: Sandbox, event: str, path: Path, *more: str) -> Any:
    return run_cli("import", "items", str(path), "--event", event, "--rate", "1000",
                   *ITEM_CONSTANTS, *more, env=sandbox.env)  # fmt: skip


def results_of(export: Path) -> dict[str, dict[str, str]]:
    """The rows of an import's results file (not a dry run's) by row number."""
    files = export.parent.glob(f"{export.name}.*results.csv")
    found = [p for p in files if "dry-run" not in p.name]
    with found[0].open(encoding="utf-8-sig", newline="") as file:
        return {row["row"]: row for row in csv.DictReader(file)}


def statuses(export: Path) -> list[str]:
    return [row["status"] for row in results_of(export).values()]


def test_a_shopify_products_export_is_imported_as_it_comes(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    export = tmp_path / "products_export_1.csv"
    export.write_text(SHOPIFY, encoding="utf-8")
    dry = import_items(run_cli, sandbox, event, export, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "warning: products_export_1.csv: read as a Shopify products export\n" in dry.stdout
    done = import_items(run_cli, sandbox, event, export)
    assert done.exit_code == 0, done.output
    assert "warning: products_export_1.csv: read as a Shopify products export\n" in done.stdout
    items = items_of(sandbox, event)
    tee, poster = items["Tour Tee"], items["Tour Poster"]
    assert tee["description"] == (
        "Soft cotton tee & dates on the back.\n- Unisex\n- Printed in Berlin"
    )
    assert (tee["price"], tee["default_quantity_total"], tee["per_registrant_limit"]) == (
        25.0, 40, 4,
    )  # fmt: skip
    assert tee["sizes"] == {"Small / Black": 12, "Medium / Black": 20, "Large / White": 8}
    assert (poster["price"], poster["default_quantity_total"], poster["sizes"]) == (15.0, 50, {})
    assert poster["description"] == "Screen printed"
    assert statuses(export) == ["created"] * 4  # the image row holds nothing to import


def test_a_shopify_variant_priced_apart_is_refused(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    export = tmp_path / "products_export.csv"
    export.write_text(SHOPIFY.replace("TEE-L-W,200,shopify,8,deny,manual,25.00",
                                      "TEE-L-W,200,shopify,8,deny,manual,27.00"),
                      encoding="utf-8")  # fmt: skip
    done = import_items(run_cli, sandbox, event, export)
    assert done.exit_code == 1, done.output
    rows = {n: (row["status"], row["error"]) for n, row in results_of(export).items()}
    assert rows["4"] == ("invalid", "Variant Price: differs from the item's first row 2 "
                                    "(it is 25.0 there)")  # fmt: skip
    assert set(items_of(sandbox, event)) == {"Tour Poster"}


SQUARE_HEADER = [
    "Token", "Item Name", "Variation Name", "Unit and Precision", "SKU", "Description",
    "Category", "SEO Title", "SEO Description", "Permalink", "Square Online Item Visibility",
    "Weight (lb)", "Shipping Enabled", "Self-serve Ordering Enabled", "Delivery Enabled",
    "Pickup Enabled", "Price", "Online Sale Price", "Archived", "Sellable", "Contains Alcohol",
    "Stockable", "Skip Detail Screen in POS", "Option Name 1", "Option Value 1",
    "Default Unit Cost", "Default Vendor Name", "Default Vendor Code", "Enabled Main Street",
    "Current Quantity Main Street", "New Quantity Main Street", "Stock Alert Enabled Main Street",
    "Stock Alert Count Main Street", "Price Main Street", "Enabled Festival Tent",
    "Current Quantity Festival Tent", "New Quantity Festival Tent",
    "Stock Alert Enabled Festival Tent", "Stock Alert Count Festival Tent",
    "Price Festival Tent",
]  # fmt: skip


def square_row(name: str, variation: str, price: Any, main: Any, tent: Any) -> list[Any]:
    cells: dict[str, Any] = dict.fromkeys(SQUARE_HEADER, "")
    cells.update({
        "Token": f"TK{abs(hash((name, variation))) % 10_000}", "Item Name": name,
        "Variation Name": variation, "Description": "<p>Heavy <em>fleece</em></p>"
        if name == "Festival Hoodie" else "Woven", "Price": price, "Sellable": "Y",
        "Stockable": "Y", "Enabled Main Street": "Y", "Current Quantity Main Street": main,
        "Enabled Festival Tent": "Y", "Current Quantity Festival Tent": tent,
    })  # fmt: skip
    return [cells[h] for h in SQUARE_HEADER]


SQUARE_ROWS = [
    square_row("Festival Hoodie", "Small", "45.00", 3, 4),
    square_row("Festival Hoodie", "Medium", "45.00", 5, 0),
    square_row("Festival Hoodie", "Large", "45.00", "", 2),
    square_row("Lanyard", "Regular", "5.00", 6, 10),
]


def check_square(sandbox: Sandbox, event: str) -> None:
    items = items_of(sandbox, event)
    hoodie, lanyard = items["Festival Hoodie"], items["Lanyard"]
    assert (hoodie["price"], hoodie["default_quantity_total"], hoodie["description"]) == (
        45.0, 14, "Heavy fleece",
    )  # fmt: skip
    assert hoodie["sizes"] == {"Small": 7, "Medium": 5, "Large": 2}
    assert (lanyard["price"], lanyard["default_quantity_total"], lanyard["sizes"]) == (5.0, 16, {})


def test_a_square_item_library_csv_with_two_locations(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    export = tmp_path / "item-library.csv"
    with export.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([SQUARE_HEADER, *SQUARE_ROWS])
    done = import_items(run_cli, sandbox, event, export)
    assert done.exit_code == 0, done.output
    assert "warning: item-library.csv: read as a Square item library export\n" in done.stdout
    check_square(sandbox, event)
    assert statuses(export) == ["created"] * 4


def test_a_square_item_library_xlsx(run_cli: Cli, sandbox: Sandbox, tmp_path: Path) -> None:
    event = sandbox.new_event()
    typed = [[float(c) if h == "Price" else c for h, c in zip(SQUARE_HEADER, row, strict=True)]
             for row in SQUARE_ROWS]  # fmt: skip
    export = write_xlsx(tmp_path / "item-library.xlsx", [SQUARE_HEADER, *typed], title="Items")
    done = import_items(run_cli, sandbox, event, export)
    assert done.exit_code == 0, done.output
    assert "warning: item-library.xlsx: read as a Square item library export\n" in done.stdout
    check_square(sandbox, event)
