"""`bulkspot import` killed with SIGKILL at seeded moments and run again each time: the
server ends with every row exactly once, and the results say so."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import anyio
import pytest

from bulkspot.simulator import DEFAULT_API_KEY, DEFAULT_TOKEN, SimulatorConfig, SimulatorThread
from tests.runner.sheets import (
    SIZES,
    event_of,
    new_event,
    read_results,
    repeated,
    write_inventory,
)

ITEMS = 60
KILLS = 5
WAIT_LIMIT = 60.0  # seconds: a run that neither reaches its moment nor ends is a failure


@pytest.mark.slow
def test_killed_five_times_then_finished_nothing_lost_nothing_twice(tmp_path: Path) -> None:
    rows = write_inventory(tmp_path / "inventory.csv", ITEMS)
    with SimulatorThread(SimulatorConfig(rate=0, daily_quota=0, seed=9)) as sim:
        base = f"{sim.url}/v2/"
        event = anyio.run(new_event, base)
        sim.control(fail_rate=0.05, ambiguous_rate=0.05)
        command = [
            sys.executable, "-m", "bulkspot", "import", "items", str(tmp_path / "inventory.csv"),
            "--event", event, "--rate", "300", "--quiet",
        ]  # fmt: skip
        env = {
            **os.environ,
            "CTCT_API_KEY": DEFAULT_API_KEY,
            "CTCT_ACCESS_TOKEN": DEFAULT_TOKEN,
            "BULKSPOT_BASE_URL": base,
        }
        moments = random.Random(2026)
        killed = 0
        for _ in range(KILLS):
            # The kill lands after the simulator has seen this many more requests.
            at = sim.stats()["requests"] + moments.randint(1, 40)
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE)  # fmt: skip
            if wait_for_requests(sim, at, process):
                process.send_signal(signal.SIGKILL)
                killed += 1
            process.wait(timeout=WAIT_LIMIT)
        assert killed == KILLS, "a run ended before its moment: make the sheet larger"

        last = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        server = event_of(sim.dump(), event)
    assert last.returncode == 0, last.stdout + last.stderr
    assert "Traceback" not in last.stderr

    names = [item["name"] for item in server["items"]]
    assert repeated(names) == [] and sorted(names) == [f"Item {n:04d}" for n in range(ITEMS)]
    for item in server["items"]:
        assert sorted(a["name"] for a in item["attributes"]) == sorted(SIZES), item["name"]
    results = read_results(tmp_path / f"inventory.csv.items.{event}.results.csv")
    assert len(results) == rows
    assert {r["status"] for r in results} == {"created"}
    attribute_ids = {
        (item["name"], attribute["name"]): attribute["id"]
        for item in server["items"]
        for attribute in item["attributes"]
    }
    item_name = ""
    for result in results:
        item_name = result["name"] or item_name
        assert result["id"] == attribute_ids[item_name, result["attribute"]], result


def wait_for_requests(sim: SimulatorThread, count: int, process: subprocess.Popen[bytes]) -> bool:
    """Until the simulator has answered `count` requests (True) or the process ended."""
    deadline = time.monotonic() + WAIT_LIMIT
    while time.monotonic() < deadline:
        if sim.stats()["requests"] >= count:
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.002)  # polling, not a fixed wait: the loop ends on the condition
    raise AssertionError(f"no request {count} within {WAIT_LIMIT} s")


@pytest.mark.slow
def test_sigterm_then_two_ctrl_c_stop_cleanly_and_the_rerun_finishes(tmp_path: Path) -> None:
    """SIGTERM: in-flight requests end, the rest is pending, exit 2 with the way to resume.
    Ctrl-C twice: stop at once; the journal still lets the next run finish exactly once."""
    rows = write_inventory(tmp_path / "inventory.csv", ITEMS)
    with SimulatorThread(SimulatorConfig(rate=0, daily_quota=0, latency_ms=20, seed=10)) as sim:
        base = f"{sim.url}/v2/"
        event = anyio.run(new_event, base)
        command = [
            sys.executable, "-m", "bulkspot", "import", "items", str(tmp_path / "inventory.csv"),
            "--event", event, "--rate", "200", "--concurrency", "8", "--quiet",
        ]  # fmt: skip
        env = {**os.environ, "CTCT_API_KEY": DEFAULT_API_KEY, "CTCT_ACCESS_TOKEN": DEFAULT_TOKEN,
               "BULKSPOT_BASE_URL": base}  # fmt: skip
        for signals, at in (((signal.SIGTERM,), 30), ((signal.SIGINT, signal.SIGINT), 90)):
            process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, text=True)  # fmt: skip
            assert wait_for_requests(sim, at, process)
            for signum in signals:
                process.send_signal(signum)
            out, err = process.communicate(timeout=WAIT_LIMIT)
            assert process.returncode == 2, out + err
            assert "Traceback" not in err and "run the same command again" in out + err
            results = read_results(tmp_path / f"inventory.csv.items.{event}.results.csv")
            assert len(results) == rows and "pending" in {r["status"] for r in results}

        last = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        server = event_of(sim.dump(), event)
    assert last.returncode == 0, last.stdout + last.stderr
    names = [item["name"] for item in server["items"]]
    assert repeated(names) == [] and len(names) == ITEMS
    assert all(len(item["attributes"]) == len(SIZES) for item in server["items"])
    results = read_results(tmp_path / f"inventory.csv.items.{event}.results.csv")
    assert {r["status"] for r in results} == {"created"}
