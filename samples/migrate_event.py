"""Copy one event to another account, written only with bulkspot's public API: its fees,
its items with their sizes, and its promocodes, with prices raised 10% and every code
given a prefix on the way. Safe to run again after a failure or a kill: each resource is
looked up by its name, label or code before it is made (`Client.ensure`), and a create
whose answer was lost is found, not made twice.

    CTCT_SOURCE_API_KEY=... CTCT_SOURCE_ACCESS_TOKEN=... \\
    CTCT_API_KEY=... CTCT_ACCESS_TOKEN=... python migrate_event.py SOURCE_EVENT_ID

The destination is CTCT_API_KEY / CTCT_ACCESS_TOKEN (and BULKSPOT_BASE_URL); the source is
CTCT_SOURCE_API_KEY / CTCT_SOURCE_ACCESS_TOKEN (and BULKSPOT_SOURCE_BASE_URL), each the
destination's own when not set, as `bulkspot copy` reads them. Prints the new event's id.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

import anyio

import bulkspot

PRICE_FIELDS: tuple[Literal["fee", "early_fee", "late_fee"], ...] = ("fee", "early_fee", "late_fee")


def raised(amount: float, percent: int) -> float:
    """`amount` raised by `percent`, to the cent (half up, as a person would round it)."""
    exact = Decimal(str(amount)) * (100 + percent) / 100
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def source_settings(destination: bulkspot.ApiSettings) -> bulkspot.ApiSettings:
    """The source account, read as `bulkspot copy` reads it."""
    env = os.environ
    return bulkspot.ApiSettings(
        api_key=env.get("CTCT_SOURCE_API_KEY") or destination.api_key,
        token=env.get("CTCT_SOURCE_ACCESS_TOKEN") or destination.token,
        base_url=env.get("BULKSPOT_SOURCE_BASE_URL") or destination.base_url,
    )


async def copy_fees(
    source: bulkspot.Client, target: bulkspot.Client, event_id: str, new_event: str, percent: int
) -> dict[str, str]:
    """The fees, priced up; returns the new fee id of each source fee id."""
    new_ids: dict[str, str] = {}
    for fee in await source.list("fee", {"event_id": event_id}):
        body = bulkspot.writable("fee", fee)
        for field in PRICE_FIELDS:
            if isinstance(body.get(field), int | float):
                body[field] = raised(body[field], percent)
        made, _ = await target.ensure("fee", {"event_id": new_event}, body)
        new_ids[fee["id"]] = made["id"]
    return new_ids


async def copy_item(
    target: bulkspot.Client, item: bulkspot.Item, new_event: str, percent: int
) -> None:
    """One item, priced up, and each of its sizes (attributes)."""
    body = bulkspot.writable("item", item)
    body["price"] = raised(item["price"], percent)
    made, _ = await target.ensure("item", {"event_id": new_event}, body)
    ids: bulkspot.ItemIds = {"event_id": new_event, "item_id": made["id"]}
    for size in item.get("attributes", []):
        await target.ensure("attribute", ids, bulkspot.writable("attribute", size))


async def copy_promocode(
    target: bulkspot.Client,
    code: bulkspot.Promocode,
    new_event: str,
    prefix: str,
    fee_ids: Mapping[str, str],
) -> None:
    """One promocode under its new name, naming the new event's fees."""
    body = bulkspot.writable("promocode", code)
    body["code_name"] = prefix + code["code_name"]
    if "fee_ids" in body:
        body["fee_ids"] = [fee_ids[fee_id] for fee_id in body["fee_ids"]]
    await target.ensure("promocode", {"event_id": new_event}, body)


async def migrate(
    source_config: bulkspot.RunConfig,
    target_config: bulkspot.RunConfig,
    event_id: str,
    *,
    prefix: str,
    percent: int,
) -> str:
    """Copy the event; returns the new event's id."""
    async with (
        bulkspot.open_client(source_config) as source,
        bulkspot.open_client(target_config) as target,
    ):
        event = await source.get("event", {}, event_id)
        new_event, _ = await target.ensure("event", {}, bulkspot.writable("event", event))
        new_id = new_event["id"]
        fee_ids = await copy_fees(source, target, event_id, new_id, percent)
        items = await source.list("item", {"event_id": event_id})
        codes = await source.list("promocode", {"event_id": event_id})
        async with anyio.create_task_group() as group:  # the rate gate paces them
            for item in items:
                group.start_soon(copy_item, target, item, new_id, percent)
            for code in codes:
                group.start_soon(copy_promocode, target, code, new_id, prefix, fee_ids)
        return new_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("event_id", help="the source event's id")
    parser.add_argument("--prefix", default="MIG_", help="put before every promocode")
    parser.add_argument("--raise-percent", type=int, default=10, help="fees and item prices")
    parser.add_argument("--rate", type=float, default=4, help="requests per second, per key")
    args = parser.parse_args()
    limits = bulkspot.Limits(rate=args.rate)
    destination = bulkspot.settings_from_env()
    target_config = bulkspot.RunConfig(destination, limits=limits)
    source_config = bulkspot.RunConfig(source_settings(destination), limits=limits)
    problem = ""
    try:
        new_id = anyio.run(
            lambda: migrate(
                source_config,
                target_config,
                args.event_id,
                prefix=args.prefix,
                percent=args.raise_percent,
            )
        )
    except* bulkspot.BulkspotError as errors:  # a bad token, an unknown event, retries ran out
        problem = str(errors.exceptions[0])
    if problem:
        raise SystemExit(f"migrate_event: {problem} (run it again once that is fixed)")
    print(new_id)


if __name__ == "__main__":
    main()
