"""What a failed write to disk means to the person running bulkspot, and the check that a run
can write its files before it sends anything.

A run that could not write its results only after the server made every row, or a journal
that fills the disk halfway, must end with the file and the cause named in plain words
("cannot write the journal runs/a.journal.sqlite: the disk is full"), and with the way on:
nothing done is lost, so the same command goes on once the cause is fixed.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from pathlib import Path

from bulkspot.core.wording import again, option
from bulkspot.errors import BulkspotError, JournalError, StorageError


def resume_advice() -> str:
    """Said after a storage fault, in the caller's words (core/wording.py)."""
    return f"Nothing done is lost: once that is fixed, {again()}."


def fresh_advice(path: Path) -> str:
    """Said of a damaged journal, in the caller's words (core/wording.py): a step that
    works (sinks/journal_state.py sets it aside, never deletes it)."""
    return (
        f"Run with {option('--fresh')} to start over: the damaged journal is kept as "
        f"{path}.damaged-<date>-<time>, and rows already on the server are found by name "
        f"and not created twice. Or choose another file with {option('--journal')}."
    )


_OS_CAUSES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "its folder does not exist",
    errno.ENOTDIR: "a part of its path is a file, not a folder",
    errno.EEXIST: "a part of its path is a file, not a folder",  # a folder to be made
    errno.EISDIR: "it is a folder",
    errno.EIO: "the disk reported an input/output error",
}

# SQLite's primary result codes (the low byte of an extended code)
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 10, 11, 13, 14, 26
_SQLITE_BY_TEXT = (  # an error raised by hand (a test's fault) carries only its text
    ("disk is full", _SQLITE_FULL),
    ("readonly database", _SQLITE_READONLY),
    ("database is locked", _SQLITE_BUSY),
    ("table is locked", _SQLITE_LOCKED),
    ("malformed", _SQLITE_CORRUPT),
    ("not a database", _SQLITE_NOTADB),
    ("unable to open", _SQLITE_CANTOPEN),
    ("disk i/o error", _SQLITE_IOERR),
)
_SQLITE_CAUSES = {
    _SQLITE_FULL: "the disk is full",
    _SQLITE_READONLY: "it is read-only",
    _SQLITE_PERM: "permission denied",
    _SQLITE_CANTOPEN: "it cannot be opened (a folder missing, or no permission)",
    _SQLITE_IOERR: "the disk reported an input/output error",
}


def os_cause(error: OSError) -> str:
    """An OSError's cause in plain words (never the name of a temporary file)."""
    known = _OS_CAUSES.get(error.errno or 0)
    return known or (error.strerror or str(error) or type(error).__name__).lower()


def cannot_write(what: str, path: Path, error: OSError | str) -> StorageError:
    """StorageError for a file the run writes: `what` is "the results file" and the like."""
    cause = error if isinstance(error, str) else os_cause(error)
    return StorageError(f"cannot write {what} {path}: {cause}. {resume_advice()}")


def _sqlite_code(error: sqlite3.Error) -> int:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(error).lower()
    return next((known for words, known in _SQLITE_BY_TEXT if words in text), 0)


def not_a_journal(path: Path, why: object) -> JournalError:
    """A file that is no bulkspot journal is never written to, moved or deleted (not by
    --fresh either), so the step that works is another file."""
    return JournalError(
        f"{path} is not a bulkspot journal ({why}); it is left as it is: choose another file "
        f"with {option('--journal')}"
    )


def journal_failure(path: Path, error: sqlite3.Error | OSError, doing: str) -> BulkspotError:
    """What a journal that cannot be read or written tells the person: damaged (start over
    with --fresh), locked by another program, or a storage fault (fix it and go on; never
    --fresh: a full disk is not cured by throwing the journal away). `doing`: "open",
    "read" or "write"."""
    if isinstance(error, OSError):
        cause = os_cause(error)
        return StorageError(f"cannot {doing} the journal {path}: {cause}. {resume_advice()}")
    code = _sqlite_code(error)
    if code == _SQLITE_NOTADB:
        return not_a_journal(path, error)
    if code == _SQLITE_CORRUPT:
        return JournalError(f"the journal {path} is damaged ({error}). {fresh_advice(path)}")
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return JournalError(
            f"the journal {path} is locked by another program ({error}); close it, then {again()}"
        )
    cause = _SQLITE_CAUSES.get(code) or str(error)
    if code == _SQLITE_IOERR and _nearly_full(path.parent):
        cause = _SQLITE_CAUSES[_SQLITE_FULL]  # SQLite's index (-shm) could not grow
    return StorageError(f"cannot {doing} the journal {path}: {cause}. {resume_advice()}")


NEARLY_FULL = 64 * 1024  # bytes: less room than SQLite's index of a journal (-shm) takes


def _nearly_full(folder: Path) -> bool:
    """Whether the disk holding `folder` has less room than a journal needs to grow: an
    input/output error there is the disk being full (a -shm that could not grow)."""
    try:
        found = os.statvfs(folder)
    except OSError:
        return False
    return found.f_bavail * found.f_frsize < NEARLY_FULL


def check_writable(path: Path, what: str, *, file_too: bool = False) -> None:
    """Refuse, before anything is sent, a file the run could not write: its folder (or the
    nearest one there, if the run is to make the rest) must take a new file. `file_too`: a
    file already there is written in place (a journal), so it must be writable as well;
    otherwise it is replaced whole (results, a CSV)."""
    if path.is_dir():
        raise _refused(what, path, "it is a folder")
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise _refused(what, path, f"{folder} is a file, not a folder")
    try:
        probe, name = tempfile.mkstemp(dir=folder, prefix=".bulkspot-probe-")
        os.close(probe)
        os.unlink(name)
        if file_too and path.exists():
            with path.open("r+b"):
                pass
    except OSError as error:
        raise _refused(what, path, os_cause(error)) from None


def _refused(what: str, path: Path, cause: str) -> StorageError:
    return StorageError(f"cannot write {what} {path}: {cause} (nothing was sent)")
