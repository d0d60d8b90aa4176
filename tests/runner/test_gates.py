"""The rate gate measured with spies: the most starts in any one-second window."""

from __future__ import annotations

import time

import anyio
import pytest

from bulkspot.runner.events import Event, RateChanged
from bulkspot.runner.gates import ConcurrencyGate, RateGate


def most_in_any_window(starts: list[float], window: float = 1.0) -> int:
    starts = sorted(starts)
    best, first = 0, 0
    for last, moment in enumerate(starts):
        while moment - starts[first] >= window:
            first += 1
        best = max(best, last - first + 1)
    return best


async def test_no_window_ever_holds_more_than_the_rate_from_the_first_request() -> None:
    gate = RateGate(40)
    starts: list[float] = []

    async def one() -> None:
        await gate.wait()
        starts.append(time.monotonic())

    async with anyio.create_task_group() as tg:
        for _ in range(50):
            tg.start_soon(one)
    assert most_in_any_window(starts) <= 40
    first_second = [s for s in starts if s - min(starts) < 1.0]
    assert len(first_second) <= 40  # no start-up burst
    assert len(first_second) >= 36  # and the rate is used, not wasted


@pytest.mark.slow
async def test_a_stalled_event_loop_does_not_release_a_burst() -> None:
    """Slots are planned when requests arrive at the gate; if the loop stalls (a busy CPU,
    a long synchronous step), the requests whose slots passed must not all leave at once."""
    gate = RateGate(20)
    starts: list[float] = []

    async def one() -> None:
        await gate.wait()
        starts.append(time.monotonic())
        if len(starts) == 10:
            time.sleep(0.4)  # the stall itself, not a wait for something to happen

    async with anyio.create_task_group() as tg:
        for _ in range(45):
            tg.start_soon(one)
    assert most_in_any_window(starts) <= 20


def test_over_limit_halves_the_rate_once_per_second_then_it_climbs_back() -> None:
    now = [100.0]
    events: list[Event] = []
    gate = RateGate(8, notify=events.append, clock=lambda: now[0])
    gate.over_limit()
    gate.over_limit()  # the same burst of refusals: one cut
    assert gate.rate == 4
    now[0] += 1.1
    gate._maybe_recover(now[0])
    assert gate.rate == 4.8
    for _ in range(10):
        now[0] += 1.1
        gate._maybe_recover(now[0])
    assert gate.rate == 8  # never above the configured rate
    assert next(e.reason for e in events if isinstance(e, RateChanged)) == "over limit"


async def test_the_concurrency_gate_bounds_requests_in_flight() -> None:
    gate = ConcurrencyGate(3, cap=10, rate_gate=RateGate(1000))
    most = 0

    async def one() -> None:
        nonlocal most
        await gate.acquire()
        most = max(most, gate.in_flight)
        await anyio.sleep(0)
        gate.release(0.01)

    async with anyio.create_task_group() as tg:
        for _ in range(30):
            tg.start_soon(one)
    assert most == 3 and gate.in_flight == 0


def test_auto_concurrency_follows_latency_within_the_cap() -> None:
    rate = RateGate(50)
    gate = ConcurrencyGate(None, cap=16, rate_gate=rate)
    for _ in range(30):
        gate._in_flight += 1
        gate.release(0.1)  # 100 ms at 50/s: about 5 in flight fill the rate
    assert 6 <= gate.capacity <= 16
    for _ in range(30):
        gate._in_flight += 1
        gate.release(2.0)
    assert gate.capacity == 16
