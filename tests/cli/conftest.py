"""CLI tests: click's CliRunner in-process, the simulator on a free loopback port, and
subprocesses where a real terminal or a real process matters."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import pytest
from click.testing import CliRunner, Result

from bulkspot.api import Client, open_client
from bulkspot.cli import cli
from bulkspot.config import ApiSettings, Limits, RunConfig

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
CREDENTIAL_ENV = ("CTCT_API_KEY", "CTCT_ACCESS_TOKEN", "BULKSPOT_BASE_URL")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credentials leak in from the developer's shell; no colours forced."""
    for name in (*CREDENTIAL_ENV, "FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")


class Cli:
    def __init__(self, cwd: Path) -> None:
        self.runner = CliRunner()
        self.cwd = cwd

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Result:
        return self.runner.invoke(
            cli, list(args), env=env, catch_exceptions=False, prog_name="bulkspot"
        )


@pytest.fixture
def run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    monkeypatch.chdir(tmp_path)
    yield Cli(tmp_path)


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


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    """A quick simulator: no latency, a rate the tests never reach."""
    yield from start_sandbox(rate=1000, latency_ms=0, seed=1)
