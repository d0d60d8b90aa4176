"""A copy's catch-up killed mid-way (SIGKILL once the target holds 100 of the 300 codes added
at the source) resumes from its journal: the same command ends with the target equal to the
source (its fees and codes), every code once, and no second catch-up of the same changes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bulkspot import api
from bulkspot.simulator import SimulatorConfig, SimulatorThread
from tests.runner.migration import KEY, TOKEN, config_for, new_event, seed_event, snapshot
from tests.runner.sheets import write_promocodes
from tests.runner.test_copy_killed import WAIT_LIMIT, wait_until

CODES, ADDED, KILL_AT = 40, 300, 100


@pytest.mark.slow
def test_a_catch_up_killed_mid_way_resumes_and_makes_nothing_twice(tmp_path: Path) -> None:
    with SimulatorThread(SimulatorConfig(rate=0, daily_quota=0, seed=5)) as sim:
        base = f"{sim.url}/v2/"
        event = seed_event(base, tmp_path, codes=CODES)
        target = new_event(base, "next year")
        folder = tmp_path / "copy"
        command = [
            sys.executable,
            "-m",
            "bulkspot",
            "copy",
            "--from-event",
            event,
            "--to-event",
            target,
            "--kinds",
            "fees,promocodes",
            "--folder",
            str(folder),
            "--rate",
            "1000",
            "--quiet",
        ]
        env = {**os.environ, "CTCT_API_KEY": KEY, "CTCT_ACCESS_TOKEN": TOKEN,
               "BULKSPOT_BASE_URL": base}  # fmt: skip
        first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert first.returncode == 0, first.stdout + first.stderr

        sheet = tmp_path / "late.csv"
        write_promocodes(sheet, ADDED, prefix="LATE")  # the source changes after the copy
        added = api.run_import("promocodes", sheet, event_id=event, config=config_for(base))
        assert added.exit_code == 0
        at_source = CODES + ADDED

        def in_target() -> int:
            return int(sim.stats()["resources"]["promocodes"]) - at_source

        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            assert wait_until(lambda: in_target() >= CODES + KILL_AT, process)
            process.send_signal(signal.SIGKILL)
        finally:
            process.kill()
            process.wait(timeout=WAIT_LIMIT)
        assert process.returncode == -signal.SIGKILL
        assert CODES < in_target() < at_source

        last = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert last.returncode == 0, last.stdout + last.stderr
        copied, original = snapshot(base, target), snapshot(base, event)
        for kind in ("fees", "promocodes"):
            assert copied[kind] == original[kind], kind
        assert in_target() == at_source  # every code once
    assert (folder / "promocodes.catch-up-1.csv").exists()
    assert not (folder / "promocodes.catch-up-2.csv").exists()  # resumed, not read again
    assert f"promocodes catch-up 1: {ADDED} created" in last.stdout.splitlines()
