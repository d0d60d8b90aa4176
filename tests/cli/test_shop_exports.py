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


def imported(run_cli: Cli, sandbox: Sandbox, export: Path, text: str) -> tuple[Any, str]:
    """`text` written to `export` as a shop wrote it and imported into a new event: the
    command's result and the event's id."""
    event = sandbox.new_event()
    export.write_text(text, encoding="utf-8")
    return import_items(run_cli, sandbox, event, export), event


def outcomes(export: Path) -> dict[str, tuple[str, str]]:
    """Each row's status and error in the import's results file, by row number."""
    return {n: (row["status"], row["error"]) for n, row in results_of(export).items()}


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
    rows = outcomes(export)
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


WOO_HEADER = (
    "ID,Type,SKU,Name,Published,Is featured?,Visibility in catalog,Short description,"
    "Description,Date sale price starts,Date sale price ends,Tax status,Tax class,In stock?,"
    "Stock,Low stock amount,Backorders allowed?,Sold individually?,Weight (kg),Length (cm),"
    "Width (cm),Height (cm),Allow customer reviews?,Purchase note,Sale price,Regular price,"
    "Categories,Tags,Shipping class,Images,Download limit,Download expiry days,Parent,"
    "Grouped products,Upsells,Cross-sells,External URL,Button text,Position,Attribute 1 name,"
    "Attribute 1 value(s),Attribute 1 visible,Attribute 1 global\n"
)
WOO = WOO_HEADER + (
    '101,variable,CAP,Festival Cap,1,0,visible,,"<p>One size <b>fits</b> all</p>",,,taxable,,1,'
    ',,0,0,,,,,1,,,,Merch,,,,,,,,,,,,0,Colour,"Red, Blue",1,1\n'
    "102,variation,CAP-R,Festival Cap - Red,1,0,visible,,,,,taxable,parent,1,15,,0,0,,,,,0,,,"
    "18,,,,,,,id:101,,,,,,1,Colour,Red,,1\n"
    "103,variation,CAP-B,Festival Cap - Blue,1,0,visible,,,,,taxable,parent,1,9,,0,0,,,,,0,,,"
    "18,,,,,,,id:101,,,,,,2,Colour,Blue,,1\n"
    "104,simple,PIN,Enamel Pin,1,0,visible,,Gold plated,,,taxable,,1,60,,0,0,,,,,1,,,4.50,"
    "Merch,,,,,,,,,,,,0,,,,\n"
)


def test_a_woocommerce_products_export_variable_and_variations(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    export = tmp_path / "wc-product-export.csv"
    done, event = imported(run_cli, sandbox, export, WOO)
    assert done.exit_code == 0, done.output
    assert "warning: wc-product-export.csv: read as a WooCommerce products export\n" in done.stdout
    items = items_of(sandbox, event)
    cap, pin = items["Festival Cap"], items["Enamel Pin"]
    assert (cap["price"], cap["default_quantity_total"], cap["description"]) == (
        18.0, 24, "One size fits all",
    )  # fmt: skip
    assert cap["sizes"] == {"Red": 15, "Blue": 9}
    assert (pin["price"], pin["default_quantity_total"], pin["sizes"]) == (4.5, 60, {})
    assert statuses(export) == ["created"] * 4


def test_a_woocommerce_variation_away_from_its_product_is_refused_on_its_row(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    lines = WOO.splitlines(keepends=True)
    export = tmp_path / "wc-product-export.csv"
    export.write_text("".join([lines[0], lines[1], lines[2], lines[4], lines[3]]), "utf-8")
    done = import_items(run_cli, sandbox, event, export)
    assert done.exit_code == 1, done.output
    row = results_of(export)["5"]
    assert (row["status"], row["error"]) == ("invalid", (
        "Parent: a variation of 'id:101', which is not the product above it: list each "
        "product's variations right after it"
    ))  # fmt: skip
    assert items_of(sandbox, event)["Festival Cap"]["sizes"] == {"Red": 15}


DISCOUNTS = (
    "Name,Value,Value Type,Type,Applies To,Usage Limit,Times Used,Starts,Ends,Status\n"
    "SPRING20,-20.0,percentage,Amount off order,Entire order,100,3,"
    "2026-03-01 00:00:00 -0500,,Active\n"
    'VIPFIFTY,-150.00,fixed_amount,Amount off products,"VIP, Backstage",5,0,'
    "2026-01-01 00:00:00 -0500,,Active\n"
    "SUMMER10,-10.0,percentage,Amount off order,Entire order,,40,2026-06-01 00:00:00 -0400,"
    "2026-08-31 23:59:00 -0400,Expired\n"
    "LATEDEAL,-5.0,percentage,Amount off order,Entire order,,0,2026-01-01 00:00:00 -0500,"
    "2026-02-01 00:00:00 -0500,Active\n"
    "XMAS2099,-25.0,percentage,Amount off order,Entire order,,0,2099-12-01 00:00:00 -0500,,"
    "Scheduled\n"
)


def test_a_shopify_discount_codes_export_becomes_promocodes(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    fees = {}
    for label in ("VIP", "Backstage"):
        made = sandbox.call(lambda c, name=label: c.create("fee", {"event_id": event},
                                                        {"label": name, "fee": 200}))  # fmt: skip
        fees[made["id"]] = label
    export = tmp_path / "discounts_export.csv"
    export.write_text(DISCOUNTS, encoding="utf-8")
    done = run_cli("import", "promocodes", str(export), "--event", event, "--rate", "1000",
                   env=sandbox.env)  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "warning: discounts_export.csv: read as a Shopify discount codes export\n" in done.stdout
    assert (
        "warning: codes made paused, as they are not live in Shopify now: row 4 'SUMMER10' "
        "(ended 2026-08-31 23:59:00 -0400), row 5 'LATEDEAL' (ended 2026-02-01 00:00:00 -0500), "
        "row 6 'XMAS2099' (starts 2099-12-01 00:00:00 -0500)\n"
    ) in done.stdout
    codes = {c["code_name"]: c for c in sandbox.call(
        lambda c: c.list("promocode", {"event_id": event}))}  # fmt: skip
    got = {
        name: (c["discount_type"], c.get("discount_percent"), c.get("discount_amount"),
               c["discount_scope"], sorted(fees[f] for f in c.get("fee_ids") or []),
               c["quantity_total"], c["is_paused"])
        for name, c in codes.items()
    }  # fmt: skip
    assert got == {
        "SPRING20": ("PERCENT", 20, None, "ORDER_TOTAL", [], 100, False),
        "VIPFIFTY": ("AMOUNT", None, 150.0, "FEE_LIST", ["Backstage", "VIP"], 5, False),
        "SUMMER10": ("PERCENT", 10, None, "ORDER_TOTAL", [], -1, True),
        "LATEDEAL": ("PERCENT", 5, None, "ORDER_TOTAL", [], -1, True),
        "XMAS2099": ("PERCENT", 25, None, "ORDER_TOTAL", [], -1, True),
    }


def test_columns_suggest_says_a_shop_export_needs_no_mapping(run_cli: Cli, tmp_path: Path) -> None:
    export = tmp_path / "products_export.csv"
    export.write_text(SHOPIFY, encoding="utf-8")
    suggested = run_cli("columns", "items", "--suggest", str(export))
    assert suggested.exit_code == 0, suggested.output
    assert suggested.stdout == (
        "# products_export.csv is read as a Shopify products export: it needs no mapping file; "
        "it has no per_registrant_limit and no show_quantity_available, which --set gives "
        f"every row (bulkspot import items {export} --set per_registrant_limit=VALUE --set "
        "show_quantity_available=VALUE).\n"
        "# Its columns are read as below; to read one otherwise, give --map COLUMN=FIELD.\n"
        "# Title=name\n"
        "# Body (HTML)=description\n"
        "# Option1 Value=attribute\n"
        "# Variant Inventory Qty=default_quantity_total\n"
        "# Variant Price=price\n"
    )


def test_a_map_over_a_shop_export_wins_however_the_header_is_spelt(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    export = tmp_path / "products_export.csv"
    export.write_text(SHOPIFY, encoding="utf-8")
    done = import_items(run_cli, sandbox, event, export, "--map", "body (html)=-")
    assert done.exit_code == 0, done.output
    assert {i.get("description") for i in items_of(sandbox, event).values()} == {None}
