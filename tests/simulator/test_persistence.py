"""The state file: the store survives a restart, writes are atomic and debounced, and a
hand-written state seeds registrants (whose purchases make an attribute unrenamable)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import orjson
import pytest

from bulkspot.simulator import Simulator, SimulatorConfig, StateError
from tests.simulator.api import StartSim
from tests.simulator.payloads import EVENT, FEE, ITEM, fixture

EVENTS = "eventspot/events"


async def _wait_for(condition: Any, timeout: float = 5.0) -> None:
    """Poll (no fixed sleep) until `condition()` holds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.01)


async def test_the_store_survives_a_restart(start_sim: StartSim, tmp_path: Path) -> None:
    state = tmp_path / "sandbox.json"
    sim, api = await start_sim(state_path=state, seed=1)
    event = await api.event()
    base = f"{EVENTS}/{event['id']}"
    item = await api.child(f"{base}/items", ITEM)
    await api.child(f"{base}/items/{item['id']}/attributes", {"name": "S", "quantity_total": 4})
    fee = await api.child(f"{base}/fees", {**FEE, "has_restricted_access": True})
    code = await api.child(
        f"{base}/promocodes", {"code_name": "VIPS", "code_type": "ACCESS", "fee_ids": [fee["id"]]}
    )
    await api.patch(base, [{"op": "REPLACE", "path": "#/status", "value": "ACTIVE"}])
    before = {
        path: (await api.get(path)).body
        for path in (base, f"{base}/items", f"{base}/fees", f"{base}/promocodes")
    }
    await sim.close()
    assert state.is_file()

    sim2, api2 = await start_sim(state_path=state, seed=1)
    for path, body in before.items():
        assert (await api2.get(path)).body == body
    # natural keys still held, and new ids never repeat old ones
    assert (await api2.post(f"{base}/items", ITEM)).status == 409
    new_fee = await api2.child(f"{base}/fees", {"label": "Other", "fee": 1})
    assert new_fee["id"] not in (fee["id"], item["id"], code["id"])
    assert sim2.stats()["resources"]["attributes"] == 1


async def test_saves_follow_changes_debounced_and_atomic(
    start_sim: StartSim, tmp_path: Path
) -> None:
    state = tmp_path / "state.json"
    sim, api = await start_sim(state_path=state)
    assert not state.exists()  # nothing changed yet
    event = await api.event()
    await _wait_for(state.exists)
    saved = orjson.loads(state.read_bytes())
    assert [e["id"] for e in saved["events"]] == [event["id"]]
    saves = sim.stats()["saves"]
    for n in range(20):  # a burst of changes makes one or two saves, not twenty
        await api.child(f"{EVENTS}/{event['id']}/fees", {"label": f"F{n}", "fee": n})
    await _wait_for(lambda: len(orjson.loads(state.read_bytes())["events"][0]["fees"]) == 20)
    assert sim.stats()["saves"] - saves <= 3
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temp file left


async def test_the_state_is_saved_on_close(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    async with Simulator(SimulatorConfig(rate=0, state_path=state)) as sim:
        sim.store.create_event({**EVENT, "name": "direct"})  # changed off the request path
    assert orjson.loads(state.read_bytes())["events"][0]["name"] == "direct"


async def test_a_hand_written_state_seeds_registrants(start_sim: StartSim, tmp_path: Path) -> None:
    registrant = fixture("registrant.json")
    item_id = registrant["payment_summary"]["order"]["items"][0]["id"]
    state = {
        "events": [
            {
                **EVENT,
                "id": "a07e1iw4r2m67314717",
                "status": "ACTIVE",
                "items": [
                    {
                        **ITEM,
                        "id": item_id,
                        "name": "Golf Shirt w/logo",
                        "attributes": [
                            {"id": "attr-green", "name": "Hi-Vis Green", "quantity_total": 75},
                            {"id": "attr-blue", "name": "Royal Blue", "quantity_total": 175},
                        ],
                    }
                ],
                "registrants": [registrant, fixture("registrants.json")["results"][0]],
            }
        ]
    }
    path = tmp_path / "seed.json"
    path.write_bytes(orjson.dumps(state))
    sim, api = await start_sim(state_path=path)
    base = f"{EVENTS}/a07e1iw4r2m67314717"
    event = (await api.get(base)).body
    assert event["status"] == "ACTIVE" and event["total_registered_count"] == 2
    listed = (await api.get(f"{base}/registrants")).body
    assert listed["meta"]["pagination"] == {}
    first, second = listed["results"]
    assert first["id"] == registrant["id"]
    assert first["email"] == "rmack@example.com" and first["first_name"] == "Ronnie"
    assert first["guest_count"] == 2 and "sections" not in first
    assert second["email"] == "registrant@example.com"
    detail = (await api.get(f"{base}/registrants/{registrant['id']}")).body
    assert detail == registrant
    item_path = f"{base}/items/{item_id}"
    item = (await api.get(item_path)).body
    assert item["default_quantity_total"] == 250
    assert item["default_quantity_available"] == 249  # one shirt sold
    green = (await api.get(f"{item_path}/attributes/attr-green")).body
    assert green["quantity_available"] == 74
    renamed = await api.put(
        f"{item_path}/attributes/attr-green", {"name": "Green", "quantity_total": 75}
    )
    assert renamed.status == 400 and renamed.keys == ["json.field.invalid"]
    blue = await api.put(f"{item_path}/attributes/attr-blue", {"name": "Blue", "quantity_total": 1})
    assert blue.status == 200
    assert sim.stats()["resources"]["registrants"] == 2


async def test_registrants_page_like_events(start_sim: StartSim, tmp_path: Path) -> None:
    registrants = [{"id": f"r{n}", "email": f"p{n}@example.com"} for n in range(5)]
    path = tmp_path / "seed.json"
    path.write_bytes(orjson.dumps({"events": [{**EVENT, "id": "E1", "registrants": registrants}]}))
    _, api = await start_sim(state_path=path)
    page = (await api.get(f"{EVENTS}/E1/registrants", query="limit=2")).body
    seen = [r["id"] for r in page["results"]]
    while page["meta"]["pagination"]:
        link = page["meta"]["pagination"]["next_link"]
        assert link.startswith("/v2/eventspot/events/E1/registrants?next=")
        page = (await api.get(api.url + link)).body
        seen += [r["id"] for r in page["results"]]
    assert seen == [f"r{n}" for n in range(5)]


async def test_a_state_file_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StateError, match="is not a folder"):
        await Simulator(SimulatorConfig(state_path=tmp_path / "nope" / "state.json")).start()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{", "is not JSON"),
        (b"[]", "not a simulator state"),
        (b'{"events": [{"name": "x"}]}', "#/title: is required"),
        (b'{"events": [{"name": "x"}], "format": "other"}', "format"),
        (
            orjson.dumps({"events": [{**EVENT, "fees": [FEE, FEE]}]}),
            "'General' is already in use",
        ),
        (orjson.dumps({"events": [{**EVENT, "fees": [{**FEE, "id": 3}]}]}), "not a unique text"),
        (orjson.dumps({"events": [{**EVENT, "items": "none"}]}), "items: not an array"),
    ],
)
async def test_a_bad_state_file_is_refused_clearly(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(StateError, match=message):
        await Simulator(SimulatorConfig(state_path=path)).start()
