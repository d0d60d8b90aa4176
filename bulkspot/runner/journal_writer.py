"""The one task that writes a run's journal, so a busy run pays one commit per batch.

Every write of a run's journal passes it: a create about to leave (`mark_sending`), an
operation's end (`record_outcome`), a row the validator refused (`record_invalid`, from the
pool or from --strict's check before anything is sent).

Workers append records to a list the writer takes whole: whatever waits when it commits
goes into the same SQLite transaction. `mark_sending` waits until its record is committed: a
create must not leave before the journal knows it may have been sent. Every mark of a batch
waits on that batch's one event, so one commit releases all of them at once. A final outcome
is appended without any wait and wakes nobody: the next mark's commit carries it (a worker
that ends an operation marks its next one at once), or the writer commits it within
`FLUSH_AFTER` seconds when no mark comes (the plan's end, updates). A mark that comes when
no commit was made for `CALM` seconds (a paced run: 4/s, even 30/s) is committed at once by
its own task, with the outcomes waiting, instead of waking the writer and waiting for it: a
paced request costs one commit and no trip through the event loop for its journal. So a
crash may lose the outcomes of the last answers before the next mark: their rows stay
`sending`, which a rerun looks up by natural key (and proves its own) before it sends
anything again, as it does for a request cut off in flight. A row is never marked after its
request left.

A write that fails (a full disk, a read-only file, the journal's folder removed) ends the
writing: the writer keeps the failure, tells the run to stop, and from then on refuses every
`mark_sending` (StopRun), so no create leaves that the journal does not know of. What was
committed stays: a create marked `sending` whose outcome could not be written is looked up
by its natural key when the same command runs again. Records that come after are dropped,
so no worker ever waits on a writer that has stopped writing.
"""

from __future__ import annotations

import sqlite3
import time
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
CALM = 0.005  # seconds without a commit after which a mark is committed at once, by its task
FLUSH_AFTER = 0.5  # seconds an outcome waits for a mark's commit before the writer commits it


class JournalWriter:
    """The one task that writes the journal, grouping what waits into one commit.

    `mark_sending` waits until its record is committed: the request must not leave before
    the journal knows it may. Final outcomes are queued without waiting (unless `buffer`
    records already wait: then the caller waits for the next commit, so memory stays bounded)
    and ride on the next commit.
    """

    def __init__(self, journal: Journal | None, buffer: int = 4096) -> None:
        self.journal = journal
        self.failure: BulkspotError | None = None  # why the journal could not be written
        self._buffer = buffer
        self._pending: list[JournalRecord] = []  # the batch gathering now
        self._committed = anyio.Event()  # set once the batch gathering now is committed
        self._wake = anyio.Event()  # set when the writer, idle, has something to do
        self._urgent = False  # a mark, a full buffer or the close wait for the next commit
        self._gathering = False  # the writer is gathering a batch: a mark joins it
        self._last_commit = -float("inf")  # time.monotonic() of the last commit
        self._on_failure: Failed | None = None
        self._closed = False

    async def mark_sending(
        self,
        key: OpKey,
        kind: str,
        scope: Mapping[str, str],
        natural_key: str | None,
        sent: Mapping[str, Any],
        witness: Mapping[str, Any] | None = None,
    ) -> None:
        """Record that a create may leave now, with what it sends (what proves it ours) and,
        for one with no natural key, what its parent showed just before (`witness`)."""
        if self.journal is None:
            return
        self._refuse_if_failed()
        record = JournalRecord(key, kind, SENDING, scope, natural_key, sent=sent, witness=witness)
        if not self._gathering and time.monotonic() - self._last_commit >= CALM:
            self._add(record, urgent=False)
            self._commit()  # a paced run: nothing to gather; no trip through the loop
        else:
            committed = self._committed
            self._add(record)
            await committed.wait()
        self._refuse_if_failed()  # the batch that held it may be the one that failed

    def witness(self, key: OpKey) -> Mapping[str, Any] | None:
        """What an earlier run's create showed of its parent just before it left."""
        entry = self.journal.entry(key) if self.journal is not None else None
        return entry.witness if entry is not None else None

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
        full = len(self._pending) + 1 >= self._buffer
        self._add(record, urgent=full)  # else it rides on the next commit
        if full:
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
        self._urgent = True
        self._wake.set()

    def _add(self, record: JournalRecord, *, urgent: bool = True) -> None:
        """Queue `record`; `urgent`: someone waits for its commit, so wake the writer."""
        if self._closed:
            raise anyio.ClosedResourceError
        self._pending.append(record)
        if urgent:
            self._urgent = True
            self._wake.set()

    def _refuse_if_failed(self) -> None:
        if self.failure is not None:
            raise StopRun(str(self.failure))

    async def run(self, on_failure: Failed | None = None) -> None:
        """Commit what waits, one transaction per batch, until closed. `on_failure`: told
        once, when a write fails (the run should stop); the failure stays in `failure`."""
        self._on_failure = on_failure
        while True:
            if not self._urgent:
                if self._closed and not self._pending:
                    return
                self._wake = anyio.Event()
                if not self._pending:
                    await self._wake.wait()
                    continue
                with anyio.move_on_after(FLUSH_AFTER):  # outcomes alone: no hurry
                    await self._wake.wait()
            if not self._pending:
                self._urgent = False
                continue
            self._gathering = True
            for _ in range(GATHER_ROUNDS):
                # let the other tasks run once: what they queue joins this commit
                grown = len(self._pending)
                await anyio.lowlevel.checkpoint()
                if len(self._pending) == grown:
                    break
            self._gathering = False
            self._urgent = self._closed  # closing: go on until nothing waits
            self._commit()

    def _commit(self) -> None:
        """Commit every record that waits, in this task, and release those waiting for it."""
        batch, self._pending = self._pending, []
        committed, self._committed = self._committed, anyio.Event()
        journal = self.journal
        if journal is not None and self.failure is None and batch:
            try:
                journal.write_many(batch)
            except (BulkspotError, sqlite3.Error, OSError) as error:
                self.failure = _described(journal, error)
                if self._on_failure is not None:
                    self._on_failure(self.failure)
        self._last_commit = time.monotonic()
        committed.set()


def _described(journal: Journal, error: BulkspotError | sqlite3.Error | OSError) -> BulkspotError:
    """The journal's own errors already say why; a bare SQLite or OS error is described."""
    if isinstance(error, BulkspotError):
        return error
    return journal_failure(journal.path, error, "write")
