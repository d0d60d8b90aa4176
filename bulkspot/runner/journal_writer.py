"""The one task that writes a run's journal, so a busy run pays one commit per batch.

Every write of a run's journal passes it: a create about to leave (`mark_sending`), an
operation's end (`record_outcome`), a row the validator refused (`record_invalid`, from the
pool or from --strict's check before anything is sent).

Workers append records to a list the writer takes whole: whatever waits when it wakes goes
into the same SQLite transaction. `mark_sending` waits until its record is committed: a
create must not leave before the journal knows it may have been sent. Every mark of a batch
waits on that batch's one event, so one commit releases all of them at once; a final
outcome is appended without any wait (no hand-off to the event loop).

A write that fails (a full disk, a read-only file, the journal's folder removed) ends the
writing: the writer keeps the failure, tells the run to stop, and from then on refuses every
`mark_sending` (StopRun), so no create leaves that the journal does not know of. What was
committed stays: a create marked `sending` whose outcome could not be written is looked up
by its natural key when the same command runs again. Records that come after are dropped,
so no worker ever waits on a writer that has stopped writing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

import anyio
import anyio.lowlevel

from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.errors import BulkspotError, StopRun
from bulkspot.sinks.journal import SENDING, Journal, JournalRecord
from bulkspot.sinks.storage import journal_failure

Failed = Callable[[BulkspotError], None]

GATHER_ROUNDS = 3  # times the writer lets the others run before it commits what it gathered


class JournalWriter:
    """The one task that writes the journal, grouping what waits into one commit.

    `mark_sending` waits until its record is committed: the request must not leave before
    the journal knows it may. Final outcomes are queued without waiting (unless `buffer`
    records already wait: then the caller waits for the next commit, so memory stays bounded).
    """

    def __init__(self, journal: Journal | None, buffer: int = 4096) -> None:
        self.journal = journal
        self.failure: BulkspotError | None = None  # why the journal could not be written
        self._buffer = buffer
        self._pending: list[JournalRecord] = []  # the batch gathering now
        self._committed = anyio.Event()  # set once the batch gathering now is committed
        self._wake = anyio.Event()  # set when the writer, idle, has something to do
        self._closed = False

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
        committed = self._committed
        self._add(JournalRecord(key, kind, SENDING, scope, natural_key, sent=sent))
        await committed.wait()
        self._refuse_if_failed()  # the batch that held it may be the one that failed

    async def record_outcome(
        self,
        key: OpKey,
        kind: str,
        outcome: Outcome,
        *,
        created: bool = False,
        sent: Mapping[str, Any] | None = None,
    ) -> None:
        """Record how an operation ended (`created`: this run made its resource; `sent`: a
        dry run's word for what it would send)."""
        state = outcome.status.value
        await self._record(
            JournalRecord(key, kind, state, outcome=outcome, created=created, sent=sent)
        )

    async def record_invalid(self, key: OpKey, kind: str, message: str) -> None:
        """Record a row the validator refused: it is never sent."""
        await self.record_outcome(key, kind, Outcome(Status.INVALID, error=message))

    async def _record(self, record: JournalRecord) -> None:
        if self.journal is None:
            return
        self._add(record)
        if len(self._pending) >= self._buffer:
            await self._committed.wait()

    @asynccontextmanager
    async def running(self, on_failure: Failed | None = None) -> AsyncIterator[JournalWriter]:
        """The writer at work for the block, and every record committed when it ends."""
        async with anyio.create_task_group() as group:
            group.start_soon(self.run, on_failure)
            try:
                yield self
            finally:
                with anyio.CancelScope(shield=True):
                    await self.close()

    async def close(self) -> None:
        """No more records: the writer commits what waits and ends."""
        self._closed = True
        self._wake.set()

    def _add(self, record: JournalRecord) -> None:
        if self._closed:
            raise anyio.ClosedResourceError
        self._pending.append(record)
        self._wake.set()

    def _refuse_if_failed(self) -> None:
        if self.failure is not None:
            raise StopRun(str(self.failure))

    async def run(self, on_failure: Failed | None = None) -> None:
        """Commit what waits, one transaction per batch, until closed. `on_failure`: told
        once, when a write fails (the run should stop); the failure stays in `failure`."""
        journal = self.journal
        while True:
            if not self._pending:
                if self._closed:
                    return
                self._wake = anyio.Event()
                await self._wake.wait()
                continue
            for _ in range(GATHER_ROUNDS):
                # let the other tasks run once: what they queue joins this commit
                grown = len(self._pending)
                await anyio.lowlevel.checkpoint()
                if len(self._pending) == grown:
                    break
            batch, self._pending = self._pending, []
            committed, self._committed = self._committed, anyio.Event()
            if journal is not None and self.failure is None:
                try:
                    journal.write_many(batch)
                except (BulkspotError, sqlite3.Error, OSError) as error:
                    self.failure = _described(journal, error)
                    if on_failure is not None:
                        on_failure(self.failure)
            committed.set()


def _described(journal: Journal, error: BulkspotError | sqlite3.Error | OSError) -> BulkspotError:
    """The journal's own errors already say why; a bare SQLite or OS error is described."""
    if isinstance(error, BulkspotError):
        return error
    return journal_failure(journal.path, error, "write")
