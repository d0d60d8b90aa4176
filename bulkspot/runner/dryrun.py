"""A dry run: the import's own executor over a write path that only reads.

Each create is looked up by its natural key (one GET per collection, cached) and each update
is compared with the resource as it is, so the plan says `to create`, `to update`,
`unchanged` or `exists` per row, and undo's says `to delete`. No write request is sent. A
parent that would be created has no id yet: its children get `NEW_ID` and are not looked up.
When the API cannot be reached, the rest of the plan goes on unchecked and `offline_reason`
says why. The decisions are the real writer's own (core/write_rules.py).

`keep_bodies`: each row's outcome also says what it would send (the body of its create, the
fields of its update, the status it would set, with the ids resolved as far as a dry run can),
in `Written.sent`, which the pool keeps in the dry run's throwaway journal (its `sent` column)
so the results file can show a `would_send` column without holding it in memory.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Mapping
from typing import Any, TypeVar

from bulkspot.core.operation import OnExisting, OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.core.resources import ResourceSpec
from bulkspot.core.write_rules import left_alone, merged_update, natural_key_of, when_existing
from bulkspot.errors import NetworkError, StopRun, TransferError
from bulkspot.runner.held_once import held_elsewhere
from bulkspot.runner.lookup import KeyIndex
from bulkspot.runner.retry import Requester
from bulkspot.runner.written import Ids, Written, failed

NEW_ID = "(new)"  # the id of a resource the dry run would create
T = TypeVar("T")


class _Unchecked(Exception):
    """The API could not be asked."""


class DryWriter:
    """Says what `Writer` would do, from read-only requests."""

    def __init__(
        self, requester: Requester, index: KeyIndex | None = None, *, keep_bodies: bool = False
    ) -> None:
        self.requester = requester
        self.keep_bodies = keep_bodies
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
            return self._kept(_unchecked(Status.TO_CREATE), body)
        if found is None and natural is not None:  # a parent that holds one at most
            held = held_elsewhere(spec, body, self.index.view(spec.kind, ids))
            if held is not None:
                return self._kept(Written(Outcome(Status.FAILED, None, None, 0, held)), body)
        if found is None:
            return self._kept(Written(Outcome(Status.TO_CREATE)), body)
        kept_or_refused = when_existing(on_existing, spec, body, found)
        if kept_or_refused is None:
            return await self.update(spec, ids, found, body, key=key)
        return self._kept(Written(kept_or_refused), body)

    async def update(
        self,
        spec: ResourceSpec,
        ids: Ids,
        resource_id: str,
        changes: Mapping[str, Any],
        *,
        key: OpKey | None = None,
    ) -> Written:
        return self._kept(await self._update(spec, ids, resource_id, changes), changes)

    async def _update(
        self, spec: ResourceSpec, ids: Ids, resource_id: str, changes: Mapping[str, Any]
    ) -> Written:
        if NEW_ID in (resource_id, *ids.values()):
            return Written(Outcome(Status.TO_UPDATE))
        try:  # as the writer: from the collection's read when it holds the resource whole
            held = await self._ask(self.index.held(spec.kind, ids, resource_id, read=True))
            if held is not None:
                changed = merged_update(spec, held, changes).changes_anything
                return Written(
                    Outcome(Status.TO_UPDATE if changed else Status.UNCHANGED, resource_id)
                )
            reply = await self._ask(self.requester.send("GET", spec.item_url(ids, resource_id)))
        except _Unchecked:
            return _unchecked(Status.TO_UPDATE, resource_id)
        except TransferError as error:
            return failed(error, 1)
        current = reply.body if isinstance(reply.body, dict) else {}
        changed = merged_update(spec, current, changes).changes_anything
        return Written(Outcome(Status.TO_UPDATE if changed else Status.UNCHANGED, resource_id))

    async def delete(
        self,
        spec: ResourceSpec,
        ids: Ids,
        resource_id: str,
        *,
        key: OpKey | None = None,
        expected: Mapping[str, Any] | None = None,
    ) -> Written:
        if expected is not None and NEW_ID not in (resource_id, *ids.values()):
            try:
                url = spec.item_url(ids, resource_id)
                reply = await self._ask(self.requester.send("GET", url, key=key))
            except _Unchecked:
                return _unchecked(Status.TO_DELETE, resource_id)
            except TransferError as error:
                return failed(error, 1)
            resource = reply.body if isinstance(reply.body, dict) else {}
            if (theirs := left_alone(expected, resource, resource_id)) is not None:
                return Written(theirs)
        return Written(Outcome(Status.TO_DELETE, resource_id))

    async def set_status(
        self,
        spec: ResourceSpec,
        ids: Ids,
        resource_id: str,
        status: str,
        *,
        key: OpKey | None = None,
        expected: Mapping[str, Any] | None = None,
    ) -> Written:
        would = Status.TO_CANCEL if status == "CANCELLED" else Status.TO_UPDATE
        return self._kept(Written(Outcome(would, resource_id)), {"status": status})

    def _kept(self, written: Written, sent: Mapping[str, Any]) -> Written:
        """`written`, saying what it would send when the bodies are kept."""
        if not self.keep_bodies or not sent or written.sent is not None:
            return written
        return dataclasses.replace(written, sent=sent)

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
