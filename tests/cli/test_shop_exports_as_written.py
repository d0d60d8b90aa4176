"""Shop exports written as the shops' own exporters write them, beyond the shapes of
tests/cli/test_shop_exports.py (issue 23, a second look): Shopify discount codes whose
amount is written `-10.0` or `-5`, free shipping and buy X get Y codes, WooCommerce's
descriptions with their newlines written `\\n`. Each checked on the simulator over HTTP."""

from __future__ import annotations

import shlex
from pathlib import Path

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.cli.test_shop_exports import imported, outcomes
from tests.plain_http import get

DISCOUNTS = (
    "Name,Value,Value Type,Type,Applies To,Usage Limit,Times Used,Starts,Ends,Status\n"
    "TENOFF,-10.0,fixed_amount,Amount off order,Entire order,,0,"
    "2026-01-01 00:00:00 -0500,,Active\n"
    "FIVEOFF,-5,fixed_amount,Amount off products,VIP,20,0,2026-01-01 00:00:00 -0500,,Active\n"
    "SHIPFREE,-100.0,percentage,Free shipping,Entire order,,0,2026-01-01 00:00:00 -0500,,"
    "Active\n"
    "TWOFORONE,,,Buy X get Y,VIP,,0,2026-01-01 00:00:00 -0500,,Active\n"
)


def test_shopify_amounts_off_as_shopify_writes_them_and_codes_an_event_has_not(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    vip = sandbox.call(lambda c: c.create("fee", {"event_id": event}, {"label": "VIP", "fee": 90}))
    export = tmp_path / "discounts_export.csv"
    export.write_text(DISCOUNTS, encoding="utf-8")
    done = run_cli("import", "promocodes", str(export), "--event", event, "--rate", "1000",
                   env=sandbox.env)  # fmt: skip
    assert done.exit_code == 1, done.output
    rows = outcomes(export)
    assert rows == {
        "2": ("created", ""),
        "3": ("created", ""),
        "4": ("invalid", "Type: a free shipping code has no counterpart in an event (no "
                         "shipping to take off): leave its row out"),
        "5": ("invalid", "Type: a buy X get Y code has no counterpart in an event: leave its "
                         "row out"),
    }  # fmt: skip
    held = get(sandbox.base, f"eventspot/events/{event}/promocodes")
    got = {
        c["code_name"]: (c["discount_type"], c.get("discount_amount"), c.get("discount_percent"),
                         c["fee_ids"], c["quantity_total"])
        for c in held
    }  # fmt: skip
    assert got == {
        "TENOFF": ("AMOUNT", 10.0, None, [], -1),
        "FIVEOFF": ("AMOUNT", 5.0, None, [vip["id"]], 20),
    }


WOO_HEADER = (
    "ID,Type,SKU,Name,Published,Is featured?,Visibility in catalog,Short description,"
    "Description,In stock?,Stock,Sale price,Regular price,Categories,Parent,Position,"
    "Attribute 1 name,Attribute 1 value(s),Attribute 1 visible,Attribute 1 global\n"
)
# WooCommerce's exporter writes a description's newlines as the two characters \n (and a
# written \n as \\n), so that each product stays on one line of the CSV
WOO = WOO_HEADER + (
    '301,variable,SCARF,Wool Scarf,1,0,visible,,"Knitted by hand.\\n\\n<strong>Pure</strong>'
    ' wool",1,,,,Winter,,0,Colour,"Grey, Red",1,1\n'
    "302,variation,SCARF-G,Wool Scarf - Grey,1,0,visible,,,1,6,,30,,id:301,1,Colour,Grey,,1\n"
    "303,variation,SCARF-R,Wool Scarf - Red,1,0,visible,,,1,4,,30,,id:301,2,Colour,Red,,1\n"
    '304,simple,MAP,Festival Map,1,0,visible,,"Folded A2\\nPrinted on C:\\\\new paper"'
    ",1,50,,2,Paper,,0,,,,\n"
)


def test_a_woocommerce_description_keeps_its_lines(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    export = tmp_path / "wc-product-export.csv"
    done, event = imported(run_cli, sandbox, export, WOO)
    assert done.exit_code == 0, done.output
    held = {i["name"]: i for i in get(sandbox.base, f"eventspot/events/{event}/items")}
    assert held["Wool Scarf"]["description"] == "Knitted by hand.\nPure wool"
    assert held["Festival Map"]["description"] == "Folded A2\nPrinted on C:\\new paper"
    assert {a["name"]: a["quantity_total"] for a in held["Wool Scarf"]["attributes"]} == {
        "Grey": 6, "Red": 4,
    }  # fmt: skip


def test_the_command_columns_suggest_gives_for_a_shop_export_runs(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    export = tmp_path / "wc-product-export.csv"
    export.write_text(WOO, encoding="utf-8")
    suggested = run_cli("columns", "items", "--suggest", str(export))
    assert suggested.exit_code == 0, suggested.output
    first = suggested.stdout.splitlines()[0]
    command = first[first.index("(") + 1 : first.rindex(")")]
    assert command == (
        f"bulkspot import items {export} --set per_registrant_limit=VALUE --set "
        "show_quantity_available=VALUE"
    )
    given = command.replace("limit=VALUE", "limit=2").replace("available=VALUE", "available=no")
    done = run_cli(*shlex.split(given)[1:], "--event", event, "--rate", "1000", env=sandbox.env)
    assert done.exit_code == 0, done.output
    held = get(sandbox.base, f"eventspot/events/{event}/items")
    assert {i["name"]: (i["per_registrant_limit"], i["show_quantity_available"]) for i in held} == {
        "Wool Scarf": (2, False), "Festival Map": (2, False),
    }  # fmt: skip


SHOPIFY_WITHOUT_A_FIRST_ROW = (
    "Handle,Title,Body (HTML),Option1 Name,Option1 Value,Variant SKU,Variant Inventory Qty,"
    "Variant Price,Image Src\n"
    "tee,Tee,Soft,Size,S,T-S,3,20.00,https://cdn.example/tee.jpg\n"
    "tee,,,,M,T-M,4,20.00,\n"
    "tee,,,,,,,,https://cdn.example/tee-back.jpg\n"
    "mug,,,,Blue,M-B,5,20.00,\n"
    "mug,,,,Red,M-R,6,20.00,\n"
)


def test_a_shopify_product_without_its_first_row_is_no_size_of_the_one_above(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    export = tmp_path / "products_export.csv"
    done, event = imported(run_cli, sandbox, export, SHOPIFY_WITHOUT_A_FIRST_ROW)
    assert done.exit_code == 1, done.output
    rows = outcomes(export)
    assert rows == {
        "2": ("created", ""),
        "3": ("created", ""),
        "5": ("invalid", "Title: is blank on the first row of 'mug', whose variants would "
                         "otherwise be taken as sizes of 'tee' above it: give the product its "
                         "Title"),
        "6": ("invalid", "Title: the item's row 5 is invalid"),
    }  # fmt: skip
    held = get(sandbox.base, f"eventspot/events/{event}/items")
    assert [(i["name"], i["default_quantity_total"]) for i in held] == [("Tee", 7)]
    assert {a["name"]: a["quantity_total"] for a in held[0]["attributes"]} == {"S": 3, "M": 4}


# the discount codes export as Excel saves it where the comma is the decimal mark
DISCOUNTS_SAVED_IN_EUROPE = (
    "Name;Value;Value Type;Type;Applies To;Usage Limit;Times Used;Starts;Ends;Status\n"
    "ZWANZIG;-20,0;percentage;Amount off order;Entire order;100;4;2026-03-01 00:00:00 -0500;;"
    "Active\n"
    "ZEHNFUENFZIG;-10,50;fixed_amount;Amount off products;VIP;;0;2026-01-01 00:00:00 -0500;;"
    "Active\n"
    "TAUSENDFUENF;-1.500,00;fixed_amount;Amount off order;Entire order;;0;"
    "2026-01-01 00:00:00 -0500;;Active\n"
    "GLATT25;-25;fixed_amount;Amount off order;Entire order;;0;"
    "2026-01-01 00:00:00 -0500;;Active\n"
)


def test_a_shopify_discount_codes_export_saved_with_decimal_commas(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event(currency_type="EUR")
    vip = sandbox.call(lambda c: c.create("fee", {"event_id": event}, {"label": "VIP", "fee": 90}))
    export = tmp_path / "discounts_export.csv"
    export.write_text(DISCOUNTS_SAVED_IN_EUROPE, encoding="utf-8-sig")
    done = run_cli("import", "promocodes", str(export), "--event", event, "--rate", "1000",
                   "--currency", "EUR", env=sandbox.env)  # fmt: skip
    assert done.exit_code == 0, done.output
    held = get(sandbox.base, f"eventspot/events/{event}/promocodes")
    got = {
        c["code_name"]: (c["discount_type"], c.get("discount_amount"), c.get("discount_percent"),
                         c["fee_ids"], c["quantity_total"])
        for c in held
    }  # fmt: skip
    assert got == {
        "ZWANZIG": ("PERCENT", None, 20, [], 100),
        "ZEHNFUENFZIG": ("AMOUNT", 10.5, None, [vip["id"]], -1),
        "TAUSENDFUENF": ("AMOUNT", 1500.0, None, [], -1),
        "GLATT25": ("AMOUNT", 25.0, None, [], -1),
    }


SHOPIFY_TWO_PRODUCTS_ONE_TITLE = (
    "Handle,Title,Body (HTML),Option1 Name,Option1 Value,Variant SKU,Variant Inventory Qty,"
    "Variant Price\n"
    "tee-black,Band Tee,,Size,S,TB-S,3,20.00\n"
    "tee-black,,,,M,TB-M,4,20.00\n"
    "tee-white,Band Tee,,Size,L,TW-L,5,20.00\n"
    "tee-white,,,,XL,TW-XL,6,20.00\n"
)


def test_two_shopify_products_of_one_title_are_not_made_one_item(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    export = tmp_path / "products_export.csv"
    done, event = imported(run_cli, sandbox, export, SHOPIFY_TWO_PRODUCTS_ONE_TITLE)
    assert done.exit_code == 1, done.output
    rows = outcomes(export)
    assert rows == {
        "2": ("created", ""),
        "3": ("created", ""),
        "4": ("invalid", "Title: 'Band Tee' is also the Title of 'tee-black': an event's items "
                         "are told apart by name, so give one of them another Title"),
        "5": ("invalid", "Title: the item's row 4 is invalid"),
    }  # fmt: skip
    held = get(sandbox.base, f"eventspot/events/{event}/items")
    assert [(i["name"], i["default_quantity_total"]) for i in held] == [("Band Tee", 7)]
    assert {a["name"]: a["quantity_total"] for a in held[0]["attributes"]} == {"S": 3, "M": 4}


SHOPIFY_NOT_ALL_ON_SALE = (
    "Handle,Title,Body (HTML),Option1 Name,Option1 Value,Variant Inventory Qty,Variant Price,"
    "Status\n"
    "poster,Poster,,Title,Default Title,10,15.00,active\n"
    "old-poster,Old Poster,,Title,Default Title,30,12.00,archived\n"
    "new-poster,New Poster,,Title,Default Title,8,18.00,draft\n"
)


def test_shopify_products_not_on_sale_are_said_on_their_rows(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    export = tmp_path / "products_export.csv"
    done, event = imported(run_cli, sandbox, export, SHOPIFY_NOT_ALL_ON_SALE)
    assert done.exit_code == 0, done.output
    assert (
        "warning: products Shopify does not sell now (Status draft or archived) are items on "
        "sale like the others: row 3 'Old Poster' (archived), row 4 'New Poster' (draft); "
        "leave their rows out to leave them out\n"
    ) in done.stdout
    rows = outcomes(export)
    assert rows == {
        "2": ("created", ""),
        "3": ("created", "archived in Shopify, but an item on sale here"),
        "4": ("created", "draft in Shopify, but an item on sale here"),
    }
    held = get(sandbox.base, f"eventspot/events/{event}/items")
    assert sorted(i["name"] for i in held) == ["New Poster", "Old Poster", "Poster"]
