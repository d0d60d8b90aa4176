"""A run owns its journal: an OS lock (flock) on a lock file beside it, `<journal>.lock`.

Why a file of its own and not the journal: SQLite takes its own POSIX locks on the journal,
and where flock is emulated with those (NFS, some BSDs) the two would fight; `--fresh`
deletes and recreates the journal, and a lock on a deleted file guards nothing; and the lock
file holds who owns it (pid, host, start time), which a second run reads to name the first.

The operating system drops a flock when its process ends, however it ends (kill -9
included), so a lock left by a killed run never blocks: its file stays, unlocked, and the
next run takes it over. A run that ends normally deletes the file while it still holds the
lock; a run that opened the file just before checks, once it holds the lock, that the file
is still the one at the path, and starts over if not. The locks of a run's targets
(sinks/target_lock.py) are taken and dropped the same way (`hold`, `let_go`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from bulkspot.errors import JournalBusyError

LOCK_SUFFIX = ".lock"
# what a lock's owner is doing, as its owner record says ("by"; an import's "input", an
# export's "output"): a refused run names the job that holds the lock
IMPORT, UNDO, EXPORT = "import", "undo", "export"
OWNER_WAIT = 0.5  # seconds a refused run waits for the owner to write who it is


def lock_path(journal: Path) -> Path:
    return Path(f"{journal}{LOCK_SUFFIX}")


class JournalLock:
    """The lock of one journal, held from `acquire` until `release` (or the process ends).

    OSError (a folder that cannot be written) is the caller's to describe.
    """

    def __init__(self, journal: Path) -> None:
        self.journal = journal
        self.path = lock_path(journal)
        self._fd: int | None = None

    @classmethod
    def acquire(
        cls,
        journal: Path,
        *,
        about: Mapping[str, str] | None = None,
        refuse: Callable[[dict[str, str]], JournalBusyError] | None = None,
    ) -> JournalLock:
        """Take the lock now, or raise JournalBusyError naming the run that holds it.
        `about`: more the lock file says of its run (its journal, for a results file's
        lock: sinks/claims.py); `refuse`: the refusal, given the owner, if not a journal's."""
        lock = cls(journal)
        fd = hold(lock.path, about or {})
        if fd is None:
            raise (refuse or _journal_busy(journal))(read_owner(lock.path))
        lock._fd = fd
        return lock

    def release(self) -> None:
        """Delete the lock file while still holding the lock, then let go."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            let_go(fd, self.path)


def hold(path: Path, about: Mapping[str, str]) -> int | None:
    """The descriptor of `path`, flock'ed and holding its owner (this process, and `about`),
    or None at once when another holds it. Any lock file works so (the journal's, a
    target's: sinks/target_lock.py)."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except BaseException:
            os.close(fd)
            raise
        if _same_file(fd, path):
            break
        os.close(fd)  # the owner before us deleted it as it ended: take the new one
    try:
        _write_owner(fd, about)
    except BaseException:
        let_go(fd, path)
        raise
    return fd


def let_go(fd: int, path: Path) -> None:
    """Delete the lock file `hold` gave while still holding it, then let go."""
    try:
        with contextlib.suppress(OSError):
            if _same_file(fd, path):
                path.unlink()
    finally:
        os.close(fd)  # closing the last descriptor releases the flock


def _same_file(fd: int, path: Path) -> bool:
    try:
        there = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (there.st_dev, there.st_ino) == (held.st_dev, held.st_ino)


def _write_owner(fd: int, about: Mapping[str, str]) -> None:
    owner = {
        **about,
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        **about,
    }
    data = json.dumps(owner).encode()
    os.ftruncate(fd, 0)
    os.pwrite(fd, data, 0)


def read_owner(path: Path) -> dict[str, str]:
    """Who holds the lock, as it wrote itself; {} when it has not written yet (it took the
    lock a moment ago) or the file is not readable."""
    deadline = time.monotonic() + OWNER_WAIT
    while True:
        try:
            found = json.loads(path.read_bytes() or b"null")
        except (OSError, ValueError):
            found = None
        if isinstance(found, dict) or time.monotonic() > deadline:
            return {k: str(v) for k, v in found.items()} if isinstance(found, dict) else {}
        time.sleep(0.01)  # the owner holds the lock and is writing its name: a moment


def describe_owner(owner: Mapping[str, str]) -> str:
    """The run that holds a lock, as a person can find it: its pid, host and start."""
    if not owner:
        return "it has not said who it is yet"
    started = owner.get("started", "")
    with contextlib.suppress(ValueError):
        started = dt.datetime.fromisoformat(started).strftime("%Y-%m-%d %H:%M:%S %z")
    return f"pid {owner.get('pid', '?')} on {owner.get('host', '?')}, started {started}"


def _journal_busy(journal: Path) -> Callable[[dict[str, str]], JournalBusyError]:
    return lambda owner: JournalBusyError(busy_message(journal, owner))


def busy_message(journal: Path, owner: dict[str, str]) -> str:
    """The whole refusal: which journal, and which run has it (what it is doing too, as a
    target's refusal says: sinks/target_lock.py)."""
    return (
        f"the journal {journal} is in use by another run ({describe_owner(owner)}"
        f"{_journal_job(owner)}); wait for it to end, or choose another --journal"
    )


def _journal_job(owner: Mapping[str, str]) -> str:
    """ ", an import of SHEET" (an undo, an export to FILE): the job that holds a journal;
    "" when its lock file does not say (a lock taken by a library caller of its own)."""
    by, sheet, output = owner.get("by", ""), owner.get("input", ""), owner.get("output", "")
    if by == IMPORT and sheet:
        return f", an import of {sheet}"
    if by == UNDO:
        return ", an undo of this journal"
    if by == EXPORT and output:
        return f", an export to {output}"
    return ""
