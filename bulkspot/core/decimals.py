"""Decimal commas: 35,00 and 1.234,50 as much of Europe writes them, and when a sheet does.

A CSV saved by a spreadsheet in such a locale separates its cells with `;` (the comma is
taken) and writes 35,00. Whether a sheet's numbers use a decimal comma is decided once, over
the cells of its number columns (`DecimalMarks`):

- a cell *says comma* when its comma has other than three digits after it (`35,00`, `2,5`)
  or follows thousand dots (`1.234,50`);
- a cell *says point* when its point has other than three digits after it (`12.50`) or
  follows thousand commas (`1,234.50`);
- `1,234` and `1.234` say neither (thousands either way), `12` nothing at all.

The sheet reads decimal commas when it is `;`-separated, some cell says comma and no cell
says point: then it is unambiguous. A sheet with both is read with points (a comma cell is
refused, saying why), and `--decimal-comma` forces commas whatever the sheet is.

An amount such as `1.200` (three digits after its only mark) is thousands where the comma
is the decimal mark and 1.20 where the point is; it is read only once the sheet has said
which: decimal commas (above), or a cell with thousand commas before its point (`1,234.50`)
and none with a decimal comma, or `--decimal-point` (see `bulkspot.core.money`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bulkspot.core.quoting import quote

__all__ = ["DecimalMarks", "NotCommaDecimal", "comma_to_point"]

_RUN = re.compile(r"\d[\d.,]*")  # the digits of a cell, with their marks
_DOT_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")  # 1.234 or 1.234,50
_SAYS_COMMA = re.compile(r"(?:^|\D)(?:\d{1,3}(?:\.\d{3})+,\d+|\d+,(?:\d{1,2}|\d{4,}))(?:\D|$)")
_SAYS_POINT = re.compile(r"(?:^|\D)(?:\d{1,3}(?:,\d{3})+\.\d+|\d+\.(?:\d{1,2}|\d{4,}))(?:\D|$)")
_GROUPS_WITH_COMMA = re.compile(r"(?:^|\D)\d{1,3}(?:,\d{3})+\.\d+(?:\D|$)")  # 1,234.50


class NotCommaDecimal(ValueError):
    """A cell read with decimal commas that has a decimal point instead (12.50)."""


def comma_to_point(text: str) -> str:
    """The cell with its numbers written with a decimal point: "1.234,50" -> "1234.50",
    "€35,00" -> "€35.00"; NotCommaDecimal for a point that is not a thousands dot."""

    def convert(run: re.Match[str]) -> str:
        digits = run.group()
        if "." in digits and not _DOT_GROUPED.fullmatch(digits):
            raise NotCommaDecimal(
                f"{quote(text)} is written with a decimal point, but this sheet's numbers have "
                f"a decimal comma: write {digits.replace('.', ',')}"
            )
        return digits.replace(".", "").replace(",", ".")

    return _RUN.sub(convert, text)


@dataclass
class DecimalMarks:
    """A tally of the decimal marks a sheet's number cells show, and where each was first
    seen (a row number), for the decision and for a message."""

    comma_row: int | None = None
    point_row: int | None = None
    grouped_point_row: int | None = None  # a cell with both marks in a telling order: 1,234.50

    def see(self, row: int, cells: Iterable[object]) -> None:
        """Tally one row's number cells (text only: an XLSX number has no marks)."""
        for cell in cells:
            if type(cell) is not str:
                continue
            if "," not in cell:  # it can say point alone (12.50): once seen, nothing new
                if self.point_row is None and "." in cell and _SAYS_POINT.search(cell):
                    self.point_row = row
                continue
            if self.comma_row is None and _SAYS_COMMA.search(cell):
                self.comma_row = row
            if self.point_row is None and _SAYS_POINT.search(cell):
                self.point_row = row
            if self.grouped_point_row is None and _GROUPS_WITH_COMMA.search(cell):
                self.grouped_point_row = row

    @property
    def settled(self) -> bool:
        """Both marks seen: no more rows can change the decision."""
        return self.comma_row is not None and self.point_row is not None

    def decimal_comma(self, delimiter: str | None) -> bool:
        """Whether to read the sheet's numbers with decimal commas (see the module's rule)."""
        return delimiter == ";" and self.comma_row is not None and self.point_row is None

    def decimal_point(self) -> bool:
        """Whether the sheet's cells say its decimal mark is a point, so that 1.200 is 1.2:
        a cell groups thousands with commas before its decimal point (1,234.50) and none has
        a decimal comma. A plain 12.50 does not say it: on a sheet of 45.00 tickets, €1.200
        is still more likely a gala table of 1200 than one of 1.20."""
        return self.grouped_point_row is not None and self.comma_row is None

    def decided(self, delimiter: str | None) -> bool:
        """No more rows can change the decision: both marks seen, or (a sheet that never
        reads decimal commas) a point after grouped thousands seen."""
        return self.settled or (delimiter != ";" and self.grouped_point_row is not None)
