"""`bulkspot copy --from-event A --to-event B`: options -> CopyJob + two RunConfigs ->
`api.copy`, one import summary per kind, and the journals that undo it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from bulkspot.api import RunSummary
from bulkspot.cli.boundary import user_errors
from bulkspot.cli.builders import build_config, builds
from bulkspot.cli.copy_report import as_json, many_lines, many_object, single_object
from bulkspot.cli.credentials import api_settings
from bulkspot.cli.help_sections import SectionedCommand, option
from bulkspot.cli.option_values import event_id_value
from bulkspot.cli.options import credentials_options, limits_options, quiet_option
from bulkspot.config import ApiSettings, RunConfig, SecretsGiven
from bulkspot.errors import ConfigError

if TYPE_CHECKING:
    from bulkspot.api_copy_many import ManyCopyJob

SUMMARY = (
    "Copy an event's fees, items with attributes and promocodes into another event, "
    "maybe of another account: resumable and undoable like an import."
)
COPY_HELP = """Copy an event's fees, then its items with their attributes, then its
promocodes (their fees found again by label) into another event, maybe of another account.

Each kind is exported from the source event to a sheet and imported into the other event
with a journal of its own, all in one folder named by the two events: the same command
finishes a copy that stopped, and `bulkspot undo --journal` takes each kind back
(promocodes first). Run again once finished (a rehearsal, then the cut-over), it reads the
source again and brings over what is new or changed there (made, or updated to the
source's values), in a catch-up sheet with a journal of its own. The source account, when
it is another, comes from CTCT_SOURCE_API_KEY, CTCT_SOURCE_ACCESS_TOKEN and
BULKSPOT_SOURCE_BASE_URL.

One template, many accounts: --accounts FILE in place of --to-event copies the event into
every account the file lists (a CSV file: name,to_event,api_key_env,token_env[,base_url],
the key and token given by the names of the environment variables that hold them), all at
once in this process, each at its own key's rate, in a folder of its own named by the
account. One account that stops (a bad token, its quota) does not stop the others.

\b
Example:
  bulkspot copy --from-event a07e1iw4r2m67314717 --to-event a07e1jfq0bu0a6b6f2d
  bulkspot copy --from-event a07e1iw4r2m67314717 --accounts clients.csv
"""


def kinds_value(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def totals(result: RunSummary) -> str:
    """An import's totals so far, and why it stopped if it did."""
    counts = ", ".join(f"{n} {status}" for status, n in result.job_counts.items() if n)
    stopped = f" (stopped: {result.stopped})" if result.stopped else ""
    return f"{counts or 'no rows'}{stopped}"


class CopyCommand(SectionedCommand):
    """`copy` with its one target checked as the options are read: a usage mistake is said
    before the credentials are looked at, as a missing option is."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)
        if (ctx.params.get("to_event") is None) == (ctx.params.get("accounts_file") is None):
            raise click.UsageError(ONE_TARGET, ctx)
        return rest


ONE_TARGET = "give --to-event ID or --accounts FILE (one of them)"


@click.command("copy", cls=CopyCommand, help=COPY_HELP, short_help=SUMMARY)
@option(
    "--from-event",
    "from_event",
    section="Input",
    metavar="ID",
    required=True,
    callback=event_id_value,
    help="The event to copy from.",
)
@option(
    "--to-event",
    "to_event",
    section="Input",
    metavar="ID",
    callback=event_id_value,
    help="The event to copy into (it must exist); or --accounts.",
)
@option(
    "--accounts",
    "accounts_file",
    section="Input",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Copy into every account of this CSV file (name,to_event,api_key_env,token_env"
    "[,base_url]) at once, in place of --to-event.",
)
@option(
    "--kinds",
    section="Input",
    metavar="KINDS",
    callback=kinds_value,
    help="What to copy, comma-separated (default: fees,items,promocodes).",
)
@option(
    "--folder",
    section="Output",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the sheets, journals and results go (default: bulkspot-copy-A-to-B here; "
    "with --accounts, bulkspot-copy-A).",
)
@option(
    "--fresh",
    section="Output",
    is_flag=True,
    help="Start over: export again and ignore the journals of an earlier copy.",
)
@option(
    "--keep-amounts",
    section="Input",
    is_flag=True,
    help="Between events of different currencies, keep the amounts' numbers as they are in "
    "the new currency (45 USD becomes 45 EUR); without it such a copy is refused.",
)
@option(
    "--source-base-url",
    section="Credentials",
    metavar="URL",
    envvar="BULKSPOT_SOURCE_BASE_URL",
    show_envvar=True,
    help="The source account's API (default: --base-url).",
)
@option(
    "--source-api-key",
    section="Credentials",
    metavar="K",
    envvar="CTCT_SOURCE_API_KEY",
    show_envvar=True,
    help="The source account's API key (default: --api-key).",
)
@option(
    "--source-token",
    section="Credentials",
    metavar="T",
    envvar="CTCT_SOURCE_ACCESS_TOKEN",
    show_envvar=True,
    help="The source account's access token (default: --token).",
)
@option(
    "--json",
    "json_summary",
    section="Output",
    is_flag=True,
    help="Print the summary as one JSON object on stdout (progress goes to stderr).",
)
@quiet_option
@limits_options
@credentials_options
@builds(config=build_config)
def copy_command(
    from_event: str,
    to_event: str | None,
    accounts_file: Path | None,
    kinds: tuple[str, ...],
    folder: Path | None,
    fresh: bool,
    keep_amounts: bool,
    source_base_url: str | None,
    source_api_key: str | None,
    source_token: str | None,
    json_summary: bool,
    quiet: bool,
    config: RunConfig,
) -> None:
    """Options -> one CopyJob -> one copy -> a line per kind and the journals to undo it."""
    import dataclasses
    import time

    import anyio

    from bulkspot import api

    started = time.monotonic()
    with user_errors():
        try:
            source = dataclasses.replace(
                config,
                api=api_settings(
                    source_base_url or config.api.base_url,
                    source_api_key or config.api.api_key,
                    source_token or config.api.token,
                ),
            )
        except ConfigError as error:  # say which account: the message names no variable
            raise ConfigError(f"the source account: {error}") from None
        given = _source_given(source, source_api_key, source_token)
        source = dataclasses.replace(source, api=given)
        if accounts_file is not None:
            targets = api.targets_from_file(accounts_file, config)
            many = api.ManyCopyJob(from_event, targets, kinds, folder, fresh, keep_amounts)
            copy_accounts(many, source, quiet=quiet, json_summary=json_summary)
            return
        assert to_event is not None
        job = api.CopyJob(from_event, to_event, kinds, folder, fresh, keep_amounts)

        def tell(kind: str, phase: str) -> None:
            if not quiet:
                verbs = {"export": "exporting", "check": "checking the source's"}
                click.echo(f"{verbs.get(phase, 'importing')} {kind}", err=True)

        summary = anyio.run(
            lambda: api.copy(job, config, source, handle_signals=True, on_kind=tell)
        )
    if json_summary:
        found = single_object(
            summary,
            from_event=from_event,
            to_event=to_event,
            wall_seconds=time.monotonic() - started,
        )
        click.echo(as_json(found))
        click.get_current_context().exit(summary.exit_code)
    for kind, result in summary.imports.items():  # the kind's totals, a stopped run's too
        click.echo(f"{kind}: {totals(result)}")
        caught = summary.caught_up.get(kind)
        for number, made in (caught.imports if caught else {}).items():
            assert caught is not None
            why = ""
            if number == caught.new and caught.changes is not None:
                why = f" (changed at the source since it was read: {caught.changes.describe()})"
            click.echo(f"{kind} catch-up {number}{why}: {totals(made)}")
        if caught and caught.changes and caught.changes.gone and not caught.changes.groups:
            click.echo(f"{kind} at the source: {caught.changes.describe()}")
    if summary.not_started:
        click.echo(
            f"not started: {', '.join(summary.not_started)}; run the same command again to finish"
        )
    click.echo(f"sheets, journals and results: {summary.folder}")
    for journal in summary.journals:
        click.echo(f"  undo: bulkspot undo --journal {journal}")
    click.get_current_context().exit(summary.exit_code)


def _source_given(source: RunConfig, api_key: str | None, token: str | None) -> ApiSettings:
    """The source's settings, naming where its key and token were given: the CTCT_SOURCE_
    ones when set, so a refused template key is fixed where it was given."""
    import dataclasses

    usual = SecretsGiven()
    given = SecretsGiven(
        "CTCT_SOURCE_API_KEY (or --source-api-key)" if api_key else usual.api_key,
        "CTCT_SOURCE_ACCESS_TOKEN (or --source-token)" if token else usual.token,
    )
    return dataclasses.replace(source.api, given=given)


def copy_accounts(job: ManyCopyJob, source: RunConfig, *, quiet: bool, json_summary: bool) -> None:
    """One template into many accounts: the table across them (or the JSON), and the
    worst account's exit code."""
    import anyio

    from bulkspot import api

    def tell(account: str, kind: str, phase: str) -> None:
        if not quiet:
            verbs = {"export": "exporting", "check": "checking the source's"}
            click.echo(f"{account}: {verbs.get(phase, 'importing')} {kind}", err=True)

    with user_errors():
        summary = anyio.run(lambda: api.copy_many(job, source, handle_signals=True, on_kind=tell))
    if json_summary:
        click.echo(as_json(many_object(summary)))
    else:
        for line in many_lines(summary):
            click.echo(line)
    click.get_current_context().exit(summary.exit_code)
