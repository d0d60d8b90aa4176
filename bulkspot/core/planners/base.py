"""The planner of one sheet: a row's cells to one Operation or one RowError.

`Planner` does the work common to every kind (events and fees need no more): read the row
(`ColumnMap.read`), find the path its resource lives under, let the kind turn sheet-only
roles into fields (`prepare`), validate the body (`Validator`), and refuse a natural key the
file used before (`SeenKeys`). The kinds with more to do subclass it in this package, and say
there which sheet-only columns they read and which columns a sheet of theirs must have.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from bulkspot.core.coerce import PLAIN_READING, CellReading
from bulkspot.core.column import Column
from bulkspot.core.columnmap import ColumnMap
from bulkspot.core.keyindex import FirstRows, SeenKeys
from bulkspot.core.operation import Action, CellProblem, IdSource, Operation, OpKey, RowError
from bulkspot.core.validate import Validator

Planned = Operation | RowError
Problems = list[CellProblem]
Refs = dict[str, tuple[IdSource, ...]]
CREATE, UPDATE = Action.CREATE, Action.UPDATE  # an enum member lookup costs ~250 ns on 3.11


@dataclass(frozen=True, slots=True)
class PlanSettings:
    """What the command line adds to the sheet: the event the rows belong to (`--event`),
    how to read what its cells cannot say (`--date-order`, `--currency`), and whether the
    valid rows of an item go ahead when one of its rows is invalid (`--partial`)."""

    event_id: str | None = None
    reading: CellReading = PLAIN_READING
    partial: bool = False


class Planner:
    """The work common to every kind (events and fees need no more)."""

    fallbacks: ClassVar[dict[str, str]] = {}  # API field -> the role that may supply it
    sheet_columns: ClassVar[tuple[Column, ...]] = ()  # the kind's sheet-only columns
    defaulted: ClassVar[frozenset[str]] = frozenset()  # required fields it fills when blank
    row_child: ClassVar[str | None] = None  # a child kind one of its rows may also make

    @classmethod
    def required_columns(
        cls, columns: Iterable[Column], targets: frozenset[str]
    ) -> list[tuple[str, ...]]:
        """The columns a sheet with these `targets` lacks if it has none of a group's: each
        group is the targets any one of which will do. A sheet of updates (an `id` column)
        needs none; a sheet of new resources every required column."""
        if "@id" in targets:
            return []
        return [(c.target,) for c in columns if c.required]

    def __init__(
        self, mapping: ColumnMap, settings: PlanSettings, seen: FirstRows | None = None
    ) -> None:
        self.map = mapping.read_with(settings.reading)
        self.spec = mapping.spec
        self.kind = mapping.spec.kind
        self.key_field = self.spec.natural_key or "name"
        self.event = settings.event_id
        self.seen: FirstRows = seen if seen is not None else SeenKeys()
        self.nested = any("." in b.column.target for b in mapping.bindings)
        self.rules = Validator.of(self.spec)
        self.paths: dict[tuple[Any, ...], dict[str, IdSource]] = {}  # shared path_ids dicts
        self.event_paths: dict[Any, dict[str, IdSource]] = {}

    def plan(self, rows: Iterable[Any]) -> Iterator[Planned]:
        plan_row = self.plan_row
        for row in rows:
            yield plan_row(row.number, row.cells, row.problems)

    def plan_row(self, number: int, cells: Any, found: tuple[CellProblem, ...]) -> Planned:
        values, problems = self.map.read(cells)
        if found:
            problems[:0] = found
        target = values.pop("@id", None)
        if target is None and self.failed("@id", problems):
            return RowError(number, tuple(problems))  # an update of no id: nothing more to say
        refs: Refs = {}
        scope, path_ids = self.locate(values, problems)
        shown = self.prepare(values, refs, scope, target is None, problems)
        body = self.nest(values) if self.nested else values
        if target is not None:
            problems += self.map.check_fields(values)
            if problems:
                return RowError(number, tuple(problems))
            return Operation(OpKey(number), self.kind, UPDATE, body, path_ids, target, refs)
        invalid = self.rules.problems({**body, **shown} if shown else body)
        if invalid:
            problems += self.without_repeats(
                self.map.problems_of(invalid, self.fallbacks), problems
            )
        self.check_unique(values.get(self.key_field), scope, number, problems)
        if problems:
            return RowError(number, tuple(problems))
        return Operation(OpKey(number), self.kind, CREATE, body, path_ids, None, refs)

    def locate(self, values: dict[str, Any], problems: Problems) -> tuple[Any, dict[str, IdSource]]:
        """The path ids the row's resource lives under, and its natural key's scope."""
        event = values.pop("@event_id", None) or self.event
        if self.spec.parent is None:
            return "", self.path(())
        if event is None:
            if not self.failed("@event_id", problems):
                column = self.map.header_of("@event_id") or "event_id"
                problems.append(CellProblem(column, "is required: fill it in, or give --event ID"))
            return "", self.path(())
        path_ids = self.event_paths.get(event)
        if path_ids is None:
            if len(self.event_paths) > 4096:
                self.event_paths.clear()
            path_ids = self.event_paths[event] = self.path((("event_id", event),))
        return event, path_ids

    def failed(self, target: str, problems: Problems) -> bool:
        """Whether the cell feeding `target` was refused already: its value is missing, and
        saying it is required too would only repeat that."""
        header = self.map.header_of(target)
        return header is not None and any(p.column == header for p in problems)

    def path(self, ids: tuple[tuple[str, IdSource], ...]) -> dict[str, IdSource]:
        """One path_ids dict per distinct path, shared by its operations (never mutated)."""
        found = self.paths.get(ids)
        if found is None:
            if len(self.paths) > 4096:
                self.paths.clear()
            found = self.paths[ids] = dict(ids)
        return found

    def prepare(
        self, values: dict[str, Any], refs: Refs, scope: Any, create: bool, problems: Problems
    ) -> dict[str, Any] | None:
        """Turn sheet-only roles into fields and refs and add defaults; return what only
        validation sees (fee labels standing in for the ids they will become)."""
        return None

    def check_unique(self, key: Any, scope: Any, number: int, problems: Problems) -> None:
        """An error when the natural key was used on an earlier row of the same scope."""
        if isinstance(key, str) and key:
            earlier = self.seen.first_row(scope, key, number)
            if earlier is not None:
                column = self.map.column_of(self.key_field, self.fallbacks)
                message = f"{self.key_field} {key!r} is already used on row {earlier}"
                problems.append(CellProblem(column, message))

    @staticmethod
    def nest(values: dict[str, Any]) -> dict[str, Any]:
        """Dotted targets as nested objects: {"address.city": x} -> {"address": {"city": x}}."""
        body: dict[str, Any] = {}
        for target, value in values.items():
            parent, dot, child = target.partition(".")
            if dot:
                body.setdefault(parent, {})[child] = value
            else:
                body[target] = value
        return body

    def without_repeats(self, found: Problems, earlier: Problems) -> Problems:
        """Validation problems less those on a column whose cell already failed to convert
        (its value is missing, so it also reads as required: once is enough)."""
        failed = {p.column for p in earlier}
        return [p for p in found if p.column not in failed] if failed else found
