"""The simulated account's data: events and, per event, fees, items, attributes, promocodes
and registrants, with the natural-key indexes that make a duplicate a 409.

Every method runs to completion without awaiting, so on one event loop each change is
atomic: of 50 concurrent creates of one item name exactly one wins. Bodies arrive already
validated (rules.py); the store adds what needs the data: 404s, 409s, server-set fields,
attribute sums and what registrants have bought.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bulkspot.simulator.campaigns import Campaigns
from bulkspot.simulator.config import Clock
from bulkspot.simulator.contact_lists import ContactLists
from bulkspot.simulator.event_status import date_of_move
from bulkspot.simulator.guesses import FEE_IN_USE
from bulkspot.simulator.ids import IdMaker, family_of
from bulkspot.simulator.library import Library
from bulkspot.simulator.natural_keys import ATTRIBUTE_IN_USE, PROMOCODE_IN_USE, claim, rekey
from bulkspot.simulator.problems import INVALID, ApiError, conflict, field_problem, not_found
from bulkspot.simulator.records import Body, Event, Item, count_sales
from bulkspot.simulator.schema import format_instant

REGISTRATION_URL = "https://events.r20.l1.constantcontact.com/register/event?oeidk="
EVENT_KEPT = ("id", "status", "created_date", "updated_date", "active_date", "cancelled_date",
              "registration_url")  # fmt: skip


class Store:
    """All resources, in creation order; `on_change` hears of every change (for saving)."""

    def __init__(self, ids: IdMaker, clock: Clock) -> None:
        self.ids = ids
        self.clock = clock
        self.events: dict[str, Event] = {}
        self.on_change: Callable[[], None] = lambda: None
        self.library = Library(ids, clock, lambda: self.on_change())  # folders and files
        self.lists = ContactLists(ids, clock, lambda: self.on_change())
        self.campaigns = Campaigns(ids, clock, lambda: self.on_change())

    def _now(self) -> str:
        return format_instant(self.clock.utc_now())

    def _new_id(self, taken: dict[str, Any], make: Callable[[], str]) -> str:
        ident = make()
        while ident in taken:  # a hand-written state file may hold any id
            ident = make()
        return ident

    # events
    def event(self, event_id: str) -> Event:
        found = self.events.get(event_id)
        if found is None:
            raise not_found("event", event_id)
        return found

    def create_event(self, body: Body, kept: Body | None = None) -> Event:
        """A new DRAFT event; `kept` restores the server-set fields of a saved one."""
        kept = dict(kept or {})
        ident = kept.get("id") or self._new_id(self.events, self.ids.event_id)
        if ident in self.events:
            raise conflict("id", ident, "by another event")
        kept = {"id": ident, "status": "DRAFT", "created_date": self._now(), **kept}
        kept.setdefault("registration_url", REGISTRATION_URL + ident)
        event = Event({**kept, **body}, family_of(ident))
        self.events[ident] = event
        self.on_change()
        return event

    def replace_event(self, event_id: str, body: Body) -> Event:
        event = self.event(event_id)
        event.data = {**{k: event.data[k] for k in EVENT_KEPT if k in event.data}, **body}
        event.data["updated_date"] = self._now()  # what modified_since filters by
        self.on_change()
        return event

    def set_status(self, event_id: str, status: str, only_documented_moves: bool = True) -> Event:
        """Publish (DRAFT -> ACTIVE) or cancel (DRAFT/ACTIVE -> CANCELLED); same status: as is.
        Another move is a 400 by a guess (guesses.EVENT_STATUS_MOVES), else made."""
        event = self.event(event_id)
        current = event.data.get("status", "DRAFT")
        if status == current:
            return event
        date_field = date_of_move(current, status, only_documented_moves)
        event.data["status"] = status
        event.data[date_field] = event.data["updated_date"] = self._now()
        self.on_change()
        return event

    # fees
    def fee(self, event_id: str, fee_id: str) -> Body:
        found = self.event(event_id).fees.get(fee_id)
        if found is None:
            raise not_found("fee", fee_id)
        return found

    def create_fee(self, event_id: str, body: Body, ident: str | None = None) -> Body:
        event = self.event(event_id)
        ident = ident or self._new_id(event.fees, lambda: self.ids.child_id(event.family))
        if "label" in body:  # a fee without a label (guesses off) holds none
            claim(event.fee_labels, body["label"], ident, "label", "by another fee of this event")
        event.fees[ident] = fee = {"id": ident, **body}
        self.on_change()
        return fee

    def replace_fee(self, event_id: str, fee_id: str, body: Body) -> Body:
        event, old = self.event(event_id), self.fee(event_id, fee_id)
        where = "by another fee of this event"
        if "label" in body:
            rekey(event.fee_labels, old.get("label", ""), body["label"], fee_id, "label", where)
        elif event.fee_labels.get(old.get("label", "")) == fee_id:
            del event.fee_labels[old["label"]]
        event.fees[fee_id] = fee = {"id": fee_id, **body}
        self.on_change()
        return fee

    def delete_fee(self, event_id: str, fee_id: str, refuse_in_use: bool = True) -> None:
        """Delete a fee; one that promocodes name is a 409 by a guess (guesses.FEE_IN_USE),
        else it goes and they keep its id."""
        event, fee = self.event(event_id), self.fee(event_id, fee_id)
        users = [p["code_name"] for p in event.promocodes.values() if fee_id in p["fee_ids"]]
        if users and refuse_in_use:
            message = f"The fee {fee_id} is named by the promocodes {', '.join(sorted(users))}."
            raise ApiError.one(409, "http.status.conflict", message, FEE_IN_USE)
        del event.fees[fee_id]
        event.fee_labels.pop(fee.get("label", ""), None)
        self.on_change()

    # items
    def item(self, event_id: str, item_id: str) -> Item:
        found = self.event(event_id).items.get(item_id)
        if found is None:
            raise not_found("item", item_id)
        return found

    def create_item(self, event_id: str, body: Body, ident: str | None = None) -> Item:
        event = self.event(event_id)
        ident = ident or self._new_id(event.items, lambda: self.ids.child_id(event.family))
        claim(event.item_names, body["name"], ident, "name", "by another item of this event")
        event.items[ident] = item = Item({"id": ident, **body})
        self.on_change()
        return item

    def replace_item(self, event_id: str, item_id: str, body: Body) -> Item:
        event, item = self.event(event_id), self.item(event_id, item_id)
        where = "by another item of this event"
        rekey(event.item_names, item.data["name"], body["name"], item_id, "name", where)
        item.data = {"id": item_id, **body}
        self.on_change()
        return item

    def delete_item(self, event_id: str, item_id: str) -> None:
        event, item = self.event(event_id), self.item(event_id, item_id)
        del event.items[item_id]  # its attributes go with it
        event.item_names.pop(item.data["name"], None)
        self.on_change()

    # attributes
    def attribute(self, event_id: str, item_id: str, attribute_id: str) -> Body:
        found = self.item(event_id, item_id).attributes.get(attribute_id)
        if found is None:
            raise not_found("attribute", attribute_id)
        return found

    def create_attribute(
        self, event_id: str, item_id: str, body: Body, ident: str | None = None
    ) -> Body:
        event, item = self.event(event_id), self.item(event_id, item_id)
        ident = ident or self._new_id(item.attributes, lambda: self.ids.child_id(event.family))
        where = "by another attribute of this item"
        claim(item.attribute_names, body["name"], ident, "name", where, ATTRIBUTE_IN_USE)
        item.attributes[ident] = attribute = {"id": ident, **body}
        self.on_change()
        return attribute

    def replace_attribute(self, event_id: str, item_id: str, attribute_id: str, body: Body) -> Body:
        event, item = self.event(event_id), self.item(event_id, item_id)
        old_name = self.attribute(event_id, item_id, attribute_id)["name"]
        if body["name"] != old_name and event.sold.get((item_id, old_name), 0) > 0:
            message = "cannot be changed once any of the attribute has been sold to registrants"
            raise ApiError(400, [field_problem(INVALID, "name", message)])
        where = "by another attribute of this item"
        names = item.attribute_names
        rekey(names, old_name, body["name"], attribute_id, "name", where, ATTRIBUTE_IN_USE)
        item.attributes[attribute_id] = attribute = {"id": attribute_id, **body}
        self.on_change()
        return attribute

    def delete_attribute(self, event_id: str, item_id: str, attribute_id: str) -> None:
        item = self.item(event_id, item_id)
        attribute = self.attribute(event_id, item_id, attribute_id)
        del item.attributes[attribute_id]
        item.attribute_names.pop(attribute["name"], None)
        self.on_change()

    # promocodes
    def promocode(self, event_id: str, promocode_id: str) -> Body:
        found = self.event(event_id).promocodes.get(promocode_id)
        if found is None:
            raise not_found("promocode", promocode_id)
        return found

    def _check_fees(self, event: Event, body: Body) -> None:
        """Every fee id must be a fee of the event (404); an ACCESS code's must be restricted."""
        for fee_id in body["fee_ids"]:
            if fee_id not in event.fees:
                raise not_found("fee", fee_id)
        if body["code_type"] == "ACCESS":
            fee = event.fees[body["fee_ids"][0]]
            if not fee.get("has_restricted_access"):
                message = f"an ACCESS code needs a fee with has_restricted_access (not {fee['id']})"
                raise ApiError(400, [field_problem(INVALID, "fee_ids/0", message)])

    def create_promocode(self, event_id: str, body: Body, ident: str | None = None) -> Body:
        event = self.event(event_id)
        self._check_fees(event, body)
        ident = ident or self._new_id(event.promocodes, lambda: self.ids.child_id(event.family))
        where = "by another promocode of this event"
        claim(event.code_names, body["code_name"], ident, "code_name", where, PROMOCODE_IN_USE)
        event.promocodes[ident] = code = {"id": ident, **body}
        self.on_change()
        return code

    def replace_promocode(self, event_id: str, promocode_id: str, body: Body) -> Body:
        event, old = self.event(event_id), self.promocode(event_id, promocode_id)
        self._check_fees(event, body)
        where = "by another promocode of this event"
        names, name = event.code_names, body["code_name"]
        rekey(names, old["code_name"], name, promocode_id, "code_name", where, PROMOCODE_IN_USE)
        event.promocodes[promocode_id] = code = {"id": promocode_id, **body}
        self.on_change()
        return code

    def delete_promocode(self, event_id: str, promocode_id: str) -> None:
        event, code = self.event(event_id), self.promocode(event_id, promocode_id)
        del event.promocodes[promocode_id]
        event.code_names.pop(code["code_name"], None)
        self.on_change()

    # registrants (read only through the API; seeded by the state file or by tests)
    def registrant(self, event_id: str, registrant_id: str) -> Body:
        found = self.event(event_id).registrants.get(registrant_id)
        if found is None:
            raise not_found("registrant", registrant_id)
        return found

    def add_registrant(self, event_id: str, registrant: Body) -> Body:
        """Seed a registrant; what its order holds counts as sold."""
        event = self.event(event_id)
        ident = registrant.get("id") or self._new_id(event.registrants, self.ids.registrant_id)
        registrant = {**registrant, "id": str(ident)}
        event.registrants[registrant["id"]] = registrant
        count_sales(event, registrant)
        self.on_change()
        return registrant

    def totals(self) -> dict[str, int]:
        """How many of each resource the store holds."""
        events = self.events.values()
        return {
            "events": len(self.events),
            "fees": sum(len(e.fees) for e in events),
            "items": sum(len(e.items) for e in events),
            "attributes": sum(len(i.attributes) for e in events for i in e.items.values()),
            "promocodes": sum(len(e.promocodes) for e in events),
            "registrants": sum(len(e.registrants) for e in events),
            "folders": len(self.library.folders),
            "files": len(self.library.files),
            "lists": len(self.lists.lists),
            "campaigns": len(self.campaigns.campaigns),
            "schedules": sum(len(s) for s in self.campaigns.schedules.values()),
        }
