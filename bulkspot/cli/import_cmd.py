"""`bulkspot import KIND FILE`: options -> ImportJob + RunConfig -> `api.import_sheet`."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from bulkspot import api
from bulkspot.cli.boundary import command_line, user_errors
from bulkspot.cli.credentials import api_settings
from bulkspot.cli.execution import run_with_progress
from bulkspot.cli.options import (
    KINDS,
    SectionedCommand,
    credentials_options,
    input_options,
    limits_from,
    limits_options,
    output_options,
)
from bulkspot.cli.summary import NextSteps
from bulkspot.config import RunConfig
from bulkspot.core.operation import OnExisting
from bulkspot.runner.events import Observer


def next_steps(summary: api.RunSummary) -> NextSteps:
    """The same command resumes (never with --fresh); --retry-failed sends failures again."""
    return NextSteps(
        resume=command_line(drop=["--fresh", "--retry-failed"]),
        retry_failed=command_line(drop=["--fresh"], add=["--retry-failed"]),
    )


SHOWN_IDS = 20


def event_ids(results: Path) -> list[tuple[str, str, str]]:
    """(id, name, status) of the events a results file names, CSV or JSON Lines."""
    with results.open(encoding="utf-8-sig", newline="") as lines:
        if results.suffix.lower() in (".jsonl", ".ndjson"):
            rows: list[dict[str, Any]] = [json.loads(line) for line in lines if line.strip()]
        else:
            rows = list(csv.DictReader(lines))
    found = []
    for row in rows:
        if row.get("id"):
            name = next((str(v) for k, v in row.items() if k.lower() in NAME_HEADERS), "")
            found.append((str(row["id"]), name, str(row.get("status", ""))))
    return found


NAME_HEADERS = ("name", "event name", "event")


def print_event_ids(results: Path) -> None:
    """After an events import: the ids that fees, items and promocodes need (--event)."""
    found = event_ids(results)
    if not found:
        return
    click.echo("event ids (for --event):")
    for resource_id, name, status in found[:SHOWN_IDS]:
        click.echo(f"  {resource_id}  {name}  ({status})")
    if len(found) > SHOWN_IDS:
        click.echo(f"  ... and {len(found) - SHOWN_IDS} more in {results}")


def run_import_job(
    job: api.ImportJob,
    config: RunConfig,
    *,
    quiet: bool,
    title: str | None = None,
    steps: Callable[[api.RunSummary], NextSteps] = next_steps,
) -> api.RunSummary:
    """One import with progress and summary (also used by `promocodes generate` and `demo`);
    `title=""`: the summary without one (the caller printed its heading)."""

    async def work(observers: Sequence[Observer]) -> api.RunSummary:
        return await api.import_sheet(job, config, observers, handle_signals=True)

    verb = "dry run" if job.dry_run else "import"
    return run_with_progress(
        work,
        title=f"{verb} of {job.kind} from {job.source}" if title is None else title,
        rate=config.limits.rate,
        quiet=quiet,
        steps=(lambda _s: NextSteps()) if job.dry_run else steps,
        dry_run=job.dry_run,
    )


@click.command("import", cls=SectionedCommand)
@click.argument("kind", type=click.Choice(KINDS), metavar="KIND")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@input_options
@limits_options
@output_options
@credentials_options
def import_command(
    kind: str,
    file: Path,
    event_id: str | None,
    sheet: str | None,
    column_map: dict[str, str],
    rate: float,
    concurrency: int | None,
    results_path: Path | None,
    journal_path: Path | None,
    quiet: bool,
    dry_run: bool,
    fresh: bool,
    strict: bool,
    retry_failed: bool,
    on_existing: str,
    base_url: str,
    api_key: str | None,
    token: str | None,
) -> None:
    """Import the rows of FILE (CSV, XLSX or JSONL) as KIND: events, fees, items,
    attributes or promocodes.

    Every row ends with one outcome in the results file. Running the same command again is
    safe: rows already done are not sent again. `bulkspot columns KIND` shows the columns.

    \b
    Example:
      export CTCT_API_KEY=... CTCT_ACCESS_TOKEN=...
      bulkspot import items inventory.xlsx --event a07e1iw4r2m67314717
    """
    with user_errors():
        config = RunConfig(
            api=api_settings(base_url, api_key, token),
            limits=limits_from(rate, concurrency),
            on_existing=OnExisting(on_existing),
        )
        job = api.ImportJob(
            kind=kind,
            source=file,
            event_id=event_id,
            sheet=sheet,
            column_map=column_map,
            results_path=results_path,
            journal_path=journal_path,
            dry_run=dry_run,
            strict=strict,
            fresh=fresh,
            retry_failed=retry_failed,
        )
    summary = run_import_job(job, config, quiet=quiet)
    if kind == "events" and not dry_run and summary.results_path is not None:
        with user_errors():
            print_event_ids(summary.results_path)
    click.get_current_context().exit(summary.exit_code)
