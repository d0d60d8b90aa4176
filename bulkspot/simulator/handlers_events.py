"""Events (list, create, get, replace, publish/cancel) and their registrants (read only)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bulkspot.simulator import render, rules
from bulkspot.simulator.calls import Answer, Call, page_answer, page_request
from bulkspot.simulator.problems import (
    BAD_REQUEST,
    ENUM,
    INVALID,
    ApiError,
    Problem,
    field_problem,
)
from bulkspot.simulator.schema import parse_instant

PATCH_PATH = "#/status"


def list_events(call: Call) -> Answer:
    start, limit, filters = page_request(call, ("status", "modified_since"))
    events = list(call.store.events.values())
    since = call.since(filters)
    if since is not None:
        events = [e for e in events if _modified(e.data) >= since]
    status = call.status(filters, rules.EVENT_STATUSES)
    if status is not None:
        events = [e for e in events if e.data.get("status") == status]
    return page_answer(events, render.event_summary, start, limit, "/v2/eventspot/events", filters)


def _modified(data: dict[str, Any]) -> datetime:
    """When an event last changed: its updated_date, else its created_date."""
    text = data.get("updated_date") or data.get("created_date")
    return parse_instant(text) or datetime.min.replace(tzinfo=UTC)


def create_event(call: Call) -> Answer:
    body = rules.EVENT.validate(call.body, call.guesses)
    return 201, render.event(call.store.create_event(body))


def get_event(call: Call) -> Answer:
    return 200, render.event(call.store.event(call.ids[0]))


def replace_event(call: Call) -> Answer:
    call.store.event(call.ids[0])  # 404 before 400: the path is read before the body
    body = rules.EVENT.validate(call.body, call.guesses)
    return 200, render.event(call.store.replace_event(call.ids[0], body))


def patch_event(call: Call) -> Answer:
    """`[{"op": "REPLACE", "path": "#/status", "value": "ACTIVE"}]`: publish or cancel."""
    event = call.store.event(call.ids[0])
    statuses = _read_patch(call.body)
    for status in statuses:
        event = call.store.set_status(call.ids[0], status, call.guesses)
    return 200, render.event(event)


def _read_patch(operations: Any) -> list[str]:
    if not isinstance(operations, list) or not operations:
        raise ApiError.one(400, BAD_REQUEST, "A PATCH body is a non-empty array of operations.")
    problems: list[Problem] = []
    statuses: list[str] = []
    for index, operation in enumerate(operations):
        if not isinstance(operation, dict):
            problems.append(field_problem(INVALID, str(index), "must be an object"))
            continue
        op, path, value = operation.get("op"), operation.get("path"), operation.get("value")
        if not isinstance(op, str) or op.upper() != "REPLACE":
            problems.append(field_problem(INVALID, f"{index}/op", f"must be REPLACE (got {op!r})"))
        if path != PATCH_PATH:
            message = f"must be {PATCH_PATH} (got {path!r})"
            problems.append(field_problem(INVALID, f"{index}/path", message))
        if value not in ("ACTIVE", "CANCELLED", "DRAFT"):
            message = f"must be ACTIVE or CANCELLED (got {value!r})"
            problems.append(field_problem(ENUM, f"{index}/value", message))
        else:
            statuses.append(str(value))
    if problems:
        raise ApiError(400, problems)
    return statuses


def list_registrants(call: Call) -> Answer:
    event = call.store.event(call.ids[0])
    start, limit, filters = page_request(call)
    link = f"/v2/eventspot/events/{event.id}/registrants"
    registrants = list(event.registrants.values())
    return page_answer(registrants, render.registrant_summary, start, limit, link, filters)


def get_registrant(call: Call) -> Answer:
    return 200, render.registrant(call.store.registrant(call.ids[0], call.ids[1]))
