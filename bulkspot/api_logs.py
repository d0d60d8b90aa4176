"""A run's log lines for a command's --log and -v: the library's observer that writes them
to the `bulkspot` loggers, the formatter that takes the run's secrets out, and the claim on
a --log file of a command that holds no import job of its own (undo, a codes-only batch)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bulkspot.errors import StorageError
from bulkspot.runner.log import RedactingFormatter, RunLog

__all__ = ["RedactingFormatter", "RunLog", "hold_log", "log_not_written"]


def hold_log(
    log_path: Path,
    *,
    journal: Path | None = None,
    output: tuple[str, str, Path] | None = None,
) -> Callable[[], None]:
    """Claim a command's --log for as long as it runs, as an import claims its files:
    refused (ConfigError) when it is the command's `journal` or its `output` (flag, what,
    path), or another job's journal; refused (JournalBusyError, naming that job) when a
    running job writes it. Returns what lets go of it."""
    from bulkspot.sinks.claims import RunFile, check_run_files, hold

    log = RunFile("--log", "log file", log_path)
    own = [RunFile("--journal", "journal", journal, journal=True)] if journal else []
    own += [RunFile(*output)] if output else []
    check_run_files([*own, log])
    return hold([log], journal).release


def log_not_written(log_path: Path, error: OSError) -> StorageError:
    """What ends a run whose --log could not be written (a full disk): said once, naming
    the file and the way on, as any other file the run writes."""
    from bulkspot.sinks.storage import cannot_write

    return cannot_write("the log file", log_path, error)
