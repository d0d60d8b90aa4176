"""The rate gate measured with spies: the most starts in any one-second window."""

from __future__ import annotations

import itertools
import time

import anyio
import pytest

from bulkspot.events import RateChanged, RunEvent
from bulkspot.runner.gates import ConcurrencyGate, RateGate
from bulkspot.runner.slots import Notify, Ticket, unheard


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


class FakeTime:
    """A clock that sleeping advances: one request after another, as a busy run sends."""

    def __init__(self) -> None:
        self.now = 100.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)


def starts_in_a_row(gate: RateGate, time_: FakeTime, count: int) -> list[float]:
    async def run() -> list[float]:
        return [await gate.wait(time_.sleep) for _ in range(count)]

    return anyio.run(run)


def test_starts_are_paced_at_the_rate_and_the_margin_is_paid_once_a_window() -> None:
    time_ = FakeTime()
    gate = RateGate(30, safety=0.03, clock=time_.clock)
    starts = starts_in_a_row(gate, time_, 300)
    # start k at k/R, pushed back by the margin once every R starts: (N-1)/R + 9 x 0.03
    assert starts[-1] - starts[0] == pytest.approx(299 / 30 + 9 * 0.03)
    assert min(b - a for a, b in itertools.pairwise(starts)) == pytest.approx(1 / 30)
    assert most_in_any_window(starts, 1.03 - 1e-9) == 30
    assert all(b - a >= 1.03 - 1e-9 for a, b in zip(starts, starts[30:], strict=False))


def test_a_fractional_rate_lets_whole_requests_through() -> None:
    time_ = FakeTime()
    gate = RateGate(2.5, clock=time_.clock)
    starts = starts_in_a_row(gate, time_, 20)
    assert most_in_any_window(starts, gate.window) == 2
    assert min(b - a for a, b in itertools.pairwise(starts)) == pytest.approx(0.4)


class SlidingGateway:
    """Admits a start when fewer than `allowed` were admitted in the second before it."""

    def __init__(self, allowed: int) -> None:
        self.allowed = allowed
        self.admitted: list[float] = []
        self.refused: list[float] = []

    def take(self, at: float) -> bool:
        recent = [a for a in self.admitted[-self.allowed :] if a > at - 1.0]
        if len(recent) >= self.allowed:
            self.refused.append(at)
            return False
        self.admitted.append(at)
        return True


def run_against(
    gate: RateGate,
    gateway: SlidingGateway,
    time_: FakeTime,
    seconds: float,
    notify: Notify = unheard,
) -> None:
    """Requests back to back for `seconds`; each refusal is told to the gate at once."""

    async def run() -> None:
        end = time_.now + seconds
        while time_.now < end:
            at = await gate.wait(time_.sleep, notify)
            if not gateway.take(at):
                gate.over_limit(at, notify)

    anyio.run(run)


def test_a_refusal_sets_the_rate_to_what_the_gateway_admitted_and_probes_stay_rare() -> None:
    time_ = FakeTime()
    events: list[RunEvent] = []
    gate = RateGate(30, clock=time_.clock)
    gateway = SlidingGateway(15)
    run_against(gate, gateway, time_, 5.0, events.append)
    assert gate.rate == 15  # learned from the first refusal, not halved to 15 by chance
    assert len(gateway.refused) == 1
    assert events[0] == RateChanged(old=30, new=15, reason="over limit")

    first_minute = len(gateway.refused)
    run_against(gate, gateway, time_, 60.0, events.append)
    probes = len(gateway.refused) - first_minute
    assert 1 <= probes <= 5  # it keeps looking for a higher limit, seldom
    admitted = [a for a in gateway.admitted if a >= time_.now - 60.0]
    assert len(admitted) / 60.0 >= 0.95 * 15
    assert 14 <= gate.rate <= 16
    assert max(e.new for e in events if isinstance(e, RateChanged)) <= 30


def test_when_the_limit_comes_back_the_gate_climbs_back_to_the_configured_rate() -> None:
    time_ = FakeTime()
    gate = RateGate(30, clock=time_.clock)
    gateway = SlidingGateway(10)
    run_against(gate, gateway, time_, 20.0)
    assert gate.rate <= 10
    gateway.allowed = 30
    run_against(gate, gateway, time_, 40.0)
    assert gate.rate == 30  # never above the configured rate


def test_when_the_limit_halves_mid_run_a_few_refusals_bring_the_rate_down() -> None:
    """The gateway's second still holds what it admitted at the old limit, so the first
    refusals count too many ahead; refusals after a cut take 15% off as well."""
    time_ = FakeTime()
    gate = RateGate(30, clock=time_.clock)
    gateway = SlidingGateway(30)
    run_against(gate, gateway, time_, 2.0)
    assert gate.rate == 30 and not gateway.refused
    gateway.allowed = 15
    run_against(gate, gateway, time_, 6.0)
    assert len(gateway.refused) <= 6
    assert 12 <= gate.rate < 16  # at most 15 whole requests a second
    admitted = [a for a in gateway.admitted if a >= time_.now - 4.0]
    assert len(admitted) / 4.0 >= 0.8 * 15


def test_a_refusal_of_a_start_made_before_the_cut_changes_nothing() -> None:
    time_ = FakeTime()
    gate = RateGate(8, clock=time_.clock)
    starts = starts_in_a_row(gate, time_, 8)
    gate.over_limit(starts[5])  # five ahead of it in the second before
    assert gate.rate == 5
    gate.over_limit(starts[7])  # seven ahead: an answer to the same burst
    assert gate.rate == 5


def test_a_refusal_with_no_start_of_ours_ahead_halves_the_rate() -> None:
    """Another client of the same key filled the gateway's second: nothing to count."""
    time_ = FakeTime()
    gate = RateGate(8, clock=time_.clock)
    (only,) = starts_in_a_row(gate, time_, 1)
    gate.over_limit(only)
    assert gate.rate == 4


async def test_the_concurrency_gate_bounds_requests_in_flight() -> None:
    gate = ConcurrencyGate(3, cap=10, rate_gate=RateGate(1000))
    most = 0

    async def one() -> None:
        nonlocal most
        ticket = Ticket()
        await gate.acquire(ticket)
        most = max(most, gate.in_flight)
        await anyio.sleep(0)
        ticket.latency = 0.01
        gate.release(ticket)

    async with anyio.create_task_group() as tg:
        for _ in range(30):
            tg.start_soon(one)
    assert most == 3 and gate.in_flight == 0


def test_auto_concurrency_follows_latency_within_the_cap() -> None:
    rate = RateGate(50)
    gate = ConcurrencyGate(None, cap=16, rate_gate=rate)
    answered = Ticket()

    async def requests(latency: float) -> None:
        answered.latency = latency
        for _ in range(30):
            await gate.acquire(answered)
            gate.release(answered)

    anyio.run(requests, 0.1)  # 100 ms at 50/s: about 5 in flight fill the rate
    assert 6 <= gate.capacity <= 16
    anyio.run(requests, 2.0)
    assert gate.capacity == 16
