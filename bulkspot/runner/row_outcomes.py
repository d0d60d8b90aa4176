"""Each row's outcome and id, kept compact: a script reads them from the summary instead of
the results file. Per row: its number (8 bytes), its status (1 byte) and its id's
characters with an end offset (8 bytes): about 60 bytes for a 43-character id, so some
60 MB for a million rows; no Python object per row until one is read."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import NamedTuple, overload

from bulkspot.core.outcome import Status

_STATUSES = tuple(Status)
_CODE = {status: code for code, status in enumerate(_STATUSES)}


class RowOutcome(NamedTuple):
    row: int
    status: Status
    id: str  # "" when the row has none (invalid, failed, pending)


class RowOutcomes(Sequence[RowOutcome]):
    """Row outcomes in input order."""

    def __init__(self) -> None:
        self._rows = array("q")
        self._statuses = bytearray()
        self._ids = bytearray()
        self._ends = array("q")

    def append(self, row: int, status: Status, resource_id: str) -> None:
        self._rows.append(row)
        self._statuses.append(_CODE[status])
        self._ids += resource_id.encode()
        self._ends.append(len(self._ids))

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> RowOutcome: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[RowOutcome]: ...
    def __getitem__(self, index: int | slice) -> RowOutcome | Sequence[RowOutcome]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        start = self._ends[index - 1] if index > 0 else 0
        resource_id = self._ids[start : self._ends[index]].decode()
        return RowOutcome(self._rows[index], _STATUSES[self._statuses[index]], resource_id)

    def __iter__(self) -> Iterator[RowOutcome]:
        return (self[i] for i in range(len(self)))
