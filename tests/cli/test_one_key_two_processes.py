"""Two processes import with one api key at the gateway's own rate (4/s each, as the key
allows): the seen case drew over-limit answers, the gate being shared only inside a process.
Their starts now meet in the key's window on this machine: 0 over-limit answers, never more
than 4 arrivals in any second."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest

import bulkspot
from tests.cli.sandbox import EVENT_BODY, SANDBOX, Sandbox, start_served_sandbox

FEES = 4


@pytest.fixture
def gateway() -> Iterator[Sandbox]:
    yield from start_served_sandbox("--rate", "4", "--seed", "4")


def new_events(sandbox: Sandbox, count: int) -> list[str]:
    settings = bulkspot.ApiSettings(SANDBOX["CTCT_API_KEY"], SANDBOX["CTCT_ACCESS_TOKEN"],
                                    sandbox.base)  # fmt: skip
    config = bulkspot.RunConfig(settings, limits=bulkspot.Limits(rate=4))

    async def make() -> list[str]:
        async with bulkspot.open_client(config) as client:
            return [
                (await client.create("event", {}, {**EVENT_BODY, "name": f"one-key-{n}"}))["id"]
                for n in range(count)
            ]

    return anyio.run(make)


@pytest.mark.slow
def test_two_processes_with_one_key_at_the_gateways_rate_are_never_refused(
    gateway: Sandbox, tmp_path: Path
) -> None:
    events = new_events(gateway, 2)
    request = urllib.request.Request(f"{gateway.url}/__simulator/control", method="POST",
                                     data=json.dumps({"reset_stats": True}).encode(),
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    urllib.request.urlopen(request, timeout=10).close()
    with (tmp_path / "fees.csv").open("w", encoding="utf-8") as out:
        out.write("label,fee\n" + "".join(f"Fee {n},{n + 1}.00\n" for n in range(FEES)))
    env = {**os.environ, **gateway.env}

    def start(event: str) -> subprocess.Popen[str]:
        command = [sys.executable, "-m", "bulkspot", "import", "fees", "fees.csv", "--event",
                   event, "--journal", f"{event}.journal.sqlite", "--results", f"{event}.csv",
                   "--rate", "4", "--quiet"]  # fmt: skip
        return subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)  # fmt: skip

    runs = [start(event) for event in events]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    stats = gateway.stats()
    assert stats["requests"] >= 2 * (FEES + 1), stats  # both ran: the event checks, the fees
    assert stats["over_qps"] == 0, stats
    assert stats["max_arrivals_in_window"] <= 4, stats
