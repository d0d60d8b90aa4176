"""`--log FILE` and `-v`: where a run's log goes on the command line.

The lines themselves are the library's (`bulkspot.runner.log.RunLog`, an Observer writing to
the `bulkspot` loggers); this only attaches handlers for the length of one command: a file,
stderr, or both, each through a formatter that redacts the run's secrets. Records of the
whole `bulkspot` logger go there too, such as an observer that raised.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bulkspot.api_logs import RedactingFormatter, RunLog, log_not_written
from bulkspot.events import Observer, RequestSent, RunFinished, RunStarted

ROOT_LOGGER = "bulkspot"


@dataclass(frozen=True, slots=True)
class LogTarget:
    """Where the log of one command goes: a file (appended to), stderr (-v), or nowhere."""

    path: Path | None = None
    verbose: bool = False

    @property
    def wanted(self) -> bool:
        return self.path is not None or self.verbose


class _StderrHandler(logging.Handler):
    """stderr as it is when a line is written, not when the handler was made: under a live
    progress bar rich swaps it for a proxy that keeps the lines above the bar."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:
            self.handleError(record)


@contextmanager
def run_log(target: LogTarget, secrets: Sequence[str]) -> Iterator[list[Observer]]:
    """The observers that log the run (none when no log is wanted), with the handlers
    attached to the `bulkspot` logger until the block ends."""
    if not target.wanted:
        yield []
        return
    handlers: list[logging.Handler] = []
    held: _HeldUntilStarted | None = None
    if target.path is not None:
        held = _HeldUntilStarted(_LogFile(target.path, encoding="utf-8", delay=True))
        handlers.append(held)
    if target.verbose:
        handlers.append(_StderrHandler())
    logger = logging.getLogger(ROOT_LOGGER)
    level = logger.level
    formatter = RedactingFormatter(secrets)
    for handler in handlers:
        handler.setFormatter(formatter)
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield [RunLog()] if held is None else [held.opener, RunLog()]
    finally:
        logger.setLevel(level)
        for handler in handlers:
            logger.removeHandler(handler)
            handler.close()
    if held is not None and held.file.failed is not None and target.path is not None:
        raise log_not_written(target.path, held.file.failed)


class _LogFile(logging.FileHandler):
    """The --log file. A write that fails (a full disk) is kept, not printed: logging's own
    report put "--- Logging error ---" and a traceback on stderr for every line after it,
    and the run ended 0 with its log cut short. The run says it once, at its end (exit 2)."""

    failed: OSError | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.failed is None:
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            self.failed = self.failed or error
        elif self.failed is None:
            super().handleError(record)

    def close(self) -> None:
        try:
            super().close()
        except OSError as error:  # the last lines, flushed on closing
            self.failed = self.failed or error


class _HeldUntilStarted(logging.handlers.MemoryHandler):
    """The --log file's lines, held until the run has started (its files found its own,
    sinks/claims.py) and then written as they come: a run refused before its first request
    (a --log naming its input sheet) never opens the file, whatever was logged before the
    refusal (a rate learned from another process of the key), nor makes its folder."""

    STARTED = (RunStarted, RequestSent, RunFinished)

    def __init__(self, file: _LogFile) -> None:
        super().__init__(capacity=10_000, flushLevel=logging.CRITICAL + 1, flushOnClose=False)
        self.file = file

    def opener(self, event: object) -> None:
        """An Observer: the first sign that the run started lets the lines through."""
        if self.target is None and isinstance(event, self.STARTED):
            Path(self.file.baseFilename).parent.mkdir(parents=True, exist_ok=True)
            self.setTarget(self.file)
            self.capacity = 1  # from now on each line is written at once
            self.flush()

    def setFormatter(self, fmt: logging.Formatter | None) -> None:
        super().setFormatter(fmt)
        self.file.setFormatter(fmt)

    def close(self) -> None:
        super().close()
        self.file.close()
