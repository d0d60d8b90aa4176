"""The API resource by resource, for a script's own requests, kept to an import's rules.

Every call goes through the requester (the rate is never exceeded, over-limit answers slow
it down, transient failures are retried with backoff) and every write through the one
write path (runner/write.py): a create whose answer was lost is looked up by its natural key
before it is ever sent again. A fatal answer (401, the daily quota, an unknown key) raises
StopRun at once, and for every later call. `bulkspot.open_client` makes one.

The typed signatures, per kind (its resource, ids and body), are `ClientSurface`'s, written
from the registry into bulkspot/types.py; the methods here do the work.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from bulkspot.core.apipath import Address, next_link
from bulkspot.core.operation import OnExisting
from bulkspot.core.resources import EVENT, ResourceSpec, spec_for
from bulkspot.core.write_rules import natural_key_of
from bulkspot.errors import NotFoundError, StopRun, UsageError
from bulkspot.runner.lookup import KeyIndex
from bulkspot.runner.reads import read_resource
from bulkspot.runner.retry import Requester
from bulkspot.runner.targets import holding_for_ensure
from bulkspot.runner.write import Writer
from bulkspot.runner.written import Ids, Resource, Written
from bulkspot.types import ClientSurface, Event, Kind

Body = Mapping[str, Any]


class Client(ClientSurface):
    """create / get / find / list / update / delete / ensure per resource kind, an index of
    a collection by natural key, and an event's status.

    `kind` is singular ("event", "fee", "item", "attribute", "promocode", ...). `ids` are
    the path ids of the resource's collection: {} for events, {"event_id": ...} for fees,
    items and promocodes, and "item_id" too for attributes. `get`, `find`, `create`,
    `update` and `ensure` return whole resources; a list of events gives summaries
    (`bulkspot.types.EventSummary`: GET an event for the whole of it).

    Raises: `bulkspot.TransferError` (ConflictError, NotFoundError, ApiError, ...) when a
    request fails for good, once its retries are spent; `bulkspot.StopRun` when nothing more
    can succeed (a bad token, an unknown key, the daily quota), for that call and every later
    one; `bulkspot.UsageError` for what the call itself gets wrong: an unknown kind
    (UnknownKindError), ids without the ones the kind needs, a kind without a natural key
    where one is needed.
    """

    def __init__(self, requester: Requester, *, account: str | None = None) -> None:
        self._requester = requester
        self._account = account  # runner/targets.py: ensure's lock; None: no lock
        self._writer = Writer(requester, look_first=False)
        self._index: KeyIndex = self._writer.index  # natural key -> id, kept current
        self._ensurer = Writer(requester, self._index, look_first=True)

    @property
    def requests(self) -> int:
        """Requests sent so far."""
        return self._requester.requests

    async def _get(self, kind: str, ids: Ids, resource_id: str) -> Resource:
        spec = spec_with_ids(kind, ids)
        with self._stopping():
            return await read_resource(self._requester, spec.item_url(ids, resource_id))

    async def _iterate(
        self, kind: str, ids: Ids, *, limit: int | None = None
    ) -> AsyncIterator[Any]:
        spec = spec_with_ids(kind, ids)
        path: Address | None = spec.collection_url(ids)
        if spec.paged and limit:
            path = spec.collection_url(ids).with_query(limit=limit)
        while path is not None:
            with self._stopping():
                body = (await self._requester.send("GET", path)).body
            if isinstance(body, list):  # fees, items, attributes, promocodes: never paged
                for resource in body:
                    yield resource
                return
            body = body if isinstance(body, dict) else {}
            for resource in body.get("results") or []:
                yield resource
            path = next_link(body, path)

    async def index(self, kind: Kind, ids: Ids) -> Mapping[str, str]:
        """The collection's ids by natural key (name, label, code_name): read once, then
        kept current by this client's creates and look-ups. A live, read-only view.
        Raises UsageError for a kind without a natural key."""
        keyed(spec_with_ids(kind, ids))
        with self._stopping():
            await self._index.find(kind, ids, "")  # reads the collection once
        return self._index.view(kind, ids)

    async def _find(self, kind: str, ids: Ids, natural_key: str) -> Any:
        keyed(spec_with_ids(kind, ids))
        fresher_than: float | None = None
        for _ in range(2):  # a second, fresh read when the one kept is out of date
            with self._stopping():
                found = await self._index.find(kind, ids, natural_key, fresher_than=fresher_than)
            if found is None:
                return None
            try:
                return await self._get(kind, ids, found)
            except NotFoundError:  # deleted since the collection was read
                fresher_than = time.monotonic()
        return None

    async def _create(self, kind: str, ids: Ids, body: Body) -> Any:
        spec = spec_with_ids(kind, ids)
        with self._stopping():
            written = await self._writer.create(spec, ids, dict(body), on_existing=OnExisting.FAIL)
        resource = self._resource(written)
        return await self._whole(kind, ids, written, resource)

    async def _update(self, kind: str, ids: Ids, resource_id: str, changes: Body) -> Any:
        spec = spec_with_ids(kind, ids)
        with self._stopping():
            written = await self._writer.update(spec, ids, resource_id, changes)
        return self._resource(written) or await self._get(kind, ids, resource_id)

    async def _ensure(self, kind: str, ids: Ids, body: Body, on_existing: OnExisting) -> Any:
        """`ensure` (its docstring is ClientSurface's). CREATED with the ownership rule of
        imports. Another writer ensuring the same name at once: for a kind the API keeps
        unique its 409 hands this call the other's (EXISTS); for events the name is looked up
        again just after the create and the elder of the two is returned to both (EXISTS for
        the later, whose own double is cancelled; see runner/adopt.py). Another process on
        this machine ensuring the same name at once (a migration script started twice) is
        kept out altogether: the look-up and the create happen under the target's lock, and
        the look-up reads the collection afresh once the lock is held, so the two end with
        one resource; a call waits up to 30 seconds for a lock another run holds, then raises
        TargetBusyError naming it. Raises UsageError for a kind without a natural key or a
        body without one."""
        spec = keyed(spec_with_ids(kind, ids))
        natural = natural_key_of(spec, body)
        if natural is None:
            raise UsageError(f"ensure needs the {kind}'s {spec.natural_key}")
        with self._stopping():
            async with holding_for_ensure(self._account, kind, ids) as taken:
                if taken is not None:  # what another writer made before we held the lock
                    await self._index.find(spec.kind, ids, natural, fresher_than=taken)
                written = await self._ensurer.create(spec, ids, dict(body), on_existing=on_existing)
            resource = self._resource(written)
            found = written.outcome.resource_id
            if not resource and found:  # one that exists: whole in the read that found it
                resource = await self._index.held(kind, ids, str(found), read=False)
        return await self._whole(kind, ids, written, resource), written.outcome.status

    async def delete(self, kind: Kind, ids: Ids, resource_id: str) -> None:
        """DELETE, retried. Raises NotFoundError when it was not there to begin with."""
        spec = spec_with_ids(kind, ids)
        with self._stopping():
            self._resource(await self._writer.delete(spec, ids, resource_id))
        self._index.forget(kind, ids, resource_id)

    async def set_event_status(self, event_id: str, status: str) -> Event:
        """PATCH an event's status: ACTIVE publishes it, CANCELLED cancels it. Raises
        TransferError when the API refuses it."""
        with self._stopping():
            written = await self._writer.set_status(EVENT, {}, event_id, status)
        return self._resource(written) or {}  # type: ignore[return-value]

    async def publish_event(self, event_id: str) -> Event:
        """Raises as `set_event_status`."""
        return await self.set_event_status(event_id, "ACTIVE")

    async def cancel_event(self, event_id: str) -> Event:
        """Raises as `set_event_status`."""
        return await self.set_event_status(event_id, "CANCELLED")

    async def _whole(
        self, kind: str, ids: Ids, written: Written, resource: Resource | None
    ) -> Resource:
        """The whole resource a write ended with: its answer, or a GET when it had none."""
        if resource:
            return resource
        return await self._get(kind, ids, str(written.outcome.resource_id))

    @staticmethod
    def _resource(written: Written) -> Resource | None:
        if written.error is not None:
            raise written.error
        return written.resource

    @contextmanager
    def _stopping(self) -> Iterator[None]:
        """A StopRun stops every later call too."""
        try:
            yield
        except StopRun as stop:
            self._requester.stop.set(stop.reason, stop.resume_hint)
            raise


def spec_with_ids(kind: str, ids: Ids) -> ResourceSpec:
    """The kind's spec, once `ids` holds every path id its collection needs: a misspelt key
    is said in the caller's terms, not as a KeyError from deep in a URL template."""
    spec = spec_for(kind)
    missing = [name for name in spec.path_ids if name not in ids]
    if missing:
        needed = ", ".join(spec.path_ids)
        given = ", ".join(sorted(ids)) or "none"
        raise UsageError(f"{spec.kind} ids are {needed}; given: {given}")
    return spec


def keyed(spec: ResourceSpec) -> ResourceSpec:
    """`spec`, when its kind has a natural key to look a resource up by."""
    if spec.natural_key is None:
        raise UsageError(f"a {spec.kind} has no natural key to look it up by")
    return spec
