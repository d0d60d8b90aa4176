"""Finding resources by natural key: the basis of "no create is ever repeated blindly".

The API has no idempotency keys, but every resource bulkspot creates has a natural key (an
item's name in its event, a promocode's code_name, a fee's label, an attribute's name in its
item). Fees, items, attributes and promocodes come back as whole bare arrays, so one GET reads
a collection; it is cached per run and read again only when a question needs a fresher
answer than the cache holds ("did my request that started at t create it?" needs a read
that started after t). Concurrent questions about one collection share one read.

A kind whose natural key is scoped by a body field (`ResourceSpec.key_scope`: a folder's
name is unique per `parent_id`) lives in one collection for every scope: one read indexes
every entry by (its scope's value, its natural key), so a tree of folders costs one read.

A kind the API does not keep unique (events) may hold a name twice: the index keeps every
resource of a name (core/twins.py) and answers the eldest live one, the one every writer
keeps. After its first read of a paged collection, a fresher answer asks only for what
changed since the latest date that read showed (`modified_since`): one page, not the account.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import anyio

from bulkspot.core.apipath import Address, ApiPath
from bulkspot.core.resources import ResourceSpec, spec_for
from bulkspot.core.twins import Twin, changed_since, eldest, last_change, twin_of
from bulkspot.errors import BadRequestError
from bulkspot.runner.reads import read_page
from bulkspot.runner.retry import Requester
from bulkspot.runner.scoped_keys import KeysView, scope_key


@dataclass(slots=True)
class _Collection:
    ids: dict[str, str] = field(default_factory=dict)  # natural key -> id
    read_at: float = -1.0  # when the last read started (monotonic); -1: never read
    reading: anyio.Event | None = None
    read_started: float = -1.0
    twins: dict[str, dict[str, Twin]] = field(default_factory=dict)  # non-unique kinds
    changed: datetime | None = None  # the latest date a read showed (non-unique kinds)
    whole_only: bool = False  # the API refused a read of what changed since
    live: set[str] | None = None  # the ids in `ids`, made when asked (holds), dropped on change
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> as read (held)


CollectionKey = tuple[str, tuple[tuple[str, str], ...]]


class KeyIndex:
    """Natural key -> id, per collection, read from the API on demand."""

    def __init__(self, requester: Requester) -> None:
        self.requester = requester
        self._collections: dict[CollectionKey, _Collection] = {}

    @staticmethod
    def _key(kind: str, scope: Mapping[str, str]) -> CollectionKey:
        return kind, tuple(sorted(scope.items()))

    def _collection(self, kind: str, scope: Mapping[str, str]) -> _Collection:
        key = self._key(kind, scope)
        found = self._collections.get(key)  # asked a row: make one only when it is missing
        if found is None:
            found = self._collections[key] = _Collection()
        return found

    @staticmethod
    def _scoped(kind: str, scope: Mapping[str, str], value: str) -> tuple[Mapping[str, str], str]:
        """The collection's path ids and the index key of `value`: for a kind whose key is
        scoped by a body field, the field leaves the path ids and joins the key."""
        field = spec_for(kind).key_scope
        if field is None:
            return scope, value
        return {k: v for k, v in scope.items() if k != field}, scope_key(scope.get(field), value)

    async def find(
        self, kind: str, scope: Mapping[str, str], value: str, *, fresher_than: float | None = None
    ) -> str | None:
        """The id of the resource whose natural key is `value`, or None.

        `fresher_than` (a time.monotonic() reading): the answer must come from a read that
        started after it. Without it, any read of this run will do.
        """
        scope, value = self._scoped(kind, scope, value)
        collection = self._collection(kind, scope)
        need = fresher_than if fresher_than is not None else 0.0
        while collection.read_at < need:
            if collection.reading is not None and collection.read_started >= need:
                await collection.reading.wait()  # a read fresh enough is on its way
                continue
            if collection.reading is not None:
                await collection.reading.wait()  # too old for us; wait, then read again
                continue
            await self._read(kind, scope, collection)
        return collection.ids.get(value)

    async def holds(self, kind: str, scope: Mapping[str, str], resource_id: str) -> bool:
        """Whether the collection has the resource `resource_id` (--verify), from the run's
        one read of it (and what this run made since)."""
        path_ids, _ = self._scoped(kind, scope, "")
        collection = self._collection(kind, path_ids)
        await self._read_once(kind, path_ids, collection)
        if collection.live is None:
            collection.live = set(collection.ids.values())
        return resource_id in collection.live

    async def held(
        self, kind: str, scope: Mapping[str, str], resource_id: str, *, read: bool
    ) -> dict[str, Any] | None:
        """The resource as this run's read of its collection holds it, when that read lists
        whole resources and this run has not written it since: an unchanged row needs no GET
        of its own. None: ask the resource itself (a summarised or paged collection, a total
        the run's own children change, a resource the read did not show). `read`: read the
        collection when this run has not yet (else only a read already made answers)."""
        spec = spec_for(kind)
        if spec.summarised or spec.totals or spec.key_scope or not spec.unique_key:
            return None
        if spec.paged:  # a read of many pages would cost more than the rows' own GETs
            return None
        if spec.natural_key is None:
            return None
        collection = self._collection(kind, scope)
        if read:
            await self._read_once(kind, scope, collection)
        entry = collection.entries.get(resource_id)
        return copy.deepcopy(entry) if entry is not None else None  # the caller's to change

    async def read(self, kind: str, scope: Mapping[str, str]) -> None:
        """Read the collection unless this run has: the run's first read, made before any
        row is sent (runner/checks.py), is the one its rows' look-ups then use."""
        path_ids, _ = self._scoped(kind, scope, "")
        await self._read_once(kind, path_ids, self._collection(kind, path_ids))

    async def _read_once(self, kind: str, scope: Mapping[str, str], coll: _Collection) -> None:
        while coll.read_at < 0.0:
            if coll.reading is not None:
                await coll.reading.wait()
                continue
            await self._read(kind, scope, coll)

    def written(self, kind: str, scope: Mapping[str, str], resource_id: str) -> None:
        """The resource changed since the collection was read: `held` no longer answers."""
        path_ids, _ = self._scoped(kind, scope, "")
        self._collection(kind, path_ids).entries.pop(resource_id, None)

    def add(
        self,
        kind: str,
        scope: Mapping[str, str],
        value: str | None,
        resource_id: str,
        entry: Mapping[str, Any] | None = None,
    ) -> None:
        """Remember a resource this run created or found (`entry`: the API's answer)."""
        if value is None:
            return
        scope, value = self._scoped(kind, scope, value)
        collection = self._collection(kind, scope)
        collection.live = None
        if spec_for(kind).unique_key:
            collection.ids[value] = resource_id
            return
        named = collection.twins.setdefault(value, {})
        if entry is not None or resource_id not in named:
            named[resource_id] = twin_of({**(entry or {}), "id": resource_id})
        _keep_eldest(collection, value)

    def twins(self, kind: str, scope: Mapping[str, str], value: str) -> tuple[Twin, ...]:
        """Every resource of a non-unique kind named `value` this index knows, live or not."""
        scope, value = self._scoped(kind, scope, value)
        return tuple(self._collection(kind, scope).twins.get(value, {}).values())

    def forget(self, kind: str, scope: Mapping[str, str], resource_id: str) -> None:
        """A resource deleted: its natural key is free again."""
        scope, _ = self._scoped(kind, scope, "")
        collection = self._collection(kind, scope)
        collection.entries.pop(resource_id, None)
        for key in [k for k, v in collection.ids.items() if v == resource_id]:
            del collection.ids[key]
        for key, named in collection.twins.items():
            if named.pop(resource_id, None) is not None:
                _keep_eldest(collection, key)
        collection.live = None

    def all_named(self, kind: str, scope: Mapping[str, str], value: str) -> list[str]:
        """Every id the last read found with the natural key `value`: several for a kind the
        API does not keep unique (events), or the one kept."""
        scope, value = self._scoped(kind, scope, value)
        collection = self._collection(kind, scope)
        if not spec_for(kind).unique_key:
            return [twin.id for twin in collection.twins.get(value, {}).values() if twin.live]
        one = collection.ids.get(value)
        return [one] if one is not None else []

    def view(self, kind: str, scope: Mapping[str, str]) -> Mapping[str, str]:
        """The collection's natural key -> id as read and kept since: a live, read-only
        view (a kind scoped by a body field: the keys in the scope's value `scope` names)."""
        path_ids, prefix = self._scoped(kind, scope, "")
        ids = self._collection(kind, path_ids).ids
        return KeysView(ids, prefix) if spec_for(kind).key_scope else KeysView(ids, None)

    def names_read(self, kind: str, scope: Mapping[str, str]) -> list[str] | None:
        """The natural keys the collection held when this run read it (and what the run
        added since); None when the run has not read it."""
        collection = self._collection(kind, self._scoped(kind, scope, "")[0])
        return list(collection.ids) if collection.read_at >= 0.0 else None

    def known_empty(self, kind: str, scope: Mapping[str, str]) -> None:
        """A collection under a parent this run just created: empty, no read needed."""
        collection = self._collection(kind, scope)
        collection.read_at = max(collection.read_at, time.monotonic())

    async def _read(self, kind: str, scope: Mapping[str, str], collection: _Collection) -> None:
        spec = spec_for(kind)
        key_field, scope_field = spec.natural_key, spec.key_scope
        if key_field is None:
            raise ValueError(f"{kind} has no natural key to look up")
        done = collection.reading = anyio.Event()
        started = collection.read_started = time.monotonic()
        try:
            ids: dict[str, str] = {}
            read: list[dict[str, Any]] = []
            path: Address | None = _first_page(spec, scope, collection)
            while path is not None:
                try:
                    entries, path = await read_page(self.requester, path)
                except BadRequestError:
                    if collection.changed is None:
                        raise
                    collection.changed = None  # no `modified_since` here: whole reads then
                    collection.whole_only = True
                    path = _first_page(spec, scope, collection)
                    continue
                for entry in entries:
                    if isinstance(entry, dict) and entry.get(key_field) is not None:
                        key = str(entry[key_field])
                        if scope_field is not None:
                            key = scope_key(entry.get(scope_field), key)
                        ids[key] = str(entry.get("id"))
                        read.append(entry)
            if spec.unique_key:
                collection.ids.update(ids)  # keeps what this run added while the read was out
                collection.entries.update((str(e.get("id")), e) for e in read)
            else:
                _add_twins(collection, str(key_field), read)
            collection.live = None
            collection.read_at = started
        finally:
            collection.reading = None
            done.set()


def _first_page(spec: ResourceSpec, scope: Mapping[str, str], collection: _Collection) -> ApiPath:
    """The first page to read: the whole collection, or (a non-unique paged kind read
    before) only what changed since the latest date the earlier reads showed."""
    query: dict[str, str] = {"limit": str(spec.largest_page)} if spec.paged else {}
    if spec.paged and not spec.unique_key and collection.changed is not None:
        query["modified_since"] = changed_since(collection.changed)
    return spec.collection_url(scope).with_query(**query)


def _add_twins(collection: _Collection, key_field: str, entries: list[dict[str, Any]]) -> None:
    """A read of a non-unique kind: every resource of each name, and the eldest live one's
    id as the name's (a read of what changed since leaves the names it does not show)."""
    for entry in entries:
        twin = twin_of(entry)
        collection.twins.setdefault(str(entry[key_field]), {})[twin.id] = twin
    for name in {str(entry[key_field]) for entry in entries}:
        _keep_eldest(collection, name)
    latest = last_change(entries)
    if collection.whole_only:
        return
    if latest is not None and (collection.changed is None or latest > collection.changed):
        collection.changed = latest


def _keep_eldest(collection: _Collection, name: str) -> None:
    kept = eldest(collection.twins.get(name, {}).values())
    if kept is None:
        collection.ids.pop(name, None)
    else:
        collection.ids[name] = kept.id
