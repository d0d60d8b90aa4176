"""A barrier for tests of writers at once: `POST /__simulator/control {"hold": 2}` holds the
next 2 API requests until both have arrived, then answers them together.

Two processes started together reach the API at moments a loaded machine decides; held
here, their first requests (the look-ups that guard their creates) see one and the same
account, with no sleep anywhere. A request is never held longer than HOLD_LIMIT.
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
