"""The reads the write path decides on, retried until the answer holds what was asked.

A look-up or a read-back whose 2xx body is garbled (transport/answers.py) must not be taken
for "nothing there" or "nothing held": a create would be sent again, a PUT would clear fields.
A garbled read is sent again like any transient failure (a GET is safe to repeat).
"""

from __future__ import annotations

from typing import Any

from bulkspot.core.operation import OpKey
from bulkspot.runner.retry import Requester
from bulkspot.runner.written import Resource
from bulkspot.transport.answers import entries_of, resource_of


async def read_resource(requester: Requester, url: str, key: OpKey | None = None) -> Resource:
    """One resource, as an object with its id."""
    async for attempt in requester.retrying(key):
        with attempt:
            return resource_of(await requester.attempt("GET", url), method="GET", path=url)
    raise AssertionError("a retry loop ends by returning or raising")  # pragma: no cover


async def read_page(requester: Requester, url: str) -> tuple[list[Any], Any]:
    """One page of a collection: its entries and the next page's link (None: the last)."""
    async for attempt in requester.retrying():
        with attempt:
            return entries_of(await requester.attempt("GET", url), path=url.split("?", 1)[0])
    raise AssertionError("a retry loop ends by returning or raising")  # pragma: no cover
