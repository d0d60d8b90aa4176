"""The registry of the API's resources: every module that needs to know the kinds asks here.

The kinds are declared as data in `bulkspot.core.kinds` (one module a family, each listing
its `SPECS`) with the types of `bulkspot.core.spec`; this module gathers every module there
and registers what it declares, and answers questions about the tree: which kinds a sheet can
make, a kind's children, the order undo removes them in, which kind a request path names. A
new kind is one `register(spec)` (a test registers its own) or one module in core/kinds.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from types import ModuleType

from bulkspot.core import kinds
from bulkspot.core.kinds.campaigns import CAMPAIGN, SCHEDULE, SCHEDULE_LEAD_MINUTES
from bulkspot.core.kinds.eventspot import CURRENCIES, EVENT, FEE
from bulkspot.core.kinds.library import CONTACT_LIST, FILE, FOLDER, MAX_FOLDER_LEVEL, NO_PARENT
from bulkspot.core.kinds.sales import ATTRIBUTE, CODE_NAME, ITEM, PROMOCODE, REGISTRANT
from bulkspot.core.spec import Field, FieldType, Problem, ResourceSpec, SheetSpec, Total
from bulkspot.errors import UnknownKindError

__all__ = [
    "ATTRIBUTE", "CAMPAIGN", "CODE_NAME", "CONTACT_LIST", "CURRENCIES", "EVENT", "FEE", "FILE",
    "FOLDER", "ITEM", "MAX_FOLDER_LEVEL", "NO_PARENT", "PROMOCODE", "REGISTRANT", "RESOURCES",
    "SCHEDULE", "SCHEDULE_LEAD_MINUTES", "WRITABLE_KINDS", "Field", "FieldType", "Problem",
    "ResourceSpec", "SheetSpec", "Total", "children_of", "declared_specs", "id_kinds",
    "id_problem", "importable_kinds", "is_needed_by_others", "register", "removal_phases",
    "spec_for", "spec_for_path", "under_event", "unregister",
]  # fmt: skip

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


def declared_specs() -> tuple[ResourceSpec, ...]:
    """Every spec the modules of `bulkspot.core.kinds` declare (their `SPECS`), the modules
    in their `REGISTRY_PLACE` order (a family after the ones its kinds name), a module without
    one last: adding a kind is adding to, or adding, one module there."""
    modules: list[ModuleType] = [
        importlib.import_module(f"{kinds.__name__}.{info.name}")
        for info in pkgutil.iter_modules(kinds.__path__)
    ]
    last = len(modules) + 1
    modules.sort(key=lambda module: (getattr(module, "REGISTRY_PLACE", last), module.__name__))
    return tuple(spec for module in modules for spec in getattr(module, "SPECS", ()))


for _spec in declared_specs():
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
    return spec.kind != kind and spec.kind == EVENT.kind


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
        raise UnknownKindError(unknown_kind_message(kind))
    return found


def unknown_kind_message(kind: str) -> str:
    """What an unknown kind is told: the closest known name, and all of them."""
    names = [*_REGISTRY, *(s.plural for s in _REGISTRY.values())]
    close = difflib.get_close_matches(kind.lower(), names, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown resource kind {kind!r}{hint}; the kinds are {', '.join(_REGISTRY)}"


def id_problem(kind: str, value: object) -> str | None:
    """Why `value` is no id of `kind` (a whole message quoting it), or None: the one check
    of an id from a cell or an option before it goes into a path or a body."""
    spec = spec_for(kind)
    return spec.id_shape.problem(value, spec.kind)


def id_kinds(kind: str) -> dict[str, str]:
    """Every id a `kind` request or body carries -> the kind it is an id of, as the registry
    declares them: its own `id`, its path ids (`event_id`, `item_id`), its body ids
    (`parent_id`, `folder_id`) and its references (`fee_ids`)."""
    spec = spec_for(kind)
    chain: list[str] = []
    parent = spec.parent
    while parent is not None:
        chain.insert(0, parent)
        parent = spec_for(parent).parent
    return {
        "id": spec.kind,
        **dict(zip(spec.path_ids, chain, strict=True)),
        **spec.body_ids,
        **spec.references,
    }


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
