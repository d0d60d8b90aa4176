"""Saving the simulator's state file while it serves: debounced (at most every SAVE_INTERVAL
seconds, one write at a time, the snapshot taken on the loop so it is one moment) and atomic
(a temp file beside the target, synced, then os.replace), so a crash leaves the old file or
the new one, never half of one. A failed save (a full disk) is logged and tried again: it
must not take the API down.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable
from pathlib import Path

SAVE_INTERVAL = 0.5
log = logging.getLogger("bulkspot.simulator")


def write_atomic(path: Path, data: bytes) -> None:
    """Write all of `data` or nothing: a temp file beside `path`, synced, then renamed."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


class Saver:
    """Saves the store after changes, at most every SAVE_INTERVAL seconds, one write at once."""

    def __init__(self, path: Path, snapshot: Callable[[], bytes]) -> None:
        self.path = path
        self.snapshot = snapshot
        self.dirty = False
        self.saves = 0
        self._closed = False
        self._last = float("-inf")
        self._timer: asyncio.TimerHandle | None = None
        self._writing: asyncio.Task[None] | None = None

    def touch(self) -> None:
        """Note a change; a save follows within SAVE_INTERVAL (or at close)."""
        self.dirty = True
        if self._closed or self._timer is not None or self._writing is not None:
            return  # a save is on its way (a write in progress re-arms when it ends)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # changed from outside the loop: saved at close
            return
        delay = max(0.0, self._last + SAVE_INTERVAL - loop.time())
        self._timer = loop.call_later(delay, self._start)

    def _start(self) -> None:
        self._timer = None
        self.dirty = False
        data = self.snapshot()  # taken on the loop, so it is one consistent moment
        self._writing = asyncio.get_running_loop().create_task(self._write(data))

    async def _write(self, data: bytes) -> None:
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(None, write_atomic, self.path, data)
            self.saves += 1
        except OSError as exc:  # a full disk must not take the API down: try again later
            log.warning("cannot save the simulator state to %s: %s", self.path, exc)
            self.dirty = True
        finally:
            self._last = loop.time()
            self._writing = None
        if self.dirty:
            self.touch()

    async def close(self) -> None:
        """Stop the timer, let a write in progress end, then save what is there now."""
        self._closed = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._writing is not None:
            with contextlib.suppress(Exception):
                await self._writing
        self.save_now()

    def save_now(self) -> None:
        write_atomic(self.path, self.snapshot())
        self.saves += 1
        self.dirty = False
