"""A dry run: the import's own executor over a write path that only reads.

Each create is looked up by its natural key (one GET per collection, cached) and each update
is compared with the resource as it is, so the plan says `to create`, `to update`,
`unchanged` or `exists` per row, and undo's says `to delete`. No write request is sent. A
parent that would be created has no id yet: its children get `NEW_ID` and are not looked up.
When the API cannot be reached, the rest of the plan goes on unchecked and `offline_reason`
says why.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import Any, TypeVar

from bulkspot.core.operation import OnExisting, OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.core.resources import ResourceSpec
from bulkspot.core.sameness import differences
from bulkspot.errors import NetworkError, StopRun, TransferError
from bulkspot.runner.lookup import KeyIndex
from bulkspot.runner.retry import Requester
from bulkspot.runner.written import Ids, Written, already_exists, failed, merge, natural_key_of

NEW_ID = "(new)"  # the id of a resource the dry run would create
T = TypeVar("T")


class _Unchecked(Exception):
    """The API could not be asked."""


class DryWriter:
    """Says what `Writer` would do, from read-only requests."""

    def __init__(self, requester: Requester, index: KeyIndex | None = None) -> None:
        self.requester = requester
        self.index = index or KeyIndex(requester)
        self.offline_reason: str | None = None
        self.reconciliations = 0  # a dry run reconciles nothing

    async def find(self, spec: ResourceSpec, scope: Ids, value: str) -> str | None:
        if NEW_ID in scope.values():
            return None  # under a parent that does not exist yet
        try:
            return await self._ask(self.index.find(spec.kind, scope, value))
        except _Unchecked:
            return NEW_ID  # cannot tell: what needs it goes on unchecked

    async def create(
        self,
        spec: ResourceSpec,
        ids: Ids,
        body: Mapping[str, Any],
        *,
        on_existing: OnExisting,
        key: OpKey | None = None,
        resumed: bool = False,
    ) -> Written:
        natural = natural_key_of(spec, body)
        found = await self.find(spec, ids, natural) if natural is not None else None
        if self.offline_reason is not None:
            return _unchecked(Status.TO_CREATE)
        if found is None:
            return Written(Outcome(Status.TO_CREATE))
        if on_existing is OnExisting.UPDATE:
            return await self.update(spec, ids, found, body, key=key)
        if on_existing is OnExisting.FAIL:
            return Written(Outcome(Status.FAILED, found, error=already_exists(spec, body)))
        return Written(Outcome(Status.EXISTS, found))

    async def update(
        self, spec: ResourceSpec, ids: Ids, resource_id: str, changes: Mapping[str, Any],
        *, key: OpKey | None = None,
    ) -> Written:  # fmt: skip
        if NEW_ID in (resource_id, *ids.values()):
            return Written(Outcome(Status.TO_UPDATE))
        try:
            reply = await self._ask(self.requester.send("GET", spec.item_url(ids, resource_id)))
        except _Unchecked:
            return _unchecked(Status.TO_UPDATE, resource_id)
        except TransferError as error:
            return failed(error, 1)
        current = reply.body if isinstance(reply.body, dict) else {}
        before = spec.writable_body(current)
        changed = spec.with_totals(current, merge(before, changes)) != before
        return Written(Outcome(Status.TO_UPDATE if changed else Status.UNCHANGED, resource_id))

    async def delete(
        self, spec: ResourceSpec, ids: Ids, resource_id: str,
        *, key: OpKey | None = None, expected: Mapping[str, Any] | None = None,
    ) -> Written:  # fmt: skip
        if expected is not None and NEW_ID not in (resource_id, *ids.values()):
            try:
                url = spec.item_url(ids, resource_id)
                reply = await self._ask(self.requester.send("GET", url, key=key))
            except _Unchecked:
                return _unchecked(Status.TO_DELETE, resource_id)
            except TransferError as error:
                return failed(error, 1)
            if differences(expected, reply.body if isinstance(reply.body, dict) else {}):
                return Written(Outcome(Status.EXISTS, resource_id, error="left alone: not "
                                       "made by this run"))  # fmt: skip
        return Written(Outcome(Status.TO_DELETE, resource_id))

    async def set_status(
        self, spec: ResourceSpec, ids: Ids, resource_id: str, status: str,
        *, key: OpKey | None = None, expected: Mapping[str, Any] | None = None,
    ) -> Written:  # fmt: skip
        would = Status.TO_CANCEL if status == "CANCELLED" else Status.TO_UPDATE
        return Written(Outcome(would, resource_id))

    async def _ask(self, question: Awaitable[T]) -> T:
        if self.offline_reason is not None:
            getattr(question, "close", lambda: None)()  # a coroutine never awaited
            raise _Unchecked()
        try:
            return await question
        except (StopRun, NetworkError) as error:
            self.offline_reason = str(error)
            raise _Unchecked() from None

    @property
    def warning(self) -> str | None:
        if self.offline_reason is None:
            return None
        return f"dry run without the API ({self.offline_reason}): nothing was looked up"


def _unchecked(status: Status, resource_id: str | None = None) -> Written:
    return Written(Outcome(status, resource_id, error="not checked: the API could not be reached"))
