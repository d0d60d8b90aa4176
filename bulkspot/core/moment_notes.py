"""Warnings about a row's start or end that may not say what was meant: a date without a
time (read as midnight in the row's zone) and an offset the row's own zone does not have
on that day (2027-10-02T18:00:00+02:00 on a US/Eastern row). Both are read as written, so
they are warnings on their rows, not refusals.

An instant written in UTC (`...Z`, `+00:00`) is a way of naming a moment anywhere, not a
contradiction of the zone; only another offset is said.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Mapping
from typing import Any

from bulkspot.core.columnmap import ColumnMap
from bulkspot.core.moments import LocalTime, MomentError, to_moment, to_time_zone

LISTED = 20  # the notes given one by one; the rest are counted
_WRITTEN_OFFSET = re.compile(r"(?:[+-]\d{2}:?\d{2}|[Zz])$")


class MomentNotes:
    """The warnings for the rows' zoned date-time cells (an event's start and end), taken
    row by row (`see`) in the sheet's one pass for its notes (runner/sheet_notes.py)."""

    def __init__(self, mapping: ColumnMap) -> None:
        self.zoned = mapping.zoned_headers()
        self.order = mapping.reading.date_order
        self.notes: list[str] = []

    @classmethod
    def of(cls, mapping: ColumnMap) -> MomentNotes | None:
        """The taker for a sheet with zoned date-time columns; None: it has none."""
        return cls(mapping) if mapping.zoned_headers() else None

    def see(self, number: int, cells: Mapping[str, Any]) -> None:
        for header, zone_header in self.zoned:
            note = _note(cells.get(header), cells.get(zone_header), self.order)
            if note is not None:
                self.notes.append(f"row {number}: {header} {note}")

    def warnings(self) -> list[str]:
        notes = self.notes
        if len(notes) > LISTED:
            return [*notes[:LISTED], f"and {len(notes) - LISTED:,} more rows' times like these"]
        return list(notes)


def _note(cell: Any, zone_cell: Any, order: Any) -> str | None:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    zone = _zone(zone_cell)
    try:
        read = to_moment(cell, order)
    except MomentError:
        return None  # refused on its row already
    if isinstance(read, LocalTime):
        if isinstance(cell, dt.datetime) or ":" in read.written:
            return None
        where = f"in {zone}" if zone else "in the row's time zone"
        return (
            f"{read.written!r} has no time: it is read as midnight {where} (write the "
            f"time, e.g. {read.wall:%Y-%m-%d} 18:00)"
        )
    aware = _aware(cell)
    if aware is None or zone is None or not aware.utcoffset():
        return None
    local = aware.astimezone(zoneinfo.ZoneInfo(zone))
    if local.utcoffset() == aware.utcoffset():
        return None
    return (
        f"{_written(cell)!r} says {_offset(aware)}, but {zone} is {_offset(local)} then: it is "
        f"read as {local:%Y-%m-%d %H:%M} in {zone} (check the offset or the time zone)"
    )


def _zone(cell: Any) -> str | None:
    if cell is None or not str(cell).strip():
        return None
    try:
        return to_time_zone(cell)
    except MomentError:
        return None


def _aware(cell: Any) -> dt.datetime | None:
    """The cell as an aware datetime when it writes its offset."""
    if isinstance(cell, dt.datetime):
        return cell if cell.tzinfo is not None else None
    text = str(cell).strip()
    if not _WRITTEN_OFFSET.search(text):
        return None
    try:
        moment = dt.datetime.fromisoformat(re.sub(r"[Zz]$", "+00:00", text))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _written(cell: Any) -> str:
    return cell.isoformat() if isinstance(cell, dt.datetime) else str(cell).strip()


def _offset(moment: dt.datetime) -> str:
    minutes = int((moment.utcoffset() or dt.timedelta()).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
