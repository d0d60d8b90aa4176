"""A row hidden in the workbook (by hand, or filtered out) is refused on its row, saying so,
and not sent; the rows a person sees are imported.

Seen before: a sheet filtered down to the items to import made every item, the filtered-out
ones too (exit 0): resources nobody saw in the sheet."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.plain_http import get

HIDDEN = (
    "is hidden in the workbook (by hand, by a filter or in a collapsed group), so whether it "
    "is meant cannot be told: show it to import it, or delete it"
)


def test_a_hidden_row_is_refused_and_the_rows_shown_are_imported(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["label", "fee", "category"])
    for label, fee, category in [
        ("Adult", 35, "2027"),
        ("Old rate", 30, "2026"),
        ("Child", 10, "2027"),
        ("Old child", 8, "2026"),
    ]:
        sheet.append([label, fee, category])  # fmt: skip
    sheet.auto_filter.ref = "A1:C5"  # filtered to 2027: Excel hides the other rows
    for row in (3, 5):
        sheet.row_dimensions[row].hidden = True
    book.save(tmp_path / "fees.xlsx")
    result = run_cli("import", "fees", "fees.xlsx", "--event", event, "--map", "category=-",
                     env=sandbox.env)  # fmt: skip
    assert result.exit_code == 1, result.output
    with (tmp_path / f"fees.xlsx.fees.{event}.results.csv").open(encoding="utf-8-sig") as f:
        rows = [(row["row"], row["status"], row["error"]) for row in csv.DictReader(f)]
    assert rows == [
        ("2", "created", ""),
        ("3", "invalid", f"(row): row 3 {HIDDEN}"),
        ("4", "created", ""),
        ("5", "invalid", f"(row): row 5 {HIDDEN}"),
    ]
    fees = get(sandbox.base, f"eventspot/events/{event}/fees")
    assert sorted(fee["label"] for fee in fees) == ["Adult", "Child"]
