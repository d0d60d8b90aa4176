"""A PUT, the write path's way (runner/write.py): read, merge the change in, write the whole.

The API's PUT clears whatever it is not given, so an update sends the resource as it is with
the change merged in (an item's total set to the sum of its attributes). A PUT whose answer is
garbled (a 2xx without the resource: GarbledAnswerError) may have landed or not: the resource
is read back, and holding the change means it is done; else the change is merged into what it
holds now and sent again. Sending the old body blindly could undo someone else's change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bulkspot.core.apipath import ApiPath
from bulkspot.core.operation import OpKey
from bulkspot.core.resources import ResourceSpec
from bulkspot.core.write_rules import merged_update
from bulkspot.errors import GarbledAnswerError
from bulkspot.runner.reads import read_resource
from bulkspot.runner.retry import Requester
from bulkspot.runner.written import Resource
from bulkspot.transport.answers import resource_of


async def read_merged(
    requester: Requester,
    spec: ResourceSpec,
    url: ApiPath,
    changes: Mapping[str, Any],
    key: OpKey | None,
) -> tuple[Resource, dict[str, Any], dict[str, Any]]:
    """The resource as it is, its writable body, and that body with `changes` merged in."""
    current = await read_resource(requester, url, key)
    update = merged_update(spec, current, changes)
    return current, update.before, update.after


async def put(
    requester: Requester,
    spec: ResourceSpec,
    url: ApiPath,
    body: Mapping[str, Any],
    changes: Mapping[str, Any],
    key: OpKey | None,
) -> tuple[int, Resource | None]:
    """PUT `body`, retried; after a garbled answer, read back before sending it again.
    Returns the answer's status and the resource (None: a 204 without a payload)."""
    loop = requester.retrying(key)
    garbled: GarbledAnswerError | None = None
    try:
        async for attempt in loop:
            if garbled is not None:
                current, held, body = await read_merged(requester, spec, url, changes, key)
                if body == held:
                    return garbled.status, current
            with attempt:
                reply = await requester.attempt("PUT", url, body)
                if reply.status == 204 and reply.body is None:  # done, nothing to show
                    return reply.status, None
                return reply.status, resource_of(reply, method="PUT", path=str(url))
            garbled = attempt.error if isinstance(attempt.error, GarbledAnswerError) else None
    except GarbledAnswerError as last:  # the attempts are spent: one last look
        current, held, body = await read_merged(requester, spec, url, changes, key)
        if body == held:
            return last.status, current
        raise
    raise AssertionError("a retry loop ends by returning or raising")  # pragma: no cover
