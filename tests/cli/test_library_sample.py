"""Issue 16: samples/migrate_event.py, a migration written with the public API only, copies
an event between two simulators under faults, survives a kill -9, and once run again the
destination is the source with prices up 10% and codes prefixed, nothing doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import anyio
import pytest

import bulkspot
from bulkspot.config import RetryPolicy
from bulkspot.simulator import SimulatorConfig, SimulatorThread
from tests.cli.sandbox import EVENT_BODY
from tests.paths import SAMPLES

SAMPLE = SAMPLES / "migrate_event.py"
FAULTS = {"fail_rate": 0.1, "ambiguous_rate": 0.1}
CODES = 120
SOURCE_KEY, SOURCE_TOKEN = "source-key", "source-token"


@pytest.fixture
def simulators() -> Iterator[tuple[SimulatorThread, SimulatorThread]]:
    source = SimulatorConfig(api_key=SOURCE_KEY, token=SOURCE_TOKEN, rate=0)
    target = SimulatorConfig(rate=0, latency_ms=20, **FAULTS)  # type: ignore[arg-type]
    with SimulatorThread(source) as from_sim, SimulatorThread(target) as to_sim:
        yield from_sim, to_sim


def config(sim: SimulatorThread, key: str, token: str) -> bulkspot.RunConfig:
    settings = bulkspot.ApiSettings(key, token, f"{sim.url}/v2/")
    return bulkspot.RunConfig(
        settings, limits=bulkspot.Limits(rate=1000), retry=RetryPolicy.no_wait()
    )


async def seed_source(cfg: bulkspot.RunConfig) -> str:
    """An event with 3 fees (one restricted), 6 items (2 in sizes) and CODES promocodes."""
    async with bulkspot.open_client(cfg) as client:
        event = (await client.create("event", {}, {**EVENT_BODY, "name": "migrated"}))["id"]
        ids = {"event_id": event}
        await client.create("fee", ids, {"label": "Adult", "fee": 25, "early_fee": 19.99})
        await client.create("fee", ids, {"label": "Student", "fee": 12.5})
        vip = await client.create(
            "fee", ids, {"label": "VIP", "fee": 99.95, "has_restricted_access": True}
        )
        for n, (name, price) in enumerate(
            [
                ("Mug", 8.5),
                ("Cap", 14.99),
                ("Pin", 1.05),
                ("Poster", 12),
                ("Shirt", 20),
                ("Hoodie", 35.55),
            ]
        ):
            item = await client.create(
                "item",
                ids,
                {
                    "name": name,
                    "price": price,
                    "default_quantity_total": 10 + n,
                    "per_registrant_limit": 2,
                    "show_quantity_available": True,
                },
            )
            for size in ("S", "M", "L")[: 3 if name == "Shirt" else 2 if name == "Hoodie" else 0]:
                await client.create(
                    "attribute", {**ids, "item_id": item["id"]}, {"name": size, "quantity_total": 5}
                )
        for n in range(CODES):
            body: dict[str, Any] = {
                "code_name": f"CODE{n:03d}",
                "code_type": "DISCOUNT",
                "discount_percent": 10,
                "discount_scope": "ORDER_TOTAL",
            }
            if n % 12 == 0:
                body = {"code_name": f"VIP{n:03d}", "code_type": "ACCESS", "fee_ids": [vip["id"]]}
            await client.create("promocode", ids, body)
    return event


async def read_event(cfg: bulkspot.RunConfig, name: str) -> dict[str, Any]:
    """The event named `name` with its fees, items and promocodes, as a client reads them."""
    async with bulkspot.open_client(cfg) as client:
        found = await client.find("event", {}, name)
        assert found is not None
        ids = {"event_id": found["id"]}
        return {
            "event": found,
            "fees": await client.list("fee", ids),
            "items": await client.list("item", ids),
            "promocodes": await client.list("promocode", ids),
        }


def up(amount: float) -> float:
    return float((Decimal(str(amount)) * Decimal("1.1")).quantize(Decimal("0.01"), ROUND_HALF_UP))


def expected_from(source: dict[str, Any]) -> dict[str, Any]:
    """What the destination must hold: the source, priced up, codes prefixed, by key."""
    fee_label = {f["id"]: f["label"] for f in source["fees"]}
    fees = {
        f["label"]: {
            **bulkspot.writable("fee", f),
            "fee": up(f["fee"]),
            **({"early_fee": up(f["early_fee"])} if "early_fee" in f else {}),
        }
        for f in source["fees"]
    }
    items = {
        i["name"]: (
            {**bulkspot.writable("item", i), "price": up(i["price"])},
            sorted((a["name"], a["quantity_total"]) for a in i["attributes"]),
        )
        for i in source["items"]
    }
    codes = {
        "MIG_" + p["code_name"]: {
            **bulkspot.writable("promocode", p),
            "code_name": "MIG_" + p["code_name"],
            "fee_ids": sorted(fee_label[f] for f in p.get("fee_ids", [])),
        }
        for p in source["promocodes"]
    }
    return {"fees": fees, "items": items, "promocodes": codes}


def held_by(target: dict[str, Any]) -> dict[str, Any]:
    fee_label = {f["id"]: f["label"] for f in target["fees"]}
    return {
        "fees": {f["label"]: bulkspot.writable("fee", f) for f in target["fees"]},
        "items": {
            i["name"]: (
                bulkspot.writable("item", i),
                sorted((a["name"], a["quantity_total"]) for a in i["attributes"]),
            )
            for i in target["items"]
        },
        "promocodes": {
            p["code_name"]: {
                **bulkspot.writable("promocode", p),
                "fee_ids": sorted(fee_label[f] for f in p.get("fee_ids", [])),
            }
            for p in target["promocodes"]
        },
    }


def start(event: str, env: dict[str, str]) -> subprocess.Popen[str]:
    command = [sys.executable, str(SAMPLE), event, "--rate", "150"]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def promocodes_held(sim: SimulatorThread) -> int:
    return sum(len(e["promocodes"]) for e in sim.dump()["events"])


@pytest.mark.slow
def test_the_sample_migrates_an_event_survives_a_kill_and_reruns_to_the_same_end(
    simulators: tuple[SimulatorThread, SimulatorThread],
) -> None:
    from_sim, to_sim = simulators
    source_cfg = config(from_sim, SOURCE_KEY, SOURCE_TOKEN)
    event = anyio.run(seed_source, source_cfg)
    from_sim.control(**FAULTS)
    env = {
        **os.environ,
        "CTCT_API_KEY": "sandbox-key",
        "CTCT_ACCESS_TOKEN": "sandbox-token",
        "BULKSPOT_BASE_URL": f"{to_sim.url}/v2/",
        "CTCT_SOURCE_API_KEY": SOURCE_KEY,
        "CTCT_SOURCE_ACCESS_TOKEN": SOURCE_TOKEN,
        "BULKSPOT_SOURCE_BASE_URL": f"{from_sim.url}/v2/",
    }

    first = start(event, env)
    deadline = time.monotonic() + 20
    while promocodes_held(to_sim) < 10 and first.poll() is None:  # some made: kill it there
        assert time.monotonic() < deadline, "the sample made no promocodes"
        time.sleep(0.005)
    first.send_signal(signal.SIGKILL)
    _, first_err = first.communicate(timeout=10)
    assert first.returncode == -signal.SIGKILL, first_err  # killed midway, not finished
    assert 10 <= promocodes_held(to_sim) < CODES

    again = start(event, env)
    out, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    assert to_sim.stats()["faults"], "the faults did happen"

    from_sim.control(fail_rate=0.0, ambiguous_rate=0.0)
    to_sim.control(fail_rate=0.0, ambiguous_rate=0.0)
    source = anyio.run(read_event, source_cfg, "migrated")
    target = anyio.run(read_event, config(to_sim, "sandbox-key", "sandbox-token"), "migrated")
    assert out == f"{target['event']['id']}\n"
    assert bulkspot.writable("event", target["event"]) == bulkspot.writable(
        "event", source["event"]
    )
    assert len(target["fees"]) == 3 and len(target["items"]) == 6  # nothing doubled
    assert len(target["promocodes"]) == CODES
    assert held_by(target) == expected_from(source)
    source_ids = {r["id"] for kind in ("fees", "items", "promocodes") for r in source[kind]}
    assert not source_ids & {r["id"] for k in ("fees", "items", "promocodes") for r in target[k]}
