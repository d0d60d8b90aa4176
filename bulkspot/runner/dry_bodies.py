"""A dry run that keeps what each row would send: the body of its create, the fields of its
update, the status it would set, with the ids resolved as far as a dry run can (an item the
run would make is `(new)`). Each comes back in `Written.sent`, which the pool keeps in the dry
run's throwaway journal (its `sent` column) with the outcome, so the results file can show it
in a `would_send` column without holding it in memory.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bulkspot.core.operation import OnExisting, OpKey
from bulkspot.core.resources import ResourceSpec
from bulkspot.runner.dryrun import DryWriter
from bulkspot.runner.written import Ids, Written


class BodyKeepingDryWriter(DryWriter):
    """`DryWriter`, handing back each body it is given with the outcome."""

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
        written = await super().create(
            spec, ids, body, on_existing=on_existing, key=key, resumed=resumed
        )
        return written if written.sent is not None else _keeping(written, body)  # an update's

    async def update(
        self, spec: ResourceSpec, ids: Ids, resource_id: str, changes: Mapping[str, Any],
        *, key: OpKey | None = None,
    ) -> Written:  # fmt: skip
        return _keeping(await super().update(spec, ids, resource_id, changes, key=key), changes)

    async def set_status(
        self, spec: ResourceSpec, ids: Ids, resource_id: str, status: str,
        *, key: OpKey | None = None, expected: Mapping[str, Any] | None = None,
    ) -> Written:  # fmt: skip
        written = await super().set_status(
            spec, ids, resource_id, status, key=key, expected=expected
        )
        return _keeping(written, {"status": status})


def _keeping(written: Written, body: Mapping[str, Any]) -> Written:
    if not body:
        return written
    return Written(written.outcome, written.created, written.resource, written.error, body)
