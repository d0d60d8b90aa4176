"""`--set FIELD=VALUE`: one value for every row whose column is missing or blank.

A shop's export never has `per_registrant_limit`; rather than adding a column by hand, the
person gives one value for the whole sheet. The value fills the blank cells of the column the
sheet already has for that field, or, when it has none, a column of its own named after the
option (`--set per_registrant_limit`), so every message about it names what the person typed.
The value is read and checked as a cell of that column once, before any row is read: a bad
value is a usage error naming the option, never a row error repeated on every row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bulkspot.core.columnmap import SET_HEADER, ColumnMap
from bulkspot.core.columns import columns_for, find_column, normalize
from bulkspot.core.mapping import ColumnError
from bulkspot.core.quoting import quote

__all__ = [
    "NO_CONSTANTS",
    "Constants",
    "check_constants",
    "constant_option",
    "place_constants",
]

IGNORED = frozenset({"-", "ignore"})


def constant_option(field: str, value: str) -> str:
    """How a message names one constant: `--set per_registrant_limit=10`."""
    return f"--set {field}={value}"


@dataclass(frozen=True, slots=True)
class Constants:
    """Where each constant goes: `fills` header -> value (blank cells of that header get
    it), `added` the headers made for fields the sheet has no column for, and the `--map`
    entries that bind those headers."""

    fills: Mapping[str, str]
    added: tuple[str, ...]
    column_map: Mapping[str, str]
    options: Mapping[str, str]  # header -> the option as typed, for messages

    def fill(self, cells: dict[str, Any]) -> dict[str, Any]:
        """A row's cells with every constant's blank or missing cell given its value."""
        if not self.fills:
            return cells
        filled = dict(cells)
        for header, value in self.fills.items():
            cell = filled.get(header)
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                filled[header] = value
        return filled


NO_CONSTANTS = Constants({}, (), {}, {})


def place_constants(
    kind: str,
    headers: Sequence[str],
    column_map: Mapping[str, str],
    constants: Mapping[str, str],
) -> Constants:
    """Which header each constant fills, the sheet's own when one feeds its field (by name
    or by --map), else a header added for it; ColumnError for a field the kind lacks."""
    if not constants:
        return Constants({}, (), dict(column_map), {})
    fed = _fed_targets(kind, headers, column_map)
    fills: dict[str, str] = {}
    added: list[str] = []
    bound: dict[str, str] = dict(column_map)
    options: dict[str, str] = {}
    for field, value in constants.items():
        column = find_column(kind, field)
        if column is None:
            names = ", ".join(c.name for c in columns_for(kind))
            raise ColumnError(
                f"{constant_option(field, value)}: {quote(field)} is not a column of this "
                f"sheet's kind; the columns are {names}"
            )
        header = fed.get(column.target)
        if header is None:
            header = f"{SET_HEADER}{column.name}"
            added.append(header)
            bound[header] = column.name
            fed[column.target] = header
        fills[header] = value
        options[header] = constant_option(field, value)
    return Constants(fills, tuple(added), bound, options)


def _fed_targets(
    kind: str, headers: Iterable[str], column_map: Mapping[str, str]
) -> dict[str, str]:
    """target -> the sheet header that feeds it (a --map wins over a header's own name)."""
    fed: dict[str, str] = {}
    mapped = {normalize(h): f for h, f in column_map.items()}  # as --map finds its header
    for header in headers:
        name = mapped.get(normalize(header), header)
        if name.strip().lower() in IGNORED:
            continue
        column = find_column(kind, name)
        if column is not None:
            fed.setdefault(column.target, header)
    return fed


def check_constants(constants: Constants, mapping: ColumnMap) -> None:
    """Each constant read and checked as a cell of its column; ColumnError naming the
    option for the first one its column refuses."""
    for header, value in constants.fills.items():
        values, problems = mapping.read({header: value})
        problems += mapping.check_fields(values)
        if problems:
            raise ColumnError(f"{constants.options[header]}: {problems[0].message}")
