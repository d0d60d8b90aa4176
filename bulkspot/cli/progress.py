"""The progress of a run, as a person watches it: one Observer of the engine's events.

On a terminal: a rich bar with rows done of total, rows per second, an ETA that knows the
rate limit (and the daily quota), retries, failures, and the rate when it adapts. Elsewhere
(a pipe, a file, CI): plain lines, the status one every 10 s, no control characters.
`--quiet`: nothing but warnings on stderr. The summary is printed by the command after the run.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

import click
from rich.console import Console

from bulkspot import Status
from bulkspot.config import STANDARD_DAILY_QUOTA
from bulkspot.events import (
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

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

_PROBLEMS = (Status.FAILED, Status.INVALID, Status.BLOCKED)
PLAIN_EVERY = 10.0  # seconds between plain progress lines when the output is not a terminal


def duration(seconds: float) -> str:
    """A short human duration: 45 s, 3 min 20 s, 2 h 5 min, 3 days."""
    if seconds < 60:
        return f"{max(0, math.ceil(seconds))} s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{math.ceil(hours / 24)} days"


def estimate(requests: int, rate: float, quota_left: int | None) -> tuple[str, str | None]:
    """How long `requests` take at `rate`, within the daily quota ("at least 3 min"); and a
    warning when the quota will not last. Without a known quota, a standard key's 10,000 a
    day is assumed, and said so once the job needs a good part of it."""
    assumed = quota_left is None
    quota = STANDARD_DAILY_QUOTA if quota_left is None else quota_left
    seconds = requests / rate
    text = "under a second" if seconds < 1 else f"at least {duration(seconds)}"
    warning = None
    if requests > quota:
        days = 1 + math.ceil((requests - quota) / STANDARD_DAILY_QUOTA)
        text = f"at least {days} days (the daily quota, not the rate, sets the pace)"
        left = (
            f"a standard key's {STANDARD_DAILY_QUOTA:,} a day (assumed: the quota left today "
            "is not known)"
            if assumed
            else f"the {quota_left:,} left in today's quota"
        )
        warning = (
            f"this job needs at least {requests:,} requests, more than {left}: it will stop "
            "when the quota is used up; run the same command again after 00:00 UTC to go on"
        )
    elif assumed and requests * 2 > quota:
        text += f" (at least {requests:,} of the {quota:,} requests a standard key has a day)"
    return text, warning


class ProgressView:
    """Observer + context manager: `with ProgressView(console) as view: run(observers=[view])`.

    Leaving the block stops the live display whatever happened, so the cursor comes back.
    """

    def __init__(
        self,
        console: Console,
        *,
        quiet: bool = False,
        label: str = "rows",
        rate: float = 0.0,
        dry_run: bool = False,
        clock: Callable[[], float] | None = None,
        every: float = PLAIN_EVERY,
    ) -> None:
        self.console = console
        # a test's fake clock: the plain lines come from events, never from sleeps
        self.clock = clock if clock is not None else _monotonic
        self.every = every
        self.dry_run = dry_run  # read-only requests: no estimate, no quota warning
        self.quiet = quiet
        self.label = label
        self.live = console.is_terminal and not quiet
        self.total: int | None = None
        self.done = 0  # rows final, this run and earlier ones
        self.fresh = 0  # rows finished by this run
        self.problems = 0
        self.requests = self.retries = self.reconciliations = 0
        self.rate = self.ceiling = rate
        self.rate_note = ""
        self.waiting = ""  # why nothing moves: a failed attempt being retried
        self.quota_left: int | None = None
        self.started = self.clock()
        self.last_line = self.started  # when the last plain progress line was printed
        self.first_sent: float | None = None
        self.last_sent: float | None = None
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> ProgressView:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._progress is not None:
            self._refresh()
            self._progress.stop()
            self._progress = None

    def __call__(self, event: RunEvent) -> None:
        if isinstance(event, RunStarted):
            self._started(event)
        elif isinstance(event, RowDone):
            if event.ends_row:
                self.done += 1
                self.fresh += not event.resumed
                self.problems += event.outcome.status in _PROBLEMS
        elif isinstance(event, RequestSent):
            self.requests += 1
            self.last_sent = self.clock()
            if self.first_sent is None:
                self.first_sent = self.last_sent
        elif isinstance(event, Retrying):
            self.retries += 1
            self.waiting = f"retrying: {_short(event.error)}"
        elif isinstance(event, RequestDone):
            if event.status is not None:  # an answer came: the host is there again
                self.waiting = ""
        elif isinstance(event, Reconciled):
            self.reconciliations += 1
        elif isinstance(event, RateChanged):
            self._rate_changed(event)
        elif isinstance(event, RunStopped | RunFinished):
            self.close()
            return
        if self.live and self._progress is None:
            self._start_bar()
        self._refresh()
        self._plain_line()

    def _plain_line(self) -> None:
        """Not a terminal (a pipe, a log file, CI): the status as a plain line, at most one
        every `every` seconds, so a long run shows it is alive without flooding the log."""
        if self.live or self.quiet or self.total is None:
            return
        now = self.clock()
        if now - self.last_line < self.every:
            return
        self.last_line = now
        self.console.print(self.status_line(), highlight=False, markup=False, soft_wrap=True)

    def pace(self) -> float | None:
        """Requests per second from the first request to the last: what the rate limit
        bounds (None before two requests). Over the wall time instead, a short run would
        seem faster than its limit: N evenly spaced requests span (N - 1) intervals."""
        sent = self.requests
        if sent < 2 or self.first_sent is None or self.last_sent is None:
            return None
        span = self.last_sent - self.first_sent
        return (sent - 1) / span if span > 0 else None

    # -- events -----------------------------------------------------------------------------

    def _started(self, event: RunStarted) -> None:
        self.total = event.total_rows or None
        self.rate = self.ceiling = event.rate
        self.quota_left = event.quota_left
        self.started = self.last_line = self.clock()
        if self.total is None:
            return
        if self.dry_run:
            if not self.quiet:
                line = f"{self.total:,} {self.label}; a dry run: nothing is created or changed"
                self.console.print(line, highlight=False, markup=False, soft_wrap=True)
            return
        to_do = max(0, self.total - event.already_done)
        text, warning = estimate(to_do, event.rate, event.quota_left)
        if warning:
            click.echo(f"warning: {warning}", err=True)
        if self.quiet:
            return
        if event.already_done and event.verifying:
            line = f"{self.total:,} {self.label}; checking that what an earlier run made is there"
        elif event.already_done and not to_do:
            line = f"{self.total:,} {self.label}, all done by an earlier run: nothing to send"
        else:
            earlier = f" ({event.already_done:,} done earlier)" if event.already_done else ""
            pace = f"at most {event.rate:g} requests/s"
            line = f"{self.total:,} {self.label}{earlier}; {pace}; {text}"
        self.console.print(line, highlight=False, markup=False, soft_wrap=True)

    def _rate_changed(self, event: RateChanged) -> None:
        self.rate = event.new
        slowing = event.new < event.old
        self.rate_note = f" ({event.reason})" if event.new < self.ceiling else ""
        if slowing and not self.quiet:
            line = f"rate lowered to {event.new:g} requests/s ({event.reason})"
            if self._progress is not None:
                self._progress.console.print(line, highlight=False, soft_wrap=True)
            else:
                self.console.print(line, highlight=False, soft_wrap=True)

    # -- the bar ------------------------------------------------------------------------------

    def _start_bar(self) -> None:
        from bulkspot.cli.live_bar import live_bar  # rich's live display: a terminal's only

        self._progress = live_bar(self.console, self.status_line)
        self._task = self._progress.add_task(self.label, total=self.total)
        self._progress.start()

    def status_line(self) -> str:
        """`12/60 rows · 3.9 rows/s · ETA 13 s · 2 retries · 1 not done · 4 req/s`."""
        elapsed = max(self.clock() - self.started, 1e-6)
        speed = self.fresh / elapsed
        parts = [f"{self.done}/{self.total}" if self.total else f"{self.done}", self.label]
        line = [" ".join(parts), f"{speed:.1f} {self.label}/s"]
        eta = self.eta(speed)
        if eta is not None:
            line.append(f"ETA {eta}")
        line.append(f"{self.retries} {'retry' if self.retries == 1 else 'retries'}")
        if self.problems:
            line.append(f"{self.problems} not done")
        line.append(f"{self.rate:g} req/s{self.rate_note}")
        if self.waiting:
            line.append(self.waiting)
        return " · ".join(line)

    def eta(self, speed: float) -> str | None:
        """The larger of what the rate allows and what the run has shown so far."""
        if self.total is None or self.rate <= 0 or self.dry_run:
            return None
        left = max(0, self.total - self.done)
        if not left:
            return None
        per_row = self.requests / self.fresh if self.fresh >= 5 else 1.0
        by_rate = left * max(per_row, 1.0) / self.rate
        seconds = max(by_rate, left / speed) if self.fresh >= 5 and speed > 0 else by_rate
        quota = self.quota_left if self.quota_left is not None else STANDARD_DAILY_QUOTA
        needed = math.ceil(left * max(per_row, 1.0))
        if needed > quota - self.requests:
            return "after today's quota (run again after 00:00 UTC)"
        return duration(seconds)

    def _refresh(self) -> None:
        if self._progress is None or self._task is None:
            return
        self._progress.update(self._task, completed=self.done, total=self.total)


def _monotonic() -> float:
    """The module's clock, looked up at each call (a test may replace `time`)."""
    return time.monotonic()


def _short(error: str, limit: int = 60) -> str:
    """An error's first words, for a status line."""
    text = error.split(" for ", 1)[0]  # "cannot reach HOST:PORT (refused) for GET path"
    return text if len(text) <= limit else text[: limit - 1] + "…"
