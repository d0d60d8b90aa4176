"""What the write path answers (its decisions are core/write_rules.py's).

`Written` is the end of one write; `WritePath` is what the executor writes through: the
`Writer` (runner/write.py), or a dry run's `DryWriter` (runner/dryrun.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from bulkspot.core.operation import OnExisting, OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.core.resources import ResourceSpec
from bulkspot.errors import ApiError, TransferError

Resource = dict[str, Any]
Ids = Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Written:
    """What one write ended with."""

    outcome: Outcome
    created: bool = False  # this run's create made the resource (undo may remove it)
    resource: Resource | None = None  # the API's answer, when it carried the resource
    error: TransferError | None = None  # why it failed, or found nothing to delete
    sent: Mapping[str, Any] | None = None  # a dry run's: what the write would send


class KeyView(Protocol):
    """The natural keys a look-up has read (runner/lookup.py's KeyIndex)."""

    def view(self, kind: str, scope: Mapping[str, str]) -> Mapping[str, str]: ...


class WritePath(Protocol):
    """What the executor writes through: the `Writer`, or a dry run's `DryWriter`."""

    @property
    def index(self) -> KeyView: ...  # what the look-ups read, kept for the run

    async def find(self, spec: ResourceSpec, scope: Ids, value: str) -> str | None: ...

    async def create(
        self,
        spec: ResourceSpec,
        ids: Ids,
        body: Mapping[str, Any],
        *,
        on_existing: OnExisting,
        key: OpKey | None = None,
        resumed: bool = False,
    ) -> Written: ...

    async def update(
        self,
        spec: ResourceSpec,
        ids: Ids,
        resource_id: str,
        changes: Mapping[str, Any],
        *,
        key: OpKey | None = None,
    ) -> Written: ...

    async def delete(
        self,
        spec: ResourceSpec,
        ids: Ids,
        resource_id: str,
        *,
        key: OpKey | None = None,
        expected: Mapping[str, Any] | None = None,
    ) -> Written: ...

    async def set_status(
        self,
        spec: ResourceSpec,
        ids: Ids,
        resource_id: str,
        status: str,
        *,
        key: OpKey | None = None,
        expected: Mapping[str, Any] | None = None,
    ) -> Written: ...


def failed(error: TransferError, attempts: int) -> Written:
    status = error.status if isinstance(error, ApiError) else None
    message = error.summary if isinstance(error, ApiError) else str(error)
    return Written(Outcome(Status.FAILED, None, status, attempts, message), error=error)


def made(
    resource_id: str, attempts: int, status: int | None = None, resource: Resource | None = None
) -> Written:
    """A create this run made (or proved it made, after a lost answer)."""
    return Written(Outcome(Status.CREATED, resource_id, status, attempts), True, resource)
