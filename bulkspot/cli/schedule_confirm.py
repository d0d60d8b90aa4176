"""A schedules import is confirmed before it starts: scheduling sends email to real people.

What it will schedule is shown first (campaign and time, or "now"); on a terminal it asks,
elsewhere (a script, cron) it needs --yes, as a large undo does. Rows that will not be sent
(invalid ones) are not shown: the import reports them as it always does.
"""

from __future__ import annotations

import click

from bulkspot import api
from bulkspot.cli.boundary import Failure, can_ask, user_errors
from bulkspot.core.operation import ByKey, Operation
from bulkspot.core.resources import SCHEDULE, spec_for
from bulkspot.runner.sheet import SheetPlan

SHOWN = 10  # lines of the list; the rest are counted


def scheduled(job: api.ImportJob) -> list[str]:
    """One line per schedule the sheet makes or moves: "row 2: Spring Newsletter at ..."."""
    lines: list[str] = []
    with user_errors():
        sheet = SheetPlan.open(job)
        try:
            with sheet.plan() as planned:
                for op in planned:
                    if isinstance(op, Operation):
                        lines.append(_line(op))
        finally:
            sheet.close()
    return lines


def _line(op: Operation) -> str:
    source = op.path_ids.get("campaign_id")
    campaign = source.value if isinstance(source, ByKey) else f"campaign {source}"
    when = op.fields.get("scheduled_date")
    if op.target is not None:
        return f"row {op.key.row}: {campaign}, its schedule moved to {when}"
    return f"row {op.key.row}: {campaign}, sent {f'at {when}' if when else 'now'}"


def confirm_schedules(job: api.ImportJob, yes: bool) -> None:
    """Show what a schedules import will schedule; go on only when told to (exit 2 else)."""
    if job.dry_run or spec_for(job.kind) is not SCHEDULE:
        return
    lines = scheduled(job)
    if not lines:
        return
    click.echo(f"this import schedules {len(lines)} email campaign(s):", err=True)
    for line in lines[:SHOWN]:
        click.echo(f"  {line}", err=True)
    if len(lines) > SHOWN:
        click.echo(f"  ... and {len(lines) - SHOWN} more", err=True)
    if yes:
        return
    if not can_ask():
        raise Failure(
            "scheduling sends email to the campaigns' contact lists; with no terminal to ask "
            "on, give --yes to go ahead (--dry-run checks the sheet and sends nothing)"
        )
    if not click.confirm("Email goes to real people at these times. Go on?", err=True):
        raise Failure("not confirmed: nothing was scheduled")
