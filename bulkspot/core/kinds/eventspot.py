"""EventSpot: events, their fees, items with their attributes, promocodes and registrants."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bulkspot.core.moments import instant
from bulkspot.core.spec import (
    Field,
    FieldType,
    Problem,
    ResourceSpec,
    Total,
    amount,
    choice,
    flag,
    number,
    read_only,
    text,
    whole,
    writes,
)

EVENTSPOT_WRITE = writes("campaign:write")  # EventSpot: campaign:write for every write


EVENT_TYPES = (
    "AUCTION", "BIRTHDAY", "BUSINESS_FINANCE_SALES", "CLASSES_WORKSHOPS", "COMPETITION_SPORTS",
    "CONFERENCES_SEMINARS_FORUM", "CONVENTIONS_TRADESHOWS_EXPOS", "FESTIVALS_FAIRS", "FOOD_WINE",
    "FUNDRAISERS_CHARITIES", "HOLIDAY", "INCENTIVE_REWARD_RECOGNITION", "MOVIES_FILM",
    "MUSIC_CONCERTS", "NETWORKING_CLUBS", "PERFORMING_ARTS", "OUTDOORS_RECREATION",
    "RELIGION_SPIRITUALITY", "SCHOOLS_REUNIONS_ALUMNI", "PARTIES_SOCIAL_EVENTS_MIXERS", "TRAVEL",
    "WEBINAR_TELESEMINAR_TELECLASS", "WEDDINGS", "OTHER",
)  # fmt: skip
EVENT_STATUSES = ("DRAFT", "ACTIVE", "COMPLETE", "CANCELLED", "DELETED")
PAYMENT_OPTIONS = ("ONLINE_CREDIT_CARD_PROCESSOR", "PAYPAL", "GOOGLE_CHECKOUT", "CHECK", "DOOR")
CURRENCIES = (
    "USD", "CAD", "AUD", "CHF", "CZK", "DKK", "EUR", "GBP", "HKD", "ILS", "JPY", "MXN", "NOK",
    "NZD", "PHP", "PLN", "SEK", "SGD", "THB", "TWD",
)  # fmt: skip
FEE_SCOPES = ("BOTH", "REGISTRANTS", "GUESTS", "REGISTRANT")
CODE_TYPES = ("ACCESS", "DISCOUNT")
DISCOUNT_TYPES = ("PERCENT", "AMOUNT")
DISCOUNT_SCOPES = ("FEE_LIST", "ORDER_TOTAL")
CODE_NAME = re.compile(r"[A-Za-z0-9_]{4,12}")

_ADDRESS = (
    text("line1", max_length=100), text("line2", max_length=100), text("line3", max_length=100),
    text("city", max_length=50), text("state", max_length=50), text("state_code", max_length=2),
    text("country", max_length=128), text("country_code", max_length=2),
    text("postal_code", max_length=25), number("latitude", minimum=-90, maximum=90),
    number("longitude", minimum=-180, maximum=180),
)  # fmt: skip
_CONTACT = (
    text("name", max_length=100), text("email_address", max_length=80),
    text("phone_number", max_length=50), text("organization_name", max_length=100),
)  # fmt: skip
_ONLINE_MEETING = (
    text("url", max_length=250), text("instructions", max_length=2000),
    text("provider_meeting_id", max_length=100), text("provider_type", max_length=50),
)  # fmt: skip
_NOTIFICATION = (
    choice("notification_type", ("SO_REGISTRATION_NOTIFICATION",), required=True),
    flag("is_opted_in"),
)
_TRACK = (
    Field("information_sections", FieldType.ENUM_LIST, choices=("CONTACT", "TIME", "LOCATION")),
    flag("is_registration_closed_manually"), flag("is_ticketing_link_displayed"),
    whole("guest_limit"), whole("registration_limit_count"),
    text("guest_display_label", max_length=50),
    flag("is_guest_name_required"), flag("is_guest_anonymous_enabled"),
)  # fmt: skip


def _event_rules(body: Mapping[str, Any]) -> list[Problem]:
    problems = []
    # Instants, not texts: "...T18:00:00Z" sorts after "...T18:00:00.000Z", and offsets differ.
    start, end = instant(body.get("start_date")), instant(body.get("end_date"))
    if start is not None and end is not None and end < start:
        problems.append(Problem("end_date", "must not be before start_date"))
    if body.get("is_virtual_event") and not body.get("online_meeting"):
        problems.append(Problem("online_meeting", "is required when is_virtual_event is true"))
    options = body.get("payment_options") or ()
    if "CHECK" in options:
        for name in ("payable_to", "payment_address"):
            if not body.get(name):
                problems.append(Problem(name, "is required when payment_options has CHECK"))
    if "PAYPAL" in options and not body.get("paypal_account_email"):
        problems.append(
            Problem("paypal_account_email", "is required when payment_options has PAYPAL")
        )
    return problems


EVENT = ResourceSpec(
    kind="event",
    privileges=EVENTSPOT_WRITE,
    plural="events",
    collection_path="eventspot/events",
    item_path="eventspot/events/{id}",
    natural_key="name",
    parent=None,
    paged=True,
    can_delete=False,
    unique_key=False,  # two events may share a name
    cross_rules=(_event_rules,),
    fields=(
        read_only("id"),
        text("name", required=True, min_length=1, max_length=100, doc="event file name, not shown"),
        text("title", required=True, min_length=1, max_length=100, doc="shown to registrants"),
        choice("type", EVENT_TYPES, required=True),
        Field("start_date", FieldType.DATETIME, required=True, zone_field="time_zone_id"),
        Field("end_date", FieldType.DATETIME, required=True, zone_field="time_zone_id"),
        text("time_zone_id", required=True, min_length=1, max_length=50, time_zone=True,
           doc="e.g. US/Eastern"),
        text("description", max_length=5000),
        text("location", max_length=200),
        Field("address", FieldType.OBJECT, children=_ADDRESS),
        Field("contact", FieldType.OBJECT, children=_CONTACT),
        choice("currency_type", CURRENCIES),
        flag("is_virtual_event"),
        Field("online_meeting", FieldType.OBJECT, children=_ONLINE_MEETING),
        Field("payment_options", FieldType.ENUM_LIST, choices=PAYMENT_OPTIONS),
        text("payable_to", max_length=100),
        Field("payment_address", FieldType.OBJECT, children=_ADDRESS),
        text("paypal_account_email", max_length=80),
        text("google_merchant_id", max_length=50),
        text("google_analytics_key", max_length=50),
        text("twitter_hash_tag", max_length=50),
        text("meta_data_tags", max_length=500),
        text("theme_name", max_length=50),
        flag("is_checkin_available"),
        flag("is_home_page_displayed"),
        flag("is_map_displayed"),
        flag("is_calendar_displayed"),
        flag("is_listed_in_external_directory"),
        flag("are_registrants_public"),
        Field("track_information", FieldType.OBJECT, children=_TRACK),
        Field(
            "notification_options",
            FieldType.OBJECT_LIST,
            children=_NOTIFICATION,
            doc="not set from a sheet; an update keeps it as it is",
        ),
        Field("status", FieldType.ENUM, choices=EVENT_STATUSES, read_only=True),
        read_only("created_date", FieldType.DATETIME),
        read_only("updated_date", FieldType.DATETIME),
        read_only("active_date", FieldType.DATETIME),
        read_only("cancelled_date", FieldType.DATETIME),
        read_only("deleted_date", FieldType.DATETIME),
        read_only("registration_url"),
        read_only("total_registered_count", FieldType.INTEGER),
        read_only("event_detail_url"),
    ),
)

FEE = ResourceSpec(
    kind="fee",
    privileges=EVENTSPOT_WRITE,
    plural="fees",
    collection_path="eventspot/events/{event_id}/fees",
    item_path="eventspot/events/{event_id}/fees/{id}",
    natural_key="label",
    parent="event",
    fields=(
        read_only("id"),
        text("label", required=True, min_length=1, max_length=100, doc="unique per event"),
        amount("fee", required=True, doc="the amount; 0 is free"),
        amount("early_fee"),
        amount("late_fee"),
        choice("fee_scope", FEE_SCOPES),
        flag("has_restricted_access", doc="only reachable through an ACCESS promocode"),
    ),
)


def _item_rules(body: Mapping[str, Any]) -> list[Problem]:
    limit, total = body.get("per_registrant_limit"), body.get("default_quantity_total")
    if isinstance(limit, int) and isinstance(total, int) and limit > total:
        return [Problem("per_registrant_limit", "must not be above default_quantity_total")]
    return []


ITEM = ResourceSpec(
    kind="item",
    privileges=EVENTSPOT_WRITE,
    plural="items",
    collection_path="eventspot/events/{event_id}/items",
    item_path="eventspot/events/{event_id}/items/{id}",
    natural_key="name",
    parent="event",
    cross_rules=(_item_rules,),
    totals=(Total("default_quantity_total", "attribute", "quantity_total", "attributes"),),
    fields=(
        read_only("id"),
        text("name", required=True, min_length=1, max_length=100, doc="unique per event"),
        text("description", max_length=2048),
        amount("price", required=True, doc="0 is free"),
        whole("default_quantity_total", required=True, doc="the sum of attributes when it has any"),
        whole("per_registrant_limit", required=True),
        flag("show_quantity_available", required=True),
        read_only("default_quantity_available", FieldType.INTEGER),
        Field("attributes", FieldType.OBJECT, read_only=True),
    ),
)

ATTRIBUTE = ResourceSpec(
    kind="attribute",
    privileges=EVENTSPOT_WRITE,
    plural="attributes",
    collection_path="eventspot/events/{event_id}/items/{item_id}/attributes",
    item_path="eventspot/events/{event_id}/items/{item_id}/attributes/{id}",
    natural_key="name",
    parent="item",
    fields=(
        read_only("id"),
        text("name", required=True, min_length=1, max_length=100, doc="unique per item"),
        whole("quantity_total", required=True),
        read_only("quantity_available", FieldType.INTEGER),
    ),
)


def _promocode_rules(body: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    fee_ids = body.get("fee_ids") or []
    percent, amount = body.get("discount_percent"), body.get("discount_amount")
    if body.get("code_type") == "ACCESS":
        if len(fee_ids) != 1:
            problems.append(Problem("fee_ids", "an ACCESS code needs exactly one fee"))
        for name in ("discount_percent", "discount_amount", "discount_type", "discount_scope"):
            if body.get(name) is not None:
                problems.append(Problem(name, "is not allowed on an ACCESS code"))
    elif body.get("code_type") == "DISCOUNT":
        scope = body.get("discount_scope")
        if scope is None:
            problems.append(Problem("discount_scope", "is required for a DISCOUNT code"))
        elif scope == "FEE_LIST" and not fee_ids:
            problems.append(Problem("fee_ids", "a FEE_LIST discount needs at least one fee"))
        if percent is None and amount is None:
            problems.append(
                Problem("discount_percent", "a DISCOUNT code needs a percent or an amount")
            )
        elif percent is not None and amount is not None:
            problems.append(Problem("discount_amount", "give a percent or an amount, not both"))
        wanted = {"PERCENT": "discount_percent", "AMOUNT": "discount_amount"}.get(
            body.get("discount_type") or ""
        )
        if wanted and body.get(wanted) is None:
            problems.append(Problem("discount_type", f"{body['discount_type']} needs {wanted}"))
    return problems


PROMOCODE = ResourceSpec(
    kind="promocode",
    privileges=EVENTSPOT_WRITE,
    plural="promocodes",
    collection_path="eventspot/events/{event_id}/promocodes",
    item_path="eventspot/events/{event_id}/promocodes/{id}",
    natural_key="code_name",
    parent="event",
    references={"fee_ids": "fee"},
    cross_rules=(_promocode_rules,),
    fields=(
        read_only("id"),
        text(
            "code_name",
            required=True,
            min_length=4,
            max_length=12,
            pattern=CODE_NAME,
            pattern_hint="4-12 letters, digits or _",
            doc="unique per event",
        ),
        choice("code_type", CODE_TYPES, required=True),
        choice("discount_type", DISCOUNT_TYPES),
        whole("discount_percent", minimum=1, maximum=100),
        amount("discount_amount", minimum=0.01),
        choice("discount_scope", DISCOUNT_SCOPES),
        Field("fee_ids", FieldType.STRING_LIST, id_of="fee"),
        whole("quantity_total", unlimited=-1, doc="-1 is unlimited"),
        flag("is_paused"),
        Field("status", FieldType.ENUM, choices=("LIVE", "PAUSED", "DEPLETED"), read_only=True),
        read_only("quantity_used", FieldType.INTEGER),
        read_only("quantity_available", FieldType.INTEGER),
    ),
)

_REGISTRANT_TEXT = (
    "id", "email", "first_name", "last_name", "payment_status", "registration_status",
    "registration_date", "updated_date", "ticket_id",
)  # fmt: skip
REGISTRANT = ResourceSpec(
    kind="registrant",
    plural="registrants",
    collection_path="eventspot/events/{event_id}/registrants",
    item_path="eventspot/events/{event_id}/registrants/{id}",
    natural_key=None,
    parent="event",
    paged=True,
    can_delete=False,
    importable=False,
    fields=(
        *(read_only(name) for name in _REGISTRANT_TEXT),
        read_only("guest_count", FieldType.INTEGER),
    ),
)

