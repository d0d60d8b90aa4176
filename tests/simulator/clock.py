"""A manual clock for the gateway's timing: time moves only when a test says so (no sleeps)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class ManualClock:
    """Time that moves only when a test says so."""

    def __init__(self, utc: datetime | None = None) -> None:
        self.now = 1000.0
        self.utc = utc or datetime(2027, 3, 1, 12, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self.now

    def utc_now(self) -> datetime:
        return self.utc

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self.utc += timedelta(seconds=seconds)
