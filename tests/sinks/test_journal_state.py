"""What is at a journal's path, told apart read-only: a damaged journal (its step: --fresh,
which sets it aside, never deletes it) from a file that is no journal (never touched)."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from bulkspot.errors import JournalError
from bulkspot.sinks.journal import Journal
from bulkspot.sinks.journal_state import Found, State, examine, set_aside

IDENTITY = {"kind": "items", "input": "x"}


def journal_without_its_wal(path: Path) -> None:
    """A journal as a killed run leaves it, then copied without its -wal."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")
    db.execute("CREATE TABLE meta (key TEXT)")
    db.execute("CREATE TABLE ops (row INTEGER)")
    db.commit()
    copy = path.with_name("copied.sqlite")
    copy.write_bytes(path.read_bytes())  # the main file only: the tables are in the -wal
    db.close()
    path.unlink()
    Path(f"{path}-wal").unlink(missing_ok=True)
    Path(f"{path}-shm").unlink(missing_ok=True)
    copy.rename(path)


def test_each_state_is_told_apart(tmp_path: Path) -> None:
    assert examine(tmp_path / "none.sqlite") == Found(State.MISSING)
    Journal.open(tmp_path / "j.sqlite", IDENTITY).close()
    assert examine(tmp_path / "j.sqlite") == Found(State.JOURNAL)
    (tmp_path / "empty.sqlite").write_bytes(b"")
    assert examine(tmp_path / "empty.sqlite") == Found(State.DAMAGED, "the file is empty")
    (tmp_path / "sheet.csv").write_text("name,price\nShirt,25\n")
    assert examine(tmp_path / "sheet.csv") == Found(State.FOREIGN, "file is not a database")
    with contextlib.closing(sqlite3.connect(tmp_path / "contacts.db")) as db, db:
        db.execute("CREATE TABLE contacts (name TEXT)")
    assert examine(tmp_path / "contacts.db") == Found(State.FOREIGN, "it holds no bulkspot tables")
    journal_without_its_wal(tmp_path / "lost.sqlite")
    assert examine(tmp_path / "lost.sqlite") == Found(
        State.DAMAGED, "it holds no tables: cut short, or its -wal is missing"
    )


def test_set_aside_keeps_every_file_under_a_name_not_taken(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    moment = dt.datetime(2027, 7, 17, 14, 5, 9)
    for attempt in (1, 2):
        path.write_bytes(b"damaged %d" % attempt)
        Path(f"{path}-wal").write_bytes(b"log")
        aside = set_aside(path, now=moment)
        assert aside.read_bytes() == b"damaged %d" % attempt
        assert Path(f"{aside}-wal").read_bytes() == b"log"
        assert not path.exists() and not Path(f"{path}-wal").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "j.sqlite.damaged-20270717-140509",
        "j.sqlite.damaged-20270717-140509-2",
        "j.sqlite.damaged-20270717-140509-2-wal",
        "j.sqlite.damaged-20270717-140509-wal",
    ]


def test_undo_of_a_damaged_journal_says_nothing_is_undone(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    journal_without_its_wal(path)
    with pytest.raises(JournalError) as refused:
        Journal.open_existing(path)
    assert str(refused.value) == (
        f"the journal {path} is damaged (it holds no tables: cut short, or its -wal is "
        "missing): what its run made cannot be read, so nothing is undone"
    )
