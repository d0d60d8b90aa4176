"""A sheet that is a shop's export, read through its translation (`bulkspot.core.shops`).

The run reads a sheet more than once: to plan it, its rows are translated into the kind's
rows; to write the results, they are read as written, so the results file shows the
export's own cells. Both passes leave out the rows the translation does not keep (a row
that only adds an image), and `count` counts the rows kept.
"""

from __future__ import annotations

from collections.abc import Iterator

from bulkspot.core.shops import ShopExport
from bulkspot.sources.reader import SheetReader
from bulkspot.sources.row import Row


class ShopSheet(SheetReader):
    """`inner`, an open sheet recognised as `export`; its rows translated unless `as_written`."""

    def __init__(self, inner: SheetReader, export: ShopExport, as_written: bool = False) -> None:
        super().__init__(inner.path, inner.name)
        self.inner = inner
        self.export = export
        self.as_written = as_written
        self.headers = list(export.headers) if not as_written else inner.headers
        self.warnings = [f"{inner.path.name}: read as {export.label}", *inner.warnings]
        self.header_row = inner.header_row
        self.delimiter = inner.delimiter

    def __iter__(self) -> Iterator[Row]:
        if self.as_written:
            return (row for row in self.inner if self.export.keeps(row.cells))
        return self.export.rows(iter(self.inner))

    def count(self) -> int:
        return sum(1 for row in self.inner if self.export.keeps(row.cells))

    def close(self) -> None:
        self.inner.close()
