"""A dry run that keeps what each row would send: the body of its create, the fields of its
update, the status it would set, with the ids resolved as far as a dry run can (an item the
run would make is `(new)`). Kept in the dry run's throwaway journal (its `sent` column), so
the results file can show it in a `would_send` column without holding it in memory.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bulkspot.core.operation import OnExisting, OpKey
from bulkspot.core.resources import ResourceSpec
from bulkspot.runner.dryrun import DryWriter
from bulkspot.runner.journal_writer import JournalWriter
from bulkspot.runner.lookup import KeyIndex
from bulkspot.runner.retry import Requester
from bulkspot.runner.written import Ids, Written
from bulkspot.sinks.journal import SENDING, JournalRecord


class BodyKeepingDryWriter(DryWriter):
    """`DryWriter`, recording each body it is handed under the operation's key."""

    def __init__(
        self, requester: Requester, index: KeyIndex | None, journal: JournalWriter
    ) -> None:
        super().__init__(requester, index)
        self.journal = journal

    async def _keep(self, spec: ResourceSpec, key: OpKey | None, body: Mapping[str, Any]) -> None:
        if key is not None and body:
            await self.journal.record(JournalRecord(key, spec.kind, SENDING, sent=dict(body)))

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
        await self._keep(spec, key, body)
        return await super().create(
            spec, ids, body, on_existing=on_existing, key=key, resumed=resumed
        )

    async def update(
        self, spec: ResourceSpec, ids: Ids, resource_id: str, changes: Mapping[str, Any],
        *, key: OpKey | None = None,
    ) -> Written:  # fmt: skip
        await self._keep(spec, key, changes)
        return await super().update(spec, ids, resource_id, changes, key=key)

    async def set_status(
        self, spec: ResourceSpec, ids: Ids, resource_id: str, status: str,
        *, key: OpKey | None = None, expected: Mapping[str, Any] | None = None,
    ) -> Written:  # fmt: skip
        await self._keep(spec, key, {"status": status})
        return await super().set_status(
            spec, ids, resource_id, status, key=key, expected=expected
        )
