"""XLSX sheets through openpyxl in read-only mode: rows streamed from the zip, typed cells.

Numbers, dates and booleans arrive as Python values; a number whose format Excel shows
differently arrives as the text Excel shows when that text holds the same number (a
percent-formatted 0.2 as "20%", a zip code 2110 formatted 00000 as "02110", 15 formatted
0.00 as "15.00"), so that a text column keeps its leading zeros and a discount column
sees a percent or an amount; a formula arrives as the value Excel saved with it
(`data_only`). A formula that was never calculated (a file written by a program rather than
saved by Excel) has no saved value: its row is refused, naming the formula (xlsx_formulas.py).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from bulkspot.core.formulas import unescape_formula
from bulkspot.core.operation import CellProblem
from bulkspot.core.quoting import quote
from bulkspot.errors import InputError
from bulkspot.sources.number_format import shown_number
from bulkspot.sources.reader import FIRST_ROW, HeaderChoice, SheetReader, find_header, read_header
from bulkspot.sources.row import Row, column_letter, stray_cells, unnamed_column
from bulkspot.sources.xlsx_bounds import check_unpacked_size
from bulkspot.sources.xlsx_formulas import Uncalculated, uncalculated_formulas
from bulkspot.sources.xlsx_hidden import hidden_rows

EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
     "#SPILL!", "#CALC!"}
)  # fmt: skip
HIDDEN_ROW = (
    "row {} is hidden in the workbook (by hand, by a filter or in a collapsed group), so "
    "whether it is meant cannot be told: show it to import it, or delete it"
)


class XlsxSheet(SheetReader):
    def __init__(
        self, path: Path, sheet: str | None = None, header: HeaderChoice = FIRST_ROW
    ) -> None:
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        check_unpacked_size(path)  # before openpyxl inflates anything
        try:
            self._book = load_workbook(path, read_only=True, data_only=True)
        except (
            zipfile.BadZipFile,
            InvalidFileException,
            KeyError,
            ValueError,
            SyntaxError,  # XML that does not parse
        ) as error:
            raise InputError(
                f"{path.name}: not a readable XLSX workbook ({error}); "
                "save it again from Excel as .xlsx, or as CSV"
            ) from None
        self._formats: dict[int, str] = {}  # style id -> its number format
        try:
            self._sheet = self._pick(path, sheet)
            super().__init__(path, self._sheet.title)
            if sheet is None:
                self.other_sheets = tuple(self._book.sheetnames[1:])
            self._sheet.reset_dimensions()  # stored dimensions can be wrong: read what is there
            self._uncalculated = self._formulas_never_calculated()
            self._hidden = self._hidden_rows()
            found = find_header(path, self._rows(), header)
            if found is None:
                raise InputError(
                    f"{path.name}: the sheet {self.name!r} has no header row (it is empty)"
                )
            number, values, warnings = found
            self.headers = read_header(path, values, number)
            self.header_row = number
            self.warnings += warnings
        except BaseException:
            self._book.close()
            raise

    def _pick(self, path: Path, wanted: str | None) -> Any:
        sheets = self._book.worksheets
        if not sheets:
            raise InputError(f"{path.name}: the workbook has no worksheet")
        if wanted is None:
            return sheets[0]
        exact = [s for s in sheets if s.title == wanted]
        loose = [s for s in sheets if s.title.lower() == wanted.lower()]
        if exact or loose:
            return (exact or loose)[0]
        names = ", ".join(repr(s.title) for s in sheets)
        raise InputError(f"{path.name}: no sheet named {wanted!r}; its sheets are {names}")

    def _formulas_never_calculated(self) -> Uncalculated:
        try:
            return uncalculated_formulas(self._book._archive, self._sheet._worksheet_path)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as error:
            raise InputError(f"{self.path.name}: the sheet cannot be read: {error}") from None

    def _hidden_rows(self) -> frozenset[int]:
        try:
            return hidden_rows(self._book._archive, self._sheet._worksheet_path)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as error:
            raise InputError(f"{self.path.name}: the sheet cannot be read: {error}") from None

    def _rows(self, *, shown: bool = False) -> Iterator[tuple[int, Sequence[Any]]]:
        """Each row's values; `shown`: a percent-formatted number as the text Excel shows
        ("20%" rather than 0.2), so that a discount column reads it as a percent."""
        try:
            if not shown:
                yield from enumerate(self._sheet.iter_rows(min_row=1, values_only=True), 1)
                return
            for number, cells in enumerate(self._sheet.iter_rows(min_row=1), 1):
                yield number, [self._shown(cell) for cell in cells]
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as error:
            raise InputError(f"{self.path.name}: the sheet cannot be read: {error}") from None

    def _shown(self, cell: Any) -> Any:
        value = cell.value
        if type(value) is str:
            return unescape_formula(value)  # a quoted '=..., as a CSV export writes it
        if type(value) not in (int, float) or not getattr(cell, "_style_id", 0):
            return value
        number_format = self._formats.get(cell._style_id)
        if number_format is None:
            number_format = self._formats[cell._style_id] = str(cell.number_format)
        return shown_number(value, number_format)

    def __iter__(self) -> Iterator[Row]:
        headers, width, name, start = self.headers, len(self.headers), self.name, self.header_row
        for number, values in self._rows(shown=True):
            if number <= start or all(_blank(v) for v in values):
                continue
            problems = tuple(
                CellProblem(
                    headers[i] if i < width else f"(column {column_letter(i)})",
                    f"shows the Excel error {v}: fix the formula",
                )
                for i, v in enumerate(values)
                if isinstance(v, str) and v in EXCEL_ERRORS
            )
            if len(values) > width:
                problems += stray_cells(values, width)
            if number in self._uncalculated:
                problems += self._never_calculated(number)
            if number in self._hidden:
                problems += (CellProblem("(row)", HIDDEN_ROW.format(number)),)
            yield Row(name, number, dict(zip(headers, values, strict=False)), problems)

    def _never_calculated(self, number: int) -> tuple[CellProblem, ...]:
        headers, width = self.headers, len(self.headers)
        return tuple(
            CellProblem(
                headers[i] if i < width else unnamed_column(i),
                f"holds the formula {quote('=' + formula) if formula else '(shared)'}, whose "
                "value was never worked out: the workbook was written by a program and not "
                "saved since by a spreadsheet program; open and save it in Excel or "
                "LibreOffice, or type the value",
            )
            for i, formula in sorted(self._uncalculated[number].items())
        )

    def count(self) -> int:
        start = self.header_row
        return sum(
            1
            for number, values in self._rows()
            if number > start and not all(_blank(v) for v in values)
        )

    def close(self) -> None:
        self._book.close()


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())
