"""Documented rules the simulator used to skip (issue 13): an item's per_registrant_limit
against what it really holds, and `modified_since` on the events collection."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.simulator.api import Api, StartSim
from tests.simulator.clock import ManualClock
from tests.simulator.payloads import ITEM

EVENTS = "eventspot/events"


async def test_the_limit_is_checked_against_the_sum_of_the_items_attributes(api: Api) -> None:
    event = await api.event()
    items = f"{EVENTS}/{event['id']}/items"
    item = await api.child(items, {**ITEM, "per_registrant_limit": 2})
    await api.child(f"{items}/{item['id']}/attributes", {"name": "Small", "quantity_total": 3})
    # the request's total says 100, but the item holds 3 (its attribute's): a limit of 5 is
    # above what anyone could buy (the old simulator took it, as it read only the request)
    body = {**ITEM, "default_quantity_total": 100, "per_registrant_limit": 5}
    reply = await api.put(f"{items}/{item['id']}", body)
    assert (reply.status, reply.messages) == (400, [
        "#/per_registrant_limit: must not be above what the item holds: the sum of its "
        "attributes' quantity_total (3) (got 5)"
    ])  # fmt: skip
    fine = await api.put(f"{items}/{item['id']}", {**body, "per_registrant_limit": 3})
    assert (fine.status, fine.body["default_quantity_total"]) == (200, 3)


async def test_modified_since_filters_events(start_sim: StartSim) -> None:
    clock = ManualClock(datetime(2027, 3, 1, 12, 0, tzinfo=UTC))
    _, api = await start_sim(clock=clock)
    old, changed = await api.event(name="Old"), await api.event(name="Changed")
    clock.advance(3600)
    await api.patch(f"{EVENTS}/{changed['id']}",
                    [{"op": "REPLACE", "path": "#/status", "value": "ACTIVE"}])  # fmt: skip
    new = await api.event(name="New")
    reply = await api.get(EVENTS, query="modified_since=2027-03-01T12:30:00Z")
    assert [e["id"] for e in reply.body["results"]] == [changed["id"], new["id"]]
    everything = await api.get(EVENTS)
    assert [e["id"] for e in everything.body["results"]] == [old["id"], changed["id"], new["id"]]
    bad = await api.get(EVENTS, query="modified_since=yesterday")
    assert (bad.status, bad.messages) == (
        400, ["modified_since: must be an ISO-8601 date and time (got 'yesterday')"]
    )  # fmt: skip
