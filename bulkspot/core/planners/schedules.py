"""Campaign schedule rows: the campaign by name (`campaign`) or id (`campaign_id`), and when
it is sent (`scheduled_date`, at least 20 minutes ahead; blank: now).

Scheduling sends email to real people, so what can be told before sending is told per row:
a time without an offset is refused (whose 10:00 would it be?), a time less than 20 minutes
ahead says what time would do, and a campaign named on two rows is refused (the API
schedules a DRAFT or SENT campaign once; a second row would fail, or send it twice).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any, ClassVar

from bulkspot.core.column import Column, Role
from bulkspot.core.moments import LocalTime, as_utc
from bulkspot.core.operation import ByKey, CellProblem, IdSource
from bulkspot.core.planners.base import Planner, Problems, Refs
from bulkspot.core.resources import CAMPAIGN, SCHEDULE_LEAD_MINUTES, Field, FieldType

_TEXT = Field(Role.CAMPAIGN.value, FieldType.STRING, min_length=1)
SLACK = dt.timedelta(minutes=5)  # what a suggested time adds for the run to reach the row


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def earliest(now: dt.datetime) -> dt.datetime:
    """The first whole minute a schedule made from `now` may take, with some slack."""
    moment = now + dt.timedelta(minutes=SCHEDULE_LEAD_MINUTES) + SLACK
    minutes = math.ceil(moment.timestamp() / 60)
    return dt.datetime.fromtimestamp(minutes * 60, dt.UTC)


class SchedulePlanner(Planner):
    """The campaign by name or id; scheduled_date checked before anything is sent."""

    now: ClassVar = staticmethod(utc_now)  # tests set their own clock
    by_name: dict[str, dict[str, IdSource]]
    sheet_columns = (
        Column(
            Role.CAMPAIGN.value,
            Role.CAMPAIGN,
            _TEXT,
            doc="the campaign's name (looked up in the account); or give campaign_id",
        ),
        Column(
            "campaign_id",
            Role.CAMPAIGN_ID,
            Field("campaign_id", FieldType.STRING, min_length=1, id_of=CAMPAIGN.kind),
            doc="the campaign's id",
        ),
    )

    @classmethod
    def required_columns(
        cls, columns: Iterable[Column], targets: frozenset[str]
    ) -> list[tuple[str, ...]]:
        """The campaign, always: a schedule lives under it."""
        return [("@campaign", "@campaign_id")]

    def locate(self, values: dict[str, Any], problems: Problems) -> tuple[Any, dict[str, IdSource]]:
        ident, name = values.pop("@campaign_id", None), values.pop("@campaign", None)
        if ident is not None and name is not None:
            column = self.map.header_of("@campaign") or Role.CAMPAIGN.value
            problems.append(
                CellProblem(column, "give the campaign by name or by campaign_id, not both")
            )
        if ident is not None:
            return f"#{ident}", self.path((("campaign_id", str(ident)),))
        if name is not None:
            found = self.by_name.get(str(name))
            if found is None:  # one path_ids dict per campaign, shared by its rows
                if len(self.by_name) > 4096:
                    self.by_name.clear()
                found = self.by_name[str(name)] = {"campaign_id": ByKey(CAMPAIGN.kind, str(name))}
            return str(name), found
        if self.failed("@campaign_id", problems) or self.failed("@campaign", problems):
            return "", {}
        column = self.map.header_of("@campaign") or Role.CAMPAIGN.value
        problems.append(CellProblem(column, "is required: the campaign's name, or its campaign_id"))
        return "", {}

    def prepare(
        self, values: dict[str, Any], refs: Refs, scope: Any, create: bool, problems: Problems
    ) -> dict[str, Any] | None:
        column = self.map.header_of("scheduled_date") or "scheduled_date"
        when = values.get("scheduled_date")
        if isinstance(when, LocalTime):
            del values["scheduled_date"]
            example = when.wall.isoformat(timespec="minutes")
            problems.append(
                CellProblem(
                    column,
                    (
                        f"{when.written!r} has no offset: write it with one ({example}Z for UTC, "
                        f"{example}-05:00 for New York in winter); email goes out at that instant"
                    ),
                )
            )
        elif isinstance(when, str):
            now = self.now()
            if _instant(when) < now + dt.timedelta(minutes=SCHEDULE_LEAD_MINUTES):
                would_do = as_utc(earliest(now), "")
                problems.append(
                    CellProblem(
                        column,
                        f"{when} is less than {SCHEDULE_LEAD_MINUTES} minutes ahead: "
                        f"{would_do} or later would do (or leave it blank to send now)",
                    )
                )
        elif not create:
            problems.append(CellProblem(column, "is required to move a schedule"))
        if create and scope:
            earlier = self.seen.first_row(CAMPAIGN.kind, str(scope), self._row)
            if earlier is not None:
                header = self.map.header_of("@campaign") or self.map.header_of("@campaign_id")
                problems.append(
                    CellProblem(
                        header or Role.CAMPAIGN.value,
                        (
                            f"the campaign is already scheduled on row {earlier} (a campaign is "
                            "scheduled once per sheet)"
                        ),
                    )
                )
        return None

    _row = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_name = {}

    def check_unique(self, key: Any, scope: Any, number: int, problems: Problems) -> None:
        """Nothing more: a campaign on two rows is refused already (see prepare)."""

    def plan_row(self, number: int, cells: Any, found: tuple[CellProblem, ...]) -> Any:
        self._row = number
        return super().plan_row(number, cells, found)
