"""When a request leaves: the moment its bytes are handed to the socket, told to whoever sent it.

The rate gate lets a request start and records the moment; the gateway counts the request
when it arrives. Between the two the event loop may hold it: a new connection is opened
first (the first request of a run, or one more in flight), and on Python 3.11 aiohttp writes
a body from a task of its own, one turn of the loop later. Thirty jobs starting in one
process held their first requests 20-370 ms past the gate, and the fifth start, let through
`1 + margin` seconds after the first one's record, reached the gateway within a second of
it. So the requester sets `DEPARTURE` to a hook around one send (runner/retry.py), and the
sender calls it as the request's bytes go out: the gate then counts the start from there.

A context variable, so that the Sender protocol stays one call (a test's sender need not
know of it; a start it never reports counts from the gate, as before); the task aiohttp
starts to write a body copies the context, so the hook reaches it there too.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

Departed = Callable[[], None]

DEPARTURE: ContextVar[Departed | None] = ContextVar("bulkspot_departure", default=None)


def departed() -> None:
    """Tell the request's sender that its bytes are going out now."""
    hook = DEPARTURE.get()
    if hook is not None:
        hook()
