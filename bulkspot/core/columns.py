"""The columns a sheet of each kind may have, and the names people give them.

A column feeds either an API field (`price`, or `address.city` for a nested one) or a
sheet-only role: the row's own `id` (the row is then an update), the parent `event_id`, an
items sheet's `attribute` / `attribute_quantity`, an attributes sheet's `item` / `item_id`,
a promocode's `fees` (labels) and `discount` ("20%" or "15.00").

A header matches a column when the two are equal ignoring case, spaces, dashes and
underscores ("Show Quantity Available" is `show_quantity_available`), or when it is one of
the column's few friendly aliases below. Dotted columns also match without the dot
("Address City"). The same data answers `bulkspot columns KIND`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache

from bulkspot.core.column import Column, Role
from bulkspot.core.planners import planner_for
from bulkspot.core.resources import Field, FieldType, ResourceSpec, spec_for, under_event

__all__ = ["Column", "ColumnDoc", "Role", "columns_for", "describe_columns", "find_column"]


@dataclass(frozen=True, slots=True)
class ColumnDoc:
    """One line of `bulkspot columns KIND`."""

    name: str
    api_field: str
    type: str
    required: bool
    aliases: tuple[str, ...]
    doc: str


_ALIASES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "event": {
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
    "fee": {
        "id": ("Fee ID",),
        "label": ("Fee Name", "Name", "Ticket", "Ticket Type"),
        "fee": ("Price", "Price ($)", "Amount", "Cost", "Fee Amount"),
        "early_fee": ("Early Bird", "Early Bird Price"),
        "late_fee": ("Late Price",),
        "fee_scope": ("Scope", "For"),
        "has_restricted_access": ("Restricted", "Restricted Access", "Access Code Only"),
    },
    "item": {
        "id": ("Item ID",),
        "name": ("Item", "Item Name", "Product", "Product Name", "Title"),
        "description": ("Details",),
        "price": ("Cost", "Amount", "Unit Price", "Price ($)"),
        "default_quantity_total": ("Qty", "Quantity", "Stock", "Inventory", "Quantity Total"),
        "per_registrant_limit": (
            "Limit",
            "Per Registrant",
            "Max Per Registrant",
            "Per Person",
            "Max Per Order",
        ),
        "show_quantity_available": ("Show Quantity", "Show Qty", "Show Available"),
        "attribute": ("Attribute Name", "Size", "Colour", "Color", "Variant", "Option"),
        "attribute_quantity": (
            "Attribute Qty",
            "Attribute Quantity",
            "Size Qty",
            "Colour Qty",
            "Color Qty",
            "Variant Qty",
            "Option Qty",
        ),
    },
    "attribute": {
        "id": ("Attribute ID",),
        "name": ("Attribute", "Attribute Name", "Size", "Colour", "Color", "Variant", "Option"),
        "quantity_total": ("Qty", "Quantity", "Stock", "Inventory", "Total"),
        "item": ("Item Name", "Product"),
    },
    "promocode": {
        "id": ("Promocode ID", "Promo Code ID"),
        "code_name": ("Code", "Promo Code", "Promocode", "Coupon", "Coupon Code"),
        "code_type": ("Type",),
        "discount_percent": ("Percent", "Percent Off", "Percentage", "% Off"),
        "discount_amount": ("Amount", "Amount Off"),
        "discount_scope": ("Scope", "Applies To"),
        "fees": ("Fee", "Fee Labels", "Fee Names", "Tickets"),
        "quantity_total": ("Qty", "Quantity", "Uses", "Max Uses", "Limit"),
        "is_paused": ("Paused",),
    },
    "folder": {
        "id": ("Folder ID",),
        "name": ("Folder", "Folder Name"),
        "parent": ("Parent Folder", "Parent Path", "Path"),
        "parent_id": ("Parent Folder ID",),
    },
    "file": {
        "id": ("File ID",),
        "name": ("File", "File Name"),
        "folder": ("Folder Path", "Move To"),
    },
    "list": {
        "id": ("List ID",),
        "name": ("List", "List Name"),
        "status": ("List Status",),
    },
    "campaign": {
        "id": ("Campaign ID",),
        "name": ("Campaign", "Campaign Name"),
        "subject": ("Subject Line",),
        "from_email": ("From", "From Address", "Sender Email"),
        "reply_to_email": ("Reply To",),
        "email_content": ("HTML", "Content", "HTML Content"),
        "text_content": ("Text", "Plain Text"),
        "lists": ("Contact Lists", "Send To"),
    },
    "schedule": {
        "id": ("Schedule ID",),
        "campaign": ("Campaign Name",),
        "scheduled_date": ("Send At", "Send Date", "Scheduled", "When"),
    },
}

_ID = Field("id", FieldType.STRING, min_length=1, max_length=100)
_PARENT_EVENT = Column(
    "event_id",
    Role.EVENT_ID,
    Field("event_id", FieldType.STRING, min_length=1, max_length=100, id_of="event"),
    doc="the event's id; needed when --event is not given (a cell overrides --event)",
)


def _field_columns(spec: ResourceSpec, fields: tuple[Field, ...], prefix: str) -> list[Column]:
    """A column per writable field; an object's fields as dotted columns."""
    found: list[Column] = []
    for field in fields:
        if field.read_only or field.type is FieldType.OBJECT_LIST:  # no cell can hold one
            continue
        if field.type is FieldType.OBJECT and field.children:
            found += _field_columns(spec, field.children, f"{prefix}{field.name}.")
            continue
        name = f"{prefix}{field.name}"
        required = field.required and not prefix
        found.append(Column(name, Role.FIELD, field, doc=field.doc, required=required))
    return found


@cache
def columns_for(kind: str) -> tuple[Column, ...]:
    """Every column a sheet of `kind` may have, in documentation order."""
    spec = spec_for(kind)
    planner = planner_for(spec.kind)  # its sheet-only columns, and the fields it fills
    aliases = _ALIASES.get(spec.kind, {})
    own_id = Column("id", Role.ID, replace(_ID, id_of=spec.kind),
                    doc=f"the {spec.kind}'s id: the row updates it")
    found = [own_id, *_field_columns(spec, spec.writable, ""), *planner.sheet_columns]
    if under_event(spec.kind):  # a schedule's campaign is its planner's own column
        found.insert(1, _PARENT_EVENT)
    return tuple(
        Column(c.name, c.role, c.field, aliases.get(c.name, ()), c.doc,
               c.required and c.name not in planner.defaulted)
        for c in found
    )  # fmt: skip


def normalize(header: str) -> str:
    """The form headers are compared in: no case, spaces, dashes or underscores."""
    return re.sub(r"[\s_\-]+", "", header).casefold()


@cache
def column_index(kind: str) -> Mapping[str, Column]:
    """Normalised header -> column, for every name and alias of a kind's columns."""
    index: dict[str, Column] = {}
    for column in columns_for(kind):
        names = {column.name, column.name.replace(".", ""), *column.aliases}
        for name in names:
            key = normalize(name)
            if index.setdefault(key, column) is not column:
                raise AssertionError(f"{kind}: {name!r} names two columns")  # pragma: no cover
    return index


def find_column(kind: str, header: str) -> Column | None:
    """The column a header names, if any."""
    return column_index(kind).get(normalize(header))


def accepted_names(column: Column) -> str:
    """ "price (or Cost, Amount)": how a message tells which headers would do."""
    return f"{column.name} (or {', '.join(column.aliases)})" if column.aliases else column.name


def describe_columns(kind: str) -> list[ColumnDoc]:
    """The columns of a kind for `bulkspot columns KIND`: name, API field, type, whether a
    sheet of new resources needs it, the other names it is read from, and what it holds."""
    spec = spec_for(kind)
    return [
        ColumnDoc(
            name=c.name,
            api_field=_api_field(spec, c),
            type=describe_type(c),
            required=c.required,
            aliases=c.aliases,
            doc=_doc(spec, c),
        )
        for c in columns_for(kind)
    ]


def _api_field(spec: ResourceSpec, column: Column) -> str:
    return {
        Role.FIELD: column.name,
        Role.ID: "id (the row updates it)",
        Role.EVENT_ID: "event id of the path",
        Role.ITEM: "item id of the path (by name)",
        Role.ITEM_ID: "item id of the path",
        Role.ATTRIBUTE: "attribute name",
        Role.ATTRIBUTE_QUANTITY: "attribute quantity_total",
        Role.FEES: "fee_ids (by label)",
        Role.DISCOUNT: "discount_percent or discount_amount",
        Role.STATUS: "status (a PATCH after the write)",
        Role.PARENT: "parent_id (by path)",
        Role.FOLDER: "folder_id (by path)",
        Role.LISTS: "sent_to_contact_lists (by name)",
        Role.LIST_IDS: "sent_to_contact_lists (by id)",
        Role.CAMPAIGN: "campaign id of the path (by name)",
        Role.CAMPAIGN_ID: "campaign id of the path",
    }[column.role]


_DEFAULT_DOCS: Mapping[tuple[str, str], str] = {
    ("event", "type"): "the kind of event, e.g. CONFERENCES_SEMINARS_FORUM",
    ("event", "start_date"): "when it starts; a time without an offset is in the row's "
    "time_zone_id",
    ("event", "end_date"): "when it ends; not before the start",
    ("event", "description"): "what registrants read about it",
    ("event", "location"): "where it is, e.g. Town Hall",
    ("event", "currency_type"): "the currency of its fees; blank means USD",
    ("event", "is_virtual_event"): "online only (then online_meeting.url is needed)",
    ("event", "payment_options"): "how registrants pay, ;-separated (CHECK needs payable_to "
    "and payment_address, PAYPAL needs paypal_account_email)",
    ("event", "theme_name"): 'the page theme; blank means "Default"',
    ("fee", "early_fee"): "the early-bird amount",
    ("fee", "late_fee"): "the late-registration amount",
    ("fee", "fee_scope"): "who pays it; blank means BOTH",
    ("item", "description"): "what registrants read about it",
    ("item", "price"): "the price of one; 0 is free; e.g. 12.50",
    ("item", "default_quantity_total"): "how many there are; blank on an item with "
    "attributes: the sum of theirs",
    ("item", "per_registrant_limit"): "how many one registrant may buy",
    ("item", "show_quantity_available"): "show registrants how many are left",
    ("attribute", "name"): "e.g. Small; unique per item",
    ("attribute", "quantity_total"): "how many of this attribute there are",
    ("promocode", "code_name"): "what registrants type; unique per event; e.g. SUMMER_10",
    ("promocode", "code_type"): "ACCESS (opens one restricted fee) or DISCOUNT; blank means "
    "DISCOUNT when a discount is given",
    ("promocode", "discount_type"): "blank: from the percent or amount given",
    ("promocode", "discount_percent"): "a percent off, 1-100 (20 or 20%)",
    ("promocode", "discount_amount"): "an amount off, e.g. 5.00",
    ("promocode", "discount_scope"): "what the discount applies to; blank means FEE_LIST when "
    "fees are given, else ORDER_TOTAL",
    ("promocode", "fee_ids"): "fee ids, ;-separated (or name them in fees)",
    ("promocode", "quantity_total"): "how many uses; blank or unlimited means -1 (unlimited)",
    ("promocode", "is_paused"): "paused codes cannot be used yet; blank means no",
}


def _doc(spec: ResourceSpec, column: Column) -> str:
    return _DEFAULT_DOCS.get((spec.kind, column.name), column.doc)


def describe_type(column: Column) -> str:
    """A short human description of what a cell of the column may hold."""
    field = column.field
    if column.role is Role.DISCOUNT:
        return "20% (a percent), or 15.00 or $15 (an amount)"
    match field.type:
        case FieldType.STRING:
            if field.time_zone:
                return "a time zone of the tz database"
            if field.pattern_hint:
                return field.pattern_hint
            if field.max_length is not None:
                return f"text, {field.min_length or 0}-{field.max_length} characters"
            return "text"
        case FieldType.INTEGER | FieldType.NUMBER:
            word = "whole number" if field.type is FieldType.INTEGER else "number"
            least, most = field.minimum, field.maximum
            unlimited = ", or unlimited" if field.unlimited is not None else ""
            if least is not None and most is not None:
                return f"{word} from {least:g} to {most:g}{unlimited}"
            if least is not None:
                return f"{word} >= {least:g}{unlimited}"
            return f"{word}{unlimited}"
        case FieldType.BOOLEAN:
            return "yes/no"
        case FieldType.DATETIME:
            return "date and time, e.g. 2026-05-01 18:00, 5/1/2026 6:00 PM or 2026-05-01T22:00Z"
        case FieldType.ENUM:
            return "one of " + ", ".join(field.choices)
        case FieldType.ENUM_LIST:
            return "list of " + ", ".join(field.choices) + " (;-separated)"
        case FieldType.STRING_LIST:
            return "list, ;-separated"
    return str(field.type)  # pragma: no cover


_USES = {"POST": "create", "PUT": "update", "PATCH": "publish or cancel", "DELETE": "undo"}


def privileges_line(kind: str) -> str:
    """The OAuth privileges a run of `kind` needs, for `bulkspot columns KIND`:
    "privileges: campaign:create (create, update), campaign:write (undo)"."""
    by_privilege: dict[str, list[str]] = {}
    for method, privilege in spec_for(kind).privileges.items():
        by_privilege.setdefault(privilege, []).append(_USES.get(method, method))
    if not by_privilege:
        return "privileges: none beyond reading"
    needs = (f"{p} ({', '.join(uses)})" for p, uses in by_privilege.items())
    return "privileges: " + ", ".join(needs)
