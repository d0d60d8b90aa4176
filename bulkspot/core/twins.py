"""Resources the API lets share a name (events): which one of a name is kept.

The API keeps item names, fee labels and codes unique (a second one is a 409), but not event
names. Two writers that make the same event at the same moment (two laptops, two scripts)
both succeed. bulkspot looks again just after each such create, and every writer keeps the
same one: the eldest live resource of the name, by its created date, then its id. A writer
whose own create is not the eldest adopts the eldest and removes (cancels) its own double.

Why the later writer always sees the earlier one: its look is a read that started after
its own create was answered, so after the earlier create was made. The earlier writer may
not see the later double; it need not, since it keeps its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bulkspot.core.moments import instant

GONE = frozenset({"CANCELLED", "DELETED"})  # statuses of a resource no longer live
STAMPS = ("created_date", "updated_date", "modified_date", "active_date", "cancelled_date")
CLOCK_MARGIN = dt.timedelta(seconds=5)  # the API's servers' clocks need not agree to the ms


@dataclass(frozen=True, slots=True)
class Twin:
    """One resource of a name, as a collection read showed it."""

    id: str
    created: dt.datetime | None  # None: the answer did not say (it sorts last)
    live: bool

    @property
    def order(self) -> tuple[bool, dt.datetime, str]:
        """Eldest first: by created date, then id; an unknown date after every known one."""
        return self.created is None, self.created or dt.datetime.min.replace(tzinfo=dt.UTC), self.id


def twin_of(entry: Mapping[str, Any]) -> Twin:
    """The twin an entry of a collection read stands for."""
    status = entry.get("status")
    live = not (isinstance(status, str) and status.upper() in GONE)
    return Twin(str(entry.get("id")), instant(entry.get("created_date")), live)


def eldest(twins: Iterable[Twin]) -> Twin | None:
    """The resource every writer keeps: the eldest live one, or None when none is live."""
    return min((t for t in twins if t.live), key=lambda t: t.order, default=None)


def last_change(entries: Iterable[Mapping[str, Any]]) -> dt.datetime | None:
    """The latest date any entry shows: a later read asks only for what changed since."""
    found = [instant(entry.get(name)) for entry in entries for name in STAMPS]
    return max((moment for moment in found if moment is not None), default=None)


def changed_since(moment: dt.datetime) -> str:
    """The `modified_since` to send after a read whose latest date was `moment`, with a
    margin for the clocks of the API's servers: a few entries twice, never one missed."""
    earlier = (moment - CLOCK_MARGIN).astimezone(dt.UTC)
    return earlier.strftime("%Y-%m-%dT%H:%M:%S.") + f"{earlier.microsecond // 1000:03d}Z"
