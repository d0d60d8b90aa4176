"""A simulator on a free loopback port, and the environment that points bulkspot at it."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import anyio

from bulkspot.api import Client, open_client
from bulkspot.config import ApiSettings, Limits, RunConfig

SANDBOX = {"CTCT_API_KEY": "sandbox-key", "CTCT_ACCESS_TOKEN": "sandbox-token"}
EVENT_BODY = {
    "name": "cli-test-event",
    "title": "CLI test event",
    "type": "OTHER",
    "start_date": "2027-07-17T14:00:00.000Z",
    "end_date": "2027-07-17T20:00:00.000Z",
    "time_zone_id": "US/Eastern",
}


@dataclass
class Sandbox:
    """A simulator on a free loopback port, and the environment that points bulkspot at it."""

    url: str
    env: dict[str, str]
    counter: itertools.count[int]
    stats: Callable[[], dict[str, Any]]  # the simulator's counters (GET /__simulator/stats)

    def new_event(self, **fields: Any) -> str:
        """A fresh event (each test its own: the simulator is shared by the module)."""
        body = {**EVENT_BODY, "name": f"cli-test-{next(self.counter)}", **fields}
        return str(self.call(lambda client: client.create("event", {}, body))["id"])

    def call(self, action: Callable[[Client], Awaitable[Any]]) -> Any:
        settings = ApiSettings(SANDBOX["CTCT_API_KEY"], SANDBOX["CTCT_ACCESS_TOKEN"], self.base)

        async def go() -> Any:
            async with open_client(RunConfig(settings, Limits(rate=1000))) as client:
                return await action(client)

        return anyio.run(go)

    @property
    def base(self) -> str:
        return f"{self.url}/v2/"


def start_sandbox(**config: Any) -> Iterator[Sandbox]:
    from bulkspot.simulator import SimulatorConfig, SimulatorThread

    with SimulatorThread(SimulatorConfig(**config)) as sim:
        env = {**SANDBOX, "BULKSPOT_BASE_URL": f"{sim.url}/v2/"}
        yield Sandbox(sim.url, env, itertools.count(), sim.stats)
