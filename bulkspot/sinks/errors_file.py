"""The errors file: the rows not done (invalid, failed, blocked) in the input's own columns.

A person fixes the cells and imports the file again as it is: it is another input, so it
gets its own journal (no --fresh needed), and the rows of it already on the server (an
item made before its size failed) are found by name and reported as existing, never made
twice. Written whole at the end of a run, like the results; when every row is done, an
errors file an earlier run left is removed, so a file there always means work to do.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import os
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import orjson

from bulkspot.core.formulas import escape_formula
from bulkspot.core.outcome import Status
from bulkspot.sinks.storage import cannot_write

NOT_DONE = frozenset({Status.INVALID, Status.FAILED, Status.BLOCKED})


class ErrorsWriter:
    """`write(cells, status)` for each row; keeps the rows not done. CSV, or JSON Lines
    when the path ends in .jsonl."""

    def __init__(self, path: Path, input_columns: Sequence[str], *, delimiter: str = ",") -> None:
        self.path = path
        self._delimiter = delimiter  # the input sheet's: the file is that sheet, to fix
        self.rows = 0
        self._columns = list(input_columns)
        self._jsonl = path.suffix.lower() == ".jsonl"
        self._tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        self._file: IO[str] | None = None
        self._csv: Any = None
        self._head: Mapping[str, Any] | None = None  # the first row of the current group
        self._head_written = False

    def __enter__(self) -> ErrorsWriter:
        return self

    def write(self, cells: Mapping[str, Any], status: Status, *, continues: bool = False) -> None:
        """`continues`: the row belongs to the group of the rows before it (a size under its
        item): when it is not done, the group's first row is written before it even if that
        one was done, so the file imports as a sheet (found again, it is `exists`)."""
        if not continues:
            self._head, self._head_written = cells, False
        if status not in NOT_DONE:
            return
        if continues and self._head is not None and not self._head_written:
            self._emit(self._head)
        self._head_written = True
        self._emit(cells)

    def _emit(self, cells: Mapping[str, Any]) -> None:
        try:
            if self._file is None:
                self._open()
            assert self._file is not None
            if self._jsonl:
                self._file.write(orjson.dumps(dict(cells), default=str).decode() + "\n")
            else:
                self._csv.writerow({k: _text(v) for k, v in cells.items()})
        except OSError as error:
            self._discard()
            raise cannot_write("the errors file", self.path, error) from None
        self.rows += 1

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        encoding = "utf-8" if self._jsonl else "utf-8-sig"
        self._file = open(self._tmp, "x", encoding=encoding, newline="")  # noqa: SIM115
        if not self._jsonl:
            self._csv = csv.DictWriter(
                self._file, self._columns, extrasaction="ignore", delimiter=self._delimiter
            )
            self._csv.writeheader()

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is not None:
            self._discard()
            return
        try:
            if self._file is None:  # every row done: no stale errors file stays behind
                self.path.unlink(missing_ok=True)
                return
            self._file.close()
            os.replace(self._tmp, self.path)
        except OSError as error:
            self._discard()
            raise cannot_write("the errors file", self.path, error) from None

    def _discard(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
        with contextlib.suppress(OSError):
            self._tmp.unlink(missing_ok=True)


def _text(value: Any) -> Any:
    """A cell as a CSV imports it back: a date-time without seconds' noise, no `None`, and
    text a spreadsheet would run as a formula quoted (the import reads it back as it was):
    this file is opened in a spreadsheet to fix its rows."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes" if not value.second else "seconds")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return escape_formula(value)
