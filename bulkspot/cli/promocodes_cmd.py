"""`bulkspot promocodes generate`: new unique codes to a CSV, then imported like any sheet."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import click

from bulkspot import api
from bulkspot.api import GeneratedCodes, ImportJob, PromocodeBatch
from bulkspot.api_codes import earlier_codes, refuse_undone_batch
from bulkspot.api_logs import hold_log
from bulkspot.cli.boundary import command_line, user_errors
from bulkspot.cli.builders import View, build_view, builds
from bulkspot.cli.codes_builders import build_batch, build_codes_config, build_codes_job
from bulkspot.cli.codes_options import codes_options
from bulkspot.cli.execution import run_logged, run_with_progress
from bulkspot.cli.help_sections import SectionedCommand
from bulkspot.cli.input_options import event_option
from bulkspot.cli.options import credentials_options, limits_options, output_options
from bulkspot.cli.summary import NextSteps
from bulkspot.config import RunConfig
from bulkspot.events import Observer

# Not part of the command that resumes: --fresh would throw the run's journal away.
NOT_RESUMED = ("--fresh",)


@click.group("promocodes")
def promocodes_group() -> None:
    """Promocodes made by bulkspot.

    \b
    Example:
      bulkspot promocodes generate --event a07e1iw4r2m67314717 --count 200 --discount 20%
    """


@promocodes_group.command("generate", cls=SectionedCommand)
@event_option(required=True, help="The event the codes are for.")
@codes_options
@limits_options
@output_options
@credentials_options
@builds(
    batch=build_batch,
    earlier=earlier_codes,  # the CSV of an earlier run; another batch's refused before any I/O
    config=build_codes_config,
    job=build_codes_job,
    view=build_view,
)
def generate_command(
    batch: PromocodeBatch,
    earlier: tuple[str, ...] | None,
    config: RunConfig | None,
    job: ImportJob | None,
    view: View,
) -> None:
    """Generate COUNT new promocodes for an event and import them.

    Codes are unique among themselves and against the event's existing codes, 4-12
    characters (prefix included), from letters and digits that cannot be mistaken for each
    other (no 0/O, 1/I/L). They are written to a CSV first, then imported exactly like
    `bulkspot import promocodes` (--only-csv: written, not imported). The same command run
    again (after Ctrl-C, say) finds that CSV and finishes its import: it never makes a
    second set of codes. For another batch, change the options or give another --output.

    \b
    Example:
      bulkspot promocodes generate --event a07e1iw4r2m67314717 --count 200 \\
          --prefix VIP_ --discount 20% --seed 7
      bulkspot promocodes generate --event a07e1iw4r2m67314717 --count 50 \\
          --access-fee "Backstage pass" --quantity 1 --only-csv
    """
    if earlier is not None and job is not None:
        with user_errors():  # an undone batch says so before the line that would import it
            refuse_undone_batch(batch, job, len(earlier))
    if earlier is not None:
        then = "nothing new written" if job is None else "importing them, no new codes made"
        click.echo(
            f"{batch.csv_path} holds this batch's {len(earlier)} codes from an earlier run: {then}"
        )
    elif config is None:
        click.echo(
            "warning: no credentials, so the codes are not checked against the event's "
            "existing codes",
            err=True,
        )
    secrets = config.api.secrets if config is not None else ()

    def wrote(path: Path, codes: Sequence[str]) -> None:
        click.echo(f"wrote {len(codes)} codes to {path}")

    async def generate(observers: Sequence[Observer]) -> GeneratedCodes:
        return await api.generate_promocodes(
            batch, config, job, observers, handle_signals=True, on_written=wrote
        )

    if job is None or config is None:  # no import job to claim the log: claimed here
        let_go: Callable[[], None] | None = None
        if view.log.path is not None:
            with user_errors():
                let_go = hold_log(
                    view.log.path, output=("--output", "promocodes CSV", batch.csv_path)
                )
        try:
            run_logged(generate, view, secrets)
        finally:
            if let_go is not None:
                let_go()
        return

    async def generate_and_import(observers: Sequence[Observer]) -> api.RunSummary:
        summary = (await generate(observers)).summary
        assert summary is not None, "a job was given, so the codes were imported"
        return summary

    summary = run_with_progress(
        generate_and_import,
        title=f"import of {batch.count} generated promocodes ({batch.csv_path})",
        rate=config.limits.rate,
        view=view,
        secrets=secrets,
        steps=lambda _s: NextSteps() if job.dry_run else resume_steps(),
        dry_run=job.dry_run,
    )
    click.get_current_context().exit(summary.exit_code)


def resume_steps() -> NextSteps:
    """Going on is the same command: it finds the batch's CSV and journal (never --fresh)."""
    return NextSteps(
        resume=command_line(drop=NOT_RESUMED),
        retry_failed=command_line(drop=NOT_RESUMED, add=["--retry-failed"]),
    )
