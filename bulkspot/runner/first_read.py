"""The run's first read, before any row is sent, and what it tells (issue 24: every request
earns its place, so this is a read the rows need anyway, made first):

- under an event, the collection the rows read first, whose 404 says the event is missing
  (and, for a sheet of amounts, the event itself beside it, for its currency): checks.py;
- for a kind whose names the account holds (lists), that collection;
- then, from what it holds, the sheet's names that differ only by case from one the event
  or account has (SPRING in the event, spring in the sheet: two codes to the API), said
  on their rows and in the warnings (core/case_twins.py).

A dry run reads the same, so it says the same and its estimate is the real count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bulkspot.config import RunConfig
from bulkspot.core.case_twins import held_twin_notes
from bulkspot.core.resources import spec_for
from bulkspot.errors import StopRun, TransferError
from bulkspot.events import RunStopped
from bulkspot.runner.api_base import check_api_base
from bulkspot.runner.checks import check_event, event_collection
from bulkspot.runner.engine import EngineReport
from bulkspot.runner.job import ImportJob
from bulkspot.runner.lookup import KeyIndex
from bulkspot.runner.sheet import SheetPlan


@dataclass(frozen=True, slots=True)
class FirstRead:
    """What the first read found: a stop (every row left pending), or notes for the rows."""

    stopped: EngineReport | None = None
    row_notes: Mapping[int, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


async def first_read(
    job: ImportJob,
    sheet: SheetPlan,
    config: RunConfig,
    index: KeyIndex,
    done: int,
    events: Mapping[str, Any] | None = None,
) -> FirstRead:
    """Read before any row is sent, unless nothing is left to send. A wrong event is a
    ConfigError; an answer that stops every request (a bad token, the daily quota, an
    unreachable host) stops the run here, with every row left pending. `events`: the
    events already read by the job this run is part of (a copy's target), by id."""
    spec = spec_for(sheet.kind)
    if done >= sheet.total_rows:
        return FirstRead()
    read: tuple[Mapping[str, str], str] | None = None  # the collection read, and whose
    try:
        if job.event_id and (in_event := event_collection(spec.kind, job.event_id)):
            await check_event(
                job.event_id,
                sheet.kind,
                index,
                config.api.base_url,
                dry_run=job.dry_run,
                currency=sheet.currency,
                events=events,
            )
            read = in_event[1], "the event"
        else:  # no event read says a 404 may be the base URL's: this one does
            await check_api_base(
                spec.kind, index.requester, config.api.base_url, dry_run=job.dry_run
            )
        if read is None and spec.parent is None and spec.sheet.held_twins_warned:
            await _read(index, spec.kind, job.dry_run)
            read = {}, "the account"
    except StopRun as stop:
        index.requester.notify(RunStopped(stop.reason, stop.resume_hint))
        return FirstRead(EngineReport(stopped=stop.reason, resume_hint=stop.resume_hint))
    if read is None or not spec.sheet.held_twins_warned:
        return FirstRead()
    return _held_twins(sheet, index, *read)


async def _read(index: KeyIndex, kind: str, dry_run: bool) -> None:
    """The collection of a kind that lives in no event; a failure is the rows' to meet."""
    try:
        await index.read(kind, {})
    except StopRun:
        if not dry_run:
            raise
    except TransferError:
        pass


def _held_twins(
    sheet: SheetPlan, index: KeyIndex, scope: Mapping[str, str], holder: str
) -> FirstRead:
    spec = spec_for(sheet.kind)
    header = sheet.mapping.header_of(spec.natural_key) if spec.natural_key else None
    held = index.names_read(spec.kind, scope)
    if header is None or not held:
        return FirstRead()
    with sheet.rows() as rows:
        numbered = (_Numbered(number, cells) for number, cells in rows)
        notes, warnings = held_twin_notes(spec, header, numbered, held, holder)
    return FirstRead(row_notes=notes, warnings=warnings)


@dataclass(frozen=True, slots=True)
class _Numbered:
    number: int
    cells: Mapping[str, object]
