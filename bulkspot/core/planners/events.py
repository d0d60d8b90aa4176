"""Event rows, and the `status` column that publishes or cancels an event once it is made
or updated: ACTIVE publishes a DRAFT event, CANCELLED cancels it, blank leaves it.

The API sets the status only through its PATCH, never through the POST or PUT body, so a
row with a status becomes two operations: the write (part "event"), then the status change
(part "status"), which waits for the write and gets the event's id from it. A row of an
update that only sets the status is the status change alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from bulkspot.core.column import Column, Role
from bulkspot.core.operation import Action, FromOp, IdSource, Operation, OpKey
from bulkspot.core.planners.base import Planned, Planner, Problems, Refs
from bulkspot.core.resources import Field, FieldType

STATUS_ACTIONS = {"ACTIVE": Action.PUBLISH, "CANCELLED": Action.CANCEL}
# the words shop and ticketing systems (and American spelling) write for the two statuses;
# DRAFT reads as blank: it is what a blank leaves (the API makes every new event a draft,
# and an export writes a draft's status blank), and no status change sets it
STATUS_WORDS = (
    ("PUBLISHED", "ACTIVE"),
    ("LIVE", "ACTIVE"),
    ("CANCELED", "CANCELLED"),
    ("DRAFT", ""),
)


class EventPlanner(Planner):
    """Events, each with an optional status to set once it is written."""

    sheet_columns = (
        Column(
            "status",
            Role.STATUS,
            Field(
                "status", FieldType.ENUM, choices=tuple(STATUS_ACTIONS), choice_words=STATUS_WORDS
            ),
            doc="ACTIVE (or Published, Live) publishes the event once it is made or "
            "updated, CANCELLED (or Canceled) cancels it; blank (or Draft) leaves it (a "
            "new event is a DRAFT; a published one cannot go back to DRAFT)",
        ),
    )

    _status: str | None = None  # the status cell of the row being planned

    def prepare(
        self, values: dict[str, Any], refs: Refs, scope: Any, create: bool, problems: Problems
    ) -> dict[str, Any] | None:
        self._status = values.pop("@status", None) or None  # "" is DRAFT: as blank
        return None

    def plan(self, rows: Iterable[Any]) -> Iterator[Planned]:
        if not self.map.has("@status"):
            yield from super().plan(rows)
            return
        for row in rows:
            self._status = None
            planned = self.plan_row(row.number, row.cells, row.problems)
            if isinstance(planned, Operation) and self._status is not None:
                yield from self.with_status(planned, self._status)
            else:
                yield planned

    def with_status(self, write: Operation, status: str) -> Iterator[Operation]:
        """The row's write (unless it only sets the status), then its status change."""
        number = write.key.row
        target: IdSource | None = write.target
        if write.action is Action.CREATE or write.fields:
            key = OpKey(number, self.spec.kind)
            yield write._replace(key=key, ends_row=False)
            if write.action is Action.CREATE:
                target = FromOp(key)
        change = OpKey(number, "status")
        yield Operation(change, self.kind, STATUS_ACTIONS[status], target=target)
