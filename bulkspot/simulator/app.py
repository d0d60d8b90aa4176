"""The aiohttp application: every `/v2/` request goes through one lean pipeline.

arrival -> gateway (key, per-second limit, quota, token) -> latency -> fault draw -> 406 ->
route (404/405) -> body (415, 413, 400) -> handler -> an ambiguous fault may then lose the
answer (500, or the connection dropped) after the change was made.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import orjson
from aiohttp import web

from bulkspot.simulator.calls import Answer, Call
from bulkspot.simulator.config import Clock, SimulatorConfig
from bulkspot.simulator.control import add_control_routes
from bulkspot.simulator.faults import AMBIGUOUS_DROP, FAIL
from bulkspot.simulator.gateway import JSON_TYPE
from bulkspot.simulator.negotiation import MAX_BODY, accepts_json, not_acceptable, read_json
from bulkspot.simulator.problems import (
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    SERVER_ERROR,
    ApiError,
)
from bulkspot.simulator.routes import ALLOW, ROUTES, resolve
from bulkspot.simulator.runtime import Runtime
from bulkspot.simulator.store import Store

RUNTIME = web.AppKey("runtime", Runtime)
JSON_HEADERS = {"Content-Type": JSON_TYPE}
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
SERVER_ERROR_BODY = orjson.dumps(
    [{"error_key": SERVER_ERROR, "error_message": "Internal server error occurred."}]
)


def create_app(config: SimulatorConfig, clock: Clock | None = None) -> web.Application:
    """The simulator as an aiohttp app (loads the state file now, saves it on cleanup)."""
    runtime = Runtime(config, clock)
    app = web.Application(client_max_size=MAX_BODY)
    app[RUNTIME] = runtime
    add_control_routes(app, runtime)
    app.router.add_route("*", "/{tail:.*}", _make_handler(runtime))

    async def save_on_cleanup(_: web.Application) -> None:
        await runtime.close()

    app.on_cleanup.append(save_on_cleanup)
    return app


def _make_handler(runtime: Runtime) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    clock, gateway, faults, stats, store = (
        runtime.clock,
        runtime.gateway,
        runtime.faults,
        runtime.stats,
        runtime.store,
    )

    async def handle(request: web.Request) -> web.StreamResponse:
        method = request.method
        now = clock.monotonic()
        stats.arrived(method, now)
        refusal = gateway.check(
            request.query.get("api_key"), request.headers.get("Authorization"), now
        )
        if refusal is not None:
            if refusal.counted:
                stats.admitted.add(now)
            stats.refused(refusal.kind)
            stats.answered(refusal.status)
            return web.Response(body=refusal.body, status=refusal.status, headers=refusal.headers)
        stats.admitted.add(now)
        delay = faults.delay()
        if delay:
            await asyncio.sleep(delay)
        fate = faults.draw(method)
        if fate == FAIL:
            stats.faults[FAIL] += 1
            stats.answered(500)
            return web.Response(body=SERVER_ERROR_BODY, status=500, headers=JSON_HEADERS)
        try:
            status, payload = await _serve(request, method, store)
            headers = JSON_HEADERS
        except ApiError as error:
            status = error.status
            payload = [p.as_json() for p in error.problems]
            headers = {**JSON_HEADERS, **error.headers} if error.headers else JSON_HEADERS
        if fate is not None and 200 <= status < 300:  # made, then the answer is lost
            stats.faults[fate] += 1
            if fate == AMBIGUOUS_DROP:
                if request.transport is not None:
                    request.transport.abort()
                return web.Response(status=500)  # never reaches the client
            stats.answered(500)
            return web.Response(body=SERVER_ERROR_BODY, status=500, headers=JSON_HEADERS)
        stats.answered(status)
        if payload is None:
            return web.Response(status=status)
        return web.Response(body=orjson.dumps(payload), status=status, headers=headers)

    return handle


async def _serve(request: web.Request, method: str, store: Store) -> Answer:
    accept = request.headers.get("Accept")
    if accept is not None and not accepts_json(accept):
        raise not_acceptable()
    route = resolve(request.path)
    if route is None:
        raise ApiError.one(404, NOT_FOUND, f"No resource at {request.path}.")
    shape, ids = route
    handler = ROUTES[shape].get(method)
    if handler is None:
        message = f"{method} is not allowed here; allowed: {ALLOW[shape]}."
        error = ApiError.one(405, METHOD_NOT_ALLOWED, message)
        error.headers["Allow"] = ALLOW[shape]
        raise error
    body = await read_json(request, method == "PATCH") if method in BODY_METHODS else None
    return handler(Call(store, ids, request.query, body))
