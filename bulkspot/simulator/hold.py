"""A barrier for tests of writers at once: `POST /__simulator/control {"hold": 2}` holds the
next 2 API requests until both have arrived, then answers them together.

Two processes started together reach the API at moments a loaded machine decides; held
here, their first requests (the look-ups that guard their creates) see one and the same
account, with no sleep anywhere. A request is never held longer than HOLD_LIMIT.

`Stall` (below) stops a client at a chosen write, so a test can kill it there.
"""

from __future__ import annotations

import asyncio
import contextlib

HOLD_LIMIT = 30.0  # seconds: a barrier whose other side never comes lets go


class Hold:
    """The barrier; `arm(n)` sets it for the next n requests, `passing()` waits at it."""

    def __init__(self) -> None:
        self.count = 0
        self.arrived = 0
        self.released = asyncio.Event()

    def arm(self, count: int) -> None:
        self.released.set()  # whoever waits at an earlier barrier goes on
        self.count, self.arrived, self.released = count, 0, asyncio.Event()

    async def passing(self) -> None:
        if self.count <= 0:
            return
        self.arrived += 1
        released = self.released
        if self.arrived >= self.count:
            self.count = 0
            released.set()
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(released.wait(), HOLD_LIMIT)


class Stall:
    """`control {"stall_after_writes": N}`: N more writes are answered, then the next write
    and every request after it wait unanswered until the stall is lifted (`null`, or another
    N), and are then dropped (the connection closed: nothing done, nothing counted but
    `stalled`).

    A client killed while its write is stalled stops at a point the test chose, whatever the
    machine's speed: that write left (the journal knows it may have been sent), never
    arrived, and every request before it was answered. A request never waits longer than
    HOLD_LIMIT.
    """

    def __init__(self) -> None:
        self.writes_left: int | None = None  # None: no stall armed
        self.stopped = False  # the stall has begun: every request waits
        self.stalled = 0
        self.lifted = asyncio.Event()

    def arm(self, writes: int | None) -> None:
        self.lifted.set()  # whoever waits at an earlier stall is dropped now
        self.writes_left, self.stopped, self.lifted = writes, False, asyncio.Event()

    @property
    def armed(self) -> bool:
        return self.writes_left is not None

    async def passing(self, write: bool) -> bool:
        """True: answer the request; False: drop it (after waiting for the lift)."""
        if not self.stopped and self.writes_left is not None:
            if not write:
                return True
            if self.writes_left > 0:
                self.writes_left -= 1
                return True
            self.stopped = True
        self.stalled += 1
        lifted = self.lifted
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(lifted.wait(), HOLD_LIMIT)
        return False
