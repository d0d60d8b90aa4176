"""One import job from sheet to results file: the sequence around the engine.

read the header, map the columns (a missing required column stops here)
open the journal (resume, or refuse another job's journal)
run the plan (or the dry run) while the sheet streams through the planner
write the results file by walking the sheet and the journal together
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bulkspot.config import RunConfig
from bulkspot.core.operation import RowError
from bulkspot.core.outcome import Status
from bulkspot.core.planners import planner_for
from bulkspot.core.resources import spec_for
from bulkspot.errors import ConfigError, StopRun
from bulkspot.runner.checks import check_event
from bulkspot.runner.engine import EngineReport, execute_plan
from bulkspot.runner.events import RunFinished, RunStarted, RunStopped
from bulkspot.runner.job import ImportJob, RowResource, RunSummary
from bulkspot.runner.retry import Requester
from bulkspot.runner.sheet import SheetPlan
from bulkspot.sinks.journal import Journal, remove_journal
from bulkspot.sinks.lock import JournalLock
from bulkspot.sinks.results import ResultsWriter, results_by_row
from bulkspot.sinks.storage import check_writable

JOURNAL_SUFFIX = ".journal.sqlite"


def default_paths(job: ImportJob) -> tuple[Path, Path]:
    """Results and journal beside the input: the same command finds the same journal."""
    stem = job.source.with_suffix("")
    named = job.event_id and job.event_id in stem.name  # promocodes-<event>.csv: said once
    tag = f".{job.event_id}" if job.event_id and not named else ""
    results = job.results_path or Path(f"{stem}.{job.kind}{tag}.results.csv")
    journal = job.journal_path or Path(f"{stem}.{job.kind}{tag}{JOURNAL_SUFFIX}")
    return results, journal


def check_paths(job: ImportJob) -> None:
    """Every file the job writes can be written (StorageError, before anything is sent): a
    results folder found read-only only after every row was made fails every rerun too.
    A dry run keeps no journal of its own, so only its results are checked."""
    results_path, journal_path = default_paths(job)
    check_writable(results_path, "the results file")
    if not job.dry_run:
        check_writable(journal_path, "the journal", file_too=True)


async def run_job(
    job: ImportJob,
    config: RunConfig,
    requester: Requester,
    *,
    handle_signals: bool = False,
) -> RunSummary:
    sheet = SheetPlan.open(job)
    results_path, journal_path = default_paths(job)
    check_paths(job)  # before the first request: a run that could not keep its results
    lock = None if job.dry_run else Journal.own(journal_path)  # a run owns its journal
    sent_before, retried_before = requester.requests, requester.retries  # the job's own
    notify = requester.notify
    identity = {
        "kind": sheet.kind,
        "input": sheet.fingerprint,
        "columns": json.dumps(sheet.columns, sort_keys=True),
        "event": job.event_id or "",
        "api": config.api.base_url,
    }
    warnings = list(sheet.warnings)
    report = EngineReport(0, 0, 0, 0.0, None, "")
    new_journal = not journal_path.exists()
    try:
        with _journal(job, journal_path, identity, lock) as journal:
            if job.retry_failed:
                journal.forget((Status.FAILED, Status.BLOCKED))
            done_before = journal.count_final()
            notify(RunStarted(sheet.total_rows, done_before, config.limits.rate))
            if job.strict and not job.dry_run and _record_invalid_rows(sheet, journal):
                warnings.append("--strict: some rows are invalid, so nothing was sent")
            elif stopped := await _check_parent(job, sheet, config, requester, done_before):
                report = stopped
            else:
                with sheet.plan() as plan:
                    report = await execute_plan(
                        plan,
                        kind=sheet.kind,
                        config=config,
                        requester=requester,
                        journal=journal,
                        dry_run=job.dry_run,
                        handle_signals=handle_signals,
                    )
                warnings += [report.warning] if report.warning else []
            counts, resources = _write_results(sheet, journal, results_path)
    except ConfigError:
        if new_journal and not job.dry_run:  # refused before any row: leave no journal
            remove_journal(journal_path)
        raise
    finally:
        changes = sheet.changes()  # the results follow the copy taken at the start
        sheet.close()
    warnings += changes
    notify(
        RunFinished(dict(counts), requester.requests - sent_before,
                    requester.retries - retried_before, report.reconciliations, report.seconds)
    )  # fmt: skip
    return RunSummary(
        counts=counts,
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
    )


async def _check_parent(
    job: ImportJob, sheet: SheetPlan, config: RunConfig, requester: Requester, done: int
) -> EngineReport | None:
    """Read the rows' event once before any row is sent, unless nothing is left to send.
    A wrong event is a ConfigError; an answer that stops every request (a bad token, the
    daily quota, an unreachable host) stops the run here, with every row left pending."""
    if not job.event_id or spec_for(sheet.kind).parent is None or done >= sheet.total_rows:
        return None
    try:
        await check_event(job.event_id, requester, config.api.base_url, dry_run=job.dry_run)
    except StopRun as stop:
        requester.notify(RunStopped(stop.reason, stop.resume_hint))
        return EngineReport(0, 0, 0, 0.0, stop.reason, stop.resume_hint)
    return None


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


def _write_results(
    sheet: SheetPlan, journal: Journal, path: Path
) -> tuple[dict[Status, int], list[RowResource]]:
    """Write the results file; count the outcomes and, for a kind at the top of the tree
    (no parent: events), collect each row's resource for the summary."""
    counts: dict[Status, int] = {}
    resources: list[RowResource] = []
    spec = sheet.mapping.spec
    name_header = next(
        (b.header for b in sheet.mapping.bindings if b.column.target == spec.natural_key), None
    )
    parent_kind = spec.kind if planner_for(spec.kind).row_child else None
    with (
        sheet.rows() as rows,
        ResultsWriter(path, sheet.headers, parent_kind=parent_kind) as writer,
    ):
        for cells, result in results_by_row(rows, journal.entries(), parent_kind):
            writer.write(cells, result)
            status = Status(result["status"])
            counts[status] = counts.get(status, 0) + 1
            if spec.parent is None and result.get("id"):
                name = str(cells.get(name_header) or "") if name_header else ""
                resources.append(RowResource(result["row"], result["id"], name, status))
    return counts, resources
