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
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bulkspot.config import ApiSettings, RunConfig

if TYPE_CHECKING:
    from bulkspot.events import Observer
    from bulkspot.runner.client import Client
    from bulkspot.runner.gates import ConcurrencyGate, RateGate
    from bulkspot.runner.job import ImportJob, RunSummary
    from bulkspot.types import Kind


class Session:
    """The gates of one api key, for every call made through it. Its methods raise as the
    functions of the same names in `bulkspot` do."""

    def __init__(
        self, config: RunConfig | ApiSettings, observers: Sequence[Observer] = ()
    ) -> None:
        self.config = config if isinstance(config, RunConfig) else RunConfig(config)
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
        from bulkspot.api import import_sheet

        return await import_sheet(job, self.config, self.observers, kind=kind,
                                  event_id=event_id, session=self)  # fmt: skip

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
        from bulkspot.api import run_import

        return run_import(kind, source, config=self.config, event_id=event_id,
                          observers=self.observers, dry_run=dry_run, fresh=fresh,
                          retry_failed=retry_failed, session=self)  # fmt: skip

    async def undo_journal(self, journal_path: str | Path, *, dry_run: bool = False) -> RunSummary:
        from bulkspot.api import undo_journal

        return await undo_journal(
            Path(journal_path), config=self.config, observers=self.observers, dry_run=dry_run,
            session=self,
        )  # fmt: skip

    def run_undo(self, journal_path: str | Path) -> RunSummary:
        from bulkspot.api import run_undo

        return run_undo(journal_path, config=self.config, observers=self.observers, session=self)

    @asynccontextmanager
    async def open_client(self) -> AsyncIterator[Client]:
        from bulkspot.api import open_client

        async with open_client(self.config, self.observers, session=self) as client:
            yield client
