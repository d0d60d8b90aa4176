"""Small sheets written for the tests: CSV with any delimiter and encoding, XLSX with sheets."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any


def write_csv(
    path: Path, rows: Iterable[Sequence[Any]], *, delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    with path.open("w", newline="", encoding=encoding) as out:
        csv.writer(out, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(
    path: Path, rows: Iterable[Sequence[Any]], *, title: str = "Sheet1", more: int = 0
) -> Path:
    """A workbook with `rows` on its first sheet (named `title`), and `more` empty sheets."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for n in range(more):
        book.create_sheet(f"Other{n + 1}")
    book.save(path)
    return path
