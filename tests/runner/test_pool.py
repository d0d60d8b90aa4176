"""The worker pool's own contract (runner/pool.py): every operation ends in the journal
through its one writer or stays pending; invalid rows are recorded, never sent; a row an
earlier run finished is not sent again; a stop leaves the rest pending; a journal that cannot
be written stops the run and is handed back, not raised from inside the task group."""

from __future__ import annotations

import sqlite3

from bulkspot.core.operation import CellProblem, Operation, OpKey, RowError
from bulkspot.core.outcome import Status
from bulkspot.errors import AuthenticationError, BulkspotError
from bulkspot.events import RowDone, RunEvent
from bulkspot.runner.executor import Executor, Produced
from bulkspot.runner.journal_writer import JournalWriter
from bulkspot.runner.pool import run_pool
from bulkspot.runner.retry import Requester
from bulkspot.runner.write import Writer
from bulkspot.sinks.journal import Journal
from bulkspot.transport.fake import FakeSender
from tests.runner.plans import config, item


async def pool(
    plan: list[Operation | RowError], sender: FakeSender, journal: Journal, workers: int = 2
) -> tuple[BulkspotError | None, Requester, list[RunEvent]]:
    events: list[RunEvent] = []
    settings = config()
    requester = Requester.for_run(sender, settings, [events.append])
    writer = JournalWriter(journal)
    executor = Executor(Writer(requester, journal=writer), Produced(journal), settings.on_existing)
    failure = await run_pool(
        plan,
        kind="items",
        executor=executor,
        writer=writer,
        journal=journal,
        workers=workers,
        stop=requester.stop,
        notify=requester.notify,
    )
    return failure, requester, events


def states(journal: Journal) -> dict[int, str]:
    return {entry.key.row: entry.state for entry in journal.entries()}


async def test_every_operation_ends_in_the_journal_and_invalid_rows_are_never_sent(
    journal: Journal,
) -> None:
    sender = FakeSender()
    invalid = RowError(3, (CellProblem("price", "not a number"),))
    plan: list[Operation | RowError] = [item(2, "Shirt"), invalid, item(4, "Mug")]
    failure, _, events = await pool(plan, sender, journal)
    assert failure is None
    assert states(journal) == {2: "created", 3: "invalid", 4: "created"}
    recorded = journal.entry(OpKey(3))
    assert recorded is not None and recorded.error == "price: not a number"
    assert len([m for m, _ in sender.requests if m == "POST"]) == 2
    done = sorted((e.key.row, e.outcome.status) for e in events if isinstance(e, RowDone))
    assert done == [(2, Status.CREATED), (3, Status.INVALID), (4, Status.CREATED)]


async def test_a_row_an_earlier_run_finished_is_told_resumed_and_not_sent_again(
    journal: Journal,
) -> None:
    sender = FakeSender()
    await pool([item(2, "Shirt")], sender, journal)
    sender.requests.clear()
    _, _, events = await pool([item(2, "Shirt")], sender, journal)
    assert sender.requests == []
    (done,) = [e for e in events if isinstance(e, RowDone)]
    assert done.resumed and done.outcome.status is Status.CREATED


async def test_a_fatal_answer_stops_the_run_and_leaves_the_rest_pending(journal: Journal) -> None:
    sender = FakeSender()
    sender.fail_next(1, lambda m, p: AuthenticationError(401, method=m, path=p))
    plan: list[Operation | RowError] = [item(row, f"Shirt {row}") for row in range(2, 12)]
    failure, requester, _ = await pool(plan, sender, journal, workers=1)
    assert failure is None  # a fatal answer is the run's stop, not the journal's failure
    assert requester.stop.reason == "the API refused the access token (401)"
    assert set(states(journal).values()) <= {"sending"}  # nothing ended; the rest unsent
    assert len([m for m, _ in sender.requests if m == "POST"]) == 1


async def test_a_journal_that_cannot_be_written_stops_the_run_and_is_handed_back(
    journal: Journal,
) -> None:
    def full_disk(records: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    journal.write_many = full_disk  # type: ignore[method-assign]
    sender = FakeSender()
    plan: list[Operation | RowError] = [item(row, f"Shirt {row}") for row in range(2, 6)]
    failure, requester, _ = await pool(plan, sender, journal)
    assert isinstance(failure, BulkspotError)
    assert requester.stop.reason == str(failure)
    assert [m for m, _ in sender.requests if m == "POST"] == []  # no create left unmarked
