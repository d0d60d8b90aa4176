"""What is at a journal's path before a run opens it: nothing, a journal, a damaged journal,
or something that is no journal at all.

Why it matters: the advice a run gives must work. A journal that lost pages, was cut short
or was copied without its `-wal` can only be started over (`--fresh`), and starting over is
safe because every row whose resource is already on the server is found by its name. But
the damaged file is the only record of what that run made (for `undo`, for a person who
looks), so it is set aside beside its place (`J.damaged-YYYYmmdd-HHMMSS`), never deleted.
A file that is no SQLite database, or another program's database, is never touched.

Every check here is read-only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
JOURNAL_TABLES = frozenset({"meta", "ops"})
FILE_SUFFIXES = ("", "-wal", "-shm")  # a journal's files: SQLite's write-ahead log and index


class State(enum.Enum):
    MISSING = "missing"
    JOURNAL = "journal"  # its tables can be read (its rows may still be damaged)
    DAMAGED = "damaged"  # a journal, or what is left of one, that cannot be read
    FOREIGN = "foreign"  # not a bulkspot journal: never written to, moved or deleted


@dataclass(frozen=True, slots=True)
class Found:
    state: State
    why: str = ""  # what was found, in plain words (for DAMAGED and FOREIGN)


def examine(path: Path, *, thoroughly: bool = False) -> Found:
    """What is at `path`. `thoroughly`: read every page too (SQLite's quick_check), which a
    run about to set a journal aside can afford; otherwise only the schema is read."""
    if not path.exists():
        return Found(State.MISSING)
    wal = Path(f"{path}-wal")
    if path.is_file() and path.stat().st_size == 0:
        if wal.exists():
            return Found(State.JOURNAL)  # SQLite's write-ahead log holds it all yet
        return Found(State.DAMAGED, "the file is empty")
    wal_lost = not wal.exists() or wal.stat().st_size == 0  # before SQLite makes an empty one
    with path.open("rb") as start:
        if start.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            return Found(State.FOREIGN, "file is not a database")
    try:
        tables, check = _read(path, thoroughly=thoroughly)
    except sqlite3.Error as error:
        return Found(State.DAMAGED, str(error))
    if not tables:  # what a journal looks like without the log that held its tables
        left = "its -wal is missing" if wal_lost else "its tables are lost"
        return Found(State.DAMAGED, f"it holds no tables: cut short, or {left}")
    if not tables >= JOURNAL_TABLES:
        return Found(State.FOREIGN, "it holds no bulkspot tables")
    if check != "ok":
        return Found(State.DAMAGED, check)
    return Found(State.JOURNAL)


def holds_nothing(path: Path) -> bool:
    """Nothing at `path`, or an empty file without a write-ahead log beside it: what a run
    killed while it made its journal leaves (SQLite makes the file before it writes a
    byte). No row can have been journaled in it, so a run makes its journal there as if
    none were there."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return True
    return path.is_file() and size == 0 and not Path(f"{path}-wal").exists()


def _read(path: Path, *, thoroughly: bool) -> tuple[set[str], str]:
    """The tables, and SQLite's verdict on the pages ("ok" unless `thoroughly` found worse).
    Read-only: the file, its `-wal` and its `-shm` are left as they are."""
    with read_only(path) as db:
        found = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        tables = {str(name) for (name,) in found}
        if not thoroughly or not tables >= JOURNAL_TABLES:
            return tables, "ok"
        verdict = db.execute("PRAGMA quick_check(1)").fetchone()
        if verdict is None or verdict[0] != "ok":
            return tables, "database disk image is malformed"
        db.execute("SELECT COUNT(*) FROM ops").fetchone()  # every page of the rows read
        return tables, "ok"


def set_aside(path: Path, *, now: dt.datetime | None = None) -> Path:
    """Rename a damaged journal's files to `<path>.damaged-YYYYmmdd-HHMMSS` (with their
    `-wal` and `-shm`), a name not yet taken; returns the new name of the main file."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    aside = Path(f"{path}.damaged-{stamp}")
    number = 1
    while any(Path(f"{aside}{suffix}").exists() for suffix in FILE_SUFFIXES):
        number += 1
        aside = Path(f"{path}.damaged-{stamp}-{number}")
    for suffix in FILE_SUFFIXES:
        with contextlib.suppress(FileNotFoundError):
            os.rename(f"{path}{suffix}", f"{aside}{suffix}")
    return aside


def replace_journal(path: Path) -> Path | None:
    """--fresh: a damaged journal is set aside (its new name returned), never deleted; a
    sound one is deleted (another job's, or this job's to start over)."""
    if examine(path, thoroughly=True).state is State.DAMAGED:
        return set_aside(path)
    remove_journal(path)
    return None


def remove_journal(path: Path) -> None:
    """Delete a journal's files (its SQLite write-ahead log and index with it)."""
    for suffix in FILE_SUFFIXES:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def read_only(path: Path) -> contextlib.closing[sqlite3.Connection]:
    """A connection to a SQLite file that changes nothing: not it, its -wal or its -shm (a
    file URI: the one place a path is written as one). With no -wal beside it, all of it is
    in the file, so it is read as immutable: a read-only connection to a WAL database makes
    a -wal and a -shm beside it otherwise, and leaves them there (beside another job's
    journal, which the check of a run's files reads)."""
    whole = "" if Path(f"{path}-wal").exists() else "&immutable=1"
    uri = f"{path.resolve().as_uri()}?mode=ro{whole}"
    return contextlib.closing(sqlite3.connect(uri, uri=True))
