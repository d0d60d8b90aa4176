"""A proxy that passes every request on to a server and spoils the answers of some successes.

A real proxy, gateway or load balancer can hand back a `201` whose body is cut short, lacks
the id, or is an HTML error page, after the server behind it did the work. The tests put this
one between bulkspot and the simulator:

    async with HostileProxy(sim.url, [Spoil("POST", r"/items$", share=0.5)], seed=3) as proxy:
        proxy.url        # point bulkspot at proxy.url + "/v2/"
        proxy.spoiled    # [(method, path, shape), ...] in the order they were spoiled

Which matching answers are spoiled is drawn from `random.Random(seed)`, and the shapes are
dealt in turn (truncated, no id, HTML, ...), so a test sees every shape, the same way each run.
Only 2xx answers are spoiled (what the server did stays done); errors pass as they are.
`HostileProxyThread` runs it on a thread of its own, for a CLI run in the test's thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import random
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType

import aiohttp
import orjson
from aiohttp import web

TRUNCATED, NO_ID, HTML, WRONG_SHAPE = "truncated", "no id", "html", "wrong shape"
SHAPES = (TRUNCATED, NO_ID, HTML)
REFUSED = "refused"
REFUSAL = b'[{"error_key": "http.status.bad_request", "error_message": "refused by the proxy"}]'
HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
    b"<body><h1>Bad Gateway</h1><p>The proxy server received an invalid response.</p>"
    b"</body></html>"
)
_HOP_BY_HOP = {"connection", "content-length", "transfer-encoding", "content-encoding", "host"}


@dataclass(frozen=True, slots=True)
class Spoil:
    """Which successes to spoil: `method` and a regular expression searched in the path;
    `share` of the matching ones (drawn from the proxy's seed), at most `most` in all, the
    first `skip` of them passed as they are."""

    method: str
    path: str
    share: float = 1.0
    most: int | None = None
    skip: int = 0
    refuse: bool = False  # answer 400 instead (what the server did stays done)


def spoiled_body(shape: str, body: bytes) -> tuple[bytes, str]:
    """The body and content type a success answers with once spoiled into `shape`."""
    if shape == TRUNCATED:
        return body[: max(1, len(body) // 2)], "application/json"
    if shape == HTML:
        return HTML_PAGE, "text/html"
    parsed = orjson.loads(body) if body else {}
    if shape == NO_ID:  # a resource without its id, or a collection whose entries lack theirs
        entries = parsed if isinstance(parsed, list) else parsed.get("results") or [parsed]
        for entry in entries:
            entry.pop("id", None)
        return orjson.dumps(parsed), "application/json"
    if shape == WRONG_SHAPE:
        return orjson.dumps([parsed]), "application/json"
    raise ValueError(f"no such shape: {shape}")


class HostileProxy:
    """The proxy on the running event loop, on 127.0.0.1 and a free port."""

    def __init__(
        self,
        upstream: str,
        spoils: Sequence[Spoil],
        *,
        seed: int = 0,
        shapes: Sequence[str] = SHAPES,
    ) -> None:
        self.upstream = upstream.rstrip("/")
        self.spoils = tuple(spoils)
        self.shapes = tuple(shapes)
        self.spoiled: list[tuple[str, str, str]] = []
        self._rng = random.Random(seed)
        self._counts = [0] * len(self.spoils)  # spoiled, per rule
        self._seen = [0] * len(self.spoils)  # matched, per rule
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def heal(self) -> None:
        """Pass every answer as it is from now on."""
        self.spoils = ()

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._client = aiohttp.ClientSession(auto_decompress=False)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._client is not None:
            await self._client.close()

    async def __aenter__(self) -> HostileProxy:
        await self.start()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._client is not None
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP}
        async with self._client.request(
            request.method, self.upstream + request.path_qs, headers=headers,
            data=await request.read(),
        ) as answer:  # fmt: skip
            body = await answer.read()
            status = answer.status
            kept = {k: v for k, v in answer.headers.items() if k.lower() not in _HOP_BY_HOP}
        shape = self._shape_for(request.method, request.path, status, body)
        if shape == REFUSED:
            status, body, kept["Content-Type"] = 400, REFUSAL, "application/json"
        elif shape is not None:
            body, kept["Content-Type"] = spoiled_body(shape, body)
        if shape is not None:
            self.spoiled.append((request.method, request.path, shape))
        return web.Response(status=status, body=body, headers=kept)

    def _shape_for(self, method: str, path: str, status: int, body: bytes) -> str | None:
        if not 200 <= status < 300 or not body:
            return None
        for n, spoil in enumerate(self.spoils):
            if spoil.method != method or not re.search(spoil.path, path):
                continue
            self._seen[n] += 1
            if self._seen[n] <= spoil.skip:
                return None
            if spoil.most is not None and self._counts[n] >= spoil.most:
                return None
            if self._rng.random() >= spoil.share:
                return None
            self._counts[n] += 1
            return REFUSED if spoil.refuse else self.shapes[len(self.spoiled) % len(self.shapes)]
        return None


class HostileProxyThread:
    """A `HostileProxy` on a thread and event loop of its own; a context manager."""

    def __init__(self, upstream: str, spoils: Sequence[Spoil], **options: object) -> None:
        self.proxy = HostileProxy(upstream, spoils, **options)  # type: ignore[arg-type]
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = concurrent.futures.Future[None]()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)

    async def _main(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        try:
            await self.proxy.start()
        except BaseException as failure:
            self._ready.set_exception(failure)
            return
        self._ready.set_result(None)
        try:
            await self._stop.wait()
        finally:
            await self.proxy.close()

    def __enter__(self) -> HostileProxy:
        self._thread.start()
        self._ready.result(timeout=30)
        return self.proxy

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=30)
