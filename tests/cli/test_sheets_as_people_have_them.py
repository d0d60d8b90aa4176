"""Sheets written the way shop systems and Excel write them (issue 12: headers as people write
them, locale), imported end to end against the simulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.sources.files import write_xlsx

SHOP_CSV = (
    "Handle,Title,Price ($),Inventory,Max per order,Show stock?,Vendor\n"
    "sun-hat,Sun Hat,12.50,40,2,yes,Acme\n"
    "mug,Mug,8.00,100,4,no,Acme\n"
)


def _items(sandbox: Sandbox, event: str) -> dict[str, dict[str, Any]]:
    found = sandbox.call(lambda c: c.list("item", {"event_id": event}))
    return {item["name"]: item for item in found}


def _import(run_cli: Cli, sandbox: Sandbox, event: str, path: Path, *more: str) -> Any:
    return run_cli("import", "items", str(path), "--event", event, "--rate", "500",
                   *more, env=sandbox.env)  # fmt: skip


def test_a_shop_export_is_refused_with_the_map_to_type_then_imported_with_the_suggested_file(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    shop = tmp_path / "products_export.csv"
    shop.write_text(SHOP_CSV, encoding="utf-8")
    refused = _import(run_cli, sandbox, event, shop)
    assert refused.exit_code == 2
    assert refused.stderr == (
        "Error: an items sheet needs a column for:\n"
        "  show_quantity_available (or Show Quantity, Show Qty, Show Available); 'Show stock?' "
        "is close: --map 'Show stock?=show_quantity_available'"
        "; or give one value for every row with --set show_quantity_available=VALUE\n"
        "this sheet's columns are 'Handle', 'Title', 'Price ($)', 'Inventory', 'Max per "
        "order', 'Show stock?', 'Vendor' (see `bulkspot columns items`, or name a column with "
        "--map COLUMN=FIELD)\n"
    )
    suggested = run_cli("columns", "items", "--suggest", str(shop))
    assert suggested.exit_code == 0, suggested.output
    assert suggested.stdout == (
        "# How bulkspot reads the columns of products_export.csv as an items sheet.\n"
        "# One COLUMN=FIELD a line; a line starting with # is not read. Take the # off a\n"
        f"# line to read that column, then: bulkspot import items {shop} --map @THIS_FILE\n"
        "# 'Handle' names no column and none is close; not read:\n"
        "# Handle=-\n"
        "Title=name\n"
        "Price ($)=price\n"
        "Inventory=default_quantity_total\n"
        "Max per order=per_registrant_limit\n"
        "# 'Show stock?' names no column; closest: show_quantity_available\n"
        "# Show stock?=show_quantity_available\n"
        "# 'Vendor' names no column and none is close; not read:\n"
        "# Vendor=-\n"
    )
    mapping = tmp_path / "items.map"
    mapping.write_text(
        suggested.stdout.replace("# Show stock?=", "Show stock?=").replace("# Vendor=", "Vendor="),
        encoding="utf-8",
    )
    done = _import(run_cli, sandbox, event, shop, "--map", f"@{mapping}")
    assert done.exit_code == 0, done.output
    assert "warning: columns not read: 'Handle' (not columns of an items sheet" in done.stdout
    items = _items(sandbox, event)
    hat = items["Sun Hat"]
    assert (hat["price"], hat["default_quantity_total"], hat["per_registrant_limit"],
            hat["show_quantity_available"]) == (12.5, 40, 2, True)  # fmt: skip
    assert items["Mug"]["show_quantity_available"] is False


def test_a_mapping_file_that_cannot_be_used(run_cli: Cli, tmp_path: Path) -> None:
    shop = tmp_path / "products_export.csv"
    shop.write_text(SHOP_CSV, encoding="utf-8")
    bad = tmp_path / "items.map"
    bad.write_text("Title=name\nShow stock?\n", encoding="utf-8")
    env = {"CTCT_API_KEY": "k", "CTCT_ACCESS_TOKEN": "t"}
    for given, why in [
        (f"@{bad}", f"{bad}, line 2: 'Show stock?' is not COLUMN=FIELD (such as Price ($)=price; "
                    "a line starting with # is a comment)"),
        (f"@{tmp_path / 'none.map'}",
         f"@{tmp_path / 'none.map'}: the mapping file cannot be read (No such file or directory)"),
    ]:  # fmt: skip
        result = run_cli("import", "items", str(shop), "--event", "E1", "--map", given, env=env)
        assert result.exit_code == 2
        assert result.stderr.endswith(f"Error: Invalid value for '--map': {why}\n")


def test_an_excel_sheet_with_a_title_and_a_blank_row_above_the_header(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    path = write_xlsx(tmp_path / "inventory.xlsx", [
        ["Spring Fair — Inventory"],
        [],
        ["Item", "Price", "Qty", "Limit", "Show Quantity"],
        ["Hat", 12.5, 40, 2, True],
    ])  # fmt: skip
    result = _import(run_cli, sandbox, event, path, "--results", str(tmp_path / "r.csv"))
    assert result.exit_code == 0, result.output
    assert (
        "warning: inventory.xlsx: the header is row 3; rows 1-2 above it (a title) are not "
        "read (--header-row N to choose another row)\n"
    ) in result.stdout
    assert _items(sandbox, event)["Hat"]["price"] == 12.5
    rows = (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("Item,Price,Qty,Limit,Show Quantity,row,status")
    assert rows[1].startswith("Hat,12.5,40,2,True,4,created")


def test_a_european_semicolon_sheet_with_decimal_commas(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    path = tmp_path / "inventar.csv"
    path.write_bytes(
        "name;description;price;quantity;limit;show qty\r\n"
        "Tasse;Keramik, 0,3 l;35,00;10;2;yes\r\n"
        "Poster;A2;1.234,50;1.000;1;no\r\n".encode("cp1252")
    )  # as Excel saves "CSV (semicolon separated)" in a German locale
    result = _import(run_cli, sandbox, event, path)
    assert result.exit_code == 0, result.output
    items = _items(sandbox, event)
    assert (items["Tasse"]["price"], items["Tasse"]["description"]) == (35.0, "Keramik, 0,3 l")
    assert (items["Poster"]["price"], items["Poster"]["default_quantity_total"]) == (1234.5, 1000)


def test_decimal_comma_forced_and_a_mixed_sheet_refused_cell_by_cell(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    ambiguous = tmp_path / "ambiguous.csv"  # 1.250 alone: a thousand and a quarter, or 1.25?
    ambiguous.write_text("name;price;qty;limit;show qty\nBanner;1.250;5;1;yes\n", "utf-8")
    forced = _import(run_cli, sandbox, event, ambiguous, "--decimal-comma")
    assert forced.exit_code == 0, forced.output
    assert _items(sandbox, event)["Banner"]["price"] == 1250
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("name;price;qty;limit;show qty\nCap;35,00;5;1;yes\nPin;2.50;5;1;no\n", "utf-8")
    out = tmp_path / "mixed.results.csv"
    result = _import(run_cli, sandbox, event, mixed, "--results", str(out))
    assert result.exit_code == 1, result.output
    assert (
        "  row 2: invalid: price: '35,00' is not a number: write decimals with a point and "
        "thousands as 1,000, or give --decimal-comma if this sheet writes decimal commas "
        "(35,00)\n"
    ) in result.stdout
    assert _items(sandbox, event)["Pin"]["price"] == 2.5


def test_header_row_given(run_cli: Cli, sandbox: Sandbox, tmp_path: Path) -> None:
    event = sandbox.new_event()
    path = tmp_path / "items.csv"
    path.write_text(
        "Item,Price\nreport of 2027-03-01,\nname,price,qty,limit,show qty\nHat,5,1,1,yes\n",
        encoding="utf-8",
    )
    result = _import(run_cli, sandbox, event, path, "--header-row", "3")
    assert result.exit_code == 0, result.output
    assert "Hat" in _items(sandbox, event)
    blank = _import(run_cli, sandbox, event, path, "--header-row", "9")
    assert blank.exit_code == 2
    assert blank.stderr == "Error: items.csv: --header-row 9: the sheet has 4 rows\n"
