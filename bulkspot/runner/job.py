"""What an import job is, and what it ends with: the facade's and the CLI's vocabulary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bulkspot.core.moments import DateOrder
from bulkspot.core.outcome import Status
from bulkspot.runner.checks import require_event_id
from bulkspot.runner.pathargs import StrPath, make_paths
from bulkspot.runner.row_outcomes import RowOutcome

EXIT_OK, EXIT_SOME_ROWS_BAD, EXIT_STOPPED = 0, 1, 2


@dataclass(frozen=True, slots=True)
class ImportJob:
    """What to import and where to keep track of it."""

    kind: str  # events, fees, items, attributes, promocodes
    source: Path
    event_id: str | None = None
    sheet: str | None = None
    column_map: Mapping[str, str] = field(default_factory=dict)
    results_path: Path | None = None  # default: <source stem>.results.csv beside the source
    journal_path: Path | None = None  # default: <source stem>.<kind>.journal.sqlite
    dry_run: bool = False
    strict: bool = False  # any invalid row: send nothing
    fresh: bool = False  # ignore (replace) an existing journal
    retry_failed: bool = False  # send failed and blocked rows of the journal again
    date_order: DateOrder | None = None  # 12/4/2027: DMY or MDY; None: such a cell is refused
    # the sheet's amounts (a cell in another is refused); None: the currency its cells'
    # signs name, else USD. It must be the event's (checked before any write).
    currency: str | None = None
    partial: bool = False  # send an item's valid rows when another row of it is invalid
    header_row: int | None = None  # --header-row: the header's row; None: found by its names
    decimal_comma: bool = False  # --decimal-comma: 35,00 is 35.00 (else only when unambiguous)
    decimal_point: bool = False  # --decimal-point: 1.200 is 1.20 and 1,200 is 1200
    limit: int | None = None  # --limit: send only the first N rows to send; the rest pending
    verify: bool = False  # --verify: make again the rows whose resources someone removed
    log_path: Path | None = None  # --log: appended to by the command line; the run holds it
    constants: Mapping[str, str] = field(default_factory=dict)  # --set FIELD=VALUE

    if TYPE_CHECKING:  # the paths taken as str or os.PathLike too (tests/runner/test_path_args.py)

        def __init__(
            self,
            kind: str,
            source: StrPath,
            event_id: str | None = None,
            sheet: str | None = None,
            column_map: Mapping[str, str] = ...,
            results_path: StrPath | None = None,
            journal_path: StrPath | None = None,
            dry_run: bool = False,
            strict: bool = False,
            fresh: bool = False,
            retry_failed: bool = False,
            date_order: DateOrder | None = None,
            currency: str | None = None,
            partial: bool = False,
            header_row: int | None = None,
            decimal_comma: bool = False,
            decimal_point: bool = False,
            limit: int | None = None,
            verify: bool = False,
            log_path: StrPath | None = None,
            constants: Mapping[str, str] = ...,
        ) -> None: ...

    def __post_init__(self) -> None:
        make_paths(self, "source", optional=("results_path", "journal_path", "log_path"))
        if self.event_id:
            require_event_id(self.event_id)  # it names a path, and the results and journal


@dataclass(frozen=True, slots=True)
class RowResource:
    """The resource one input row ended with: what a person needs to go on (an event's id
    for `--event`) without reading the results file."""

    row: int
    id: str
    name: str  # the row's natural key (an event's name); "" when the kind has none
    status: Status


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What this run did (`counts`: the rows it settled, and the rows it left pending; a
    rerun that sent nothing counts no created row), the job's totals beside them
    (`job_counts`: every row's outcome so far, as the results file says; the exit code
    follows them), and each row's outcome with its id: `outcomes` the job's (every row, a
    row done by an earlier run too, as the results file), `run_outcomes` this run's (the
    rows `counts` counts); `ids` for events."""

    counts: Mapping[Status, int]
    requests: int
    retries: int
    reconciliations: int
    seconds: float
    results_path: Path | None
    journal_path: Path | None
    warnings: Sequence[str] = ()
    stopped: str | None = None  # why the run stopped early, if it did
    resume_hint: str = ""
    # rows with an id, in input order, for a kind at the top of the tree (events): the ids
    # the other sheets need. Empty for children's kinds, so memory stays flat on big sheets.
    resources: tuple[RowResource, ...] = ()
    # the job's totals; left out, the job is this run alone (an undo, a summary built by hand)
    job_counts: Mapping[Status, int] = field(default_factory=dict)
    outcomes: Sequence[RowOutcome] = ()  # the JOB's rows, every one, in input order
    # this RUN's rows, as `counts` counts them: those it settled and those it left pending
    run_outcomes: Sequence[RowOutcome] = ()
    errors_path: Path | None = None  # the rows not done, in the input's columns (if any)
    limited: bool = False  # --limit left the rest pending on purpose
    planned_writes: int | None = None  # a dry run: the writes a real run would send

    def __post_init__(self) -> None:
        if not self.job_counts and self.counts:  # a job holds at least this run's rows
            object.__setattr__(self, "job_counts", self.counts)

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids an events import's rows ended with, in input order."""
        return tuple(r.id for r in self.resources)

    @property
    def rows(self) -> int:
        return sum(self.job_counts.values())

    @property
    def exit_code(self) -> int:
        if self.stopped:
            return EXIT_STOPPED
        bad: tuple[Status, ...] = (Status.FAILED, Status.INVALID, Status.BLOCKED)
        bad += () if self.limited else (Status.PENDING,)  # --limit: pending as asked
        return EXIT_SOME_ROWS_BAD if any(self.job_counts.get(s, 0) for s in bad) else EXIT_OK
