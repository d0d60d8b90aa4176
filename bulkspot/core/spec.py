"""What a resource of the API is, as data: its fields and their rules, its paths, its key.

One `ResourceSpec` per resource: where it lives (path templates), what it accepts (fields with
type, bounds, lengths, enums, read-only), what names it uniquely (its natural key) and under
which parent it lives. The kinds are declared in `bulkspot.core.kinds` with the builders at
the end of this module, and registered in `bulkspot.core.resources`, which every other module
asks. The rules are those of docs/api-rules.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

from bulkspot.core.apipath import ApiPath
from bulkspot.core.idshape import TOKEN_ID, IdShape


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
    # other words people write for a choice, upper case -> the choice: ("LIVE", "ACTIVE")
    choice_words: tuple[tuple[str, str], ...] = ()
    pattern: re.Pattern[str] | None = None
    pattern_hint: str = ""
    unlimited: int | None = None  # a value allowed outside the bounds: -1 means "unlimited"
    children: tuple[Field, ...] = ()  # the fields of an OBJECT (or of each of an OBJECT_LIST)
    doc: str = ""
    time_zone: bool = False  # a STRING naming a zone of the tz database (US/Eastern)
    zone_field: str | None = None  # a DATETIME without offset is in the zone this field names
    money: bool = False  # a NUMBER that is an amount in the event's currency (exact to the cent)
    id_of: str | None = None  # the kind whose id(s) it holds: checked against its id_shape

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
class SheetSpec:
    """How sheets hold a kind, declared with it so that adding a kind is one module: the
    other names people give its columns, their lines in `bulkspot columns`, the planner that
    reads its rows, and the columns an export adds beside its fields."""

    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # column -> headers
    docs: Mapping[str, str] = field(default_factory=dict)  # column -> its documented meaning
    # the planner of its rows, "module:Class" in bulkspot.core.planners (named, not imported:
    # the planners import the registry, which imports the kinds); "": the common Planner
    planner: str = ""
    # an exported column that is no field of its own -> where its cells come from:
    # "child.FIELD" (one row per child the resource embeds: an item's attributes),
    # "parent.FIELD" (the parent that embeds it: an attribute's item), "path.FIELD" (the
    # path from the top, names joined by /, of the resource the body id FIELD names: a
    # folder's parent, written instead of FIELD in a sheet without ids, as another account
    # has other ids), or a field's path
    exported: Mapping[str, str] = field(default_factory=dict)
    # column -> other words that name it within a longer header, not offered as names of
    # their own: "On Hand" makes `Qty on hand` the quantity
    header_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # column -> words that, in a header of several words, say it is not that column: a
    # shop's `Cost per item` is what the shop paid, never the price it sells at
    not_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # names that differ only by case are two resources to the API, but rarely two meant:
    # the sheet's are warned about on the dry run and in the summary
    case_twins_warned: bool = False
    # and so are a sheet's names that differ only by case from one its event or account
    # holds, from the collection read the run makes anyway (runner/first_read.py)
    held_twins_warned: bool = False


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
    # the longest page the API gives of a paged collection (`limit`): a read asks for it, as
    # every page is a request of the day's quota (campaigns and events 50, MyLibrary 1000)
    largest_page: int = 50
    can_delete: bool = True  # False: undo cancels it (PATCH status) instead
    unique_key: bool = True  # the API refuses a second resource with the same natural key
    # the parent holds one at most, and the API refuses a second with a 400, not a 409 (a
    # SCHEDULED campaign cannot be scheduled again): the write path reads what it holds
    one_per_parent: bool = False
    importable: bool = True  # made from a sheet (`bulkspot import PLURAL`)
    references: Mapping[str, str] = field(default_factory=dict)  # id-list field -> its kind
    # ids the API takes in the body, resolved like path ids before the write (a folder's
    # parent_id, a file's folder_id) -> the kind each names
    body_ids: Mapping[str, str] = field(default_factory=dict)
    key_scope: str | None = None  # the body id that scopes the natural key (per parent folder)
    cross_rules: tuple[CrossRule, ...] = ()
    totals: tuple[Total, ...] = ()  # fields that are the sum of the children's
    # a count in its answer of what it holds that no sheet makes (a list's contact_count):
    # undo leaves one that holds any in place (core/holding.py)
    members_count: str | None = None
    # the OAuth privilege each write needs (method -> privilege), as the API's pages name it:
    # shown by `bulkspot columns` and in the message of a 403 for a missing privilege
    privileges: Mapping[str, str] = field(default_factory=dict)
    id_shape: IdShape = TOKEN_ID  # what its ids look like (core/idshape.py)
    summarised: bool = False  # its collection lists summaries: an export reads each whole
    sheet: SheetSpec = field(default_factory=SheetSpec)
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

    def collection_url(self, ids: Mapping[str, str]) -> ApiPath:
        """The collection's address: each id one whole segment, never spliced into text."""
        return _fill(self.collection_path, ids)

    def item_url(self, ids: Mapping[str, str], resource_id: str) -> ApiPath:
        """One resource's address (see `collection_url`)."""
        return _fill(self.item_path, {**ids, "id": resource_id})

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


def _fill(template: str, ids: Mapping[str, str]) -> ApiPath:
    """`eventspot/events/{event_id}/items` and the ids -> the path's segments; a KeyError
    for a missing id, as format_map gave."""
    return ApiPath(tuple(str(ids[name]) if is_id else name for is_id, name in _parts(template)))


@lru_cache(maxsize=64)
def _parts(template: str) -> tuple[tuple[bool, str], ...]:
    """A path template's segments: (True, id name) for `{event_id}`, (False, word) else."""
    return tuple((True, s[1:-1]) if s.startswith("{") else (False, s) for s in template.split("/"))


# Builders of fields, for the declarations in bulkspot.core.kinds.


def text(name: str, **kw: Any) -> Field:
    return Field(name, FieldType.STRING, **kw)


def whole(name: str, minimum: float | None = 0, **kw: Any) -> Field:
    return Field(name, FieldType.INTEGER, minimum=minimum, **kw)


def number(name: str, minimum: float | None = 0, **kw: Any) -> Field:
    return Field(name, FieldType.NUMBER, minimum=minimum, **kw)


def amount(name: str, minimum: float | None = 0, **kw: Any) -> Field:
    """An amount of money: read as money is written, in the sheet's currency, to the cent."""
    return Field(name, FieldType.NUMBER, minimum=minimum, money=True, **kw)


def flag(name: str, **kw: Any) -> Field:
    return Field(name, FieldType.BOOLEAN, **kw)


def choice(name: str, choices: tuple[str, ...], **kw: Any) -> Field:
    return Field(name, FieldType.ENUM, choices=choices, **kw)


def read_only(name: str, type_: FieldType = FieldType.STRING) -> Field:
    return Field(name, type_, read_only=True)


def writes(privilege: str, methods: str = "POST PUT PATCH DELETE") -> dict[str, str]:
    return dict.fromkeys(methods.split(), privilege)
