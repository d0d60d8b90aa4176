"""What an undo will take, read from the journal alone before anything is sent: the command
line confirms a large undo with it, and an undo's summary says what was left alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bulkspot.runner.undo_plan import UndoPlan, UndoSummary, read_plan

__all__ = ["UndoPlan", "UndoSummary", "check_undo_log", "hold_undo_log", "undo_plan"]


def undo_plan(journal_path: Path) -> UndoPlan:
    """What undoing the journal's run would delete and cancel (JournalError: no such
    journal, or one held by a running import)."""
    return read_plan(journal_path)


def check_undo_log(journal_path: Path, log_path: Path) -> None:
    """ConfigError (nothing sent) when the undo's log file is its journal, or another
    job's: lines appended to a journal would ruin it."""
    from bulkspot.sinks.claims import RunFile, check_run_files

    journal = RunFile("--journal", "journal", journal_path, journal=True)
    check_run_files([journal, RunFile("--log", "log file", log_path)])


def hold_undo_log(journal_path: Path, log_path: Path) -> Callable[[], None]:
    """Claim the undo's log file for as long as it runs (api_logs.hold_log): never its
    journal or another job's, nor a file a running job writes. Returns what lets go of it."""
    from bulkspot.api_logs import hold_log

    return hold_log(log_path, journal=journal_path)
