"""CSV sheets: encoding and delimiter found from the file, rows streamed.

Row numbers are those a spreadsheet program shows when it opens the file: one per record
(a quoted cell with a line break inside stays one row), blank lines included in the count but
not handed on.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from bulkspot.core.formulas import QUOTE, unescape_cells
from bulkspot.core.operation import CellProblem
from bulkspot.core.quoting import start
from bulkspot.errors import InputError
from bulkspot.sources.encoding import TextEncoding, detect_encoding
from bulkspot.sources.lines import (
    LONGEST_LINE,
    BoundedLines,
    LineTooLong,
    has_long_line,
    holds_byte,
)
from bulkspot.sources.quote_trouble import (
    QuoteTrouble,
    find_quote_trouble,
    first_trouble_but_spaces,
    quote_trouble_message,
)
from bulkspot.sources.reader import FIRST_ROW, HeaderChoice, SheetReader, find_header, read_header
from bulkspot.sources.row import Row, stray_cells, unnamed_column

DELIMITERS = (",", ";", "\t")
_SNIFF_LINES = 20
_SNIFF_CHARS = 1 << 16


Record = list[str] | LineTooLong  # a record, or a line too long to read (see lines.py)


def _raise_field_limit() -> None:
    """Let a cell be as long as a line may be (the default limit, 128 KiB, would stop the
    whole file at one long description); length rules are validation's job, per row."""
    csv.field_size_limit(LONGEST_LINE)


class CsvSheet(SheetReader):
    def __init__(self, path: Path, header: HeaderChoice = FIRST_ROW) -> None:
        super().__init__(path, path.name)
        self.encoding: TextEncoding = detect_encoding(path)
        if self.encoding.warning:
            self.warnings.append(self.encoding.warning)
        self._long_lines = has_long_line(path)
        self._quotes = holds_byte(path, QUOTE.encode())  # none: no cell to read unescaped
        self._strict = True  # quotes as CSV has them; off when only spaces follow some
        with self._open() as text:
            self._delimiter = sniff_delimiter(_first_lines(text))
        self.delimiter = self._delimiter
        try:
            found = find_header(path, self._header_candidates(), header)
        except _ReadLeniently:
            self._strict = False
            found = find_header(path, self._header_candidates(), header)
        if found is None:
            raise InputError(f"{path.name}: the file has no header row (it is blank)")
        number, record, warnings = found
        self.headers = read_header(path, record, number)
        self.header_row = number
        self.warnings += warnings

    def _header_candidates(self) -> Iterator[tuple[int, list[str]]]:
        """The records the header may be among; a line too long to read ends them (it
        cannot be the header: before any other row, that is an error)."""
        anything = False
        for number, record in self._records():
            if isinstance(record, LineTooLong):
                if anything:
                    return
                raise InputError(
                    f"{self.path.name}: row {number} is {record.length:,} characters long, over "
                    f"the {LONGEST_LINE:,} a row may have, so it cannot be the header row"
                )
            anything = anything or any(cell.strip() for cell in record)
            yield number, record

    def _open(self) -> io.TextIOWrapper:
        return self.path.open(encoding=self.encoding.codec, errors=self.encoding.errors, newline="")

    def _records(self) -> Iterator[tuple[int, Record]]:
        """Every record with its row number, file errors turned into InputError."""
        _raise_field_limit()
        number = 0
        try:
            with self._open() as text:
                for number, record in self._numbered(text):
                    yield number, record
        except (csv.Error, UnicodeDecodeError) as error:
            raise self._unreadable(number, error) from None

    def _numbered(self, text: io.TextIOWrapper) -> Iterator[tuple[int, Record]]:
        """The records with their numbers: at C speed when no line is too long to read
        whole, else line by line with a bound (see lines.py)."""
        if not self._long_lines:
            return enumerate(csv.reader(text, delimiter=self._delimiter, strict=self._strict), 1)
        return self._bounded(text)

    def _bounded(self, text: io.TextIOWrapper) -> Iterator[tuple[int, Record]]:
        records = csv.reader(BoundedLines(text), delimiter=self._delimiter, strict=self._strict)
        number = 0
        while True:
            try:
                record: Record = next(records)
            except StopIteration:
                return
            except LineTooLong as long:
                record = long
            number += 1
            yield number, record

    def _unreadable(self, number: int, error: Exception) -> InputError | _ReadLeniently:
        if isinstance(error, UnicodeDecodeError):
            return InputError(
                f"{self.path.name}: after row {number}, the text is not {self.encoding.codec}: "
                f"{error.reason}"
            )
        if "field larger than field limit" in str(error):
            return InputError(
                f"{self.path.name}: row {number + 1} has a cell over {LONGEST_LINE:,} "
                "characters long (with line breaks in it); no column takes so much: shorten it"
            )
        with self._open() as text:
            found = find_quote_trouble(text, self._delimiter, number)
        if found is not None:
            row, trouble = found
            if trouble.after is not None and not trouble.after.strip():  # `"Kid" ,10`
                with self._open() as text:
                    worse = first_trouble_but_spaces(text, self._delimiter)
                if worse is None:  # nothing but spaces after quotes: read leniently, as meant
                    return _ReadLeniently(number)
                row, trouble = worse
            return InputError(self._said(row, trouble))
        return InputError(f"{self.path.name}: row {number + 1} cannot be read: {error}")

    def _said(self, row: int, trouble: QuoteTrouble) -> str:
        # no headers yet while the header row is looked for: columns go by letter then
        return quote_trouble_message(self.path.name, row, trouble, self.headers)

    def _too_long(self, number: int, long: LineTooLong) -> Row:
        """The row of a line too long to read: invalid, named by its length and the first
        characters of the cell that made it so long."""
        cells = next(csv.reader([long.head], delimiter=self._delimiter), None) or [""]
        index = len(cells) - 1
        column = self.headers[index] if index < len(self.headers) else unnamed_column(index)
        why = (
            f"is too long to read: row {number} is {long.length:,} characters long, over the "
            f"{LONGEST_LINE:,} a row may have (the cell starts {start(cells[-1])})"
        )
        return Row(self.name, number, {}, (CellProblem(column, why),))

    def __iter__(self) -> Iterator[Row]:
        try:
            yield from self._rows_after(self.header_row)
        except _ReadLeniently as lenient:  # the rows so far read alike either way
            self._strict = False
            yield from self._rows_after(max(lenient.clean, self.header_row))

    def _rows_after(self, start: int) -> Iterator[Row]:
        """The rows after record `start` (the header's, or the last one read)."""
        headers, width, name = self.headers, len(self.headers), self.name
        quotes = self._quotes
        _raise_field_limit()
        number = 0
        try:
            with self._open() as text:
                records = self._numbered(text)
                for number, _ in records:  # the header row and any blank rows above it
                    if number >= start:
                        break
                for number, record in records:
                    if isinstance(record, LineTooLong):  # too long to read (see lines.py)
                        yield self._too_long(number, record)
                        continue
                    first = record[0] if record else ""
                    if not first or first[0].isspace():  # perhaps a blank row
                        joined = "".join(record)
                        if not joined or joined.isspace():
                            continue  # a blank row: skipped, but it keeps its number
                    if quotes:  # a quoted '=..., as an export writes it, read as it was
                        record = unescape_cells(record)
                    if len(record) > width:
                        cells = dict(zip(headers, record, strict=False))
                        yield Row(name, number, cells, stray_cells(record, width))
                    else:
                        # strict=False is the default; spelling it out costs ~150 ns a row
                        yield Row(name, number, dict(zip(headers, record)))  # noqa: B905
        except (csv.Error, UnicodeDecodeError) as error:
            raise self._unreadable(number, error) from None

    def count(self) -> int:
        try:
            return self._count()
        except _ReadLeniently:
            self._strict = False
            return self._count()

    def _count(self) -> int:
        start = self.header_row
        found = 0
        for number, record in self._records():
            if number > start:
                if isinstance(record, LineTooLong):
                    found += 1
                    continue
                joined = "".join(record)
                found += bool(joined) and not joined.isspace()
        return found


class _ReadLeniently(Exception):
    """The file's only quote trouble is spaces after closing quotes (`"Kid" ,10`, written by
    hand): read it leniently from the record after the `clean` ones on, which read alike."""

    def __init__(self, clean: int) -> None:
        super().__init__(clean)
        self.clean = clean


def _first_lines(text: io.TextIOBase) -> list[str]:
    """The first non-blank lines, enough to tell the delimiter."""
    lines: list[str] = []
    read = 0
    while line := text.readline(_SNIFF_CHARS):  # bounded: a line may be megabytes long
        read += len(line)
        if line.strip():
            lines.append(line)
        if len(lines) >= _SNIFF_LINES or read > _SNIFF_CHARS:
            break
    return lines


def sniff_delimiter(lines: list[str]) -> str:
    """`,`, `;` or tab: the one the header line uses most, outside quotes; on a tie, the one
    that splits the next lines into as many cells as the header. Comma when in doubt. Lines
    with none of them (a title above the header) are not counted."""
    titled = [line for line in lines if any(_count_outside_quotes(line, d) for d in DELIMITERS)]
    lines = titled or lines  # a title typed into one cell has no delimiter to count
    if not lines:
        return ","
    header = lines[0]
    counts = {d: _count_outside_quotes(header, d) for d in DELIMITERS}
    best = max(counts.values())
    tied = [d for d in DELIMITERS if counts[d] == best]
    if best == 0:
        return ","
    if len(tied) > 1:
        for delimiter in tied:
            if all(_count_outside_quotes(line, delimiter) == best for line in lines[1:]):
                return delimiter
    return tied[0]


def _count_outside_quotes(line: str, delimiter: str) -> int:
    if '"' not in line:
        return line.count(delimiter)
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count
