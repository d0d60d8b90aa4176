"""What an import will do, read from its sheet before anything is sent: a schedules import
is shown (and confirmed on the command line) first, since scheduling sends email to real
people. Rows that will not be sent (invalid ones) are left out: the import reports them."""

from __future__ import annotations

from dataclasses import dataclass

from bulkspot.core.operation import ByKey, Operation
from bulkspot.core.resources import SCHEDULE, spec_for
from bulkspot.runner.job import ImportJob

__all__ = ["PlannedSchedule", "planned_schedules", "schedules_email"]


@dataclass(frozen=True, slots=True)
class PlannedSchedule:
    """One schedule the sheet makes or moves."""

    row: int  # the sheet's row number
    campaign: str  # the campaign's name as the sheet gives it, or "campaign ID"
    when: str | None  # the scheduled date, None: sent now
    moved: bool  # an existing schedule moved rather than a new one made


def schedules_email(job: ImportJob) -> bool:
    """Whether running `job` schedules email campaigns (a schedules import, not a dry run)."""
    return not job.dry_run and spec_for(job.kind) is SCHEDULE


def planned_schedules(job: ImportJob) -> list[PlannedSchedule]:
    """The schedules the job's sheet makes or moves, in sheet order; raises as an import
    does for a sheet it cannot read or map (SourceError, ConfigError)."""
    from bulkspot.runner.sheet import SheetPlan

    found: list[PlannedSchedule] = []
    sheet = SheetPlan.open(job)
    try:
        with sheet.plan() as planned:
            found += [_planned(op) for op in planned if isinstance(op, Operation)]
    finally:
        sheet.close()
    return found


def _planned(op: Operation) -> PlannedSchedule:
    source = op.path_ids.get("campaign_id")
    campaign = source.value if isinstance(source, ByKey) else f"campaign {source}"
    when = op.fields.get("scheduled_date")
    return PlannedSchedule(
        op.key.row, str(campaign), None if when is None else str(when), op.target is not None
    )
