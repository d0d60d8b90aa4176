"""The files a run writes are its own: never its input, never one of its other files, never
a file another job owns. Checked before the first request.

Seen before this check: `--results fees.csv` with fees.csv the input replaced the input
with the results; `--log fees.csv` appended log lines to it; `--results` naming another
job's journal turned that journal into a CSV, so that job could no longer resume or undo;
two jobs at once with one `--results` both ended well, and the file held one job's rows.

Two names are one file when they resolve to one path (symlinks, `./x` and `x`) or, for
files that exist, to one inode (hard links). A journal is known by its content, whatever
its name: an SQLite database with bulkspot's `meta` table, or an export's page journal.
While it runs, a job holds a lock on every file it writes (`hold`, the journal's own kind
of lock, sinks/lock.py), naming itself and its journal, so a second job that would write one
of them is refused and told which job has it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bulkspot.core.wording import option
from bulkspot.errors import ConfigError, JournalBusyError
from bulkspot.sinks.journal_state import read_only
from bulkspot.sinks.lock import JournalLock, describe_owner
from bulkspot.sinks.made_folders import missing_folders, remove_made
from bulkspot.sinks.storage import cannot_write

SQLITE_MAGIC = b"SQLite format 3\x00"
EXPORT_JOURNAL_START = b'{"export":'


@dataclass(frozen=True, slots=True)
class RunFile:
    """A file of one run. `flag`: the option that named it ("" when the run chose it);
    `what`: the file in words ("results file"); `remedy`: what to change instead ("" for
    `choose another <what>`); `journal`: the run's own journal, a journal by content."""

    flag: str
    what: str
    path: Path
    remedy: str = ""
    journal: bool = False

    @property
    def named(self) -> str:
        """How a message names it: `--results fees.csv`, or `the errors file x.csv`."""
        return f"{option(self.flag)} {self.path}" if self.flag else f"the {self.what} {self.path}"

    @property
    def instead(self) -> str:
        return self.remedy or f"choose another {self.what}"


INPUT = "the input sheet"


def same_file(one: Path, other: Path) -> bool:
    """Whether two names reach one file: one resolved path, or one inode where both exist."""
    if os.path.realpath(one) == os.path.realpath(other):
        return True
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def is_journal(path: Path) -> bool:
    """Whether `path` holds a bulkspot journal (an import's or an export's), by content."""
    try:
        with path.open("rb") as handle:
            start = handle.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    if start.startswith(EXPORT_JOURNAL_START):
        return True
    if start != SQLITE_MAGIC:
        return False
    with contextlib.suppress(sqlite3.Error), read_only(path) as db:
        return db.execute("SELECT 1 FROM meta LIMIT 1").fetchone() is not None
    return False


def check_run_files(writes: Sequence[RunFile], source: Path | None = None) -> None:
    """Refuse (ConfigError, nothing sent) a file the run would write that is its input,
    another file it writes, or another job's journal."""
    for index, file in enumerate(writes):
        if source is not None and same_file(file.path, source):
            raise _clash(file, INPUT, source)
        for earlier in writes[:index]:
            if same_file(file.path, earlier.path):
                raise _clash(file, f"also this run's {earlier.what}", earlier.path)
        if not file.journal and is_journal(file.path):
            raise ConfigError(
                f"{file.named} is the journal of another job; {file.instead} (nothing was sent)"
            )


def _clash(file: RunFile, other: str, other_path: Path) -> ConfigError:
    """`--results fees.csv is the input sheet`; the other's name too when spelled apart."""
    shown = "" if str(other_path) == str(file.path) else f" {other_path}"
    return ConfigError(f"{file.named} is {other}{shown}; {file.instead} (nothing was sent)")


class HeldFiles:
    """The locks on a run's files (not its journal, which holds its own), until `release`."""

    def __init__(self, locks: list[JournalLock]) -> None:
        self._locks = locks

    def release(self) -> None:
        while self._locks:
            self._locks.pop().release()


def hold(files: Sequence[RunFile], journal: Path | None) -> HeldFiles:
    """Lock each file the run writes for as long as it runs, naming the run's journal; a
    file another running job holds is refused (JournalBusyError) naming that job. The files
    whose folder is there are locked first: only they can be another job's (it would have
    made the folder), so a refusal comes before any folder is made (and a folder made for
    a later one is removed again if that one is refused after all)."""
    about = {"journal": str(journal.resolve())} if journal is not None else {}
    distinct = list(_distinct(files))
    ordered = sorted(
        distinct, key=lambda file: not Path(os.path.realpath(file.path)).parent.is_dir()
    )
    made = missing_folders(file.path for file in ordered)
    held: list[JournalLock] = []
    try:
        for file in ordered:
            real = Path(os.path.realpath(file.path))
            real.parent.mkdir(parents=True, exist_ok=True)
            held.append(_lock(real, about, file))
    except BaseException:
        HeldFiles(held).release()
        remove_made(made)
        raise
    return HeldFiles(held)


def _lock(real: Path, about: Mapping[str, str], file: RunFile) -> JournalLock:
    """The file's lock; a disk that cannot take its lock file (full, read-only) is said as
    the file that cannot be written, with the way on, not as a bare OSError."""
    try:
        return JournalLock.acquire(real, about=about, refuse=_held_by(file))
    except OSError as error:
        raise cannot_write(f"the {file.what}", file.path, error) from None


def _distinct(files: Sequence[RunFile]) -> Iterator[RunFile]:
    seen: set[str] = set()
    for file in files:
        real = os.path.realpath(file.path)
        if real not in seen:
            seen.add(real)
            yield file


def _held_by(file: RunFile) -> Callable[[dict[str, str]], JournalBusyError]:
    def message(owner: dict[str, str]) -> JournalBusyError:
        who = describe_owner(owner)
        journal = owner.get("journal")
        who += f", journal {journal}" if journal else ""
        return JournalBusyError(
            f"{file.named} is in use by another run ({who}); wait for it to end, or "
            f"{file.instead} (nothing was sent)"
        )

    return message
