"""Where a CSV's quotes go wrong, told by row and column.

A quote that opens a cell and is never closed, or is closed before the cell ends (`"12"
screen`), is not CSV: read leniently (as Python's csv module and Excel do), the cell runs
on over the lines below, so the rows there vanish into one cell and that cell's text is
sent as a name or a label. The sheet is read strictly instead, and when a record breaks
this module finds the cell whose quote broke it, for a message a person can act on. It runs
only then, so it may be slow: it reads the file again up to that record.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from bulkspot.core.quoting import start
from bulkspot.sources.row import column_letter, unnamed_column

QUOTE = '"'
_START, _FIELD, _QUOTED, _QUOTE_SEEN = range(4)
_ADVICE = (
    "a quote that belongs to the text is written twice, inside a cell in quotes "
    '("12"" screen"); save the sheet again from a spreadsheet program, or fix the quote'
)


@dataclass(frozen=True, slots=True)
class QuoteTrouble:
    """The cell (0-based) whose quote breaks its record, the lines of the file its quote
    opened and stopped on, and the text after the closing quote (None: never closed)."""

    cell: int
    opened_on: int
    stopped_on: int
    after: str | None


def find_quote_trouble(
    text: TextIO, delimiter: str, clean_records: int
) -> tuple[int, QuoteTrouble] | None:
    """The row (record number) and trouble of the record after the first `clean_records`
    records of `text`, or None when its quotes are not what broke it."""
    records = csv.reader(text, delimiter=delimiter)  # lenient: the same records up to there
    for _ in range(clean_records):
        if next(records, None) is None:
            return None
    found = _scan(text, delimiter, records.line_num + 1)
    return None if found is None else (clean_records + 1 + found[0], found[1])


def first_trouble_but_spaces(text: TextIO, delimiter: str) -> tuple[int, QuoteTrouble] | None:
    """The first quote trouble of the whole file that is more than spaces after a closing
    quote (`"Kid" ,10`, written by hand: read as meant once the spaces are trimmed), with
    its row; None when there is none, and the file reads leniently as meant."""
    found = _scan(text, delimiter, 1, whole=True)
    return None if found is None else (found[0] + 1, found[1])


def _scan(
    lines: Iterable[str], delimiter: str, first_line: int, *, whole: bool = False
) -> tuple[int, QuoteTrouble] | None:
    """Walk records' characters as a strict CSV reader does, to the quote that breaks one:
    the first record only, or (`whole`) every record, passing over spaces after a closing
    quote. The records before it, and the trouble; None when there is none."""
    state, cell, opened_on, number, before = _START, 0, first_line, first_line - 1, 0
    for line in lines:
        number += 1
        if whole and state == _START and QUOTE not in line:
            before += 1  # a whole record without a quote (or a blank line)
            continue
        at, end = 0, len(line)
        while at < end:
            if state == _QUOTED:
                closing = line.find(QUOTE, at)
                if closing < 0:
                    break
                state, at = _QUOTE_SEEN, closing + 1
                continue
            char = line[at]
            if char in "\r\n":
                if not whole:
                    return None  # the record ended with its quotes in order
                state, cell, before = _START, 0, before + 1
                break  # a line holds one line break, at its end
            if state == _QUOTE_SEEN and char not in (QUOTE, delimiter):
                rest = line[at:].rstrip("\r\n").split(delimiter, 1)[0]
                if not (whole and not rest.strip()):
                    return before, QuoteTrouble(cell, opened_on, number, rest)
                state = _FIELD  # spaces after the closing quote: trimmed with the cell
            elif char == delimiter:
                state, cell = _START, cell + 1
            elif state == _START:
                state, opened_on = (_QUOTED, number) if char == QUOTE else (_FIELD, opened_on)
            elif state == _QUOTE_SEEN:
                state = _QUOTED  # "" inside a quoted cell
            at += 1
    if state == _QUOTED:
        return before, QuoteTrouble(cell, opened_on, number, None)
    return None


def quote_trouble_message(
    name: str, row: int, trouble: QuoteTrouble, headers: Sequence[str]
) -> str:
    """The whole message: the file, the row and column, what the quote does, and the fix."""
    index = trouble.cell
    if not headers:  # the header row is not found yet
        column = column_letter(index)
    else:
        column = headers[index] if index < len(headers) else unnamed_column(index)
    lines = (
        f"lines {trouble.opened_on} to {trouble.stopped_on} of the file"
        if trouble.stopped_on > trouble.opened_on
        else ""
    )
    if trouble.after is None:
        what = 'the quote (") that starts the cell is never closed'
        joined = f", so {lines} would all be read into that one cell" if lines else ""
    else:
        what = (
            'the quote (") that starts the cell is closed before the cell ends '
            f"({start(trouble.after)} follows it)"
        )
        joined = f", so {lines} would be read as one cell" if lines else ""
    return f"{name}: row {row}, column {column}: {what}{joined}; {_ADVICE}"
