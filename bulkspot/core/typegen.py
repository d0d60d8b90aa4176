"""bulkspot/types.py, written from the registry: the `Kind` literal, one TypedDict per kind
(its fields and their types as the spec declares them), the path ids each kind needs, and the
client's signatures per kind, so a script checked by mypy sees a misspelt field, a wrong kind
or a wrong id key. Generated, not restated by hand: tests/test_typegen.py holds the file to
`render()`, and `python -m bulkspot.core.typegen` writes it again after a kind changes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

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
LINE = 100  # ruff's line-length
TARGET = Path(__file__).resolve().parents[1] / "types.py"

HEADER = '''\
"""The shapes of the API's resources and the client's signatures, for scripts checked by mypy.

GENERATED from the registry by `python -m bulkspot.core.typegen`: do not edit (a test holds
this file to the specs). `Kind` names the resource kinds; one `TypedDict` per resource, every
field optional (total=False): the API leaves out what is not set, and a body a script builds
holds only what it sends, so a misspelt field is an error. The `...Ids` are the path ids a
kind's collection needs. A list of events answers summaries (`EventSummary`): GET one event
for the whole of it; every other list answers whole resources.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any, Literal, TypedDict, overload

from bulkspot.core.operation import OnExisting
from bulkspot.core.outcome import Status
'''

SURFACE_DOC = '''\
class ClientSurface:
    """The typed face of `bulkspot.Client`: each method's kinds, ids, bodies and answers;
    the work is the Client's (runner/client.py), in the methods named with a `_`."""

    async def _get(self, kind: str, ids: Mapping[str, str], resource_id: str) -> Any:
        raise NotImplementedError

    def _iterate(
        self, kind: str, ids: Mapping[str, str], *, limit: int | None = None
    ) -> AsyncIterator[Any]:
        raise NotImplementedError

    async def _find(self, kind: str, ids: Mapping[str, str], natural_key: str) -> Any:
        raise NotImplementedError

    async def _create(self, kind: str, ids: Mapping[str, str], body: Mapping[str, Any]) -> Any:
        raise NotImplementedError

    async def _update(
        self, kind: str, ids: Mapping[str, str], resource_id: str, changes: Mapping[str, Any]
    ) -> Any:
        raise NotImplementedError

    async def _ensure(
        self, kind: str, ids: Mapping[str, str], body: Mapping[str, Any], on_existing: OnExisting
    ) -> Any:
        raise NotImplementedError
'''

# method: (its parameters, `;` between them; its answer; the call; its docstring)
METHODS: tuple[tuple[str, str, str, str, str], ...] = (
    ("async def get", "resource_id: str", "{R}",
     "return await self._get(kind, ids, resource_id)",
     "The whole resource. Raises NotFoundError when there is none with that id."),
    ("def iterate", "*; limit: int | None = None", "AsyncIterator[{L}]",
     "return self._iterate(kind, ids, limit=limit)",
     "Every resource of the collection: bare arrays as they are, paged ones followed\n"
     "        (`limit`: the page size). Events come as summaries."),
    ("async def list", "*; limit: int | None = None", "list[{L}]",
     "return [resource async for resource in self._iterate(kind, ids, limit=limit)]",
     "The whole collection (events as summaries)."),
    ("async def find", "natural_key: str", "{R} | None",
     "return await self._find(kind, ids, natural_key)",
     "The whole resource whose natural key (name, label, code_name) is given, or None.\n"
     "        The collection is read once per client, not per call."),
    ("async def create", "body: {R}", "{R}",
     "return await self._create(kind, ids, body)",
     "POST the resource; the whole resource made. When the answer is lost the resource\n"
     "        is looked up by its natural key before it is sent again, and counts as made by\n"
     "        this call only if it holds every field sent. Raises ConflictError when the key is\n"
     "        in use by a resource this call did not make."),
    ("async def update", "resource_id: str; changes: {R}", "{R}",
     "return await self._update(kind, ids, resource_id, changes)",
     "Change the fields given and keep the rest: the API's PUT clears whatever it is not\n"
     "        sent, so the resource is read first and sent back whole. Raises NotFoundError\n"
     "        when there is no such resource."),
    ("async def ensure", "body: {R}; *; on_existing: OnExisting = ...", "tuple[{R}, Status]",
     "return await self._ensure(kind, ids, body, on_existing)",
     "The resource named by `body`'s natural key, made when missing: safe to call again.\n"
     "        One already there is kept (SKIP, its status EXISTS), updated with `body` (UPDATE:\n"
     "        UPDATED or UNCHANGED) or refused (FAIL: ConflictError). Returns the whole\n"
     "        resource and its Status (CREATED when this call made it)."),
)  # fmt: skip
KEYED = {"find", "ensure"}  # only for kinds with a natural key
IMPLEMENTATION_PARAMS = {
    "get": "resource_id: str",
    "iterate": "*; limit: int | None = None",
    "list": "*; limit: int | None = None",
    "find": "natural_key: str",
    "create": "body: Any",
    "update": "resource_id: str; changes: Any",
    "ensure": "body: Any; *; on_existing: OnExisting = OnExisting.SKIP",
}


def class_name(kind: str) -> str:
    return CLASS_NAMES.get(kind) or "".join(part.capitalize() for part in kind.split("_"))


def ids_name(spec: ResourceSpec) -> str:
    """`EventIds` for {"event_id"}, `ItemIds` for {"event_id", "item_id"}, `NoIds` for none."""
    if not spec.path_ids:
        return "NoIds"
    return class_name(spec.path_ids[-1].removesuffix("_id")) + "Ids"


class _Writer:
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
            self.blocks.append(_typed_dict(name, "TypedDict", lines))
            return
        briefly = [line for line in lines if line[0] in summary]
        self.blocks.append(_typed_dict(f"{name}Summary", "TypedDict", briefly))
        rest = [line for line in lines if line[0] not in summary]
        self.blocks.append(_typed_dict(name, f"{name}Summary", rest))


def _typed_dict(name: str, base: str, lines: Iterable[tuple[str, str]]) -> str:
    body = "\n".join(f"    {field}: {annotation}" for field, annotation in lines) or "    pass"
    return f"class {name}({base}, total=False):\n{body}"


def _ids_classes(specs: Iterable[ResourceSpec]) -> list[str]:
    found: dict[str, tuple[str, ...]] = {}
    for spec in specs:
        found.setdefault(ids_name(spec), spec.path_ids)
    return [
        f"class {name}(TypedDict):\n"
        + ("\n".join(f"    {path_id}: str" for path_id in path_ids) or "    pass")
        for name, path_ids in found.items()
    ]


def _signature(head: str, params: list[str], tail: str, indent: str = "    ") -> str:
    """A def as ruff formats it: on one line, else its parameters on one line of their own,
    else one a line."""
    one = f"{indent}{head}({', '.join(params)}){tail}"
    if len(one) <= LINE:
        return one
    inner = f"{indent}    {', '.join(params)}"
    if len(inner) <= LINE:
        return f"{indent}{head}(\n{inner}\n{indent}){tail}"
    exploded = "".join(f"{indent}    {param},\n" for param in params)
    return f"{indent}{head}(\n{exploded}{indent}){tail}"


def _surface(specs: list[ResourceSpec]) -> str:
    parts = [SURFACE_DOC]
    for head, params, answer, call, doc in METHODS:
        method = head.split()[-1]
        for spec in specs:
            if method in KEYED and spec.natural_key is None:
                continue
            name = class_name(spec.kind)
            listed = f"{name}Summary" if spec.kind in SUMMARIES else name
            given = [
                "self",
                f'kind: Literal["{spec.kind}"]',
                f"ids: {ids_name(spec)}",
                *params.format(R=name).split("; "),
            ]
            returns = answer.format(R=name, L=listed)
            parts.append("    @overload\n" + _signature(head, given, f" -> {returns}: ..."))
        given = [
            "self",
            "kind: str",
            "ids: Any",  # TypedDicts: no Mapping[str, str]
            *IMPLEMENTATION_PARAMS[method].split("; "),
        ]
        parts.append(
            _signature(head, given, " -> Any:") + f'\n        """{doc}"""\n        {call}\n'
        )
    return "\n".join(parts)


def _listed(head: str, items: Iterable[str]) -> str:
    """`head[` or `head{`, one item a line, closed."""
    close = {"[": "]", "{": "}"}[head[-1]]
    return head + "\n" + "".join(f"    {item},\n" for item in items) + close


def _writable(specs: list[ResourceSpec]) -> str:
    parts = [
        "@overload\n"
        + _signature(
            "def writable",
            [f'kind: Literal["{spec.kind}"]', "resource: Mapping[str, Any]"],
            f" -> {class_name(spec.kind)}: ...",
            indent="",
        )
        for spec in specs
    ]
    parts.append(
        "def writable(kind: str, resource: Mapping[str, Any]) -> Any:\n"
        '    """`resource` without its read-only fields (id, dates, counts, an item\'s\n'
        "    attributes): what a PUT must send to keep it as it is, or a create to copy it.\n"
        '    Raises UnknownKindError for an unknown kind."""\n'
        "    from bulkspot.core.resources import spec_for\n\n"
        "    return spec_for(kind).writable_body(resource)\n"
    )
    return "\n\n\n".join(parts)


def render() -> str:
    """The text of bulkspot/types.py for the kinds registered now."""
    specs = list(RESOURCES.values())
    writer = _Writer()
    for spec in specs:
        writer.resource(spec)
    sections = [
        HEADER + "\n" + _listed("Kind = Literal[", (f'"{spec.kind}"' for spec in specs)),
        *writer.blocks,
        *_ids_classes(specs),
        _listed(
            "RESOURCE_TYPES: dict[str, type] = {",
            (f'"{spec.kind}": {class_name(spec.kind)}' for spec in specs),
        ),
        _listed(
            "PATH_IDS: dict[str, type] = {", (f'"{spec.kind}": {ids_name(spec)}' for spec in specs)
        ),
        _writable(specs),
        _surface(specs),
    ]
    return "\n\n\n".join(section.strip("\n") for section in sections) + "\n"


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {TARGET.name}\n")
