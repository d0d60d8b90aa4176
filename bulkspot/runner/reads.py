"""The reads the write path decides on, retried until the answer holds what was asked.

A look-up or a read-back whose 2xx body is garbled (transport/answers.py) must not be taken
for "nothing there" or "nothing held": a create would be sent again, a PUT would clear fields.
A garbled read is sent again like any transient failure (a GET is safe to repeat).
"""

from __future__ import annotations

from typing import Any

from bulkspot.core.apipath import Address, NextLink, next_link
from bulkspot.core.operation import OpKey
from bulkspot.runner.retry import Requester
from bulkspot.runner.written import Resource
from bulkspot.transport.answers import entries_of, resource_of


async def read_resource(requester: Requester, url: Address, key: OpKey | None = None) -> Resource:
    """One resource, as an object with its id."""
    async for attempt in requester.retrying(key):
        with attempt:
            return resource_of(await requester.attempt("GET", url), method="GET", path=str(url))
    raise AssertionError("a retry loop ends by returning or raising")  # pragma: no cover


async def read_page(requester: Requester, url: Address) -> tuple[list[Any], NextLink | None]:
    """One page of a collection: its entries and the next page's link (None: the last)."""
    async for attempt in requester.retrying():
        with attempt:
            reply = await requester.attempt("GET", url)
            return entries_of(reply, path=str(url)), next_link(reply.body, url)
    raise AssertionError("a retry loop ends by returning or raising")  # pragma: no cover
