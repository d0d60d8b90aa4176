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

A start counts from when the request leaves, not from when the gate let it through: the
sender tells the gate (`sent`, through transport/sent.py) when the request's headers and
body went out; held back past the gate (a new connection, a busy loop, a body written a
turn of the loop later), the start moves there, in this process's window and the machine's. A
wait is one sleep, to the later of the next slot and the moment the window opens.

The concurrency gate bounds the requests in flight (runner/concurrency.py, imported here).

Both gates have the one shape of runner/slots.py (aiometer's meters): `acquire(ticket)`
before a request, `release(ticket)` after it. A gate outlives a run (every run of a key in a
process passes one rate gate), so it keeps no run's observers: a change it makes is told to
the run whose request made it, through that request's ticket.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from functools import partial
from typing import Protocol

import anyio

from bulkspot.events import RateChanged
from bulkspot.runner.concurrency import ConcurrencyGate
from bulkspot.runner.slots import Notify, Sleep, Ticket, unheard
from bulkspot.transport.sent import on_sent

__all__ = ["ConcurrencyGate", "RateGate", "SharedStarts"]

LATE = 0.002  # seconds past the gate after which a request's start moves to its leaving
PAST_THE_EDGE = 1e-6  # a sleep to the window's edge ends this far past it (no 0.0 round-off)


class RateGate:
    """Lets requests start no faster than `rate` per second in any window."""

    probe_after = 5.0  # seconds without a refusal before a probe upward
    longest_probe_wait = 20.0  # the wait after failed probes doubles up to this
    next_probe_after = 2.0  # seconds a probe must hold before the next, bigger one
    widest_margin = 0.12  # the margin doubles on each refusal that shows jitter, up to this
    lone_for = 2.0  # seconds: a refusal with none other this close before it is lone

    def __init__(
        self,
        rate: float,
        *,
        safety: float = 0.03,  # the jitter and a little: 0.02 drew refusals at 20 ms; widens
        floor: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
        shared: SharedStarts | None = None,
    ) -> None:
        self.ceiling = rate
        self.shared = shared  # the key's starts of every process on the machine
        self.rate = rate
        self.safety = safety
        self.floor = min(floor, rate)
        self._clock = clock
        self._next_slot = -math.inf
        self._changed_at = clock()
        self._last_reason = ""
        self._step = 1.0
        self._probe_wait = self.probe_after
        self._starts: deque[float] = deque(maxlen=_kept(rate))
        self._pending = 0  # slots handed out whose starts are not recorded yet
        self._refused_at = -math.inf  # the last refusal's moment
        self._widened_at = -math.inf  # when the margin last widened
        self._narrower = safety  # the margin before it did

    @property
    def interval(self) -> float:
        return 1.0 / self.rate

    @property
    def window(self) -> float:
        """The seconds in which at most R starts are let through."""
        return 1.0 + self.safety

    async def acquire(self, ticket: Ticket) -> None:
        ticket.started = await self.wait(ticket.sleep, ticket.notify)
        on_sent.set(partial(self.sent, ticket))  # counted from when it leaves (transport/sent.py)

    def release(self, ticket: Ticket) -> None:
        on_sent.set(None)
        if ticket.refused:
            self.over_limit(ticket.started, ticket.notify)

    def sent(self, ticket: Ticket, at: float) -> None:
        """The ticket's request left at `at`: when later than its start (a connection opened
        first, the loop busy elsewhere), the windows count it from then, as the gateway does.
        Kept in order, so that "the R-th start before" stays the R-th latest."""
        started = ticket.started
        if started is None or at - started <= LATE:
            return
        starts = self._starts
        for back in range(len(starts) - 1, -1, -1):
            if starts[back] == started:
                del starts[back]
                break
        else:
            return  # no longer kept (long ago): nothing to move
        place = len(starts)
        while place > 0 and starts[place - 1] > at:
            place -= 1
        starts.insert(place, at)
        if self.shared is not None:
            self.shared.move(started, at)
        ticket.started = at

    async def wait(self, sleep: Sleep = anyio.sleep, notify: Notify = unheard) -> float:
        """Wait for this request's slot; slots are handed out in call order. Returns the
        start's moment on the gate's clock (for `over_limit`). `sleep`: a sleep that a
        stopping run can end early (by raising); `notify`: the observers of the run that
        waits (told of a probe upward this wait makes)."""
        now = self._clock()
        slot = max(now, self._next_slot + self.interval)
        self._maybe_probe(now, notify, busy=slot > now)
        slot = max(now, self._next_slot + self.interval, self._window_opens())
        self._next_slot = slot
        self._pending += 1
        try:
            if slot > now:
                await sleep(slot - now)
            return await self._hold_window(sleep)
        finally:
            self._pending -= 1

    def _window_opens(self) -> float:
        """When the window has room for one more start beyond those waiting for theirs (a
        little past the edge, so that one sleep does; -inf: it has room now). With as many
        waiting as the window holds, the wait in `_hold_window` decides."""
        limit = _window_limit(self.rate) - self._pending
        if limit < 1 or len(self._starts) < limit:
            return -math.inf
        return self._starts[-limit] + self.window + PAST_THE_EDGE

    def after_another_run(self, seconds_ago: float) -> None:
        """Another process sent this key's requests until `seconds_ago` (a run killed just
        before this one, as its journal tells): its last second may still be full at the
        gateway, so the first start here waits until that second is over."""
        wait_until = self._clock() - seconds_ago + self.window
        self._next_slot = max(self._next_slot, wait_until - self.interval)

    async def _hold_window(self, sleep: Sleep) -> float:
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

    def limit(self, rate: float, notify: Notify = unheard) -> None:
        """The ceiling of the next run of the same key (`notify`: its observers). The
        starts already made are kept, so the runs share one sliding window; a slow-down
        learned under the same ceiling is kept too, while another ceiling starts from
        itself."""
        if rate == self.ceiling:
            return
        self.ceiling = rate
        self.floor = min(self.floor, rate)
        self._step, self._probe_wait = 1.0, self.probe_after
        self._starts = deque(self._starts, maxlen=_kept(rate))
        self._set(rate, "limit changed", notify)

    def over_limit(self, started: float | None = None, notify: Notify = unheard) -> None:
        """The gateway refused the start made at `started` (the gate's clock; the latest
        start when not known) as over its limit; `notify`: the observers of the run that
        sent it.

        A lone refusal (none other within `lone_for` seconds) of a start that left at the
        configured rate as soon as the window let it shows jitter: the gateway counted its
        R-th start before closer to it than they left. The margin doubles (up to
        `widest_margin`) and the rate stays: the answer cost no quota and is sent again. A
        refusal of a start made before the margin widened is of the jitter already seen: it
        changes nothing. Any other refusal (a second within `lone_for` says the limit is
        lower) slows down: the starts of the second before it were ahead of it at the
        gateway, so the gateway allows at most that many a second: the rate drops to that
        count (half the rate when there were none: another client of the key). A start
        refused although made after a cut says the limit fell further than the count shows
        (the gateway's second still held what it admitted before): then 15% off as well. A
        refusal that teaches nothing new (a start made before the last cut, at the old
        rate) changes nothing."""
        if started is None:
            started = self._starts[-1] if self._starts else self._clock()
        if started < self._widened_at:
            return
        now = self._clock()
        last, self._refused_at = self._refused_at, now
        lone = now - last > self.lone_for
        if lone and self._shows_jitter(started):
            self._narrower, self.safety = self.safety, min(self.widest_margin, self.safety * 2)
            self._widened_at = now
            return
        if last == self._widened_at:  # that lone one was the lower limit's, not jitter
            self.safety = self._narrower
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
        self._set(rate, "over limit", notify)

    def _shows_jitter(self, started: float) -> bool:
        """Whether the refused start left at the configured rate as soon as the window let
        it (its R-th start before within a slot of the window's edge): where jitter
        refuses. A start with more room before it says the limit is lower (or another
        client shares the key); below the configured rate the limit was learned, or a probe
        is finding it."""
        if self.rate < self.ceiling:
            return False
        limit = _window_limit(self.rate)
        before = [s for s in self._starts if s < started][-limit:]
        return len(before) == limit and started - before[0] < self.window + self.interval

    def _maybe_probe(self, now: float, notify: Notify, *, busy: bool) -> None:
        """Requests waiting and no refusal for a while: try a little faster."""
        if not busy or self.rate >= self.ceiling:
            return
        held = self._last_reason == "probing"  # the last probe held: soon a bigger step
        if now - self._changed_at < (self.next_probe_after if held else self._probe_wait):
            return
        if held:
            self._step *= 2
            self._probe_wait = self.probe_after
        self._set(min(self.ceiling, self.rate + self._step), "probing", notify)

    def _set(self, rate: float, reason: str, notify: Notify) -> None:
        self._changed_at = self._clock()
        self._last_reason = reason
        if rate != self.rate:
            old, self.rate = self.rate, rate
            notify(RateChanged(old=old, new=rate, reason=reason))


class SharedStarts(Protocol):
    """A key's starts as every process on the machine made them (sinks/key_window.py)."""

    def claim(self, clock: Callable[[], float], limit: int, window: float) -> tuple[float, float]:
        """Record a start when the window holds fewer than `limit` (or a more careful
        process's limit): (its moment, 0); else (now, the seconds to wait, > 0)."""
        ...  # pragma: no cover

    def move(self, started: float, left: float) -> None:
        """The start recorded at `started` is counted from `left` (its request left then)."""
        ...  # pragma: no cover


def _kept(ceiling: float) -> int:
    """Starts kept: the window's, and enough before them to count what was ahead of a
    refused start whose answer took a few seconds."""
    return 4 * _window_limit(ceiling) + 16


def _window_limit(rate: float) -> int:
    """Whole requests per sliding second: a gateway counts requests, so 2.5/s admits 2."""
    return max(1, math.floor(rate))
