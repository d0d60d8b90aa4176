"""Dates, times and time zones in cells, read as the person meant them.

A time written without an offset is a wall-clock time somewhere: `to_moment` keeps it as a
`LocalTime` until the row's time zone is known (`in_zone`), rather than taking it as UTC.
Excel date cells, ISO-8601 text and the forms people type (`12/4/2027 10:00 AM`,
`2027-12-04 10:00`) are read; whether 12/4 is the 12th of April or December the 4th is the
sheet's date order (`--date-order DMY|MDY`), and a cell that could be either when no order
is given is refused rather than guessed. A time zone is checked against the zone database,
and a name it does not know is refused with the closest names it does.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import zoneinfo
from enum import StrEnum
from functools import cache
from typing import Any, NamedTuple


class DateOrder(StrEnum):
    DMY = "DMY"  # 12/4/2027 is the 12th of April
    MDY = "MDY"  # 12/4/2027 is December the 4th


class MomentError(ValueError):
    """A cell that is no date and time, or names no time zone; the message says why."""


class LocalTime(NamedTuple):
    """A wall-clock time without an offset, waiting for its row's time zone."""

    wall: dt.datetime  # naive
    written: str  # the cell as written, for messages


_SLASHED = re.compile(
    r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})"
    r"(?:[ T]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<half>[AaPp][Mm])?)?"
)
_TWELVE_HOUR = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[ T]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<half>[AaPp][Mm])"
)
# what a message or a column's doc shows: forms its column reads whatever --date-order says
# (10/2/2027 would need it); a column read without a zone (a schedule) only those with offsets
ZONED_EXAMPLES = ("2030-10-02 18:00", "2030-10-02 6:00 PM", "2030-10-02T22:00:00Z")
OFFSET_EXAMPLES = ("2030-10-02T18:00:00-04:00", "2030-10-02T22:00:00Z")


def spelled_examples(zoned: bool) -> str:
    """The examples a date-time column shows: "a, b or c"."""
    shown = ZONED_EXAMPLES if zoned else OFFSET_EXAMPLES
    return f"{', '.join(shown[:-1])} or {shown[-1]}"


def to_moment(cell: Any, order: DateOrder | None = None, *, zoned: bool = True) -> str | LocalTime:
    """The instant a cell names, as the API writes it (2027-10-02T22:00:00.000Z) when the
    cell says its offset, else the `LocalTime` it names. `zoned`: whether its column reads
    a time without an offset (in the row's zone), for the examples a refusal gives."""
    if isinstance(cell, dt.datetime):
        written = cell.isoformat(sep=" ")
        return as_utc(cell, written) if cell.tzinfo is not None else LocalTime(cell, written)
    if isinstance(cell, dt.date):
        return LocalTime(dt.datetime(cell.year, cell.month, cell.day), cell.isoformat())
    text = str(cell).strip()
    moment = _iso(text)
    if moment is None:
        moment = _typed(text, order, zoned)
    if moment.tzinfo is not None:
        return as_utc(moment, text)
    return LocalTime(moment, text)


def _iso(text: str) -> dt.datetime | None:
    if not text[:4].isdigit():
        return None
    try:
        return dt.datetime.fromisoformat(re.sub(r"[Zz]$", "+00:00", text))
    except ValueError:
        return None


def _typed(text: str, order: DateOrder | None, zoned: bool) -> dt.datetime:
    """The forms people type: day and month by the sheet's order, a 12-hour clock."""
    found = _TWELVE_HOUR.fullmatch(text)
    if found is not None:
        day = dt.date.fromisoformat(found["date"])
        year, month, date = day.year, day.month, day.day
    else:
        found = _SLASHED.fullmatch(text)
        if found is None:
            example = spelled_examples(zoned)
            raise MomentError(f"{text!r} is not a date and time (write it as {example})")
        year, month, date = int(found["year"]), *_day_and_month(text, found, order)
    hour, minute = int(found["hour"] or 0), int(found["minute"] or 0)
    if found["half"]:
        if not 1 <= hour <= 12:
            raise MomentError(f"{text!r}: {hour} is not an hour of a 12-hour clock")
        hour = hour % 12 + (12 if found["half"].lower() == "pm" else 0)
    try:
        return dt.datetime(year, month, date, hour, minute, int(found["second"] or 0))
    except ValueError as error:
        raise MomentError(f"{text!r} is not a date and time ({error})") from None


def _day_and_month(text: str, found: re.Match[str], order: DateOrder | None) -> tuple[int, int]:
    """(month, day) of a 12/4/2027 form."""
    first, second = int(found["a"]), int(found["b"])
    if order is DateOrder.DMY:
        month, day = second, first
    elif order is DateOrder.MDY:
        month, day = first, second
    elif first == second or first > 12 or second > 12:
        month, day = (second, first) if first > 12 else (first, second)
    else:
        raise MomentError(
            f"{text!r} could be {_spelled(first, second)} or "
            f"{_spelled(second, first)}: give --date-order DMY or MDY, or write "
            f"{found['year']}-MM-DD"
        )
    if not 1 <= month <= 12:
        want = order.value if order is not None else "DMY or MDY"
        raise MomentError(f"{text!r} has no month {month} (the date order is {want})")
    return month, day


def _spelled(month: int, day: int) -> str:
    return f"{dt.date(2000, month, 1):%B} {day}"


def as_utc(moment: dt.datetime, written: str) -> str:
    """An aware instant as the API writes it: 2014-08-06T14:00:00.000Z."""
    try:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    except OverflowError:  # 0001-01-01T00:00+05:00 is before the first representable UTC
        raise MomentError(f"{written!r} is out of the range of dates") from None
    # isoformat, not strftime: "%Y" does not pad years before 1000 to four digits on glibc
    return moment.isoformat(timespec="milliseconds") + "Z"


def in_zone(local: LocalTime, zone_name: str) -> str:
    """A wall-clock time in a time zone as a UTC instant; MomentError for a time that the
    zone's clocks skip or pass twice (a change to or from daylight saving time)."""
    zone = zoneinfo.ZoneInfo(zone_name)
    first = local.wall.replace(tzinfo=zone, fold=0)
    second = local.wall.replace(tzinfo=zone, fold=1)
    back = first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    if back != local.wall:
        raise MomentError(
            f"{local.written!r} does not exist in {zone_name} (the clocks skip it that "
            "night): check the time"
        )
    if first.utcoffset() != second.utcoffset():
        offset = _offset(first)
        raise MomentError(
            f"{local.written!r} happens twice in {zone_name} (the clocks go back that night): "
            f"write the offset, e.g. {local.wall.isoformat(timespec='minutes')}{offset}"
        )
    return as_utc(first, local.written)


def _offset(moment: dt.datetime) -> str:
    minutes = int((moment.utcoffset() or dt.timedelta()).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@cache
def zone_names() -> dict[str, str]:
    """Every zone the database knows, by its name in lower case."""
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def to_time_zone(cell: Any) -> str:
    """A time zone's name as the database spells it ("us/eastern" -> "US/Eastern"); an
    unknown name is refused with the closest known ones."""
    text = str(cell).strip()
    names = zone_names()
    if not names:  # pragma: no cover - a system without a zone database (Windows)
        raise MomentError("no time zone database here: pip install tzdata")
    found = names.get(text.lower())
    if found is not None:
        return found
    near = closest_zones(text)
    hint = f"; did you mean {', '.join(near)}?" if near else " (e.g. US/Eastern)"
    raise MomentError(f"{text!r} is not a time zone{hint}")


def closest_zones(text: str, count: int = 3) -> list[str]:
    """The known zones nearest a name: those it ends like ("Eastern" -> US/Eastern), then
    the closest spellings."""
    names = zone_names()
    wanted = text.lower().replace(" ", "_")
    ends = sorted(n for key, n in names.items() if key.rsplit("/", 1)[-1] == wanted)
    if ends:
        return ends[:count]
    close = difflib.get_close_matches(wanted, list(names), n=count, cutoff=0.6)
    return [names[key] for key in close]


def instant(value: Any) -> dt.datetime | None:
    """An ISO-8601 date and time as the API writes it, as an aware datetime (no zone: UTC);
    None for anything else. Instants, not texts, are compared: "...T18:00:00Z" and
    "...T18:00:00.000Z" are one moment."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
