"""A journal left by a run killed mid-way, then damaged (pages overwritten, the file cut in
half, or copied without its `-wal`): the run says so with a step that works, and following
that step word for word ends with every row once on the server, read over plain HTTP.

Seen before: `--fresh` answered a damaged journal with the same error, and a journal that
lost its `-wal` was "not a bulkspot journal" with no way out named.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.plain_http import items_with_sizes
from tests.runner.sheets import SIZES, read_results, write_inventory

ITEMS = 30
KILL_AFTER = 60  # requests the killed run has had answered
WAIT_LIMIT = 60.0


def advice(why: str) -> str:
    return (
        f"Error: the journal j.sqlite is damaged ({why}). Run with --fresh to start over: the "
        "damaged journal is kept as j.sqlite.damaged-<date>-<time>, and rows already on the "
        "server are found by name and not created twice. Or choose another file with --journal."
    )


def looked_at(journal: Path) -> None:
    """Someone opened the journal with sqlite3 to look: closing it writes the `-wal` back."""
    with closing(sqlite3.connect(journal)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def pages_overwritten(journal: Path) -> None:
    looked_at(journal)
    with journal.open("r+b") as damaged:  # past SQLite's 100-byte header: the schema too
        damaged.seek(100)
        damaged.write(b"\xa5" * 8000)


def cut_in_half(journal: Path) -> None:
    looked_at(journal)
    os.truncate(journal, journal.stat().st_size // 2)


def without_its_wal(journal: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{journal}{suffix}").unlink()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (pages_overwritten, "database disk image is malformed"),
        (cut_in_half, "database disk image is malformed"),
        (without_its_wal, "it holds no tables: cut short, or its -wal is missing"),
    ],
    ids=["pages-overwritten", "cut-in-half", "without-wal"],
)
def test_the_advice_for_a_damaged_journal_works(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path, damage: Callable[[Path], None], why: str
) -> None:
    event = sandbox.new_event()
    rows = write_inventory(tmp_path / "items.csv", ITEMS)
    args = ("import", "items", "items.csv", "--event", event, "--journal", "j.sqlite",
            "--rate", "600")  # fmt: skip
    killed_mid_run(sandbox, tmp_path, args)
    journal = tmp_path / "j.sqlite"
    kept = journal.read_bytes() if damage is not without_its_wal else None
    damage(journal)
    damaged = journal.read_bytes()

    refused = run_cli(*args, env=sandbox.env)
    assert refused.exit_code == 2, refused.output
    message = refused.stderr.splitlines()[-1]
    assert message == advice(why)
    assert journal.read_bytes() == damaged  # refused: nothing written to it

    step = message.split("Run with ", 1)[1].split(" ", 1)[0]  # the step it names
    assert step == "--fresh"
    followed = run_cli(*args, step, env=sandbox.env)
    assert followed.exit_code == 0, followed.output

    server = items_with_sizes(sandbox.base, event)  # a name twice fails in there
    assert server == {f"Item {n:04d}": sorted(SIZES) for n in range(ITEMS)}
    results = read_results(tmp_path / f"items.csv.items.{event}.results.csv")
    assert len(results) == rows and {r["status"] for r in results} == {"created", "exists"}
    assert "exists" in {r["status"] for r in results}  # what the journal lost, found by name
    assert all(r["id"] for r in results)
    (aside,) = tmp_path.glob("j.sqlite.damaged-*[0-9]")  # kept, never deleted
    assert aside.read_bytes() == damaged
    assert (f"warning: the damaged journal j.sqlite is kept as {aside.name}; this run keeps "
            "a new one") in followed.output.splitlines()  # fmt: skip
    assert kept is None or kept != damaged
    again = run_cli(*args, env=sandbox.env)  # the new journal goes on from here
    assert again.exit_code == 0, again.output
    assert items_with_sizes(sandbox.base, event) == server


def test_a_file_that_is_no_journal_is_never_set_aside(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    write_inventory(tmp_path / "items.csv", 2)
    (tmp_path / "notes.txt").write_text("my notes, not a journal\n")
    before = sandbox.stats()["requests"]
    refused = run_cli("import", "items", "items.csv", "--event", event, "--journal",
                      "notes.txt", "--fresh", env=sandbox.env)  # fmt: skip
    assert refused.exit_code == 2
    assert refused.stderr.splitlines()[-1] == (
        "Error: notes.txt is not a bulkspot journal (file is not a database); it is left as "
        "it is: choose another file with --journal"
    )
    assert (tmp_path / "notes.txt").read_text() == "my notes, not a journal\n"
    assert list(tmp_path.glob("notes.txt.*")) == []
    assert sandbox.stats()["requests"] == before


def killed_mid_run(sandbox: Sandbox, folder: Path, args: tuple[str, ...]) -> None:
    """The import in a process of its own, killed (SIGKILL) once the simulator has answered
    KILL_AFTER of its requests."""
    at = sandbox.stats()["requests"] + KILL_AFTER
    process = subprocess.Popen(
        [sys.executable, "-m", "bulkspot", *args, "--quiet"],
        cwd=folder, env={**os.environ, **sandbox.env},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + WAIT_LIMIT
        while sandbox.stats()["requests"] < at:
            assert process.poll() is None, "the run ended before its moment"
            assert time.monotonic() < deadline, f"no request {at} within {WAIT_LIMIT} s"
            time.sleep(0.002)  # polling, not a fixed wait: the loop ends on the condition
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=WAIT_LIMIT)
    assert process.returncode == -signal.SIGKILL
