"""The last step of an import job: the results file (and the errors file), written by walking
the sheet and the journal together, and the counts, ids and row outcomes the summary gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from bulkspot.core.outcome import Status
from bulkspot.core.planners import planner_for
from bulkspot.runner.job import RowResource
from bulkspot.runner.row_outcomes import RowOutcomes
from bulkspot.runner.sheet import SheetPlan
from bulkspot.sinks.errors_file import ErrorsWriter
from bulkspot.sinks.journal import Journal
from bulkspot.sinks.results import ResultsWriter, results_by_row


@dataclass(frozen=True, slots=True)
class ResultFiles:
    """What a job writes at its end: the results, the errors file (None: a dry run writes
    none), and whether the results show what each row would send (a dry run)."""

    results: Path
    errors: Path | None
    with_bodies: bool = False


def planned_writes(journal: Journal) -> int:
    """The write requests a real run would send, by the dry run's word for each operation:
    a create or a status one each, an update two (it reads the resource first)."""
    cost = {Status.TO_CREATE: 1, Status.TO_UPDATE: 2, Status.TO_CANCEL: 1, Status.TO_DELETE: 1}
    counts = journal.count_by_state()
    return sum(each * counts.get(status.value, 0) for status, each in cost.items())


def write_results(
    sheet: SheetPlan, journal: Journal, files: ResultFiles
) -> tuple[dict[Status, int], list[RowResource], RowOutcomes]:
    """Write the results file (and the errors file); count the outcomes and, for a kind at
    the top of the tree (no parent: events), collect each row's resource for the summary."""
    counts: dict[Status, int] = {}
    resources: list[RowResource] = []
    outcomes = RowOutcomes()
    spec = sheet.mapping.spec
    name_header = next(
        (b.header for b in sheet.mapping.bindings if b.column.target == spec.natural_key), None
    )
    parent_kind = spec.kind if planner_for(spec.kind).row_child else None

    def parent_name(cells: Mapping[str, object]) -> object:
        return cells.get(name_header) if name_header else None

    delimiter = ";" if sheet.delimiter == ";" else ","  # a European Excel opens it in columns
    with (
        sheet.rows() as rows,
        ResultsWriter(
            files.results,
            sheet.headers,
            parent_kind=parent_kind,
            would_send=files.with_bodies,
            delimiter=delimiter,
        ) as writer,
        ErrorsWriter(files.errors, sheet.headers, delimiter=delimiter)
        if files.errors
        else nullcontext() as errors,
    ):
        merged = results_by_row(
            rows,
            journal.entries(),
            parent_kind,
            parent_name,
            bodies=files.with_bodies,
            notes=sheet.row_notes,
        )
        for cells, result in merged:
            writer.write(cells, result)
            status: Status = result["status"]
            if errors is not None:  # a row without its parent's name is in its group
                grouped = parent_kind is not None and parent_name(cells) in (None, "")
                errors.write(cells, status, continues=grouped)
            counts[status] = counts.get(status, 0) + 1
            outcomes.append(result["row"], status, str(result.get("id") or ""))
            if spec.parent is None and result.get("id"):
                name = str(cells.get(name_header) or "") if name_header else ""
                resources.append(RowResource(result["row"], result["id"], name, status))
    return counts, resources, outcomes
