"""A status change to the status the resource already has (an event ACTIVE, published
again) is `unchanged`, with no PATCH: a sheet exported with its statuses and imported
again sends no write, as every other exported column."""

from __future__ import annotations

from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.core.resources import ResourceSpec
from bulkspot.errors import TransferError
from bulkspot.runner.reads import read_resource
from bulkspot.runner.write import Writer
from bulkspot.runner.written import Ids, WritePath, Written, failed


async def status_held(
    writes: WritePath,
    spec: ResourceSpec,
    ids: Ids,
    resource_id: str,
    status: str,
    key: OpKey | None,
) -> Written | None:
    """`unchanged` when the resource holds `status` already; None when the change is to be
    sent (or the write path is a dry run's, which says what it would send)."""
    if not isinstance(writes, Writer):
        return None
    try:
        resource = await read_resource(writes.requester, spec.item_url(ids, resource_id), key)
    except TransferError as error:
        return failed(error, 1)
    if resource.get("status") != status:
        return None
    return Written(Outcome(Status.UNCHANGED, resource_id, 200, 1), False, resource)
