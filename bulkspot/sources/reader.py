"""What every sheet reader offers: headers, warnings and a stream of rows."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from bulkspot.core.quoting import quote
from bulkspot.errors import InputError
from bulkspot.sources.row import Row, column_letter, unnamed_column

_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)")


class SheetReader(ABC):
    """An open sheet. Iterating streams its non-blank data rows (again from the top on each
    `iter()`), so memory does not grow with the number of rows.

    `headers` are the header cells as written (trimmed); a blank header cell is named
    "(column C)". `warnings` are things a person should know that do not stop the import.
    """

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        self.headers: list[str] = []
        self.warnings: list[str] = []
        self.header_row = 0  # the row (or line) number of the header; 0 when there is none

    @abstractmethod
    def __iter__(self) -> Iterator[Row]: ...

    @abstractmethod
    def count(self) -> int:
        """How many rows iterating yields, counted without building them."""

    def close(self) -> None:  # noqa: B027 - most readers hold nothing open between rows
        """Release the file (readers that keep one open override this)."""

    def __enter__(self) -> SheetReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def read_header(path: Path, cells: Sequence[Any], number: int) -> list[str]:
    """The header names of a header row; InputError when the row holds values instead
    (a sheet without a header row) or names one column twice."""
    while cells and _blank(cells[-1]):
        cells = cells[:-1]
    names: list[str] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if _blank(cell):
            names.append(unnamed_column(index))
            continue
        if not isinstance(cell, str) or _NUMBER.fullmatch(cell.strip()):
            raise InputError(
                f"{path.name}: row {number} should be the header row naming the columns, but "
                f"it holds the value {quote(cell)} in column {column_letter(index)}; "
                "add a header row (see `bulkspot columns KIND`)"
            )
        name = cell.strip()
        if name in seen:
            raise InputError(
                f"{path.name}: the header names the column {quote(name)} twice "
                f"(columns {column_letter(seen[name])} and {column_letter(index)}); rename one"
            )
        seen[name] = index
        names.append(name)
    return names


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())
