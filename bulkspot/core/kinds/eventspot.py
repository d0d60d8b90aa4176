"""EventSpot: events and their fees (what an event sells and who registered: `sales`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bulkspot.core.moments import instant
from bulkspot.core.spec import (
    Field,
    FieldType,
    Problem,
    ResourceSpec,
    SheetSpec,
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
    summarised=True,  # the collection lists summaries
    sheet=SheetSpec(
        planner="events:EventPlanner",
        aliases={
            "id": ("Event ID",),
            "name": ("Event Name", "Event"),
            "title": ("Event Title",),
            "type": ("Event Type", "Category"),
            "start_date": ("Start", "Starts", "Start Time"),
            "end_date": ("End", "Ends", "End Time"),
            "time_zone_id": ("Time Zone", "Timezone"),
            "location": ("Venue",),
            "currency_type": ("Currency",),
            "payment_options": ("Payment", "Payment Methods"),
            "is_virtual_event": ("Virtual", "Online"),
            "contact.name": ("Contact",),
            "contact.email_address": ("Contact Email", "Email"),
            "contact.phone_number": ("Contact Phone", "Phone"),
            "contact.organization_name": ("Organization", "Organisation"),
            "address.line1": ("Address", "Street"),
            "address.city": ("City",),
            "address.state": ("State",),
            "address.postal_code": ("Postal Code", "Zip", "Zip Code", "Postcode"),
            "address.country": ("Country",),
        },
        docs={
            "type": "the kind of event, e.g. CONFERENCES_SEMINARS_FORUM",
            "start_date": "when it starts; a time without an offset is in the row's time_zone_id",
            "end_date": "when it ends; not before the start",
            "description": "what registrants read about it",
            "location": "where it is, e.g. Town Hall",
            "currency_type": "the currency of its fees; blank means USD",
            "is_virtual_event": "online only (then online_meeting.url is needed)",
            "payment_options": "how registrants pay, ;-separated (CHECK needs payable_to "
            "and payment_address, PAYPAL needs paypal_account_email)",
            "theme_name": 'the page theme; blank means "Default"',
        },
        # what the status column of an import sets (ACTIVE publishes, CANCELLED cancels): a
        # status it cannot set (DRAFT, COMPLETE, DELETED) is exported blank
        exported={"status": "status"},
    ),
    fields=(
        read_only("id"),
        text("name", required=True, min_length=1, max_length=100, doc="event file name, not shown"),
        text("title", required=True, min_length=1, max_length=100, doc="shown to registrants"),
        choice("type", EVENT_TYPES, required=True),
        Field("start_date", FieldType.DATETIME, required=True, zone_field="time_zone_id"),
        Field("end_date", FieldType.DATETIME, required=True, zone_field="time_zone_id"),
        text(
            "time_zone_id",
            required=True,
            min_length=1,
            max_length=50,
            time_zone=True,
            doc="e.g. US/Eastern",
        ),
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
    sheet=SheetSpec(
        aliases={
            "id": ("Fee ID",),
            "label": ("Fee Name", "Name", "Ticket", "Ticket Type"),
            "fee": ("Price", "Price ($)", "Amount", "Cost", "Fee Amount"),
            "early_fee": ("Early Bird", "Early Bird Price"),
            "late_fee": ("Late Price",),
            "fee_scope": ("Scope", "For"),
            "has_restricted_access": ("Restricted", "Restricted Access", "Access Code Only"),
        },
        docs={
            "early_fee": "the early-bird amount",
            "late_fee": "the late-registration amount",
            "fee_scope": "who pays it; blank means BOTH",
        },
    ),
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

SPECS = (EVENT, FEE)
REGISTRY_PLACE = 1  # the families register in this order: a kind's parent first
