"""One sheet's column map: reads its rows' cells into values, and names its columns back.

`ColumnMap` is what `bulkspot.core.mapping.map_columns` decides for a sheet. Reading a row
is a dict lookup and at most a converter call per cell: each column's converter is chosen
once (`bulkspot.core.cells`), and repeated cells ("20%", "yes", "VIP", a blank) are
converted once and remembered as written, so that a repeat costs one dict lookup. Problems
found on API fields are translated back to the sheet columns that supplied them, so every
message names something the person can see.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bulkspot.core.cells import Converter, always_valid, converter, memoizable
from bulkspot.core.coerce import CellError
from bulkspot.core.columns import Column, Role
from bulkspot.core.operation import CellProblem
from bulkspot.core.resources import Problem, ResourceSpec, spec_for
from bulkspot.core.validate import check_value

MEMO_SIZE = 1024  # converted cells remembered per column
_MISS = object()
_BLANK = object()  # remembered: the cell is blank, or holds nothing (" ; " for a list)

Reader = tuple[str, str, Converter, dict[str, Any] | None]  # header, target, converter, memo


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
    spec: ResourceSpec = field(init=False, repr=False)
    _readers: tuple[Reader, ...] = field(init=False, repr=False)
    _by_target: dict[str, Binding] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "spec", spec_for(self.kind))
        object.__setattr__(self, "_by_target", {b.column.target: b for b in self.bindings})
        readers: tuple[Reader, ...] = tuple(
            (b.header, b.column.target, converter(b.column), {} if memoizable(b.column) else None)
            for b in self.bindings
        )
        object.__setattr__(self, "_readers", readers)

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

    def trusted(self) -> frozenset[str]:
        """The API fields whose every converted value keeps the field's rules."""
        return frozenset(t for t, b in self._by_target.items() if always_valid(b.column))

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
                problems.append(CellProblem(header, str(error)))
                continue
            if value is not None:
                values[target] = value
            if memo is not None and len(memo) < MEMO_SIZE:
                memo[cell] = _BLANK if value is None else value
        return values, problems

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
        """Validation problems as row problems, each on the column that supplied the field."""
        return [CellProblem(self.column_of(p.field, fallbacks), p.message) for p in found]

    def check_fields(self, values: Mapping[str, Any]) -> list[CellProblem]:
        """Each given API field checked on its own (an update sends only some fields)."""
        problems = []
        for target, value in values.items():
            binding = self._by_target.get(target)
            if binding is not None and binding.column.role is Role.FIELD:
                why = check_value(binding.column.field, value)
                if why:
                    problems.append(CellProblem(binding.header, why))
        return problems
