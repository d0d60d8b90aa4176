"""One import job from sheet to results file: the sequence around the engine.

read the header, map the columns (a missing required column stops here)
open the journal (resume, or refuse another job's journal)
run the plan (or the dry run) while the sheet streams through the planner
write the results file by walking the sheet and the journal together
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from bulkspot.config import RunConfig
from bulkspot.core.operation import RowError
from bulkspot.core.outcome import Status
from bulkspot.core.planners import planner_for
from bulkspot.core.resources import spec_for
from bulkspot.errors import ConfigError, StopRun
from bulkspot.events import RowDone, RunFinished, RunStarted, RunStopped
from bulkspot.runner.checks import check_event
from bulkspot.runner.engine import EngineReport, execute_plan
from bulkspot.runner.job import ImportJob, RowResource, RunSummary
from bulkspot.runner.limit import first_rows
from bulkspot.runner.paths import JOURNAL_SUFFIX, default_paths, errors_path, run_files
from bulkspot.runner.paths import journal_path as find_journal
from bulkspot.runner.retry import Requester
from bulkspot.runner.row_outcomes import RowOutcome, RowOutcomes
from bulkspot.runner.sheet import SheetPlan
from bulkspot.runner.targets import hold_for_import
from bulkspot.sinks.claims import HeldFiles, check_run_files, hold
from bulkspot.sinks.errors_file import ErrorsWriter
from bulkspot.sinks.journal import EVENT_KEY, Journal, remove_journal
from bulkspot.sinks.lock import JournalLock
from bulkspot.sinks.results import ResultsWriter, results_by_row
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
class ResultFiles:
    """What a job writes at its end: the results, the errors file (None: a dry run writes
    none), and whether the results show what each row would send (a dry run)."""

    results: Path
    errors: Path | None
    with_bodies: bool = False


async def run_job(
    job: ImportJob,
    config: RunConfig,
    requester: Requester,
    *,
    handle_signals: bool = False,
) -> RunSummary:
    sheet = SheetPlan.open(job)
    results_path = default_paths(job)[0]
    journal_path = find_journal(job, sheet.fingerprint)  # an upgrade finds the old name
    errors = None if job.dry_run else errors_path(job, results_path)
    try:
        check_paths(job)  # before the first request: a run that could not keep its results
        if job.dry_run and not job.fresh:  # says what the real run would: refused once undone
            refuse_undone(journal_path, undo_mark(journal_path))
        lock = None if job.dry_run else Journal.own(journal_path, fresh=job.fresh)  # its own
        held = _hold_files(job, journal_path, lock)  # ... and every other file it writes
        writing = None if lock is None else _hold_targets(job, sheet, config, journal_path,
                                                          lock, held)  # fmt: skip
    except BaseException:
        sheet.close()  # refused: the sheet is not left open in a library caller's process
        raise
    sent_before, retried_before = requester.requests, requester.retries  # the job's own
    notify = requester.notify
    identity = {
        "kind": sheet.kind,
        "input": sheet.fingerprint,
        "columns": json.dumps(sheet.columns, sort_keys=True),
        EVENT_KEY: job.event_id or "",
        "api": config.api.base_url,
    }
    warnings = list(sheet.warnings)
    report = EngineReport(0, 0, 0, 0.0, None, "")
    new_journal = not journal_path.exists()
    this_run = _ThisRun()  # the rows this run settles: RunSummary.counts
    hearing = requester.notify.listening(this_run)
    hearing.__enter__()
    try:
        with _journal(job, journal_path, identity, lock) as journal:
            if journal.set_aside is not None:
                warnings.append(
                    f"the damaged journal {journal_path} is kept as {journal.set_aside}; "
                    "this run keeps a new one"
                )
            if job.retry_failed:
                journal.forget((Status.FAILED, Status.BLOCKED))
            done_before = journal.count_final()
            since = journal.seconds_since_last_write()
            if since is not None and not job.dry_run:  # a run killed a moment ago: its second
                requester.rate.after_another_run(since)
            notify(RunStarted(sheet.total_rows, done_before, config.limits.rate,
                              verifying=job.verify and not job.dry_run))  # fmt: skip
            if job.strict and not job.dry_run and _record_invalid_rows(sheet, journal):
                warnings.append("--strict: some rows are invalid, so nothing was sent")
                this_run.found_invalid = True  # recorded here, not by the executor's events
            elif stopped := await _check_parent(job, sheet, config, requester, done_before):
                report = stopped
            else:
                with sheet.plan() as plan:
                    if job.limit is not None:
                        plan = first_rows(plan, job.limit, journal)
                    report = await execute_plan(
                        plan,
                        kind=sheet.kind,
                        config=config,
                        requester=requester,
                        journal=journal,
                        dry_run=job.dry_run,
                        handle_signals=handle_signals,
                        verify=job.verify,
                    )
                warnings += [report.warning] if report.warning else []
            counts, resources, outcomes = _write_results(
                sheet, journal, ResultFiles(results_path, errors, with_bodies=job.dry_run)
            )
            planned = _planned_writes(journal) if job.dry_run else None
    except ConfigError:
        if new_journal and not job.dry_run:  # refused before any row: leave no journal
            remove_journal(journal_path)
        raise
    finally:
        held.release()
        hearing.__exit__(None, None, None)
        if writing is not None:
            writing.release()
        changes = sheet.changes()  # the results follow the copy taken at the start
        sheet.close()
    warnings += changes
    notify(
        RunFinished(dict(counts), requester.requests - sent_before,
                    requester.retries - retried_before, report.reconciliations, report.seconds)
    )  # fmt: skip
    return RunSummary(
        counts=this_run.counts(counts),
        job_counts=counts,
        outcomes=outcomes,
        run_outcomes=this_run.outcomes(outcomes),
        requests=requester.requests - sent_before,  # the event check and look-ups included
        retries=requester.retries - retried_before,
        reconciliations=report.reconciliations,
        seconds=report.seconds,
        results_path=results_path,
        journal_path=None if job.dry_run else journal_path,
        warnings=warnings,
        stopped=report.stopped,
        resume_hint=report.resume_hint,
        resources=tuple(resources),
        errors_path=errors if errors is not None and errors.is_file() else None,
        limited=job.limit is not None,
        planned_writes=planned,
    )


def _hold_files(job: ImportJob, journal: Path, lock: JournalLock | None) -> HeldFiles:
    """Lock the job's files besides its journal (refused, naming the job that has one)."""
    try:
        return hold([f for f in run_files(job, journal) if not f.journal],
                    None if job.dry_run else journal)  # fmt: skip
    except BaseException:
        if lock is not None:
            lock.release()
        raise


async def _check_parent(
    job: ImportJob, sheet: SheetPlan, config: RunConfig, requester: Requester, done: int
) -> EngineReport | None:
    """Read the rows' event once before any row is sent, unless nothing is left to send.
    A wrong event is a ConfigError; an answer that stops every request (a bad token, the
    daily quota, an unreachable host) stops the run here, with every row left pending."""
    if not job.event_id or spec_for(sheet.kind).parent is None or done >= sheet.total_rows:
        return None
    try:
        await check_event(job.event_id, requester, config.api.base_url, dry_run=job.dry_run,
                          currency=sheet.currency)  # fmt: skip
    except StopRun as stop:
        requester.notify(RunStopped(stop.reason, stop.resume_hint))
        return EngineReport(0, 0, 0, 0.0, stop.reason, stop.resume_hint)
    return None


def _hold_targets(
    job: ImportJob, sheet: SheetPlan, config: RunConfig, journal: Path, lock: JournalLock,
    files: HeldFiles,
) -> TargetLocks:  # fmt: skip
    """What the job writes into, one writer on this machine (runner/targets.py): refused
    before anything is sent, letting go of the journal and the other files too."""
    try:
        return hold_for_import(config.api, sheet.kind, job.event_id, journal)
    except BaseException:
        files.release()
        lock.release()
        raise


@contextmanager
def _journal(
    job: ImportJob, path: Path, identity: dict[str, str], lock: JournalLock | None
) -> Iterator[Journal]:
    """The job's journal; a dry run gets a throwaway one and leaves the real one alone."""
    if job.dry_run:
        with tempfile.TemporaryDirectory(prefix="bulkspot-dry-") as folder:
            journal = Journal.open(Path(folder) / "dry.sqlite", identity)
            try:
                yield journal
            finally:
                journal.close()
        return
    journal = Journal.open(path, identity, fresh=job.fresh, lock=lock)
    try:
        yield journal
    finally:
        journal.close()


def _record_invalid_rows(sheet: SheetPlan, journal: Journal) -> bool:
    """--strict: validate everything first; record the invalid rows; True if there were any."""
    from bulkspot.core.operation import OpKey
    from bulkspot.core.outcome import Outcome
    from bulkspot.sinks.journal import JournalRecord

    found = False
    with sheet.plan() as plan:
        for item in plan:
            if isinstance(item, RowError):
                found = True
                outcome = Outcome(Status.INVALID, error=item.message)
                journal.write_many(
                    [JournalRecord(OpKey(item.row), sheet.kind, "invalid", outcome=outcome)]
                )
    return found


def _planned_writes(journal: Journal) -> int:
    """The write requests a real run would send, by the dry run's word for each operation:
    a create or a status one each, an update two (it reads the resource first)."""
    cost = {Status.TO_CREATE: 1, Status.TO_UPDATE: 2, Status.TO_CANCEL: 1, Status.TO_DELETE: 1}
    counts = journal.count_by_state()
    return sum(each * counts.get(status.value, 0) for status, each in cost.items())


def _write_results(
    sheet: SheetPlan, journal: Journal, files: ResultFiles
) -> tuple[dict[Status, int], list[RowResource], RowOutcomes]:
    """Write the results file (and the errors file); count the outcomes and, for a kind at
    the top of the tree (no parent: events), collect each row's resource for the summary."""
    counts: dict[Status, int] = {}
    resources: list[RowResource] = []
    outcomes = RowOutcomes()
    spec = sheet.mapping.spec
    name_header = next(
        (b.header for b in sheet.mapping.bindings if b.column.target == spec.natural_key), None
    )
    parent_kind = spec.kind if planner_for(spec.kind).row_child else None

    def parent_name(cells: Mapping[str, object]) -> object:
        return cells.get(name_header) if name_header else None

    with (
        sheet.rows() as rows,
        ResultsWriter(
            files.results, sheet.headers, parent_kind=parent_kind, would_send=files.with_bodies
        ) as writer,
        ErrorsWriter(files.errors, sheet.headers) if files.errors else nullcontext() as errors,
    ):
        merged = results_by_row(rows, journal.entries(), parent_kind, parent_name,
                                bodies=files.with_bodies)  # fmt: skip
        for cells, result in merged:
            writer.write(cells, result)
            if errors is not None:  # a row without its parent's name is in its group
                grouped = parent_kind is not None and parent_name(cells) in (None, "")
                errors.write(cells, result["status"], continues=grouped)
            status = Status(result["status"])
            counts[status] = counts.get(status, 0) + 1
            outcomes.append(result["row"], status, str(result.get("id") or ""))
            if spec.parent is None and result.get("id"):
                name = str(cells.get(name_header) or "") if name_header else ""
                resources.append(RowResource(result["row"], result["id"], name, status))
    return counts, resources, outcomes


class _ThisRun:
    """Counts the rows this run settles, from its RowDone events (not a journal's replay),
    and marks which (a byte a row number: flat on big sheets)."""

    def __init__(self) -> None:
        self.settled: dict[Status, int] = {}
        self.found_invalid = False  # --strict refused the sheet: its invalid rows are this run's
        self.rows = bytearray()

    def __call__(self, event: object) -> None:
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
            if mine or outcome.status is Status.PENDING or (
                self.found_invalid and outcome.status is Status.INVALID
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
