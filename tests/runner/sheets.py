"""Input sheets and server checks for the engine's runs against the simulator."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

from bulkspot.api import open_client
from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.simulator import DEFAULT_API_KEY, DEFAULT_TOKEN

SIZES = ("S", "M", "L", "XL")
EVENT_BODY = {
    "name": "engine-test-event",
    "title": "Engine test event",
    "type": "OTHER",
    "start_date": "2027-07-17T14:00:00.000Z",
    "end_date": "2027-07-17T20:00:00.000Z",
    "time_zone_id": "US/Eastern",
}


def write_promocodes(path: Path, count: int, prefix: str = "CODE") -> list[str]:
    """`count` ORDER_TOTAL discount codes, one per row; returns the code names in row order."""
    names = [f"{prefix}{n:05d}" for n in range(count)]
    with path.open("w", newline="", encoding="utf-8") as out:
        sheet = csv.writer(out)
        sheet.writerow(["code_name", "code_type", "discount", "discount_scope", "quantity_total"])
        for n, name in enumerate(names):
            sheet.writerow([name, "DISCOUNT", f"{n % 50 + 1}%", "ORDER_TOTAL", "unlimited"])
    return names


def write_inventory(path: Path, items: int, sizes: tuple[str, ...] = SIZES) -> int:
    """`items` items, each with one attribute per size on consecutive rows (the item's cells
    on its first row only, its quantity the sum of its sizes'); returns the row count."""
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        sheet = csv.writer(out)
        sheet.writerow(["name", "price", "default_quantity_total", "per_registrant_limit",
                        "show_quantity_available", "attribute", "attribute_quantity"])  # fmt: skip
        for n in range(items):
            for i, size in enumerate(sizes):
                head = [f"Item {n:04d}", f"{n % 40 + 5}.50", "", "2", "yes"] if i == 0 else [""] * 5
                sheet.writerow([*head, size, 10 + i])
                rows += 1
    return rows


def read_results(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as rows:
        return list(csv.DictReader(rows))


def run_config(
    base_url: str,
    *,
    rate: float = 10_000,
    concurrency: int | None = 16,
    token: str = DEFAULT_TOKEN,
    attempts: int = 30,
) -> RunConfig:
    """A run against the simulator; no waiting between attempts unless said otherwise."""
    return RunConfig(
        ApiSettings(DEFAULT_API_KEY, token, base_url),
        limits=Limits(rate=rate, concurrency=concurrency),
        retry=RetryPolicy.no_wait(max_attempts=attempts),
        seed=11,
    )


async def new_event(base_url: str) -> str:
    settings = ApiSettings(DEFAULT_API_KEY, DEFAULT_TOKEN, base_url)
    async with open_client(RunConfig(settings, Limits(rate=1000))) as client:
        return str((await client.create("event", {}, EVENT_BODY))["id"])


def event_of(dump: dict[str, Any], event_id: str) -> dict[str, Any]:
    return next(e for e in dump["events"] if e["id"] == event_id)


def repeated(names: list[str]) -> list[str]:
    return [name for name, times in Counter(names).items() if times > 1]
