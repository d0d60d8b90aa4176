"""Issue 16: simulators without a seed hand out ids of their own, as two accounts do (so a
copy that forgot to remap an id fails its comparison); a seed gives the same ids as ever.
The dump shows an item's total as the API answers it."""

from __future__ import annotations

from bulkspot.simulator import SimulatorConfig
from bulkspot.simulator.ids import IdMaker
from tests.simulator.api import StartSim
from tests.simulator.payloads import FEE, ITEM

EVENTS = "eventspot/events"


async def _ids_of_one_event(start_sim: StartSim, **config: object) -> tuple[str, str]:
    _, api = await start_sim(**config)
    event = await api.event()
    fee = await api.child(f"{EVENTS}/{event['id']}/fees", FEE)
    return event["id"], fee["id"]


async def test_two_simulators_without_a_seed_give_different_ids(start_sim: StartSim) -> None:
    assert SimulatorConfig().seed is None
    first = await _ids_of_one_event(start_sim)
    second = await _ids_of_one_event(start_sim)
    assert first[0] != second[0] and first[1] != second[1]
    assert len(first[0]) == 19 and first[0].startswith("a07e") and len(first[1]) == 43


async def test_two_simulators_with_one_seed_give_the_same_ids(start_sim: StartSim) -> None:
    first = await _ids_of_one_event(start_sim, seed=5)
    second = await _ids_of_one_event(start_sim, seed=5)
    assert first == second
    assert first != await _ids_of_one_event(start_sim, seed=6)


def test_a_seed_gives_the_ids_it_always_gave() -> None:
    ids = IdMaker(0)
    assert ids.event_id() == "a07e07c864668550bb2"
    assert ids.child_id(b"x" * 16) == "eHh4eHh4eHh4eHh4eHh4eEODUd8S-iFm6ynXMYpLNdU"


async def test_the_dump_shows_an_items_total_as_the_api_answers_it(
    start_sim: StartSim,
) -> None:
    sim, api = await start_sim(seed=1)
    event = await api.event()
    items = f"{EVENTS}/{event['id']}/items"
    item = await api.child(items, ITEM)  # default_quantity_total 100
    for name, total in (("S", 4), ("M", 6)):
        await api.child(f"{items}/{item['id']}/attributes", {"name": name, "quantity_total": total})
    answered = (await api.get(f"{items}/{item['id']}")).body
    [dumped] = next(e for e in sim.dump()["events"] if e["id"] == event["id"])["items"]
    assert answered["default_quantity_total"] == 10 == dumped["default_quantity_total"]
    assert [a["quantity_total"] for a in dumped["attributes"]] == [4, 6]
