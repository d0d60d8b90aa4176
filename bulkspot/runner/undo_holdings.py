"""Read what hangs under the resources an undo is about to delete (core/holding.py says
why): one collection read per holder, or fewer. A holder whose own answer lists its
children (an item its attributes) is read with its siblings, one read per parent collection;
children that name their holder in their body (a folder's folders, its files) come from one
read of their collection for every holder at once; others (a campaign's schedules) from one
read under each holder. Nothing is written.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bulkspot.core.apipath import Address
from bulkspot.core.holding import Held, Hold, Node, held_by, holds
from bulkspot.core.operation import ByKey, OpKey
from bulkspot.core.resources import spec_for
from bulkspot.errors import NotFoundError, TransferError
from bulkspot.runner.lookup import KeyIndex
from bulkspot.runner.reads import read_page
from bulkspot.runner.retry import Requester
from bulkspot.runner.undo_plan import target_of
from bulkspot.sinks.journal import JournalEntry

Scope = tuple[tuple[str, str], ...]


@dataclass(slots=True)
class Holdings:
    """What the reads found: under each holder of the run's, and the ids of the run's
    resources (a cut-off create found by its natural key included)."""

    under: dict[Node, list[Held]] = field(default_factory=dict)
    unread: dict[Node, str] = field(default_factory=dict)  # holder -> why its read failed
    names: dict[Node, str] = field(default_factory=dict)
    ours: set[Node] = field(default_factory=set)
    found: dict[OpKey, str] = field(default_factory=dict)  # a cut-off create's id, found
    members: dict[Node, str] = field(default_factory=dict)  # holder -> "12 contacts"


@dataclass(frozen=True, slots=True)
class _Holder:
    node: Node
    scope: Mapping[str, str]  # the path ids of its collection (its own parent's ids)


async def read_holdings(entries: Iterable[JournalEntry], requester: Requester) -> Holdings:
    """What hangs under each resource of the run's that undo would delete and that can hold
    others; StopRun when the API stops every request."""
    found = Holdings()
    holders: dict[str, list[_Holder]] = {}
    cut_off: dict[tuple[str, str, str], OpKey] = {}  # (kind, holder id, name) -> key
    index = KeyIndex(requester)
    for entry in entries:
        target = target_of(entry)
        if target is None:
            continue
        spec = spec_for(entry.kind)
        scope = {k: v for k, v in entry.scope.items() if k in spec.path_ids}
        if isinstance(target, ByKey):
            for hold in held_by(entry.kind):
                link = entry.scope.get(hold.link) or ""
                cut_off[(entry.kind, link, target.value)] = entry.key
            if not spec.can_delete or not _holds_any(entry.kind):
                continue
            ident = await _find(index, entry.kind, dict(entry.scope), target.value)
            if ident is None:
                continue
            found.found[entry.key] = ident
        elif isinstance(target, str):
            ident = target
        else:
            continue
        node = (entry.kind, ident)
        found.ours.add(node)
        found.names[node] = entry.natural_key or ""
        if spec.can_delete and _holds_any(entry.kind):
            holders.setdefault(entry.kind, []).append(_Holder(node, scope))
    for kind, of_kind in holders.items():
        for hold in holds(kind):
            await _read(hold, kind, of_kind, requester, found)
        if spec_for(kind).members_count:
            await _members(kind, of_kind, requester, found)
    for node, under in found.under.items():  # a cut-off create of the run's, found under it
        for held in under:
            key = cut_off.get((held.kind, node[1], held.name))
            if key is not None:
                found.ours.add((held.kind, held.id))
                found.found.setdefault(key, held.id)
    return found


def _holds_any(kind: str) -> bool:
    """Whether deleting a resource of `kind` may take along what is not the run's."""
    return bool(holds(kind) or spec_for(kind).members_count)


async def _find(index: KeyIndex, kind: str, scope: dict[str, str], name: str) -> str | None:
    try:
        return await index.find(kind, scope, name)
    except TransferError:
        return None  # the delete's own look-up will say what is wrong


async def _read(
    hold: Hold, kind: str, holders: list[_Holder], requester: Requester, found: Holdings
) -> None:
    child = spec_for(hold.child)
    for holder in holders:
        found.under.setdefault(holder.node, [])
    if hold.in_path and hold.embedded is not None:
        rest = await _embedded(hold, kind, holders, requester, found)
    elif not hold.in_path:
        await _by_body(hold, holders, requester, found)
        return
    else:
        rest = holders
    for holder in rest:  # one read under each
        path = child.collection_url({**holder.scope, hold.link: holder.node[1]})
        try:
            resources = [r async for r in _collection(requester, path)]
        except NotFoundError:
            continue  # gone already: its delete says so
        except TransferError as error:
            found.unread[holder.node] = str(error)
            continue
        found.under[holder.node] += [_held(hold.child, r) for r in resources]


async def _embedded(
    hold: Hold, kind: str, holders: list[_Holder], requester: Requester, found: Holdings
) -> list[_Holder]:
    """Children listed in their holders' answers: one read of each holders' collection.
    The holders whose answer does not list them are returned, to be read one by one."""
    embedded = str(hold.embedded)
    rest: list[_Holder] = []
    async for group, listed in _holders_listed(kind, holders, requester, found):
        for holder in group:
            resource = listed.get(holder.node[1])
            children = resource.get(embedded) if resource is not None else []
            if isinstance(children, list):
                found.under[holder.node] += [
                    _held(hold.child, c) for c in children if isinstance(c, dict)
                ]
            else:
                rest.append(holder)
    return rest


async def _members(
    kind: str, holders: list[_Holder], requester: Requester, found: Holdings
) -> None:
    """What no run makes, counted in the holders' own answers (a list's contact_count):
    one read of their collection per parent. Deleting a list drops its contacts from it,
    and the run added none: a count above 0 is someone else's."""
    count_field = str(spec_for(kind).members_count)
    word = count_field.removesuffix("_count")
    async for group, listed in _holders_listed(kind, holders, requester, found):
        for holder in group:
            count = (listed.get(holder.node[1]) or {}).get(count_field)
            if isinstance(count, int) and count > 0:
                found.members[holder.node] = f"{count} {word if count == 1 else word + 's'}"


async def _holders_listed(
    kind: str, holders: list[_Holder], requester: Requester, found: Holdings
) -> AsyncIterator[tuple[list[_Holder], dict[str, Mapping[str, Any]]]]:
    """The holders grouped by their parent, each group with its collection read once (id ->
    resource). A group whose parent is gone is passed over (they went with it: each delete
    says so); one whose read failed is marked unread."""
    spec = spec_for(kind)
    by_scope: dict[Scope, list[_Holder]] = {}
    for holder in holders:
        by_scope.setdefault(tuple(sorted(holder.scope.items())), []).append(holder)
    for scope, group in by_scope.items():
        try:
            listed = {
                str(r.get("id")): r
                async for r in _collection(requester, spec.collection_url(dict(scope)))
            }
        except NotFoundError:
            continue
        except TransferError as error:
            for holder in group:
                found.unread[holder.node] = str(error)
            continue
        yield group, listed


async def _by_body(
    hold: Hold, holders: list[_Holder], requester: Requester, found: Holdings
) -> None:
    """Children that name their holder in their body: one read of their whole collection."""
    child = spec_for(hold.child)
    wanted = {holder.node[1]: holder.node for holder in holders}
    try:
        async for resource in _collection(requester, child.collection_url({})):
            holder = wanted.get(str(resource.get(hold.link)))
            if holder is not None:
                found.under[holder] += [_held(hold.child, resource)]
    except TransferError as error:
        for node in wanted.values():
            found.unread[node] = str(error)


def _held(kind: str, resource: Mapping[str, Any]) -> Held:
    key = spec_for(kind).natural_key
    name = resource.get(key) if key is not None else None
    return Held(kind, str(resource.get("id")), "" if name is None else str(name))


async def _collection(requester: Requester, path: Address) -> AsyncIterator[Mapping[str, Any]]:
    """Every resource of a collection: a bare array as it is, a paged one followed."""
    next_path: Address | None = path
    while next_path is not None:
        entries, next_path = await read_page(requester, next_path)
        for resource in entries:
            yield resource
