"""The library facade: one call per job, the same guarantees as the command line.

    from bulkspot import api
    from bulkspot.config import ApiSettings, RunConfig

    summary = api.run_import(
        "items", "inventory.csv",
        config=RunConfig(ApiSettings(api_key=..., token=...)),
        event_id="a07e1iw4r2m67314717",
    )
    print(summary.counts, summary.results_path)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bulkspot.config import RunConfig
from bulkspot.runner.events import Observer
from bulkspot.runner.job import (
    EXIT_OK,
    EXIT_SOME_ROWS_BAD,
    EXIT_STOPPED,
    ImportJob,
    RunSummary,
)

__all__ = [
    "EXIT_OK",
    "EXIT_SOME_ROWS_BAD",
    "EXIT_STOPPED",
    "ImportJob",
    "RunSummary",
    "import_sheet",
    "run_import",
    "run_undo",
    "undo_journal",
]


async def import_sheet(
    job: ImportJob,
    config: RunConfig,
    observers: Sequence[Observer] = (),
    *,
    handle_signals: bool = False,
) -> RunSummary:
    """Run one import on the running event loop. `handle_signals`: the first Ctrl-C or
    SIGTERM stops cleanly, a second at once (for programs that own the main thread)."""
    from bulkspot.runner.session import run_job

    return await run_job(job, config, observers, handle_signals=handle_signals)


def run_import(
    kind: str,
    source: str | Path,
    *,
    config: RunConfig,
    event_id: str | None = None,
    observers: Sequence[Observer] = (),
    **options: object,
) -> RunSummary:
    """Run one import to the end (blocking). `options` are the other fields of ImportJob."""
    import anyio

    job = ImportJob(kind=kind, source=Path(source), event_id=event_id, **options)  # type: ignore[arg-type]
    return anyio.run(import_sheet, job, config, observers)


async def undo_journal(
    journal_path: Path,
    *,
    config: RunConfig,
    observers: Sequence[Observer] = (),
    handle_signals: bool = False,
) -> RunSummary:
    """Delete what the journal's run created, children first (events are cancelled)."""
    from bulkspot.runner.undo import undo_summary

    return await undo_summary(journal_path, config, observers, handle_signals=handle_signals)


def run_undo(
    journal_path: str | Path, *, config: RunConfig, observers: Sequence[Observer] = ()
) -> RunSummary:
    """`undo_journal`, blocking."""
    import anyio

    async def undo() -> RunSummary:
        return await undo_journal(Path(journal_path), config=config, observers=observers)

    return anyio.run(undo)
