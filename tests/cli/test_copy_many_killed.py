"""Issue 24: `bulkspot copy --accounts` SIGKILLed mid-way and run again: every account ends
holding the template exactly (nothing twice, nothing missing), with no over-limit answer
on any key, the kill's resumption included."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bulkspot.simulator import Account, SimulatorConfig, SimulatorThread
from tests.cli.many_accounts import (
    SOURCE_KEY,
    accounts_file,
    holdings,
    key_of,
    make_template,
    new_event,
    secrets_env,
    token_of,
)

ACCOUNTS = 3
RATE = 40  # every key's limit, and the copies' rate
WAIT_LIMIT = 60.0


@pytest.mark.slow
def test_copy_to_accounts_killed_then_resumed_holds_the_template_once(tmp_path: Path) -> None:
    accounts = tuple(Account(key_of(n), token_of(n)) for n in range(1, ACCOUNTS + 1))
    config = SimulatorConfig(rate=RATE, daily_quota=0, seed=12, accounts=accounts)
    with SimulatorThread(config) as sim:
        base = f"{sim.url}/v2/"
        template = make_template(base, tmp_path, items=4, sizes=3, codes=60)
        rows = [(f"c{n}", new_event(base, key_of(n), token_of(n)), n)
                for n in range(1, ACCOUNTS + 1)]  # fmt: skip
        file = accounts_file(tmp_path / "clients.csv", rows)
        env = {**os.environ, **secrets_env(range(1, ACCOUNTS + 1)), "BULKSPOT_BASE_URL": base,
               "BULKSPOT_CACHE_DIR": str(tmp_path / "cache")}  # fmt: skip
        command = [sys.executable, "-m", "bulkspot", "copy", "--from-event", template,
                   "--accounts", str(file), "--rate", str(RATE), "--quiet", "--json"]  # fmt: skip
        sim.control(reset_stats=True)

        def posts() -> int:
            return sum(sim.stats(key_of(n))["requests_by_method"].get("POST", 0)
                       for n in range(1, ACCOUNTS + 1))  # fmt: skip

        process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + WAIT_LIMIT
        while posts() < 80 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)  # polling the simulator's count, not a fixed wait
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=WAIT_LIMIT)
        assert process.returncode == -signal.SIGKILL
        assert 0 < posts() < ACCOUNTS * (3 + 4 + 12 + 60)  # killed mid-way

        last = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True,
                              timeout=120)  # fmt: skip
        assert last.returncode == 0, last.stdout + last.stderr
        summary = json.loads(last.stdout)
        assert [(a["name"], a["state"], a["counts"]) for a in summary["accounts"]] == [
            (name, "done", {"created": 3 + 12 + 60}) for name, _e, _n in rows
        ]
        expected = holdings(sim, SOURCE_KEY, template)
        for _name, event, n in rows:
            assert holdings(sim, key_of(n), event) == expected
        over = {key: sim.stats(key)["over_qps"] for key in [SOURCE_KEY, *map(key_of, range(1, 4))]}
    assert over == dict.fromkeys(over, 0)


@pytest.mark.slow
def test_ctrl_c_stops_every_account_cleanly_and_the_same_command_finishes(
    tmp_path: Path,
) -> None:
    accounts = tuple(Account(key_of(n), token_of(n)) for n in range(1, ACCOUNTS + 1))
    config = SimulatorConfig(rate=RATE, daily_quota=0, seed=14, accounts=accounts)
    with SimulatorThread(config) as sim:
        base = f"{sim.url}/v2/"
        template = make_template(base, tmp_path, items=2, sizes=2, codes=60)
        rows = [(f"c{n}", new_event(base, key_of(n), token_of(n)), n)
                for n in range(1, ACCOUNTS + 1)]  # fmt: skip
        file = accounts_file(tmp_path / "clients.csv", rows)
        env = {**os.environ, **secrets_env(range(1, ACCOUNTS + 1)), "BULKSPOT_BASE_URL": base,
               "BULKSPOT_CACHE_DIR": str(tmp_path / "cache")}  # fmt: skip
        command = [sys.executable, "-m", "bulkspot", "copy", "--from-event", template,
                   "--accounts", str(file), "--rate", str(RATE), "--quiet", "--json"]  # fmt: skip
        sim.control(reset_stats=True)

        def codes_made() -> int:
            return sum(sim.stats(key_of(n))["resources"].get("promocodes", 0)
                       for n in range(1, ACCOUNTS + 1))  # fmt: skip

        process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)  # fmt: skip
        deadline = time.monotonic() + WAIT_LIMIT
        while codes_made() < 10 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)  # polling the simulator's count, not a fixed wait
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=WAIT_LIMIT)
        assert process.returncode == 2, out + err
        stopped = json.loads(out)
        assert {a["name"]: (a["state"], a["stopped"]) for a in stopped["accounts"]} == {
            name: ("stopped", "interrupted (Ctrl-C)") for name, _e, _n in rows
        }
        assert "Traceback" not in err

        last = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True,
                              timeout=120)  # fmt: skip
        assert last.returncode == 0, last.stdout + last.stderr
        expected = holdings(sim, SOURCE_KEY, template)
        for _name, event, n in rows:
            assert holdings(sim, key_of(n), event) == expected
