"""The recent request starts of one api key on this machine, shared by its processes.

The gateway counts a key's requests whoever sends them: two processes that each keep to the
rate together send twice it. So every process using a key records each start in one small
file per key (and API origin: a simulator on another port is another gateway) under the
user's cache folder, and a start waits while the file says the window is full
(runner/gates.py). The file's name is a hash: the key never lies on disk in clear.

Processes may believe in different limits (`--rate 4` here, 20 in a script there, or one
that learned a lower limit from over-limit answers). Each start is checked against the
lowest limit a start of the key asked for within the last window, whether it got in or had
to wait: together they keep to the most careful of them, and the careful one does not
starve behind another's higher rate.

The file is a header (magic, the boot's id, the count of starts ever written, the lowest
recent limit and when it was asked for) and a ring of the last CAPACITY starts (8-byte
floats), mapped into memory: a start is one flock'ed read-check-write of a few bytes, three
system calls (lock, fstat, unlock), the lock held for no longer. A file deleted or cut short
while runs go is opened again or grown back (KeyWindow._locked). Times are the gate's clock,
time.monotonic by default: CLOCK_MONOTONIC on Linux is one clock for every process of the
machine and does not jump when the wall clock is set (time.time does, and a step back would
let a burst through or stall every process); it restarts at boot, so the header's boot id
makes a new boot start an empty ring.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import struct
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bulkspot.sinks.cache_folder import cache_folder, hashed, unwritable

CAPACITY = 1024  # starts kept: a window of more than this many (a rate over 1024/s) is not shared
SEARCHED = 256  # the latest starts a start that left late is looked for among
_MAGIC = b"bulkspot-window2"
_COUNT_AT = 56  # after the magic and the boot's id
_COUNT = struct.Struct("<Q")
_MOST = 1 << 62  # more starts than any machine makes: a count past it is a spoilt file
_LOWEST_AT = 64  # the lowest limit a start asked for lately, and when
_LOWEST = struct.Struct("<Qd")
_HEADER = 80
_SLOT = struct.Struct("<d")
_SIZE = _HEADER + CAPACITY * _SLOT.size
_LEAST_WAIT = 1e-6  # a wait that rounds to 0 (1000.0 + 1.03 - 1001.03) is still a wait


def _boot_id() -> bytes:
    try:
        found = Path("/proc/sys/kernel/random/boot_id").read_bytes().strip()
    except OSError:
        found = b""
    return found[:40].ljust(40, b"\0")


class KeyWindow:
    """The shared record of one key's starts; `claim` checks and records one start."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp = _MAGIC + _boot_id()  # the header's first 56 bytes, this boot's
        self._fd, self._map = _opened(path)
        _OPEN.add(self)

    def _forked(self) -> None:
        """In a forked child: a descriptor of its own on the same file. The inherited one
        shares the parent's flock (a lock belongs to the open file, not to the process), so
        the two would read and write the ring at once. Not locked here: the parent may hold
        the lock while the child starts."""
        if self._fd < 0:
            return
        try:
            fd = os.open(self.path, os.O_RDWR)
        except OSError:  # gone: the next start opens the one there
            return
        if os.path.samestat(os.fstat(fd), os.fstat(self._fd)):
            fd, self._fd = self._fd, fd  # the mapping is this file's: it stays
        os.close(fd)  # (another file at the path: the next start sees its own deleted)

    @classmethod
    def for_key(cls, origin: str, api_key: str) -> KeyWindow:
        """The window of `api_key` at the API `origin` (scheme://host:port); StorageError
        when the cache folder cannot be written."""
        folder = cache_folder("rates")
        try:
            return cls(folder / f"{hashed('rate', origin, api_key)}.window")
        except OSError as error:
            raise unwritable(folder, error) from None

    def claim(self, clock: Callable[[], float], limit: int, window: float) -> tuple[float, float]:
        """Record a start now when the last `window` seconds hold fewer starts, of every
        process, than the lowest limit asked for within them (`limit` among them): (now,
        0). Otherwise record nothing: (now, the seconds until the oldest of those leaves)."""
        if limit > CAPACITY:
            return clock(), 0.0
        with self._locked() as ring:  # held for a few memory reads and writes: blocking is fine
            now = clock()  # read under the lock, so the ring stays in order
            (count,) = _COUNT.unpack_from(ring, _COUNT_AT)
            if ring[:_COUNT_AT] != self._stamp or count > _MOST:  # new, another boot's, spoilt
                ring[:_HEADER] = self._stamp + bytes(_HEADER - _COUNT_AT)
                count = 0
            lowest, asked = _LOWEST.unpack_from(ring, _LOWEST_AT)
            if not (0 < lowest < limit and 0.0 <= now - asked < window):
                lowest, asked = limit, now  # no one more careful asked within the window
                _LOWEST.pack_into(ring, _LOWEST_AT, lowest, asked)
            kept = lowest
            if count >= kept:
                (oldest,) = _SLOT.unpack_from(ring, _slot((count - kept) % CAPACITY))
                if 0.0 <= now - oldest < window:  # (ahead of now: a clock of another boot)
                    return now, max(oldest + window - now, _LEAST_WAIT)
            _SLOT.pack_into(ring, _slot(count % CAPACITY), now)
            _COUNT.pack_into(ring, _COUNT_AT, count + 1)
            return now, 0.0

    def move(self, started: float, left: float) -> None:
        """The start recorded at `started` is counted from `left`, later (its request left
        then: runner/gates.py): moved there, the ring kept in order. Nothing when it is no
        longer among the last SEARCHED starts."""
        with self._locked() as ring:
            if ring[:_COUNT_AT] != self._stamp:
                return
            (count,) = _COUNT.unpack_from(ring, _COUNT_AT)
            searched = range(count - 1, max(0, count - SEARCHED) - 1, -1)  # latest first
            at = next((i for i in searched if _start(ring, i) == started), None)
            if at is None:
                return
            while at + 1 < count and _start(ring, at + 1) < left:  # later ones it now follows
                _SLOT.pack_into(ring, _slot(at % CAPACITY), _start(ring, at + 1))
                at += 1
            _SLOT.pack_into(ring, _slot(at % CAPACITY), left)

    @contextmanager
    def _locked(self) -> Iterator[mmap.mmap]:
        """The ring, flock'ed, in the file that is at the path now. The file is anyone's to
        delete or cut short while runs go (a cache folder cleared by hand, a clean-up job):
        a ring kept in a deleted file would be this process's alone, the key's window split
        in two, so the file at the path is opened again; a mapped page past the file's end
        kills the process (SIGBUS), so a file cut short is grown back (its starts are lost,
        zeros: the stamp no longer matches and the ring starts empty). One fstat a start."""
        while True:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            held = os.fstat(self._fd)
            if held.st_nlink > 0:
                break
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            try:  # deleted (or replaced): the one at the path now, its folder made again
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd, ring = _opened(self.path)
            except OSError:  # cannot be made again: this process's ring goes on alone
                fcntl.flock(self._fd, fcntl.LOCK_EX)
                break
            self.close()
            self._fd, self._map = fd, ring
        try:
            if held.st_size < _SIZE:
                os.ftruncate(self._fd, _SIZE)
            yield self._map
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            self._map.close()
            os.close(fd)


_OPEN: weakref.WeakSet[KeyWindow] = weakref.WeakSet()  # to give each a descriptor after a fork


def _after_fork() -> None:
    for window in list(_OPEN):
        window._forked()


os.register_at_fork(after_in_child=_after_fork)


def _slot(index: int) -> int:
    return _HEADER + index * _SLOT.size


def _start(ring: mmap.mmap, index: int) -> float:
    """The `index`-th start ever written (of the last CAPACITY)."""
    (found,) = _SLOT.unpack_from(ring, _slot(index % CAPACITY))
    return float(found)


def _opened(path: Path) -> tuple[int, mmap.mmap]:
    """The window file at `path` (made when missing, grown whole before it is mapped),
    open and mapped."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        with _locked(fd):
            if os.fstat(fd).st_size < _SIZE:
                os.ftruncate(fd, _SIZE)
        return fd, mmap.mmap(fd, _SIZE)
    except BaseException:
        os.close(fd)
        raise


@contextmanager
def _locked(fd: int) -> Iterator[None]:
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
