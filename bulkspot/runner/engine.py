"""One run of a plan: the executor, the worker pool, the journal writer and the signals.

The requester (sender and gates) comes from the caller (`bulkspot.api` wires it once per
job), so a job's look-ups, its run and its undo share one rate gate.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterable
from dataclasses import dataclass

import anyio

from bulkspot.config import RunConfig
from bulkspot.core.operation import Operation, RowError
from bulkspot.core.wording import interrupted_hint
from bulkspot.events import RunStopped
from bulkspot.runner.adopt import adopted_warning
from bulkspot.runner.dryrun import DryWriter
from bulkspot.runner.executor import Executor, Produced
from bulkspot.runner.journal_writer import JournalWriter
from bulkspot.runner.lookup import KeyIndex
from bulkspot.runner.pool import run_pool
from bulkspot.runner.retry import Requester
from bulkspot.runner.stop_signal import StopSignal
from bulkspot.runner.verify import Verifier
from bulkspot.runner.worker_count import worker_count
from bulkspot.runner.write import Writer
from bulkspot.sinks.journal import Journal


@dataclass(frozen=True)
class EngineReport:
    """How the pool's part of a run went. The run's counts (rows, requests, retries) are
    RunSummary's alone, counted from the run's own events (runner/run_count.py)."""

    reconciliations: int = 0  # look-ups by natural key after a lost answer or a 409
    seconds: float = 0.0
    stopped: str | None = None  # why the run stopped early; None: it did not
    resume_hint: str = ""
    warning: str | None = None  # a dry run that could not ask the API


NOTHING_RUN = EngineReport()  # a run that sent no row (all done, or refused under --strict)


async def execute_plan(
    plan: Iterable[Operation | RowError],
    *,
    kind: str,
    config: RunConfig,
    requester: Requester,
    journal: Journal | None,
    dry_run: bool = False,
    handle_signals: bool = False,
    verify: bool = False,
    index: KeyIndex | None = None,
) -> EngineReport:
    """Carry out a plan (or, `dry_run`, say what it would do); every operation ends final
    or pending. `verify`: rows an earlier run finished are made again if their resource is
    gone (runner/verify.py). `index`: the collections the run has read already."""
    stop, notify = requester.stop, requester.notify
    index = index or KeyIndex(requester)
    journal_writer = JournalWriter(journal)
    writes = (
        DryWriter(requester, index, keep_bodies=True)  # the would_send column
        if dry_run
        else Writer(requester, index, journal_writer)
    )
    executor = Executor(writes, Produced(journal), config.on_existing)
    verifier = Verifier(index, executor.produced) if verify else None
    started = time.monotonic()
    failure = None  # stays None when a second Ctrl-C cancels the pool before it returns
    async with anyio.create_task_group() as tg:
        if handle_signals:
            tg.start_soon(_watch_signals, stop, tg.cancel_scope)
        failure = await run_pool(
            plan,
            kind=kind,
            executor=executor,
            writer=journal_writer,
            journal=journal,
            workers=worker_count(
                requester.concurrency,
                executor.produced,
                most=config.limits.concurrency or config.limits.max_concurrency,
            ),
            stop=stop,
            notify=notify,
            verify=verifier,
        )
        tg.cancel_scope.cancel()
    if failure is not None:  # the journal could not be written or read: the run's end
        raise failure
    if stop.reason:
        notify(RunStopped(stop.reason, stop.resume_hint))
    return EngineReport(
        reconciliations=writes.reconciliations,
        seconds=time.monotonic() - started,
        stopped=stop.reason,
        resume_hint=stop.resume_hint,
        warning=writes.warning if isinstance(writes, DryWriter) else adopted_warning(writes),
    )


async def _watch_signals(stop: StopSignal, scope: anyio.CancelScope) -> None:
    """First Ctrl-C or SIGTERM: stop cleanly. Second: stop at once (the journal stays whole;
    requests cut short are looked up by natural key on the next run)."""
    with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
        async for signum in signals:
            if stop.is_set:
                scope.cancel()
                return
            name = "Ctrl-C" if signum == signal.SIGINT else "SIGTERM"
            stop.set(f"interrupted ({name})", interrupted_hint())
