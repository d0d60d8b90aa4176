"""A sheet planned the library's way (open_sheet -> map_columns -> plan_rows), and the outcome
held for the tests to look at."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bulkspot.core.mapping import map_columns
from bulkspot.core.operation import Operation, RowError
from bulkspot.core.plan import PlanSettings, plan_rows
from bulkspot.sources import open_sheet


@dataclass
class Planned:
    """What a sheet turned into: operations, row errors, and the reader's and mapping's
    warnings."""

    ops: list[Operation] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error_on(self, row: int) -> RowError:
        found = [e for e in self.errors if e.row == row]
        assert found, f"no error on row {row}; errors: {self.errors}"
        return found[0]

    @property
    def invalid_rows(self) -> list[int]:
        return [e.row for e in self.errors]


def plan_file(
    kind: str,
    path: Path,
    *,
    event: str | None = "E1",
    overrides: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> Planned:
    """open_sheet -> map_columns -> plan_rows, consumed."""
    result = Planned()
    with open_sheet(path, sheet=sheet) as reader:
        mapping = map_columns(kind, reader.headers, overrides)
        result.warnings = [*reader.warnings, *mapping.warnings]
        for item in plan_rows(kind, reader, mapping, PlanSettings(event_id=event)):
            if isinstance(item, RowError):
                result.errors.append(item)
            else:
                result.ops.append(item)
    return result
