"""The columns a sheet of each kind may have, and the names people give them.

A column feeds either an API field (`price`, or `address.city` for a nested one) or a
sheet-only role: the row's own `id` (the row is then an update), the parent `event_id`, an
items sheet's `attribute` / `attribute_quantity`, an attributes sheet's `item` / `item_id`,
a promocode's `fees` (labels) and `discount` ("20%" or "15.00").

A header matches a column when the two are equal ignoring case, spaces, dashes and
underscores ("Show Quantity Available" is `show_quantity_available`), or when it is one of
the column's few friendly aliases, declared with its kind (`SheetSpec.aliases`). Dotted
columns also match without the dot ("Address City"). The same data answers `bulkspot columns KIND`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache

from bulkspot.core.column import Column, Role
from bulkspot.core.moments import spelled_examples
from bulkspot.core.planners import planner_for
from bulkspot.core.resources import EVENT, Field, FieldType, ResourceSpec, spec_for, under_event

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


_ID = Field("id", FieldType.STRING, min_length=1, max_length=100)
_PARENT_EVENT = Column(
    "event_id",
    Role.EVENT_ID,
    Field("event_id", FieldType.STRING, min_length=1, max_length=100, id_of=EVENT.kind),
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
    aliases = spec.sheet.aliases
    own_id = Column(
        "id",
        Role.ID,
        replace(_ID, id_of=spec.kind),
        doc=f"the {spec.kind}'s id: the row updates it",
    )
    found = [own_id, *_field_columns(spec, spec.writable, ""), *planner.sheet_columns]
    if under_event(spec.kind):  # a schedule's campaign is its planner's own column
        found.insert(1, _PARENT_EVENT)
    return tuple(
        Column(
            c.name,
            c.role,
            c.field,
            aliases.get(c.name, ()),
            c.doc,
            c.required and c.name not in planner.defaulted,
        )
        for c in found
    )


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


def _doc(spec: ResourceSpec, column: Column) -> str:
    return spec.sheet.docs.get(column.name, column.doc)


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
            zoned = field.zone_field is not None  # else only a time with its offset is read
            return f"date and time, e.g. {spelled_examples(zoned)}"
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
