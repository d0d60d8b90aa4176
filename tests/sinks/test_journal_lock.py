"""A run owns its journal: the lock beside it refuses a second owner at once, names the
first, and never outlives its process (kill -9 included)."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bulkspot.core.operation import OpKey
from bulkspot.errors import JournalBusyError, JournalError
from bulkspot.sinks import lock as lock_module
from bulkspot.sinks.journal import Journal, JournalRecord
from bulkspot.sinks.lock import JournalLock, lock_path

IDENTITY = {"kind": "items", "input": "x"}
HOLDER = """
import sys
from pathlib import Path
from bulkspot.sinks.lock import JournalLock
JournalLock.acquire(Path(sys.argv[1]))
print("held", flush=True)
sys.stdin.read()
"""


def refusal(journal: Path, pid: int) -> str:
    """The whole message, with the owner's start time as it wrote it in the lock file."""
    started = json.loads(lock_path(journal).read_text())["started"]
    shown = dt.datetime.fromisoformat(started).strftime("%Y-%m-%d %H:%M:%S %z")
    return (
        f"the journal {journal} is in use by another run (pid {pid} on "
        f"{socket.gethostname()}, started {shown}); wait for it to end, or choose another "
        "--journal"
    )


def test_a_second_open_is_refused_at_once_and_names_the_first(tmp_path: Path) -> None:
    path = tmp_path / "run.journal.sqlite"
    first = Journal.open(path, IDENTITY)
    with pytest.raises(JournalBusyError) as refused:
        Journal.open(path, IDENTITY)
    assert str(refused.value) == refusal(path, os.getpid())
    with pytest.raises(JournalBusyError):
        Journal.open_existing(path)  # undo takes the same lock
    first.close()
    assert not lock_path(path).exists()  # a run that ends leaves no lock file
    Journal.open_existing(path).close()


def test_fresh_cannot_delete_a_journal_another_run_holds(tmp_path: Path) -> None:
    path = tmp_path / "run.journal.sqlite"
    first = Journal.open(path, IDENTITY)
    first.write_many([JournalRecord(OpKey(2), "item", "sending", {}, "Shirt", sent={})])
    with pytest.raises(JournalBusyError):
        Journal.open(path, IDENTITY, fresh=True)
    assert [e.natural_key for e in first.entries()] == ["Shirt"]
    first.close()


def test_a_refused_open_releases_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "run.journal.sqlite"
    Journal.open(path, IDENTITY).close()
    with pytest.raises(JournalError, match="another job"):
        Journal.open(path, {"kind": "fees", "input": "x"})
    Journal.open(path, IDENTITY).close()  # not held by the refused one


def test_a_lock_left_by_a_killed_process_never_blocks(tmp_path: Path) -> None:
    path = tmp_path / "run.journal.sqlite"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(JournalBusyError) as refused:
            JournalLock.acquire(path)
        assert str(refused.value) == refusal(path, holder.pid)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    assert holder.returncode == -signal.SIGKILL
    assert lock_path(path).exists()  # the dead run's file stays; its lock went with it
    journal = Journal.open(path, IDENTITY)
    assert json.loads(lock_path(path).read_text())["pid"] == os.getpid()
    journal.close()


def test_a_lock_file_deleted_by_its_owner_is_not_taken_by_the_next_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The owner deletes the file as it ends; a run that opened the old file just before
    must lock the new one, or two runs would each hold a lock of their own."""
    path = tmp_path / "run.journal.sqlite"
    real_open = os.open
    opened: list[int] = []

    def open_then_lose_it(name: str, flags: int, mode: int = 0o777) -> int:
        fd = real_open(name, flags, mode)
        if not opened:
            os.unlink(name)  # the owner ended between our open and our flock
        opened.append(fd)
        return fd

    monkeypatch.setattr(lock_module.os, "open", open_then_lose_it)
    held = JournalLock.acquire(path)
    monkeypatch.undo()
    assert len(opened) == 2  # it started over on the file now at the path
    with pytest.raises(JournalBusyError):
        JournalLock.acquire(path)
    held.release()
    JournalLock.acquire(path).release()
