"""The concurrency gate: at most `capacity` requests in flight.

In auto mode its capacity follows the observed latency: enough requests in flight to keep
the rate gate busy (Little's law, doubled to ride out spikes), within a cap; the pool's
worker count follows the same capacity (runner/worker_count.py). A place given back goes to
the longest waiter alone, not to every waiter at once. It has the one gate shape of
runner/slots.py, beside the rate gate (runner/gates.py).
"""

from __future__ import annotations

import math
from collections import deque
from typing import Protocol

import anyio

from bulkspot.runner.slots import Ticket


class Paced(Protocol):
    """What the concurrency gate needs of the rate gate: the rate it lets through now."""

    @property
    def rate(self) -> float: ...


class ConcurrencyGate:
    """At most `capacity` requests in flight; in auto mode the capacity tracks the latency.
    Waiters are let in first come, first served, one for each place given back."""

    def __init__(self, fixed: int | None, *, cap: int, rate_gate: Paced) -> None:
        self._fixed = fixed
        self._cap = cap
        self._rate_gate = rate_gate
        self._latency = 0.05  # a first guess, replaced by observations
        self._in_flight = 0
        self._waiters: deque[anyio.Event] = deque()

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

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    async def acquire(self, ticket: Ticket | None = None) -> None:
        if not self._waiters and self._in_flight < self.capacity:
            self._in_flight += 1
            return
        let_in = anyio.Event()
        self._waiters.append(let_in)
        try:
            await let_in.wait()
        except BaseException:  # cancelled or stopped while waiting
            if let_in.is_set():  # given a place it will not use: the next waiter's
                self._in_flight -= 1
                self._let_in()
            else:
                self._waiters.remove(let_in)
            raise

    def release(self, ticket: Ticket | None = None) -> None:
        self._in_flight -= 1
        latency = ticket.latency if ticket is not None else None
        if latency is not None:
            self._latency = 0.8 * self._latency + 0.2 * latency
        if self._waiters:  # only when some wait: this is the hot path
            self._let_in()

    def _let_in(self) -> None:
        """Hand the free places to the longest waiters, one each (the place is counted as
        theirs at once, so no newcomer takes it first)."""
        while self._waiters and self._in_flight < self.capacity:
            self._in_flight += 1
            self._waiters.popleft().set()
