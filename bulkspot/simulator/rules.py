"""The API's rules per resource (docs/api-rules.md), written from the API's documentation.

Each `Rules` (ruleset.py) holds a resource's writable fields and its cross-field rules.
`validate` checks a POST or PUT body as a whole and raises one 400 listing every problem; what
it returns is the clean body to store (defaults in, read-only and unknown fields out). The
promocode's are in rules_promocodes.py, the campaigns' and MyLibrary's beside them.
"""

from __future__ import annotations

from typing import Any

from bulkspot.simulator import guesses as g
from bulkspot.simulator.places import complete_address
from bulkspot.simulator.problems import INVALID, RANGE, REQUIRED, Problem, field_problem
from bulkspot.simulator.rules_promocodes import PROMOCODE
from bulkspot.simulator.ruleset import Rules
from bulkspot.simulator.schema import Clean, Field, Kind, parse_instant

__all__ = ["ATTRIBUTE", "EVENT", "EVENT_STATUSES", "FEE", "ITEM", "PROMOCODE", "Rules"]

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


def _text(
    name: str,
    high: int | None,
    low: int | None = None,
    required: bool = False,
    guess: str | None = None,
) -> Field:
    return Field(name, Kind.STRING, required=required, min_length=low, max_length=high, guess=guess)


def _bool(name: str, default: bool | None = None) -> Field:
    return Field(name, Kind.BOOLEAN, default=default)


def _count(name: str, required: bool = False, **kw: Any) -> Field:
    return Field(name, Kind.INTEGER, required=required, minimum=kw.pop("minimum", 0), **kw)


def _amount(name: str, required: bool = False, minimum: float = 0.0, **kw: Any) -> Field:
    return Field(name, Kind.NUMBER, required=required, minimum=minimum, **kw)


def _etext(name: str, high: int, low: int | None = None, required: bool = False) -> Field:
    """An event's text: its length is a guess (no page gives one), and so is its being
    required (the required set of an event POST was not captured)."""
    needs = g.EVENT_REQUIRED if required else None
    return Field(
        name,
        Kind.STRING,
        required=required,
        min_length=low,
        max_length=high,
        guess=g.EVENT_BOUNDS,
        required_guess=needs,
    )


ADDRESS = (
    _etext("line1", 100), _etext("line2", 100), _etext("line3", 100), _etext("city", 50),
    _etext("state", 50), _etext("state_code", 2), _etext("country", 128),
    _etext("country_code", 2), _etext("postal_code", 25),
    Field("latitude", Kind.NUMBER, minimum=-90, maximum=90, guess=g.EVENT_BOUNDS),
    Field("longitude", Kind.NUMBER, minimum=-180, maximum=180, guess=g.EVENT_BOUNDS),
)  # fmt: skip
CONTACT = (
    _etext("name", 100), _etext("email_address", 80), _etext("phone_number", 50),
    _etext("organization_name", 100),
)  # fmt: skip
ONLINE_MEETING = (
    _etext("url", 250), _etext("instructions", 2000), _etext("provider_meeting_id", 100),
    _etext("provider_type", 50),
)  # fmt: skip
NOTIFICATION = (
    Field("notification_type", Kind.ENUM, choices=("SO_REGISTRATION_NOTIFICATION",)),
    _bool("is_opted_in", default=False),
)
TRACK_DEFAULT = {
    "information_sections": ["CONTACT", "TIME", "LOCATION"],
    "is_registration_closed_manually": False,
    "is_ticketing_link_displayed": False,
    "guest_limit": 0,
    "registration_limit_count": 0,
    "guest_display_label": "Guest(s)",
    "is_guest_name_required": False,
    "is_guest_anonymous_enabled": False,
}
TRACK = (
    Field(
        "information_sections",
        Kind.ENUM_LIST,
        choices=("CONTACT", "TIME", "LOCATION"),
        default=TRACK_DEFAULT["information_sections"],
    ),
    _bool("is_registration_closed_manually", default=False),
    _bool("is_ticketing_link_displayed", default=False),
    _count("guest_limit", default=0, guess=g.EVENT_BOUNDS),
    _count("registration_limit_count", default=0, guess=g.EVENT_BOUNDS),
    Field(
        "guest_display_label", Kind.STRING, max_length=50, default="Guest(s)", guess=g.EVENT_BOUNDS
    ),
    _bool("is_guest_name_required", default=False),
    _bool("is_guest_anonymous_enabled", default=False),
)

EVENT_FIELDS = (
    _etext("name", 100, 1, required=True),
    _etext("title", 100, 1, required=True),
    Field("type", Kind.ENUM, required=True, choices=EVENT_TYPES, required_guess=g.EVENT_REQUIRED),
    Field("start_date", Kind.INSTANT, required=True, required_guess=g.EVENT_REQUIRED),
    Field("end_date", Kind.INSTANT, required=True, required_guess=g.EVENT_REQUIRED),
    _etext("time_zone_id", 50, 1, required=True),
    _etext("description", 5000),
    _etext("location", 200),
    Field("address", Kind.OBJECT, children=ADDRESS),
    Field("contact", Kind.OBJECT, children=CONTACT),
    Field("currency_type", Kind.ENUM, choices=CURRENCIES, default="USD"),
    _bool("is_virtual_event", default=False),
    Field("online_meeting", Kind.OBJECT, children=ONLINE_MEETING),
    Field("payment_options", Kind.ENUM_LIST, choices=PAYMENT_OPTIONS),
    _etext("payable_to", 100),
    Field("payment_address", Kind.OBJECT, children=ADDRESS),
    _etext("paypal_account_email", 80),
    _etext("google_merchant_id", 50),
    _etext("google_analytics_key", 50),
    _etext("twitter_hash_tag", 50),
    _etext("meta_data_tags", 500),
    Field("theme_name", Kind.STRING, max_length=50, default="Default", guess=g.EVENT_BOUNDS),
    _bool("is_checkin_available", default=False),
    Field(
        "notification_options",
        Kind.OBJECT_LIST,
        children=NOTIFICATION,
        default=[{"notification_type": "SO_REGISTRATION_NOTIFICATION", "is_opted_in": False}],
    ),
    _bool("is_home_page_displayed", default=False),
    _bool("is_map_displayed", default=True),
    _bool("is_calendar_displayed", default=True),
    _bool("is_listed_in_external_directory", default=False),
    _bool("are_registrants_public", default=False),
    Field("track_information", Kind.OBJECT, children=TRACK, default=TRACK_DEFAULT),
)


def _date_order(body: Clean, failed: set[str]) -> list[Problem]:
    start, end = parse_instant(body.get("start_date")), parse_instant(body.get("end_date"))
    if start is not None and end is not None and end < start:
        return [field_problem(INVALID, "end_date", "must not be before start_date")]
    return []


def _event_rules(body: Clean, failed: set[str]) -> list[Problem]:
    problems = []
    if body.get("is_virtual_event") and not body.get("online_meeting"):
        message = "is required when is_virtual_event is true"
        problems.append(field_problem(REQUIRED, "online_meeting", message))
    options = body.get("payment_options") or ()
    needs = [("CHECK", "payable_to"), ("CHECK", "payment_address")]
    needs.append(("PAYPAL", "paypal_account_email"))
    for option, name in needs:
        if option in options and not body.get(name):
            message = f"is required when payment_options has {option}"
            problems.append(field_problem(REQUIRED, name, message))
    for name in ("address", "payment_address"):
        if isinstance(body.get(name), dict):
            complete_address(body[name])
    return problems


FEE_FIELDS = (
    Field(
        "label",
        Kind.STRING,
        required=True,
        min_length=1,
        max_length=100,
        required_guess=g.FEE_REQUIRED,
    ),
    _amount("fee", required=True, guess=g.FEE_AMOUNTS, required_guess=g.FEE_REQUIRED),
    _amount("early_fee", guess=g.FEE_AMOUNTS),
    _amount("late_fee", guess=g.FEE_AMOUNTS),
    Field("fee_scope", Kind.ENUM, choices=FEE_SCOPES, default="BOTH"),
    _bool("has_restricted_access", default=False),
)

ITEM_FIELDS = (
    _text("name", 100, 1, required=True),
    _text("description", 2048),
    _amount("price", required=True),
    _count("default_quantity_total", required=True),
    _count("per_registrant_limit", required=True),
    Field("show_quantity_available", Kind.BOOLEAN, required=True),
)


def _item_rules(body: Clean, failed: set[str]) -> list[Problem]:
    limit, total = body.get("per_registrant_limit"), body.get("default_quantity_total")
    if limit is not None and total is not None and limit > total:
        message = f"must not be above default_quantity_total ({total}) (got {limit})"
        return [field_problem(RANGE, "per_registrant_limit", message)]
    return []


ATTRIBUTE_FIELDS = (
    _text("name", 100, 1, required=True, guess=g.ATTRIBUTE_NAME_LENGTH),
    _count("quantity_total", required=True),
    _text("description", None),  # "Include the attribute name and description" (its PUT page)
)


EVENT = Rules("event", EVENT_FIELDS, _event_rules, ((g.EVENT_DATE_ORDER, _date_order),))
FEE = Rules("fee", FEE_FIELDS)
ITEM = Rules("item", ITEM_FIELDS, _item_rules)
ATTRIBUTE = Rules("attribute", ATTRIBUTE_FIELDS)
