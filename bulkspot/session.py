"""One api key's gates for a script: every import, undo and client call made through one
`Session` shares them.

    session = bulkspot.Session(config)
    session.run_import("events", "events.csv")          # blocking
    summary = await session.import_sheet("items.csv", kind="item", event_id=event_id)
    async with session.open_client() as client: ...

The rate gate is the api key's (one per key in a process, whoever sends), so back-to-back
imports never go over the rate. The concurrency gate is the session's: anyio's objects
belong to one event loop, so the session keeps one per loop (a blocking call starts a loop
of its own, and runs alone in it).

The calls a Session makes (`import_sheet`, `run_import`, `undo_journal`, `run_undo`,
`open_client`) live here beside it, each taking `session=`, and `bulkspot.api` re-exports
them: so this module imports nothing of the facade, and the facade imports it one way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bulkspot.config import ApiSettings, RunConfig, checked_config, checked_mapping
from bulkspot.connection import connect, dry_run_retry, not_in_a_loop
from bulkspot.events import Observer
from bulkspot.runner.job import ImportJob, RunSummary

if TYPE_CHECKING:
    from bulkspot.runner.client import Client
    from bulkspot.runner.gates import ConcurrencyGate, RateGate
    from bulkspot.runner.pathargs import StrPath
    from bulkspot.transport.base import Sender
    from bulkspot.types import Kind


class Session:
    """The gates of one api key, for every call made through it. Its methods raise as the
    functions of the same names in `bulkspot` do."""

    def __init__(self, config: RunConfig | ApiSettings, observers: Sequence[Observer] = ()) -> None:
        self.config = as_run_config(config)
        self.observers = tuple(observers)
        self._loop: object = None
        self._concurrency: ConcurrencyGate | None = None

    def concurrency_gate(self, rate: RateGate | None) -> ConcurrencyGate | None:
        """The session's concurrency gate on the running loop (made on first use there)."""
        import anyio.lowlevel

        from bulkspot.runner.gates import ConcurrencyGate

        if rate is None:
            return None
        loop = anyio.lowlevel.current_token()
        if self._concurrency is None or self._loop is not loop:
            limits = self.config.limits
            self._concurrency = ConcurrencyGate(
                limits.concurrency, cap=limits.max_concurrency, rate_gate=rate
            )
            self._loop = loop
        return self._concurrency

    async def import_sheet(
        self,
        job: ImportJob | str | Path,
        *,
        kind: Kind | None = None,
        event_id: str | None = None,
    ) -> RunSummary:
        return await import_sheet(
            job, self.config, self.observers, kind=kind, event_id=event_id, session=self
        )

    def run_import(
        self,
        kind: Kind,
        source: str | Path,
        *,
        event_id: str | None = None,
        dry_run: bool = False,
        fresh: bool = False,
        retry_failed: bool = False,
    ) -> RunSummary:
        """Blocking (more options: `import_sheet` with an ImportJob)."""
        return run_import(
            kind,
            source,
            config=self.config,
            event_id=event_id,
            observers=self.observers,
            dry_run=dry_run,
            fresh=fresh,
            retry_failed=retry_failed,
            session=self,
        )

    async def undo_journal(self, journal_path: str | Path, *, dry_run: bool = False) -> RunSummary:
        return await undo_journal(
            Path(journal_path),
            config=self.config,
            observers=self.observers,
            dry_run=dry_run,
            session=self,
        )

    def run_undo(self, journal_path: str | Path) -> RunSummary:
        return run_undo(journal_path, config=self.config, observers=self.observers, session=self)

    @asynccontextmanager
    async def open_client(self) -> AsyncIterator[Client]:
        async with open_client(self.config, self.observers, session=self) as client:
            yield client


async def import_sheet(
    job: ImportJob | StrPath,
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
    from bulkspot.runner.import_run import run_job

    if not isinstance(job, ImportJob):
        if kind is None:
            from bulkspot.errors import ConfigError

            raise ConfigError("import_sheet needs kind= with a sheet's path (or an ImportJob)")
        job = ImportJob(kind=kind, source=job, event_id=event_id)
    config = checked_config(config)
    retry = dry_run_retry(config.retry) if job.dry_run else None
    with for_library():
        async with connect(
            config, observers, sender=sender, retry=retry, session=session
        ) as requester:
            return await run_job(job, config, requester, handle_signals=handle_signals)


def run_import(
    kind: str,
    source: StrPath,
    *,
    config: RunConfig,
    event_id: str | None = None,
    observers: Sequence[Observer] = (),
    sheet: str | None = None,
    column_map: Mapping[str, str] | None = None,
    results_path: StrPath | None = None,
    journal_path: StrPath | None = None,
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

    not_in_a_loop("run_import", "import_sheet")

    job = ImportJob(
        kind=kind,
        source=source,
        event_id=event_id,
        sheet=sheet,
        column_map=checked_mapping(column_map, "column_map", "{'Price ($)': 'price'}"),
        results_path=results_path,
        journal_path=journal_path,
        dry_run=dry_run,
        strict=strict,
        fresh=fresh,
        retry_failed=retry_failed,
        verify=verify,
        constants=checked_mapping(constants, "constants", "{'per_registrant_limit': '4'}"),
    )

    async def run() -> RunSummary:
        return await import_sheet(job, config, observers, session=session)

    return anyio.run(run)


def as_run_config(config: RunConfig | ApiSettings) -> RunConfig:
    """A RunConfig, or ApiSettings with a standard key's limits; UsageError for else."""
    return RunConfig(config) if isinstance(config, ApiSettings) else checked_config(config)


async def undo_journal(
    journal_path: StrPath,
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
    from bulkspot.runner.pathargs import as_path
    from bulkspot.runner.undo import undo_summary

    journal = as_path(journal_path, "journal_path")
    with for_library():
        async with connect(config, observers, sender=sender, session=session) as requester:
            return await undo_summary(
                journal,
                config,
                requester,
                dry_run=dry_run,
                handle_signals=handle_signals,
            )


def run_undo(
    journal_path: StrPath,
    *,
    config: RunConfig,
    observers: Sequence[Observer] = (),
    session: Session | None = None,
) -> RunSummary:
    """`undo_journal`, blocking; raises as it does, and BulkspotError inside a running
    event loop (there, `await bulkspot.undo_journal(...)`)."""
    import anyio

    not_in_a_loop("run_undo", "undo_journal")

    async def undo() -> RunSummary:
        return await undo_journal(journal_path, config=config, observers=observers, session=session)

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

    run_config = as_run_config(config)
    async with connect(run_config, observers, sender=sender, session=session) as requester:
        yield Client(requester, account=account(run_config.api))  # ensure's locks
