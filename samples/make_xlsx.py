"""Make inventory.xlsx from inventory.csv, as a person would keep it in Excel.

Numbers become numbers (prices, quantities), everything else stays text; the header is bold
and frozen. Run it after changing inventory.csv:

    .venv/bin/python samples/make_xlsx.py
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
NUMBER = re.compile(r"-?\d+(\.\d+)?")
FIXED = dt.datetime(2027, 1, 1)  # the same file bytes on every run


def cell(text: str) -> str | int | float | None:
    if text == "":
        return None
    if NUMBER.fullmatch(text):
        return float(text) if "." in text else int(text)
    return text


def main(source: Path = HERE / "inventory.csv", target: Path = HERE / "inventory.xlsx") -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Merchandise"
    with source.open(encoding="utf-8", newline="") as rows:
        for number, row in enumerate(csv.reader(rows)):
            sheet.append([text if number == 0 else cell(text) for text in row])
    for header in sheet[1]:
        header.font = Font(bold=True)
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(60, width + 2)
    for price in sheet["C"][1:]:
        price.number_format = "0.00"
    sheet.freeze_panes = "A2"
    book.properties.created = book.properties.modified = FIXED
    book.save(target)


if __name__ == "__main__":
    main()
