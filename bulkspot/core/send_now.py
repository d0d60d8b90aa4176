"""Whether a campaign's "send now" whose answer was lost went out, judged without sending.

A schedule with no `scheduled_date` (the API's `{}` body) has no natural key to look up, and a
campaign that was SENT takes a new schedule, which sends it again (to the contacts added
since its `last_run_date`). So a send-now is never sent twice on doubt: just before it
leaves, the write path keeps what the campaign showed (its `witness`: status and
last_run_date, in the journal), and after a lost answer it compares what the campaign shows
now. Both are the server's own values, so the client's clock plays no part; only telling a
send-now schedule (stamped with the moment it was asked) from a dated one (at least 20
minutes ahead) uses the server's clock, an answer's Date header, with a wide margin.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# A pending schedule stamped no later than this after the server's now is a send-now waiting
# for its window (a dated one is at least 20 minutes ahead): the Date header counts whole
# seconds, and a client's clock, used when no Date came, may be a little off.
QUEUED_MARGIN = dt.timedelta(seconds=60)


class Seen(enum.Enum):
    NOT_SENT = "not sent"  # the campaign shows nothing since: sending it is safe
    OURS = "ours"  # queued by a send-now asked since the witness: this row's
    DONE = "done"  # sent (or queued) since, by whom cannot be told: not sent again
    HELD = "held"  # scheduled by someone else at a date: the API takes no second
    CANNOT_TELL = "cannot tell"  # the row fails; a rerun looks again before sending


@dataclass(frozen=True, slots=True)
class Verdict:
    seen: Seen
    schedule_id: str | None = None  # OURS: the schedule this row made
    why: str = ""  # DONE: the row's note; CANNOT_TELL: its error


def witness_of(campaign: Mapping[str, Any]) -> dict[str, Any]:
    """What the journal keeps of a campaign just before its send-now leaves."""
    return {"status": campaign.get("status"), "last_run_date": campaign.get("last_run_date")}


def judge(
    before: Mapping[str, Any] | None,
    campaign: Mapping[str, Any],
    held: Sequence[Mapping[str, Any]],
    server_now: dt.datetime,
) -> Verdict:
    """Whether the send-now that left after `before` (None: a journal that kept none) went,
    from the campaign as read now and its pending schedules (`held`)."""
    status, last = campaign.get("status"), campaign.get("last_run_date")
    if before is not None and _later(last, before.get("last_run_date")):
        return Verdict(Seen.DONE, why=sent_since(str(last)))
    queued = [s for s in held if _queued(s.get("scheduled_date"), server_now)]
    if status == "SCHEDULED" and queued:
        if before is not None and before.get("status") != "SCHEDULED":  # asked since: ours
            return Verdict(Seen.OURS, schedule_id=str(queued[0]["id"]))
        return Verdict(Seen.DONE, why=queued_by_whom(queued[0]))
    if status == "SCHEDULED":
        return Verdict(Seen.HELD)  # a dated schedule someone else made: named by the caller
    if status == "DRAFT" or (before is not None and status == before.get("status")):
        return Verdict(Seen.NOT_SENT)  # never sent, or nothing since the witness
    return Verdict(Seen.CANNOT_TELL, why=cannot_tell(status, last))


def sent_since(last: str) -> str:
    return (
        f"the campaign was sent at {last}, after this row's send-now left (its answer was "
        "lost): whether by this run or by another writer cannot be told, so it is not sent "
        "again"
    )


def queued_by_whom(schedule: Mapping[str, Any]) -> str:
    return (
        f"the campaign is queued to send now (schedule {schedule['id']}, asked at "
        f"{schedule.get('scheduled_date')}), and this row's send-now lost its answer: whether "
        "this run or another writer queued it cannot be told, so it is not sent again"
    )


def cannot_tell(status: Any, last: Any) -> str:
    sent = f", last sent at {last}" if last else ""
    return (
        f"the answer to this send-now was lost and the campaign is {status}{sent}: whether "
        "this row sent it cannot be told, so it was not sent again; check the campaign's last "
        "send in the account, then leave the row out, or import it from a sheet of its own "
        "to send it again"
    )


def could_not_look(error: str) -> str:
    return (
        "the answer to this send-now was lost, and the campaign could not be read to tell "
        f"whether it went ({error}): it was not sent again; run with --retry-failed to look "
        "again"
    )


def _instant(text: Any) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _later(now: Any, before: Any) -> bool:
    """Whether `now` (a last_run_date) is after `before` (one read earlier, or None)."""
    if now is None or now == before:
        return False
    if before is None:
        return True
    moment, earlier = _instant(now), _instant(before)
    return moment is None or earlier is None or moment > earlier  # unreadable: it changed


def _queued(scheduled: Any, server_now: dt.datetime) -> bool:
    moment = _instant(scheduled)
    return moment is not None and moment <= server_now + QUEUED_MARGIN
