"""The one task that writes a run's journal, so a busy run pays one commit per batch.

Workers hand it records through a memory stream; it gathers whatever else is waiting into the
same SQLite transaction. `mark_sending` waits until its record is committed: a create must
not leave before the journal knows it may have been sent.

A write that fails (a full disk, a read-only file, the journal's folder removed) ends the
writing: the writer keeps the failure, tells the run to stop, and from then on refuses every
`mark_sending` (StopRun), so no create leaves that the journal does not know of. What was
committed stays: a create marked `sending` whose outcome could not be written is looked up
by its natural key when the same command runs again. Records that come after are drained
and dropped, so no worker ever waits on a writer that has stopped writing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from typing import Any

import anyio
import anyio.lowlevel
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from bulkspot.core.operation import OpKey
from bulkspot.errors import BulkspotError, StopRun
from bulkspot.sinks.journal import SENDING, Journal, JournalRecord
from bulkspot.sinks.storage import journal_failure

Failed = Callable[[BulkspotError], None]

GATHER_ROUNDS = 3  # times the writer lets the others run before it commits what it gathered


class JournalWriter:
    """The one task that writes the journal, grouping what waits into one commit.

    `mark_sending` waits until its record is committed: the request must not leave before
    the journal knows it may. Final outcomes are queued without waiting.
    """

    def __init__(self, journal: Journal | None, buffer: int = 4096) -> None:
        self.journal = journal
        self.failure: BulkspotError | None = None  # why the journal could not be written
        self._send: MemoryObjectSendStream[tuple[JournalRecord, anyio.Event | None]]
        self._receive: MemoryObjectReceiveStream[tuple[JournalRecord, anyio.Event | None]]
        self._send, self._receive = anyio.create_memory_object_stream(buffer)

    async def mark_sending(
        self,
        key: OpKey,
        kind: str,
        scope: Mapping[str, str],
        natural_key: str | None,
        sent: Mapping[str, Any],
    ) -> None:
        """Record that a create may leave now, with what it sends (what proves it ours)."""
        if self.journal is None:
            return
        self._refuse_if_failed()
        done = anyio.Event()
        record = JournalRecord(key, kind, SENDING, scope, natural_key, sent=sent)
        await self._send.send((record, done))
        await done.wait()
        self._refuse_if_failed()  # the batch that held it may be the one that failed

    async def record(self, record: JournalRecord) -> None:
        if self.journal is not None:
            await self._send.send((record, None))

    async def close(self) -> None:
        await self._send.aclose()

    def _refuse_if_failed(self) -> None:
        if self.failure is not None:
            raise StopRun(str(self.failure))

    async def run(self, on_failure: Failed | None = None) -> None:
        """Drain the queue until it is closed, one transaction per batch. `on_failure`: told
        once, when a write fails (the run should stop); the failure stays in `failure`."""
        journal = self.journal
        async with self._receive:
            async for first in self._receive:
                batch = [first]
                for _ in range(GATHER_ROUNDS):
                    # let the other tasks run once: what they queue joins this commit
                    await anyio.lowlevel.checkpoint()
                    grown = len(batch)
                    while True:
                        try:
                            batch.append(self._receive.receive_nowait())
                        except (anyio.WouldBlock, anyio.EndOfStream):
                            break
                    if len(batch) == grown:
                        break
                if journal is not None and self.failure is None:
                    try:
                        journal.write_many([record for record, _ in batch])
                    except (BulkspotError, sqlite3.Error, OSError) as error:
                        self.failure = _described(journal, error)
                        if on_failure is not None:
                            on_failure(self.failure)
                for _, done in batch:
                    if done is not None:
                        done.set()


def _described(journal: Journal, error: BulkspotError | sqlite3.Error | OSError) -> BulkspotError:
    """The journal's own errors already say why; a bare SQLite or OS error is described."""
    if isinstance(error, BulkspotError):
        return error
    return journal_failure(journal.path, error, "write")
