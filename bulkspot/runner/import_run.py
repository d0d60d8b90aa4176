"""One import job from sheet to results file: `run_job`, in named steps.

_open_sheet      read the header, map the columns (a missing required column stops here),
                 claim the job's files
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
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bulkspot.config import RunConfig
from bulkspot.core.operation import OpKey, RowError
from bulkspot.core.outcome import Status
from bulkspot.errors import ConfigError
from bulkspot.events import RowDone, RunEvent, RunFinished, RunStarted
from bulkspot.runner.engine import NOTHING_RUN, EngineReport, execute_plan
from bulkspot.runner.first_read import first_read
from bulkspot.runner.job import ImportJob, RunSummary
from bulkspot.runner.job_results import ResultFiles, planned_writes, write_results
from bulkspot.runner.journal_writer import JournalWriter
from bulkspot.runner.limit import first_rows
from bulkspot.runner.lookup import KeyIndex
from bulkspot.runner.paths import JOURNAL_SUFFIX, default_paths, errors_path, run_files
from bulkspot.runner.paths import journal_path as find_journal
from bulkspot.runner.retry import Requester
from bulkspot.runner.row_outcomes import RowOutcome, RowOutcomes
from bulkspot.runner.run_count import RunCount
from bulkspot.runner.sheet import SheetPlan
from bulkspot.runner.targets import hold_for_import
from bulkspot.sinks.claims import HeldFiles, check_run_files, hold
from bulkspot.sinks.journal import EVENT_KEY, Journal, remove_journal
from bulkspot.sinks.lock import JournalLock
from bulkspot.sinks.storage import check_writable
from bulkspot.sinks.target_lock import TargetLocks
from bulkspot.sinks.undo_mark import refuse_undone, undo_mark


def check_paths(job: ImportJob) -> None:
    """Every file the job writes can be written (StorageError, before anything is sent): a
    results folder found read-only only after every row was made fails every rerun too.
    A dry run keeps no journal of its own and writes no errors file, so only its results
    are checked."""
    check_run_files(run_files(job), job.source)  # never the input, never another job's
    results_path, journal_path = default_paths(job)
    check_writable(results_path, "the results file")
    if not job.dry_run:
        check_writable(journal_path, "the journal", file_too=True)
        check_writable(errors_path(job, results_path), "the errors file")


__all__ = ["JOURNAL_SUFFIX", "check_paths", "default_paths", "run_job"]


@dataclass(frozen=True, slots=True)
class _Claimed:
    """The files a job holds for its run: none is written by another job meanwhile."""

    results: Path
    journal: Path
    errors: Path | None  # a dry run writes none
    lock: JournalLock | None  # a dry run keeps no journal of its own
    held: HeldFiles
    writing: TargetLocks | None  # what it writes into, one writer on this machine; dry: none

    def release(self) -> None:
        self.held.release()
        if self.writing is not None:
            self.writing.release()


async def run_job(
    job: ImportJob,
    config: RunConfig,
    requester: Requester,
    *,
    handle_signals: bool = False,
) -> RunSummary:
    """One import job, step by step: open the sheet and claim its files, open the journal,
    check the parent, run the pool, write the results."""
    sheet, files = _open_sheet(job, config)
    notify = requester.notify
    warnings = list(sheet.warnings)
    report = NOTHING_RUN
    new_journal = not files.journal.exists()
    this_run = _ThisRun()  # the rows this run settles (RunSummary.counts), its requests
    index = KeyIndex(requester)  # the collections read: the event's check reads the first
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
                elif (first := await first_read(job, sheet, config, index, done_before)).stopped:
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


def _open_sheet(job: ImportJob, config: RunConfig) -> tuple[SheetPlan, _Claimed]:
    """The sheet, opened and mapped (a missing required column stops here), and the job's
    files claimed: each can be written, none is another job's, and a dry run of an undone
    job is refused as the real run would be. The sheet is closed again when refused."""
    sheet = SheetPlan.open(job)
    results_path = default_paths(job)[0]
    journal_path = find_journal(job, sheet.fingerprint)  # an upgrade finds the old name
    try:
        check_paths(job)  # before the first request: a run that could not keep its results
        if job.dry_run and not job.fresh:  # says what the real run would: refused once undone
            refuse_undone(journal_path, undo_mark(journal_path))
        lock = None if job.dry_run else Journal.own(journal_path, fresh=job.fresh)  # its own
        held = _hold_files(job, journal_path, lock)  # ... and every other file it writes
        writing = (
            None if lock is None else _hold_targets(job, sheet, config, journal_path, lock, held)
        )
    except BaseException:
        sheet.close()  # refused: the sheet is not left open in a library caller's process
        raise
    errors = None if job.dry_run else errors_path(job, results_path)
    return sheet, _Claimed(results_path, journal_path, errors, lock, held, writing)


def _identity(job: ImportJob, sheet: SheetPlan, config: RunConfig) -> dict[str, str]:
    """What a journal is the journal of: another job's is refused."""
    return {
        "kind": sheet.kind,
        "input": sheet.fingerprint,
        "columns": json.dumps(sheet.columns, sort_keys=True),
        EVENT_KEY: job.event_id or "",
        "api": config.api.base_url,
    }


def _resume(job: ImportJob, files: _Claimed, journal: Journal, requester: Requester) -> list[str]:
    """Take up where the journal's last run ended: --retry-failed forgets what failed, and
    a run killed a moment ago leaves its second to this one. Returns the warnings."""
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


def _hold_files(job: ImportJob, journal: Path, lock: JournalLock | None) -> HeldFiles:
    """Lock the job's files besides its journal (refused, naming the job that has one)."""
    try:
        return hold(
            [f for f in run_files(job, journal) if not f.journal], None if job.dry_run else journal
        )
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _hold_targets(
    job: ImportJob,
    sheet: SheetPlan,
    config: RunConfig,
    journal: Path,
    lock: JournalLock,
    files: HeldFiles,
) -> TargetLocks:
    """What the job writes into, one writer on this machine (runner/targets.py): refused
    before anything is sent, letting go of the journal and the other files too."""
    try:
        return hold_for_import(config.api, sheet.kind, job.event_id, journal)
    except BaseException:
        files.release()
        lock.release()
        raise


@contextmanager
def _open_journal(job: ImportJob, files: _Claimed, identity: dict[str, str]) -> Iterator[Journal]:
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


class _ThisRun(RunCount):
    """Counts the rows this run settles, from its RowDone events (not a journal's replay),
    and its requests and retries (the event check's and look-ups' included), and marks
    which rows (a byte a row number: flat on big sheets)."""

    def __init__(self) -> None:
        super().__init__()
        self.settled: dict[Status, int] = {}
        self.found_invalid = False  # --strict refused the sheet: its invalid rows are this run's
        self.rows = bytearray()

    def __call__(self, event: RunEvent) -> None:
        super().__call__(event)
        if isinstance(event, RowDone) and event.ends_row and not event.resumed:
            status = event.outcome.status
            self.settled[status] = self.settled.get(status, 0) + 1
            row = event.key.row
            if row >= len(self.rows):
                self.rows += bytes(row + 1 - len(self.rows))
            self.rows[row] = 1

    def outcomes(self, job: Sequence[RowOutcome]) -> RowOutcomes:
        """The rows of `job` this run counts, as `counts` does: those it settled, and those
        it left pending (and, under --strict, the invalid rows it found)."""
        found = RowOutcomes()
        for outcome in job:
            mine = outcome.row < len(self.rows) and self.rows[outcome.row]
            if (
                mine
                or outcome.status is Status.PENDING
                or (self.found_invalid and outcome.status is Status.INVALID)
            ):
                found.append(outcome.row, outcome.status, outcome.id)
        return found

    def counts(self, totals: Mapping[Status, int]) -> dict[Status, int]:
        """This run's counts; rows it left unsent are its pending too."""
        found = dict(self.settled)
        if self.found_invalid and totals.get(Status.INVALID):
            found[Status.INVALID] = totals[Status.INVALID]
        if totals.get(Status.PENDING):
            found[Status.PENDING] = totals[Status.PENDING]
        return found
