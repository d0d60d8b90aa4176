"""A run's stop: set once (a fatal answer, Ctrl-C, a full disk), after which no request
starts and every wait in progress (a gate's, a backoff's) ends at once with StopRun."""

from __future__ import annotations

import anyio

from bulkspot.errors import StopRun
from bulkspot.runner.wakeable import Sleepers


class StopSignal:
    """The run's stop, set once: no request starts after it; waits in progress end early,
    raising StopRun with the reason it was set for."""

    def __init__(self) -> None:
        self.reason: str | None = None
        self.resume_hint = ""
        self._event = anyio.Event()
        self._sleepers = Sleepers(self._event)

    @property
    def is_set(self) -> bool:
        return self.reason is not None

    def set(self, reason: str, resume_hint: str = "") -> None:
        if self.reason is None:
            self.reason, self.resume_hint = reason, resume_hint
            self._event.set()
            self._sleepers.wake_all()

    def error(self) -> StopRun:
        return StopRun(self.reason or "stopped", resume_hint=self.resume_hint)

    async def sleep(self, seconds: float) -> None:
        """Sleep, or raise StopRun as soon as the run is told to stop."""
        if seconds > 0:
            await self._sleepers.sleep(seconds)  # runner/wakeable.py
        if self.is_set:
            raise self.error()
