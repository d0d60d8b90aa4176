"""The end of a run as a table: rows per status, requests, retries, reconciliations, time,
the effective rate, where the results and the journal are, and what to type next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from bulkspot.cli.progress import duration
from bulkspot.core.outcome import Status
from bulkspot.runner.job import RunSummary

_STYLE = {
    Status.CREATED: "green",
    Status.UPDATED: "green",
    Status.DELETED: "green",
    Status.INVALID: "yellow",
    Status.FAILED: "red",
    Status.BLOCKED: "red",
    Status.PENDING: "yellow",
}


@dataclass(frozen=True, slots=True)
class NextSteps:
    """The commands to print: the same command again, and the one that retries failures."""

    resume: str = ""
    retry_failed: str = ""


def summary_rows(summary: RunSummary, wall_seconds: float) -> list[tuple[str, str, str]]:
    """(label, value, style) lines of the table, in the order a person reads them."""
    rows: list[tuple[str, str, str]] = []
    for status in Status:
        count = summary.counts.get(status, 0)
        if count:
            rows.append((status.value, str(count), _STYLE.get(status, "")))
    rows.append(("rows", str(summary.rows), "bold"))
    rows += [
        ("requests sent", str(summary.requests), ""),
        ("retries", str(summary.retries), ""),
        ("reconciliations", str(summary.reconciliations), ""),
        ("wall time", _seconds(wall_seconds), ""),
    ]
    if summary.requests and wall_seconds > 0:  # over the whole run, as a person timed it
        rows.append(("effective rate", f"{summary.requests / wall_seconds:.1f} requests/s", ""))
    if summary.results_path is not None:
        rows.append(("results", str(summary.results_path), ""))
    if summary.journal_path is not None:
        rows.append(("journal", str(summary.journal_path), ""))
    return rows


def _seconds(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 60 else duration(seconds)


def notes(summary: RunSummary, steps: NextSteps) -> list[str]:
    """Warnings, why the run stopped, and the commands that go on from here."""
    lines = [f"warning: {w}" for w in summary.warnings]
    if summary.stopped:
        lines.append(f"stopped: {summary.stopped}")
        if summary.resume_hint:
            lines.append(f"  {summary.resume_hint}")
    unfinished = summary.stopped or summary.counts.get(Status.PENDING, 0)
    if unfinished and steps.resume:
        lines.append(f"to finish the rest:  {steps.resume}")
    failed = summary.counts.get(Status.FAILED, 0) + summary.counts.get(Status.BLOCKED, 0)
    if failed and steps.retry_failed:
        lines.append(f"to send the failed rows again:  {steps.retry_failed}")
    if summary.counts.get(Status.INVALID, 0) and summary.results_path is not None:
        lines.append(f"invalid rows: the results file says why ({summary.results_path})")
    return lines


def print_summary(
    console: Console,
    summary: RunSummary,
    *,
    title: str,
    wall_seconds: float,
    steps: NextSteps = NextSteps(),
) -> None:
    """A rich table on a terminal; aligned plain lines elsewhere."""
    rows = summary_rows(summary, wall_seconds)
    if console.is_terminal:
        table = Table(title=title, box=box.SIMPLE_HEAD, show_header=False, title_justify="left")
        table.add_column(style="bold")
        table.add_column()
        for label, value, style in rows:
            table.add_row(Text(label), Text(value, style=style))
        console.print(table)
    else:
        _print_plain(console, title, rows)
    for line in notes(summary, steps):
        console.print(line, highlight=False, markup=False, soft_wrap=True)


def _print_plain(console: Console, title: str, rows: Sequence[tuple[str, str, str]]) -> None:
    width = max(len(label) for label, _, _ in rows)
    console.print(title, highlight=False, markup=False, soft_wrap=True)
    for label, value, _ in rows:
        console.print(
            f"  {label.ljust(width)}  {value}", highlight=False, markup=False, soft_wrap=True
        )
