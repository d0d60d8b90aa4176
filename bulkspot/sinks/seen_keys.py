"""The natural keys a file already used, kept in a SQLite file: memory stays flat.

`core.keyindex.SeenKeys` keeps them in a dict, which grows with the file; a run hands its
planner this one instead. The file lives in a folder of the caller's (a temporary one), holds
nothing worth keeping, and is written without a rollback journal or syncs: a crash loses only
what the next run rebuilds anyway.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Hashable
from pathlib import Path


class SeenKeysOnDisk:
    """`core.keyindex.FirstRows` in SQLite: one exact primary key, the scope's bytes, 0xFF
    (a byte UTF-8 never holds, so no two (scope, key) pairs give the same bytes), the key's."""

    def __init__(self, folder: Path) -> None:
        self._db = sqlite3.connect(folder / "seen-keys.sqlite", isolation_level=None)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE seen (key BLOB PRIMARY KEY, row INTEGER) WITHOUT ROWID")
        self._db.execute("BEGIN")  # one transaction for the whole file: no commit per row
        self._insert = self._db.cursor()
        self._scopes: dict[Hashable, bytes] = {}

    def first_row(self, scope: Hashable, key: str, row: int) -> int | None:
        start = self._scopes.get(scope)
        if start is None:
            start = self._scopes[scope] = _bytes(repr(scope)) + b"\xff"
        both = start + _bytes(key)
        self._insert.execute("INSERT OR IGNORE INTO seen VALUES (?, ?)", (both, row))
        if self._insert.rowcount:
            return None
        (earlier,) = self._db.execute("SELECT row FROM seen WHERE key = ?", (both,)).fetchone()
        return int(earlier)

    def close(self) -> None:
        self._db.close()


def _bytes(text: str) -> bytes:
    """UTF-8, lone surrogates included (a JSON line can hold one): exact, whatever the text."""
    return text.encode("utf-8", "surrogatepass")
