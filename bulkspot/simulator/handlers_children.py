"""An event's fees, items, item attributes and promocodes: bare-array collections, create 201,
get, PUT 200 (the whole resource), DELETE 204.

Order of checks: the path's ids (404), then the body (400, every problem), then ids named in
the body (404 for a promocode's unknown fee), then natural keys (409).
"""

from __future__ import annotations

from bulkspot.simulator import render, rules
from bulkspot.simulator.calls import Answer, Call
from bulkspot.simulator.problems import RANGE, ApiError, field_problem
from bulkspot.simulator.records import Body, Item


# fees
def list_fees(call: Call) -> Answer:
    return 200, [render.fee(f) for f in call.store.event(call.ids[0]).fees.values()]


def create_fee(call: Call) -> Answer:
    call.store.event(call.ids[0])
    body = rules.FEE.validate(call.body, call.guesses)
    return 201, render.fee(call.store.create_fee(call.ids[0], body))


def get_fee(call: Call) -> Answer:
    return 200, render.fee(call.store.fee(*call.ids))


def replace_fee(call: Call) -> Answer:
    event_id, fee_id = call.ids
    call.store.fee(event_id, fee_id)
    body = rules.FEE.validate(call.body, call.guesses)
    return 200, render.fee(call.store.replace_fee(event_id, fee_id, body))


def delete_fee(call: Call) -> Answer:
    event_id, fee_id = call.ids
    call.store.delete_fee(event_id, fee_id, refuse_in_use=call.guesses)
    return 204, None


# items
def list_items(call: Call) -> Answer:
    event = call.store.event(call.ids[0])
    return 200, [render.item(event, i) for i in event.items.values()]


def create_item(call: Call) -> Answer:
    event = call.store.event(call.ids[0])
    body = rules.ITEM.validate(call.body, call.guesses)
    return 201, render.item(event, call.store.create_item(call.ids[0], body))


def get_item(call: Call) -> Answer:
    return 200, render.item(call.store.event(call.ids[0]), call.store.item(*call.ids))


def replace_item(call: Call) -> Answer:
    event_id, item_id = call.ids
    call.store.item(event_id, item_id)
    body = rules.ITEM.validate(call.body, call.guesses)
    _check_limit(call.store.item(event_id, item_id), body)
    event = call.store.event(event_id)
    return 200, render.item(event, call.store.replace_item(event_id, item_id, body))


def _check_limit(item: Item, body: Body) -> None:
    """per_registrant_limit against what the item really holds: the sum of its attributes
    when it has them (its total then is theirs, whatever the request says)."""
    if not item.attributes:
        return
    held = sum(int(a["quantity_total"]) for a in item.attributes.values())
    limit = body["per_registrant_limit"]
    if limit > held:
        message = (
            f"must not be above what the item holds: the sum of its attributes' "
            f"quantity_total ({held}) (got {limit})"
        )
        raise ApiError(400, [field_problem(RANGE, "per_registrant_limit", message)])


def delete_item(call: Call) -> Answer:
    call.store.delete_item(*call.ids)
    return 204, None


# attributes
def list_attributes(call: Call) -> Answer:
    event, item = call.store.event(call.ids[0]), call.store.item(*call.ids)
    return 200, [render.attribute(event, call.ids[1], a) for a in item.attributes.values()]


def create_attribute(call: Call) -> Answer:
    event_id, item_id = call.ids
    event = call.store.event(event_id)
    call.store.item(event_id, item_id)
    body = rules.ATTRIBUTE.validate(call.body, call.guesses)
    attribute = call.store.create_attribute(event_id, item_id, body)
    return 201, render.attribute(event, item_id, attribute)


def get_attribute(call: Call) -> Answer:
    event = call.store.event(call.ids[0])
    return 200, render.attribute(event, call.ids[1], call.store.attribute(*call.ids))


def replace_attribute(call: Call) -> Answer:
    event_id, item_id, attribute_id = call.ids
    event = call.store.event(event_id)
    call.store.attribute(event_id, item_id, attribute_id)
    body = rules.ATTRIBUTE.validate(call.body, call.guesses)
    attribute = call.store.replace_attribute(event_id, item_id, attribute_id, body)
    return 200, render.attribute(event, item_id, attribute)


def delete_attribute(call: Call) -> Answer:
    call.store.delete_attribute(*call.ids)
    return 204, None


# promocodes
def list_promocodes(call: Call) -> Answer:
    event = call.store.event(call.ids[0])
    return 200, [render.promocode(event, p) for p in event.promocodes.values()]


def create_promocode(call: Call) -> Answer:
    event = call.store.event(call.ids[0])
    body = rules.PROMOCODE.validate(call.body, call.guesses)
    return 201, render.promocode(event, call.store.create_promocode(call.ids[0], body))


def get_promocode(call: Call) -> Answer:
    event = call.store.event(call.ids[0])
    return 200, render.promocode(event, call.store.promocode(*call.ids))


def replace_promocode(call: Call) -> Answer:
    event_id, promocode_id = call.ids
    event = call.store.event(event_id)
    call.store.promocode(event_id, promocode_id)
    body = rules.PROMOCODE.validate(call.body, call.guesses)
    return 200, render.promocode(event, call.store.replace_promocode(event_id, promocode_id, body))


def delete_promocode(call: Call) -> Answer:
    call.store.delete_promocode(*call.ids)
    return 204, None
