"""Running one job under the eyes of a person: progress while it runs, a summary after.

The commands build settings and a job; this runs it on an event loop with the progress view
as its observer, and prints the summary. Nothing here decides what a job does.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Awaitable, Callable, Sequence

import anyio
from rich.console import Console

from bulkspot.cli.boundary import user_errors
from bulkspot.cli.progress import ProgressView
from bulkspot.cli.summary import NextSteps, print_summary
from bulkspot.runner.events import Observer
from bulkspot.runner.job import RunSummary

Work = Callable[[Sequence[Observer]], Awaitable[RunSummary]]


def make_console() -> Console:
    """stdout; a terminal gets colour and the live bar, anything else plain text."""
    return Console(highlight=False)


def run_with_progress(
    work: Work,
    *,
    title: str,
    rate: float,
    quiet: bool = False,
    label: str = "rows",
    steps: Callable[[RunSummary], NextSteps] = lambda _s: NextSteps(),
    console: Console | None = None,
    dry_run: bool = False,
) -> RunSummary:
    """Run `work(observers)` to the end, showing progress, then print the summary (under
    `title`; an empty one when the caller has printed its own heading)."""
    console = console or make_console()
    started = time.monotonic()
    with user_errors():
        view = ProgressView(console, quiet=quiet, label=label, rate=rate, dry_run=dry_run)
        with view:
            summary = anyio.run(work, [view])
        if view.requests > summary.requests:  # a dry run's read-only requests are not counted
            summary = dataclasses.replace(summary, requests=view.requests)
        print_summary(
            console,
            summary,
            title=title,
            wall_seconds=time.monotonic() - started,
            steps=steps(summary),
            pace=view.pace(),
            limit=rate,
        )
    return summary
