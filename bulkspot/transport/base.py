"""The narrow interface between the engine and HTTP: one call, one request, one answer.

Everything above this line (client, engine) speaks `Sender`; only `aiohttp_sender` knows
aiohttp, and `fake.FakeSender` stands in for it in the engine's unit tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from bulkspot.core.apipath import Address


@dataclass(frozen=True, slots=True)
class Reply:
    """A successful answer: its status and its parsed JSON body (None when empty)."""

    status: int
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)


class Sender(Protocol):
    """Send one request; return the 2xx answer or raise a `bulkspot.errors.TransferError`.

    `path` is an `ApiPath` (segments under the API base, and a query) or a `NextLink` from a
    paged answer, never text: the sender alone turns it into a URL (bulkspot.core.apipath).
    The sender adds the api key and the token to every request.
    """

    async def send(self, method: str, path: Address, body: Any = None) -> Reply: ...

    async def aclose(self) -> None: ...
