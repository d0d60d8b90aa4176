"""Arrival jitter: the gateway counts each request a seeded random 0..jitter_ms after it
arrives, so two requests a client spaced just over a second apart can meet in one window."""

from __future__ import annotations

import asyncio
import time

import pytest

from bulkspot.simulator.config import ConfigError, Settings, SimulatorConfig
from bulkspot.simulator.gateway import Gateway
from tests.simulator.api import StartSim
from tests.simulator.clock import ManualClock

EVENTS = "eventspot/events"
OVER_QPS = "mashery.not.authorized.over.qps"


def test_the_delays_are_seeded_and_within_the_jitter() -> None:
    def delays(seed: int) -> list[float]:
        gateway = Gateway(Settings(SimulatorConfig(jitter_ms=20, seed=seed)), ManualClock())
        return [gateway.arrival_delay() for _ in range(1000)]

    first = delays(3)
    assert first == delays(3) and first != delays(4)
    assert 0.0 <= min(first) < 0.001 and 0.019 < max(first) <= 0.020
    plain = Gateway(Settings(SimulatorConfig(seed=3)), ManualClock())
    assert plain.arrival_delay() == 0.0


def test_a_negative_jitter_is_refused() -> None:
    with pytest.raises(ConfigError) as raised:
        SimulatorConfig(jitter_ms=-1)
    assert str(raised.value) == "jitter_ms must be between 0 and 60000 (got -1)"


async def test_a_late_count_of_the_first_request_refuses_the_second(start_sim: StartSim) -> None:
    # Seed 36 draws 387 ms for the first request and 29 ms for the second: the second,
    # sent 1.05 s after the first, is counted 0.69 s after the first was, inside its second.
    _, api = await start_sim(rate=1, jitter_ms=400, seed=36)
    sent = time.monotonic()
    assert (await api.get(EVENTS)).status == 200
    await asyncio.sleep(sent + 1.05 - time.monotonic())  # the spacing under test
    second = await api.get(EVENTS)
    assert (second.status, second.keys) == (403, [OVER_QPS])
    _, stats = await api.simulator("GET", "stats")
    assert stats["settings"]["jitter_ms"] == 400
