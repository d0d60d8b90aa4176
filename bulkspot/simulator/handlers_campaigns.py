"""Email campaigns and their schedules: collections, creates, PUTs and deletes.

Order of checks, as for EventSpot: the path's ids (404), the body (400, every problem),
then what needs the data (lists that exist, a name in use 409, the campaign's status and
the schedule's lead time). Campaigns are paged at 50 at most and filtered by `status`
(DELETED ones only when asked) and `modified_since`; schedules are a bare array.
"""

from __future__ import annotations

from typing import Any

from bulkspot.simulator import rules_campaigns as rules
from bulkspot.simulator.calls import Answer, Call, page_answer, page_request
from bulkspot.simulator.campaigns import Campaigns
from bulkspot.simulator.guesses import CAMPAIGN_LISTS_EXIST
from bulkspot.simulator.problems import INVALID, ApiError, field_problem
from bulkspot.simulator.records import Body
from bulkspot.simulator.schema import parse_instant

SUMMARY = ("id", "name", "status", "modified_date")
LINK = "/v2/emailmarketing/campaigns"
ALL = "ALL"  # every status but DELETED (listed only when asked for by name)


def _campaigns(call: Call) -> Campaigns:
    return call.store.campaigns


def _live(call: Call) -> Body:
    """The campaign of the path, read first by every call under it: a DELETED one is a 404
    while the guesses are on (guesses.CAMPAIGN_DELETED_GONE)."""
    return _campaigns(call).campaign(call.ids[0], call.guesses)


def _summary(data: Body) -> Body:
    return {key: data[key] for key in SUMMARY if data.get(key) is not None}


def _whole(data: Body) -> Body:
    return {key: value for key, value in data.items() if value is not None}


def list_campaigns(call: Call) -> Answer:
    start, limit, filters = page_request(call, ("status", "modified_since"))
    found: list[Any] = _campaigns(call).all()
    status = call.status(filters, (*rules.CAMPAIGN_STATUSES, ALL))
    if status in (None, ALL):  # a public v2 client asks for ALL by default
        found = [c for c in found if c["status"] != "DELETED"]
    else:
        found = [c for c in found if c["status"] == status]
    since = call.since(filters)
    if since is not None:
        found = [c for c in found if (parse_instant(c["modified_date"]) or since) >= since]
    return page_answer(found, _summary, start, limit, LINK, filters)


def _check_lists(call: Call, body: Body) -> None:
    """Every list named must be the account's: a guess (guesses.CAMPAIGN_LISTS_EXIST)."""
    if not call.guesses:
        return
    problems = [
        field_problem(
            INVALID,
            f"sent_to_contact_lists/{index}/id",
            f"no list has id {entry['id']!r}",
            CAMPAIGN_LISTS_EXIST,
        )
        for index, entry in enumerate(body.get("sent_to_contact_lists") or ())
        if entry["id"] not in call.store.lists.lists
    ]
    if problems:
        raise ApiError(400, problems)


def create_campaign(call: Call) -> Answer:
    body = rules.CAMPAIGN.validate(call.body, call.guesses)
    _check_lists(call, body)
    return 201, _whole(_campaigns(call).create(body))


def get_campaign(call: Call) -> Answer:
    return 200, _whole(_live(call))


def replace_campaign(call: Call) -> Answer:
    """A PUT; a STOCK campaign's read-only content need not be sent (seed-002 calls it
    read-only, not required): what the body leaves out of it is the campaign's own."""
    record = _live(call)
    sent = call.body
    if record.get("template_type") == "STOCK":
        kept = {name: record[name] for name in rules.STOCK_READ_ONLY if name in record}
        sent = {**kept, **{k: v for k, v in sent.items() if v is not None}}
    body = rules.CAMPAIGN.validate(sent, call.guesses)
    _check_lists(call, body)
    return 200, _whole(_campaigns(call).replace(call.ids[0], body))


def delete_campaign(call: Call) -> Answer:
    _live(call)
    _campaigns(call).delete(call.ids[0])
    return 204, None


def list_schedules(call: Call) -> Answer:
    _live(call)
    return 200, [dict(s) for s in _campaigns(call).pending(call.ids[0]).values()]


def create_schedule(call: Call) -> Answer:
    _live(call)
    body = rules.SCHEDULE.validate(call.body, call.guesses)
    return 201, dict(_campaigns(call).add_schedule(call.ids[0], body, call.send_window_s))


def get_schedule(call: Call) -> Answer:
    _live(call)
    return 200, dict(_campaigns(call).schedule(call.ids[0], call.ids[1]))


def replace_schedule(call: Call) -> Answer:
    _live(call)
    _campaigns(call).schedule(call.ids[0], call.ids[1])
    body = rules.SCHEDULE.validate(call.body, call.guesses)
    moved = _campaigns(call).move_schedule(call.ids[0], call.ids[1], body, call.guesses)
    return 200, dict(moved)


def delete_schedule(call: Call) -> Answer:
    _live(call)
    _campaigns(call).delete_schedule(call.ids[0], call.ids[1])
    return 204, None
