"""Injected faults: 500s that change nothing, ambiguous writes (made, then answered 500 or
dropped), latency; all drawn from the seed."""

from __future__ import annotations

import time

import aiohttp

from tests.simulator.api import Api, StartSim
from tests.simulator.payloads import EVENT, ITEM

EVENTS = "eventspot/events"


async def _outcome(api: Api, method: str, path: str, body: object = None) -> str:
    """The status as text, or "drop" when the connection closed without an answer."""
    try:
        return str((await api.call(method, path, body)).status)
    except aiohttp.ServerDisconnectedError:
        return "drop"


async def test_fail_rate_answers_500_and_changes_nothing(start_sim: StartSim) -> None:
    sim, api = await start_sim(fail_rate=1.0)
    for method, path, body in (
        ("POST", EVENTS, EVENT),
        ("GET", EVENTS, None),
        ("PUT", f"{EVENTS}/x", EVENT),
    ):
        reply = await api.call(method, path, body)
        assert reply.status == 500
        assert reply.keys == ["http.status.internal_server_error"]
    assert sim.store.totals()["events"] == 0
    assert sim.stats()["faults"]["fail"] == 3


async def test_ambiguous_writes_are_made_then_answered_500_or_dropped(start_sim: StartSim) -> None:
    sim, api = await start_sim(ambiguous_rate=1.0, seed=3)
    outcomes = [await _outcome(api, "POST", EVENTS, {**EVENT, "name": f"e{n}"}) for n in range(12)]
    assert set(outcomes) == {"500", "drop"}  # both kinds, chosen by the seed
    assert sim.store.totals()["events"] == 12  # every one was made
    names = sorted(e.data["name"] for e in sim.store.events.values())
    assert names == sorted(f"e{n}" for n in range(12))
    faults = sim.stats()["faults"]
    assert faults["ambiguous_500"] + faults["ambiguous_drop"] == 12
    assert faults["ambiguous_drop"] == outcomes.count("drop")
    # reads are never ambiguous, and a write that fails its rules is not made either
    assert (await api.get(EVENTS)).status == 200
    assert await _outcome(api, "POST", EVENTS, {"name": "broken"}) == "400"


async def test_ambiguous_updates_and_deletes_are_made_too(start_sim: StartSim) -> None:
    sim, api = await start_sim(seed=5)
    event = await api.event()
    base = f"{EVENTS}/{event['id']}"
    item = await api.child(f"{base}/items", ITEM)
    sim.control(ambiguous_rate=1.0)
    put = await _outcome(api, "PUT", f"{base}/items/{item['id']}", {**ITEM, "name": "Polo"})
    patch = await _outcome(
        api, "PATCH", base, [{"op": "REPLACE", "path": "#/status", "value": "ACTIVE"}]
    )
    delete = await _outcome(api, "DELETE", f"{base}/items/{item['id']}")
    assert {put, patch, delete} <= {"500", "drop"}
    sim.control(ambiguous_rate=0.0)
    assert (await api.get(base)).body["status"] == "ACTIVE"
    assert (await api.get(f"{base}/items")).body == []


async def _run(start_sim: StartSim, seed: int) -> list[str]:
    _, api = await start_sim(seed=seed, fail_rate=0.2, ambiguous_rate=0.4)
    outcomes = []
    for n in range(30):
        outcomes.append(await _outcome(api, "POST", EVENTS, {**EVENT, "name": f"e{n}"}))
        outcomes.append(await _outcome(api, "GET", EVENTS))
    return outcomes


async def test_faults_are_the_same_for_the_same_seed(start_sim: StartSim) -> None:
    first, again, other = (
        await _run(start_sim, 11),
        await _run(start_sim, 11),
        await _run(start_sim, 12),
    )
    assert first == again
    assert first != other
    assert {"201", "200", "500", "drop"} <= set(first)
    reads = first[1::2]
    assert set(reads) <= {"200", "500"}  # a read is never ambiguous


async def test_ids_are_the_same_for_the_same_seed(start_sim: StartSim) -> None:
    runs = []
    for seed in (4, 4, 5):
        _, api = await start_sim(seed=seed)
        event = await api.event()
        fee = await api.child(f"{EVENTS}/{event['id']}/fees", {"label": "A", "fee": 1})
        runs.append((event["id"], fee["id"]))
    assert runs[0] == runs[1] != runs[2]


async def test_latency_delays_every_answer_with_jitter(start_sim: StartSim) -> None:
    _, api = await start_sim(latency_ms=40)
    took = []
    for _ in range(5):
        started = time.perf_counter()
        assert (await api.get(EVENTS)).status == 200
        took.append(time.perf_counter() - started)
    assert min(took) >= 0.019  # at least half the latency
    assert max(took) < 2.0


async def test_latency_does_not_change_which_requests_fail(start_sim: StartSim) -> None:
    async def statuses(latency: float) -> list[int]:
        _, api = await start_sim(seed=9, fail_rate=0.5, latency_ms=latency)
        return [(await api.get(EVENTS)).status for _ in range(16)]

    assert await statuses(0) == await statuses(1)
