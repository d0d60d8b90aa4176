"""Wiring one run: sender, gates, lookups, executor, pool, journal writer, signals."""

from __future__ import annotations

import random
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import anyio

from bulkspot.config import RunConfig
from bulkspot.core.operation import Operation, RowError
from bulkspot.core.outcome import Status
from bulkspot.runner.events import Broadcast, Event, Observer, RowDone, RunStopped
from bulkspot.runner.executor import Executor, Produced
from bulkspot.runner.gates import ConcurrencyGate, RateGate
from bulkspot.runner.lookup import KeyIndex
from bulkspot.runner.pool import run_pool
from bulkspot.runner.retry import Requester, StopSignal
from bulkspot.sinks.journal import Journal, JournalWriter
from bulkspot.transport.base import Sender


@dataclass
class Tally:
    """Counts kept while a run goes, for the summary."""

    counts: dict[Status, int] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def __call__(self, event: Event) -> None:
        if isinstance(event, RowDone):
            self.counts[event.outcome.status] = self.counts.get(event.outcome.status, 0) + 1


@dataclass(frozen=True)
class EngineReport:
    requests: int
    retries: int
    reconciliations: int
    seconds: float
    stopped: str | None
    resume_hint: str


def make_sender(config: RunConfig) -> Sender:
    from bulkspot.transport.aiohttp_sender import AiohttpSender

    return AiohttpSender(config.api)


async def execute_plan(
    plan: Iterable[Operation | RowError],
    *,
    kind: str,
    config: RunConfig,
    journal: Journal | None,
    observers: Sequence[Observer] = (),
    sender: Sender | None = None,
    handle_signals: bool = False,
    stop: StopSignal | None = None,
) -> EngineReport:
    """Carry out a plan against the API; every operation ends final or pending."""
    notify: Callable[[Event], None] = Broadcast(observers)
    stop = stop or StopSignal()
    own_sender = sender is None
    sender = sender or make_sender(config)
    rate = RateGate(config.limits.rate, notify=notify)
    concurrency = ConcurrencyGate(
        config.limits.concurrency, cap=config.limits.max_concurrency, rate_gate=rate
    )
    requester = Requester(sender, rate, concurrency, stop, notify)
    rng = random.Random(config.seed)
    executor = Executor(
        requester=requester,
        index=KeyIndex(requester, config.retry, rng),
        writer=JournalWriter(journal),
        produced=Produced(journal),
        policy=config.retry,
        on_existing=config.on_existing,
        rng=rng,
        notify=notify,
    )
    started = time.monotonic()
    workers = config.limits.concurrency or config.limits.max_concurrency
    try:
        async with anyio.create_task_group() as tg:
            if handle_signals:
                tg.start_soon(_watch_signals, stop, tg.cancel_scope)
            await run_pool(
                plan,
                kind=kind,
                executor=executor,
                journal=journal,
                workers=workers,
                stop=stop,
                notify=notify,
            )
            tg.cancel_scope.cancel()
    finally:
        if own_sender:
            with anyio.CancelScope(shield=True):
                await sender.aclose()
    if stop.reason:
        notify(RunStopped(stop.reason, stop.resume_hint))
    return EngineReport(
        requests=requester.requests,
        retries=requester.retries,
        reconciliations=executor.reconciliations,
        seconds=time.monotonic() - started,
        stopped=stop.reason,
        resume_hint=stop.resume_hint,
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
            stop.set(
                f"interrupted ({name})",
                "run the same command again to finish the rest (Ctrl-C again stops at once)",
            )
