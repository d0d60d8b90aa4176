"""Stored resources as the API answers them: fields in the documented order, server-set
counts filled in (attribute sums, what is still available, promocode status), and no
property with a null value."""

from __future__ import annotations

from typing import Any

from bulkspot.simulator.records import Body, Event, Item

EVENT_ORDER = (
    "id", "name", "title", "status", "location", "type", "address", "description", "contact",
    "start_date", "end_date", "created_date", "time_zone_id", "active_date", "cancelled_date",
    "is_checkin_available", "registration_url", "theme_name", "paypal_account_email",
    "payment_address", "payable_to", "payment_options", "currency_type", "is_virtual_event",
    "online_meeting", "google_merchant_id", "google_analytics_key", "twitter_hash_tag",
    "meta_data_tags", "notification_options", "is_home_page_displayed", "is_map_displayed",
    "is_calendar_displayed", "is_listed_in_external_directory", "are_registrants_public",
    "track_information",
)  # fmt: skip
EVENT_SUMMARY = (
    "id", "name", "title", "status", "location", "type", "address", "description",
    "start_date", "end_date", "created_date", "time_zone_id", "active_date", "cancelled_date",
    "is_checkin_available",
)  # fmt: skip
REGISTRANT_SUMMARY = (
    "id", "email", "first_name", "last_name", "guest_count", "payment_status",
    "registration_status", "registration_date", "updated_date", "ticket_id",
)  # fmt: skip
FEE_ORDER = ("id", "label", "fee", "fee_scope", "early_fee", "late_fee", "has_restricted_access")
PROMOCODE_TAIL = ("code_type", "discount_scope", "discount_type")
SECTION_FIELDS = {"EMAIL_ADDRESS": "email", "NAME_FIRST": "first_name", "NAME_LAST": "last_name"}


def _pick(data: Body, order: tuple[str, ...]) -> Body:
    return {key: data[key] for key in order if data.get(key) is not None}


def event(record: Event) -> Body:
    body = _pick(record.data, EVENT_ORDER)
    if record.registrants:
        body["total_registered_count"] = len(record.registrants)
    return body


def event_summary(record: Event) -> Body:
    body = _pick(record.data, EVENT_SUMMARY)
    body["event_detail_url"] = f"/v2/eventspot/events/{record.id}"
    return body


def fee(data: Body) -> Body:
    return _pick(data, FEE_ORDER)


def attribute(record: Event, item_id: str, data: Body) -> Body:
    sold = record.sold.get((item_id, data["name"]), 0)
    body: Body = {"id": data["id"], "name": data["name"]}
    if data.get("description") is not None:
        body["description"] = data["description"]
    body["quantity_total"] = data["quantity_total"]
    body["quantity_available"] = max(0, data["quantity_total"] - sold)
    return body


def item(record: Event, entry: Item) -> Body:
    data = entry.data
    attributes = [attribute(record, data["id"], a) for a in entry.attributes.values()]
    if attributes:
        total = sum(a["quantity_total"] for a in attributes)
    else:
        total = data["default_quantity_total"]
    body: Body = {"id": data["id"], "name": data["name"]}
    if "description" in data:
        body["description"] = data["description"]
    body["price"] = data["price"]
    body["attributes"] = attributes
    body["per_registrant_limit"] = data["per_registrant_limit"]
    body["show_quantity_available"] = data["show_quantity_available"]
    body["default_quantity_total"] = total
    body["default_quantity_available"] = max(0, total - record.sold_items.get(data["id"], 0))
    return body


def promocode(record: Event, data: Body) -> Body:
    total: int = data["quantity_total"]
    used = record.code_uses.get(data["code_name"], 0)
    available = -1 if total == -1 else max(0, total - used)
    if data["is_paused"]:
        status = "PAUSED"
    elif available == 0:
        status = "DEPLETED"
    else:
        status = "LIVE"
    body: Body = {
        "id": data["id"],
        "status": status,
        "code_name": data["code_name"],
        "is_paused": data["is_paused"],
        "fee_ids": data["fee_ids"],
        "quantity_total": total,
        "quantity_used": used,
        "quantity_available": available,
    }
    body.update(_pick(data, PROMOCODE_TAIL))
    for name in ("discount_percent", "discount_amount"):
        if name in data:
            body[name] = data[name]
    return body


def registrant(data: Body) -> Body:
    return {key: value for key, value in data.items() if value is not None}


def registrant_summary(data: Body) -> Body:
    """The collection's short form; names and email read from the sections when absent."""
    found: dict[str, Any] = {}
    for section in data.get("sections") or ():
        entries = section.get("fields") if isinstance(section, dict) else None
        for entry in entries if isinstance(entries, list) else ():
            if not isinstance(entry, dict):
                continue
            name = SECTION_FIELDS.get(str(entry.get("name")))
            if name and isinstance(entry.get("value"), str):
                found.setdefault(name, entry["value"])
    if "guests" in data and isinstance(data["guests"], dict):
        found.setdefault("guest_count", data["guests"].get("guest_count"))
    merged = {**found, **{k: v for k, v in data.items() if v is not None}}
    return _pick(merged, REGISTRANT_SUMMARY)
