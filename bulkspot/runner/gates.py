"""The two gates every request passes: the rate gate and the concurrency gate.

The rate gate paces request starts `1 / rate` seconds apart and keeps its recent starts: a
start waits until the R-th before it (R: the whole requests the rate allows a second) is
`1 + safety` seconds old. No window of `1 + safety` seconds, anywhere, ever holds more than R
starts, from the very first request on (a token bucket would let R through at once and R
more a moment later); the margin costs `safety` seconds once every R starts, not on every
gap, and it absorbs the jitter between the moment a request starts here and the moment the
gateway counts it. The window is kept of actual starts, so an event loop that stalls past
several slots cannot release a burst.

Over-limit answers teach the gate the gateway's limit: the refused start had the starts of
the second before it ahead of it at the gateway, so the gateway allows at most that many;
the rate drops to it at once (halving only when nothing is known; 15% more off when a start
made after a cut is refused too: the limit fell and the count still holds the old one's
starts). Requests still waiting, the gate probes upward after some seconds without a
refusal, one request a second at first and, sooner, twice the step after each probe that
held; a probe that draws a refusal makes the next wait longer, so probing at a fixed limit
costs a refusal now and then. Never above the configured rate.

Processes of one key on a machine share its window: given a `shared` record
(sinks/key_window.py), a start that fits this process's window also waits while the
machine's last `1 + safety` seconds hold as many starts of the key, from any process, as
the lowest limit a process of the key asked for in them (R, or a more careful one's).

The concurrency gate bounds the requests in flight. In auto mode its capacity follows the
observed latency: enough requests in flight to keep the rate gate busy, within a cap.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Protocol

import anyio

from bulkspot.events import RateChanged, RunEvent


class RateGate:
    """Lets requests start no faster than `rate` per second in any window."""

    probe_after = 5.0  # seconds without a refusal before a probe upward
    longest_probe_wait = 20.0  # the wait after failed probes doubles up to this
    next_probe_after = 2.0  # seconds a probe must hold before the next, bigger one

    def __init__(
        self,
        rate: float,
        *,
        safety: float = 0.03,  # the smallest with no refusal at 20 ms jitter (benchmarks/)
        floor: float = 0.25,
        notify: Callable[[RunEvent], None] = lambda _e: None,
        clock: Callable[[], float] = time.monotonic,
        shared: SharedStarts | None = None,
    ) -> None:
        self.ceiling = rate
        self.shared = shared  # the key's starts of every process on the machine
        self.rate = rate
        self.safety = safety
        self.floor = min(floor, rate)
        self.notify = notify  # the current run's observers (a gate may outlive a run)
        self._clock = clock
        self._next_slot = -math.inf
        self._changed_at = clock()
        self._last_reason = ""
        self._step = 1.0
        self._probe_wait = self.probe_after
        self._starts: deque[float] = deque(maxlen=_kept(rate))

    @property
    def interval(self) -> float:
        return 1.0 / self.rate

    @property
    def window(self) -> float:
        """The seconds in which at most R starts are let through."""
        return 1.0 + self.safety

    async def wait(self, sleep: Callable[[float], Awaitable[None]] = anyio.sleep) -> float:
        """Wait for this request's slot; slots are handed out in call order. Returns the
        start's moment on the gate's clock (for `over_limit`). `sleep`: a sleep that a
        stopping run can end early (by raising)."""
        now = self._clock()
        slot = max(now, self._next_slot + self.interval)
        self._maybe_probe(now, busy=slot > now)
        slot = max(now, self._next_slot + self.interval)
        self._next_slot = slot
        if slot > now:
            await sleep(slot - now)
        return await self._hold_window(sleep)

    def after_another_run(self, seconds_ago: float) -> None:
        """Another process sent this key's requests until `seconds_ago` (a run killed just
        before this one, as its journal tells): its last second may still be full at the
        gateway, so the first start here waits until that second is over."""
        wait_until = self._clock() - seconds_ago + self.window
        self._next_slot = max(self._next_slot, wait_until - self.interval)

    async def _hold_window(self, sleep: Callable[[float], Awaitable[None]]) -> float:
        """Wait until this start keeps every window within the rate; record it."""
        starts = self._starts
        while True:
            now = self._clock()
            window, limit = self.window, _window_limit(self.rate)
            if len(starts) >= limit and now - starts[-limit] < window:
                await sleep(max(starts[-limit] + window - now, 1e-6))  # never a 0.0 round-off
                continue
            if self.shared is not None:  # this process's window has room: the machine's?
                now, wait = self.shared.claim(self._clock, limit, window)
                if wait > 0:
                    await sleep(wait)
                    continue
            starts.append(now)
            self._next_slot = max(self._next_slot, now)
            return now

    def limit(self, rate: float) -> None:
        """The ceiling of the next run of the same key. The starts already made are kept,
        so the runs share one sliding window; a slow-down learned under the same ceiling is
        kept too, while another ceiling starts from itself."""
        if rate == self.ceiling:
            return
        self.ceiling = rate
        self.floor = min(self.floor, rate)
        self._step, self._probe_wait = 1.0, self.probe_after
        self._starts = deque(self._starts, maxlen=_kept(rate))
        self._set(rate, "limit changed")

    def over_limit(self, started: float | None = None) -> None:
        """The gateway refused the start made at `started` (the gate's clock; the latest
        start when not known) as over its limit. The starts of the second before it were
        ahead of it at the gateway, so the gateway allows at most that many a second: the
        rate drops to that count (half the rate when there were none: another client of the
        key). A start refused although made after a cut says the limit fell further than
        the count shows (the gateway's second still held what it admitted before): then 15%
        off as well. A refusal that teaches nothing new (a start made before the
        last cut, at the old rate) changes nothing."""
        if started is None:
            started = self._starts[-1] if self._starts else self._clock()
        ahead = sum(1 for s in self._starts if started - 1.0 < s < started)
        learned = float(ahead) if ahead >= 1 else self.rate / 2
        if self._last_reason == "over limit" and started > self._changed_at:
            learned = min(learned, self.rate * 0.85)
        rate = max(self.floor, min(self.rate, learned))
        if rate >= self.rate:
            return
        if self._last_reason == "probing":  # the probe found the limit: wait longer next
            self._probe_wait = min(self.longest_probe_wait, self._probe_wait * 2)
        self._step = 1.0
        self._set(rate, "over limit")

    def _maybe_probe(self, now: float, *, busy: bool) -> None:
        """Requests waiting and no refusal for a while: try a little faster."""
        if not busy or self.rate >= self.ceiling:
            return
        held = self._last_reason == "probing"  # the last probe held: soon a bigger step
        if now - self._changed_at < (self.next_probe_after if held else self._probe_wait):
            return
        if held:
            self._step *= 2
            self._probe_wait = self.probe_after
        self._set(min(self.ceiling, self.rate + self._step), "probing")

    def _set(self, rate: float, reason: str) -> None:
        self._changed_at = self._clock()
        self._last_reason = reason
        if rate != self.rate:
            old, self.rate = self.rate, rate
            self.notify(RateChanged(old=old, new=rate, reason=reason))


class SharedStarts(Protocol):
    """A key's starts as every process on the machine made them (sinks/key_window.py)."""

    def claim(self, clock: Callable[[], float], limit: int, window: float) -> tuple[float, float]:
        """Record a start when the window holds fewer than `limit` (or a more careful
        process's limit): (its moment, 0); else (now, the seconds to wait, > 0)."""
        ...  # pragma: no cover


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


def _kept(ceiling: float) -> int:
    """Starts kept: the window's, and enough before them to count what was ahead of a
    refused start whose answer took a few seconds."""
    return 4 * _window_limit(ceiling) + 16


def _window_limit(rate: float) -> int:
    """Whole requests per sliding second: a gateway counts requests, so 2.5/s admits 2."""
    return max(1, math.floor(rate))
