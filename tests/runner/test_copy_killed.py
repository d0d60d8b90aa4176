"""Issue 14: `bulkspot copy` between two simulators standing for two accounts, SIGKILLed twice
mid-way (once among the items, once among the promocodes) and run again each time: the
destination event ends the source's but for ids, nothing made twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bulkspot.simulator import SimulatorConfig, SimulatorThread
from tests.runner.migration import KEY, TOKEN, new_event, seed_event, snapshot

CODES = 2000
OTHER_KEY = "other-account-key"  # the destination account's
WAIT_LIMIT = 60.0  # seconds: a run that neither reaches its moment nor ends is a failure
# the moments of the two kills: the destination holds this many of a kind
KILLS = (("items", 20), ("promocodes", 800))


@pytest.mark.slow
def test_copy_killed_twice_then_finished_is_the_source_event_nothing_twice(
    tmp_path: Path,
) -> None:
    with (
        SimulatorThread(SimulatorConfig(rate=0, daily_quota=0, seed=3)) as source,
        SimulatorThread(SimulatorConfig(rate=0, daily_quota=0, seed=4, api_key=OTHER_KEY)) as dest,
    ):
        source_base, dest_base = f"{source.url}/v2/", f"{dest.url}/v2/"
        event = seed_event(source_base, tmp_path, codes=CODES)
        target = new_event(dest_base, "next year", key=OTHER_KEY)
        folder = tmp_path / "copy"
        command = [
            sys.executable, "-m", "bulkspot", "copy", "--from-event", event, "--to-event",
            target, "--folder", str(folder), "--rate", "600", "--quiet",
        ]  # fmt: skip
        env = {
            **os.environ,
            "CTCT_API_KEY": OTHER_KEY, "CTCT_ACCESS_TOKEN": TOKEN, "BULKSPOT_BASE_URL": dest_base,
            "CTCT_SOURCE_API_KEY": KEY, "CTCT_SOURCE_ACCESS_TOKEN": TOKEN,
            "BULKSPOT_SOURCE_BASE_URL": source_base,
        }  # fmt: skip

        def held(kind: str) -> int:
            return int(dest.stats()["resources"][kind])

        for kind, count in KILLS:
            process = subprocess.Popen(
                command, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
            reached = wait_until(lambda: held(kind) >= count, process)  # noqa: B023
            assert reached, f"the copy ended before the destination held {count} {kind}"
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=WAIT_LIMIT)
            assert process.returncode == -signal.SIGKILL
            made = held(kind)
            assert 0 < made < {"items": 50, "promocodes": CODES}[kind], (kind, made)

        last = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True,
                              timeout=120)  # fmt: skip
        copied = snapshot(dest_base, target, key=OTHER_KEY)
        original = snapshot(source_base, event)
        totals = dest.stats()["resources"]

    assert last.returncode == 0, last.stdout + last.stderr
    assert "Traceback" not in last.stderr
    assert copied == original  # the same fees, items, attributes and codes, but for ids
    expected = {"events": 1, "fees": 3, "items": 50, "attributes": 80, "promocodes": CODES}
    assert {k: totals[k] for k in expected} == expected  # nothing made twice
    assert last.stdout.splitlines()[-4:] == [
        f"sheets, journals and results: {folder}",
        f"  undo: bulkspot undo --journal {folder / 'promocodes.journal.sqlite'}",
        f"  undo: bulkspot undo --journal {folder / 'items.journal.sqlite'}",
        f"  undo: bulkspot undo --journal {folder / 'fees.journal.sqlite'}",
    ]


def wait_until(reached: Callable[[], bool], process: subprocess.Popen[bytes]) -> bool:
    """Until `reached()` (True) or the process ended (False)."""
    deadline = time.monotonic() + WAIT_LIMIT
    while time.monotonic() < deadline:
        if reached():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.002)  # polling, not a fixed wait: the loop ends on the condition
    raise AssertionError(f"not reached within {WAIT_LIMIT} s")
