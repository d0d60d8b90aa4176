"""When a request actually left: the moment its headers, and then its body, were written.

The rate gate counts a request from the moment it let it start, but the gateway counts it
when it arrives. In between, a new connection may have to be opened (the first request of a
run, of each account, opens one; twenty accounts starting at once open twenty, one after
another) or the event loop may be busy elsewhere: a request started at 0.00 s and sent at
0.30 s reaches a 4/s gateway beside the fifth start at 1.03 s, and that one is refused. So
the gate hears when each request left (runner/gates.py, `RateGate.sent`) and counts it from
then.

The sender says so through `on_sent`, a context variable: the gate sets it in the task that
is about to send, and the sender calls it as the headers go out and again as the body does
(aiohttp writes a body from a task of its own, which copies the context, so the hook reaches
it there). No sender's signature changes, and a sender that never calls it (a test's fake)
changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar

OnSent = Callable[[float], None]

on_sent: ContextVar[OnSent | None] = ContextVar("bulkspot_on_sent", default=None)


def request_left(clock: Callable[[], float] = time.monotonic) -> None:
    """Tell the task's gate that (more of) its request left now; the gate keeps the last."""
    hook = on_sent.get()
    if hook is not None:
        hook(clock())
