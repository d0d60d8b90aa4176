"""`bulkspot undo --journal FILE`: delete what one run created, children first.

Deleting cannot be taken back, so a large undo is confirmed first: on a terminal it asks;
elsewhere (a script, cron) it needs --yes, since a script that names the wrong journal would
otherwise delete everything that run made without anyone seeing it. --dry-run lists what it
would delete or cancel and sends no write.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import click

from bulkspot import api
from bulkspot.api_undo import UndoPlan, hold_undo_log, undo_plan
from bulkspot.cli.boundary import Failure, can_ask, command_line, user_errors
from bulkspot.cli.builders import View, build_config, build_view, builds
from bulkspot.cli.execution import run_with_progress
from bulkspot.cli.help_sections import SectionedCommand, option
from bulkspot.cli.options import credentials_options, journal_option, limits_options, view_options
from bulkspot.cli.summary import NextSteps
from bulkspot.config import RunConfig
from bulkspot.events import Observer

ASK_ABOVE = 10  # resources: an undo of more is confirmed first


def confirm(plan: UndoPlan, journal_path: Path, yes: bool) -> None:
    """Go on, or stop with exit 2 before anything is sent: an undo of more than ASK_ABOVE
    resources is asked on a terminal, and needs --yes anywhere else."""
    if yes or plan.total <= ASK_ABOVE:
        return
    what = f"undo would {plan.describe()} that the run of {journal_path} created"
    if not can_ask():
        raise Failure(
            f"{what}; with no terminal to ask on, give --yes to go ahead (--dry-run lists them)"
        )
    if not click.confirm(f"{what}; this cannot be taken back. Go on?", err=True):
        raise Failure("not confirmed: nothing was deleted or cancelled")


@click.command("undo", cls=SectionedCommand)
@journal_option(
    required=True, help="The journal of the run to undo.", section="Input", must_exist=True
)
@limits_options
@option(
    "--dry-run",
    section="Output",
    is_flag=True,
    help="List what would be deleted or cancelled; send no write.",
)
@option(
    "--yes",
    "-y",
    section="Output",
    is_flag=True,
    help=f"Do not ask before deleting more than {ASK_ABOVE} resources (for scripts).",
)
@option(
    "--json",
    "json_summary",
    section="Output",
    is_flag=True,
    help="Print the summary as one JSON object on stdout (progress goes to stderr).",
)
@view_options
@credentials_options
@builds(config=build_config, view=build_view)
def undo_command(
    journal_path: Path, dry_run: bool, yes: bool, config: RunConfig, view: View
) -> None:
    """Undo an import: delete what its run created, attributes before items, promocodes
    before fees; events (which the API cannot delete) are cancelled.

    Only what the run itself created is touched: rows that found an existing resource, rows
    whose resources were updated (updates are not reverted) and cut-off creates whose name
    someone else's resource holds are left alone, and the summary counts them. What hangs
    under an item or a folder is read first: the run's own go first, deepest first, and
    one that holds what the run did not make (someone's size, subfolder or file) is left
    in place, named in the summary. Once undone, the import run again is refused unless
    it starts over with --fresh. More than
    10 resources: it asks first on a terminal; a script gives --yes. An interrupted undo
    resumes when run again.

    \b
    Example:
      bulkspot undo --journal inventory.xlsx.items.a07e1iw4r2m67314717.journal.sqlite --dry-run
      bulkspot undo --journal inventory.xlsx.items.a07e1iw4r2m67314717.journal.sqlite
    """
    let_go: Callable[[], None] = _nothing_held
    if view.log.path is not None:  # held while it runs: none but this undo writes it
        with user_errors():  # lines appended to a journal, or to a running job's file
            let_go = hold_undo_log(journal_path, view.log.path)
    try:
        _undo(journal_path, config, view, dry_run=dry_run, yes=yes)
    finally:
        let_go()


def _nothing_held() -> None:
    """No --log: no file of the undo's own to let go of."""


def _undo(journal_path: Path, config: RunConfig, view: View, *, dry_run: bool, yes: bool) -> None:
    """Confirm, run and sum up the undo (exit with its code), its log file held."""
    if not dry_run:
        with user_errors():
            plan = undo_plan(journal_path)
        confirm(plan, journal_path, yes)

    async def work(observers: Sequence[Observer]) -> api.RunSummary:
        return await api.undo_journal(
            journal_path,
            config=config,
            observers=observers,
            dry_run=dry_run,
            handle_signals=True,
        )

    summary = run_with_progress(
        work,
        title=f"{'dry run of ' if dry_run else ''}undo of {journal_path}",
        rate=config.limits.rate,
        view=view,
        secrets=config.api.secrets,
        label="deletions",
        steps=lambda _s: NextSteps() if dry_run else NextSteps(resume=command_line()),
        dry_run=dry_run,
        about={"kind": "undo", "input": str(journal_path), "dry_run": dry_run},
    )
    click.get_current_context().exit(summary.exit_code)
