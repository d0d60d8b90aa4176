"""`bulkspot undo --journal FILE`: delete what one run created, children first."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from bulkspot import api
from bulkspot.cli.boundary import command_line
from bulkspot.cli.builders import View, build_config, build_view, builds
from bulkspot.cli.execution import run_with_progress
from bulkspot.cli.options import (
    SectionedCommand,
    credentials_options,
    journal_option,
    limits_options,
    view_options,
)
from bulkspot.cli.summary import NextSteps
from bulkspot.config import RunConfig
from bulkspot.runner.events import Observer


@click.command("undo", cls=SectionedCommand)
@journal_option(
    required=True, help="The journal of the run to undo.", section="Input", must_exist=True
)
@limits_options
@view_options
@credentials_options
@builds(config=build_config, view=build_view)
def undo_command(journal_path: Path, config: RunConfig, view: View) -> None:
    """Undo an import: delete what its run created, attributes before items, promocodes
    before fees; events (which the API cannot delete) are cancelled.

    Only what the run itself created is touched; rows that found an existing resource are
    left alone. An interrupted undo resumes when run again.

    \b
    Example:
      bulkspot undo --journal inventory.items.a07e1iw4r2m67314717.journal.sqlite
    """

    async def work(observers: Sequence[Observer]) -> api.RunSummary:
        return await api.undo_journal(
            journal_path, config=config, observers=observers, handle_signals=True
        )

    summary = run_with_progress(
        work,
        title=f"undo of {journal_path}",
        rate=config.limits.rate,
        view=view,
        secrets=config.api.secrets,
        label="deletions",
        steps=lambda _s: NextSteps(resume=command_line()),
    )
    click.get_current_context().exit(summary.exit_code)
