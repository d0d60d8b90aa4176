"""A small client of the simulator (plain aiohttp, JSON in and out) and its answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import orjson

from bulkspot.simulator import Simulator
from tests.simulator.payloads import EVENT

KEY, TOKEN = "sandbox-key", "sandbox-token"


@dataclass
class Reply:
    status: int
    body: Any
    headers: Any

    @property
    def keys(self) -> list[str]:
        """The error keys of an error answer."""
        return [entry["error_key"] for entry in self.body]

    @property
    def messages(self) -> list[str]:
        return [entry["error_message"] for entry in self.body]


class Api:
    """A small client of the simulator: paths relative to /v2/, JSON in and out."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        self.session = session
        self.url = url

    async def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        data: bytes | None = None,
        key: str | None = KEY,
        token: str | None = TOKEN,
        headers: dict[str, str] | None = None,
        query: str = "",
    ) -> Reply:
        url = path if path.startswith("http") else f"{self.url}/v2/{path.lstrip('/')}"
        params = [f"api_key={key}"] if key is not None else []
        if query:
            params.append(query)
        if params:
            url += ("&" if "?" in url else "?") + "&".join(params)
        sent = {"Accept": "application/json", "Content-Type": "application/json"}
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        sent.update(headers or {})
        if data is None and body is not None:
            data = orjson.dumps(body)
        async with self.session.request(method, url, data=data, headers=sent) as response:
            raw = await response.read()
            parsed = orjson.loads(raw) if raw else None
            return Reply(response.status, parsed, response.headers)

    async def get(self, path: str, **kw: Any) -> Reply:
        return await self.call("GET", path, **kw)

    async def post(self, path: str, body: Any, **kw: Any) -> Reply:
        return await self.call("POST", path, body, **kw)

    async def put(self, path: str, body: Any, **kw: Any) -> Reply:
        return await self.call("PUT", path, body, **kw)

    async def patch(self, path: str, body: Any, **kw: Any) -> Reply:
        return await self.call("PATCH", path, body, **kw)

    async def delete(self, path: str, **kw: Any) -> Reply:
        return await self.call("DELETE", path, **kw)

    async def simulator(self, method: str, name: str, body: Any = None) -> Any:
        """A /__simulator/ endpoint, no credentials."""
        data = orjson.dumps(body) if body is not None else None
        async with self.session.request(
            method, f"{self.url}/__simulator/{name}", data=data
        ) as response:
            return response.status, orjson.loads(await response.read())

    # the resources, created and checked
    async def event(self, **fields: Any) -> dict[str, Any]:
        reply = await self.post("eventspot/events", {**EVENT, **fields})
        assert reply.status == 201, reply.body
        return dict(reply.body)

    async def child(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        reply = await self.post(path, body)
        assert reply.status == 201, reply.body
        return dict(reply.body)


StartSim = Callable[..., Awaitable[tuple[Simulator, Api]]]
