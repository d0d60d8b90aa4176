"""One job's sheet, read as often as the job needs it: to plan, and to write the results.

The header is read and the columns mapped once, when the job starts, so that a sheet that
cannot work (a missing required column, two headers for one field, an unknown `--map`) stops
before a journal is opened or a request is sent. Every later pass opens the file again and
streams it: memory does not grow with the number of rows.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from bulkspot.core.mapping import ColumnMap, map_columns
from bulkspot.core.plan import Planned, PlanSettings, plan_rows
from bulkspot.core.resources import spec_for
from bulkspot.runner.job import ImportJob
from bulkspot.sinks.seen_keys import SeenKeysOnDisk
from bulkspot.sources import fingerprint, open_sheet


@dataclass(frozen=True, slots=True)
class SheetPlan:
    """The sheet of one import job: its header, its column map and what identifies it."""

    path: Path
    worksheet: str | None
    kind: str  # singular: "item"
    headers: tuple[str, ...]
    mapping: ColumnMap
    settings: PlanSettings
    fingerprint: str
    total_rows: int
    source_warnings: tuple[str, ...]

    @classmethod
    def open(cls, job: ImportJob) -> SheetPlan:
        """Read the header and map the columns; InputError when the sheet cannot work."""
        kind = spec_for(job.kind).kind
        with open_sheet(job.source, sheet=job.sheet) as reader:
            headers = tuple(reader.headers)
            warnings = tuple(reader.warnings)
            total = reader.count()
        mapping = map_columns(kind, headers, job.column_map)
        settings = PlanSettings(event_id=job.event_id)
        plan_rows(kind, (), mapping, settings)  # raises now, not mid-run, if no event is known
        return cls(
            path=job.source,
            worksheet=job.sheet,
            kind=kind,
            headers=headers,
            mapping=mapping,
            settings=settings,
            fingerprint=fingerprint(job.source),
            total_rows=total,
            source_warnings=warnings,
        )

    @property
    def columns(self) -> dict[str, str]:
        """Header -> column: part of the journal's identity (another mapping, another job)."""
        return self.mapping.columns

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.source_warnings + self.mapping.warnings

    @contextmanager
    def plan(self) -> Iterator[Iterator[Planned]]:
        """The operations and row errors of the sheet, in row order, as it is read; the
        file's natural keys are remembered on disk, so memory does not grow with the rows."""
        with (
            open_sheet(self.path, sheet=self.worksheet) as reader,
            tempfile.TemporaryDirectory(prefix="bulkspot-keys-") as folder,
            closing(SeenKeysOnDisk(Path(folder))) as seen,
        ):
            yield plan_rows(self.kind, reader, self.mapping, self.settings, seen=seen)

    @contextmanager
    def rows(self) -> Iterator[Iterator[tuple[int, dict[str, object]]]]:
        """(row number, cells) of every data row: the input half of the results file."""
        with open_sheet(self.path, sheet=self.worksheet) as reader:
            yield ((row.number, row.cells) for row in reader)
