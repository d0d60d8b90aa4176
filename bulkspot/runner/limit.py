"""`--limit N`: send the first N rows for real, leave the rest pending.

N counts rows, not operations (an item row that also holds a size is one row), and only
rows this run would send: rows an earlier run finished and invalid rows (recorded as
invalid on the way, never sent) do not count, so `--limit 10` run twice sends twenty rows,
and the same command without it finishes the rest. The rows of one item are not split when
they can be kept whole: the operations that hang on a row already let through (an item's
other sizes, its total) go with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from bulkspot.core.operation import Operation, OpKey, RowError
from bulkspot.core.outcome import is_settled
from bulkspot.sinks.journal import Journal

Planned = Operation | RowError


def first_rows(plan: Iterable[Planned], limit: int, journal: Journal | None) -> Iterator[Planned]:
    """The plan up to the `limit`-th row to send; stops there (the rest stays pending)."""
    rows: set[int] = set()
    let_through: set[OpKey] = set()
    for item in plan:
        if isinstance(item, RowError):
            if len(rows) >= limit:
                return
            yield item
            continue
        if _done(item, journal):
            yield item  # the pool reports it as done before; it costs nothing
            continue
        hangs_on = any(key in let_through for key in item.depends_on)
        if item.key.row not in rows and len(rows) >= limit and not hangs_on:
            return
        rows.add(item.key.row)
        let_through.add(item.key)
        yield item


def _done(op: Operation, journal: Journal | None) -> bool:
    entry = journal.entry(op.key) if journal is not None else None
    outcome = entry.outcome if entry is not None else None
    return outcome is not None and is_settled(outcome)
