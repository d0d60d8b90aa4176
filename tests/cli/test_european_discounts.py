"""Promocodes and fees on a `;` sheet of decimal commas, into an event in euros (issue 23): a
discount that does not say what it is, or an amount finer than a cent, is refused with
advice written as the sheet writes numbers, and the advice followed is what the server then
holds (read over HTTP)."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.plain_http import get


def results_of(sheet: Path) -> dict[str, dict[str, str]]:
    """The rows of the import's results file, `;`-separated as its sheet, by row number."""
    found = [p for p in sheet.parent.glob(f"{sheet.name}.*results.csv") if "dry" not in p.name]
    with found[0].open(encoding="utf-8-sig", newline="") as file:
        return {row["row"]: row for row in csv.DictReader(file, delimiter=";")}


def import_codes(run_cli: Cli, sandbox: Sandbox, event: str, sheet: Path) -> int:
    done = run_cli("import", "promocodes", str(sheet), "--event", event, "--rate", "1000",
                   "--currency", "EUR", env=sandbox.env)  # fmt: skip
    return done.exit_code


def test_advice_on_a_sheet_of_decimal_commas_is_taken_as_written(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event(currency_type="EUR")
    sheet = tmp_path / "codes.csv"
    sheet.write_text("code_name;discount\nHALBFUENF;5,5\nTAUSEND;1.500\nZWOELF;12,00\n", "utf-8")
    assert import_codes(run_cli, sandbox, event, sheet) == 1
    refused = {n: (row["status"], row["error"]) for n, row in results_of(sheet).items()}
    assert refused == {
        "2": ("invalid", "discount: '5,5' does not say what it is: write 5,50 for an amount "
                         "off, or a whole percent (5% or 6%) for a percent off"),
        "3": ("invalid", "discount: '1.500' does not say what it is: write 1500,00 for an "
                         "amount off"),
        "4": ("created", ""),
    }  # fmt: skip
    fixed = tmp_path / "codes-fixed.csv"
    fixed.write_text("code_name;discount\nHALBFUENF;5,50\nTAUSEND;1500,00\n", "utf-8")
    assert import_codes(run_cli, sandbox, event, fixed) == 0
    held = get(sandbox.base, f"eventspot/events/{event}/promocodes")
    assert {c["code_name"]: (c["discount_type"], c["discount_amount"]) for c in held} == {
        "HALBFUENF": ("AMOUNT", 5.5), "TAUSEND": ("AMOUNT", 1500.0), "ZWOELF": ("AMOUNT", 12.0),
    }  # fmt: skip


def test_a_percent_column_on_a_sheet_of_decimal_commas(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event(currency_type="EUR")
    sheet = tmp_path / "codes.csv"
    sheet.write_text("code_name;discount_percent;discount_amount\nZWOELF;12,0;\nBETRAG;;7,50\n")
    assert import_codes(run_cli, sandbox, event, sheet) == 0
    held = get(sandbox.base, f"eventspot/events/{event}/promocodes")
    got = {c["code_name"]: (c.get("discount_percent"), c.get("discount_amount")) for c in held}
    assert got == {"ZWOELF": (12, None), "BETRAG": (None, 7.5)}


def test_a_fee_finer_than_a_cent_is_advised_in_commas_and_the_advice_is_read(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event(currency_type="EUR")
    sheet = tmp_path / "fees.csv"
    sheet.write_text("label;fee;early_fee\nStandard;19,999;15,00\nErmaessigt;9,50;\n")
    done = run_cli("import", "fees", str(sheet), "--event", event, "--rate", "1000",
                   "--currency", "EUR", env=sandbox.env)  # fmt: skip
    assert done.exit_code == 1, done.output
    row = results_of(sheet)["2"]
    assert (row["status"], row["error"]) == (
        "invalid", "fee: '19,999' has more decimals than EUR has cents: write 20,00 or 19,99"
    )  # fmt: skip
    fixed = tmp_path / "fees-fixed.csv"
    fixed.write_text("label;fee;early_fee\nStandard;19,99;15,00\n")
    done = run_cli("import", "fees", str(fixed), "--event", event, "--rate", "1000",
                   "--currency", "EUR", env=sandbox.env)  # fmt: skip
    assert done.exit_code == 0, done.output
    held = get(sandbox.base, f"eventspot/events/{event}/fees")
    got = {f["label"]: (f["fee"], f.get("early_fee")) for f in held}
    assert got == {"Standard": (19.99, 15.0), "Ermaessigt": (9.5, None)}
