"""An exported sheet on disk: CSV, XLSX or JSONL by its extension, written whole or not at
all (a temporary file beside it, renamed into place), so a sheet that is there is complete
and an export that stopped leaves none behind to be imported by mistake.

Cells hold what `bulkspot import` reads back as the same value: lists `;`-joined (JSONL keeps
them as lists), yes/no as true/false, whole amounts without ".0". No cell is ever a live
formula: an XLSX cell of text is typed as text (openpyxl would make `=HYPERLINK(...)` a
formula), and a CSV's text that a spreadsheet would run gets a leading quote
(core/formulas.py), which the import reads back as the text it was. Numbers stay numbers,
negative ones included.
"""

from __future__ import annotations

import contextlib
import csv
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from bulkspot.core.formulas import escape_formula
from bulkspot.core.money import minor_unit
from bulkspot.errors import ConfigError
from bulkspot.sinks.storage import cannot_write

FORMATS = (".csv", ".xlsx", ".jsonl")
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class MarkedAmount:
    """An amount written with its currency, so that the sheet imports again as that
    currency's (a euro event's export read back as dollars would be refused)."""

    number: int | float
    currency: str

    @property
    def decimals(self) -> int:
        return minor_unit(self.currency)

    def text(self) -> str:
        return f"{self.number:.{self.decimals}f} {self.currency}"

    def number_format(self) -> str:
        digits = "0." + "0" * self.decimals if self.decimals else "0"
        return f"{digits} [${self.currency}]"


def sheet_format(path: Path) -> str:
    """The format a path's extension names; ConfigError for any other."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ConfigError(
            f"cannot export to {path}: name a .csv, .xlsx or .jsonl file (the format is "
            "taken from the extension)"
        )
    return suffix


def cell_text(value: Any) -> Any:
    """A value as a spreadsheet cell an import reads back the same (None: blank)."""
    if value is None:
        return None
    if isinstance(value, MarkedAmount):
        return value.text()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list | tuple):
        return ";".join(str(cell_text(v)) for v in value)
    if isinstance(value, dict):
        return orjson.dumps(value).decode()
    return value


def write_sheet(path: Path, columns: Sequence[str], rows: Iterable[Row]) -> int:
    """Write the rows under `columns` to `path`; the number of rows written."""
    suffix = sheet_format(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".jsonl":
            count = _jsonl(temporary, columns, rows)
        elif suffix == ".xlsx":
            count = _xlsx(temporary, columns, rows)
        else:
            count = _csv(temporary, columns, rows)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise cannot_write("the exported sheet", path, error) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return count


def _cells(columns: Sequence[str], row: Row) -> list[Any]:
    return [cell_text(row.get(column)) for column in columns]


def _xlsx_cells(columns: Sequence[str], row: Row) -> list[Any]:
    """As `_cells`, an amount kept a number (its currency in its format)."""
    cells = [row.get(column) for column in columns]
    return [c if isinstance(c, MarkedAmount) else cell_text(c) for c in cells]


def _csv_text(cell: Any) -> Any:
    """A CSV cell: blank for None, text that a spreadsheet would run quoted, numbers as is."""
    return "" if cell is None else escape_formula(cell, numbers_too=True)


def _csv(path: Path, columns: Sequence[str], rows: Iterable[Row]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_text(c) for c in _cells(columns, row)])
            count += 1
    return count


def _xlsx(path: Path, columns: Sequence[str], rows: Iterable[Row]) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet()

    def typed(value: Any) -> Any:
        if isinstance(value, MarkedAmount):
            cell = WriteOnlyCell(sheet, value=value.number)
            cell.number_format = value.number_format()
            return cell
        if not isinstance(value, str):
            return value
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # openpyxl makes text starting with "=" a formula
        return cell

    try:
        sheet.append([typed(c) for c in columns])
        count = 0
        for row in rows:
            sheet.append([typed(c) for c in _xlsx_cells(columns, row)])
            count += 1
        book.save(path)
    except BaseException:
        _abandon(sheet)
        raise
    return count


def _abandon(sheet: Any) -> None:
    """A write-only sheet whose workbook could not be saved (a full disk) is closed here,
    its temporary file removed: left to the garbage collector, its row writer wrote its
    closing tag into a closed file and printed that traceback after the error."""
    rows, writer = getattr(sheet, "_rows", None), getattr(sheet, "_writer", None)
    with contextlib.suppress(Exception):
        if rows is not None:
            rows.close()
    with contextlib.suppress(Exception):
        if writer is not None:
            writer.cleanup()


def _jsonl(path: Path, columns: Sequence[str], rows: Iterable[Row]) -> int:
    count = 0
    with path.open("wb") as handle:
        for row in rows:
            given = {c: row[c] for c in columns if row.get(c) is not None}
            cells = {c: v.text() if isinstance(v, MarkedAmount) else v for c, v in given.items()}
            handle.write(orjson.dumps(cells) + b"\n")
            count += 1
    return count
