"""`bulkspot export KIND`: options -> ExportJob + RunConfig -> `api.export`, with progress."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bulkspot.api_kinds import EXPORTABLE_SHEETS, sheet_name
from bulkspot.cli.boundary import user_errors
from bulkspot.cli.builders import build_config, builds
from bulkspot.cli.help_sections import SectionedCommand, option
from bulkspot.cli.input_options import event_option
from bulkspot.cli.options import credentials_options, limits_options, quiet_option
from bulkspot.config import RunConfig

if TYPE_CHECKING:
    from bulkspot.api import ExportProgress, ExportSummary

EXPORTS = EXPORTABLE_SHEETS  # the registry's, read-only ones too

SUMMARY = (
    "Export KIND as the sheet `bulkspot import KIND` reads, ids filled: import it again "
    "to change exactly the edited rows."
)
EXPORT_HELP = f"""Export KIND ({", ".join(EXPORTS)}) as the sheet `bulkspot import KIND`
reads: CSV, XLSX or JSONL by the extension of --output, the id column filled, so the sheet
imported again changes nothing, and an edited sheet changes exactly the edited rows.

Promocodes name their fees by label; items with attributes take one row per attribute.
Paged collections (events, registrants) are read to the end; an export that stops resumes
from its journal of pages when the same command runs again.

\b
Example:
  bulkspot export items --event a07e1iw4r2m67314717 --output items.xlsx
"""


@contextmanager
def progress_line(quiet: bool) -> Iterator[Callable[[ExportProgress], None]]:
    """A live line on a terminal (stderr) saying how much has been read; else nothing."""
    from rich.console import Console

    console = Console(stderr=True, highlight=False)
    if quiet or not console.is_terminal:
        yield lambda _progress: None
        return
    with console.status("reading") as status:

        def show(progress: ExportProgress) -> None:
            again = " (from the journal)" if progress.resumed else ""
            plural = sheet_name(progress.collection)
            status.update(f"read {progress.resources} {plural} in {progress.pages} pages{again}")

        yield show


def default_output(kind: str, event_id: str | None) -> Path:
    return Path(f"{kind}-{event_id}.csv" if event_id else f"{kind}.csv")


@click.command("export", cls=SectionedCommand, help=EXPORT_HELP, short_help=SUMMARY)
@click.argument("kind", type=click.Choice(EXPORTS), metavar="KIND")
@event_option(
    help="The event whose fees, items, attributes, promocodes or registrants (schedules: the "
    "campaign's id)."
)
@option(
    "--output",
    "-o",
    section="Output",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The sheet to write: .csv, .xlsx or .jsonl (default: KIND[-EVENT].csv here).",
)
@option(
    "--ids/--no-ids",
    "with_ids",
    section="Output",
    default=True,
    show_default=True,
    help="Fill the id column (rows update); --no-ids makes a sheet of new resources, to "
    "import into another event or account.",
)
@option(
    "--page-size",
    section="Output",
    metavar="N",
    type=click.IntRange(min=1, max=1000),
    help="Ask for paged collections (events, registrants) N at a time (default: the API's).",
)
@option("--fresh", section="Output", is_flag=True, help="Ignore the journal of a stopped export.")
@option(
    "--json",
    "json_summary",
    section="Output",
    is_flag=True,
    help="Print what was written as one JSON object on stdout (progress goes to stderr).",
)
@quiet_option
@limits_options
@credentials_options
@builds(config=build_config)
def export_command(
    kind: str,
    event_id: str | None,
    output: Path | None,
    with_ids: bool,
    page_size: int | None,
    fresh: bool,
    json_summary: bool,
    quiet: bool,
    config: RunConfig,
) -> None:
    """Options -> one ExportJob -> one export -> one line saying what was written."""
    import anyio

    from bulkspot import api

    job = api.ExportJob(
        kind,
        output or default_output(kind, event_id),
        event_id,
        with_ids=with_ids,
        fresh=fresh,
        page_size=page_size,
    )
    with user_errors(), progress_line(quiet) as show:
        summary = anyio.run(lambda: api.export(job, config, on_progress=show))
    if json_summary:
        click.echo(export_json(summary, kind, event_id))
    else:
        click.echo(api.describe_export(summary))


def export_json(summary: ExportSummary, kind: str, event_id: str | None) -> str:
    """`--json`: the export's end as one line of JSON (README, "Scripts and CI")."""
    import orjson

    return orjson.dumps(
        {
            "kind": kind,
            "event_id": event_id,
            "exit_code": 0,
            "output": str(summary.path),
            "rows": summary.rows,
            "resources": summary.resources,
            "pages": summary.pages,
            "resumed_pages": summary.resumed_pages,
            "requests": summary.requests,
            "wall_seconds": round(summary.seconds, 3),
        }
    ).decode()
