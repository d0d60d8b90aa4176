"""The journal writer groups the marks of concurrent creates into one commit and releases
each only once its mark is committed; a final outcome is queued without a trip through the
event loop, so even a worker being cancelled right after its answer gets it journaled."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import anyio
import pytest

from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.runner.journal_writer import JournalWriter
from bulkspot.sinks.journal import SENDING, Journal, JournalRecord

MARKS = 32


def committed_states(journal: Journal) -> dict[int, str]:
    """What another connection reads: only what was committed."""
    with closing(sqlite3.connect(journal.path)) as other:
        return dict(other.execute("SELECT row, state FROM ops").fetchall())


async def test_concurrent_marks_share_a_commit_and_each_waits_for_it(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches: list[int] = []
    write_many = journal.write_many

    def counting(records: list[JournalRecord]) -> None:
        batches.append(len(records))
        write_many(records)

    monkeypatch.setattr(journal, "write_many", counting)
    writer = JournalWriter(journal)
    seen_when_released: dict[int, str | None] = {}

    async def create(row: int) -> None:
        await writer.mark_sending(OpKey(row), "item", {"event_id": "E"}, f"n{row}", {"n": row})
        seen_when_released[row] = committed_states(journal).get(row)

    async with anyio.create_task_group() as tg:
        tg.start_soon(writer.run)
        async with anyio.create_task_group() as creates:
            for row in range(2, 2 + MARKS):
                creates.start_soon(create, row)
        await writer.close()
    assert seen_when_released == {row: SENDING for row in range(2, 2 + MARKS)}
    assert sum(batches) == MARKS
    assert len(batches) < MARKS // 4


async def test_an_outcome_is_queued_by_a_worker_being_cancelled(journal: Journal) -> None:
    writer = JournalWriter(journal)
    created = Outcome(Status.CREATED, "id-7", 201, 1)
    async with anyio.create_task_group() as tg:
        tg.start_soon(writer.run)
        with anyio.CancelScope() as worker:
            worker.cancel()
            await writer.record_outcome(OpKey(7), "item", created)
        await writer.close()
    assert committed_states(journal) == {7: "created"}
