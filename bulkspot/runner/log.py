"""A run's events as log records: a line per request, retry, row outcome and stop.

`RunLog` is one Observer among others: it writes with python's `logging` to the
`bulkspot.run` logger, so the program decides where the lines go (the command line's `--log
FILE` and `-v`, or a script's own handlers). Paths come without their query string, and
`RedactingFormatter` removes the run's secrets from every formatted line, tracebacks
included: a last guard, should a secret ever reach a message.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from bulkspot.events import (
    Observer,
    RateChanged,
    Reconciled,
    RequestDone,
    RequestSent,
    Retrying,
    RowDone,
    RunEvent,
    RunFinished,
    RunStarted,
    RunStopped,
)

LOGGER_NAME = "bulkspot.run"
# Nothing of a run shows until a program attaches a handler (to `bulkspot` or the root):
# without this, python's last-resort handler would print a library run's warnings.
logging.getLogger(LOGGER_NAME).addHandler(logging.NullHandler())
LINE_FORMAT = "%(asctime)s %(levelname)-7s %(message)s"
REDACTED = "[redacted]"


class RunLog:
    """Observer: each event of a run as one log record (requests at INFO, their sending at
    DEBUG, a slower rate, a failed row and a stop at WARNING)."""

    def __init__(self, logger: logging.Logger | None = None) -> None:
        self.logger = logger or logging.getLogger(LOGGER_NAME)

    def __call__(self, event: RunEvent) -> None:
        log = self.logger.log
        if isinstance(event, RequestDone):
            answer = str(event.status) if event.status is not None else "no answer"
            failure = f": {event.error}" if event.error else ""
            log(
                logging.INFO,
                "request %s %s -> %s in %.3f s%s",
                event.method,
                _no_query(event.path),
                answer,
                event.seconds,
                failure,
            )
        elif isinstance(event, RequestSent):
            log(logging.DEBUG, "request %s %s sent", event.method, _no_query(event.path))
        elif isinstance(event, Retrying):
            what = f"row {event.key}" if event.key is not None else "look-up"
            log(
                logging.INFO,
                "%s: attempt %d failed (%s); next attempt in %.2f s",
                what,
                event.attempt,
                event.error,
                event.wait,
            )
        elif isinstance(event, RowDone):
            self._row(event)
        elif isinstance(event, Reconciled):
            found = "found it" if event.found else "found nothing"
            log(logging.INFO, "row %s: looked up by its natural key and %s", event.key, found)
        elif isinstance(event, RateChanged):
            level = logging.WARNING if event.new < event.old else logging.INFO
            log(level, "rate %g -> %g requests/s (%s)", event.old, event.new, event.reason)
        elif isinstance(event, RunStarted):
            log(
                logging.INFO,
                "run started: %d rows, %d done by an earlier run, at most %g requests/s",
                event.total_rows,
                event.already_done,
                event.rate,
            )
        elif isinstance(event, RunStopped):
            hint = f"; {event.resume_hint}" if event.resume_hint else ""
            log(logging.WARNING, "run stopped: %s%s", event.reason, hint)
        elif isinstance(event, RunFinished):
            counts = ", ".join(f"{status} {n}" for status, n in event.counts.items() if n)
            log(
                logging.INFO,
                "run finished: %s; %d requests, %d retries, %d reconciliations, %.1f s",
                counts or "no rows",
                event.requests,
                event.retries,
                event.reconciliations,
                event.seconds,
            )

    def _row(self, event: RowDone) -> None:
        outcome = event.outcome
        details = [f"id {outcome.resource_id}"] if outcome.resource_id else []
        if outcome.http_status:
            details.append(f"HTTP {outcome.http_status}")
        if outcome.attempts:
            details.append(f"{outcome.attempts} attempt{'s' if outcome.attempts != 1 else ''}")
        if event.resumed:
            details.append("done by an earlier run")
        said = f" ({', '.join(details)})" if details else ""
        why = f": {outcome.error}" if outcome.error else ""
        level = logging.INFO if outcome.status.is_success else logging.WARNING
        self.logger.log(level, "row %s: %s%s%s", event.key, outcome.status, said, why)


class RedactingFormatter(logging.Formatter):
    """A Formatter that replaces each secret in the finished line (message, arguments and
    traceback alike) with `[redacted]`."""

    def __init__(self, secrets: Iterable[str], fmt: str = LINE_FORMAT) -> None:
        super().__init__(fmt)
        # longest first, so a secret that contains another is hidden whole
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


class RedactingFilter(logging.Filter):
    """On the `bulkspot.run` logger while a run's connection is open: its records leave
    with the run's secrets replaced, whatever handlers a script attaches."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = redact(message, self.secrets)
        if hidden != message:
            record.msg, record.args = hidden, None
        return True


@contextmanager
def logged(observers: Sequence[Observer], secrets: Iterable[str]) -> Iterator[list[Observer]]:
    """`observers`, with a RunLog unless one is there (the command line's `--log`): the
    library writes every run to the `bulkspot.run` logger, redacted, for a script's handlers
    (it has a NullHandler, so nothing shows until a program asks)."""
    logger = logging.getLogger(LOGGER_NAME)
    guard = RedactingFilter(secrets)
    logger.addFilter(guard)
    try:
        if any(isinstance(observer, RunLog) for observer in observers):
            yield list(observers)
        else:
            yield [*observers, RunLog(logger)]
    finally:
        logger.removeFilter(guard)


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def _no_query(path: str) -> str:
    """The path alone: a query string may carry the api key."""
    return path.split("?", 1)[0]
