"""One data row of a sheet, as the sheet numbers it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from bulkspot.core.operation import CellProblem
from bulkspot.core.quoting import quote


class Row(NamedTuple):
    """A non-blank row: the sheet's name, the row number a person sees (the header is row 1
    of a usual sheet; JSON Lines count lines), and its cells keyed by header text.

    `problems` are what the source itself found wrong with the row (cells beyond the header,
    a JSON line that is not an object, an Excel error value): the row is still handed on, so
    that it gets its outcome (`invalid`) in the results like any other bad row.

    A NamedTuple: immutable, and the cheapest such object to make once per row.
    """

    sheet: str
    number: int
    cells: dict[str, Any]
    problems: tuple[CellProblem, ...] = ()


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def unnamed_column(index: int) -> str:
    """The name given to a column whose header cell is blank."""
    return f"(column {column_letter(index)})"


def stray_cells(cells: Sequence[Any], width: int) -> tuple[CellProblem, ...]:
    """Problems for the non-blank cells a row has beyond its header's `width` columns."""
    return tuple(
        CellProblem(
            unnamed_column(width + offset),
            f"has a value ({quote(cell)}) but the column has no header "
            f"(the header has {width} columns)",
        )
        for offset, cell in enumerate(cells[width:])
        if cell is not None and not (isinstance(cell, str) and not cell.strip())
    )
