"""The worker pool: a producer walks the plan, workers carry operations out, one writer
keeps the journal.

    plan ──producer──> [bounded stream] ──> worker × N ──> journal writer
              │                                 │
              └─ invalid rows, rows done before ┘──> observers

The stream is bounded, so the plan is read only as fast as the API takes it: memory does not
grow with the input. The producer yields to the workers once a `BATCH` and the stream holds a
batch, so workers that are faster than the planner (a dry run) take what waits in the stream
without being woken one operation at a time. A worker whose operation needs an id from an
earlier operation (an attribute waits for its item) waits for that one alone; the earlier
operation was taken from the stream first, so the wait always ends. The workers are as many
as the gates let send (runner/worker_count.py): the pool starts what the count asks at first
and a worker starts another whenever the count has grown (answers slowed down, or workers
wait on earlier operations).

A journal that cannot be read or written (a full disk, a damaged file) stops the run like a
fatal answer: in-flight requests end, the rest stays pending, and `run_pool` hands the
failure back for the caller to raise once the run has wound down (raised from inside a task
group it would come out wrapped in an ExceptionGroup).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

import anyio
import anyio.lowlevel
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from bulkspot.core.operation import Operation, OpKey, RowError
from bulkspot.core.outcome import Outcome, Status, is_settled, lost_its_id
from bulkspot.core.resources import RESOURCES, is_needed_by_others
from bulkspot.errors import BulkspotError, StopRun
from bulkspot.events import RowDone, RunEvent
from bulkspot.runner.executor import Executor, Produced
from bulkspot.runner.journal_writer import JournalWriter
from bulkspot.runner.stop_signal import StopSignal
from bulkspot.runner.verify import Verifier
from bulkspot.sinks.journal import SENDING, Journal

# the operation, whether an earlier run was sending it, and (--verify) the outcome an earlier
# run ended it with, to keep if its resource is still there
Work = tuple[Operation, bool, Outcome | None]
BATCH = 256  # operations planned between two yields to the workers, and the stream's room


async def run_pool(
    plan: Iterable[Operation | RowError],
    *,
    kind: str,
    executor: Executor,
    writer: JournalWriter,
    journal: Journal | None,
    workers: int | Callable[[], int],
    stop: StopSignal,
    notify: Callable[[RunEvent], None],
    verify: Verifier | None = None,
) -> BulkspotError | None:
    """Carry the plan out; returns when every operation is final or the run has stopped,
    with the failure that stopped it if the journal could not be read or written.
    `workers`: how many, or the count to grow to as the run goes (runner/worker_count.py)."""
    produced = executor.produced
    wanted = workers if callable(workers) else _fixed(workers)
    send, receive = anyio.create_memory_object_stream[Work](max_buffer_size=max(wanted(), BATCH))
    failures: list[BulkspotError] = []
    started = 0

    def fail(failure: BulkspotError) -> None:
        failures.append(failure)
        stop.set(str(failure))

    async with writer.running(fail), anyio.create_task_group() as tasks:

        def grow(source: MemoryObjectReceiveStream[Work]) -> None:
            """Start workers up to the count wanted now (each with a clone of `source`)."""
            nonlocal started
            while started < wanted():
                started += 1
                work = _work(source.clone(), executor, writer, notify, stop, verify, grow)
                tasks.start_soon(_guarded, fail, work)

        tasks.start_soon(
            _guarded,
            fail,
            _produce(plan, kind, send, journal, produced, writer, notify, stop, verify),
        )
        grow(receive)
        receive.close()  # the workers' clones keep the stream open; growth clones theirs
    return failures[0] if failures else None


def _fixed(count: int) -> Callable[[], int]:
    return lambda: count


async def _guarded(fail: Callable[[BulkspotError], None], task: Awaitable[None]) -> None:
    """A task whose journal read fails stops the run (`fail`) instead of the task group."""
    try:
        await task
    except BulkspotError as failure:  # StopRun is handled inside; this is the journal's
        fail(failure)


async def _produce(
    plan: Iterable[Operation | RowError],
    kind: str,
    send: MemoryObjectSendStream[Work],
    journal: Journal | None,
    produced: Produced,
    writer: JournalWriter,
    notify: Callable[[RunEvent], None],
    stop: StopSignal,
    verify: Verifier | None,
) -> None:
    waited_for = {kind for kind in RESOURCES if is_needed_by_others(kind)}
    # A journal empty at the start holds nothing of an earlier run: an operation's key is
    # produced once, so no look-up (a SELECT a row) could find anything.
    earlier = journal if journal is not None and not journal.is_empty() else None
    async with send:
        for count, item in enumerate(plan):
            if stop.is_set:
                return
            if count % BATCH == BATCH - 1:
                await anyio.lowlevel.checkpoint()  # planning is CPU work: let the workers in
            if isinstance(item, RowError):
                key = OpKey(item.row)
                produced.invalid(item.row)
                await writer.record_invalid(key, kind, item.message)
                notify(RowDone(key, Outcome(Status.INVALID, error=item.message)))
                continue
            entry = earlier.entry(item.key) if earlier is not None else None
            previous = entry.outcome if entry is not None else None
            to_check = verify is not None and previous is not None and verify.may_be_gone(previous)
            if previous is not None and is_settled(previous) and not to_check:
                notify(RowDone(item.key, previous, resumed=True, ends_row=item.ends_row))
                continue
            if item.kind in waited_for:
                produced.expect(item.key)
            maybe_made = previous is not None and lost_its_id(previous)
            work = (
                item,
                (entry is not None and entry.state == SENDING) or maybe_made,
                previous if to_check else None,
            )
            try:
                try:
                    send.send_nowait(work)  # room in the stream: no trip through the loop
                except anyio.WouldBlock:  # full: wait for a worker (memory stays bounded)
                    await send.send(work)
            except anyio.BrokenResourceError:  # every worker stopped on a failure
                if stop.is_set:
                    return
                raise


async def _next(receive: MemoryObjectReceiveStream[Work]) -> Work | None:
    """The next operation, None once the stream has ended; one waiting in the stream is
    taken at once (`receive` would first yield to the event loop, one hand-off a row)."""
    try:
        return receive.receive_nowait()
    except anyio.WouldBlock:
        try:
            return await receive.receive()
        except anyio.EndOfStream:
            return None
    except anyio.EndOfStream:
        return None


async def _work(
    receive: MemoryObjectReceiveStream[Work],
    executor: Executor,
    writer: JournalWriter,
    notify: Callable[[RunEvent], None],
    stop: StopSignal,
    verify: Verifier | None,
    grow: Callable[[MemoryObjectReceiveStream[Work]], None],
) -> None:
    async with receive:
        while (work := await _next(receive)) is not None:
            grow(receive)  # the count may have grown since: a place in flight is unused
            op, was_sending, previous = work
            if stop.is_set:  # drain: what was not started stays pending
                executor.produced.settle(op.key, None)
                continue
            if previous is not None and verify and await verify.still_there(op, previous):
                executor.produced.settle(op.key, previous)  # still there: kept, not sent
                notify(RowDone(op.key, previous, resumed=True, ends_row=op.ends_row))
                continue
            try:
                written = await executor.run(op, resumed_sending=was_sending)
            except StopRun as stopped:  # a fatal answer, or the run stopping
                stop.set(stopped.reason, stopped.resume_hint)
                executor.produced.settle(op.key, None)
                continue
            outcome = written.outcome
            await writer.record_outcome(
                op.key, op.kind, outcome, created=written.created, sent=written.sent
            )
            executor.produced.settle(op.key, outcome)
            notify(RowDone(op.key, outcome, ends_row=op.ends_row))
