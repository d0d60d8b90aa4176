"""The resources' TypedDicts for bulkspot/types.py: one class per kind with its fields as the
spec types them (nested objects as classes of their own, one per distinct shape), a summary
class where a list answers summaries, and the `...Ids` classes of the path ids.

The few facts no spec holds live here, by kind: fields only answers carry, a field the API
answers null, the fields of a summary, a class name that would shadow a builtin.
"""

from __future__ import annotations

from collections.abc import Iterable

from bulkspot.core.resources import RESOURCES, ResourceSpec
from bulkspot.core.spec import Field, FieldType

# Fields an answer holds that no spec declares (the API answers them, nothing sends them).
ANSWER_ONLY: dict[str, tuple[tuple[str, str], ...]] = {
    "registrant": (
        ("sections", "list[dict[str, Any]]"),
        ("guests", "dict[str, Any]"),
        ("payment_summary", "dict[str, Any]"),
    ),
    "folder": (("children", "list[dict[str, Any]]"),),
}
NULLABLE = {("file", "folder_id")}  # a file at the top of the library answers null
# Kinds whose list answers summaries: the fields a summary holds (GET one for the whole).
SUMMARIES: dict[str, tuple[str, ...]] = {
    "event": (
        "id", "name", "title", "status", "type", "address", "description", "start_date",
        "end_date", "created_date", "time_zone_id", "is_checkin_available", "event_detail_url",
    ),
}  # fmt: skip
CLASS_NAMES = {"list": "ContactList"}  # `list` would shadow the builtin
SCALARS = {
    FieldType.STRING: "str", FieldType.DATETIME: "str", FieldType.ENUM: "str",
    FieldType.INTEGER: "int", FieldType.NUMBER: "float", FieldType.BOOLEAN: "bool",
    FieldType.STRING_LIST: "list[str]", FieldType.ENUM_LIST: "list[str]",
}  # fmt: skip


def class_name(kind: str) -> str:
    return CLASS_NAMES.get(kind) or "".join(part.capitalize() for part in kind.split("_"))


def ids_name(spec: ResourceSpec) -> str:
    """`EventIds` for {"event_id"}, `ItemIds` for {"event_id", "item_id"}, `NoIds` for none."""
    if not spec.path_ids:
        return "NoIds"
    return class_name(spec.path_ids[-1].removesuffix("_id")) + "Ids"


class ShapeWriter:
    """The classes of the file, nested objects first, one class per distinct shape."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.shapes: dict[tuple[str, ...], str] = {}

    def nested(self, field: Field) -> str:
        name = class_name(field.name)
        if field.type is FieldType.OBJECT_LIST:
            name = name.removesuffix("s")
        lines = [f"    {child.name}: {self.annotation(child)}" for child in field.children]
        shape = tuple(lines)
        if shape not in self.shapes:
            self.shapes[shape] = name
            self.blocks.append(f"class {name}(TypedDict, total=False):\n" + "\n".join(lines))
        return self.shapes[shape]

    def annotation(self, field: Field, kind: str = "") -> str:
        if field.type in (FieldType.OBJECT, FieldType.OBJECT_LIST) and not field.children:
            child = field.name.removesuffix("s")  # an item's attributes: whole attributes
            if child != field.name and child in RESOURCES:
                return f"list[{class_name(child)}]"
            return "dict[str, Any]" if field.type is FieldType.OBJECT else "list[dict[str, Any]]"
        if field.type in (FieldType.OBJECT, FieldType.OBJECT_LIST):
            name = self.nested(field)
            return name if field.type is FieldType.OBJECT else f"list[{name}]"
        scalar = SCALARS[field.type]
        return f"{scalar} | None" if (kind, field.name) in NULLABLE else scalar

    def resource(self, spec: ResourceSpec) -> None:
        lines = [(f.name, self.annotation(f, spec.kind)) for f in spec.fields]
        lines += ANSWER_ONLY.get(spec.kind, ())
        name = class_name(spec.kind)
        summary = SUMMARIES.get(spec.kind)
        if summary is None:
            self.blocks.append(typed_dict(name, "TypedDict", lines))
            return
        briefly = [line for line in lines if line[0] in summary]
        self.blocks.append(typed_dict(f"{name}Summary", "TypedDict", briefly))
        rest = [line for line in lines if line[0] not in summary]
        self.blocks.append(typed_dict(name, f"{name}Summary", rest))


def typed_dict(name: str, base: str, lines: Iterable[tuple[str, str]]) -> str:
    body = "\n".join(f"    {field}: {annotation}" for field, annotation in lines) or "    pass"
    return f"class {name}({base}, total=False):\n{body}"


def ids_classes(specs: Iterable[ResourceSpec]) -> list[str]:
    found: dict[str, tuple[str, ...]] = {}
    for spec in specs:
        found.setdefault(ids_name(spec), spec.path_ids)
    return [
        f"class {name}(TypedDict):\n"
        + ("\n".join(f"    {path_id}: str" for path_id in path_ids) or "    pass")
        for name, path_ids in found.items()
    ]
