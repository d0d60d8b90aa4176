"""Helpers of the tests that run two writers at once: a simulator of their own, the first
writer held mid-run, and the refusal the second one must print."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import anyio

import bulkspot
from bulkspot.simulator import SimulatorThread
from bulkspot.sinks.target_lock import Target, account_of
from tests.cli.sandbox import EVENT_BODY, SANDBOX

WAIT_LIMIT = 60.0
HELD_RATE = "0.02"  # one request, then 50 s before the next: the run holds its targets


def env_of(sim: SimulatorThread) -> dict[str, str]:
    return {**os.environ, **SANDBOX, "BULKSPOT_BASE_URL": f"{sim.url}/v2/"}


def config_of(sim: SimulatorThread) -> bulkspot.RunConfig:
    settings = bulkspot.ApiSettings(SANDBOX["CTCT_API_KEY"], SANDBOX["CTCT_ACCESS_TOKEN"],
                                    f"{sim.url}/v2/")  # fmt: skip
    return bulkspot.RunConfig(settings, bulkspot.Limits(rate=1000))


def call(sim: SimulatorThread, kind: str, ids: dict[str, str], body: dict[str, Any] | None) -> Any:
    """A list (body None) or a create, through the library."""

    async def go() -> Any:
        async with bulkspot.open_client(config_of(sim)) as client:
            if body is None:
                return await client.list(kind, ids)
            return await client.create(kind, ids, body)

    return anyio.run(go)


def new_event(sim: SimulatorThread, name: str) -> str:
    return str(call(sim, "event", {}, {**EVENT_BODY, "name": name})["id"])


def write_items(path: Path) -> None:
    rows = [["name", "price", "per_registrant_limit", "show_quantity_available",
             "default_quantity_total", "attribute", "attribute_quantity"],
            ["Shirt", "25.00", "2", "yes", "", "S", "5"], ["", "", "", "", "", "M", "5"],
            ["Mug", "9.00", "2", "yes", "10", "", ""],
            ["Cap", "12.00", "2", "yes", "10", "", ""]]  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)


def bulkspot_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "bulkspot", *args]


def start_held(sim: SimulatorThread, cwd: Path, *args: str) -> subprocess.Popen[str]:
    """A command that sends its first request and then waits 50 s for its next slot (a rate
    of 0.02/s): it is mid-run, holding its locks, once the simulator has seen that request.
    Returns once it has."""
    before = sim.stats()["requests"]
    process = subprocess.Popen(
        bulkspot_command(*args, "--rate", HELD_RATE, "--concurrency", "1", "--quiet"),
        cwd=cwd, env=env_of(sim), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + WAIT_LIMIT
    while sim.stats()["requests"] < before + 1:
        if process.poll() is not None:
            raise AssertionError(f"the held run ended: {process.communicate()}")
        assert time.monotonic() < deadline, "the held run sent nothing"
        time.sleep(0.01)  # polling for the condition, not a fixed wait
    return process


def target_owner(cache: Path, sim: SimulatorThread, kind: str, event: str) -> dict[str, str]:
    """The owner record of the target's lock file, as the holder wrote it."""
    account = account_of(f"{sim.url}/v2/", SANDBOX["CTCT_API_KEY"], SANDBOX["CTCT_ACCESS_TOKEN"])
    path = Target.of(account, kind, event).path(cache / "locks")
    found: dict[str, str] = json.loads(path.read_text())
    return found


def refusal(what: str, owner: dict[str, str], job: str) -> str:
    started = dt.datetime.fromisoformat(owner["started"]).strftime("%Y-%m-%d %H:%M:%S %z")
    return (
        f"Error: another run on this machine is writing {what} (pid {owner['pid']} on "
        f"{socket.gethostname()}, started {started}, {job}); wait for it to end, then run the "
        "same command again"
    )


def stop(process: subprocess.Popen[str]) -> None:
    """kill -9: what it held must not block the next run."""
    process.kill()
    process.wait(timeout=WAIT_LIMIT)
