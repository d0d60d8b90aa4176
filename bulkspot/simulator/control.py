"""The simulator's own endpoints, outside the API and without credentials:

- `GET /__simulator/stats`: counters (see stats.py), quota used, resource totals, settings.
- `POST /__simulator/control`: change settings at runtime (`rate`, `daily_quota`, `token`,
  `api_key`, `fail_rate`, `ambiguous_rate`, `latency_ms`, `retry_after`), and
  `reset_quota: true` / `reset_stats: true`. Answers the settings now in force.
- `GET /__simulator/dump`: the whole store, in the state file's format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
from aiohttp import web

from bulkspot.simulator.config import CONTROL_FIELDS, ConfigError
from bulkspot.simulator.gateway import JSON_TYPE

if TYPE_CHECKING:
    from bulkspot.simulator.runtime import Runtime

RESETS = ("reset_quota", "reset_stats")


def _json(payload: Any, status: int = 200) -> web.Response:
    return web.Response(
        body=orjson.dumps(payload), status=status, headers={"Content-Type": JSON_TYPE}
    )


def _error(message: str) -> web.Response:
    return _json([{"error_key": "simulator.control.invalid", "error_message": message}], 400)


def apply_control(runtime: Runtime, changes: dict[str, Any]) -> dict[str, Any]:
    """Apply a control body; ConfigError names what is wrong (and nothing changes)."""
    unknown = sorted(set(changes) - set(CONTROL_FIELDS) - set(RESETS))
    if unknown:
        allowed = ", ".join((*CONTROL_FIELDS, *RESETS))
        raise ConfigError(f"unknown setting {', '.join(unknown)}; one of {allowed}")
    for name in RESETS:
        if not isinstance(changes.get(name, False), bool):
            raise ConfigError(f"{name} must be true or false")
    settings = {k: v for k, v in changes.items() if k in CONTROL_FIELDS}
    if settings:
        runtime.settings.change(settings)
    if changes.get("reset_quota"):
        runtime.gateway.reset_quota()
    if changes.get("reset_stats"):
        runtime.stats.reset()
    return runtime.settings.current.public()


def add_control_routes(app: web.Application, runtime: Runtime) -> None:
    async def stats(_: web.Request) -> web.Response:
        return _json(runtime.stats_snapshot())

    async def dump(_: web.Request) -> web.Response:
        return _json(runtime.dump())

    async def control(request: web.Request) -> web.Response:
        try:
            changes = orjson.loads(await request.read())
        except orjson.JSONDecodeError:
            return _error("the body must be a JSON object")
        if not isinstance(changes, dict):
            return _error("the body must be a JSON object")
        try:
            return _json(apply_control(runtime, changes))
        except (ConfigError, TypeError) as exc:
            return _error(str(exc))

    app.router.add_get("/__simulator/stats", stats)
    app.router.add_get("/__simulator/dump", dump)
    app.router.add_post("/__simulator/control", control)
