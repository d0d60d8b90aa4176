"""`bulkspot import KIND FILE`: options -> ImportJob + RunConfig -> `api.import_sheet`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import click

from bulkspot import api
from bulkspot.cli.boundary import command_line
from bulkspot.cli.builders import View, build_config, build_job, build_view, builds
from bulkspot.cli.execution import run_with_progress
from bulkspot.cli.options import (
    KINDS,
    KINDS_TEXT,
    SectionedCommand,
    credentials_options,
    input_options,
    limits_options,
    output_options,
)
from bulkspot.cli.summary import NextSteps
from bulkspot.config import RunConfig
from bulkspot.core.resources import children_of, spec_for
from bulkspot.runner.events import Observer
from bulkspot.runner.job import RowResource


def next_steps(summary: api.RunSummary) -> NextSteps:
    """The same command resumes (never with --fresh); --retry-failed sends failures again."""
    return NextSteps(
        resume=command_line(drop=["--fresh", "--retry-failed"]),
        retry_failed=command_line(drop=["--fresh"], add=["--retry-failed"]),
    )


SHOWN_IDS = 20


def print_resource_ids(summary: api.RunSummary) -> None:
    """After an events import: the ids that fees, items and promocodes need (--event)."""
    found: Sequence[RowResource] = summary.resources
    if not found:
        return
    click.echo("event ids (for --event):")
    for resource in found[:SHOWN_IDS]:
        click.echo(f"  {resource.id}  {resource.name}  ({resource.status})")
    if len(found) > SHOWN_IDS:
        click.echo(f"  ... and {len(found) - SHOWN_IDS} more in {summary.results_path}")


def run_import_job(
    job: api.ImportJob,
    config: RunConfig,
    *,
    view: View | None = None,
    title: str | None = None,
    steps: Callable[[api.RunSummary], NextSteps] = next_steps,
) -> api.RunSummary:
    """One import with progress, log and summary (also used by `demo`); `title=""`: the
    summary without one (the caller printed its heading)."""

    async def work(observers: Sequence[Observer]) -> api.RunSummary:
        return await api.import_sheet(job, config, observers, handle_signals=True)

    verb = "dry run" if job.dry_run else "import"
    return run_with_progress(
        work,
        title=f"{verb} of {job.kind} from {job.source}" if title is None else title,
        rate=config.limits.rate,
        view=view,
        secrets=config.api.secrets,
        steps=(lambda _s: NextSteps()) if job.dry_run else steps,
        dry_run=job.dry_run,
    )


IMPORT_HELP = f"""Import the rows of FILE (CSV, XLSX or JSONL) as KIND: {KINDS_TEXT}.

Every row ends with one outcome in the results file. Running the same command again is
safe: rows already done are not sent again. `bulkspot columns KIND` shows the columns.

\b
Example:
  export CTCT_API_KEY=... CTCT_ACCESS_TOKEN=...
  bulkspot import items inventory.xlsx --event a07e1iw4r2m67314717
"""  # the kinds from the registry: a new kind is listed with no edit here


@click.command("import", cls=SectionedCommand, help=IMPORT_HELP)
@click.argument("kind", type=click.Choice(KINDS), metavar="KIND")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@input_options
@limits_options
@output_options
@credentials_options
@builds(config=build_config, job=build_job, view=build_view)
def import_command(config: RunConfig, job: api.ImportJob, view: View) -> None:
    """Options -> one RunConfig, one ImportJob, one View -> one import -> its summary."""
    summary = run_import_job(job, config, view=view)
    if not job.dry_run and children_of(spec_for(job.kind).kind):  # events: for --event
        print_resource_ids(summary)
    click.get_current_context().exit(summary.exit_code)
