"""One import job from sheet to results file: `run_job`, in named steps.

open_sheet       read the header, map the columns (a missing required column stops here),
                 claim the job's files (runner/job_files.py)
_open_journal    open the journal (resume, or refuse another job's journal); `_resume`
first_read       the run's first collection read before any row is sent: the event
                 checked by it, and what it holds (runner/first_read.py)
_run_pool        run the plan (or the dry run) while the sheet streams through the planner
write_results    the results file, by walking the sheet and the journal together
                 (runner/job_results.py)
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bulkspot.config import RunConfig
from bulkspot.core.operation import OpKey, RowError
from bulkspot.core.outcome import Status
from bulkspot.errors import ConfigError
from bulkspot.events import RunFinished, RunStarted
from bulkspot.runner.engine import NOTHING_RUN, EngineReport, execute_plan
from bulkspot.runner.first_read import first_read
from bulkspot.runner.job import ImportJob, RunSummary
from bulkspot.runner.job_files import Claimed, check_paths, open_sheet
from bulkspot.runner.job_results import ResultFiles, planned_writes, write_results
from bulkspot.runner.journal_writer import JournalWriter
from bulkspot.runner.limit import first_rows
from bulkspot.runner.lookup import KeyIndex
from bulkspot.runner.paths import JOURNAL_SUFFIX, default_paths
from bulkspot.runner.recorded_ids import check_recorded_ids
from bulkspot.runner.retry import Requester
from bulkspot.runner.sheet import SheetPlan
from bulkspot.runner.this_run import ThisRun
from bulkspot.sinks.journal import EVENT_KEY, Journal, remove_journal

if TYPE_CHECKING:  # a copy's reads; an import alone loads nothing of copy or export
    from bulkspot.runner.copy_target import TargetReads

__all__ = ["JOURNAL_SUFFIX", "check_paths", "default_paths", "run_job"]


async def run_job(
    job: ImportJob,
    config: RunConfig,
    requester: Requester,
    *,
    handle_signals: bool = False,
    shared: TargetReads | None = None,
) -> RunSummary:
    """One import job, step by step: open the sheet and claim its files, open the journal,
    check the parent, run the pool, write the results. `shared`: what the other imports of
    one copy have read of this target (runner/copy_target.py), through this requester."""
    sheet, files = open_sheet(job, config)
    notify = requester.notify
    warnings = list(sheet.warnings)
    report = NOTHING_RUN
    new_journal = not files.journal.exists()
    events = shared.events if shared is not None else None
    this_run = ThisRun()  # the rows this run settles (RunSummary.counts), its requests
    # the collections read: the event's check reads the first
    index = KeyIndex(requester) if shared is None else shared.index
    with notify.listening(this_run):
        try:
            with _open_journal(job, files, _identity(job, sheet, config)) as journal:
                warnings += _resume(job, files, journal, requester)
                done_before = journal.count_final()
                notify(
                    RunStarted(
                        sheet.total_rows,
                        done_before,
                        config.limits.rate,
                        verifying=job.verify and not job.dry_run,
                    )
                )
                if job.strict and not job.dry_run and await _record_invalid_rows(sheet, journal):
                    warnings.append("--strict: some rows are invalid, so nothing was sent")
                    this_run.found_invalid = True  # recorded here, not by the executor's events
                elif (
                    first := await first_read(job, sheet, config, index, done_before, events)
                ).stopped:
                    report = first.stopped
                else:
                    sheet = sheet.noted(first.row_notes)
                    warnings += first.warnings
                    report = await _run_pool(job, sheet, journal, config, index, handle_signals)
                    warnings += [report.warning] if report.warning else []
                counts, resources, outcomes = write_results(
                    sheet, journal, ResultFiles(files.results, files.errors, job.dry_run)
                )
                planned = planned_writes(journal) if job.dry_run else None
        except ConfigError:
            if new_journal and not job.dry_run:  # refused before any row: leave no journal
                remove_journal(files.journal)
            raise
        finally:
            files.release()
            changes = sheet.changes()  # the results follow the copy taken at the start
            sheet.close()
    warnings += changes
    notify(
        RunFinished(
            dict(counts),
            this_run.requests,
            this_run.retries,
            report.reconciliations,
            report.seconds,
        )
    )
    return RunSummary(
        counts=this_run.counts(counts),
        job_counts=counts,
        outcomes=outcomes,
        run_outcomes=this_run.outcomes(outcomes),
        requests=this_run.requests,  # the event check and look-ups included
        retries=this_run.retries,
        reconciliations=report.reconciliations,
        seconds=report.seconds,
        results_path=files.results,
        journal_path=None if job.dry_run else files.journal,
        warnings=warnings,
        stopped=report.stopped,
        resume_hint=report.resume_hint,
        resources=tuple(resources),
        errors_path=files.errors if files.errors is not None and files.errors.is_file() else None,
        limited=job.limit is not None,
        planned_writes=planned,
    )


def _identity(job: ImportJob, sheet: SheetPlan, config: RunConfig) -> dict[str, str]:
    """What a journal is the journal of: another job's is refused."""
    return {
        "kind": sheet.kind,
        "input": sheet.fingerprint,
        "columns": json.dumps(sheet.columns, sort_keys=True),
        EVENT_KEY: job.event_id or "",
        "api": config.api.base_url,
    }


def _resume(job: ImportJob, files: Claimed, journal: Journal, requester: Requester) -> list[str]:
    """Take up where the journal's last run ended: --retry-failed forgets what failed, and
    a run killed a moment ago leaves its second to this one. Returns the warnings. A
    journal is a file a colleague can edit: the ids it recorded are checked first, as an
    undo checks them (JournalError, before anything is sent or forgotten)."""
    check_recorded_ids(files.journal, journal.entries())
    warnings = []
    if journal.set_aside is not None:
        warnings.append(
            f"the damaged journal {files.journal} is kept as {journal.set_aside}; "
            "this run keeps a new one"
        )
    if job.retry_failed:
        journal.forget((Status.FAILED, Status.BLOCKED))
    since = journal.seconds_since_last_write()
    if since is not None and not job.dry_run:  # a run killed a moment ago: its second
        requester.rate.after_another_run(since)
    return warnings


async def _run_pool(
    job: ImportJob,
    sheet: SheetPlan,
    journal: Journal,
    config: RunConfig,
    index: KeyIndex,
    handle_signals: bool,
) -> EngineReport:
    """Carry the plan out (or the dry run) while the sheet streams through the planner."""
    with sheet.plan() as plan:
        if job.limit is not None:
            plan = first_rows(plan, job.limit, journal)
        return await execute_plan(
            plan,
            kind=sheet.kind,
            config=config,
            requester=index.requester,
            journal=journal,
            dry_run=job.dry_run,
            handle_signals=handle_signals,
            verify=job.verify,
            index=index,
        )


@contextmanager
def _open_journal(job: ImportJob, files: Claimed, identity: dict[str, str]) -> Iterator[Journal]:
    """The job's journal; a dry run gets a throwaway one and leaves the real one alone."""
    if job.dry_run:
        with tempfile.TemporaryDirectory(prefix="bulkspot-dry-") as folder:
            journal = Journal.open(Path(folder) / "dry.sqlite", identity)
            try:
                yield journal
            finally:
                journal.close()
        return
    journal = Journal.open(files.journal, identity, fresh=job.fresh, lock=files.lock)
    try:
        yield journal
    finally:
        journal.close()


async def _record_invalid_rows(sheet: SheetPlan, journal: Journal) -> bool:
    """--strict: validate everything first; record the invalid rows; True if there were any."""
    found = False
    async with JournalWriter(journal).running() as writer:
        with sheet.plan() as plan:
            for item in plan:
                if isinstance(item, RowError):
                    found = True
                    await writer.record_invalid(OpKey(item.row), sheet.kind, item.message)
    if writer.failure is not None:
        raise writer.failure
    return found
