"""The end of a run as a table: rows per status, requests, retries, reconciliations, time,
the effective rate, where the results and the journal are, and what to type next."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from bulkspot import Status
from bulkspot.api import RunSummary
from bulkspot.api_results import result_rows
from bulkspot.api_undo import UndoSummary
from bulkspot.cli.progress import duration, estimate
from bulkspot.config import STANDARD_DAILY_QUOTA

_STYLE = {
    Status.CREATED: "green",
    Status.UPDATED: "green",
    Status.DELETED: "green",
    Status.CANCELLED: "green",
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
    import_errors: str = ""  # the errors file's own import command


def summary_rows(
    summary: RunSummary, wall_seconds: float, pace: float | None = None, limit: float = 0.0
) -> list[tuple[str, str, str]]:
    """(label, value, style) lines of the table, in the order a person reads them.

    `pace`: requests per second from the first request to the last (the progress view
    measures it), set against the `limit`."""
    rows: list[tuple[str, str, str]] = []
    for status in Status:
        count = summary.job_counts.get(status, 0)
        if count:
            rows.append((status.value, str(count), _STYLE.get(status, "")))
    rows.append(("rows", str(summary.rows), "bold"))
    rows += [
        ("requests sent", str(summary.requests), ""),
        ("retries", str(summary.retries), ""),
        ("reconciliations", str(summary.reconciliations), ""),
        ("wall time", _seconds(wall_seconds), ""),
    ]
    if pace is not None:
        against = f" (limit {limit:g})" if limit > 0 else ""
        rows.append(("effective rate", f"{pace:.1f} requests/s{against}", ""))
    if summary.results_path is not None:
        rows.append(("results", str(summary.results_path), ""))
    if summary.journal_path is not None:
        rows.append(("journal", str(summary.journal_path), ""))
    return rows


def _seconds(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 60 else duration(seconds)


@dataclass(frozen=True, slots=True)
class RealRun:
    """A dry run's estimate of the real run: its requests (the reads the dry run made, which
    a real run makes too, and the writes it would add), how long they take at the rate, and
    their share of a standard key's daily quota."""

    requests: int
    seconds: float
    quota_share: float  # of STANDARD_DAILY_QUOTA: 0.25 for a quarter
    text: str  # "at least 3 min"
    warning: str | None  # the quota will not last the job


def real_run(summary: RunSummary, rate: float) -> RealRun | None:
    """The estimate a dry run gives (None for a real run, or at an unknown rate)."""
    planned = summary.planned_writes
    if planned is None or rate <= 0:
        return None
    requests = summary.requests + planned
    text, warning = estimate(requests, rate, None)
    return RealRun(requests, requests / rate, requests / STANDARD_DAILY_QUOTA, text, warning)


def real_run_line(found: RealRun, rate: float) -> str:
    share = found.quota_share * 100
    shown = f"{share:.1f}" if share < 10 else f"{share:.0f}"
    return (
        f"a real run: about {found.requests:,} requests, {found.text} at {rate:g} requests/s, "
        f"{shown}% of a standard key's {STANDARD_DAILY_QUOTA:,} requests a day"
    )


def notes(summary: RunSummary, steps: NextSteps, rate: float = 0.0) -> list[str]:
    """Warnings, the dry run's estimate, why the run stopped, the rows not done, and the
    commands that go on."""
    lines = [f"warning: {w}" for w in summary.warnings]
    found = real_run(summary, rate)
    if found is not None:
        lines.append(real_run_line(found, rate))
        lines += [f"warning: {found.warning}"] if found.warning else []
    if summary.stopped:
        lines.append(f"stopped: {summary.stopped}")
        if summary.resume_hint:
            lines.append(f"  {summary.resume_hint}")
    lines += problem_lines(summary)
    if isinstance(summary, UndoSummary):
        lines += undo_lines(summary)
    unfinished = summary.stopped or summary.job_counts.get(Status.PENDING, 0)
    if unfinished and steps.resume:
        lines.append(f"to finish the rest:  {steps.resume}")
    job = summary.job_counts
    failed = job.get(Status.FAILED, 0) + job.get(Status.BLOCKED, 0)
    if failed and steps.retry_failed:
        lines.append(f"to send the failed rows again:  {steps.retry_failed}")
    errors = summary.errors_path
    if errors is not None and steps.import_errors:
        lines.append(
            f"the rows not done are also in {errors}, in the sheet's own columns: fix them "
            f"there and import that file:  {steps.import_errors}"
        )
    return lines


SHOWN_TARGETS = 50


def undo_lines(summary: UndoSummary, shown: int = SHOWN_TARGETS) -> list[str]:
    """A dry run's list of what undo would delete or cancel (children first), and what any
    undo leaves alone, and why."""
    lines: list[str] = []
    if summary.targets:
        lines.append("would delete or cancel, children first:")
        for target in summary.targets[:shown]:
            name = f"  {target.name}" if target.name else ""
            lines.append(f"  {target.status.value}  {target.kind}{name}  (id {target.id})")
        if len(summary.targets) > shown:
            lines.append(f"  ... and {len(summary.targets) - shown} more")
    if summary.left_in_place:
        lines.append("left in place (deleting it would take along what this run did not make):")
        lines += [f"  {found.line()}" for found in summary.left_in_place[:shown]]
        if len(summary.left_in_place) > shown:
            lines.append(f"  ... and {len(summary.left_in_place) - shown} more")
    left = summary.left_alone.lines()
    if left:
        lines.append("left alone (undo removes only what this run created):")
        lines += [f"  {line}" for line in left]
    return lines


PROBLEMS = ("invalid", "failed", "blocked")
SHOWN_PROBLEMS = 10


def problem_rows(results: Path) -> Iterator[tuple[str, str, str]]:
    """(row, status, error) of the rows not done, from a results file (CSV or JSON Lines)."""
    with results.open(encoding="utf-8-sig", newline="") as lines:
        if results.suffix.lower() in (".jsonl", ".ndjson"):
            rows: Iterator[dict[str, object]] = (json.loads(ln) for ln in lines if ln.strip())
        else:
            rows = result_rows(lines)  # a `;` sheet's results are `;`-separated
        for row in rows:
            if row.get("status") in PROBLEMS:
                error = str(row.get("error") or "")
                yield str(row.get("row", "")), str(row["status"]), error.removeprefix("'")


def problem_lines(summary: RunSummary, shown: int = SHOWN_PROBLEMS) -> list[str]:
    """The first rows not done and why, so a person need not open the results file."""
    total = sum(summary.job_counts.get(Status(s), 0) for s in PROBLEMS)
    if not total or summary.results_path is None or not summary.results_path.is_file():
        return []
    lines = [f"rows not done (all of them, and why, in {summary.results_path}):"]
    try:
        for number, status, error in problem_rows(summary.results_path):
            lines.append(f"  row {number}: {status}" + (f": {error}" if error else ""))
            if len(lines) > shown:
                break
    except (OSError, ValueError):  # unreadable now: the path is printed all the same
        return []
    if total > len(lines) - 1:
        lines.append(f"  ... and {total - len(lines) + 1} more")
    return lines


def print_summary(
    console: Console,
    summary: RunSummary,
    *,
    title: str,
    wall_seconds: float,
    steps: NextSteps = NextSteps(),
    pace: float | None = None,
    limit: float = 0.0,
) -> None:
    """A rich table on a terminal; aligned plain lines elsewhere. An empty title: none (the
    caller has printed its own heading)."""
    rows = summary_rows(summary, wall_seconds, pace, limit)
    if console.is_terminal:
        table = Table(
            title=title or None, box=box.SIMPLE_HEAD, show_header=False, title_justify="left"
        )
        table.add_column(style="bold")
        table.add_column()
        for label, value, style in rows:
            table.add_row(Text(label), Text(value, style=style))
        console.print(table)
    else:
        _print_plain(console, title, rows)
    for line in notes(summary, steps, limit):
        console.print(line, highlight=False, markup=False, soft_wrap=True)


def _print_plain(console: Console, title: str, rows: Sequence[tuple[str, str, str]]) -> None:
    width = max(len(label) for label, _, _ in rows)
    if title:
        console.print(title, highlight=False, markup=False, soft_wrap=True)
    for label, value, _ in rows:
        console.print(
            f"  {label.ljust(width)}  {value}", highlight=False, markup=False, soft_wrap=True
        )
