"""The client's signatures per kind for bulkspot/types.py: `ClientSurface`, one `@overload` of
each method per kind (its kind literal, its ids class, its body and answer classes) over the
one implementation the Client has, and `writable`'s overloads the same way.
"""

from __future__ import annotations

from bulkspot.core.resources import ResourceSpec
from bulkspot.core.typegen_shapes import SUMMARIES, class_name, ids_name

LINE = 100  # ruff's line-length

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


def client_surface(specs: list[ResourceSpec]) -> str:
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


def writable_function(specs: list[ResourceSpec]) -> str:
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
