"""Two processes of one migration script `ensure` the same event and the same fee at once
(the seen case: every event, fee, item, size and promocode twice). Each ensure looks up and
creates under the target's lock, waiting for the other's: the two end with one event and
one fee, one process `created` each and the other found it."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest

import bulkspot
from bulkspot.errors import TargetBusyError
from bulkspot.runner import targets
from bulkspot.simulator import SimulatorConfig, SimulatorThread
from bulkspot.sinks.lock import IMPORT
from bulkspot.sinks.target_lock import TargetLocks
from tests.cli.writers import WAIT_LIMIT, call, config_of, env_of, new_event, target_owner

SCRIPT = Path(__file__).parent / "scripts" / "ensure_event_and_fee.py"


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    """Answers take 100 ms: a look-up and a create leave the other process time to look."""
    with SimulatorThread(SimulatorConfig(rate=1000, latency_ms=100, seed=22)) as simulator:
        yield simulator


@pytest.mark.slow
def test_two_processes_ensuring_one_event_and_fee_end_with_one_each(
    sim: SimulatorThread, tmp_path: Path
) -> None:
    go = tmp_path / "go"
    processes = []
    for n in range(2):
        ready = tmp_path / f"ready-{n}"
        command = [sys.executable, str(SCRIPT), "ensured-twice", str(ready), str(go)]
        processes.append((ready, subprocess.Popen(command, env=env_of(sim), text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)))  # fmt: skip
    try:
        deadline = time.monotonic() + WAIT_LIMIT
        while not all(ready.exists() for ready, _ in processes):
            assert time.monotonic() < deadline, "the scripts did not start"
            assert all(p.poll() is None for _, p in processes), "a script ended early"
            time.sleep(0.005)  # polling for the condition, not a fixed wait
        go.touch()  # both ensure now
        outputs = [p.communicate(timeout=WAIT_LIMIT) for _, p in processes]
    finally:
        for _, process in processes:
            process.kill()
            process.wait()
    assert all(p.returncode == 0 for _, p in processes), outputs
    ended = [json.loads(out) for out, _ in outputs]
    assert ended[0][0] == ended[1][0] and ended[0][2] == ended[1][2], ended  # the same ones
    assert sorted(e[1] for e in ended) == ["created", "exists"]
    assert sorted(e[3] for e in ended) == ["created", "exists"]
    events = [e for e in call(sim, "event", {}, None) if e["name"] == "ensured-twice"]
    assert [e["id"] for e in events] == [ended[0][0]]
    fees = call(sim, "fee", {"event_id": ended[0][0]}, None)
    assert [f["id"] for f in fees] == [ended[0][2]]


def test_ensure_waits_a_bounded_time_for_an_import_of_its_target_then_names_it(
    sim: SimulatorThread, tmp_path: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import holds the event's fees for its whole run: ensure waits (here 0.2 s, 30 s by
    default), then raises TargetBusyError naming it, having sent nothing."""
    event = new_event(sim, "ensure-during-import")
    config = config_of(sim)
    journal = tmp_path / "fees.journal.sqlite"
    held = TargetLocks.try_take(targets.import_targets(config.api, "fee", event), IMPORT, journal)
    assert isinstance(held, TargetLocks)
    monkeypatch.setattr(targets, "ENSURE_WAIT", 0.2)
    before = sim.stats()["requests"]

    async def ensure() -> None:
        async with bulkspot.open_client(config) as client:
            await client.ensure("fee", {"event_id": event}, {"label": "Adult", "fee": 10})

    try:
        owner = target_owner(cache_folder, sim, "fee", event)
        with pytest.raises(TargetBusyError) as refused:
            anyio.run(ensure)
    finally:
        held.release()
    started = dt.datetime.fromisoformat(owner["started"]).strftime("%Y-%m-%d %H:%M:%S %z")
    assert str(refused.value) == (
        f"another run on this machine is writing the fees of event {event} in this account "
        f"(pid {os.getpid()} on {socket.gethostname()}, started {started}, an import with "
        f"the journal {journal}); wait for it to end, then call ensure again (waited 0.2 s)"
    )
    assert sim.stats()["requests"] == before
    assert call(sim, "fee", {"event_id": event}, None) == []


def test_ensures_at_once_in_one_process_share_the_hold_and_one_read(
    sim: SimulatorThread,
) -> None:
    """A script's tasks ensure ten fees of one event at once: they run side by side under
    one hold of the target, one read of the fees serving them all (1 GET, 10 POSTs)."""
    event = new_event(sim, "ensure-in-tasks")

    async def ensure_ten() -> tuple[int, list[str]]:
        async with bulkspot.open_client(config_of(sim)) as client:
            made: list[str] = []

            async def one(n: int) -> None:
                fee, status = await client.ensure(
                    "fee", {"event_id": event}, {"label": f"Fee {n}", "fee": n + 1}
                )
                made.append(f"{fee['label']}:{status.value}")

            async with anyio.create_task_group() as tasks:
                for n in range(10):
                    tasks.start_soon(one, n)
            return client.requests, sorted(made)

    requests, made = anyio.run(ensure_ten)
    assert made == sorted(f"Fee {n}:created" for n in range(10))
    assert requests == 11
    assert len(call(sim, "fee", {"event_id": event}, None)) == 10
