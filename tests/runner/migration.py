"""An event worth migrating, made on a simulator through bulkspot's own imports, and how to
read an event back for comparison (ids stripped, fees named by label)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import anyio

from bulkspot.api import open_client, run_import
from bulkspot.config import ApiSettings, Limits, RunConfig

KEY, TOKEN = "sandbox-key", "sandbox-token"
EVENT = {
    "name": "migration", "title": "Migration", "type": "OTHER",
    "start_date": "2027-07-17T14:00:00.000Z", "end_date": "2027-07-17T20:00:00.000Z",
    "time_zone_id": "US/Eastern",
}  # fmt: skip
FEES = ("General", "VIP", "Backstage")
SIZES = ("S", "M", "L", "XL")


def config_for(base: str, rate: float = 2000, key: str = KEY) -> RunConfig:
    """Settings for one simulator: `key` names the account it stands for."""
    return RunConfig(ApiSettings(key, TOKEN, base), Limits(rate=rate))


def new_event(base: str, name: str, key: str = KEY) -> str:
    async def make() -> str:
        async with open_client(config_for(base, key=key)) as client:
            made = await client.create("event", {}, {**EVENT, "name": name})
            return str(made["id"])

    return anyio.run(make)


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def seed_event(base: str, folder: Path, codes: int = 2000) -> str:
    """3 fees, 50 items (20 with 4 attributes), `codes` promocodes: ACCESS codes on the
    restricted fee, DISCOUNT codes on fee lists (percent and amount) and order totals."""
    event = new_event(base, "source")
    config = config_for(base)
    fees = [
        {"label": label, "fee": 10 * (n + 1) + 0.5 * n, "fee_scope": "BOTH",
         "has_restricted_access": label == "Backstage"}
        for n, label in enumerate(FEES)
    ]  # fmt: skip
    items: list[dict[str, Any]] = []
    for n in range(50):
        head = {"name": f"Item {n:02d}", "description": f"thing {n}", "price": 5 + n * 0.25,
                "per_registrant_limit": 2, "show_quantity_available": n % 2 == 0,
                "default_quantity_total": "" if n < 20 else 100 + n}  # fmt: skip
        if n < 20:
            for s, size in enumerate(SIZES):
                row = head if s == 0 else dict.fromkeys(head, "")
                items.append({**row, "attribute": size, "attribute_quantity": 10 + s + n})
        else:
            items.append({**head, "attribute": "", "attribute_quantity": ""})
    promocodes: list[dict[str, Any]] = []
    for n in range(codes):
        kind = n % 4
        row: dict[str, Any] = {"code_name": f"CODE{n:05d}", "code_type": "DISCOUNT",
                               "discount_percent": "", "discount_amount": "",
                               "discount_scope": "FEE_LIST", "fees": "General;VIP",
                               "quantity_total": n % 7 or -1}  # fmt: skip
        if kind == 0:
            row.update(code_type="ACCESS", discount_scope="", fees="Backstage")
        elif kind == 1:
            row.update(discount_percent=10 + n % 50)
        elif kind == 2:
            row.update(discount_amount=2.5, fees="VIP")
        else:
            row.update(discount_percent=15, discount_scope="ORDER_TOTAL", fees="")
        promocodes.append(row)
    for kind, rows in (("fees", fees), ("items", items), ("promocodes", promocodes)):
        sheet = _write(folder / f"seed-{kind}.csv", rows)
        done = run_import(kind, sheet, config=config, event_id=event)
        assert done.exit_code == 0, (kind, done.counts)
    return event


def snapshot(base: str, event: str, key: str = KEY) -> dict[str, Any]:
    """The event's fees, items (with attributes) and promocodes, ids stripped, fees by label."""

    async def read() -> dict[str, Any]:
        async with open_client(config_for(base, key=key)) as client:
            ids = {"event_id": event}
            fees = await client.list("fee", ids)
            items = await client.list("item", ids)
            codes = await client.list("promocode", ids)
        labels = {f["id"]: f["label"] for f in fees}
        return {
            "fees": sorted((_strip(f) for f in fees), key=lambda f: f["label"]),
            "items": sorted(
                ({**_strip(i), "attributes": sorted(_strip(a)["name"] + f"={a['quantity_total']}"
                                                    for a in i.get("attributes") or ())}
                 for i in items), key=lambda i: i["name"]),
            "promocodes": sorted(
                ({**_strip(c), "fee_ids": [labels[i] for i in c.get("fee_ids") or ()]}
                 for c in codes), key=lambda c: c["code_name"]),
        }  # fmt: skip

    return anyio.run(read)


def _strip(resource: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in resource.items() if k != "id"}
