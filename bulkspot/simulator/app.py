"""The request pipeline: every `/v2/` request goes through one lean handler.

arrival -> jitter -> gateway (key, per-second limit, quota, token; the key selects the
account, whose data and stats the request then uses) -> latency -> fault draw ->
406 -> route (404/405) -> body (415, 413, 400) -> handler -> an ambiguous fault may then lose
the answer (500, or the connection dropped) after the change was made.

The handler takes aiohttp's low-level request, so `Simulator` serves it with aiohttp's
low-level server (no router, no middlewares: about a fifth less work per request), and
`create_app` wraps the same handler in an `Application` for aiohttp's test utilities.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import orjson
from aiohttp import web

from bulkspot.simulator.calls import Call
from bulkspot.simulator.config import Clock, SimulatorConfig
from bulkspot.simulator.control import control_handler
from bulkspot.simulator.faults import AMBIGUOUS_DROP, FAIL, WRITES
from bulkspot.simulator.gateway import JSON_TYPE
from bulkspot.simulator.negotiation import MAX_BODY, accepts_json, not_acceptable, read_json
from bulkspot.simulator.privileges import check as check_privilege
from bulkspot.simulator.problems import METHOD_NOT_ALLOWED, NOT_FOUND, SERVER_ERROR, ApiError
from bulkspot.simulator.routes import ALLOW, ROUTES, resolve
from bulkspot.simulator.runtime import Runtime

RUNTIME = web.AppKey("runtime", Runtime)
JSON_HEADERS = {"Content-Type": JSON_TYPE}
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
GUESS_HEADER = "X-Simulator-Guess"  # on an answer the simulator's own guesses made
SERVER_ERROR_BODY = orjson.dumps(
    [{"error_key": SERVER_ERROR, "error_message": "Internal server error occurred"}]
)
RequestHandler = Callable[[web.BaseRequest], Awaitable[web.StreamResponse]]


def create_app(config: SimulatorConfig, clock: Clock | None = None) -> web.Application:
    """The simulator as an aiohttp app (loads the state file now, saves it on cleanup)."""
    runtime = Runtime(config, clock)
    app = web.Application(client_max_size=MAX_BODY)
    app[RUNTIME] = runtime
    app.router.add_route("*", "/{tail:.*}", make_handler(runtime))

    async def save_on_cleanup(_: web.Application) -> None:
        await runtime.close()

    app.on_cleanup.append(save_on_cleanup)
    return app


def make_handler(runtime: Runtime) -> RequestHandler:
    """The one handler of every request to the simulator."""
    clock, gateway, faults, whole_stats = (
        runtime.clock,
        runtime.gateway,
        runtime.faults,
        runtime.stats,
    )
    settings, hold, stall, stores, account_stats = (
        runtime.settings,
        runtime.hold,
        runtime.stall,
        runtime.stores,
        runtime.account_stats,
    )
    control = control_handler(runtime)

    async def handle(request: web.BaseRequest) -> web.StreamResponse:
        if request.path.startswith("/__simulator/"):
            return await control(request)
        method = request.method
        await hold.passing()
        if stall.armed and not await stall.passing(method in WRITES):
            if request.transport is not None:
                request.transport.abort()
            return web.Response(status=500)  # never reaches the client
        now = clock.monotonic()
        account = settings.current.account_number(request.query.get("api_key"))
        stats = whole_stats if account is None else account_stats[account]
        stats.arrived(method, now)
        delay = gateway.arrival_delay()
        if delay:  # the network between the client and the gateway
            await asyncio.sleep(delay)
            now = clock.monotonic()
        refusal = gateway.check(account, request.headers.get("Authorization"), now)
        if refusal is not None:
            if refusal.counted:
                stats.admit(now)
            stats.refused(refusal.kind)
            stats.answered(refusal.status)
            return web.Response(body=refusal.body, status=refusal.status, headers=refusal.headers)
        assert account is not None  # the gateway admits only a key of an account
        store = stores[account]
        stats.admit(now)
        config = settings.current
        if config.latency_ms:
            await asyncio.sleep(faults.delay())
        fate = faults.draw(method) if config.fail_rate or config.ambiguous_rate else None
        if fate == FAIL:
            stats.fault(FAIL)
            stats.answered(500)
            return web.Response(body=SERVER_ERROR_BODY, status=500, headers=JSON_HEADERS)
        headers = JSON_HEADERS
        try:
            accept = request.headers.get("Accept")
            if accept is not None and not accepts_json(accept):
                raise not_acceptable()
            route = resolve(request.path)
            if route is None:
                raise ApiError.one(404, NOT_FOUND, f"No resource at {request.path}.")
            handler = ROUTES[route[0]].get(method)
            if handler is None:
                allowed = ALLOW[route[0]]
                message = f"{method} is not allowed here; allowed: {allowed}."
                raise ApiError.one(405, METHOD_NOT_ALLOWED, message).with_headers(Allow=allowed)
            check_privilege(route[0], method, config.privileges, config.guesses)
            body = None
            if method in BODY_METHODS:
                try:
                    body = await read_json(request, route[0], method, config.guesses)
                except ConnectionError:  # the client went away mid-body (a killed run)
                    return web.Response(status=400)  # never reaches it; nothing to log
            call = Call(store, route[1], request.query, body, config.guesses, config.send_window_s)
            status, payload = handler(call)
            if call.acted:  # a success a guess shaped (a side effect no document states)
                headers = {**headers, GUESS_HEADER: call.acted}
        except ApiError as error:
            status = error.status
            payload = [p.as_json() for p in error.problems]
            if error.headers:
                headers = {**JSON_HEADERS, **error.headers}
            guesses = error.guesses
            if guesses:  # a refusal no document states: say which guesses made it
                headers = {**headers, GUESS_HEADER: ", ".join(guesses)}
        if fate is not None and 200 <= status < 300:  # made, then the answer is lost
            stats.fault(fate)
            if fate == AMBIGUOUS_DROP:
                if request.transport is not None:
                    request.transport.abort()
                return web.Response(status=500)  # never reaches the client
            stats.answered(500)
            return web.Response(body=SERVER_ERROR_BODY, status=500, headers=JSON_HEADERS)
        stats.answered(status)
        if payload is None:  # a 204: no body, and so no Content-Type
            named = headers.get(GUESS_HEADER)
            return web.Response(status=status, headers={GUESS_HEADER: named} if named else None)
        return web.Response(body=orjson.dumps(payload), status=status, headers=headers)

    return handle
