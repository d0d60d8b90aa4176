"""What happened to a row: one final status, the id it ended with, and why."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    EXISTS = "exists"
    DELETED = "deleted"
    CANCELLED = "cancelled"  # undo: an event, which the API cannot delete
    INVALID = "invalid"
    FAILED = "failed"
    BLOCKED = "blocked"  # its parent failed, so it was never sent
    PENDING = "pending"  # not attempted: the run stopped first
    TO_CREATE = "to create"  # dry run: would be created
    TO_UPDATE = "to update"  # dry run: exists and differs; --on-existing update would change it
    TO_DELETE = "to delete"  # dry run of undo
    TO_CANCEL = "to cancel"  # dry run of undo: an event

    @property
    def is_success(self) -> bool:
        return self in _SUCCESS

    @property
    def is_final(self) -> bool:
        """Final rows are never sent again when the same command runs again."""
        return self not in _NOT_FINAL

    @property
    def is_planned(self) -> bool:
        """A dry run's word: what a real run would do."""
        return self in _PLANNED


_PLANNED = frozenset({Status.TO_CREATE, Status.TO_UPDATE, Status.TO_DELETE, Status.TO_CANCEL})
_NOT_FINAL = _PLANNED | {Status.PENDING}
_SUCCESS = frozenset(
    {
        Status.CREATED,
        Status.UPDATED,
        Status.UNCHANGED,
        Status.EXISTS,
        Status.DELETED,
        Status.CANCELLED,
    }
)

# When one row holds two operations (an item and its attribute), the row shows the worst.
_SEVERITY = {
    s: i
    for i, s in enumerate(
        [
            Status.UNCHANGED,
            Status.EXISTS,
            Status.UPDATED,
            Status.CREATED,
            Status.DELETED,
            Status.CANCELLED,
            Status.TO_UPDATE,
            Status.TO_CREATE,
            Status.TO_CANCEL,
            Status.TO_DELETE,
            Status.PENDING,
            Status.BLOCKED,
            Status.INVALID,
            Status.FAILED,
        ]
    )
}


def worst(statuses: list[Status]) -> Status:
    return max(statuses, key=_SEVERITY.__getitem__)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The final word on one operation."""

    status: Status  # what became of it (a Status: created, exists, failed...)
    resource_id: str | None = None  # the resource's id, when it has one
    http_status: int | None = None  # the last answer's HTTP status
    attempts: int = 0  # requests sent for it
    error: str = ""  # why it failed, was invalid or blocked


def is_settled(outcome: Outcome) -> bool:
    """Whether a rerun leaves an earlier run's operation as it ended. A blocked one is looked
    at again: its parent may have its id by now (it stays blocked, without a request, while
    the parent has none). So is a create that ended without an id (a garbled answer, as runs
    before issue 21 kept it): it is looked up by its natural key (`lost_its_id`)."""
    if outcome.status is Status.BLOCKED or lost_its_id(outcome):
        return False
    return outcome.status.is_final


def lost_its_id(outcome: Outcome) -> bool:
    """A create or a look-up recorded as done without the id it found or made."""
    return outcome.status in (Status.CREATED, Status.EXISTS) and not outcome.resource_id
