"""`bulkspot copy` from one account to another of one simulator (issue 24): the source key
reads, the target key writes, and each account's data and counts stay its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest

from bulkspot.api import open_client
from bulkspot.config import ApiSettings, Limits, RunConfig
from bulkspot.simulator import Account, SimulatorConfig, SimulatorThread
from tests.cli.invoke import Cli
from tests.cli.sandbox import EVENT_BODY
from tests.paths import SAMPLES

SOURCE = ("sandbox-key", "sandbox-token")
TARGET = ("agency-client-1", "client-token-1")


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    config = SimulatorConfig(rate=0, seed=5, accounts=(Account(*TARGET),))
    with SimulatorThread(config) as running:
        yield running


def new_event(sim: SimulatorThread, credentials: tuple[str, str]) -> str:
    settings = ApiSettings(*credentials, f"{sim.url}/v2/")

    async def make() -> str:
        async with open_client(RunConfig(settings, Limits(rate=1000))) as client:
            return str((await client.create("event", {}, EVENT_BODY))["id"])

    return anyio.run(make)


def test_copy_reads_one_account_and_writes_another(
    sim: SimulatorThread, run_cli: Cli, tmp_path: Path
) -> None:
    base = f"{sim.url}/v2/"
    source, target = new_event(sim, SOURCE), new_event(sim, TARGET)
    source_env = {"CTCT_API_KEY": SOURCE[0], "CTCT_ACCESS_TOKEN": SOURCE[1],
                  "BULKSPOT_BASE_URL": base}  # fmt: skip
    done = run_cli("import", "fees", str(SAMPLES / "fees.csv"), "--event", source, "--rate",
                   "500", "--quiet", "--journal", str(tmp_path / "fees.journal.sqlite"),
                   "--results", str(tmp_path / "fees.results.csv"),
                   env=source_env)  # fmt: skip
    assert done.exit_code == 0, done.output
    sim.control(reset_stats=True)
    env = {"CTCT_API_KEY": TARGET[0], "CTCT_ACCESS_TOKEN": TARGET[1], "BULKSPOT_BASE_URL": base,
           "CTCT_SOURCE_API_KEY": SOURCE[0], "CTCT_SOURCE_ACCESS_TOKEN": SOURCE[1]}  # fmt: skip
    copied = run_cli("copy", "--from-event", source, "--to-event", target, "--kinds", "fees",
                     "--rate", "500", "--quiet", env=env)  # fmt: skip
    assert copied.exit_code == 0, copied.output
    [held_source] = sim.dump()["events"]
    [held_target] = sim.dump(TARGET[0])["events"]
    assert held_source["id"] == source and held_target["id"] == target
    labels = sorted(fee["label"] for fee in held_source["fees"])  # made at once: any order
    assert sorted(fee["label"] for fee in held_target["fees"]) == labels and len(labels) == 5
    assert {f["id"] for f in held_target["fees"]}.isdisjoint(f["id"] for f in held_source["fees"])
    assert set(sim.stats(SOURCE[0])["requests_by_method"]) == {"GET"}  # the source only read
    assert sim.stats(TARGET[0])["requests_by_method"]["POST"] == 5
