"""Concurrent requests: one natural key, one winner."""

from __future__ import annotations

import asyncio

from tests.simulator.api import StartSim
from tests.simulator.payloads import ITEM


async def test_50_parallel_creates_of_one_name_give_one_201_and_49_409s(
    start_sim: StartSim,
) -> None:
    sim, api = await start_sim(latency_ms=5)  # the requests really overlap
    event = await api.event()
    path = f"eventspot/events/{event['id']}/items"
    replies = await asyncio.gather(*(api.post(path, ITEM) for _ in range(50)))
    statuses = sorted(reply.status for reply in replies)
    assert statuses == [201] + [409] * 49
    assert len((await api.get(path)).body) == 1
    assert sim.stats()["requests_by_status"]["409"] == 49


async def test_parallel_attributes_sum_exactly(start_sim: StartSim) -> None:
    _, api = await start_sim()
    event = await api.event()
    item = await api.child(f"eventspot/events/{event['id']}/items", ITEM)
    path = f"eventspot/events/{event['id']}/items/{item['id']}/attributes"
    replies = await asyncio.gather(
        *(api.post(path, {"name": f"size {n}", "quantity_total": n}) for n in range(40))
    )
    assert {reply.status for reply in replies} == {201}
    got = (await api.get(f"eventspot/events/{event['id']}/items/{item['id']}")).body
    assert got["default_quantity_total"] == sum(range(40))
    assert len({a["id"] for a in got["attributes"]}) == 40
