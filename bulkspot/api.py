"""The library facade: one call per job, the same guarantees as the command line.

    import bulkspot

    config = bulkspot.RunConfig(bulkspot.settings_from_env())
    summary = bulkspot.run_import("items", "inventory.csv", event_id="a07e...", config=config)
    print(summary.counts, summary.results_path, summary.exit_code)

`open_client(config)` is the API resource by resource for a script's own requests, kept to
the same rules as an import: the rate is never exceeded, over-limit answers slow it down,
transient failures are retried with backoff, a create whose outcome is unknown is looked up
by its natural key before it is ever sent again, and a fatal answer (401, the daily quota,
an unknown key) raises StopRun at once and for every later call.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bulkspot.config import DEFAULT_BASE_URL, ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.runner.client import Client
from bulkspot.runner.events import Observer
from bulkspot.runner.generate import CodesWritten, GeneratedCodes, PromocodeBatch
from bulkspot.runner.job import (
    EXIT_OK,
    EXIT_SOME_ROWS_BAD,
    EXIT_STOPPED,
    ImportJob,
    RunSummary,
)

if TYPE_CHECKING:
    from bulkspot.runner.gates import RateGate
    from bulkspot.runner.retry import Requester
    from bulkspot.transport.base import Sender

__all__ = [
    "EXIT_OK",
    "EXIT_SOME_ROWS_BAD",
    "EXIT_STOPPED",
    "ApiSettings",
    "Client",
    "GeneratedCodes",
    "ImportJob",
    "Limits",
    "PromocodeBatch",
    "RetryPolicy",
    "RunConfig",
    "RunSummary",
    "generate_promocodes",
    "import_sheet",
    "open_client",
    "run_import",
    "run_undo",
    "settings_from_env",
    "undo_journal",
]

ENV_API_KEY, ENV_TOKEN, ENV_BASE_URL = "CTCT_API_KEY", "CTCT_ACCESS_TOKEN", "BULKSPOT_BASE_URL"


def settings_from_env(environ: Mapping[str, str] | None = None) -> ApiSettings:
    """ApiSettings from CTCT_API_KEY, CTCT_ACCESS_TOKEN and BULKSPOT_BASE_URL, as the command
    line reads them; ConfigError names the variable that is missing."""
    env = os.environ if environ is None else environ
    return ApiSettings(
        api_key=env.get(ENV_API_KEY, ""),
        token=env.get(ENV_TOKEN, ""),
        base_url=env.get(ENV_BASE_URL) or DEFAULT_BASE_URL,
    )


@asynccontextmanager
async def connect(
    config: RunConfig,
    observers: Sequence[Observer] = (),
    *,
    sender: Sender | None = None,
    retry: RetryPolicy | None = None,
) -> AsyncIterator[Requester]:
    """The one place that makes the HTTP sender and the gates around it: everything a job
    sends (its look-ups, its writes, its undo) passes this requester. `sender`: another
    transport (a test's fake); it is not closed here."""
    import anyio

    from bulkspot.runner.retry import Requester

    own = sender is None
    if sender is None:
        from bulkspot.transport.aiohttp_sender import AiohttpSender

        sender = AiohttpSender(config.api)
    gate = _rate_gate(config) if own else None  # a test's sender is its own gateway
    try:
        yield Requester.for_run(sender, config, observers, policy=retry, rate=gate)
    finally:
        if own:
            with anyio.CancelScope(shield=True):
                await sender.aclose()


_RATE_GATES: dict[tuple[str, str], RateGate] = {}


def _rate_gate(config: RunConfig) -> RateGate:
    """One rate gate per api key and API in this process: the gateway counts the key's
    requests, whichever job sends them (an import after a look-up, two imports in a row, a
    generate's read and its import), so their starts share one sliding window."""
    from bulkspot.runner.gates import RateGate

    key = (config.api.base_url, config.api.api_key)
    gate = _RATE_GATES.get(key)
    if gate is None:
        gate = _RATE_GATES[key] = RateGate(config.limits.rate)
    return gate


def _dry_run_retry(policy: RetryPolicy) -> RetryPolicy:
    """A dry run tries a look-up twice at most, then goes on unchecked: it writes nothing,
    so waiting out a long outage buys nothing. The backoff stays the user's."""
    return dataclasses.replace(policy, max_attempts=min(2, policy.max_attempts))


async def import_sheet(
    job: ImportJob,
    config: RunConfig,
    observers: Sequence[Observer] = (),
    *,
    handle_signals: bool = False,
    sender: Sender | None = None,
) -> RunSummary:
    """Run one import on the running event loop. `handle_signals`: the first Ctrl-C or
    SIGTERM stops cleanly, a second at once (for programs that own the main thread)."""
    from bulkspot.runner.session import run_job

    retry = _dry_run_retry(config.retry) if job.dry_run else None
    async with connect(config, observers, sender=sender, retry=retry) as requester:
        return await run_job(job, config, requester, handle_signals=handle_signals)


def run_import(
    kind: str,
    source: str | Path,
    *,
    config: RunConfig,
    event_id: str | None = None,
    observers: Sequence[Observer] = (),
    sheet: str | None = None,
    column_map: Mapping[str, str] | None = None,
    results_path: str | Path | None = None,
    journal_path: str | Path | None = None,
    dry_run: bool = False,
    strict: bool = False,
    fresh: bool = False,
    retry_failed: bool = False,
) -> RunSummary:
    """Run one import to the end (blocking); the keywords are `bulkspot import`'s options."""
    import anyio

    job = ImportJob(
        kind=kind,
        source=Path(source),
        event_id=event_id,
        sheet=sheet,
        column_map=dict(column_map or {}),
        results_path=Path(results_path) if results_path is not None else None,
        journal_path=Path(journal_path) if journal_path is not None else None,
        dry_run=dry_run,
        strict=strict,
        fresh=fresh,
        retry_failed=retry_failed,
    )
    return anyio.run(import_sheet, job, config, observers)


async def generate_promocodes(
    batch: PromocodeBatch,
    config: RunConfig | None,
    job: ImportJob | None = None,
    observers: Sequence[Observer] = (),
    *,
    handle_signals: bool = False,
    on_written: CodesWritten | None = None,
    sender: Sender | None = None,
) -> GeneratedCodes:
    """New codes for the batch's event, written to its CSV and, with `job`, imported as that
    job says (results, journal, dry run...; its kind, source and event are the batch's).
    `config` None: the event's codes cannot be read, so the new ones are not checked
    against them, and nothing is imported."""
    from bulkspot.runner.generate import generate_promocodes as generate
    from bulkspot.runner.session import run_job

    if config is None:
        return await generate(batch, read_codes=None, import_codes=None, on_written=on_written)
    run_config = config
    retry = _dry_run_retry(config.retry) if job is not None and job.dry_run else None
    # One requester, so the read of the event's codes and the import share one rate gate.
    async with connect(run_config, observers, sender=sender, retry=retry) as requester:
        client = Client(requester)

        async def read_codes(event_id: str) -> list[str]:
            found = await client.list("promocode", {"event_id": event_id})
            return [str(code.get("code_name", "")) for code in found]

        async def import_codes(codes_job: ImportJob) -> RunSummary:
            return await run_job(codes_job, run_config, requester, handle_signals=handle_signals)

        return await generate(
            batch, read_codes=read_codes, import_codes=import_codes, job=job, on_written=on_written
        )


async def undo_journal(
    journal_path: Path,
    *,
    config: RunConfig,
    observers: Sequence[Observer] = (),
    dry_run: bool = False,
    handle_signals: bool = False,
    sender: Sender | None = None,
) -> RunSummary:
    """Delete what the journal's run created, children first (events are cancelled);
    `dry_run`: say what would be deleted, and delete nothing."""
    from bulkspot.runner.undo import undo_summary

    async with connect(config, observers, sender=sender) as requester:
        return await undo_summary(
            journal_path, config, requester, dry_run=dry_run, handle_signals=handle_signals
        )


def run_undo(
    journal_path: str | Path, *, config: RunConfig, observers: Sequence[Observer] = ()
) -> RunSummary:
    """`undo_journal`, blocking."""
    import anyio

    async def undo() -> RunSummary:
        return await undo_journal(Path(journal_path), config=config, observers=observers)

    return anyio.run(undo)


@asynccontextmanager
async def open_client(
    config: RunConfig | ApiSettings,
    observers: Sequence[Observer] = (),
    *,
    sender: Sender | None = None,
) -> AsyncIterator[Client]:
    """A Client with the import's guarantees; its connection is closed on exit.

    `config`: a RunConfig (its limits and retry policy apply), or just ApiSettings (a
    standard key's 4 requests per second)."""
    run_config = config if isinstance(config, RunConfig) else RunConfig(config)
    async with connect(run_config, observers, sender=sender) as requester:
        yield Client(requester)
