"""One probe per switchable guess (bulkspot/simulator/guesses.py), over plain HTTP: each
makes the request its guess refuses (or whose answer it shapes) and says whether the guess
acted. tests/simulator/test_guesses.py runs each with the guesses on and off."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path

from tests.simulator.api import Api
from tests.simulator.payloads import EVENT, FEE, ITEM

CAMPAIGN = {
    "name": "Spring news",
    "subject": "What is on this spring",
    "from_name": "Town Hall",
    "from_email": "news@example.com",
    "email_content": "<p>Hello</p>",
    "text_content": "Hello",
}
FOOTER = {"organization_name": "Town Hall", "address_line_1": "1 Main St", "city": "Anytown",
          "country": "US"}  # fmt: skip
Start = Callable[..., Awaitable[Api]]
Probe = Callable[[Start], Awaitable[bool]]  # True: the guess acted (refused, or cleared)
PROBES: dict[str, Probe] = {}


def probe(key: str) -> Callable[[Probe], Probe]:
    def register(function: Probe) -> Probe:
        PROBES[key] = function
        return function

    return register


def refused(*statuses: int) -> bool:
    return any(status >= 400 for status in statuses)


async def event_path(api: Api) -> str:
    return f"eventspot/events/{(await api.event())['id']}"


@probe("body.size")
async def _body_size(start: Start) -> bool:
    api = await start()
    big = {**EVENT, "description": "x" * (1024 * 1024)}  # over 1 MiB once in JSON
    return refused((await api.post("eventspot/events", big)).status)


@probe("paging.limit")
async def _limit(start: Start) -> bool:
    api = await start()
    replies = [await api.get("eventspot/events", query=q) for q in ("limit=0", "limit=51",
                                                                    "limit=ten")]  # fmt: skip
    return refused(*(r.status for r in replies))


@probe("query.values")
async def _query_values(start: Start) -> bool:
    api = await start()
    folder = await api.child("library/folders", {"name": "A"})
    replies = [
        await api.get("emailmarketing/campaigns", query="status=LOST"),
        await api.get("eventspot/events", query="modified_since=yesterday"),
        await api.get("lists", query="modified_since=yesterday"),
        await api.get("library/folders", query="sort_by=SIZE"),
        await api.put(f"library/folders/{folder['id']}", {"name": "B"},
                      query="include_payload=maybe"),
    ]  # fmt: skip
    statuses = [r.status for r in replies]
    assert len(set(statuses)) == 1, statuses  # all refused, or none
    renamed = (await api.get(f"library/folders/{folder['id']}")).body["name"] == "B"
    assert renamed is not refused(*statuses)  # a refused PUT changed nothing
    return refused(*statuses)


@probe("event.required")
async def _event_required(start: Start) -> bool:
    api = await start()
    return refused((await api.post("eventspot/events", {"description": "No name yet"})).status)


@probe("event.bounds")
async def _event_bounds(start: Start) -> bool:
    api = await start()
    body = {**EVENT, "name": "n" * 101, "address": {"latitude": 91, "state_code": "MAS"},
            "track_information": {"guest_limit": -1}}  # fmt: skip
    return refused((await api.post("eventspot/events", body)).status)


@probe("event.date_order")
async def _date_order(start: Start) -> bool:
    api = await start()
    body = {**EVENT, "end_date": "2027-07-17T17:00:00Z"}  # before its start
    return refused((await api.post("eventspot/events", body)).status)


@probe("event.status_moves")
async def _status_moves(start: Start) -> bool:
    api = await start()
    path = await event_path(api)
    cancel = [{"op": "REPLACE", "path": "#/status", "value": "CANCELLED"}]
    assert (await api.patch(path, cancel)).status == 200
    publish = [{"op": "REPLACE", "path": "#/status", "value": "ACTIVE"}]
    reply = await api.patch(path, publish)
    return refused(reply.status) or reply.body["status"] != "ACTIVE"


@probe("fee.required")
async def _fee_required(start: Start) -> bool:
    api = await start()
    return refused((await api.post(f"{await event_path(api)}/fees", {"fee_scope": "BOTH"})).status)


@probe("fee.amounts")
async def _fee_amounts(start: Start) -> bool:
    api = await start()
    body = {**FEE, "fee": -1, "early_fee": -2}
    return refused((await api.post(f"{await event_path(api)}/fees", body)).status)


@probe("fee.in_use")
async def _fee_in_use(start: Start) -> bool:
    api = await start()
    base = await event_path(api)
    fee = await api.child(f"{base}/fees", FEE)
    await api.child(f"{base}/promocodes", {"code_name": "HALF", "code_type": "DISCOUNT",
                                           "discount_scope": "FEE_LIST", "discount_percent": 50,
                                           "fee_ids": [fee["id"]]})  # fmt: skip
    return refused((await api.delete(f"{base}/fees/{fee['id']}")).status)


@probe("attribute.name_length")
async def _attribute_name(start: Start) -> bool:
    api = await start()
    path = f"{await event_path(api)}/items"
    item_path = f"{path}/{(await api.child(path, ITEM))['id']}"
    body = {"name": "a" * 101, "quantity_total": 1}
    return refused((await api.post(f"{item_path}/attributes", body)).status)


@probe("promocode.access_no_discount")
async def _access_no_discount(start: Start) -> bool:
    api = await start()
    base = await event_path(api)
    fee = await api.child(f"{base}/fees", {**FEE, "has_restricted_access": True})
    body = {"code_name": "VIPS", "code_type": "ACCESS", "fee_ids": [fee["id"]],
            "discount_scope": "ORDER_TOTAL"}  # fmt: skip
    return refused((await api.post(f"{base}/promocodes", body)).status)


@probe("promocode.one_discount")
async def _one_discount(start: Start) -> bool:
    api = await start()
    body = {"code_name": "BOTH", "code_type": "DISCOUNT", "discount_scope": "ORDER_TOTAL",
            "discount_percent": 10, "discount_amount": 5}  # fmt: skip
    return refused((await api.post(f"{await event_path(api)}/promocodes", body)).status)


@probe("promocode.fee_list_needs_fee")
async def _fee_list(start: Start) -> bool:
    api = await start()
    body = {"code_name": "NONE", "code_type": "DISCOUNT", "discount_scope": "FEE_LIST",
            "discount_percent": 10}  # fmt: skip
    return refused((await api.post(f"{await event_path(api)}/promocodes", body)).status)


@probe("promocode.quantity")
async def _promocode_quantity(start: Start) -> bool:
    api = await start()
    body = {"code_name": "FEWER", "code_type": "DISCOUNT", "discount_scope": "ORDER_TOTAL",
            "discount_percent": 10, "quantity_total": -5}  # fmt: skip
    return refused((await api.post(f"{await event_path(api)}/promocodes", body)).status)


def state_with_a_file(tmp: Path) -> Path:
    state = tmp / "state.json"
    state.write_text(json.dumps({
        "folders": [{"id": "9", "name": "Images"}],
        "files": [{"id": "5", "name": "a.png", "description": "chocolates", "folder_id": "9"}],
    }), encoding="utf-8")  # fmt: skip
    return state


@probe("file.name_required")
async def _file_name(start: Start) -> bool:
    api = await start(file_state=True)
    return refused((await api.put("library/files/5", {"description": "new"})).status)


@probe("file.put_clears")
async def _file_clears(start: Start) -> bool:
    api = await start(file_state=True)
    reply = await api.put("library/files/5", {"name": "b.png"})
    assert reply.status == 200, reply.body
    return "description" not in reply.body and reply.body["folder_id"] is None


@probe("list.name_required")
async def _list_name(start: Start) -> bool:
    api = await start()
    return refused((await api.post("lists", {"status": "HIDDEN"})).status)


CAPS = {"name": 80, "subject": 200, "from_name": 100, "greeting_salutations": 50,
        "greeting_string": 1500, "permission_reminder_text": 1500,
        "view_as_web_page_text": 50, "view_as_web_page_link_text": 50}  # fmt: skip
REQUIRED_TEXTS = ("name", "subject", "from_name")  # at least 1 character


@probe("campaign.lengths")
async def _campaign_lengths(start: Start) -> bool:
    """Every cap the issue names (name 80, subject 200, from_name 100, emails 80, greeting
    1500, view texts 50), each one character over: all refused by the guess, or all taken."""
    api = await start()
    body = {**CAMPAIGN, **{field: "x" * (cap + 1) for field, cap in CAPS.items()}}
    long_email = "a" * 69 + "@example.com"  # 81 characters
    body.update(from_email=long_email, reply_to_email=long_email)
    reply = await api.post("emailmarketing/campaigns", body)
    if refused(reply.status):
        over = {**CAPS, "from_email": 80, "reply_to_email": 80}
        assert sorted(reply.messages) == sorted(
            f"#/{field}: must be {'1 to ' if field in REQUIRED_TEXTS else 'at most '}{cap} "
            f"characters long (got {cap + 1})"
            for field, cap in over.items()
        )
    return refused(reply.status)


@probe("campaign.greeting_names")
async def _greeting_names(start: Start) -> bool:
    api = await start()
    body = {**CAMPAIGN, "greeting_name": "NICKNAME"}
    return refused((await api.post("emailmarketing/campaigns", body)).status)


@probe("campaign.footer_link_texts")
async def _footer_link_texts(start: Start) -> bool:
    api = await start()
    body = {**CAMPAIGN, "message_footer": {**FOOTER, "include_subscribe_link": True}}
    return refused((await api.post("emailmarketing/campaigns", body)).status)


@probe("campaign.lists_exist")
async def _lists_exist(start: Start) -> bool:
    api = await start()
    body = {**CAMPAIGN, "sent_to_contact_lists": [{"id": "999"}]}
    return refused((await api.post("emailmarketing/campaigns", body)).status)


@probe("campaign.deleted_gone")
async def _deleted_gone(start: Start) -> bool:
    api = await start()
    made = await api.child("emailmarketing/campaigns", CAMPAIGN)
    path = f"emailmarketing/campaigns/{made['id']}"
    assert (await api.delete(path)).status == 204
    replies = [await api.get(path), await api.put(path, {**CAMPAIGN, "subject": "Again"}),
               await api.get(f"{path}/schedules"), await api.delete(path)]  # fmt: skip
    statuses = [r.status for r in replies]
    assert statuses in ([404] * 4, [200, 200, 200, 204]), statuses  # all refused, or none
    if not refused(*statuses):  # read and changed like any other, still DELETED
        got = (await api.get(path)).body
        assert (got["status"], got["subject"]) == ("DELETED", "Again")
        assert replies[2].body == []
        # scheduling it is refused by the page's rule, not by a guess
        schedule = await api.post(f"{path}/schedules", {})
        assert (schedule.status, schedule.messages) == (
            400, ["only DRAFT or SENT campaigns can be scheduled (this one is DELETED)"]
        )  # fmt: skip
    return refused(*statuses)


@probe("schedule.put_date")
async def _schedule_put(start: Start) -> bool:
    api = await start()
    made = await api.child("emailmarketing/campaigns", CAMPAIGN)
    path = f"emailmarketing/campaigns/{made['id']}/schedules"
    schedule = await api.child(path, {"scheduled_date": "2031-06-01T10:00:00Z"})
    return refused((await api.put(f"{path}/{schedule['id']}", {})).status)


@probe("privileges.unstated")
async def _privileges(start: Start) -> bool:
    api = await start(privileges=frozenset({"campaign:create"}))
    return refused((await api.get("emailmarketing/campaigns")).status)
