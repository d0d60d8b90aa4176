"""`bulkspot events publish|cancel ID...`: a few events' status by hand, through the same
requester and write path as an import (the documented PATCH; the rate is kept, transient
failures retried). A sheet does the same for many with its `status` column."""

from __future__ import annotations

from collections.abc import Sequence

import anyio
import click

from bulkspot import api
from bulkspot.cli.boundary import user_errors
from bulkspot.cli.builders import build_config, builds
from bulkspot.cli.option_values import event_id_value
from bulkspot.cli.options import credentials_options, limits_options
from bulkspot.config import RunConfig
from bulkspot.errors import ApiError, TransferError

EXIT_SOME_FAILED = 1


def event_ids(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    """Each id is checked as --event checks one: it becomes a segment of the API's path."""
    return tuple(str(event_id_value(ctx, param, value)) for value in values)


async def change_statuses(config: RunConfig, ids: Sequence[str], status: str) -> list[str]:
    """One line per event: its new status, or why it could not be changed."""
    lines = []
    async with api.open_client(config) as client:
        for event_id in ids:
            try:
                event = await client.set_event_status(event_id, status)
            except TransferError as error:
                why = error.summary if isinstance(error, ApiError) else str(error)
                lines.append(f"{event_id}  failed: {why}")
                continue
            name = event.get("name", "")
            lines.append(f"{event_id}  {event.get('status', status)}  {name}".rstrip())
    return lines


def run(config: RunConfig, ids: Sequence[str], status: str) -> None:
    with user_errors():  # a 401, the daily quota: a clean message and exit 2
        lines = anyio.run(change_statuses, config, ids, status)
    for line in lines:
        click.echo(line)
    failed = any("  failed: " in line for line in lines)
    click.get_current_context().exit(EXIT_SOME_FAILED if failed else 0)


@click.group("events")
def events_group() -> None:
    """Publish or cancel events by id (a sheet's status column does many).

    \b
    Example:
      bulkspot events publish a07e1iw4r2m67314717
      bulkspot events cancel a07e1iw4r2m67314717 a07e1iw4r2m67314718
    """


IDS = click.argument("ids", nargs=-1, required=True, metavar="ID...", callback=event_ids)


@events_group.command("publish")
@IDS
@limits_options
@credentials_options
@builds(config=build_config)
def publish_command(ids: tuple[str, ...], config: RunConfig) -> None:
    """Publish DRAFT events: their status becomes ACTIVE and registration opens.

    \b
    Example:
      bulkspot events publish a07e1iw4r2m67314717 a07e1iw4r2m67314718
    """
    run(config, ids, "ACTIVE")


@events_group.command("cancel")
@IDS
@limits_options
@credentials_options
@builds(config=build_config)
def cancel_command(ids: tuple[str, ...], config: RunConfig) -> None:
    """Cancel events (DRAFT or ACTIVE): their status becomes CANCELLED.

    \b
    Example:
      bulkspot events cancel a07e1iw4r2m67314717
    """
    run(config, ids, "CANCELLED")
