"""`bulkspot import KIND FILE`: options -> ImportJob + RunConfig -> `api.import_sheet`."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bulkspot import api
from bulkspot.api_kinds import EVENT, canonical_kind, child_sheets
from bulkspot.cli.boundary import ARGV_KEY, command_line
from bulkspot.cli.builders import View, build_config, build_job, build_view, builds
from bulkspot.cli.execution import run_with_progress
from bulkspot.cli.help_sections import SectionedCommand, option
from bulkspot.cli.input_options import input_options
from bulkspot.cli.options import (
    KINDS,
    KINDS_TEXT,
    credentials_options,
    limits_options,
    output_options,
)
from bulkspot.cli.schedule_confirm import confirm_schedules
from bulkspot.config import RunConfig
from bulkspot.events import Observer

if TYPE_CHECKING:
    from bulkspot.cli.summary import NextSteps


def next_steps(summary: api.RunSummary) -> NextSteps:
    """The same command resumes (never with --fresh; without --limit it finishes);
    --retry-failed sends failures again; the errors file is imported as a file of its own."""
    from bulkspot.cli.summary import NextSteps  # after the run, as the summary is

    return NextSteps(
        resume=command_line(drop=["--fresh", "--retry-failed", "--limit"]),
        retry_failed=command_line(drop=["--fresh", "--limit"], add=["--retry-failed"]),
        import_errors=errors_command(summary),
    )


def errors_command(summary: api.RunSummary) -> str:
    """The import of the errors file: the same kind and options with the errors file as
    FILE, less the options that belong to the first file (its results, journal, worksheet,
    header row): the errors file is another input with a journal of its own."""
    if summary.errors_path is None:
        return ""
    ctx = click.get_current_context()
    typed: list[str] = list(ctx.meta.get(ARGV_KEY, sys.argv[1:]))
    given = ctx.params.get("file")
    ctx.meta[ARGV_KEY] = [
        str(summary.errors_path) if given is not None and Path(word) == given else word
        for word in typed
    ]
    try:
        return command_line(drop=ERRORS_FILE_DROPS)
    finally:
        ctx.meta[ARGV_KEY] = typed


ERRORS_FILE_DROPS = ("--fresh", "--retry-failed", "--limit", "--results", "--journal",
                     "--sheet", "--header-row", "--dry-run", "--json")  # fmt: skip


SHOWN_IDS = 20


def print_resource_ids(summary: api.RunSummary, kind: str = EVENT.kind) -> None:
    """After an events import: the ids that fees, items and promocodes need (--event); after
    a campaigns import, those a schedules sheet may name."""
    found = summary.resources
    if not found:
        return
    sheets = " or ".join(child_sheets(kind))
    use = "for --event" if kind == EVENT.kind else f"for the {kind}_id column of a {sheets} sheet"
    click.echo(f"{kind} ids ({use}):")
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
        steps=None if job.dry_run else steps,
        dry_run=job.dry_run,
        about={"kind": job.kind, "input": str(job.source), "dry_run": job.dry_run},
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
@option(
    "--limit",
    section="Output",
    metavar="N",
    type=click.IntRange(min=1),
    help="Send only the first N rows still to send (rows, not requests; an item's sizes go "
    "with it); the rest stay pending, and the same command without --limit finishes them.",
)
@option(
    "--verify",
    section="Output",
    is_flag=True,
    help="Read what the rows made (one read per collection) and make again the rows whose "
    "resources someone removed since, with the rows under them.",
)
@option(
    "--json",
    "json_summary",
    section="Output",
    is_flag=True,
    help="Print the summary as one JSON object on stdout (progress goes to stderr).",
)
@credentials_options
@option(
    "--yes",
    "-y",
    section="Output",
    is_flag=True,
    help="Do not ask before scheduling email campaigns (schedules; for scripts).",
)
@builds(config=build_config, job=build_job, view=build_view)
def import_command(config: RunConfig, job: api.ImportJob, view: View, yes: bool) -> None:
    """Options -> one RunConfig, one ImportJob, one View -> one import -> its summary."""
    confirm_schedules(job, yes)  # schedules only: they send email to real people
    summary = run_import_job(job, config, view=view)
    parents = not job.dry_run and child_sheets(job.kind)
    if parents and not view.json:  # events: the ids --event needs (in the JSON: resources)
        print_resource_ids(summary, canonical_kind(job.kind))
    click.get_current_context().exit(summary.exit_code)
