"""The account's email campaigns and their schedules.

Written from the v2 campaign and scheduling pages (the notes, ctct-v2.md section 5): a
campaign is made with template_type CUSTOM; a STOCK one (made in the product, seeded here
from the state file) keeps its content read-only; a name is unique among the campaigns not
deleted. A schedule needs a DRAFT or SENT campaign and a `scheduled_date` at least 20
minutes ahead. An empty one sends now: "Send Now puts the campaign into the queue for the next
send window, which occur on a regular basis, generally every 5 minutes" and "the response body
will show the time that the scheduling request was made" (seed-000), so the campaign is
SCHEDULED until the next window (windows fall on whole multiples of the configured period
since the epoch; the sandbox's is short) and SENT from then on. A schedule whose time has come
runs (the campaign is SENT, its `last_run_date` that time) and is no longer listed: "only
email campaigns with a SCHEDULED status have a schedule". Nothing runs in the background:
status is worked out from the clock whenever a campaign is read. Like the rest of the store,
no method awaits.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bulkspot.simulator.config import Clock
from bulkspot.simulator.guesses import CAMPAIGN_DELETED_GONE, SCHEDULE_PUT_DATE
from bulkspot.simulator.ids import IdMaker
from bulkspot.simulator.problems import (
    BAD_REQUEST,
    INVALID,
    NOT_FOUND,
    REQUIRED,
    ApiError,
    conflict,
    field_problem,
    not_found,
)
from bulkspot.simulator.records import Body
from bulkspot.simulator.rules_campaigns import STOCK_READ_ONLY
from bulkspot.simulator.schema import format_instant, parse_instant

LEAD_TIME = timedelta(minutes=20)
SCHEDULABLE = ("DRAFT", "SENT")
# a new campaign's tracking_summary, as in the POST answer of the fixtures
NO_TRACKING = {"sends": 0, "opens": 0, "clicks": 0, "forwards": 0, "unsubscribes": 0,
               "bounces": 0, "spam_count": 0}  # fmt: skip


def next_window(moment: datetime, period_s: float) -> datetime:
    """The first send window after `moment`: windows fall every `period_s` seconds from the
    epoch (0: at once)."""
    if period_s <= 0:
        return moment
    windows = math.floor(moment.timestamp() / period_s) + 1
    return datetime.fromtimestamp(windows * period_s, UTC)


class Campaigns:
    """Campaigns by id, in creation order; each one's pending schedules by id. The handlers
    read a campaign (`campaign`, its guess on or off) before any other method here."""

    def __init__(self, ids: IdMaker, clock: Clock, changed: Callable[[], None]) -> None:
        self.ids = ids
        self.clock = clock
        self.changed = changed
        self.campaigns: dict[str, Body] = {}
        self.schedules: dict[str, dict[str, Body]] = {}  # campaign id -> schedule id -> it
        self.send_at: dict[str, datetime] = {}  # a "send now" schedule's id -> its window

    def _now(self) -> str:
        return format_instant(self.clock.utc_now())

    def campaign(self, campaign_id: str, deleted_gone: bool = True) -> Body:
        """The campaign; a DELETED one is a 404 by a guess (guesses.CAMPAIGN_DELETED_GONE),
        else read like any other."""
        found = self.campaigns.get(campaign_id)
        if found is None:
            raise not_found("campaign", campaign_id)
        if found.get("status") == "DELETED" and deleted_gone:
            message = f"No campaign with the id {campaign_id} was found."
            raise ApiError.one(404, NOT_FOUND, message, CAMPAIGN_DELETED_GONE)
        self._run_due(found)
        return found

    def all(self) -> list[Body]:
        for campaign in self.campaigns.values():
            self._run_due(campaign)
        return list(self.campaigns.values())

    def _run_due(self, campaign: Body) -> None:
        """Send what is due: a schedule whose time has come has run."""
        pending = self.schedules.get(campaign["id"])
        if not pending:
            return
        now = self.clock.utc_now()
        due = sorted((self._runs_at(s), s["id"]) for s in pending.values())
        due = [(when, ident) for when, ident in due if when <= now]
        for when, ident in due:
            del pending[ident]
            self.send_at.pop(ident, None)
            self._sent(campaign, format_instant(when))
        if due and not pending:
            campaign.pop("next_run_date", None)
        if due:
            self.changed()

    def _runs_at(self, schedule: Body) -> datetime:
        """When a schedule runs: its send window (send now), else its scheduled_date."""
        return self.send_at.get(schedule["id"]) or _when(schedule)

    def _sent(self, campaign: Body, when: str) -> None:
        campaign["status"] = "SENT"
        campaign["last_run_date"] = when

    def _claim(self, name: str, ident: str | None) -> None:
        for other in self.campaigns.values():
            if other["name"] == name and other["id"] != ident and other["status"] != "DELETED":
                raise conflict("name", name, "by another campaign")

    def create(self, body: Body, kept: Body | None = None) -> Body:
        """A new campaign, CUSTOM and DRAFT; `kept` restores a saved one (its id, dates,
        status and template_type)."""
        kept = dict(kept or {})
        ident = str(kept.get("id") or self.ids.number_id())
        while ident in self.campaigns and "id" not in kept:
            ident = self.ids.number_id()
        if ident in self.campaigns:
            raise ApiError.one(409, "http.status.conflict", f"#/id: {ident!r} is already used.")
        self._claim(body["name"], None)
        now = self._now()
        record = {
            "created_date": now,
            "modified_date": now,
            "status": "DRAFT",
            "template_type": "CUSTOM",
            **kept,
        }
        record.update(body, id=ident)
        record.setdefault("tracking_summary", dict(NO_TRACKING))
        self.campaigns[ident] = record
        self.changed()
        return record

    def replace(self, campaign_id: str, body: Body) -> Body:
        """Every writable property as the body gives it; a STOCK template's content stays."""
        record = self.campaign(campaign_id, deleted_gone=False)
        if record.get("template_type") == "STOCK":
            changed = [n for n in STOCK_READ_ONLY if n in body and body[n] != record.get(n)]
            if changed:
                problems = [
                    field_problem(INVALID, name, "is read-only for a STOCK template campaign")
                    for name in changed
                ]
                raise ApiError(400, problems)
        self._claim(body["name"], campaign_id)
        kept = {k: v for k, v in record.items() if k in _READ_ONLY}
        record.clear()
        record.update(kept, **body)
        record["modified_date"] = self._now()
        self.changed()
        return record

    def delete(self, campaign_id: str) -> None:
        record = self.campaign(campaign_id, deleted_gone=False)
        record["status"] = "DELETED"
        record["modified_date"] = self._now()
        for ident in self.schedules.pop(campaign_id, {}):
            self.send_at.pop(ident, None)
        self.changed()

    # schedules
    def pending(self, campaign_id: str) -> dict[str, Body]:
        self.campaign(campaign_id, deleted_gone=False)
        return self.schedules.get(campaign_id, {})

    def schedule(self, campaign_id: str, schedule_id: str) -> Body:
        found = self.pending(campaign_id).get(schedule_id)
        if found is None:
            raise not_found("schedule", schedule_id)
        return found

    def add_schedule(self, campaign_id: str, body: Body, window_s: float = 0.0) -> Body:
        """Schedule a DRAFT or SENT campaign; no `scheduled_date`: send it now, that is in
        the next send window (every `window_s` seconds)."""
        campaign = self.campaign(campaign_id, deleted_gone=False)
        status = campaign["status"]
        if status not in SCHEDULABLE:
            message = f"only DRAFT or SENT campaigns can be scheduled (this one is {status})"
            raise ApiError.one(400, BAD_REQUEST, message)
        ident = self.ids.number_id()
        if "scheduled_date" in body:
            self._check_lead(body["scheduled_date"])
            schedule = {"id": ident, "scheduled_date": body["scheduled_date"]}
            runs_at = body["scheduled_date"]
        else:  # the answer shows when it was asked; it goes out in the next window
            now = self.clock.utc_now()
            schedule = {"id": ident, "scheduled_date": format_instant(now)}
            self.send_at[ident] = next_window(now, window_s)
            runs_at = format_instant(self.send_at[ident])
        self.schedules.setdefault(campaign_id, {})[ident] = schedule
        campaign["status"] = "SCHEDULED"
        campaign["next_run_date"] = runs_at
        self.changed()
        return schedule

    def move_schedule(
        self, campaign_id: str, schedule_id: str, body: Body, needs_date: bool = True
    ) -> Body:
        """A new scheduled_date; a PUT without one is a 400 by a guess
        (guesses.SCHEDULE_PUT_DATE), else the schedule stays as it is."""
        schedule = self.schedule(campaign_id, schedule_id)
        if "scheduled_date" not in body:
            if not needs_date:
                return schedule
            problem = field_problem(REQUIRED, "scheduled_date", "is required", SCHEDULE_PUT_DATE)
            raise ApiError(400, [problem])
        self._check_lead(body["scheduled_date"])
        self.send_at.pop(schedule_id, None)
        schedule["scheduled_date"] = body["scheduled_date"]
        self.campaigns[campaign_id]["next_run_date"] = body["scheduled_date"]
        self.changed()
        return schedule

    def delete_schedule(self, campaign_id: str, schedule_id: str) -> None:
        """Unschedule (only one that has not run: a run one is gone, 404)."""
        self.schedule(campaign_id, schedule_id)
        pending = self.schedules[campaign_id]
        del pending[schedule_id]
        self.send_at.pop(schedule_id, None)
        if not pending:
            campaign = self.campaigns[campaign_id]
            campaign["status"] = "SENT" if campaign.get("last_run_date") else "DRAFT"
            campaign.pop("next_run_date", None)
        self.changed()

    # the state file
    def dump(self) -> list[Body]:
        """Every campaign (deleted ones too) with its pending schedules, for the state file."""
        return [
            {**c, "schedules": [self._saved(s) for s in self.schedules.get(c["id"], {}).values()]}
            for c in self.campaigns.values()
        ]

    def _saved(self, schedule: Body) -> Body:
        """A schedule as the state file keeps it: a "send now" one with its window."""
        window = self.send_at.get(schedule["id"])
        return {**schedule, "send_at": format_instant(window)} if window else dict(schedule)

    def restore(self, entry: Body, body: Body) -> None:
        """A saved campaign: `body` its writable fields (checked), `entry` the rest as saved
        (a STOCK template_type, status, dates and pending schedules are kept)."""
        kept = {k: entry[k] for k in _READ_ONLY if entry.get(k) is not None}
        record = self.create(body, kept)
        for schedule in entry.get("schedules") or ():
            ident, when = str(schedule.get("id", "")), parse_instant(schedule.get("scheduled_date"))
            if not ident or when is None:
                raise ApiError.one(400, BAD_REQUEST, f"schedules: not a schedule: {schedule!r}")
            saved = {"id": ident, "scheduled_date": format_instant(when)}
            self.schedules.setdefault(record["id"], {})[ident] = saved
            window = parse_instant(schedule.get("send_at"))
            if window is not None:
                self.send_at[ident] = window

    def _check_lead(self, scheduled: str) -> None:
        earliest = self.clock.utc_now() + LEAD_TIME
        if _parse(scheduled) < earliest:
            message = (
                f"must be at least 20 minutes ahead (got {scheduled}; "
                f"{format_instant(earliest)} or later would do)"
            )
            raise ApiError(400, [field_problem(INVALID, "scheduled_date", message)])


_READ_ONLY = ("id", "status", "template_type", "created_date", "modified_date", "last_run_date",
              "next_run_date", "permalink_url", "tracking_summary")  # fmt: skip


def _parse(text: str) -> datetime:
    moment = parse_instant(text)
    assert moment is not None  # the rules let only instants through
    return moment


def _when(schedule: Body) -> datetime:
    return _parse(str(schedule["scheduled_date"]))
