"""What a run tells its observers, as frozen dataclasses.

The engine never prints. It hands these events to observers: the rich progress bar, a log
writer, a test's recorder. An observer must be quick and must not raise; it runs on the
engine's event loop.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Outcome, Status


@dataclass(frozen=True, slots=True)
class RunStarted:
    total_rows: int  # rows of the input (0 when unknown)
    already_done: int  # rows finished by an earlier run of the same journal
    rate: float  # requests per second, the configured ceiling
    quota_left: int | None = None  # requests left today, when known
    verifying: bool = False  # --verify: the rows done earlier are checked on the server


@dataclass(frozen=True, slots=True)
class RowDone:
    """A row reached its final outcome (or, for a two-part row, one of its parts did)."""

    key: OpKey  # the row (and the part of a two-part row)
    outcome: Outcome  # its status, id, HTTP status, attempts and error
    resumed: bool = False  # true when the outcome comes from an earlier run's journal
    ends_row: bool = True  # false for the first of a row's two operations: count rows by this


@dataclass(frozen=True, slots=True)
class RequestSent:
    method: str  # GET, POST, PUT, PATCH or DELETE
    path: str  # no query string: no secret


@dataclass(frozen=True, slots=True)
class RequestDone:
    """One request's answer (or failure): what a log records."""

    method: str  # GET, POST, PUT, PATCH or DELETE
    path: str  # no query string: no secret
    status: int | None  # the HTTP status; None when no answer came (timeout, reset)
    seconds: float  # from leaving the gates to the answer
    error: str = ""  # the failure's message, when it failed


@dataclass(frozen=True, slots=True)
class Retrying:
    key: OpKey | None  # None: a look-up, not one row's request
    attempt: int  # the attempt that failed, 1-based
    error: str  # why it failed (the error's message)
    wait: float  # seconds before the next attempt


@dataclass(frozen=True, slots=True)
class Reconciled:
    """A create of unknown outcome, or a 409, was looked up by its natural key."""

    key: OpKey  # the row (and the part of a two-part row)
    found: bool  # the look-up found the resource (made by the lost request, or already there)


@dataclass(frozen=True, slots=True)
class RateChanged:
    old: float  # requests per second before
    new: float  # requests per second from now on
    reason: str  # "over limit" when slowing down, "recovering" when climbing back


@dataclass(frozen=True, slots=True)
class RunStopped:
    reason: str  # "over limit" when slowing down, "recovering" when climbing back
    resume_hint: str = ""  # how to go on: what to fix, then the same call or command again


@dataclass(frozen=True, slots=True)
class RunFinished:
    counts: dict[Status, int]  # every row of the job by its status (RunSummary.job_counts)
    requests: int  # requests this run sent
    retries: int  # attempts this run sent again
    reconciliations: int  # look-ups by natural key after a lost answer or a 409
    seconds: float  # from leaving the gates to the answer


RunEvent = (
    RunStarted | RowDone | RequestSent | RequestDone | Retrying | Reconciled | RateChanged
    | RunStopped | RunFinished
)  # fmt: skip


class Observer(Protocol):
    def __call__(self, event: RunEvent) -> None: ...


class Broadcast:
    """Hands every event to each observer; one that raises is logged with its traceback and
    dropped, never the run (and never in silence: a progress bar that stops moving, or a log
    that ends early, must say why)."""

    def __init__(self, observers: Iterable[Observer] = ()) -> None:
        # a tuple replaced on each change: an event (several a row) is handed out without
        # copying the list, and an observer dropped while one is handed out changes nothing
        self._observers: tuple[Observer, ...] = tuple(observers)

    @contextmanager
    def listening(self, observer: Observer) -> Iterator[None]:
        """`observer` also gets the events sent while the block runs."""
        self._observers = (*self._observers, observer)
        try:
            yield
        finally:
            self._drop(observer)

    def _drop(self, observer: Observer) -> None:
        if observer in self._observers:
            kept = list(self._observers)
            kept.remove(observer)
            self._observers = tuple(kept)

    def __call__(self, event: RunEvent) -> None:
        for observer in self._observers:
            try:
                observer(event)
            except Exception:
                self._drop(observer)
                logging.getLogger("bulkspot").exception(
                    "observer %r raised on %s and gets no more events of this run",
                    observer,
                    type(event).__name__,
                )
