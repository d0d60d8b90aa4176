"""Storage faults in plain words: a journal that cannot be read or written says why (and
offers --fresh only where it cures), a file the run cannot write is refused before anything
is sent, and the results file is named, never its temporary file."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.errors import JournalError, StorageError
from bulkspot.sinks.journal import Journal, JournalRecord
from bulkspot.sinks.results import ResultsWriter
from bulkspot.sinks.storage import check_writable, journal_failure
from tests.sinks.filesystems import fill, make_read_only, make_writable, tiny_filesystem

IDENTITY = {"kind": "items", "input": "x"}
RESUME = "Nothing done is lost: once that is fixed, run the same command again."
FRESH = (
    "Run with --fresh to start over: the damaged journal is kept as {}.damaged-<date>-<time>, "
    "and rows already on the server are found by name and not created twice. Or choose "
    "another file with --journal."
)
J = Path("runs/a.journal.sqlite")


@pytest.mark.parametrize(
    ("sqlite_says", "kind", "message"),
    [
        ("database or disk is full", StorageError,
         f"cannot write the journal {J}: the disk is full. {RESUME}"),
        ("attempt to write a readonly database", StorageError,
         f"cannot write the journal {J}: it is read-only. {RESUME}"),
        ("disk I/O error", StorageError,
         f"cannot write the journal {J}: the disk reported an input/output error. {RESUME}"),
        ("database is locked", JournalError,
         f"the journal {J} is locked by another program (database is locked); close it, then "
         "run the same command again"),
        ("database disk image is malformed", JournalError,
         f"the journal {J} is damaged (database disk image is malformed). {FRESH.format(J)}"),
        ("file is not a database", JournalError,
         f"{J} is not a bulkspot journal (file is not a database); it is left as it is: choose "
         "another file with --journal"),
    ],
)  # fmt: skip
def test_each_journal_failure_says_why(sqlite_says: str, kind: type, message: str) -> None:
    failure = journal_failure(J, sqlite3.OperationalError(sqlite_says), "write")
    assert type(failure) is kind and str(failure) == message
    if kind is StorageError:
        assert "--fresh" not in message  # a full disk is not cured by a new journal


def _journal_with_rows(path: Path, rows: int) -> None:
    journal = Journal.open(path, IDENTITY)
    outcome = Outcome(Status.CREATED, "id", 201, 1)
    journal.write_many([
        JournalRecord(OpKey(n), "item", "created", {"event_id": "E"}, f"Item {n:05d}", outcome)
        for n in range(rows)
    ])  # fmt: skip
    journal.close()


def test_a_damaged_journal_says_so_and_offers_fresh(tmp_path: Path) -> None:
    path = tmp_path / "run.journal.sqlite"
    _journal_with_rows(path, 2000)
    with path.open("r+b") as damaged:  # the schema (page 1) stays; the rows' pages do not
        damaged.seek(4096)
        damaged.write(b"\xa5" * (path.stat().st_size - 4096))
    with pytest.raises(JournalError) as refused:
        journal = Journal.open(path, IDENTITY)
        list(journal.entries())
    assert str(refused.value) == (
        f"the journal {path} is damaged (database disk image is malformed). {FRESH.format(path)}"
    )
    damaged = path.read_bytes()
    fresh = Journal.open(path, IDENTITY, fresh=True)  # and --fresh does cure it
    fresh.close()
    assert fresh.set_aside is not None and fresh.set_aside.read_bytes() == damaged


def test_a_journal_removed_during_the_run_stops_its_writes(tmp_path: Path) -> None:
    """SQLite would go on writing into the deleted file, where no rerun could read it."""
    path = tmp_path / "runs" / "run.journal.sqlite"
    journal = Journal.open(path, IDENTITY)
    for name in os.listdir(path.parent):
        os.unlink(path.parent / name)
    with pytest.raises(StorageError) as stopped:
        journal.write_many([JournalRecord(OpKey(2), "item", "sending", {}, "Shirt", sent={})])
    assert str(stopped.value) == (
        f"cannot write the journal {path}: it was removed during the run. {RESUME}"
    )
    journal.close()


def test_a_path_under_a_file_is_refused_and_a_new_folder_is_not_made(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("a file")
    with pytest.raises(StorageError) as refused:
        check_writable(tmp_path / "notes.txt" / "out" / "r.csv", "the results file")
    assert str(refused.value) == (
        f"cannot write the results file {tmp_path / 'notes.txt' / 'out' / 'r.csv'}: "
        f"{tmp_path / 'notes.txt'} is a file, not a folder (nothing was sent)"
    )
    with pytest.raises(StorageError, match="it is a folder"):
        check_writable(tmp_path, "the journal", file_too=True)
    check_writable(tmp_path / "new" / "deeper" / "r.csv", "the results file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # nothing made, no probe


def test_results_under_a_file_name_the_results_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("a file")
    path = tmp_path / "notes.txt" / "r.csv"
    with pytest.raises(StorageError) as refused, ResultsWriter(path, ["name"]):
        pass
    assert str(refused.value) == (
        f"cannot write the results file {path}: a part of its path is a file, not a folder. "
        f"{RESUME}"
    )


def test_a_read_only_folder_is_refused_before_anything_is_sent(tmp_path: Path) -> None:
    with tiny_filesystem(tmp_path / "ro") as folder:
        (folder / "old.journal.sqlite").write_bytes(b"")
        make_read_only(folder)
        try:
            for what, path, file_too in (
                ("the results file", folder / "r.csv", False),
                ("the journal", folder / "old.journal.sqlite", True),
            ):
                with pytest.raises(StorageError) as refused:
                    check_writable(path, what, file_too=file_too)
                assert str(refused.value) == (
                    f"cannot write {what} {path}: the file system is read-only (nothing was sent)"
                )
        finally:
            make_writable(folder)


def test_a_full_disk_names_the_results_file_not_its_temporary_one(tmp_path: Path) -> None:
    with tiny_filesystem(tmp_path / "tiny", size="64k") as folder:
        fill(folder, leave=0)
        path = folder / "x.csv"
        with pytest.raises(StorageError) as stopped, ResultsWriter(path, ["name"]) as writer:
            for n in range(20_000):
                writer.write({"name": f"row {n} " + "x" * 40}, {"row": n, "status": "created"})
        assert (
            str(stopped.value)
            == f"cannot write the results file {path}: the disk is full. {RESUME}"
        )
        assert sorted(p.name for p in folder.iterdir()) == ["filler0"]  # no temporary file left
