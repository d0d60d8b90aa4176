"""`bulkspot promocodes generate`: new unique codes to a CSV, then imported like any sheet."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import anyio
import click

from bulkspot import api
from bulkspot.cli.boundary import command_line, user_errors
from bulkspot.cli.credentials import api_settings
from bulkspot.cli.import_cmd import run_import_job
from bulkspot.cli.options import (
    SectionedCommand,
    credentials_options,
    event_option,
    limits_from,
    limits_options,
    option,
    output_options,
)
from bulkspot.cli.summary import NextSteps
from bulkspot.config import ApiSettings, RunConfig
from bulkspot.core.codes import (
    DEFAULT_LENGTH,
    UNLIMITED,
    PromocodeTerms,
    check_request,
    generate_codes,
)
from bulkspot.core.operation import OnExisting
from bulkspot.errors import ConfigError

# The options of the generator: not part of the import command that resumes it.
GENERATOR_OPTIONS = (
    "--count", "--prefix", "--length", "--seed", "--discount", "--scope", "--fees",
    "--access-fee", "--quantity", "--paused", "--output", "--only-csv", "--fresh",
)  # fmt: skip


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


async def existing_codes(config: RunConfig, event_id: str) -> list[str]:
    """The event's code names, read through the rate gate with retries."""
    async with api.open_client(config) as client:
        codes = await client.list("promocode", {"event_id": event_id})
    return [str(c.get("code_name", "")) for c in codes]


def write_codes(path: Path, codes: list[str], terms: PromocodeTerms) -> None:
    rows = [terms.row(code) for code in codes]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


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
    help="The CSV to write [default: promocodes-EVENT-TIMESTAMP.csv].",
)
@option("--only-csv", section="Codes", is_flag=True, help="Write the CSV; import nothing.")
@limits_options
@output_options
@credentials_options
def generate_command(
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
    only_csv: bool,
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
    """Generate COUNT new promocodes for an event and import them.

    Codes are unique among themselves and against the event's existing codes, 4-12
    characters (prefix included), from letters and digits that cannot be mistaken for each
    other (no 0/O, 1/I/L). They are written to a CSV first, then imported exactly like
    `bulkspot import promocodes` (--only-csv: written, not imported).

    \b
    Example:
      bulkspot promocodes generate --event a07e1iw4r2m67314717 --count 200 \\
          --prefix VIP_ --discount 20% --seed 7
      bulkspot promocodes generate --event a07e1iw4r2m67314717 --count 50 \\
          --access-fee "Backstage pass" --quantity 1 --only-csv
    """
    with user_errors():
        terms = PromocodeTerms(
            discount=discount,
            scope=scope,
            fees=tuple(f.strip() for f in (fees or "").split(";") if f.strip()),
            access_fee=access_fee,
            quantity=quantity,
            paused=paused,
        )
        terms.check()
        check_request(count, prefix, length)
        try:
            settings: ApiSettings | None = api_settings(base_url, api_key, token)
        except ConfigError:
            if not only_csv:
                raise
            settings = None
        config = None
        if settings is not None:
            limits = limits_from(rate, concurrency)
            config = RunConfig(api=settings, limits=limits, on_existing=OnExisting(on_existing))
        taken: list[str] = []
        if config is not None:
            taken = anyio.run(existing_codes, config, event_id)
        else:
            click.echo(
                "warning: no credentials, so the codes are not checked against the event's "
                "existing codes",
                err=True,
            )
        codes = generate_codes(count, prefix=prefix, length=length, existing=taken, seed=seed)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        csv_path = output or Path(f"promocodes-{event_id}-{stamp}.csv")
        write_codes(csv_path, codes, terms)
    click.echo(f"wrote {len(codes)} codes to {csv_path}")
    if only_csv or config is None:
        return
    with user_errors():
        job = api.ImportJob(
            kind="promocodes",
            source=csv_path,
            event_id=event_id,
            results_path=results_path,
            journal_path=journal_path,
            dry_run=dry_run,
            strict=strict,
            fresh=fresh,
            retry_failed=retry_failed,
        )
    summary = run_import_job(
        job,
        config,
        quiet=quiet,
        title=f"import of {count} generated promocodes ({csv_path})",
        steps=lambda _s: resume_steps(csv_path),
    )
    click.get_current_context().exit(summary.exit_code)


def resume_steps(csv_path: Path) -> NextSteps:
    """Going on means importing the same CSV again, not generating new codes."""
    head = ["import", "promocodes", str(csv_path)]
    return NextSteps(
        resume=command_line(replace=head, drop=GENERATOR_OPTIONS),
        retry_failed=command_line(replace=head, drop=GENERATOR_OPTIONS, add=["--retry-failed"]),
    )
