"""The one task that writes a run's journal, so a busy run pays one commit per batch.

Workers hand it records through a memory stream; it gathers whatever else is waiting into the
same SQLite transaction. `mark_sending` waits until its record is committed: a create must
not leave before the journal knows it may have been sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import anyio
import anyio.lowlevel
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from bulkspot.core.operation import OpKey
from bulkspot.sinks.journal import SENDING, Journal, JournalRecord

GATHER_ROUNDS = 3  # times the writer lets the others run before it commits what it gathered


class JournalWriter:
    """The one task that writes the journal, grouping what waits into one commit.

    `mark_sending` waits until its record is committed: the request must not leave before
    the journal knows it may. Final outcomes are queued without waiting.
    """

    def __init__(self, journal: Journal | None, buffer: int = 4096) -> None:
        self.journal = journal
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
        done = anyio.Event()
        record = JournalRecord(key, kind, SENDING, scope, natural_key, sent=sent)
        await self._send.send((record, done))
        await done.wait()

    async def record(self, record: JournalRecord) -> None:
        if self.journal is not None:
            await self._send.send((record, None))

    async def close(self) -> None:
        await self._send.aclose()

    async def run(self) -> None:
        """Drain the queue until it is closed, one transaction per batch."""
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
                if journal is not None:
                    journal.write_many([record for record, _ in batch])
                for _, done in batch:
                    if done is not None:
                        done.set()
