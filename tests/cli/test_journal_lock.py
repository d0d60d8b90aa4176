"""Two `bulkspot import events` started on one journal (a cron overlap, a double click): the
second is refused at once with exit 2 and the first named, and every event exists once (the
seen case made 60 events of 30 rows). Undo on a journal in use is refused the same way; a
dry run, which keeps a throwaway journal, is not."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox

ROWS = 30
WAIT_LIMIT = 60.0


def write_events(path: Path, prefix: str) -> list[str]:
    names = [f"{prefix}-{n:02d}" for n in range(ROWS)]
    with path.open("w", newline="", encoding="utf-8") as out:
        sheet = csv.writer(out)
        sheet.writerow(["name", "title", "type", "start_date", "end_date", "time_zone_id"])
        for name in names:
            sheet.writerow([name, f"Event {name}", "OTHER", "2027-07-17T14:00:00Z",
                            "2027-07-17T20:00:00Z", "US/Eastern"])  # fmt: skip
    return names


def stall(sandbox: Sandbox, writes: int | None) -> None:
    """Hold the simulator's writes after `writes` more (None: lift it)."""
    request = urllib.request.Request(
        f"{sandbox.url}/__simulator/control", json.dumps({"stall_after_writes": writes}).encode(),
        headers={"Content-Type": "application/json"}, method="POST",
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10):
        pass


def owner_of(lock: Path, process: subprocess.Popen[str]) -> dict[str, str]:
    """The lock file's owner once `process` has written itself there (polling, not a
    fixed wait: the loop ends on the condition)."""
    deadline = time.monotonic() + WAIT_LIMIT
    while time.monotonic() < deadline:
        try:
            owner = json.loads(lock.read_text())
        except (OSError, ValueError):
            owner = {}
        if owner.get("pid") == process.pid:
            return dict(owner)
        assert process.poll() is None, "the first run ended before it took the lock"
        time.sleep(0.005)
    raise AssertionError(f"the first run took no lock within {WAIT_LIMIT} s")


def refusal(journal: str, owner: dict[str, str]) -> str:
    """The whole refusal, naming the run that holds the journal as a target's does."""
    started = dt.datetime.fromisoformat(owner["started"]).strftime("%Y-%m-%d %H:%M:%S %z")
    return (
        f"Error: the journal {journal} is in use by another run (pid {owner['pid']} on "
        f"{socket.gethostname()}, started {started}, an import of {owner['input']}); wait for "
        "it to end, or choose another --journal"
    )


@pytest.mark.slow
def test_a_second_run_on_the_journal_is_refused_and_every_event_exists_once(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    names = write_events(tmp_path / "events.csv", f"overlap-{next(sandbox.counter)}")
    journal = "events.journal.sqlite"
    command = [sys.executable, "-m", "bulkspot", "import", "events", "events.csv",
               "--journal", journal, "--rate", "10", "--quiet"]  # fmt: skip
    env = {**os.environ, **sandbox.env}
    stall(sandbox, 5)  # the first run's sixth write waits: it runs until the stall is lifted
    first = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        owner = owner_of(tmp_path / f"{journal}.lock", first)
        assert owner["input"] == str(tmp_path / "events.csv")
        second = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True,
                                text=True, timeout=WAIT_LIMIT)  # fmt: skip
        undo = run_cli("undo", "--journal", str(tmp_path / journal), env=sandbox.env)
        assert first.poll() is None, "the second run must be refused while the first runs"
        stall(sandbox, None)  # lifted: the stalled write is dropped, as a lost answer
        dry = run_cli("import", "events", "events.csv", "--journal", journal, "--dry-run",
                      "--results", "dry.csv", env=sandbox.env)  # fmt: skip
        out, err = first.communicate(timeout=WAIT_LIMIT)
    finally:
        first.kill()
        first.wait()
    assert second.returncode == 2, second.stdout + second.stderr
    assert second.stderr.splitlines()[-1] == refusal(journal, owner)
    assert "Traceback" not in second.stderr and "a bug in bulkspot" not in second.stderr
    assert undo.exit_code == 2 and undo.stderr.splitlines()[-1] == refusal(
        str(tmp_path / journal), owner
    )
    assert dry.exit_code == 0, dry.output  # a dry run's journal is its own

    assert first.returncode == 0, out + err
    events = sandbox.call(lambda client: client.list("event", {}))
    made = Counter(e["name"] for e in events if e["name"] in set(names))
    assert made == Counter(names)  # each once: 30 rows, 30 events
    assert not (tmp_path / f"{journal}.lock").exists()  # the first run's ended with it
