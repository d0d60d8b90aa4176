"""One sheet's column map: reads its rows' cells into values, and names its columns back.

`ColumnMap` is what `bulkspot.core.mapping.map_columns` decides for a sheet. Reading a row
is a dict lookup and at most a coercer call per cell: each column's coercer is chosen once
(`column_coercer`), and repeated cells ("20%", "yes", "VIP", a blank) are converted once and
remembered as written, so that a repeat costs one dict lookup. Problems
found on API fields are translated back to the sheet columns that supplied them, so every
message names something the person can see.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bulkspot.core.amounts import to_discount, to_percent
from bulkspot.core.coerce import (
    PLAIN_READING,
    CellError,
    CellReading,
    Coercer,
    LocalTime,
    to_text,
)
from bulkspot.core.column import Column, Role
from bulkspot.core.field_readers import checking_ids, coercer
from bulkspot.core.moments import MomentError, in_zone
from bulkspot.core.operation import CellProblem
from bulkspot.core.quoting import capped, quote
from bulkspot.core.resources import FieldType, Problem, ResourceSpec, spec_for
from bulkspot.core.validate import Check, value_check

SET_HEADER = "--set "  # the header a --set FIELD=VALUE adds for a field the sheet lacks
MEMO_SIZE = 1024  # converted cells remembered per column
_MISS = object()
_BLANK = object()  # remembered: the cell is blank, or holds nothing (" ; " for a list)

Reader = tuple[str, str, Coercer, dict[str, Any] | None]  # header, target, coercer, memo
PERCENT_FIELDS = frozenset({"discount_percent"})  # also read from "20%", as Excel shows a percent
_LISTS = (FieldType.STRING_LIST, FieldType.ENUM_LIST)


def column_coercer(column: Column, reading: CellReading = PLAIN_READING) -> Coercer:
    """The function that reads a (trimmed, non-blank) cell of `column`; None for a list cell
    that holds nothing (" ; "), as for a blank one. A cell of ids is checked against the
    shape of the ids it names: an id is data, and must never become an address."""
    match column.role:
        case Role.DISCOUNT:
            return lambda cell: to_discount(cell, reading=reading)
        case Role.FEES:  # a tuple: immutable, so a repeated cell is read once
            return lambda cell: tuple(coercer(column.field)(cell)) or None
        case Role.ID | Role.EVENT_ID | Role.ITEM_ID:
            return checking_ids(column.field, to_text)
    read = coercer(column.field, reading)
    if column.field.type in _LISTS:
        return lambda cell: read(cell) or None
    if column.name in PERCENT_FIELDS:
        return lambda cell: to_percent(cell, decimal_comma=reading.decimal_comma)
    return read


def remembers(column: Column) -> bool:
    """Whether to remember the column's converted cells: only immutable results (not
    lists) of columns whose cells repeat (not names or ids, which rarely do)."""
    if column.role in (Role.FEES, Role.DISCOUNT):
        return True
    if column.role in (Role.ID, Role.ITEM_ID, Role.ITEM, Role.ATTRIBUTE):
        return False
    return column.field.type not in (FieldType.STRING, *_LISTS)


@dataclass(frozen=True, slots=True)
class Binding:
    """A sheet header and the column it feeds."""

    header: str
    column: Column


@dataclass(frozen=True)
class ColumnMap:
    """How one sheet's headers feed one kind's columns; reads that sheet's rows."""

    kind: str  # singular: "item"
    bindings: tuple[Binding, ...]
    warnings: tuple[str, ...] = ()
    reading: CellReading = PLAIN_READING  # the sheet's date order and currency
    spec: ResourceSpec = field(init=False, repr=False)
    _readers: tuple[Reader, ...] = field(init=False, repr=False)
    _by_target: dict[str, Binding] = field(init=False, repr=False)
    _checks: dict[str, tuple[str, Check]] = field(init=False, repr=False)  # API field's
    _zoned: tuple[tuple[str, str, str], ...] = field(init=False, repr=False)  # header,
    # target and zone field of each date-time column read in its row's time zone

    def __post_init__(self) -> None:
        object.__setattr__(self, "spec", spec_for(self.kind))
        object.__setattr__(self, "_by_target", {b.column.target: b for b in self.bindings})
        readers: tuple[Reader, ...] = tuple(
            (
                b.header,
                b.column.target,
                column_coercer(b.column, self.reading),
                {} if remembers(b.column) else None,
            )
            for b in self.bindings
        )
        object.__setattr__(self, "_readers", readers)
        checks = {
            b.column.target: (b.header, value_check(b.column.field))
            for b in self.bindings
            if b.column.role is Role.FIELD
        }
        object.__setattr__(self, "_checks", checks)
        zoned = tuple(
            (b.header, b.column.target, b.column.field.zone_field)
            for b in self.bindings
            if b.column.role is Role.FIELD and b.column.field.zone_field
        )
        object.__setattr__(self, "_zoned", zoned)

    def zoned_headers(self) -> tuple[tuple[str, str], ...]:
        """(header, the header of its zone field) of each date-time column read in its
        row's zone; the zone field's own name when no column gives it."""
        return tuple((h, self.header_of(zone) or zone) for h, _, zone in self._zoned)

    def read_with(self, reading: CellReading) -> ColumnMap:
        """This map reading cells with `reading` (the sheet's date order and currency)."""
        return self if reading == self.reading else dataclasses.replace(self, reading=reading)

    @property
    def columns(self) -> dict[str, str]:
        """Sheet header -> the column it feeds (for a journal to recognise the same mapping)."""
        return {b.header: b.column.name for b in self.bindings}

    def has(self, target: str) -> bool:
        """Whether a column feeds `target` (an API field, or "@role")."""
        return target in self._by_target

    def header_of(self, target: str) -> str | None:
        binding = self._by_target.get(target)
        return binding.header if binding else None

    def read(self, cells: Mapping[str, Any]) -> tuple[dict[str, Any], list[CellProblem]]:
        """A row's values by target (blank cells left out) and the cells that would not
        convert, each problem naming the sheet's column."""
        values: dict[str, Any] = {}
        problems: list[CellProblem] = []
        get = cells.get
        for header, target, convert, memo in self._readers:
            cell = get(header)
            if type(cell) is str:
                if memo is not None:
                    value = memo.get(cell, _MISS)  # the cell as written: no strip() for a repeat
                    if value is not _MISS:
                        if value is not _BLANK:
                            values[target] = value
                        continue
                text: Any = cell.strip()
                if not text:
                    if memo is not None and len(memo) < MEMO_SIZE:
                        memo[cell] = _BLANK
                    continue
            elif cell is None:
                continue
            else:  # a typed cell (an XLSX number, a JSON value): converted each time
                text, memo = cell, None
            try:
                value = convert(text)
            except CellError as error:  # not remembered: rare, and cheap enough
                problems.append(CellProblem(header, capped(str(error))))
                continue
            if value is not None:
                values[target] = value
            if memo is not None and len(memo) < MEMO_SIZE:
                memo[cell] = _BLANK if value is None else value
        if self._zoned:
            self._in_zones(values, problems)
        return values, problems

    def _in_zones(self, values: dict[str, Any], problems: list[CellProblem]) -> None:
        """Each date-time without an offset read in the zone its row names (time_zone_id):
        18:00 in US/Eastern is 22:00Z, not 18:00Z."""
        failed = {p.column for p in problems}
        for header, target, zone_field in self._zoned:
            local = values.get(target)
            if not isinstance(local, LocalTime):
                continue
            zone = values.get(zone_field)
            zone_header = self.header_of(zone_field)
            if zone is None and zone_header in failed:  # a bad zone cell says so itself;
                values[target] = in_zone(local, "UTC")  # the row is not sent
                continue
            if zone is None:
                del values[target]
                problems.append(
                    CellProblem(
                        header,
                        f"{quote(local.written)} has no offset and the row has no time zone: "
                        f"fill in {zone_header or zone_field}, or write the offset "
                        f"({local.wall.isoformat(timespec='minutes')}Z for UTC)",
                    )
                )
                continue
            try:
                values[target] = in_zone(local, zone)
            except MomentError as error:
                del values[target]
                problems.append(CellProblem(header, capped(str(error))))

    def column_of(self, api_field: str, fallbacks: Mapping[str, str] = {}) -> str:
        """The header that supplied `api_field` (or, via `fallbacks`, the role that filled
        it: discount_percent <- "@discount"); the API field's name when no column did."""
        header = self.header_of(api_field)
        if header is None and api_field in fallbacks:
            header = self.header_of(fallbacks[api_field])
        return header or api_field

    def problems_of(
        self, found: Iterable[Problem], fallbacks: Mapping[str, str] = {}
    ) -> list[CellProblem]:
        """Validation problems as row problems, each on the column that supplied the field;
        a field a message names that `--set` gave is named as that option."""
        return [
            CellProblem(self.column_of(p.field, fallbacks), self._set_named(p.message))
            for p in found
        ]

    def _set_named(self, message: str) -> str:
        """`message` with each field a `--set` gave named by it: "above --set
        default_quantity_total (3)", so a rule between two fields says where each came from."""
        for b in self.bindings:
            if b.header.startswith(SET_HEADER) and b.column.target in message:
                named = re.compile(rf"(?<![\w.-]){re.escape(b.column.target)}(?![\w.])")
                message = named.sub(b.header, message)
        return message

    def check_fields(self, values: Mapping[str, Any]) -> list[CellProblem]:
        """Each given API field checked on its own (an update sends only some fields)."""
        problems = []
        for target, value in values.items():
            found = self._checks.get(target)
            if found is not None:
                header, check = found
                why = check(value)
                if why:
                    problems.append(CellProblem(header, why))
        return problems
