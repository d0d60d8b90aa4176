"""Running one job under the eyes of a person: progress while it runs, a summary after.

The commands build settings and a job; this runs it on an event loop with the progress view
and the log (--log, -v) as its observers, and prints the summary. Nothing here decides what
a job does.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import anyio
import click
from rich.console import Console

from bulkspot.api import RunSummary
from bulkspot.cli.boundary import user_errors
from bulkspot.cli.builders import View
from bulkspot.cli.logging_observer import run_log
from bulkspot.cli.progress import ProgressView
from bulkspot.events import Observer

if TYPE_CHECKING:
    from bulkspot.cli.summary import NextSteps

T = TypeVar("T")
Work = Callable[[Sequence[Observer]], Awaitable[RunSummary]]


def make_console() -> Console:
    """stdout; a terminal gets colour and the live bar, anything else plain text."""
    return Console(highlight=False)


def run_logged(
    work: Callable[[Sequence[Observer]], Awaitable[T]], view: View, secrets: Sequence[str]
) -> T:
    """Run `work(observers)` with the log's observers only (no progress to show)."""
    with user_errors(), run_log(view.log, secrets) as loggers:
        return anyio.run(work, loggers)


def run_with_progress(
    work: Work,
    *,
    title: str,
    rate: float,
    view: View | None = None,
    secrets: Sequence[str] = (),
    label: str = "rows",
    steps: Callable[[RunSummary], NextSteps] | None = None,
    console: Console | None = None,
    dry_run: bool = False,
    about: Mapping[str, Any] | None = None,
) -> RunSummary:
    """Run `work(observers)` to the end, showing progress and logging as `view` says, then
    print the summary (under `title`; an empty one when the caller has printed its own
    heading). `secrets`: what the log must never show. `steps`: the commands the summary
    suggests (none by default). With `view.json`, the progress goes to stderr and the summary
    is one JSON object on stdout (`about` says what ran)."""
    console = console or (
        Console(stderr=True, highlight=False) if view and view.json else make_console()
    )
    view = view or View()
    started = time.monotonic()
    with user_errors():
        progress = ProgressView(console, quiet=view.quiet, label=label, rate=rate, dry_run=dry_run)
        with run_log(view.log, secrets) as loggers, progress:
            summary = anyio.run(work, [progress, *loggers])
        if progress.requests > summary.requests:  # a dry run's read-only ones are not counted
            summary = dataclasses.replace(summary, requests=progress.requests)
        wall = time.monotonic() - started
        # imported after the run: its start needs nothing of the summary
        from bulkspot.cli.json_summary import summary_json
        from bulkspot.cli.summary import NextSteps, print_summary

        suggested = steps(summary) if steps is not None else NextSteps()
        if view.json:
            click.echo(
                summary_json(
                    summary, wall_seconds=wall, steps=suggested, rate=rate, about=about or {}
                )
            )
            return summary
        print_summary(
            console,
            summary,
            title=title,
            wall_seconds=wall,
            steps=suggested,
            pace=progress.pace(),
            limit=rate,
        )
    return summary
