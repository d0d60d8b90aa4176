"""The API resource by resource, for a script's own requests, kept to an import's rules.

Every call goes through the requester (the rate is never exceeded, over-limit answers slow
it down, transient failures are retried with backoff) and every write through the one
write path (runner/write.py): a create whose answer was lost is looked up by its natural key
before it is ever sent again. A fatal answer (401, the daily quota, an unknown key) raises
StopRun at once, and for every later call. `bulkspot.open_client` makes one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from bulkspot.core.operation import OnExisting
from bulkspot.core.resources import spec_for
from bulkspot.errors import StopRun
from bulkspot.runner.retry import Requester
from bulkspot.runner.write import Writer
from bulkspot.runner.written import Ids, Resource, Written


class Client:
    """create / get / find / list / update / delete per resource kind, and an event's status.

    `ids` are the path ids of the resource's collection: {} for events, {"event_id": ...}
    for fees, items and promocodes, and "item_id" too for attributes. Failures raise
    `bulkspot.errors.TransferError` (ConflictError, NotFoundError, ...) once the retries
    are spent, and StopRun when nothing more can succeed.
    """

    def __init__(self, requester: Requester) -> None:
        self._requester = requester
        self._writer = Writer(requester, look_first=False)

    @property
    def requests(self) -> int:
        """Requests sent so far."""
        return self._requester.requests

    async def get(self, kind: str, ids: Ids, resource_id: str) -> Resource:
        with self._stopping():
            reply = await self._requester.send("GET", spec_for(kind).item_url(ids, resource_id))
        return reply.body if isinstance(reply.body, dict) else {}

    async def iterate(
        self, kind: str, ids: Ids, *, limit: int | None = None
    ) -> AsyncIterator[Resource]:
        """Every resource of the collection: bare arrays as they are, paged ones followed."""
        spec = spec_for(kind)
        path = spec.collection_url(ids)
        if spec.paged and limit:
            path += f"?limit={limit}"
        while path:
            with self._stopping():
                body = (await self._requester.send("GET", path)).body
            if isinstance(body, list):  # fees, items, attributes, promocodes: never paged
                for resource in body:
                    yield resource
                return
            body = body if isinstance(body, dict) else {}
            for resource in body.get("results") or []:
                yield resource
            path = ((body.get("meta") or {}).get("pagination") or {}).get("next_link") or ""

    async def list(self, kind: str, ids: Ids, *, limit: int | None = None) -> list[Resource]:
        return [resource async for resource in self.iterate(kind, ids, limit=limit)]

    async def find(self, kind: str, ids: Ids, natural_key: str) -> Resource | None:
        """The resource of the collection whose natural key (name, label, code) is given."""
        field = spec_for(kind).natural_key
        if field is None:
            raise ValueError(f"a {kind} has no natural key to look it up by")
        async for resource in self.iterate(kind, ids):
            if str(resource.get(field)) == natural_key:
                return resource
        return None

    async def create(self, kind: str, ids: Ids, body: Mapping[str, Any]) -> Resource:
        """POST the resource. When the answer is lost it is looked up by its natural key
        before it is sent again; ConflictError when the key is in use by another."""
        spec = spec_for(kind)
        with self._stopping():
            written = await self._writer.create(spec, ids, dict(body), on_existing=OnExisting.FAIL)
        resource = self._resource(written)
        return resource or await self.get(kind, ids, str(written.outcome.resource_id))

    async def update(
        self, kind: str, ids: Ids, resource_id: str, changes: Mapping[str, Any]
    ) -> Resource:
        """Change the fields given and keep the rest: the API's PUT clears whatever it is not
        sent, so the resource is read first and sent back whole."""
        with self._stopping():
            written = await self._writer.update(spec_for(kind), ids, resource_id, changes)
        return self._resource(written) or await self.get(kind, ids, resource_id)

    async def delete(self, kind: str, ids: Ids, resource_id: str) -> None:
        """DELETE, retried; NotFoundError when it was not there to begin with."""
        with self._stopping():
            self._resource(await self._writer.delete(spec_for(kind), ids, resource_id))

    async def set_event_status(self, event_id: str, status: str) -> Resource:
        """PATCH an event's status: ACTIVE publishes it, CANCELLED cancels it."""
        with self._stopping():
            written = await self._writer.set_status(spec_for("event"), {}, event_id, status)
        return self._resource(written) or {}

    async def publish_event(self, event_id: str) -> Resource:
        return await self.set_event_status(event_id, "ACTIVE")

    async def cancel_event(self, event_id: str) -> Resource:
        return await self.set_event_status(event_id, "CANCELLED")

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
