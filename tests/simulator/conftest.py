"""Simulator tests: a real Simulator on a free loopback port per test, a plain aiohttp client,
and a manual clock for the gateway's timing (no sleeps)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import orjson
import pytest

from bulkspot.simulator import Simulator, SimulatorConfig

KEY, TOKEN = "sandbox-key", "sandbox-token"
# The SDKs' example payloads and a v2 documentation page's examples, copied into the
# repository (the origin of each file is in the SOURCES.md beside it).
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ctct-v2"
DOC_EXAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "ctct-v2-docs"
EVENT = {
    "name": "Summer Gala",
    "title": "The Summer Gala",
    "type": "FUNDRAISERS_CHARITIES",
    "start_date": "2027-07-17T18:00:00.000Z",
    "end_date": "2027-07-17T23:00:00.000Z",
    "time_zone_id": "US/Eastern",
}
ITEM = {
    "name": "T-Shirt",
    "price": 20,
    "default_quantity_total": 100,
    "per_registrant_limit": 2,
    "show_quantity_available": True,
}
FEE = {"label": "General", "fee": 25}


class ManualClock:
    """Time that moves only when a test says so."""

    def __init__(self, utc: datetime | None = None) -> None:
        self.now = 1000.0
        self.utc = utc or datetime(2027, 3, 1, 12, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self.now

    def utc_now(self) -> datetime:
        return self.utc

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self.utc += timedelta(seconds=seconds)


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


@pytest.fixture
async def start_sim() -> AsyncIterator[StartSim]:
    """Start simulators with any settings (closed at the end of the test)."""
    running: list[Simulator] = []
    sessions: list[aiohttp.ClientSession] = []

    async def start(clock: Any = None, **config: Any) -> tuple[Simulator, Api]:
        config.setdefault("rate", 0)
        sim = Simulator(SimulatorConfig(**config), clock=clock)
        await sim.start()
        running.append(sim)
        session = aiohttp.ClientSession()
        sessions.append(session)
        return sim, Api(session, sim.url)

    yield start
    for session in sessions:
        await session.close()
    for sim in running:
        await sim.close()


@pytest.fixture
async def sim_api(start_sim: StartSim) -> tuple[Simulator, Api]:
    """A simulator without limits or faults, and its client."""
    return await start_sim()


@pytest.fixture
async def api(sim_api: tuple[Simulator, Api]) -> Api:
    return sim_api[1]


def fixture(name: str) -> Any:
    """An SDK payload from tests/fixtures/ctct-v2 (a missing file fails the test)."""
    return orjson.loads((FIXTURES / name).read_bytes())
