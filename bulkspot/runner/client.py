# mypy: disable-error-code="overload-overlap"
# (each kind's overload narrows the `str` fallback, which serves kinds without a TypedDict)
"""The API resource by resource, for a script's own requests, kept to an import's rules.

Every call goes through the requester (the rate is never exceeded, over-limit answers slow
it down, transient failures are retried with backoff) and every write through the one
write path (runner/write.py): a create whose answer was lost is looked up by its natural key
before it is ever sent again. A fatal answer (401, the daily quota, an unknown key) raises
StopRun at once, and for every later call. `bulkspot.open_client` makes one.

The overloads type each kind's resource (bulkspot/types.py) for a script checked by mypy.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Literal, overload

from bulkspot.core.apipath import Address, next_link
from bulkspot.core.operation import OnExisting
from bulkspot.core.outcome import Status
from bulkspot.core.resources import spec_for
from bulkspot.core.write_rules import natural_key_of
from bulkspot.errors import NotFoundError, StopRun
from bulkspot.runner.lookup import KeyIndex
from bulkspot.runner.reads import read_resource
from bulkspot.runner.retry import Requester
from bulkspot.runner.write import Writer
from bulkspot.runner.written import Ids, Resource, Written
from bulkspot.types import Attribute, Event, EventSummary, Fee, Item, Promocode

Body = Mapping[str, Any]


class Client:
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
    one; KeyError for an unknown kind.
    """

    def __init__(self, requester: Requester) -> None:
        self._requester = requester
        self._writer = Writer(requester, look_first=False)
        self._index: KeyIndex = self._writer.index  # natural key -> id, kept current
        self._ensurer = Writer(requester, self._index, look_first=True)

    @property
    def requests(self) -> int:
        """Requests sent so far."""
        return self._requester.requests

    @overload
    async def get(self, kind: Literal["event"], ids: Ids, resource_id: str) -> Event: ...
    @overload
    async def get(self, kind: Literal["fee"], ids: Ids, resource_id: str) -> Fee: ...
    @overload
    async def get(self, kind: Literal["item"], ids: Ids, resource_id: str) -> Item: ...
    @overload
    async def get(self, kind: Literal["attribute"], ids: Ids, resource_id: str) -> Attribute: ...
    @overload
    async def get(self, kind: Literal["promocode"], ids: Ids, resource_id: str) -> Promocode: ...
    @overload
    async def get(self, kind: str, ids: Ids, resource_id: str) -> Resource: ...
    async def get(self, kind: str, ids: Ids, resource_id: str) -> Any:
        """The whole resource. Raises NotFoundError when there is none with that id."""
        with self._stopping():
            return await read_resource(self._requester, spec_for(kind).item_url(ids, resource_id))

    @overload
    def iterate(
        self, kind: Literal["event"], ids: Ids, *, limit: int | None = None
    ) -> AsyncIterator[EventSummary]: ...
    @overload
    def iterate(
        self, kind: Literal["fee"], ids: Ids, *, limit: int | None = None
    ) -> AsyncIterator[Fee]: ...
    @overload
    def iterate(
        self, kind: Literal["item"], ids: Ids, *, limit: int | None = None
    ) -> AsyncIterator[Item]: ...
    @overload
    def iterate(
        self, kind: Literal["attribute"], ids: Ids, *, limit: int | None = None
    ) -> AsyncIterator[Attribute]: ...
    @overload
    def iterate(
        self, kind: Literal["promocode"], ids: Ids, *, limit: int | None = None
    ) -> AsyncIterator[Promocode]: ...
    @overload
    def iterate(
        self, kind: str, ids: Ids, *, limit: int | None = None
    ) -> AsyncIterator[Resource]: ...
    async def iterate(self, kind: str, ids: Ids, *, limit: int | None = None) -> Any:
        """Every resource of the collection: bare arrays as they are, paged ones followed
        (`limit`: the page size). Events come as summaries."""
        spec = spec_for(kind)
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
            path = next_link(body)

    @overload
    async def list(
        self, kind: Literal["event"], ids: Ids, *, limit: int | None = None
    ) -> list[EventSummary]: ...
    @overload
    async def list(
        self, kind: Literal["fee"], ids: Ids, *, limit: int | None = None
    ) -> list[Fee]: ...
    @overload
    async def list(
        self, kind: Literal["item"], ids: Ids, *, limit: int | None = None
    ) -> list[Item]: ...
    @overload
    async def list(
        self, kind: Literal["attribute"], ids: Ids, *, limit: int | None = None
    ) -> list[Attribute]: ...
    @overload
    async def list(
        self, kind: Literal["promocode"], ids: Ids, *, limit: int | None = None
    ) -> list[Promocode]: ...
    @overload
    async def list(self, kind: str, ids: Ids, *, limit: int | None = None) -> list[Resource]: ...
    async def list(self, kind: str, ids: Ids, *, limit: int | None = None) -> Any:
        """The whole collection (events as summaries)."""
        return [resource async for resource in self.iterate(kind, ids, limit=limit)]

    async def index(self, kind: str, ids: Ids) -> Mapping[str, str]:
        """The collection's ids by natural key (name, label, code_name): read once, then
        kept current by this client's creates and look-ups. A live, read-only view.
        Raises ValueError for a kind without a natural key."""
        key_field = spec_for(kind).natural_key
        if key_field is None:
            raise ValueError(f"a {kind} has no natural key to look it up by")
        with self._stopping():
            await self._index.find(kind, ids, "")  # reads the collection once
        return self._index.view(kind, ids)

    @overload
    async def find(self, kind: Literal["event"], ids: Ids, natural_key: str) -> Event | None: ...
    @overload
    async def find(self, kind: Literal["fee"], ids: Ids, natural_key: str) -> Fee | None: ...
    @overload
    async def find(self, kind: Literal["item"], ids: Ids, natural_key: str) -> Item | None: ...
    @overload
    async def find(
        self, kind: Literal["attribute"], ids: Ids, natural_key: str
    ) -> Attribute | None: ...
    @overload
    async def find(
        self, kind: Literal["promocode"], ids: Ids, natural_key: str
    ) -> Promocode | None: ...
    @overload
    async def find(self, kind: str, ids: Ids, natural_key: str) -> Resource | None: ...
    async def find(self, kind: str, ids: Ids, natural_key: str) -> Any:
        """The whole resource whose natural key (name, label, code_name) is given, or None.
        The collection is read once per client, not per call. Raises ValueError for a kind
        without a natural key."""
        if spec_for(kind).natural_key is None:
            raise ValueError(f"a {kind} has no natural key to look it up by")
        fresher_than: float | None = None
        for _ in range(2):  # a second, fresh read when the one kept is out of date
            with self._stopping():
                found = await self._index.find(kind, ids, natural_key, fresher_than=fresher_than)
            if found is None:
                return None
            try:
                return await self.get(kind, ids, found)
            except NotFoundError:  # deleted since the collection was read
                fresher_than = time.monotonic()
        return None

    @overload
    async def create(self, kind: Literal["event"], ids: Ids, body: Body) -> Event: ...
    @overload
    async def create(self, kind: Literal["fee"], ids: Ids, body: Body) -> Fee: ...
    @overload
    async def create(self, kind: Literal["item"], ids: Ids, body: Body) -> Item: ...
    @overload
    async def create(self, kind: Literal["attribute"], ids: Ids, body: Body) -> Attribute: ...
    @overload
    async def create(self, kind: Literal["promocode"], ids: Ids, body: Body) -> Promocode: ...
    @overload
    async def create(self, kind: str, ids: Ids, body: Body) -> Resource: ...
    async def create(self, kind: str, ids: Ids, body: Body) -> Any:
        """POST the resource; the whole resource made. When the answer is lost the resource
        is looked up by its natural key before it is sent again, and counts as made by this
        call only if it holds every field sent. Raises ConflictError when the key is in use
        by a resource this call did not make."""
        spec = spec_for(kind)
        with self._stopping():
            written = await self._writer.create(spec, ids, dict(body), on_existing=OnExisting.FAIL)
        resource = self._resource(written)
        return await self._whole(kind, ids, written, resource)

    @overload
    async def update(
        self, kind: Literal["event"], ids: Ids, resource_id: str, changes: Body
    ) -> Event: ...
    @overload
    async def update(
        self, kind: Literal["fee"], ids: Ids, resource_id: str, changes: Body
    ) -> Fee: ...
    @overload
    async def update(
        self, kind: Literal["item"], ids: Ids, resource_id: str, changes: Body
    ) -> Item: ...
    @overload
    async def update(
        self, kind: Literal["attribute"], ids: Ids, resource_id: str, changes: Body
    ) -> Attribute: ...
    @overload
    async def update(
        self, kind: Literal["promocode"], ids: Ids, resource_id: str, changes: Body
    ) -> Promocode: ...
    @overload
    async def update(self, kind: str, ids: Ids, resource_id: str, changes: Body) -> Resource: ...
    async def update(self, kind: str, ids: Ids, resource_id: str, changes: Body) -> Any:
        """Change the fields given and keep the rest: the API's PUT clears whatever it is not
        sent, so the resource is read first and sent back whole. Raises NotFoundError when
        there is no such resource."""
        with self._stopping():
            written = await self._writer.update(spec_for(kind), ids, resource_id, changes)
        return self._resource(written) or await self.get(kind, ids, resource_id)

    @overload
    async def ensure(
        self, kind: Literal["event"], ids: Ids, body: Body, *, on_existing: OnExisting = ...
    ) -> tuple[Event, Status]: ...
    @overload
    async def ensure(
        self, kind: Literal["fee"], ids: Ids, body: Body, *, on_existing: OnExisting = ...
    ) -> tuple[Fee, Status]: ...
    @overload
    async def ensure(
        self, kind: Literal["item"], ids: Ids, body: Body, *, on_existing: OnExisting = ...
    ) -> tuple[Item, Status]: ...
    @overload
    async def ensure(
        self, kind: Literal["attribute"], ids: Ids, body: Body, *, on_existing: OnExisting = ...
    ) -> tuple[Attribute, Status]: ...
    @overload
    async def ensure(
        self, kind: Literal["promocode"], ids: Ids, body: Body, *, on_existing: OnExisting = ...
    ) -> tuple[Promocode, Status]: ...
    @overload
    async def ensure(
        self, kind: str, ids: Ids, body: Body, *, on_existing: OnExisting = ...
    ) -> tuple[Resource, Status]: ...
    async def ensure(
        self, kind: str, ids: Ids, body: Body, *, on_existing: OnExisting = OnExisting.SKIP
    ) -> Any:
        """The resource named by `body`'s natural key, made when missing: safe to call again.
        One already there is kept (SKIP, its status EXISTS), updated with `body` (UPDATE:
        UPDATED or UNCHANGED) or refused (FAIL: ConflictError). Returns the whole resource
        and its Status (CREATED when this call made it, with the ownership rule of imports).
        Another writer ensuring the same name at once: for a kind the API keeps unique its
        409 hands this call the other's (EXISTS); for events the name is looked up again just
        after the create and the elder of the two is returned to both (EXISTS for the later,
        whose own double is cancelled; see runner/adopt.py).
        Raises ValueError for a kind without a natural key or a body without one."""
        spec = spec_for(kind)
        if spec.natural_key is None or natural_key_of(spec, body) is None:
            raise ValueError(f"ensure needs the {kind}'s {spec.natural_key or 'natural key'}")
        with self._stopping():
            written = await self._ensurer.create(spec, ids, dict(body), on_existing=on_existing)
        resource = self._resource(written)
        return await self._whole(kind, ids, written, resource), written.outcome.status

    async def delete(self, kind: str, ids: Ids, resource_id: str) -> None:
        """DELETE, retried. Raises NotFoundError when it was not there to begin with."""
        with self._stopping():
            self._resource(await self._writer.delete(spec_for(kind), ids, resource_id))
        self._index.forget(kind, ids, resource_id)

    async def set_event_status(self, event_id: str, status: str) -> Event:
        """PATCH an event's status: ACTIVE publishes it, CANCELLED cancels it. Raises
        TransferError when the API refuses it."""
        with self._stopping():
            written = await self._writer.set_status(spec_for("event"), {}, event_id, status)
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
        return await self.get(kind, ids, str(written.outcome.resource_id))

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
