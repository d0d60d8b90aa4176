"""What every sheet reader offers: headers, warnings and a stream of rows."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from bulkspot.core.quoting import quote
from bulkspot.errors import InputError
from bulkspot.sources.row import Row, column_letter, unnamed_column

_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)")
SCANNED = 20  # non-blank rows looked at for the header: a title block is a few lines


@dataclass(frozen=True, slots=True)
class HeaderChoice:
    """Which row is the header. `row`: this one (`--header-row N`, as the sheet numbers its
    rows). Else, with `names` (header cell -> the column it names, "" for none; see
    `bulkspot.core.mapping.header_namer`): the first row naming two of the kind's columns,
    so that title rows above the header are skipped. Without either: the first non-blank row.

    Two, because a title row is one cell (Excel keeps a merged title in its first cell),
    sometimes two ("Inventory", "exported 3/1/2027"), and one of them may name a column by
    chance ("Products"); a header names every column. A sheet with one column has no row
    naming two: then the first row naming one, else the first non-blank row (whose message
    then says what is wrong with it).
    """

    row: int | None = None
    names: Callable[[str], str] | None = None


FIRST_ROW = HeaderChoice()
WholeKeys = Callable[[str], bool]  # JSON Lines: whether a key's object is one cell (an id's)


def no_whole_keys(key: str) -> bool:
    """Every object spread into dotted columns: a reader that knows no kind's columns."""
    return False


def find_header(
    path: Path, rows: Iterable[tuple[int, Sequence[Any]]], choice: HeaderChoice
) -> tuple[int, Sequence[Any], list[str]] | None:
    """(number, cells, warnings) of the header row among `rows`; None when every row is
    blank. InputError when `--header-row` names a blank row or one past the end."""
    if choice.row is not None:
        last = 0
        for number, cells in rows:
            last = number
            if number == choice.row:
                if all(_blank(cell) for cell in cells):
                    raise InputError(
                        f"{path.name}: --header-row {choice.row}: row {number} is blank"
                    )
                return number, cells, []
        raise InputError(f"{path.name}: --header-row {choice.row}: the sheet has {last} rows")
    first: tuple[int, Sequence[Any]] | None = None
    one: tuple[int, Sequence[Any]] | None = None
    seen = 0
    for number, cells in rows:
        if all(_blank(cell) for cell in cells):
            continue
        first = first or (number, cells)
        if choice.names is None:
            break
        named = _named(cells, choice.names)
        if len(named) >= 2:
            return _found(path, number, cells, first)
        if named and one is None:
            one = (number, cells)
        seen += 1
        if seen >= SCANNED:
            break
    if first is None:
        return None
    number, cells = one or first
    return _found(path, number, cells, first)


def _found(
    path: Path, number: int, cells: Sequence[Any], first: tuple[int, Sequence[Any]]
) -> tuple[int, Sequence[Any], list[str]]:
    if number == first[0]:
        return number, cells, []
    above = f"row {first[0]}" if number - first[0] == 1 else f"rows {first[0]}-{number - 1}"
    return (
        number,
        cells,
        [
            f"{path.name}: the header is row {number}; {above} above it (a title) "
            f"{'is' if above.startswith('row ') else 'are'} not read (--header-row N to choose "
            "another row)"
        ],
    )


def _named(cells: Sequence[Any], names: Callable[[str], str]) -> set[str]:
    """The columns a row's cells name, when it could be a header (text, no numbers)."""
    named: set[str] = set()
    for cell in cells:
        if _blank(cell):
            continue
        if not isinstance(cell, str) or _NUMBER.fullmatch(cell.strip()):
            return set()  # a value: a data row, or a title with a date
        column = names(cell.strip()) if len(cell) <= LONGEST_NAME else ""
        if column:
            named.add(column)
    return named


LONGEST_NAME = 200  # a header cell longer than this is no column's name


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
        self.delimiter: str | None = None  # a CSV's `,`, `;` or tab; None for other formats
        # a workbook's other sheets, when this one was taken as its first (no sheet named)
        self.other_sheets: tuple[str, ...] = ()

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
