"""The write path's deletes and status changes (runner/write.py's `Writer.delete` and
`Writer.set_status`): undo and a writer that keeps the eldest of two send them.

Either may be asked to act only on what this run made (`expected`: what its create, whose
answer was lost, sent): the resource is read first, and one that does not hold all of it
is someone else's, `exists`, and left alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.core.resources import ResourceSpec
from bulkspot.core.write_rules import left_alone
from bulkspot.errors import NotFoundError, TransferError
from bulkspot.runner.reads import read_resource
from bulkspot.runner.retry import Requester
from bulkspot.runner.written import Ids, Written, failed


async def delete(
    requester: Requester,
    spec: ResourceSpec,
    ids: Ids,
    resource_id: str,
    *,
    key: OpKey | None = None,
    expected: Mapping[str, Any] | None = None,
) -> Written:
    """DELETE, retried; a 404 after an attempt whose answer was lost means it landed.
    `expected`: what a create whose answer was lost sent; the resource is deleted only
    if it holds all of it (else someone else made it: `exists`, left alone)."""
    loop = requester.retrying(key)
    maybe_landed = False
    try:
        if expected is not None and (
            theirs := await _theirs(requester, spec, ids, resource_id, expected, key)
        ):
            return theirs
        async for attempt in loop:
            with attempt:
                reply = await requester.attempt("DELETE", spec.item_url(ids, resource_id))
            maybe_landed |= attempt.error is not None and attempt.error.outcome_unknown
    except NotFoundError as gone:
        if maybe_landed:
            return Written(Outcome(Status.DELETED, resource_id, 404, loop.attempts))
        outcome = Outcome(Status.UNCHANGED, resource_id, 404, loop.attempts, "already gone")
        return Written(outcome, error=gone)
    except TransferError as error:
        return failed(error, loop.attempts)
    return Written(Outcome(Status.DELETED, resource_id, reply.status, loop.attempts))


async def set_status(
    requester: Requester,
    spec: ResourceSpec,
    ids: Ids,
    resource_id: str,
    status: str,
    *,
    key: OpKey | None = None,
    expected: Mapping[str, Any] | None = None,
) -> Written:
    """PATCH the status (an event: ACTIVE publishes it, CANCELLED cancels it);
    `expected` as for `delete`."""
    patch = [{"op": "REPLACE", "path": "#/status", "value": status}]
    try:
        if expected is not None and (
            theirs := await _theirs(requester, spec, ids, resource_id, expected, key)
        ):
            return theirs
        reply = await requester.send("PATCH", spec.item_url(ids, resource_id), patch, key=key)
    except TransferError as error:
        return failed(error, 1)
    done = Status.CANCELLED if status == "CANCELLED" else Status.UPDATED
    resource = reply.body if isinstance(reply.body, dict) else None
    return Written(Outcome(done, resource_id, reply.status, 1), False, resource)


async def _theirs(
    requester: Requester,
    spec: ResourceSpec,
    ids: Ids,
    resource_id: str,
    expected: Mapping[str, Any],
    key: OpKey | None,
) -> Written | None:
    """`exists` when the resource does not hold what this run's create sent: someone else
    made it, and it is left alone. None when it is this run's."""
    resource = await read_resource(requester, spec.item_url(ids, resource_id), key)
    theirs = left_alone(expected, resource, resource_id, http_status=200, attempts=1)
    return None if theirs is None else Written(theirs)
