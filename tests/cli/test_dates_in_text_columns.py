"""A cell a spreadsheet made a date (a size typed 3/4, shown 4-Mar) in a column of text is
refused on its row, naming the column, and not sent; a date in a date column is read as ever.

Seen before: such a cell was sent as its ISO text, so a fee labelled '2027-03-04T00:00:00'
was made, which is neither what was typed nor what the sheet showed (exit 0)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.plain_http import get

HINT = (
    "a spreadsheet makes one of what looks like a date (3/4, 4-Mar); format the column as "
    "Text and type it again"
)


def test_a_date_in_a_text_column_is_refused_on_its_row_and_not_sent(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["label", "fee"])
    sheet.append([dt.datetime(2027, 3, 4), 5])
    sheet["A2"].number_format = "d-mmm"  # as Excel shows what it made of "3/4"
    sheet.append([dt.time(10, 30), 6])
    sheet["A3"].number_format = "h:mm"
    sheet.append(["Adult", 30])
    book.save(tmp_path / "fees.xlsx")
    result = run_cli("import", "fees", "fees.xlsx", "--event", event, env=sandbox.env)
    assert result.exit_code == 1, result.output
    with (tmp_path / f"fees.xlsx.fees.{event}.results.csv").open(encoding="utf-8-sig") as f:
        rows = [(row["row"], row["status"], row["error"]) for row in csv.DictReader(f)]
    assert rows == [
        ("2", "invalid", f"label: is a date (2027-03-04) where text is wanted: {HINT}"),
        ("3", "invalid", f"label: is a time (10:30) where text is wanted: {HINT}"),
        ("4", "created", ""),
    ]
    fees = get(sandbox.base, f"eventspot/events/{event}/fees")
    assert [(fee["label"], fee["fee"]) for fee in fees] == [("Adult", 30.0)]


def test_a_date_in_a_date_column_is_still_read_as_its_time(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["name", "title", "type", "start_date", "end_date", "time_zone_id"])
    start, end = dt.datetime(2028, 9, 5, 18, 0), dt.datetime(2028, 9, 6, 6, 0)
    sheet.append(["red-dates-in-cells", "Dates", "OTHER", start, end, "US/Eastern"])
    book.save(tmp_path / "events.xlsx")
    result = run_cli("import", "events", "events.xlsx", env=sandbox.env)
    assert result.exit_code == 0, result.output
    made = [e for e in get(sandbox.base, "eventspot/events")["results"]
            if e["name"] == "red-dates-in-cells"]  # fmt: skip
    assert [(e["start_date"], e["end_date"]) for e in made] == [
        ("2028-09-05T22:00:00.000Z", "2028-09-06T10:00:00.000Z")
    ]
