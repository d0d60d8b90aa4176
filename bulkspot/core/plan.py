"""Rows to operations, lazily, in input order, parents before children.

Each row becomes one `Operation` or one `RowError` naming every problem of the row by column.
A row with an `id` updates that resource with the cells it fills; any other row creates. On
an items sheet with attribute columns, one item's consecutive rows become the item, then its
attributes (`bulkspot.core.planners.items`).

A natural key used twice in the file (an event's name, a fee's label, an item's name, an
attribute's name in its item, a promocode's code_name) is an error on the later row, found
with `SeenKeys`, which tells keys apart exactly and keeps them compactly.

The work of each kind is in `bulkspot.core.planners`; this module is the entry point.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from bulkspot.core.columnmap import ColumnMap
from bulkspot.core.keyindex import FirstRows
from bulkspot.core.mapping import ColumnError, sheet_of
from bulkspot.core.planners import planner_for
from bulkspot.core.planners.base import Planned, PlanSettings
from bulkspot.core.resources import spec_for, under_event
from bulkspot.core.wording import option_given

__all__ = ["PlanSettings", "Planned", "plan_rows"]


def plan_rows(
    kind: str,
    rows: Iterable[Any],
    mapping: ColumnMap,
    settings: PlanSettings | None = None,
    *,
    seen: FirstRows | None = None,
) -> Iterator[Planned]:
    """The operations (and row errors) of `rows` (sources.Row), produced as they are read.
    `seen`: where the file's natural keys are remembered (default: in memory).

    Raises ColumnError at once, before any row is read, when the rows' event is unknown.
    """
    spec = spec_for(kind)
    if spec.kind != mapping.kind:
        raise ValueError(f"the column map is for {mapping.kind}s, not {spec.plural}")
    settings = settings or PlanSettings()
    if under_event(spec.kind) and not settings.event_id and not mapping.has("@event_id"):
        raise ColumnError(
            f"{sheet_of(spec)} belongs to an event: give {option_given('--event', 'ID')}, or "
            "add an event_id column"
        )
    return planner_for(spec.kind)(mapping, settings, seen).plan(rows)
