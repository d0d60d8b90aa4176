"""The one shape of every gate a request passes (aiometer's meters): `acquire(ticket)`
before the request, `release(ticket)` after it; `Slots` composes gates into one
`async with slots.slot(ticket)`. The gates themselves are in runner/gates.py.

A `Ticket` is one request's own: its run's sleep (a stop ends it) and observers, and what
the request taught (its start, its latency, a refusal). Gates outlive runs, so a gate keeps
no run's observers: what it changes is told through the ticket of the request that made it
change, to that request's run.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from types import TracebackType
from typing import Protocol

import anyio

from bulkspot.events import RunEvent

Sleep = Callable[[float], Awaitable[None]]
Notify = Callable[[RunEvent], None]


def unheard(_event: RunEvent) -> None:
    """The observers of a request no run listens to."""


class Ticket:
    """One request's passage through the gates: how it waits and whom a change it causes is
    told (its run's), and what the gates learn of it."""

    __slots__ = ("latency", "notify", "refused", "sleep", "started")

    def __init__(self, sleep: Sleep = anyio.sleep, notify: Notify = unheard) -> None:
        self.sleep = sleep  # a sleep that a stopping run can end early (by raising)
        self.notify = notify
        self.started: float | None = None  # the start's moment on the rate gate's clock
        self.latency: float | None = None  # seconds from sending to the answer
        self.refused = False  # the gateway refused it as over its limit


class Gate(Protocol):
    """aiometer's meter shape: wait before a request, hear of it after."""

    async def acquire(self, ticket: Ticket) -> None: ...

    def release(self, ticket: Ticket) -> None: ...


class Slots:
    """Gates composed: acquired in order, released in reverse, each released only when
    acquired (a stop that ends a wait leaves the gates as they were)."""

    __slots__ = ("gates",)

    def __init__(self, *gates: Gate) -> None:
        self.gates: Sequence[Gate] = gates

    def slot(self, ticket: Ticket) -> _Slot:
        return _Slot(self.gates, ticket)


class _Slot:
    __slots__ = ("_gates", "_held", "_ticket")

    def __init__(self, gates: Sequence[Gate], ticket: Ticket) -> None:
        self._gates, self._ticket, self._held = gates, ticket, 0

    async def __aenter__(self) -> Ticket:
        for gate in self._gates:
            try:
                await gate.acquire(self._ticket)
            except BaseException:
                self._release()
                raise
            self._held += 1
        return self._ticket

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._release()

    def _release(self) -> None:
        while self._held:
            self._held -= 1
            self._gates[self._held].release(self._ticket)
