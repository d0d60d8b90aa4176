"""The key's window file is anyone's to delete or cut short while runs go (a cache folder
cleared by hand, a clean-up job). A process that kept its ring in a deleted file counted
its starts alone, beside a process that opened the new file: together they sent twice the
rate. A file cut short under the mapped ring killed the process (SIGBUS) at its next start."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import anyio
import pytest

from bulkspot.runner.gates import RateGate
from bulkspot.sinks.key_window import KeyWindow
from tests.runner.test_gates import most_in_any_window
from tests.runner.test_gates_shared import FakeClock

RATE = 4
WINDOW = 1.03


def test_a_window_file_deleted_mid_run_still_holds_both_processes_to_the_rate(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    path = tmp_path / "key.window"
    early = RateGate(RATE, clock=clock, shared=KeyWindow(path))  # a run going before
    starts: list[float] = []

    async def run() -> None:
        starts.append(await early.wait(clock.sleep))
        path.unlink()  # the cache folder cleared while it runs
        later = RateGate(RATE, clock=clock, shared=KeyWindow(path))  # a run started after
        for n in range(40):
            starts.append(await (early, later)[n % 2].wait(clock.sleep))

    anyio.run(run)
    # the start the deleted file held is lost with it (the later run never saw it); from
    # then on the two meet in the file at the path: never more than the rate together
    assert most_in_any_window(starts[1:], WINDOW) == RATE


def test_a_window_file_cut_short_mid_run_is_grown_back_and_the_run_goes_on(
    tmp_path: Path,
) -> None:
    """In a process of its own: on the old code the start after the cut was a SIGBUS."""
    path = tmp_path / "key.window"
    script = textwrap.dedent(
        f"""
        import os, time
        from bulkspot.sinks.key_window import KeyWindow
        window = KeyWindow({str(path)!r})
        other = KeyWindow({str(path)!r})
        whole = os.path.getsize({str(path)!r})
        print(window.claim(time.monotonic, 2, 60.0)[1])
        os.truncate({str(path)!r}, 0)
        print(window.claim(time.monotonic, 2, 60.0)[1])
        print(other.claim(time.monotonic, 2, 60.0)[1])
        print(window.claim(time.monotonic, 2, 60.0)[1] > 0)
        print(os.path.getsize({str(path)!r}) == whole)
        """
    )
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60, check=False)  # fmt: skip
    assert ran.returncode == 0, (ran.returncode, ran.stderr)
    # the starts before the cut are lost with it; the ring starts again, still shared
    assert ran.stdout.splitlines() == ["0.0", "0.0", "0.0", "True", "True"]


def test_a_window_file_spoilt_under_its_stamp_starts_an_empty_ring(tmp_path: Path) -> None:
    """Bytes written over the count, the stamp left whole: every start failed with
    'struct.error: argument out of range' (a traceback, the run over) until the file went."""
    clock = FakeClock()
    path = tmp_path / "key.window"
    window = KeyWindow(path)
    assert window.claim(clock, RATE, WINDOW) == (clock.now, 0.0)
    with path.open("r+b") as spoilt:
        spoilt.seek(56)  # the count of starts ever written, after the magic and the boot's id
        spoilt.write(b"\xff" * 8)
    assert [window.claim(clock, RATE, WINDOW)[1] for _ in range(RATE + 1)] == [0.0] * RATE + [
        pytest.approx(WINDOW)
    ]


def test_the_cache_folder_removed_mid_run_is_made_again_and_shared(tmp_path: Path) -> None:
    """`rm -rf ~/.cache/bulkspot` while a run goes: its next start makes the folder and the
    file again, where a run started after meets it (the start before is lost with it)."""
    clock = FakeClock()
    path = tmp_path / "cache" / "rates" / "key.window"
    path.parent.mkdir(parents=True)
    early = RateGate(RATE, clock=clock, shared=KeyWindow(path))
    starts: list[float] = []

    async def run() -> None:
        starts.append(await early.wait(clock.sleep))
        shutil.rmtree(tmp_path / "cache")
        starts.append(await early.wait(clock.sleep))  # made the folder and file again
        path.parent.mkdir(parents=True, exist_ok=True)  # as KeyWindow.for_key makes it
        later = RateGate(RATE, clock=clock, shared=KeyWindow(path))
        for n in range(40):
            starts.append(await (early, later)[n % 2].wait(clock.sleep))

    anyio.run(run)
    assert most_in_any_window(starts[1:], WINDOW) == RATE


def test_a_forked_child_takes_the_window_s_lock_of_its_own(tmp_path: Path) -> None:
    """A script's forked workers (multiprocessing's default on Linux) inherited the window's
    descriptor, and a flock belongs to the open file: parent and child both held it at once,
    so their read-check-writes of the ring could interleave and let a burst through."""
    window = KeyWindow(tmp_path / "key.window")
    fcntl.flock(window._fd, fcntl.LOCK_EX)  # the parent is in the middle of a start
    try:
        child = os.fork()
        if child == 0:
            code = 2
            try:
                fcntl.flock(window._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                code = 1  # got in beside its parent
            except BlockingIOError:
                code = 0
            finally:
                os._exit(code)
        _, status = os.waitpid(child, 0)
    finally:
        fcntl.flock(window._fd, fcntl.LOCK_UN)
    assert os.waitstatus_to_exitcode(status) == 0
    assert window.claim(FakeClock(), RATE, WINDOW)[1] == 0.0  # the parent's own goes on
