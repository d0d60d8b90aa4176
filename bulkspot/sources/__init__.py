"""Sheets in: CSV, XLSX and JSON Lines files read as a stream of `Row`s.

    with open_sheet("inventory.xlsx", sheet="Merch") as sheet:
        print(sheet.headers, sheet.warnings)
        for row in sheet:  # Row(sheet="Merch", number=2, cells={"Name": "T-Shirt", ...})
            ...

Every reader streams: memory does not grow with the number of rows. A file that cannot be
read at all (missing, empty, binary, no header row, unknown format) raises
`bulkspot.errors.InputError`; a bad row is handed on with its problems, for the mapping to
report against that row.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from bulkspot.errors import InputError
from bulkspot.sources.reader import (
    FIRST_ROW,
    HeaderChoice,
    SheetReader,
    WholeKeys,
    no_whole_keys,
)
from bulkspot.sources.row import Row

__all__ = [
    "FIRST_ROW",
    "FORMATS",
    "HeaderChoice",
    "InputError",
    "Row",
    "SheetReader",
    "WholeKeys",
    "count_rows",
    "fingerprint",
    "no_whole_keys",
    "open_sheet",
    "require_regular_file",
]

FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_HASH_CHUNK = 1 << 20


def open_sheet(
    path: str | Path,
    *,
    sheet: str | None = None,
    header: HeaderChoice = FIRST_ROW,
    whole: WholeKeys = no_whole_keys,
) -> SheetReader:
    """The reader for a file, chosen by its extension; `sheet` names an XLSX worksheet
    (default: the first); `header` says which row is the header (see `HeaderChoice`);
    `whole`, which JSON Lines keys keep an object as one cell (see jsonl_source.py)."""
    path = Path(path)
    kind = _format(path)
    if kind == "xlsx":
        from bulkspot.sources.xlsx_source import XlsxSheet

        return XlsxSheet(path, sheet, header)
    reader: SheetReader
    if kind == "csv":
        from bulkspot.sources.csv_source import CsvSheet

        reader = CsvSheet(path, header)
    else:
        from bulkspot.sources.jsonl_source import JsonlSheet

        reader = JsonlSheet(path, whole)
        if header.row is not None:
            reader.warnings.append(
                f"--header-row {header.row} ignored: {path.name} is JSON Lines, which has no "
                "header row"
            )
    if sheet is not None:
        reader.warnings.append(f"--sheet {sheet} ignored: {path.name} is not a workbook")
    return reader


def count_rows(path: str | Path, sheet: str | None = None) -> int:
    """How many data rows the file has (blank ones not counted): a total for progress."""
    with open_sheet(path, sheet=sheet) as reader:
        return reader.count()


def fingerprint(path: str | Path) -> str:
    """The SHA-256 of the file's bytes, read in chunks: the same input gives the same text."""
    require_regular_file(Path(path))
    digest = hashlib.sha256()
    with Path(path).open("rb") as raw:
        while chunk := raw.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def require_regular_file(path: Path) -> os.stat_result:
    """The file's status, or InputError unless it is a regular file: a named pipe would hang
    the first read, a device never ends, and every sheet is read more than once. Checked
    before anything opens it."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    mode = status.st_mode
    if stat.S_ISREG(mode):
        return status
    if stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a folder, not a sheet")
    what = (
        "a named pipe"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a special file"
    )
    raise InputError(
        f"{path}: is {what}, not a regular file; bulkspot reads a sheet more than once, so save it "
        "as a file and give that file's path"
    )


def _format(path: Path) -> str:
    require_regular_file(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise InputError(f"{path.name}: the old .xls format is not read; save it as .xlsx or CSV")
    try:
        return FORMATS[suffix]
    except KeyError:
        known = ", ".join(FORMATS)
        raise InputError(
            f"{path.name}: unknown kind of file {suffix or '(no extension)'!r}; "
            f"bulkspot reads {known}"
        ) from None
