"""Fixtures of the simulator tests: a real Simulator on a free loopback port per test, and
its client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bulkspot.simulator import Simulator, SimulatorConfig
from tests.simulator.api import Api, StartSim


@pytest.fixture
async def start_sim() -> AsyncIterator[StartSim]:
    """Start simulators with any settings (closed at the end of the test)."""
    running: list[Simulator] = []
    sessions: list[aiohttp.ClientSession] = []

    async def start(clock: Any = None, **config: Any) -> tuple[Simulator, Api]:
        config.setdefault("rate", 0)
        sim = Simulator(SimulatorConfig(**config), clock=clock)
        await sim.start()
        running.append(sim)
        session = aiohttp.ClientSession()
        sessions.append(session)
        return sim, Api(session, sim.url)

    yield start
    for session in sessions:
        await session.close()
    for sim in running:
        await sim.close()


@pytest.fixture
async def sim_api(start_sim: StartSim) -> tuple[Simulator, Api]:
    """A simulator without limits or faults, and its client."""
    return await start_sim()


@pytest.fixture
async def api(sim_api: tuple[Simulator, Api]) -> Api:
    return sim_api[1]
