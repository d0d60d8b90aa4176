"""Promocodes made by bulkspot: new codes for an event, written to a sheet whole or not at
all, and (with a job) imported as any sheet is. The command line's `promocodes generate`
and the demo call here; the classes they name load on first use, so an import of a sheet
pays for none of it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bulkspot.config import RunConfig
from bulkspot.connection import connect, dry_run_retry
from bulkspot.core.codes import DEFAULT_LENGTH, UNLIMITED, PromocodeTerms, generate_codes
from bulkspot.core.resources import PROMOCODE
from bulkspot.events import Observer
from bulkspot.runner.job import ImportJob, RunSummary

if TYPE_CHECKING:
    from bulkspot.runner.generate import CodesWritten, GeneratedCodes, PromocodeBatch
    from bulkspot.transport.base import Sender

CODES_KIND = PROMOCODE.plural  # the sheet a batch of codes is imported as

__all__ = [
    "CODES_KIND",
    "DEFAULT_LENGTH",
    "UNLIMITED",
    "PromocodeTerms",
    "earlier_codes",
    "generate_promocodes",
    "refuse_undone_batch",
    "write_new_codes",
]


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
    from bulkspot.runner.import_run import run_job

    if config is None:
        return await generate(batch, read_codes=None, import_codes=None, on_written=on_written)
    run_config = config
    retry = dry_run_retry(config.retry) if job is not None and job.dry_run else None
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


def write_new_codes(
    path: Path, count: int, terms: PromocodeTerms, *, prefix: str = "", seed: int | None = None
) -> None:
    """`count` new codes (none checked against an event's) written to the sheet at `path`
    with `terms`, whole or not at all: the demo's batch, made without a server to ask."""
    from bulkspot.runner.generate import write_codes

    write_codes(path, generate_codes(count, prefix=prefix, seed=seed), terms)


def earlier_codes(batch: PromocodeBatch) -> tuple[str, ...] | None:
    """The codes an earlier call wrote for this batch (None: none); another batch's file
    there is refused (a BulkspotError)."""
    from bulkspot.runner.generate import earlier_codes as read

    return read(batch)


def refuse_undone_batch(batch: PromocodeBatch, job: ImportJob, count: int) -> None:
    """JobUndoneError when the batch's codes were imported and that run then undone."""
    from bulkspot.runner.generate import refuse_undone_batch as refuse

    refuse(batch, job, count)
