"""The run's memory: a SQLite journal (WAL) that survives a crash or a kill -9.

Each operation's state is one row: `sending` is committed *before* the request leaves, the
final outcome after the answer. Running the same command again reads it back: final rows are
not sent again, `sending` rows are first looked up on the server, since their request may have
landed. A run writes through `bulkspot.runner.journal_writer.JournalWriter`, which groups
whatever is waiting into one transaction (`write_many`): a final outcome rides on the next
mark's commit, so a paced create costs one commit. A crash may thus leave an answered row
`sending`: it is looked up like one cut off in flight, never sent again blindly. The rows'
shapes and their SQL are in sinks/journal_record.py.

WAL with synchronous=NORMAL: a commit reaches the operating system before it returns, which is
what survives the process being killed; only a power cut can lose the last batch, and then the
rows are merely re-checked, never re-created blindly.

A run owns its journal: opening one takes its lock (sinks/lock.py) before anything else, so a
second run on it, or a --fresh that would delete it, is refused. Every SQLite failure leaves
as a BulkspotError that says why (sinks/storage.py): damaged, locked by another program, or a
disk that is full or read-only, which --fresh would not cure.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Status
from bulkspot.core.wording import option
from bulkspot.errors import JournalError
from bulkspot.sinks.journal_file import (
    SCHEMA,
    Transaction,
    add_missing_columns,
    closed_on_failure,
    connect,
    failing,
    file_identity,
    own,
    removed_on_failure,
)
from bulkspot.sinks.journal_record import (
    COLUMNS,
    SENDING,
    UPSERT,
    JournalEntry,
    JournalRecord,
    entry_of,
)
from bulkspot.sinks.journal_state import holds_nothing, remove_journal, replace_journal
from bulkspot.sinks.lock import JournalLock
from bulkspot.sinks.storage import cannot_write
from bulkspot.sinks.undo_mark import UNDO_MARK, refuse_undone

__all__ = ["SENDING", "Journal", "JournalEntry", "JournalRecord", "remove_journal"]

SCHEMA_VERSION = "1"
EVENT_KEY = "event"  # the key of a job's identity that names the event it writes into


class Journal:
    """One run's journal file. Open it with `Journal.open`."""

    def __init__(self, path: Path, connection: sqlite3.Connection, lock: JournalLock) -> None:
        self.path = path
        self._db = connection
        self._lock = lock
        self._file = file_identity(path)
        self.set_aside: Path | None = None  # where a damaged journal was moved (--fresh)

    @staticmethod
    def own(
        path: Path, *, fresh: bool = False, about: Mapping[str, str] | None = None
    ) -> JournalLock:
        """Take the journal's lock before opening it (before anything is sent), checking
        that a file there is a journal; JournalBusyError when another run holds it. Hand
        the lock to `open`, which keeps it until `close`. `fresh`: a damaged journal is
        let through, for `open(fresh=True)` to set aside; `about`: what the lock says of
        the run (an import's sheet), for a refused one to name it."""
        return own(path, fresh=fresh, about=about)

    @classmethod
    def open(
        cls,
        path: Path,
        identity: Mapping[str, str],
        *,
        fresh: bool = False,
        lock: JournalLock | None = None,
    ) -> Journal:
        """Open or create the journal for a job and own it (with `lock`, taken by `own`,
        or now); refuse one made for another job, or one another run holds
        (JournalBusyError)."""
        lock = lock or own(path, fresh=fresh)
        aside = None
        try:
            if fresh:
                aside = replace_journal(path)
            with removed_on_failure(path, made=holds_nothing(path)):
                db = connect(path)
                with closed_on_failure(db), failing(path, "open"):
                    db.execute("PRAGMA synchronous=NORMAL")
                    db.executescript(SCHEMA)
                    add_missing_columns(db)
                    stored = dict(db.execute("SELECT key, value FROM meta").fetchall())
        except BaseException:
            lock.release()
            raise
        journal = cls(path, db, lock)
        journal.set_aside = aside
        wanted = {**identity, "schema": SCHEMA_VERSION}
        try:
            if not stored:
                with journal._failing("write"), journal._transaction():
                    db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(wanted.items()))
            else:
                journal._check_identity(stored, wanted)
                refuse_undone(path, stored.get(UNDO_MARK))
        except BaseException:
            journal.close()
            raise
        return journal

    @classmethod
    def open_existing(cls, path: Path) -> Journal:
        """Open a journal whatever job made it, and own it (for undo)."""
        lock = own(path, to_undo=True)
        try:
            db = connect(path)
            with closed_on_failure(db), failing(path, "open"):
                db.execute("SELECT COUNT(*) FROM ops").fetchone()
                add_missing_columns(db)
        except BaseException:
            lock.release()
            raise
        return cls(path, db, lock)

    def _check_identity(self, stored: Mapping[str, str], wanted: Mapping[str, str]) -> None:
        differs = [k for k in wanted if stored.get(k) != wanted[k]]
        if differs == ["input"]:
            self.close()
            raise JournalError(
                f"the journal {self.path} was kept for another version of the sheet: the file "
                "has changed since that run, and a journal follows rows by their number, so "
                "it cannot go on with an edited sheet. To import the sheet as it is now, run "
                f"again with a new {option('--journal')} (this one stays for `bulkspot undo`) "
                f"or with {option('--fresh')} (which replaces it); rows already on the server "
                "are found by name "
                "and reported as existing, not made twice."
            )
        if differs:
            self.close()
            what = ", ".join(differs)
            raise JournalError(
                f"the journal {self.path} belongs to another job (different {what}). "
                f"Run with {option('--fresh')} to start over (rows already on the server are "
                "found by name and not created twice), or choose another file with "
                f"{option('--journal')}."
            )

    @property
    def identity(self) -> dict[str, str]:
        with self._failing("read"):
            return dict(self._db.execute("SELECT key, value FROM meta").fetchall())

    def mark_undo(self, state: str) -> None:
        """Record that an undo of this run has begun or gone through (sinks/undo_mark.py):
        the job run again is refused unless it starts over."""
        with self._failing("write"), self._transaction():
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (UNDO_MARK, state))

    def entry(self, key: OpKey) -> JournalEntry | None:
        with self._failing("read"):
            found = self._db.execute(
                f"SELECT {COLUMNS} FROM ops WHERE row = ? AND part = ?", (key.row, key.part)
            ).fetchone()
        return entry_of(found) if found else None

    def is_empty(self) -> bool:
        """Whether no operation is recorded: a fresh journal has no entry to look up."""
        with self._failing("read"):
            return self._db.execute("SELECT 1 FROM ops LIMIT 1").fetchone() is None

    def entries(self, *, states: tuple[str, ...] = ()) -> Iterator[JournalEntry]:
        """Entries in input order (row, then part), optionally only some states."""
        sql = f"SELECT {COLUMNS} FROM ops"
        if states:
            sql += f" WHERE state IN ({', '.join('?' * len(states))})"
        with self._failing("read"):
            for found in self._db.execute(sql + " ORDER BY row, part", states):
                yield entry_of(found)

    def kinds(self) -> list[str]:
        """The kinds of resource the journal's run touched."""
        with self._failing("read"):
            return [kind for (kind,) in self._db.execute("SELECT DISTINCT kind FROM ops")]

    def seconds_since_last_write(self) -> float | None:
        """How long ago the journal's run last wrote (a create marked, an answer kept): what
        a run that follows a killed one needs, to stay in the gateway's window. None when it
        holds nothing."""
        (last,) = self._db.execute("SELECT MAX(updated_at) FROM ops").fetchone()
        return None if last is None else max(0.0, time.time() - float(last))

    def count_by_state(self) -> dict[str, int]:
        """How many operations are in each state."""
        with self._failing("read"):
            found = self._db.execute("SELECT state, COUNT(*) FROM ops GROUP BY state")
            return {state: int(count) for state, count in found}

    def count_final(self) -> int:
        """Operations a rerun leaves as they are (a blocked one is looked at again)."""
        with self._failing("read"):
            (count,) = self._db.execute(
                "SELECT COUNT(*) FROM ops WHERE state NOT IN (?, ?, ?)",
                (SENDING, Status.PENDING, Status.BLOCKED),
            ).fetchone()
        return int(count)

    def forget(self, states: tuple[Status, ...]) -> int:
        """Make rows of these states eligible again (--retry-failed). A create that was sent
        and found nothing of its name goes back to `sending`: it may have been made (a garbled
        answer, a lost one), so the next run looks it up, and proves it its own, before it
        sends it again."""
        with self._failing("write"), self._transaction():
            sent = 0
            if Status.FAILED in states:
                sent = self._db.execute(
                    "UPDATE ops SET state = ? WHERE state = ? AND sent IS NOT NULL "
                    "AND COALESCE(resource_id, '') = ''",
                    (SENDING, Status.FAILED.value),
                ).rowcount
            cursor = self._db.execute(
                f"DELETE FROM ops WHERE state IN ({', '.join('?' * len(states))})",
                [s.value for s in states],
            )
        return sent + cursor.rowcount

    def remove(self, keys: list[OpKey]) -> None:
        """Forget operations whose resources are gone (undone)."""
        with self._failing("write"), self._transaction():
            self._db.executemany(
                "DELETE FROM ops WHERE row = ? AND part = ?", [(k.row, k.part) for k in keys]
            )

    def write_many(self, records: list[JournalRecord]) -> None:
        """Write a batch of records in one transaction; StorageError (or JournalError) when
        it cannot be, and when the file was removed under the run (its writes would land in
        a file nobody can open again)."""
        now = time.time()
        with self._failing("write"), self._transaction():
            self._db.executemany(UPSERT, [r.as_params(now) for r in records])
        if file_identity(self.path) != self._file:
            raise cannot_write("the journal", self.path, "it was removed during the run")

    def close(self) -> None:
        try:
            self._db.close()
        finally:
            self._lock.release()

    def _transaction(self) -> Transaction:
        return Transaction(self._db)

    def _failing(self, doing: str) -> contextlib.AbstractContextManager[None]:
        return failing(self.path, doing)
