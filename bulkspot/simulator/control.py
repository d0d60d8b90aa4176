"""The simulator's own endpoints, outside the API and without credentials:

- `GET /__simulator/stats`: counters (see stats.py), quota used, resource totals, settings.
- `POST /__simulator/control`: change settings at runtime (`rate`, `daily_quota`, `token`,
  `api_key`, `fail_rate`, `ambiguous_rate`, `latency_ms`, `jitter_ms`, `retry_after`,
  `guesses`, `send_window_s`), and `reset_quota: true` / `reset_stats: true`, and `hold: N`
  (the next N API requests wait until all N have arrived: see hold.py), and
  `stall_after_writes: N` (N more writes are answered, then every request waits until the
  stall is lifted with `null`, and is dropped: see hold.py). Answers the settings now in
  force.
- `GET /__simulator/dump`: the whole store, in the state file's format.

With several accounts, `?api_key=KEY` names one: its stats (the totals of the whole
simulator without it), its data (the first account's without it), and a control of its
own (`token`, `api_key`, `reset_quota`, `reset_stats`, for that account only; without it,
`token` and `api_key` are the first account's and the resets every account's). A key of
no account is a 404.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import orjson
from aiohttp import web

from bulkspot.simulator.config import CONTROL_FIELDS, ConfigError
from bulkspot.simulator.gateway import JSON_TYPE
from bulkspot.simulator.runtime import UnknownAccount

if TYPE_CHECKING:
    from bulkspot.simulator.runtime import Runtime

NO_ACCOUNT = "no account has that api_key"

RESETS = ("reset_quota", "reset_stats")
HOLD = "hold"
STALL = "stall_after_writes"


def _json(payload: Any, status: int = 200) -> web.Response:
    return web.Response(
        body=orjson.dumps(payload), status=status, headers={"Content-Type": JSON_TYPE}
    )


def _error(message: str) -> web.Response:
    return _json([{"error_key": "simulator.control.invalid", "error_message": message}], 400)


def apply_control(
    runtime: Runtime, changes: dict[str, Any], account: int | None = None
) -> dict[str, Any]:
    """Apply a control body, to one account (its number) or to the simulator (None);
    ConfigError names what is wrong (and nothing changes)."""
    unknown = sorted(set(changes) - set(CONTROL_FIELDS) - set(RESETS) - {HOLD, STALL})
    if unknown:
        allowed = ", ".join((*CONTROL_FIELDS, *RESETS, HOLD, STALL))
        raise ConfigError(f"unknown setting {', '.join(unknown)}; one of {allowed}")
    for name in RESETS:
        if not isinstance(changes.get(name, False), bool):
            raise ConfigError(f"{name} must be true or false")
    hold = changes.get(HOLD, 0)
    if isinstance(hold, bool) or not isinstance(hold, int) or not 0 <= hold <= 1000:
        raise ConfigError(f"hold must be a whole number of requests from 0 to 1000 (got {hold!r})")
    stall = changes.get(STALL)
    if stall is not None and (
        isinstance(stall, bool) or not isinstance(stall, int) or not 0 <= stall <= 10**9
    ):
        raise ConfigError(f"{STALL} must be a whole number of writes or null (got {stall!r})")
    for whole in (HOLD, STALL):
        if account is not None and whole in changes:
            raise ConfigError(
                f"{whole} is the simulator's, not one account's: change it without ?api_key="
            )
    settings = {k: v for k, v in changes.items() if k in CONTROL_FIELDS}
    if settings:
        runtime.settings.change(settings, account)
    if changes.get("reset_quota"):
        runtime.gateway.reset_quota(account)
    if changes.get("reset_stats"):
        runtime.reset_stats(account)
    if HOLD in changes:
        runtime.hold.arm(hold)
    if STALL in changes:
        runtime.stall.arm(stall)
    return runtime.settings.current.public()


def control_handler(runtime: Runtime) -> Callable[[web.BaseRequest], Awaitable[web.Response]]:
    """The handler of every `/__simulator/` path."""

    async def control(request: web.BaseRequest, account: int | None) -> web.Response:
        try:
            changes = orjson.loads(await request.read())
        except orjson.JSONDecodeError:
            return _error("the body must be a JSON object")
        if not isinstance(changes, dict):
            return _error("the body must be a JSON object")
        try:
            return _json(apply_control(runtime, changes, account))
        except (ConfigError, TypeError) as exc:
            return _error(str(exc))

    async def handle(request: web.BaseRequest) -> web.Response:
        path, method = request.path, request.method
        try:
            account = runtime.account(request.query.get("api_key"))
        except UnknownAccount:
            return _json(
                [{"error_key": "simulator.account.not_found", "error_message": NO_ACCOUNT}], 404
            )
        if path == "/__simulator/stats" and method == "GET":
            return _json(runtime.stats_snapshot(account))
        if path == "/__simulator/dump" and method == "GET":
            return _json(runtime.dump(account))
        if path == "/__simulator/control" and method == "POST":
            return await control(request, account)
        message = "GET /__simulator/stats, GET /__simulator/dump or POST /__simulator/control"
        return _json([{"error_key": "http.status.not_found", "error_message": message}], 404)

    return handle
