"""A target's lock is the operating system's (flock), not its owner record: a record left by
a run killed with -9 blocks nothing, whoever it names; and a live holder is never taken
over, whatever its record says (a pid since reused, another host's name, nothing at all)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bulkspot.sinks.target_lock import Target, TargetLocks

TARGET = Target("account-hash", "E1", "item")


@pytest.fixture
def lock_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("BULKSPOT_CACHE_DIR", str(tmp_path))
    (tmp_path / "locks").mkdir()
    return TARGET.path(tmp_path / "locks")


def test_a_record_left_by_a_killed_run_blocks_nothing(lock_file: Path) -> None:
    lock_file.write_text(json.dumps({"pid": 1, "host": "another-host", "by": "import",
                                     "started": "2026-01-01T00:00:00+00:00"}))  # fmt: skip
    taken = TargetLocks.try_take([TARGET], "import")
    assert isinstance(taken, TargetLocks)
    assert json.loads(lock_file.read_text())["host"] != "another-host"  # now this run's
    taken.release()
    assert not lock_file.exists()


@pytest.mark.parametrize(
    "record",
    ['{"pid": 999999999, "host": "another-host"}', "", "not json"],
    ids=["a-dead-pid-on-another-host", "empty", "garbled"],
)
def test_a_live_holder_is_never_taken_over_whatever_its_record_says(
    lock_file: Path, record: str
) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import fcntl, os, sys
            fd = os.open({str(lock_file)!r}, os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0)
            os.write(fd, {record!r}.encode())
            print("held", flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        refused = TargetLocks.try_take([TARGET], "undo")
        assert not isinstance(refused, TargetLocks)
        assert refused.target == TARGET
        assert lock_file.read_text() == record  # untouched
    finally:
        holder.communicate("", timeout=30)
    taken = TargetLocks.try_take([TARGET], "undo")  # once it has ended: free
    assert isinstance(taken, TargetLocks)
    taken.release()
