"""Opening a journal file: what is there must be a journal (checked read-only, so another
program's database or a sheet given as --journal is never written to), the run must own it
(its lock), and SQLite's failures leave as the BulkspotError that says why.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path

from bulkspot.errors import JournalError
from bulkspot.sinks.journal_state import (
    State,
    examine,
    holds_nothing,
    read_only,
    remove_journal,
)
from bulkspot.sinks.lock import UNDO, JournalLock
from bulkspot.sinks.storage import fresh_advice, journal_failure, not_a_journal

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ops (
    row INTEGER NOT NULL,
    part TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    scope TEXT,
    natural_key TEXT,
    resource_id TEXT,
    created INTEGER NOT NULL DEFAULT 0,
    http_status INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '',
    updated_at REAL NOT NULL,
    sent TEXT,
    witness TEXT,
    PRIMARY KEY (row, part)
) WITHOUT ROWID;
"""


class Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self._db.execute("COMMIT")
        elif self._db.in_transaction:  # SQLite has rolled back itself after a full disk
            self._db.execute("ROLLBACK")


@contextlib.contextmanager
def failing(path: Path, doing: str) -> Iterator[None]:
    """SQLite's failures as the BulkspotError that says why (storage.journal_failure)."""
    try:
        yield
    except sqlite3.Error as error:
        raise journal_failure(path, error, doing) from None


def own(
    path: Path,
    *,
    fresh: bool = False,
    to_undo: bool = False,
    about: Mapping[str, str] | None = None,
) -> JournalLock:
    """Check the file is a journal (or nothing), make its folder, take its lock. `fresh`:
    a damaged journal is no refusal (the caller sets it aside once it holds the lock);
    `to_undo`: one that cannot be read cannot be started over either (undo reads it), and
    the lock says an undo holds it; `about`: what else it says (an import's sheet)."""
    refuse_other_files(path, fresh=fresh, to_undo=to_undo)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return JournalLock.acquire(path, about={"by": UNDO} if to_undo else about)
    except OSError as error:
        raise journal_failure(path, error, "write") from None


def connect(path: Path) -> sqlite3.Connection:
    with failing(path, "open"):
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        with closed_on_failure(db):
            db.execute("PRAGMA journal_mode=WAL")
        return db


@contextlib.contextmanager
def removed_on_failure(path: Path, made: bool) -> Iterator[None]:
    """A journal this run is making (`made`: nothing was there) that cannot be made whole
    (a disk that fills up between its header and its tables) is removed again: left, it
    read as damaged, or as another program's database, so the same command could not go on
    once there was room. Nothing was journaled in it, so nothing is lost; the run holds the
    journal's lock, so no other run made it meanwhile."""
    try:
        yield
    except BaseException:
        if made:
            with contextlib.suppress(OSError):
                remove_journal(path)
        raise


@contextlib.contextmanager
def closed_on_failure(db: sqlite3.Connection) -> Iterator[None]:
    """A connection a failed open leaves is closed at once: left to the garbage collector,
    it kept the journal's files open (and their room on a full disk taken) in a process
    that goes on, as a script calling run_import again does."""
    try:
        yield
    except BaseException:
        db.close()
        raise


def file_identity(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def add_missing_columns(db: sqlite3.Connection) -> None:
    """A journal written before `sent` (or `witness`) was kept gains the column (empty for
    its rows)."""
    have = {name for _, name, *_ in db.execute("PRAGMA table_info(ops)")}
    for column in ("sent", "witness"):
        if column not in have:
            db.execute(f"ALTER TABLE ops ADD COLUMN {column} TEXT")


def refuse_other_files(path: Path, *, fresh: bool = False, to_undo: bool = False) -> None:
    """A file that is there must already be a journal, checked read-only: a --journal that
    names a sheet or another program's database is neither written to nor deleted (--fresh).
    A damaged journal is refused with the step that cures it, unless that step is `fresh`;
    undo has none (what the run made cannot be read), so it says only what is wrong."""
    found = examine(path)
    empty = found.state is State.DAMAGED and not path.stat().st_size
    if empty and not to_undo and holds_nothing(path):
        return  # a run killed while making it left it: made again (removed_on_failure)
    if found.state is State.FOREIGN or (empty and to_undo):
        raise not_a_journal(path, found.why)
    if found.state is State.DAMAGED and to_undo:
        raise JournalError(
            f"the journal {path} is damaged ({found.why}): what its run made cannot be read, "
            "so nothing is undone"
        )
    if found.state is State.DAMAGED and not fresh:
        raise JournalError(f"the journal {path} is damaged ({found.why}). {fresh_advice(path)}")


def recorded_meta(path: Path, key: str) -> str | None:
    """One value a journal's meta records, read-only (None: no journal there, or none
    recorded): what a dry run, which opens no journal, needs to know of the real one."""
    if not path.is_file():
        return None
    with contextlib.suppress(sqlite3.Error):
        with read_only(path) as db:
            found = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(found[0]) if found else None
    return None
