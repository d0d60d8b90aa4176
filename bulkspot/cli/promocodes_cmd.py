"""`bulkspot promocodes generate`: new unique codes to a CSV, then imported like any sheet."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from bulkspot import api
from bulkspot.api import GeneratedCodes, ImportJob, PromocodeBatch
from bulkspot.api_codes import (
    CODES_KIND,
    DEFAULT_LENGTH,
    UNLIMITED,
    PromocodeTerms,
    earlier_codes,
    refuse_undone_batch,
)
from bulkspot.api_kinds import CURRENCIES
from bulkspot.cli.boundary import command_line, user_errors
from bulkspot.cli.builders import View, build_config, build_view, builds
from bulkspot.cli.execution import run_logged, run_with_progress
from bulkspot.cli.help_sections import SectionedCommand, option
from bulkspot.cli.input_options import event_option
from bulkspot.cli.options import credentials_options, limits_options, output_options
from bulkspot.cli.summary import NextSteps
from bulkspot.config import RunConfig
from bulkspot.errors import ConfigError
from bulkspot.events import Observer

# Not part of the command that resumes: --fresh would throw the run's journal away.
NOT_RESUMED = ("--fresh",)


def quantity_value(ctx: click.Context, param: click.Parameter, value: Any) -> int:
    """Uses per code: a whole number, or unlimited (-1 for the API)."""
    text = str(value).strip().lower()
    if text in ("unlimited", "-1"):
        return UNLIMITED
    if not text.isdigit():
        raise click.BadParameter(f"{value!r} is not a whole number or 'unlimited'")
    return int(text)


@click.group("promocodes")
def promocodes_group() -> None:
    """Promocodes made by bulkspot.

    \b
    Example:
      bulkspot promocodes generate --event a07e1iw4r2m67314717 --count 200 --discount 20%
    """


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


@promocodes_group.command("generate", cls=SectionedCommand)
@event_option(required=True, help="The event the codes are for.")
@option(
    "--count",
    section="Codes",
    metavar="N",
    type=click.IntRange(min=1),
    required=True,
    help="How many codes.",
)
@option(
    "--prefix",
    section="Codes",
    metavar="P",
    default="",
    help="What every code starts with, e.g. VIP_.",
)
@option(
    "--length",
    section="Codes",
    metavar="L",
    type=int,
    default=DEFAULT_LENGTH,
    show_default=True,
    help="Characters per code, prefix included (the API allows 4-12).",
)
@option(
    "--seed", section="Codes", metavar="N", type=int, help="The same seed gives the same codes."
)
@option(
    "--discount", section="Codes", metavar="20%|15.00", help="A percent (20%) or an amount (15.00)."
)
@option(
    "--scope",
    section="Codes",
    type=click.Choice(["FEE_LIST", "ORDER_TOTAL"], case_sensitive=False),
    metavar="FEE_LIST|ORDER_TOTAL",
    help="What the discount applies to [default: FEE_LIST with --fees, else ORDER_TOTAL].",
)
@option("--fees", section="Codes", metavar='"LABEL;LABEL"', help="The fees of a FEE_LIST discount.")
@option(
    "--access-fee",
    section="Codes",
    metavar="LABEL",
    help="Access codes: the restricted fee they open.",
)
@option(
    "--quantity",
    section="Codes",
    metavar="N|unlimited",
    callback=quantity_value,
    default="unlimited",
    show_default=True,
    help="Uses per code.",
)
@option("--paused", section="Codes", is_flag=True, help="Create the codes paused.")
@option(
    "--output",
    section="Codes",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The CSV to write [default: promocodes-EVENT-COUNT-DIGEST.csv, where the digest "
    "stands for the options, so the same command finds it again and finishes it].",
)
@option("--only-csv", section="Codes", is_flag=True, help="Write the CSV; import nothing.")
@option(
    "--currency",
    section="Codes",
    metavar="CODE",
    type=click.Choice(CURRENCIES, case_sensitive=False),
    help="The currency of an amount --discount, which must be the event's (default: the one "
    "its sign names, else USD).",
)
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

    if job is None or config is None:
        run_logged(generate, view, secrets)
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
