"""The two gates every request passes: the rate gate and the concurrency gate.

The rate gate spaces request starts evenly, `(1 + safety) / rate` seconds apart. Any R+1
consecutive starts then span more than one second, so no one-second window, anywhere, ever
holds more than R starts, from the very first request on (a token bucket would let R through
at once and R more a moment later). The `safety` margin absorbs the jitter between the moment
a request starts here and the moment the gateway counts it. Slots are planned when requests
reach the gate, so an event loop that stalls past several slots would wake them together:
the gate also keeps the last R actual starts and holds a request until the R-th before it is
more than a second (and half the margin) old, the gateway's own sliding-window rule.
Over-limit answers halve the rate; a second without one adds back a step, never above the
configured rate (AIMD).

The concurrency gate bounds the requests in flight. In auto mode its capacity follows the
observed latency: enough requests in flight to keep the rate gate busy, within a cap.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Awaitable, Callable

import anyio

from bulkspot.runner.events import Event, RateChanged


class RateGate:
    """Lets requests start no faster than `rate` per second in any window."""

    def __init__(
        self,
        rate: float,
        *,
        safety: float = 0.04,  # the smallest with no refusal at 20 ms jitter (benchmarks/)
        floor: float = 0.25,
        notify: Callable[[Event], None] = lambda _e: None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ceiling = rate
        self.rate = rate
        self.safety = safety
        self.floor = min(floor, rate)
        self.notify = notify  # the current run's observers (a gate may outlive a run)
        self._clock = clock
        self._next_slot = -math.inf
        self._last_cut = -math.inf
        self._last_raise = clock()
        self._starts: deque[float] = deque(maxlen=_window_limit(rate))

    @property
    def interval(self) -> float:
        return (1.0 + self.safety) / self.rate

    async def wait(self, sleep: Callable[[float], Awaitable[None]] = anyio.sleep) -> None:
        """Wait for this request's slot; slots are handed out in call order. `sleep`: a
        sleep that a stopping run can end early (by raising)."""
        now = self._clock()
        self._maybe_recover(now)
        slot = max(now, self._next_slot + self.interval)
        self._next_slot = slot
        if slot > now:
            await sleep(slot - now)
        await self._hold_window(sleep)

    def after_another_run(self, seconds_ago: float) -> None:
        """Another process sent this key's requests until `seconds_ago` (a run killed just
        before this one, as its journal tells): its last second may still be full at the
        gateway, so the first start here waits until that second is over."""
        window = 1.0 + self.safety / 2
        wait_until = self._clock() - seconds_ago + window
        self._next_slot = max(self._next_slot, wait_until - self.interval)

    async def _hold_window(self, sleep: Callable[[float], Awaitable[None]]) -> None:
        """Wait until this start keeps every sliding second within the rate; record it."""
        window = 1.0 + self.safety / 2
        starts = self._starts
        while True:
            now = self._clock()
            if len(starts) < (starts.maxlen or 1) or now - starts[0] >= window:
                starts.append(now)
                return
            await sleep(starts[0] + window - now)

    def limit(self, rate: float) -> None:
        """The ceiling of the next run of the same key. The starts already made are kept,
        so the runs share one sliding window; a slow-down learned under the same ceiling is
        kept too, while another ceiling starts from itself."""
        if rate == self.ceiling:
            return
        self.ceiling = rate
        self.floor = min(self.floor, rate)
        self._set(rate, "limit changed")

    def over_limit(self) -> None:
        """The gateway said we were too fast: halve the rate, once per second at most."""
        now = self._clock()
        if now - self._last_cut < 1.0:
            return
        self._last_cut = self._last_raise = now
        self._set(max(self.floor, self.rate / 2), "over limit")
        self._next_slot = max(self._next_slot, now + 1.0 / self.rate)

    def _maybe_recover(self, now: float) -> None:
        if self.rate >= self.ceiling or now - self._last_raise < 1.0:
            return
        self._last_raise = now
        step = max(self.ceiling / 10, 0.5)
        self._set(min(self.ceiling, self.rate + step), "recovering")

    def _set(self, rate: float, reason: str) -> None:
        if rate != self.rate:
            old, self.rate = self.rate, rate
            self._starts = deque(self._starts, maxlen=_window_limit(rate))
            self.notify(RateChanged(old=old, new=rate, reason=reason))


class ConcurrencyGate:
    """At most `capacity` requests in flight; in auto mode the capacity tracks the latency."""

    def __init__(self, fixed: int | None, *, cap: int, rate_gate: RateGate) -> None:
        self._fixed = fixed
        self._cap = cap
        self._rate_gate = rate_gate
        self._latency = 0.05  # a first guess, replaced by observations
        self._in_flight = 0
        self._waiting = 0
        self._changed = anyio.Event()

    @property
    def capacity(self) -> int:
        if self._fixed is not None:
            return self._fixed
        # Little's law: in flight = rate x latency; doubled to ride out latency spikes.
        wanted = math.ceil(self._rate_gate.rate * self._latency * 2) + 1
        return max(1, min(self._cap, wanted))

    @property
    def in_flight(self) -> int:
        return self._in_flight

    async def acquire(self) -> None:
        while self._in_flight >= self.capacity:
            self._waiting += 1
            try:
                await self._changed.wait()
            finally:
                self._waiting -= 1
        self._in_flight += 1

    def release(self, latency: float | None = None) -> None:
        self._in_flight -= 1
        if latency is not None:
            self._latency = 0.8 * self._latency + 0.2 * latency
        if self._waiting:  # wake the waiters only when there are any: this is the hot path
            self._changed.set()
            self._changed = anyio.Event()


def _window_limit(rate: float) -> int:
    """Whole requests per sliding second: a gateway counts requests, so 2.5/s admits 2."""
    return max(1, math.floor(rate))
