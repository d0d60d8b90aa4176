"""The natural keys a file already used, and the row that used each first: exactly.

A natural key used twice in one file (a code name, an item's name in its event) is an error on
the later row that names the earlier one. Planners ask a `FirstRows` index. `SeenKeys`, a dict,
is the pure default; a run over a file hands the planner one on disk instead
(`bulkspot.sinks.seen_keys`), so that memory stays flat however many rows the file has.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Protocol


class FirstRows(Protocol):
    """Where a planner remembers which keys it saw in which scope, and on which row first."""

    def first_row(self, scope: Hashable, key: str, row: int) -> int | None:
        """The row that used `key` in `scope` before; None (and `row` remembered) if none
        did."""
        ...


class SeenKeys:
    """`FirstRows` in a dict."""

    __slots__ = ("_rows",)

    def __init__(self) -> None:
        self._rows: dict[tuple[Hashable, str], int] = {}

    def __len__(self) -> int:
        """How many keys are remembered."""
        return len(self._rows)

    def first_row(self, scope: Hashable, key: str, row: int) -> int | None:
        earlier = self._rows.setdefault((scope, key), row)
        return None if earlier == row else earlier
