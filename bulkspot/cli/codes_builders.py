"""The objects `bulkspot promocodes generate` hands the library, made from its options (as
cli/builders.py makes them for every command): the batch of codes, and the import of its CSV
unless only the CSV is wanted.
"""

from __future__ import annotations

from pathlib import Path

from bulkspot.api import ImportJob, PromocodeBatch
from bulkspot.api_codes import CODES_KIND, PromocodeTerms
from bulkspot.cli.builders import build_config
from bulkspot.config import RunConfig
from bulkspot.errors import ConfigError


def build_batch(
    event_id: str,
    count: int,
    prefix: str,
    length: int,
    seed: int | None,
    discount: str | None,
    scope: str | None,
    fees: str | None,
    access_fee: str | None,
    quantity: int,
    paused: bool,
    output: Path | None,
) -> PromocodeBatch:
    """The Codes options as one batch, refused now if it cannot be made."""
    terms = PromocodeTerms(
        discount=discount,
        scope=scope,
        fees=tuple(f.strip() for f in (fees or "").split(";") if f.strip()),
        access_fee=access_fee,
        quantity=quantity,
        paused=paused,
    )
    batch = PromocodeBatch(event_id, count, terms, prefix, length, seed, output)
    batch.check()
    return batch


def build_codes_config(
    only_csv: bool,
    rate: float,
    concurrency: int | None,
    base_url: str,
    api_key: str | None,
    token: str | None,
    on_existing: str,
) -> RunConfig | None:
    """The run's config; without credentials, None when only the CSV is wanted."""
    try:
        return build_config(rate, concurrency, base_url, api_key, token, on_existing)
    except ConfigError:
        if not only_csv:
            raise
        return None


def build_codes_job(
    batch: PromocodeBatch,
    only_csv: bool,
    results_path: Path | None,
    journal_path: Path | None,
    dry_run: bool,
    strict: bool,
    fresh: bool,
    retry_failed: bool,
    currency: str | None = None,
    log_path: Path | None = None,
) -> ImportJob | None:
    """The import of the batch's CSV; None with --only-csv."""
    if only_csv:
        return None
    return ImportJob(
        currency=currency.upper() if currency else None,
        kind=CODES_KIND,
        source=batch.csv_path,
        event_id=batch.event_id,
        results_path=results_path,
        journal_path=journal_path,
        dry_run=dry_run,
        strict=strict,
        fresh=fresh,
        retry_failed=retry_failed,
        log_path=log_path,
    )
