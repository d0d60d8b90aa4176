"""Plans for the engine's tests on the FakeSender, and the run of one: fast, exact, no network."""

from __future__ import annotations

from typing import Any

from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.core.operation import Action, FromOp, OnExisting, Operation, OpKey, RowError
from bulkspot.events import RunEvent
from bulkspot.runner.engine import EngineReport, execute_plan
from bulkspot.runner.retry import Requester
from bulkspot.sinks.journal import Journal
from bulkspot.transport.fake import FakeSender

EVENT = "E1"
ITEMS = f"eventspot/events/{EVENT}/items"


def config(on_existing: OnExisting = OnExisting.SKIP, concurrency: int = 4) -> RunConfig:
    return RunConfig(
        ApiSettings("key-secret", "token-secret", "http://127.0.0.1:9/v2/"),
        limits=Limits(rate=10_000, concurrency=concurrency),
        retry=RetryPolicy.no_wait(max_attempts=5),
        on_existing=on_existing,
        seed=7,
    )


def item(row: int, name: str, part: str = "", **fields: Any) -> Operation:
    body = {"name": name, "price": 5, "default_quantity_total": 10, "per_registrant_limit": 1,
            "show_quantity_available": True, **fields}  # fmt: skip
    return Operation(OpKey(row, part), "item", Action.CREATE, body, {"event_id": EVENT})


def attribute(row: int, name: str, item_key: OpKey, quantity: int = 3) -> Operation:
    return Operation(
        OpKey(row, "attribute"),
        "attribute",
        Action.CREATE,
        {"name": name, "quantity_total": quantity},
        {"event_id": EVENT, "item_id": FromOp(item_key)},
    )


async def run(
    plan: list[Operation | RowError],
    fake: FakeSender,
    journal: Journal | None,
    *,
    on_existing: OnExisting = OnExisting.SKIP,
    concurrency: int = 4,
    dry_run: bool = False,
) -> tuple[EngineReport, list[RunEvent]]:
    events: list[RunEvent] = []
    settings = config(on_existing, concurrency)
    report = await execute_plan(
        plan,
        kind="items",
        config=settings,
        requester=Requester.for_run(fake, settings, [events.append]),
        journal=journal,
        dry_run=dry_run,
    )
    return report, events
