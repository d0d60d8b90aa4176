"""The rate gate's margin under jitter, on a fake clock: it starts small, widens only when a
refusal shows jitter, and a lone refusal at the configured rate costs a retry, not the rate;
two within a short time bring the rate down as before (issue 24). The gates start at a
margin of 20 ms here, the gateways' jitter."""

from __future__ import annotations

import bisect
import random

import anyio
import pytest

from bulkspot.events import RateChanged, RunEvent
from bulkspot.runner.gates import RateGate
from tests.runner.test_gates import FakeTime, starts_in_a_row

MARGIN = 0.02  # a margin equal to the simulator's jitter (the default, 0.03, adds lag)


class JitteryGateway:
    """Counts each start a seeded 0..`jitter` seconds after it leaves (as the simulator's
    jitter_ms does) and refuses it when the second before its count holds `allowed`."""

    def __init__(self, allowed: int, jitter: float, seed: int = 3) -> None:
        self.allowed = allowed
        self.jitter = jitter
        self.counted: list[float] = []  # sorted
        self.refused = 0
        self._random = random.Random(seed)

    def take(self, at: float) -> bool:
        counted_at = at + self._random.uniform(0.0, self.jitter)
        first = bisect.bisect_right(self.counted, counted_at - 1.0)
        last = bisect.bisect_right(self.counted, counted_at)
        if last - first >= self.allowed:
            self.refused += 1
            return False
        self.counted.insert(last, counted_at)
        return True


def send(gate: RateGate, gateway: JitteryGateway, time_: FakeTime, rows: int) -> list[RunEvent]:
    """`rows` requests one after another, each refused one told at once and sent again."""
    heard: list[RunEvent] = []

    async def run() -> None:
        admitted = 0
        while admitted < rows:
            at = await gate.wait(time_.sleep, heard.append)
            if gateway.take(at):
                admitted += 1
            else:
                gate.over_limit(at, heard.append)

    anyio.run(run)
    return heard


def test_without_jitter_the_small_margin_stays_and_nothing_is_refused() -> None:
    time_ = FakeTime()
    gate = RateGate(4, safety=MARGIN, clock=time_.clock)
    began = time_.now
    heard = send(gate, JitteryGateway(4, jitter=0.0), time_, 400)
    assert gate.safety == 0.02 and heard == []
    # 400 starts at 4/s: (N - 1)/R, and the margin once a window of R
    assert time_.now - began == pytest.approx(399 / 4 + 99 * 0.02)
    assert (time_.now - began) / (400 / 4) < 1.02


@pytest.mark.parametrize(("rate", "rows"), [(4, 400), (30, 3_000)])
def test_jitter_over_the_margin_widens_it_and_the_rate_is_kept(rate: int, rows: int) -> None:
    """50 ms of jitter against a margin of 20: the first refusals widen the margin until
    none come; a lone one keeps the rate, two within `lone_for` take it down for a while."""
    time_ = FakeTime()
    gate = RateGate(rate, safety=MARGIN, clock=time_.clock)
    gateway = JitteryGateway(rate, jitter=0.05)
    began = time_.now
    heard = send(gate, gateway, time_, rows)
    assert 1 <= gateway.refused <= 4
    slow_downs = [e for e in heard if isinstance(e, RateChanged) and e.reason == "over limit"]
    assert len(slow_downs) < gateway.refused  # the first refusal, lone, kept the rate
    assert gate.rate == rate and 0.05 <= gate.safety <= 0.08
    assert (time_.now - began) / (rows / rate) < 1.09  # the widened margin, paid


def test_twenty_ms_of_jitter_at_the_margin_draws_no_refusal() -> None:
    time_ = FakeTime()
    gate = RateGate(30, safety=MARGIN, clock=time_.clock)
    began = time_.now
    gateway = JitteryGateway(30, jitter=0.02)
    send(gate, gateway, time_, 3_000)
    assert gateway.refused == 0 and gate.safety == 0.02
    assert (time_.now - began) / (3_000 / 30) < 1.03


def test_a_lone_refusal_keeps_the_rate_and_a_second_soon_after_brings_it_down() -> None:
    time_ = FakeTime()
    heard: list[RunEvent] = []
    gate = RateGate(8, safety=MARGIN, clock=time_.clock)
    starts = starts_in_a_row(gate, time_, 16)
    gate.over_limit(starts[15], heard.append)  # 7 ahead in the second before: the edge
    assert (gate.rate, gate.safety, heard) == (8, 0.04, [])
    gate.over_limit(starts[14], heard.append)  # made before the margin widened: the same
    assert (gate.rate, gate.safety, heard) == (8, 0.04, [])
    later = starts_in_a_row(gate, time_, 8)
    gate.over_limit(later[-1], heard.append)  # a second refusal within seconds
    assert heard == [RateChanged(old=8, new=7.0, reason="over limit")]
    assert gate.rate == 7
    assert gate.safety == 0.02  # the lone one was the lower limit's: its widening undone


def test_a_refusal_long_after_the_last_is_lone_again() -> None:
    time_ = FakeTime()
    gate = RateGate(8, safety=MARGIN, clock=time_.clock)
    first = starts_in_a_row(gate, time_, 16)
    gate.over_limit(first[-1])
    time_.now += gate.lone_for + 1.0
    second = starts_in_a_row(gate, time_, 16)
    gate.over_limit(second[-1])
    assert gate.rate == 8 and gate.safety == 0.08
