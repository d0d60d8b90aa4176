"""Sleeps that a run's stop ends at once, without a cancel scope for each.

Every request of a paced run sleeps at the rate gate (a stop must end that sleep: a run
told to stop sends nothing more). `anyio.move_on_after` around an event's wait does it, but
a sleep that runs its course then ends by a cancellation delivered into the task: some 100
µs of CPU a request in a process serving many accounts at 4/s. On asyncio (where anyio runs
bulkspot's loops) a sleep here is a future and a timer instead, and the stop sets every
sleeping future at once; on another backend it is the cancel scope, as before.
"""

from __future__ import annotations

import asyncio

import anyio


class Sleepers:
    """The sleeps of one run; `wake_all` ends them (the run's stop)."""

    __slots__ = ("_stopped", "_waiting")

    def __init__(self, stopped: anyio.Event) -> None:
        self._stopped = stopped  # set when the run stops (before `wake_all`)
        self._waiting: set[asyncio.Future[None]] = set()

    async def sleep(self, seconds: float) -> None:
        """Sleep `seconds`, or until the run stops, whichever comes first."""
        if self._stopped.is_set():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not asyncio: a cancel scope does it
            with anyio.move_on_after(seconds):
                await self._stopped.wait()
            return
        woken: asyncio.Future[None] = loop.create_future()
        timer = loop.call_later(seconds, _wake, woken)
        self._waiting.add(woken)
        try:
            await woken
        finally:
            timer.cancel()
            self._waiting.discard(woken)

    def wake_all(self) -> None:
        for woken in self._waiting:
            _wake(woken)


def _wake(woken: asyncio.Future[None]) -> None:
    if not woken.done():
        woken.set_result(None)
