"""The EventSpot API, resource by resource, over any `Sender`.

Usable on its own in a migration script:

    async with open_client(ApiSettings(api_key=..., token=...)) as api:
        event = await api.get("event", {}, "a07e1iw4r2m67314717")
        items = await api.list("item", {"event_id": event["id"]})
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from bulkspot.config import ApiSettings
from bulkspot.core.resources import ResourceSpec, spec_for
from bulkspot.transport.base import Sender

Resource = dict[str, Any]
Ids = Mapping[str, str]


class EventSpotClient:
    """create / get / list / update / delete per resource kind, and event publish/cancel.

    `ids` are the path ids of the resource's collection: {} for events,
    {"event_id": ...} for fees, items and promocodes, plus "item_id" for attributes.
    """

    def __init__(self, sender: Sender) -> None:
        self.sender = sender

    async def create(self, kind: str, ids: Ids, body: Mapping[str, Any]) -> Resource:
        spec = spec_for(kind)
        reply = await self.sender.send("POST", spec.collection_url(ids), dict(body))
        return _resource(reply.body)

    async def get(self, kind: str, ids: Ids, resource_id: str) -> Resource:
        spec = spec_for(kind)
        reply = await self.sender.send("GET", spec.item_url(ids, resource_id))
        return _resource(reply.body)

    async def list(self, kind: str, ids: Ids, *, limit: int | None = None) -> list[Resource]:
        """Every resource of the collection: bare arrays as they are, paged ones followed."""
        spec = spec_for(kind)
        return [r async for r in self.iterate(spec, ids, limit=limit)]

    async def iterate(
        self, spec: ResourceSpec, ids: Ids, *, limit: int | None = None
    ) -> AsyncIterator[Resource]:
        path = spec.collection_url(ids)
        if spec.paged and limit:
            path += f"?limit={limit}"
        while path:
            body = (await self.sender.send("GET", path)).body
            if isinstance(body, list):  # fees, items, attributes, promocodes: never paged
                for resource in body:
                    yield resource
                return
            body = body if isinstance(body, dict) else {}
            for resource in body.get("results") or []:
                yield resource
            pagination = (body.get("meta") or {}).get("pagination") or {}
            path = pagination.get("next_link") or ""

    async def update(
        self, kind: str, ids: Ids, resource_id: str, body: Mapping[str, Any]
    ) -> Resource:
        """PUT the whole resource: a field left out is cleared by the API."""
        spec = spec_for(kind)
        reply = await self.sender.send("PUT", spec.item_url(ids, resource_id), dict(body))
        return _resource(reply.body)

    async def delete(self, kind: str, ids: Ids, resource_id: str) -> None:
        spec = spec_for(kind)
        await self.sender.send("DELETE", spec.item_url(ids, resource_id))

    async def set_event_status(self, event_id: str, status: str) -> Resource:
        patch = [{"op": "REPLACE", "path": "#/status", "value": status}]
        reply = await self.sender.send("PATCH", spec_for("event").item_url({}, event_id), patch)
        return _resource(reply.body)

    async def publish_event(self, event_id: str) -> Resource:
        return await self.set_event_status(event_id, "ACTIVE")

    async def cancel_event(self, event_id: str) -> Resource:
        return await self.set_event_status(event_id, "CANCELLED")

    async def aclose(self) -> None:
        await self.sender.aclose()


def _resource(body: Any) -> Resource:
    return body if isinstance(body, dict) else {}


@asynccontextmanager
async def open_client(settings: ApiSettings) -> AsyncIterator[EventSpotClient]:
    """An EventSpotClient over aiohttp, closed on exit."""
    from bulkspot.transport.aiohttp_sender import AiohttpSender

    client = EventSpotClient(AiohttpSender(settings))
    try:
        yield client
    finally:
        await client.aclose()
