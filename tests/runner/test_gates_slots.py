"""Both gates behind one slot protocol (runner/slots.py), measured with spies as aiometer's
tests do: the most requests at once, the smallest gap between starts, the wake-ups a place
given back costs."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import anyio
import pytest

from bulkspot.runner import gates
from bulkspot.runner.gates import ConcurrencyGate, RateGate
from bulkspot.runner.slots import Slots, Ticket
from tests.runner.test_gates import most_in_any_window


async def test_composed_gates_keep_the_most_at_once_and_the_smallest_gap() -> None:
    rate = RateGate(20)
    slots = Slots(ConcurrencyGate(3, cap=10, rate_gate=rate), rate)
    starts: list[float] = []
    at_once = most_at_once = 0

    async def request() -> None:
        nonlocal at_once, most_at_once
        ticket = Ticket()
        async with slots.slot(ticket):
            assert ticket.started is not None
            starts.append(ticket.started)
            at_once += 1
            most_at_once = max(most_at_once, at_once)
            await anyio.sleep(0.2)  # the request in flight: four starts' worth
            at_once -= 1

    async with anyio.create_task_group() as tg:
        for _ in range(24):
            tg.start_soon(request)
    assert most_at_once == 3
    assert most_in_any_window(starts, rate.window) <= 20
    # starts are planned 1/R apart; one woken late by a loaded loop may come nearer the next
    assert min(b - a for a, b in itertools.pairwise(sorted(starts))) > 0


class CountingEvent:
    """anyio.Event that counts the waiters it wakes (a spy on the gate's wake-ups)."""

    woken = 0
    real = anyio.Event

    def __init__(self) -> None:
        self._event = CountingEvent.real()

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    async def wait(self) -> None:
        await self._event.wait()
        CountingEvent.woken += 1


@pytest.fixture
def counted_wakeups(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[CountingEvent]]:
    CountingEvent.woken = 0
    monkeypatch.setattr(gates.anyio, "Event", CountingEvent)
    yield CountingEvent


async def test_a_place_given_back_wakes_one_waiter_first_come_first_served(
    counted_wakeups: type[CountingEvent],
) -> None:
    """Issue 24: every release woke every waiter (64 workers for a capacity of 2-3)."""
    gate = ConcurrencyGate(1, cap=10, rate_gate=RateGate(1000))
    waiters = 10
    order: list[int] = []
    holder = Ticket()
    await gate.acquire(holder)

    async def waiter(number: int) -> None:
        ticket = Ticket()
        await gate.acquire(ticket)
        order.append(number)
        await anyio.sleep(0.001)
        gate.release(ticket)

    async with anyio.create_task_group() as tg:
        for number in range(waiters):
            tg.start_soon(waiter, number)
        await anyio.wait_all_tasks_blocked()
        assert gate.waiting == waiters
        gate.release(holder)
    assert order == list(range(waiters))
    assert counted_wakeups.woken == waiters  # one wake-up each: none woken to wait again
    assert gate.in_flight == 0 and gate.waiting == 0


async def test_a_waiter_let_in_as_it_is_cancelled_passes_its_place_on() -> None:
    gate = ConcurrencyGate(1, cap=10, rate_gate=RateGate(1000))
    holder = Ticket()
    await gate.acquire(holder)
    got_in: list[str] = []

    async def waiter(name: str) -> None:
        await gate.acquire(Ticket())
        got_in.append(name)

    first_scope = anyio.CancelScope()

    async def first() -> None:
        with first_scope:
            await waiter("first")

    async with anyio.create_task_group() as tg:
        tg.start_soon(first)
        await anyio.wait_all_tasks_blocked()
        tg.start_soon(waiter, "second")  # queued behind the first
        await anyio.wait_all_tasks_blocked()
        first_scope.cancel()  # the first is told to stop ...
        gate.release(holder)  # ... and let in before it has run to hear it
    assert got_in == ["second"]
    assert gate.in_flight == 1 and gate.waiting == 0


async def test_a_stop_during_the_rate_wait_gives_the_place_in_flight_back() -> None:
    rate = RateGate(1)
    concurrency = ConcurrencyGate(1, cap=10, rate_gate=rate)
    slots = Slots(concurrency, rate)
    async with slots.slot(Ticket()):
        pass  # the first start: the next one waits a second

    async def stopped(_seconds: float) -> None:
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError, match=r"^stopped$"):
        async with slots.slot(Ticket(sleep=stopped)):
            raise AssertionError("a stopped wait lets nothing through")  # pragma: no cover
    assert concurrency.in_flight == 0
