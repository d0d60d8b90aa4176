"""Promocodes written as asked though likely not as meant are said on their rows (issue 23):
a usage limit of 0, code names that differ only by case, and Shopify's expired or
not-yet-started codes made paused; in the dry run, the summary and the results file."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.cli.test_shop_exports import DISCOUNTS, results_of

SHEET = (
    "code_name,discount,quantity_total\n"
    "FREE0,10%,0\n"
    "SUMMER,10%,5\n"
    "Summer,10%,5\n"
    "WINTER,10%,unlimited\n"
)
ZERO_NOTE = "a usage limit of 0: the code is used up (DEPLETED) as soon as it is made"
WARNINGS = (
    "warning: codes with a usage limit (quantity_total) of 0 are used up (DEPLETED) as soon as "
    "they are made: row 2 'FREE0'\n"
    "warning: codes that differ only by case from another row's: row 4 'Summer' (row 3 "
    "'SUMMER')\n"
)


def dry_results(sheet: Path) -> dict[str, dict[str, str]]:
    (found,) = sheet.parent.glob(f"{sheet.name}.*dry-run*results.csv")
    with found.open(encoding="utf-8-sig", newline="") as file:
        return {row["row"]: row for row in csv.DictReader(file)}


def test_a_zero_limit_and_names_by_case_are_said_on_their_rows(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    sheet = tmp_path / "codes.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    args = ("import", "promocodes", str(sheet), "--event", event, "--rate", "1000")
    dry = run_cli(*args, "--dry-run", env=sandbox.env)
    assert dry.exit_code == 0, dry.output
    assert WARNINGS in dry.stdout
    noted = {
        "FREE0": ZERO_NOTE,
        "SUMMER": "",
        "Summer": "the code 'Summer' differs only by case from row 3's 'SUMMER'",
        "WINTER": "",
    }
    assert {r["code_name"]: r["error"] for r in dry_results(sheet).values()} == noted
    done = run_cli(*args, env=sandbox.env)
    assert WARNINGS in done.stdout
    results = {r["code_name"]: (r["status"], r["error"]) for r in results_of(sheet).values()}
    codes = {c["code_name"]: c for c in sandbox.call(
        lambda c: c.list("promocode", {"event_id": event}))}  # fmt: skip
    assert {name: c["quantity_total"] for name, c in codes.items()} == {
        "FREE0": 0,
        "SUMMER": 5,
        "Summer": 5,
        "WINTER": -1,
    }  # warnings, not refusals
    assert results == {name: ("created", note) for name, note in noted.items()}


def test_shopify_codes_made_paused_say_so_on_their_rows(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    for label in ("VIP", "Backstage"):
        sandbox.call(lambda c, name=label: c.create("fee", {"event_id": event},
                                                 {"label": name, "fee": 200}))  # fmt: skip
    export = tmp_path / "discounts_export.csv"
    export.write_text(DISCOUNTS, encoding="utf-8")
    done = run_cli("import", "promocodes", str(export), "--event", event, "--rate", "1000",
                   env=sandbox.env)  # fmt: skip
    assert done.exit_code == 0, done.output
    results = {r["Name"]: (r["status"], r["error"]) for r in results_of(export).values()}
    assert results == {
        "SPRING20": ("created", ""),
        "VIPFIFTY": ("created", ""),
        "SUMMER10": ("created", "made paused, as it is not live in Shopify now "
                                "(ended 2026-08-31 23:59:00 -0400)"),
        "LATEDEAL": ("created", "made paused, as it is not live in Shopify now "
                                "(ended 2026-02-01 00:00:00 -0500)"),
        "XMAS2099": ("created", "made paused, as it is not live in Shopify now "
                                "(starts 2099-12-01 00:00:00 -0500)"),
    }  # fmt: skip
    paused = {c["code_name"]: c["is_paused"] for c in sandbox.call(
        lambda c: c.list("promocode", {"event_id": event}))}  # fmt: skip
    assert paused == {"SPRING20": False, "VIPFIFTY": False, "SUMMER10": True,
                      "LATEDEAL": True, "XMAS2099": True}  # fmt: skip
