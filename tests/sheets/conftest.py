"""Helpers for the sheet tests: write small sheets, plan them, look at the outcome."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bulkspot.core.mapping import map_columns
from bulkspot.core.operation import Operation, RowError
from bulkspot.core.plan import PlanSettings, plan_rows
from bulkspot.sources import open_sheet


@dataclass
class Planned:
    """What a sheet turned into: operations, row errors, and the reader's and mapping's
    warnings."""

    ops: list[Operation] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error_on(self, row: int) -> RowError:
        found = [e for e in self.errors if e.row == row]
        assert found, f"no error on row {row}; errors: {self.errors}"
        return found[0]

    @property
    def invalid_rows(self) -> list[int]:
        return [e.row for e in self.errors]


def plan_file(
    kind: str,
    path: Path,
    *,
    event: str | None = "E1",
    overrides: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> Planned:
    """open_sheet -> map_columns -> plan_rows, consumed."""
    result = Planned()
    with open_sheet(path, sheet=sheet) as reader:
        mapping = map_columns(kind, reader.headers, overrides)
        result.warnings = [*reader.warnings, *mapping.warnings]
        for item in plan_rows(kind, reader, mapping, PlanSettings(event_id=event)):
            if isinstance(item, RowError):
                result.errors.append(item)
            else:
                result.ops.append(item)
    return result


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


@pytest.fixture
def sheet_file(tmp_path: Path) -> Callable[..., Path]:
    """Write rows as a CSV (or XLSX, by the name's extension) in a temporary folder."""

    def make(name: str, rows: Iterable[Sequence[Any]], **options: Any) -> Path:
        path = tmp_path / name
        if path.suffix == ".xlsx":
            return write_xlsx(path, rows, **options)
        return write_csv(path, rows, **options)

    return make
