"""A running job's files are its own (issue 20): while an import runs, its results, errors
file and log are refused to every other command that would write them (another import, an
export, an undo's --log), naming the running job and its journal, with nothing sent. Seen:
an undo given a running import's --log appended its lines to that job's log.

The running job waits at a stalled write of its simulator; the refused commands talk to a
second simulator, whose count of requests must not move (the first's moves as that job
goes on)."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox, start_sandbox
from tests.cli.test_journal_lock import WAIT_LIMIT, owner_of, stall

LISTS = "name\nHeld list A\nHeld list B\n"


@pytest.fixture
def elsewhere() -> Iterator[Sandbox]:
    """The simulator the refused commands are pointed at."""
    yield from start_sandbox(rate=1000, latency_ms=0, seed=2)


@pytest.fixture
def running(sandbox: Sandbox, tmp_path: Path) -> Iterator[tuple[dict[str, str], Path]]:
    """An import of lists (results r.csv, errors r.errors.csv, --log held.log) stalled at its
    first write, so it holds its files; the owner its lock names, and its journal. Lifted
    and finished after the test."""
    (tmp_path / "held.csv").write_text(LISTS, encoding="utf-8")
    command = [sys.executable, "-m", "bulkspot", "import", "lists", "held.csv", "--results",
               "r.csv", "--log", "held.log", "--quiet"]  # fmt: skip
    stall(sandbox, 0)  # its first write waits until the stall is lifted
    first = subprocess.Popen(command, cwd=tmp_path, env={**os.environ, **sandbox.env},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        owner = owner_of(tmp_path / "held.log.lock", first)
        yield owner, tmp_path / "held.csv.lists.journal.sqlite"
        assert first.poll() is None, "the refusals must come while the first job runs"
    finally:
        stall(sandbox, None)
        first.communicate(timeout=WAIT_LIMIT)
        first.kill()
        first.wait()


def in_use(named: str, owner: dict[str, str], journal: Path, instead: str) -> str:
    started = dt.datetime.fromisoformat(owner["started"]).strftime("%Y-%m-%d %H:%M:%S %z")
    return (
        f"Error: {named} is in use by another run (pid {owner['pid']} on "
        f"{socket.gethostname()}, started {started}, journal {journal}); wait for it to end, "
        f"or {instead} (nothing was sent)"
    )


def held_log(folder: Path) -> bytes | None:
    """The running job's log as it is (None: it has not written its first line yet)."""
    path = folder / "held.log"
    return path.read_bytes() if path.exists() else None


@pytest.mark.slow
def test_a_running_jobs_results_errors_and_log_are_refused_to_every_writer(
    run_cli: Cli, elsewhere: Sandbox, tmp_path: Path, running: tuple[dict[str, str], Path]
) -> None:
    owner, journal = running
    (tmp_path / "mine.csv").write_text("name\nMine\n", encoding="utf-8")
    done = run_cli("import", "lists", "mine.csv", "--quiet", "--journal", "mine.sqlite",
                   env=elsewhere.env)  # fmt: skip
    assert done.exit_code == 0, done.output  # a journal of this test's own, for an undo
    (tmp_path / "other.csv").write_text("name\nOther list\n", encoding="utf-8")
    log = held_log(tmp_path)
    cases = [
        (("import", "lists", "other.csv", "--results", "held.log"),
         in_use("--results held.log", owner, journal, "choose another results file")),
        (("import", "lists", "other.csv", "--log", "r.errors.csv"),
         in_use("--log r.errors.csv", owner, journal, "choose another log file")),
        (("export", "lists", "--output", "r.errors.csv"),
         in_use("--output r.errors.csv", owner, journal, "choose another exported sheet")),
        (("export", "lists", "--output", "r.csv"),
         in_use("--output r.csv", owner, journal, "choose another exported sheet")),
        (("undo", "--journal", "mine.sqlite", "--log", "held.log", "--yes"),
         in_use("--log held.log", owner, journal, "choose another log file")),
        (("undo", "--journal", "mine.sqlite", "--log", "r.csv", "--dry-run"),
         in_use("--log r.csv", owner, journal, "choose another log file")),
    ]  # fmt: skip
    for args, message in cases:
        before = elsewhere.stats()["requests"]
        result = run_cli(*args, "--quiet", env=elsewhere.env)
        assert (result.exit_code, result.output.strip().splitlines()[-1]) == (2, message), (
            args,
            result.output,
        )
        assert elsewhere.stats()["requests"] == before, args
    assert held_log(tmp_path) == log  # no line of another command in it
    assert not (tmp_path / "r.csv").exists() and not (tmp_path / "r.errors.csv").exists()
    assert not (tmp_path / "other.csv.lists.journal.sqlite").exists()
