"""The rows one run settles and the requests it sends, counted from its own events (not a
journal's replay): RunSummary's `counts`, `run_outcomes`, `requests` and `retries`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bulkspot.core.outcome import Status
from bulkspot.events import RowDone, RunEvent
from bulkspot.runner.row_outcomes import RowOutcome, RowOutcomes
from bulkspot.runner.run_count import RunCount


class ThisRun(RunCount):
    """Counts the rows this run settles, from its RowDone events (not a journal's replay),
    and its requests and retries (the event check's and look-ups' included), and marks
    which rows (a byte a row number: flat on big sheets)."""

    def __init__(self) -> None:
        super().__init__()
        self.settled: dict[Status, int] = {}
        self.found_invalid = False  # --strict refused the sheet: its invalid rows are this run's
        self.rows = bytearray()

    def __call__(self, event: RunEvent) -> None:
        super().__call__(event)
        if isinstance(event, RowDone) and event.ends_row and not event.resumed:
            status = event.outcome.status
            self.settled[status] = self.settled.get(status, 0) + 1
            row = event.key.row
            if row >= len(self.rows):
                self.rows += bytes(row + 1 - len(self.rows))
            self.rows[row] = 1

    def outcomes(self, job: Sequence[RowOutcome]) -> RowOutcomes:
        """The rows of `job` this run counts, as `counts` does: those it settled, and those
        it left pending (and, under --strict, the invalid rows it found)."""
        found = RowOutcomes()
        for outcome in job:
            mine = outcome.row < len(self.rows) and self.rows[outcome.row]
            if (
                mine
                or outcome.status is Status.PENDING
                or (self.found_invalid and outcome.status is Status.INVALID)
            ):
                found.append(outcome.row, outcome.status, outcome.id)
        return found

    def counts(self, totals: Mapping[Status, int]) -> dict[Status, int]:
        """This run's counts; rows it left unsent are its pending too."""
        found = dict(self.settled)
        if self.found_invalid and totals.get(Status.INVALID):
            found[Status.INVALID] = totals[Status.INVALID]
        if totals.get(Status.PENDING):
            found[Status.PENDING] = totals[Status.PENDING]
        return found
