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
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bulkspot.config import DEFAULT_BASE_URL, ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.runner.events import Observer
from bulkspot.runner.job import (
    EXIT_OK,
    EXIT_SOME_ROWS_BAD,
    EXIT_STOPPED,
    ImportJob,
    RunSummary,
)

if TYPE_CHECKING:
    from bulkspot.runner.client import Client
    from bulkspot.runner.copy import CopyJob, CopySummary
    from bulkspot.runner.export import ExportJob, ExportProgress, ExportSummary
    from bulkspot.runner.gates import RateGate
    from bulkspot.runner.generate import CodesWritten, GeneratedCodes, PromocodeBatch
    from bulkspot.runner.retry import Requester
    from bulkspot.session import Session
    from bulkspot.transport.base import Sender
    from bulkspot.types import Kind

__all__ = [
    "EXIT_OK",
    "EXIT_SOME_ROWS_BAD",
    "EXIT_STOPPED",
    "ApiSettings",
    "Client",
    "CopyJob",
    "CopySummary",
    "ExportJob",
    "ExportSummary",
    "GeneratedCodes",
    "ImportJob",
    "Limits",
    "PromocodeBatch",
    "RetryPolicy",
    "RunConfig",
    "RunSummary",
    "copy",
    "export",
    "generate_promocodes",
    "import_sheet",
    "open_client",
    "run_copy",
    "run_export",
    "run_import",
    "run_undo",
    "settings_from_env",
    "undo_journal",
    "writable",
]

# Imported on first use: an import, the command run most, loads none of these modules
# before its first request (the other jobs, and the API resource by resource).
_LAZY = {
    "Client": "bulkspot.runner.client",
    **dict.fromkeys(("CopyJob", "CopySummary"), "bulkspot.runner.copy"),
    **dict.fromkeys(("ExportJob", "ExportProgress", "ExportSummary"), "bulkspot.runner.export"),
    **dict.fromkeys(
        ("CodesWritten", "GeneratedCodes", "PromocodeBatch"), "bulkspot.runner.generate"
    ),
}


def __getattr__(name: str) -> Any:
    """A name of `_LAZY`, imported from its home on first use."""
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'bulkspot.api' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


ENV_API_KEY, ENV_TOKEN, ENV_BASE_URL = "CTCT_API_KEY", "CTCT_ACCESS_TOKEN", "BULKSPOT_BASE_URL"
SOURCE_ENV = ("CTCT_SOURCE_API_KEY", "CTCT_SOURCE_ACCESS_TOKEN", "BULKSPOT_SOURCE_BASE_URL")


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
    session: Session | None = None,
) -> AsyncIterator[Requester]:
    """The one place that makes the HTTP sender and the gates around it: everything a job
    sends (its look-ups, its writes, its undo) passes this requester. `sender`: another
    transport (a test's fake); it is not closed here. `session`: its concurrency gate is
    shared by every call made through it on this event loop."""
    import anyio

    from bulkspot.runner.retry import Requester

    own = sender is None
    if sender is None:
        from bulkspot.transport.aiohttp_sender import AiohttpSender

        sender = AiohttpSender(config.api)
    gate = _rate_gate(config) if own else None  # a test's sender is its own gateway
    concurrency = session.concurrency_gate(gate) if session is not None and own else None
    try:
        yield Requester.for_run(
            sender, config, observers, policy=retry, rate=gate, concurrency=concurrency
        )
    finally:
        if own:
            with anyio.CancelScope(shield=True):
                await sender.aclose()


_RATE_GATES: dict[tuple[str, str], RateGate] = {}


def _rate_gate(config: RunConfig) -> RateGate:
    """One rate gate per api key and API in this process: the gateway counts the key's
    requests, whichever job sends them (an import after a look-up, two imports in a row, a
    generate's read and its import), so their starts share one sliding window; and one
    window per key and API origin on the machine, shared with the key's other processes
    (sinks/key_window.py)."""
    from bulkspot.runner.gates import RateGate
    from bulkspot.sinks.key_window import KeyWindow
    from bulkspot.sinks.target_lock import origin_of

    key = (config.api.base_url, config.api.api_key)
    gate = _RATE_GATES.get(key)
    if gate is None:  # and the processes of the key on this machine share one window
        shared = KeyWindow.for_key(origin_of(config.api.base_url), config.api.api_key)
        gate = _RATE_GATES[key] = RateGate(config.limits.rate, shared=shared)
    return gate


def _dry_run_retry(policy: RetryPolicy) -> RetryPolicy:
    """A dry run tries a look-up twice at most, then goes on unchecked: it writes nothing,
    so waiting out a long outage buys nothing. The backoff stays the user's."""
    return dataclasses.replace(policy, max_attempts=min(2, policy.max_attempts))


async def import_sheet(
    job: ImportJob | str | Path,
    config: RunConfig,
    observers: Sequence[Observer] = (),
    *,
    kind: Kind | None = None,
    event_id: str | None = None,
    handle_signals: bool = False,
    sender: Sender | None = None,
    session: Session | None = None,
) -> RunSummary:
    """Run one import on the running event loop: an ImportJob, or a sheet's path with its
    `kind` (and `event_id`). `handle_signals`: the first Ctrl-C or SIGTERM stops cleanly, a
    second at once (for programs that own the main thread).

    Raises ConfigError (a path without a kind, a wrong event, a missing column),
    JournalError (the journal is another job's, damaged or held by another run), StorageError
    (a results or journal file that cannot be written), SourceError (a sheet that cannot be
    read); all are BulkspotErrors. A run the API stops (a bad token, the daily quota) or
    Ctrl-C does not raise: the summary says `stopped`, and the same call resumes it.
    """
    from bulkspot.core.wording import for_library
    from bulkspot.runner.session import run_job

    if not isinstance(job, ImportJob):
        if kind is None:
            from bulkspot.errors import ConfigError

            raise ConfigError("import_sheet needs kind= with a sheet's path (or an ImportJob)")
        job = ImportJob(kind=kind, source=Path(job), event_id=event_id)
    retry = _dry_run_retry(config.retry) if job.dry_run else None
    with for_library():
        async with connect(config, observers, sender=sender, retry=retry,
                           session=session) as requester:  # fmt: skip
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
    session: Session | None = None,
    verify: bool = False,
    constants: Mapping[str, str] | None = None,
) -> RunSummary:
    """Run one import to the end (blocking); the keywords are `bulkspot import`'s options
    (`constants`: `--set FIELD=VALUE`, a value for every row whose column is missing or blank).
    Raises as `import_sheet`, and BulkspotError when called inside a running event loop
    (there, `await bulkspot.import_sheet(...)`)."""
    import anyio

    _not_in_a_loop("run_import", "import_sheet")

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
        verify=verify,
        constants=dict(constants or {}),
    )

    async def run() -> RunSummary:
        return await import_sheet(job, config, observers, session=session)

    return anyio.run(run)


def _not_in_a_loop(blocking: str, awaitable: str) -> None:
    """A blocking call cannot start a loop inside a running one: say what to await."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    from bulkspot.errors import BulkspotError

    raise BulkspotError(
        f"bulkspot.{blocking} blocks, so it cannot run inside a running event loop; "
        f"there, use `await bulkspot.{awaitable}(...)`"
    )


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
    from bulkspot.runner.client import Client
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
    session: Session | None = None,
) -> RunSummary:
    """Delete what the journal's run created, children first (events are cancelled);
    `dry_run`: say what would be deleted, and delete nothing. Raises JournalError (no such
    journal, or one held by a running import) and StorageError; a run the API stops does
    not raise (the summary says `stopped`)."""
    from bulkspot.core.wording import for_library
    from bulkspot.runner.undo import undo_summary

    with for_library():
        async with connect(config, observers, sender=sender, session=session) as requester:
            return await undo_summary(
                Path(journal_path), config, requester, dry_run=dry_run,
                handle_signals=handle_signals,
            )  # fmt: skip


def run_undo(
    journal_path: str | Path,
    *,
    config: RunConfig,
    observers: Sequence[Observer] = (),
    session: Session | None = None,
) -> RunSummary:
    """`undo_journal`, blocking; raises as it does, and BulkspotError inside a running
    event loop (there, `await bulkspot.undo_journal(...)`)."""
    import anyio

    _not_in_a_loop("run_undo", "undo_journal")

    async def undo() -> RunSummary:
        return await undo_journal(
            Path(journal_path), config=config, observers=observers, session=session
        )

    return anyio.run(undo)


@asynccontextmanager
async def open_client(
    config: RunConfig | ApiSettings,
    observers: Sequence[Observer] = (),
    *,
    sender: Sender | None = None,
    session: Session | None = None,
) -> AsyncIterator[Client]:
    """A Client with the import's guarantees; its connection is closed on exit. Its calls
    raise as `Client` says.

    `config`: a RunConfig (its limits and retry policy apply), or just ApiSettings (a
    standard key's 4 requests per second)."""
    from bulkspot.runner.client import Client
    from bulkspot.runner.targets import account

    run_config = config if isinstance(config, RunConfig) else RunConfig(config)
    async with connect(run_config, observers, sender=sender, session=session) as requester:
        yield Client(requester, account=account(run_config.api))  # ensure's locks


def writable(kind: Kind, resource: Mapping[str, Any]) -> dict[str, Any]:
    """`resource` without its read-only fields (id, dates, counts, an item's attributes):
    what a PUT must send to keep it as it is, or a create to copy it. Raises KeyError for
    an unknown kind."""
    from bulkspot.core.resources import spec_for

    return spec_for(kind).writable_body(resource)


async def export(
    job: ExportJob,
    config: RunConfig,
    *,
    on_progress: Callable[[ExportProgress], None] | None = None,
    sender: Sender | None = None,
) -> ExportSummary:
    """Write what the API holds of `job.kind` as the sheet `bulkspot import` reads (the
    `id` column filled, unless `job.with_ids` is False); a stopped export resumes from its
    journal of pages. Read only: every request passes the job's rate gate."""
    from bulkspot.runner.export import export_sheet

    async with connect(config, sender=sender) as requester:
        return await export_sheet(job, requester, api=config.api.base_url, on_progress=on_progress)


def run_export(
    kind: str,
    output: str | Path,
    *,
    config: RunConfig,
    event_id: str | None = None,
    with_ids: bool = True,
    fresh: bool = False,
) -> ExportSummary:
    """`export`, blocking; the keywords are `bulkspot export`'s options."""
    import anyio

    from bulkspot.runner.export import ExportJob

    job = ExportJob(kind, Path(output), event_id, with_ids=with_ids, fresh=fresh)
    return anyio.run(lambda: export(job, config))


def source_settings(
    destination: ApiSettings, environ: Mapping[str, str] | None = None
) -> ApiSettings:
    """The source account of a copy: CTCT_SOURCE_API_KEY, CTCT_SOURCE_ACCESS_TOKEN and
    BULKSPOT_SOURCE_BASE_URL, each the destination's own when not set (one account)."""
    env = os.environ if environ is None else environ
    key, token, base = (env.get(name) for name in SOURCE_ENV)
    return ApiSettings(
        api_key=key or destination.api_key,
        token=token or destination.token,
        base_url=base or destination.base_url,
    )


async def copy(
    job: CopyJob,
    config: RunConfig,
    source: RunConfig | None = None,
    observers: Sequence[Observer] = (),
    *,
    handle_signals: bool = False,
    on_progress: Callable[[ExportProgress], None] | None = None,
    on_kind: Callable[[str, str], None] | None = None,
    sender: Sender | None = None,
    source_sender: Sender | None = None,
) -> CopySummary:
    """Copy an event's fees, items with attributes and promocodes into another event
    (`config`'s account); `source`: the account to read from (default: the same). Each kind
    is an import with its own journal in `job.work_folder`: resumable, undoable."""
    from bulkspot.runner.copy import copy_event

    source_config = source or config
    async with (
        connect(source_config, sender=source_sender or sender) as reader,
        connect(config, observers, sender=sender) as requester,
    ):
        return await copy_event(
            job, source=reader, source_api=source_config.api.base_url, config=config,
            requester=requester, handle_signals=handle_signals, on_progress=on_progress,
            on_kind=on_kind,
        )  # fmt: skip


def run_copy(
    from_event: str,
    to_event: str,
    *,
    config: RunConfig,
    source: RunConfig | None = None,
    kinds: Sequence[str] = (),
    folder: str | Path | None = None,
    observers: Sequence[Observer] = (),
) -> CopySummary:
    """`copy`, blocking; the keywords are `bulkspot copy`'s options."""
    import anyio

    from bulkspot.runner.copy import CopyJob

    job = CopyJob(from_event, to_event, tuple(kinds), Path(folder) if folder else None)
    return anyio.run(lambda: copy(job, config, source, observers))
