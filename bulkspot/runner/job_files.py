"""The files one import job writes, claimed before its first request: each can be written
(a results folder found read-only only after every row was made would fail every rerun
too), none is the input or another job's, and what the job writes into has one writer on
this machine. A sheet that cannot work stops here too, before a journal is opened."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bulkspot.config import RunConfig
from bulkspot.runner.job import ImportJob
from bulkspot.runner.paths import default_paths, errors_path, run_files
from bulkspot.runner.paths import journal_path as find_journal
from bulkspot.runner.sheet import SheetPlan
from bulkspot.runner.targets import hold_for_import
from bulkspot.sinks.claims import HeldFiles, check_run_files, hold
from bulkspot.sinks.journal import Journal
from bulkspot.sinks.lock import IMPORT, JournalLock
from bulkspot.sinks.made_folders import missing_folders, remove_made
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


@dataclass(frozen=True, slots=True)
class Claimed:
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


def open_sheet(job: ImportJob, config: RunConfig) -> tuple[SheetPlan, Claimed]:
    """The sheet, opened and mapped (a missing required column stops here), and the job's
    files claimed: each can be written, none is another job's, and a dry run of an undone
    job is refused as the real run would be. The sheet is closed again when refused."""
    sheet = SheetPlan.open(job)
    results_path = default_paths(job)[0]
    journal_path = find_journal(job, sheet.fingerprint)  # an upgrade finds the old name
    made = missing_folders(f.path for f in run_files(job, journal_path))  # if refused: none
    try:
        check_paths(job)  # before the first request: a run that could not keep its results
        if job.dry_run and not job.fresh:  # says what the real run would: refused once undone
            refuse_undone(journal_path, undo_mark(journal_path))
        about = {"by": IMPORT, "input": str(job.source.absolute())}  # a refused run names it
        lock = None if job.dry_run else Journal.own(journal_path, fresh=job.fresh, about=about)
        held = _hold_files(job, journal_path, lock)  # ... and every other file it writes
        writing = (
            None if lock is None else _hold_targets(job, sheet, config, journal_path, lock, held)
        )
    except BaseException:
        sheet.close()  # refused: the sheet is not left open in a library caller's process
        remove_made(made)  # nor a folder made for a file it claimed (its locks let go)
        raise
    errors = None if job.dry_run else errors_path(job, results_path)
    return sheet, Claimed(results_path, journal_path, errors, lock, held, writing)


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
