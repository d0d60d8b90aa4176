"""A journal whose making a full disk cut short leaves nothing in the way: once there is room,
the same command makes it and finishes the run, every row once on the server.

Seen before: the journal was made in place (a file, SQLite's header, then its tables, then
its identity), so a disk that filled up in between left a file that the same command then
called damaged ("Run with --fresh") or no bulkspot journal at all ("choose another file"),
though the error had said "once that is fixed, run the same command again"."""

from __future__ import annotations

from pathlib import Path

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.cli.test_storage_faults import RESUME, last_error
from tests.plain_http import get
from tests.sinks.filesystems import fill, tiny_filesystem

FEES = "label,fee\nAdult,35\nStudent,15\nChild,0\n"


def test_a_journal_cut_short_by_a_full_disk_is_made_by_the_same_command_once_there_is_room(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    (tmp_path / "fees.csv").write_text(FEES, encoding="utf-8")
    with tiny_filesystem(tmp_path / "disk") as disk:
        journal = disk / "fees.journal.sqlite"
        # from no room for a page to room for the journal whole: every moment its making
        # can be cut at (a tmpfs hands out whole pages of 4 KiB)
        cut_short = []
        for pages in range(1, 18):
            event = sandbox.new_event()
            filler = fill(disk, leave=pages * 4096)
            command = ("import", "fees", "fees.csv", "--event", event, "--rate", "1000",
                       "--journal", str(journal))  # fmt: skip
            first = run_cli(*command, env=sandbox.env)
            if first.exit_code != 0:
                cut_short.append(pages)
                assert last_error(first) in (
                    f"Error: cannot {doing} the journal {journal}: the disk is full. {RESUME}"
                    for doing in ("open", "write")
                ), pages
            filler.unlink()
            again = run_cli(*command, env=sandbox.env)
            assert again.exit_code == 0, (pages, again.output)
            fees = get(sandbox.base, f"eventspot/events/{event}/fees")
            assert sorted(fee["label"] for fee in fees) == ["Adult", "Child", "Student"]
            for leftover in disk.iterdir():
                leftover.unlink()
        assert len(cut_short) >= 8, cut_short


def _killed_while_making(journal: Path) -> None:
    """What a run killed while SQLite made its journal leaves (seen with kill -9 at random
    moments): the file, empty, and the header of SQLite's rollback journal beside it."""
    journal.write_bytes(b"")
    header = bytearray(512)
    header[12:16] = bytes.fromhex("3961a8f8")  # its nonce
    header[20:28] = bytes.fromhex("0000020000001000")  # sector size 512, page size 4096
    Path(f"{journal}-journal").write_bytes(bytes(header))


def test_a_journal_a_kill_left_empty_is_made_by_the_same_command(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    """Seen before: every later run said "the journal ... is damaged (the file is empty). Run
    with --fresh to start over", though nothing had been journaled, or sent."""
    event = sandbox.new_event()
    (tmp_path / "fees.csv").write_text(FEES, encoding="utf-8")
    journal = tmp_path / "fees.journal.sqlite"
    _killed_while_making(journal)
    before = sandbox.stats()["requests"]
    undo = run_cli("undo", "--journal", str(journal), env=sandbox.env)
    assert last_error(undo) == (  # undo has nothing to undo there, and says so
        f"Error: {journal} is not a bulkspot journal (the file is empty); it is left as it "
        "is: choose another file with --journal"
    )
    assert sandbox.stats()["requests"] == before
    command = ("import", "fees", "fees.csv", "--event", event, "--journal", str(journal))
    done = run_cli(*command, env=sandbox.env)
    assert done.exit_code == 0, done.output
    fees = get(sandbox.base, f"eventspot/events/{event}/fees")
    assert sorted(fee["label"] for fee in fees) == ["Adult", "Child", "Student"]
    assert not Path(f"{journal}-journal").exists()
    again = run_cli(*command, env=sandbox.env)  # the journal made goes on from here
    assert again.exit_code == 0, again.output
    assert "3 rows, all done by an earlier run: nothing to send" in again.output
