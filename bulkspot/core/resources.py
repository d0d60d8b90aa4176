"""The rules of every EventSpot resource, as data.

One `ResourceSpec` per resource: where it lives (path templates), what it accepts (fields with
type, bounds, lengths, enums, read-only), what names it uniquely (its natural key) and under
which parent it lives. Validation, the sheet mapping, the planner and the engine all read these
specs; nothing else in bulkspot spells out an API rule. The rules are those of
docs/api-rules.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class FieldType(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATETIME = "datetime"
    ENUM = "enum"
    STRING_LIST = "list of strings"
    ENUM_LIST = "list of values"
    OBJECT = "object"
    OBJECT_LIST = "list of objects"  # each with `children`; not a sheet column


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a body: the field (dotted for nested ones) and why."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a resource and the API's rules for it."""

    name: str
    type: FieldType
    required: bool = False
    read_only: bool = False
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    pattern_hint: str = ""
    unlimited: int | None = None  # a value allowed outside the bounds: -1 means "unlimited"
    children: tuple[Field, ...] = ()  # the fields of an OBJECT (or of each of an OBJECT_LIST)
    doc: str = ""
    time_zone: bool = False  # a STRING naming a zone of the tz database (US/Eastern)
    zone_field: str | None = None  # a DATETIME without offset is in the zone this field names

    def child(self, name: str) -> Field | None:
        return next((c for c in self.children if c.name == name), None)


CrossRule = Callable[[Mapping[str, Any]], list[Problem]]


@dataclass(frozen=True, slots=True)
class Total:
    """A field the API keeps as the sum of the resource's children's: once an item has
    attributes, its default_quantity_total is the sum of their quantity_total."""

    field: str  # default_quantity_total
    child: str  # the child kind: attribute
    child_field: str  # quantity_total
    embedded: str  # where the resource's answer lists its children: attributes

    def of(self, resource: Mapping[str, Any]) -> int | None:
        """The sum over the children `resource` holds; None when it holds none."""
        children = [c for c in resource.get(self.embedded) or () if isinstance(c, Mapping)]
        counts = [c.get(self.child_field) for c in children]
        whole = [n for n in counts if isinstance(n, int) and not isinstance(n, bool)]
        return sum(whole) if whole and len(whole) == len(counts) else None


@dataclass(frozen=True, slots=True)
class ResourceSpec:
    """Everything bulkspot knows of one resource of the API."""

    kind: str
    plural: str
    collection_path: str
    item_path: str
    fields: tuple[Field, ...]
    natural_key: str | None
    parent: str | None
    paged: bool = False
    can_delete: bool = True  # False: undo cancels it (PATCH status) instead
    unique_key: bool = True  # the API refuses a second resource with the same natural key
    importable: bool = True  # made from a sheet (`bulkspot import PLURAL`)
    references: Mapping[str, str] = field(default_factory=dict)  # id-list field -> its kind
    # ids the API takes in the body, resolved like path ids before the write (a folder's
    # parent_id, a file's folder_id) -> the kind each names
    body_ids: Mapping[str, str] = field(default_factory=dict)
    key_scope: str | None = None  # the body id that scopes the natural key (per parent folder)
    cross_rules: tuple[CrossRule, ...] = ()
    totals: tuple[Total, ...] = ()  # fields that are the sum of the children's
    # the OAuth privilege each write needs (method -> privilege), as the API's pages name it:
    # shown by `bulkspot columns` and in the message of a 403 for a missing privilege
    privileges: Mapping[str, str] = field(default_factory=dict)
    by_name: Mapping[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})

    def privilege_for(self, method: str) -> str | None:
        """The privilege a `method` call on this kind needs (GETs need only read ones)."""
        return self.privileges.get(method.upper())

    @property
    def writable(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.read_only)

    @property
    def required(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required)

    @property
    def path_ids(self) -> tuple[str, ...]:
        """The ids a collection path needs, outermost first (`event_id`, `item_id`)."""
        return tuple(re.findall(r"\{(\w+)\}", self.collection_path))

    @property
    def parent_id(self) -> str | None:
        """The path id that holds the parent's id (`event_id` for an item), if any."""
        return self.path_ids[-1] if self.parent is not None else None

    def collection_url(self, ids: Mapping[str, str]) -> str:
        return self.collection_path.format_map(ids)

    def item_url(self, ids: Mapping[str, str], resource_id: str) -> str:
        return self.item_path.format_map({**ids, "id": resource_id})

    def writable_body(self, resource: Mapping[str, Any]) -> dict[str, Any]:
        """What a PUT must send to keep a resource as it is: every writable field it has."""
        return {
            f.name: resource[f.name]
            for f in self.writable
            if f.name in resource and resource[f.name] is not None
        }

    def with_totals(self, resource: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
        """`body` (a PUT of `resource`) with each total set to the sum of the children the
        resource holds, as the API keeps it: a PUT never asks for another total."""
        found = dict(body)
        for total in self.totals:
            value = total.of(resource)
            if value is not None:
                found[total.field] = value
        return found


def _s(name: str, **kw: Any) -> Field:
    return Field(name, FieldType.STRING, **kw)


def _int(name: str, minimum: float | None = 0, **kw: Any) -> Field:
    return Field(name, FieldType.INTEGER, minimum=minimum, **kw)


def _num(name: str, minimum: float | None = 0, **kw: Any) -> Field:
    return Field(name, FieldType.NUMBER, minimum=minimum, **kw)


def _bool(name: str, **kw: Any) -> Field:
    return Field(name, FieldType.BOOLEAN, **kw)


def _enum(name: str, choices: tuple[str, ...], **kw: Any) -> Field:
    return Field(name, FieldType.ENUM, choices=choices, **kw)


def _ro(name: str, type_: FieldType = FieldType.STRING) -> Field:
    return Field(name, type_, read_only=True)


def _writes(privilege: str, methods: str = "POST PUT PATCH DELETE") -> dict[str, str]:
    return dict.fromkeys(methods.split(), privilege)


EVENTSPOT_WRITE = _writes("campaign:write")  # EventSpot: campaign:write for every write


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
    _s("line1", max_length=100), _s("line2", max_length=100), _s("line3", max_length=100),
    _s("city", max_length=50), _s("state", max_length=50), _s("state_code", max_length=2),
    _s("country", max_length=128), _s("country_code", max_length=2),
    _s("postal_code", max_length=25), _num("latitude", minimum=-90, maximum=90),
    _num("longitude", minimum=-180, maximum=180),
)  # fmt: skip
_CONTACT = (
    _s("name", max_length=100), _s("email_address", max_length=80),
    _s("phone_number", max_length=50), _s("organization_name", max_length=100),
)  # fmt: skip
_ONLINE_MEETING = (
    _s("url", max_length=250), _s("instructions", max_length=2000),
    _s("provider_meeting_id", max_length=100), _s("provider_type", max_length=50),
)  # fmt: skip
_NOTIFICATION = (
    _enum("notification_type", ("SO_REGISTRATION_NOTIFICATION",), required=True),
    _bool("is_opted_in"),
)
_TRACK = (
    Field("information_sections", FieldType.ENUM_LIST, choices=("CONTACT", "TIME", "LOCATION")),
    _bool("is_registration_closed_manually"), _bool("is_ticketing_link_displayed"),
    _int("guest_limit"), _int("registration_limit_count"), _s("guest_display_label", max_length=50),
    _bool("is_guest_name_required"), _bool("is_guest_anonymous_enabled"),
)  # fmt: skip


def _instant(value: Any) -> dt.datetime | None:
    """An ISO-8601 text as an aware datetime (no zone: UTC, as coerce reads it); else None."""
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _event_rules(body: Mapping[str, Any]) -> list[Problem]:
    problems = []
    # Instants, not texts: "...T18:00:00Z" sorts after "...T18:00:00.000Z", and offsets differ.
    start, end = _instant(body.get("start_date")), _instant(body.get("end_date"))
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
        _ro("id"),
        _s("name", required=True, min_length=1, max_length=100, doc="event file name, not shown"),
        _s("title", required=True, min_length=1, max_length=100, doc="shown to registrants"),
        _enum("type", EVENT_TYPES, required=True),
        Field("start_date", FieldType.DATETIME, required=True, zone_field="time_zone_id"),
        Field("end_date", FieldType.DATETIME, required=True, zone_field="time_zone_id"),
        _s("time_zone_id", required=True, min_length=1, max_length=50, time_zone=True,
           doc="e.g. US/Eastern"),
        _s("description", max_length=5000),
        _s("location", max_length=200),
        Field("address", FieldType.OBJECT, children=_ADDRESS),
        Field("contact", FieldType.OBJECT, children=_CONTACT),
        _enum("currency_type", CURRENCIES),
        _bool("is_virtual_event"),
        Field("online_meeting", FieldType.OBJECT, children=_ONLINE_MEETING),
        Field("payment_options", FieldType.ENUM_LIST, choices=PAYMENT_OPTIONS),
        _s("payable_to", max_length=100),
        Field("payment_address", FieldType.OBJECT, children=_ADDRESS),
        _s("paypal_account_email", max_length=80),
        _s("google_merchant_id", max_length=50),
        _s("google_analytics_key", max_length=50),
        _s("twitter_hash_tag", max_length=50),
        _s("meta_data_tags", max_length=500),
        _s("theme_name", max_length=50),
        _bool("is_checkin_available"),
        _bool("is_home_page_displayed"),
        _bool("is_map_displayed"),
        _bool("is_calendar_displayed"),
        _bool("is_listed_in_external_directory"),
        _bool("are_registrants_public"),
        Field("track_information", FieldType.OBJECT, children=_TRACK),
        Field(
            "notification_options",
            FieldType.OBJECT_LIST,
            children=_NOTIFICATION,
            doc="not set from a sheet; an update keeps it as it is",
        ),
        Field("status", FieldType.ENUM, choices=EVENT_STATUSES, read_only=True),
        _ro("created_date", FieldType.DATETIME),
        _ro("updated_date", FieldType.DATETIME),
        _ro("active_date", FieldType.DATETIME),
        _ro("cancelled_date", FieldType.DATETIME),
        _ro("deleted_date", FieldType.DATETIME),
        _ro("registration_url"),
        _ro("total_registered_count", FieldType.INTEGER),
        _ro("event_detail_url"),
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
        _ro("id"),
        _s("label", required=True, min_length=1, max_length=100, doc="unique per event"),
        _num("fee", required=True, doc="the amount; 0 is free"),
        _num("early_fee"),
        _num("late_fee"),
        _enum("fee_scope", FEE_SCOPES),
        _bool("has_restricted_access", doc="only reachable through an ACCESS promocode"),
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
        _ro("id"),
        _s("name", required=True, min_length=1, max_length=100, doc="unique per event"),
        _s("description", max_length=2048),
        _num("price", required=True, doc="0 is free"),
        _int("default_quantity_total", required=True, doc="the sum of attributes when it has any"),
        _int("per_registrant_limit", required=True),
        _bool("show_quantity_available", required=True),
        _ro("default_quantity_available", FieldType.INTEGER),
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
        _ro("id"),
        _s("name", required=True, min_length=1, max_length=100, doc="unique per item"),
        _int("quantity_total", required=True),
        _ro("quantity_available", FieldType.INTEGER),
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
        _ro("id"),
        _s(
            "code_name",
            required=True,
            min_length=4,
            max_length=12,
            pattern=CODE_NAME,
            pattern_hint="4-12 letters, digits or _",
            doc="unique per event",
        ),
        _enum("code_type", CODE_TYPES, required=True),
        _enum("discount_type", DISCOUNT_TYPES),
        _int("discount_percent", minimum=1, maximum=100),
        _num("discount_amount", minimum=0.01),
        _enum("discount_scope", DISCOUNT_SCOPES),
        Field("fee_ids", FieldType.STRING_LIST),
        _int("quantity_total", unlimited=-1, doc="-1 is unlimited"),
        _bool("is_paused"),
        Field("status", FieldType.ENUM, choices=("LIVE", "PAUSED", "DEPLETED"), read_only=True),
        _ro("quantity_used", FieldType.INTEGER),
        _ro("quantity_available", FieldType.INTEGER),
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
    fields=(*(_ro(name) for name in _REGISTRANT_TEXT), _ro("guest_count", FieldType.INTEGER)),
)

LATIN_1 = re.compile(r"[\u0020-\u007e\u00a0-\u00ff]+")  # ISO-8859-1's printable characters
NO_PARENT = "0"  # a scoping id (a folder's parent_id) that means "at the top"
MAX_FOLDER_LEVEL = 3

FOLDER = ResourceSpec(
    kind="folder",
    privileges={"POST": "mylibrary:folder:create", "PUT": "mylibrary:folder:update",
                "DELETE": "mylibrary:folder:delete"},
    plural="folders",
    collection_path="library/folders",
    item_path="library/folders/{id}",
    natural_key="name",
    parent=None,
    paged=True,
    body_ids={"parent_id": "folder"},
    key_scope="parent_id",  # a name is unique among the folders of one parent
    fields=(
        _ro("id"),
        _s("name", required=True, min_length=1, max_length=40, pattern=LATIN_1,
           pattern_hint="ISO-8859-1 (Latin-1) characters only",
           doc="at most 40 characters; unique in its parent folder"),
        _s("parent_id", min_length=1, doc='the parent folder\'s id; "0" or blank: the top'),
        _ro("level", FieldType.INTEGER),
        _ro("item_count", FieldType.INTEGER),
        _ro("created_date", FieldType.DATETIME),
        _ro("modified_date", FieldType.DATETIME),
    ),
)  # fmt: skip

FILE = ResourceSpec(
    kind="file",
    privileges={"PUT": "mylibrary:file:update"},
    plural="files",
    collection_path="library/files",
    item_path="library/files/{id}",
    natural_key=None,  # files are uploaded, not made from a sheet: a row changes one by id
    parent=None,
    paged=True,
    can_delete=False,
    unique_key=False,
    body_ids={"folder_id": "folder"},
    fields=(
        _ro("id"),
        _s("name", required=True, min_length=1),
        _s("description"),
        _s("folder_id", min_length=1, doc="the folder to move it to"),
        *(_ro(name) for name in ("folder", "url", "source", "status", "file_type")),
        *(_ro(name, FieldType.INTEGER) for name in ("height", "width", "size")),
        _ro("is_image", FieldType.BOOLEAN),
        Field("thumbnail", FieldType.OBJECT, read_only=True),
        _ro("created_date", FieldType.DATETIME),
        _ro("modified_date", FieldType.DATETIME),
    ),
)

LIST_STATUSES = ("ACTIVE", "HIDDEN")
CONTACT_LIST = ResourceSpec(
    kind="list",
    privileges=_writes("contacts:lists:write", "POST PUT DELETE"),
    plural="lists",
    collection_path="lists",
    item_path="lists/{id}",
    natural_key="name",
    parent=None,
    fields=(
        _ro("id"),
        _s("name", required=True, min_length=1, doc="unique in the account"),
        _enum("status", LIST_STATUSES, doc="HIDDEN lists are not offered for sign-up"),
        _ro("contact_count", FieldType.INTEGER),
        _ro("created_date", FieldType.DATETIME),
        _ro("modified_date", FieldType.DATETIME),
    ),
)

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
GREETING_NAMES = ("FIRST_NAME", "LAST_NAME", "FIRST_AND_LAST_NAME", "NONE")
CAMPAIGN_STATUSES = ("DRAFT", "RUNNING", "SENT", "SCHEDULED", "DELETED")
STOCK_READ_ONLY = ("email_content", "text_content", "email_content_format", "style_sheet")
_FOOTER_ADDRESS = ("organization_name", "address_line_1", "city", "country")
_FOOTER = (
    _s("organization_name"), _s("address_line_1"), _s("address_line_2"), _s("address_line_3"),
    _s("city"), _s("state"), _s("international_state"), _s("postal_code"), _s("country"),
    _bool("include_forward_email"), _s("forward_email_link_text"),
    _bool("include_subscribe_link"), _s("subscribe_link_text"),
)  # fmt: skip


def _email(name: str, **kw: Any) -> Field:
    return _s(name, max_length=80, pattern=EMAIL, pattern_hint="an email address", **kw)


def _campaign_rules(body: Mapping[str, Any]) -> list[Problem]:
    """The fields that become required once another is used (see CAMPAIGN)."""
    problems = []
    for flag, texts in (
        ("is_view_as_webpage_enabled", ("view_as_web_page_text", "view_as_web_page_link_text")),
        ("is_permission_reminder_enabled", ("permission_reminder_text",)),
    ):
        if body.get(flag):
            problems += [Problem(t, f"is required when {flag} is true") for t in texts
                         if not body.get(t)]  # fmt: skip
    footer = body.get("message_footer")
    if isinstance(footer, Mapping):
        why = "is required in a message_footer (the account has no address of its own)"
        problems += [Problem(f"message_footer.{n}", why) for n in _FOOTER_ADDRESS
                     if not footer.get(n)]  # fmt: skip
        for flag, text in (("include_forward_email", "forward_email_link_text"),
                           ("include_subscribe_link", "subscribe_link_text")):  # fmt: skip
            if footer.get(flag) and not footer.get(text):
                why = f"is required when {flag} is true"
                problems.append(Problem(f"message_footer.{text}", why))
    return problems


CAMPAIGN = ResourceSpec(
    kind="campaign",
    plural="campaigns",
    collection_path="emailmarketing/campaigns",
    item_path="emailmarketing/campaigns/{id}",
    natural_key="name",  # a name in use is a 409
    parent=None,
    paged=True,
    references={"sent_to_contact_lists": "list"},
    cross_rules=(_campaign_rules,),
    privileges={"POST": "campaign:create", "PUT": "campaign:write", "DELETE": "campaign:write"},
    fields=(
        _ro("id"),
        _s("name", required=True, min_length=1, max_length=80, doc="unique in the account"),
        _s("subject", required=True, min_length=1, max_length=200),
        _s("from_name", required=True, min_length=1, max_length=100),
        _email("from_email", required=True, doc="a verified email address of the account"),
        _email("reply_to_email"),
        _s("email_content", required=True, min_length=1,
           doc="the HTML; read-only for a STOCK template campaign"),
        _s("text_content", required=True, min_length=1,
           doc="the text version; read-only for a STOCK template campaign"),
        _enum("email_content_format", ("HTML", "XHTML"),
              doc="blank means HTML; read-only for a STOCK template campaign"),
        _s("style_sheet", doc="read-only for a STOCK template campaign"),
        _s("greeting_salutations", max_length=50, doc="e.g. Hello"),
        _enum("greeting_name", GREETING_NAMES),
        _s("greeting_string", max_length=1500, doc="e.g. Dear"),
        _bool("is_permission_reminder_enabled",
              doc="then permission_reminder_text is required"),
        _s("permission_reminder_text", max_length=1500),
        _bool("is_view_as_webpage_enabled",
              doc="then view_as_web_page_text and view_as_web_page_link_text are required"),
        _s("view_as_web_page_text", max_length=50),
        _s("view_as_web_page_link_text", max_length=50),
        Field("message_footer", FieldType.OBJECT, children=_FOOTER,
              doc="once given: organization_name, address_line_1, city and country"),
        Field("sent_to_contact_lists", FieldType.OBJECT_LIST, children=(_s("id", min_length=1),),
              doc="the lists it goes to (a sheet names them in `lists`)"),
        _enum("template_type", ("CUSTOM", "STOCK"), read_only=True,
              doc="CUSTOM for every campaign made through the API"),
        Field("status", FieldType.ENUM, choices=CAMPAIGN_STATUSES, read_only=True),
        *(_ro(name, FieldType.DATETIME) for name in ("created_date", "modified_date",
                                                     "last_run_date", "next_run_date")),
        _ro("permalink_url"),
        Field("tracking_summary", FieldType.OBJECT, read_only=True),
        Field("click_through_details", FieldType.OBJECT_LIST, read_only=True),
    ),
)  # fmt: skip

SCHEDULE_LEAD_MINUTES = 20  # "at least 20 minutes ahead"
SCHEDULE = ResourceSpec(
    kind="schedule",
    plural="schedules",
    collection_path="emailmarketing/campaigns/{campaign_id}/schedules",
    item_path="emailmarketing/campaigns/{campaign_id}/schedules/{id}",
    natural_key="scheduled_date",  # a campaign is never scheduled twice for one time
    parent="campaign",
    unique_key=False,
    privileges=_writes("campaign:activate", "POST PUT DELETE"),
    fields=(
        _ro("id"),
        Field("scheduled_date", FieldType.DATETIME,
              doc="when it is sent, at least 20 minutes ahead; blank: now"),
    ),
)  # fmt: skip

_REGISTRY: dict[str, ResourceSpec] = {}
RESOURCES: Mapping[str, ResourceSpec] = _REGISTRY  # kind -> spec, in registration order


def register(spec: ResourceSpec) -> ResourceSpec:
    """Add a kind to the registry (its parent first); every module that knows kinds asks here."""
    if spec.parent is not None and spec.parent not in _REGISTRY:
        raise ValueError(f"{spec.kind}'s parent {spec.parent!r} is not registered")
    if spec.kind in _REGISTRY or any(s.plural == spec.plural for s in _REGISTRY.values()):
        raise ValueError(f"a kind named {spec.kind!r} or {spec.plural!r} is registered")
    _REGISTRY[spec.kind] = spec
    return spec


def unregister(kind: str) -> None:
    """Take a kind out again (a test's own kind); its children must go first."""
    children = ", ".join(s.kind for s in children_of(kind))
    if children:
        raise ValueError(f"{kind} still has children: {children}")
    del _REGISTRY[kind]


for _spec in (
    EVENT, FEE, ITEM, ATTRIBUTE, PROMOCODE, REGISTRANT, FOLDER, FILE, CONTACT_LIST, CAMPAIGN,
    SCHEDULE,
):  # fmt: skip
    register(_spec)


def importable_kinds() -> tuple[str, ...]:
    """The kinds a sheet can make, parents before children."""
    return tuple(s.kind for s in _REGISTRY.values() if s.importable)


WRITABLE_KINDS = importable_kinds()  # the built-in ones, for tests that sample them


def children_of(kind: str) -> tuple[ResourceSpec, ...]:
    """The kinds whose collections live under one `kind` resource."""
    return tuple(s for s in _REGISTRY.values() if s.parent == kind)


def is_needed_by_others(kind: str) -> bool:
    """Whether other operations of a run may wait for this kind's ids (as parent or
    reference): those are the operations whose outcome a run keeps at hand."""
    return any(
        s.parent == kind
        or kind in s.references.values()
        or kind in s.body_ids.values()
        or any(t.child == kind for t in s.totals)  # its total waits for them
        for s in _REGISTRY.values()
    )


def under_event(kind: str) -> bool:
    """Whether a kind lives under an event (a fee, an attribute: --event or an event_id
    column), not under another parent (a schedule's campaign) or none."""
    spec = spec_for(kind)
    while spec.parent is not None:
        spec = spec_for(spec.parent)
    return spec.kind != kind and spec.kind == "event"


def removal_phases(kinds: Iterable[str] | None = None) -> tuple[tuple[str, ...], ...]:
    """`kinds` (default: every importable kind) grouped so that each group can be removed
    once the groups before it are gone: children before parents, a resource that names
    another (a promocode its fees) before the one it names."""
    wanted = list(kinds) if kinds is not None else list(importable_kinds())
    depth: dict[str, int] = {}

    def rank(kind: str) -> int:
        if kind not in depth:
            users = [
                s.kind
                for s in _REGISTRY.values()
                if s.parent == kind or kind in s.references.values()
            ]
            depth[kind] = 1 + max((rank(user) for user in users), default=-1)
        return depth[kind]

    levels: dict[int, list[str]] = {}
    for kind in wanted:
        levels.setdefault(rank(kind), []).append(kind)
    return tuple(tuple(levels[level]) for level in sorted(levels))


def spec_for(kind: str) -> ResourceSpec:
    """The spec of a kind, by singular or plural name."""
    name = kind.lower()
    found = _REGISTRY.get(name) or next((s for s in _REGISTRY.values() if s.plural == name), None)
    if found is None:
        raise KeyError(f"unknown resource kind {kind!r}; one of {', '.join(_REGISTRY)}")
    return found


def spec_for_path(path: str) -> tuple[ResourceSpec, dict[str, str], str | None] | None:
    """The kind a request path names, its path ids, and the resource id when the path names
    one resource (`eventspot/events/E1/items/7` -> item, {"event_id": "E1"}, "7")."""
    parts = path.strip("/").split("/")
    for spec in _REGISTRY.values():
        for template, has_id in ((spec.collection_path, False), (spec.item_path, True)):
            names = template.split("/")
            if len(names) != len(parts):
                continue
            ids: dict[str, str] = {}
            for name, part in zip(names, parts, strict=True):
                if name.startswith("{"):
                    ids[name.strip("{}")] = part
                elif name != part:
                    break
            else:
                resource_id = ids.pop("id", None) if has_id else None
                return spec, ids, resource_id
    return None
