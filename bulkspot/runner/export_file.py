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

import csv
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import orjson

from bulkspot.core.formulas import escape_formula
from bulkspot.errors import ConfigError
from bulkspot.sinks.storage import cannot_write

FORMATS = (".csv", ".xlsx", ".jsonl")
Row = dict[str, Any]


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

    def text_as_text(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # openpyxl makes text starting with "=" a formula
        return cell

    sheet.append([text_as_text(c) for c in columns])
    count = 0
    for row in rows:
        sheet.append([text_as_text(c) for c in _cells(columns, row)])
        count += 1
    book.save(path)
    return count


def _jsonl(path: Path, columns: Sequence[str], rows: Iterable[Row]) -> int:
    count = 0
    with path.open("wb") as handle:
        for row in rows:
            cells = {c: row.get(c) for c in columns if row.get(c) is not None}
            handle.write(orjson.dumps(cells) + b"\n")
            count += 1
    return count
