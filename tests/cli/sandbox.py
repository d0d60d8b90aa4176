"""A simulator on a free loopback port, and the environment that points bulkspot at it."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import urllib.request
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


def start_served_sandbox(*options: str) -> Iterator[Sandbox]:
    """`bulkspot serve` in a process of its own: the gateway counts arrivals on its own
    clock, not on a thread that waits for this process's GIL (what a rate test needs)."""
    command = [sys.executable, "-m", "bulkspot", "serve", "--port", "0", *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("listening on "), line
        url = line.removeprefix("listening on ")

        def stats() -> dict[str, Any]:
            with urllib.request.urlopen(f"{url}/__simulator/stats", timeout=10) as answer:
                found: dict[str, Any] = json.load(answer)
                return found

        env = {**SANDBOX, "BULKSPOT_BASE_URL": f"{url}/v2/"}
        yield Sandbox(url, env, itertools.count(), stats)
    finally:
        process.terminate()
        process.wait(timeout=30)
