"""`bulkspot undo --journal FILE`: delete what one run created, children first."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from bulkspot import api
from bulkspot.cli.boundary import command_line, user_errors
from bulkspot.cli.credentials import api_settings
from bulkspot.cli.execution import run_with_progress
from bulkspot.cli.options import (
    SectionedCommand,
    credentials_options,
    journal_option,
    limits_from,
    limits_options,
    quiet_option,
)
from bulkspot.cli.summary import NextSteps
from bulkspot.config import RunConfig
from bulkspot.runner.events import Observer


@click.command("undo", cls=SectionedCommand)
@journal_option(required=True, help="The journal of the run to undo.", section="Input")
@limits_options
@quiet_option
@credentials_options
def undo_command(
    journal_path: Path,
    rate: float,
    concurrency: int | None,
    quiet: bool,
    base_url: str,
    api_key: str | None,
    token: str | None,
) -> None:
    """Undo an import: delete what its run created, attributes before items, promocodes
    before fees; events (which the API cannot delete) are cancelled.

    Only what the run itself created is touched; rows that found an existing resource are
    left alone. An interrupted undo resumes when run again.

    \b
    Example:
      bulkspot undo --journal inventory.items.a07e1iw4r2m67314717.journal.sqlite
    """
    with user_errors():
        if not journal_path.is_file():
            raise click.BadParameter(f"no journal at {journal_path}", param_hint="--journal")
        config = RunConfig(
            api=api_settings(base_url, api_key, token), limits=limits_from(rate, concurrency)
        )

    async def work(observers: Sequence[Observer]) -> api.RunSummary:
        return await api.undo_journal(
            journal_path, config=config, observers=observers, handle_signals=True
        )

    summary = run_with_progress(
        work,
        title=f"undo of {journal_path}",
        rate=rate,
        quiet=quiet,
        label="deletions",
        steps=lambda _s: NextSteps(resume=command_line()),
    )
    click.get_current_context().exit(summary.exit_code)
