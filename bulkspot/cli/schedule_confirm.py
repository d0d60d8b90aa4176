"""A schedules import is confirmed before it starts: scheduling sends email to real people.

What it will schedule is shown first (campaign and time, or "now"); on a terminal it asks,
elsewhere (a script, cron) it needs --yes, as a large undo does. Rows that will not be sent
(invalid ones) are not shown: the import reports them as it always does.
"""

from __future__ import annotations

import click

from bulkspot import api
from bulkspot.api_preview import PlannedSchedule, planned_schedules, schedules_email
from bulkspot.cli.boundary import Failure, can_ask, user_errors

SHOWN = 10  # lines of the list; the rest are counted


def scheduled(job: api.ImportJob) -> list[str]:
    """One line per schedule the sheet makes or moves: "row 2: Spring Newsletter at ..."."""
    with user_errors():
        return [_line(schedule) for schedule in planned_schedules(job)]


def _line(schedule: PlannedSchedule) -> str:
    campaign, when = schedule.campaign, schedule.when
    if schedule.moved:
        return f"row {schedule.row}: {campaign}, its schedule moved to {when}"
    return f"row {schedule.row}: {campaign}, sent {f'at {when}' if when else 'now'}"


def confirm_schedules(job: api.ImportJob, yes: bool) -> None:
    """Show what a schedules import will schedule; go on only when told to (exit 2 else)."""
    if not schedules_email(job):
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
