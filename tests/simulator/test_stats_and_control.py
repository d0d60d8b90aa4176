"""The simulator's own endpoints: stats, control and dump, without credentials."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import orjson
import pytest

from tests.simulator.api import Api, StartSim
from tests.simulator.clock import ManualClock
from tests.simulator.payloads import ITEM

EVENTS = "eventspot/events"


async def test_stats_count_requests_by_method_and_status(start_sim: StartSim) -> None:
    clock = ManualClock()
    _, api = await start_sim(clock=clock, rate=2, daily_quota=4)
    event = await api.event()
    await api.get(f"{EVENTS}/{event['id']}")
    await api.get(EVENTS)  # over the window
    clock.advance(1)
    await api.get(EVENTS, token="bad")
    await api.get(EVENTS, key="bad")
    await api.post(f"{EVENTS}/{event['id']}/items", ITEM)
    clock.advance(1)
    await api.get(EVENTS)  # over the quota
    status, stats = await api.simulator("GET", "stats")
    assert status == 200
    assert stats["requests"] == 7
    assert stats["requests_by_method"] == {"GET": 5, "POST": 2}
    assert stats["requests_by_status"] == {"200": 1, "201": 2, "401": 1, "403": 3}
    assert stats["over_qps"] == 1 and stats["over_quota"] == 1
    assert stats["refused"] == {"inactive_key": 1, "unauthorized": 1}
    assert stats["max_requests_in_window"] == 2
    assert stats["max_arrivals_in_window"] == 3
    assert stats["quota_used"] == 4
    assert stats["resources"] == {
        "events": 1, "fees": 0, "items": 1, "attributes": 0, "promocodes": 0, "registrants": 0,
        "folders": 0, "files": 0, "lists": 0, "campaigns": 0, "schedules": 0,
    }  # fmt: skip
    assert stats["faults"] == {"fail": 0, "ambiguous_500": 0, "ambiguous_drop": 0}
    assert stats["settings"]["rate"] == 2
    assert "sandbox-token" not in str(stats) and "sandbox-key" not in str(stats)


async def test_the_busiest_second_is_measured_as_a_sliding_window(start_sim: StartSim) -> None:
    clock = ManualClock()
    sim, api = await start_sim(clock=clock, rate=0)
    # 3 at 0.5-0.75 and 3 at 1.25-1.375: no fixed second holds more than 3, the window 6
    for offset in (0.5, 0.625, 0.75, 1.25, 1.3125, 1.375):
        clock.now = 1000.0 + offset
        await api.get(EVENTS)
    assert sim.stats()["max_requests_in_window"] == 6
    clock.now = 1003.0
    await api.get(EVENTS)
    assert sim.stats()["max_requests_in_window"] == 6


async def test_control_changes_settings_at_runtime(start_sim: StartSim) -> None:
    clock = ManualClock()
    sim, api = await start_sim(clock=clock)
    status, settings = await api.simulator("POST", "control", {"token": "t2", "rate": 1})
    assert status == 200 and settings["rate"] == 1 and "token" not in settings
    assert (await api.get(EVENTS)).status == 401
    assert (await api.get(EVENTS, token="t2")).status == 403  # the new rate
    await api.simulator("POST", "control", {"api_key": "k2", "rate": 0})
    assert (await api.get(EVENTS, token="t2")).status == 403
    assert (await api.get(EVENTS, key="k2", token="t2")).status == 200
    await api.simulator("POST", "control", {"fail_rate": 1.0})
    assert (await api.get(EVENTS, key="k2", token="t2")).status == 500
    await api.simulator("POST", "control", {"fail_rate": 0, "daily_quota": 1, "reset_quota": True})
    assert (await api.get(EVENTS, key="k2", token="t2")).status == 200
    assert (await api.get(EVENTS, key="k2", token="t2")).status == 403
    await api.simulator("POST", "control", {"reset_quota": True})
    assert (await api.get(EVENTS, key="k2", token="t2")).status == 200
    await api.simulator("POST", "control", {"reset_stats": True})
    stats = sim.stats()
    assert stats["requests"] == 0 and stats["max_requests_in_window"] == 0


@pytest.mark.parametrize(
    "body",
    [{"rate": -1}, {"fail_rate": 2}, {"colour": "red"}, {"seed": 3}, {"reset_quota": "yes"},
     {"token": ""}, {"token": "two words"}, [1, 2], {"hold": -1}, {"hold": "2"},
     {"hold": True}],
)  # fmt: skip
async def test_bad_control_is_400_and_changes_nothing(start_sim: StartSim, body: object) -> None:
    sim, api = await start_sim()
    before = sim.stats()["settings"]
    status, answer = await api.simulator("POST", "control", body)
    assert status == 400
    assert answer[0]["error_message"]
    assert sim.stats()["settings"] == before
    assert (await api.get(EVENTS)).status == 200


async def test_hold_keeps_the_next_requests_until_all_of_them_have_arrived(
    start_sim: StartSim,
) -> None:
    _, api = await start_sim(rate=0)
    status, _ = await api.simulator("POST", "control", {"hold": 2})
    assert status == 200
    first = asyncio.ensure_future(api.get(EVENTS))
    done, _ = await asyncio.wait({first}, timeout=0.3)  # bounded: it must still be held
    assert not done
    second = await api.get(EVENTS)  # the second arrives: both go on
    assert second.status == 200 and (await first).status == 200
    assert (await api.get(EVENTS)).status == 200  # the barrier is spent


async def test_dump_holds_the_whole_store(api: Api) -> None:
    event = await api.event()
    base = f"{EVENTS}/{event['id']}"
    item = await api.child(f"{base}/items", ITEM)
    await api.child(f"{base}/items/{item['id']}/attributes", {"name": "S", "quantity_total": 3})
    await api.child(f"{base}/fees", {"label": "A", "fee": 1})
    status, dump = await api.simulator("GET", "dump")
    assert status == 200
    [saved] = dump["events"]
    assert saved["id"] == event["id"] and saved["name"] == event["name"]
    assert [f["label"] for f in saved["fees"]] == ["A"]
    assert [i["name"] for i in saved["items"]] == ["T-Shirt"]
    assert [a["name"] for a in saved["items"][0]["attributes"]] == ["S"]
    assert saved["promocodes"] == [] and saved["registrants"] == []


async def test_the_simulator_endpoints_need_no_credentials_and_unknown_ones_are_404(
    api: Api,
) -> None:
    status, _ = await api.simulator("GET", "stats")
    assert status == 200
    status, answer = await api.simulator("GET", "nothing")
    assert status == 404 and answer[0]["error_key"] == "http.status.not_found"


async def test_the_thread_runner_serves_sync_code() -> None:
    import aiohttp

    from bulkspot.simulator import SimulatorConfig, SimulatorThread

    with SimulatorThread(SimulatorConfig(rate=0, seed=2)) as sim:
        assert sim.url.startswith("http://127.0.0.1:")

        async def hit() -> int:
            async with aiohttp.ClientSession() as session:
                api = Api(session, sim.url)
                await api.event()
                return (await api.get(EVENTS)).status

        assert await asyncio.to_thread(asyncio.run, hit()) == 200
        assert sim.stats()["resources"]["events"] == 1
        assert len(sim.dump()["events"]) == 1
        assert sim.control(rate=3)["rate"] == 3
        assert sim.call(lambda: len(sim.store.events)) == 1


async def test_create_app_serves_under_aiohttp_test_utilities(tmp_path: Path) -> None:
    from aiohttp.test_utils import TestClient, TestServer

    from bulkspot.simulator import SimulatorConfig, create_app

    state = tmp_path / "state.json"
    async with TestClient(TestServer(create_app(SimulatorConfig(rate=0, state_path=state)))) as c:
        api = Api(c.session, str(c.make_url("")).rstrip("/"))
        event = await api.event()
        status, stats = await api.simulator("GET", "stats")
        assert status == 200 and stats["resources"]["events"] == 1
    saved = orjson.loads(state.read_bytes())  # saved on the app's cleanup
    assert [e["id"] for e in saved["events"]] == [event["id"]]


def test_the_thread_runner_raises_what_start_up_raised(tmp_path: Path) -> None:
    from bulkspot.simulator import SimulatorConfig, SimulatorThread, StateError

    state = tmp_path / "state.json"
    state.write_text("[]")
    with pytest.raises(StateError), SimulatorThread(SimulatorConfig(state_path=state)):
        pass


async def test_a_stall_answers_n_writes_then_holds_and_drops_the_rest(
    start_sim: StartSim,
) -> None:
    sim, api = await start_sim(rate=0)
    event = await api.event()
    items = f"{EVENTS}/{event['id']}/items"
    status, _ = await api.simulator("POST", "control", {"stall_after_writes": 1})
    assert status == 200
    assert (await api.get(EVENTS)).status == 200  # reads pass until the stall begins
    assert (await api.post(items, ITEM)).status == 201  # the one write answered
    held = asyncio.ensure_future(api.post(items, {**ITEM, "name": "Held"}))
    done, _ = await asyncio.wait({held}, timeout=0.3)  # bounded: it must still be waiting
    assert not done
    assert sim.stats()["stalled"] == 1
    await api.simulator("POST", "control", {"stall_after_writes": None})  # lifted: dropped
    with pytest.raises(aiohttp.ClientError):
        await held
    names = [i["name"] for i in (await api.get(items)).body]
    assert names == [ITEM["name"]]  # the stalled write was never made
    stats = sim.stats()
    assert stats["requests_by_method"] == {"GET": 2, "POST": 2} and stats["stalled"] == 1
    status, answer = await api.simulator("POST", "control", {"stall_after_writes": -1})
    assert status == 400
    assert answer[0]["error_message"] == (
        "stall_after_writes must be a whole number of writes or null (got -1)"
    )
