"""Issue 12, case 4: an items sheet naming an item that exists with other sizes. The rows said
`created`, nothing said the item had sizes the sheet does not list, and the item's total
could stay apart from the sum of its sizes (240 while they add up to 480)."""

from __future__ import annotations

from pathlib import Path

from bulkspot.api import import_sheet, open_client
from bulkspot.config import ApiSettings, Limits, RunConfig
from bulkspot.core.operation import Action, Operation, OpKey
from bulkspot.core.outcome import Status
from bulkspot.runner.job import ImportJob
from bulkspot.simulator import DEFAULT_API_KEY, DEFAULT_TOKEN, Simulator, SimulatorConfig
from bulkspot.sinks.journal import Journal
from bulkspot.transport.fake import FakeSender
from tests.runner.plans import EVENT, ITEMS, run
from tests.runner.sheets import new_event, read_results, run_config

STALE = {  # an item whose answer keeps an old total: its sizes add up to 480
    "id": "I1", "name": "T-Shirt", "price": 20, "per_registrant_limit": 2,
    "show_quantity_available": True, "default_quantity_total": 240,
    "attributes": [{"id": f"A{n}", "name": size, "quantity_total": 120}
                   for n, size in enumerate(("S", "M", "L", "XL"))],
}  # fmt: skip


async def test_the_write_path_puts_the_sum_of_the_attributes_as_the_items_total(
    fake: FakeSender, journal: Journal
) -> None:
    """The total operation reads the item and writes the sum of all its attributes."""
    fake.collections[ITEMS] = [dict(STALE)]
    total = Operation(OpKey(2, "total"), "item", Action.UPDATE, {}, {"event_id": EVENT}, "I1",
                      ends_row=False)  # fmt: skip
    await run([total], fake, journal)
    puts = [r for r in fake.requests if r[0] == "PUT"]
    assert puts == [("PUT", f"{ITEMS}/I1")]
    assert fake.collections[ITEMS][0]["default_quantity_total"] == 480
    (entry,) = journal.entries()
    assert entry.state == Status.UPDATED.value


async def test_an_existing_item_says_so_and_ends_with_the_sum_of_all_its_sizes(
    tmp_path: Path,
) -> None:
    async with Simulator(SimulatorConfig(rate=0, daily_quota=0, seed=5)) as sim:
        base = f"{sim.url}/v2/"
        event = await new_event(base)
        settings = ApiSettings(DEFAULT_API_KEY, DEFAULT_TOKEN, base)
        async with open_client(RunConfig(settings, Limits(rate=1000))) as client:
            shirt = await client.create("item", {"event_id": event}, {
                "name": "T-Shirt", "price": 20, "default_quantity_total": 240,
                "per_registrant_limit": 2, "show_quantity_available": True})  # fmt: skip
            for size in ("S", "M"):
                await client.create("attribute", {"event_id": event, "item_id": shirt["id"]},
                                    {"name": size, "quantity_total": 120})  # fmt: skip
        sheet = tmp_path / "inventory.csv"
        sheet.write_text("Product,Price,Limit,Show Qty,Size,Stock\n"
                         "T-Shirt,20.00,2,yes,L,120\n,,,,XL,120\n", encoding="utf-8")  # fmt: skip
        job = ImportJob(kind="items", source=sheet, event_id=event,
                        results_path=tmp_path / "results.csv",
                        journal_path=tmp_path / "journal.sqlite")  # fmt: skip
        summary = await import_sheet(job, run_config(base))
        assert summary.exit_code == 0
        head, second = read_results(tmp_path / "results.csv")
        assert (head["status"], second["status"]) == ("created", "created")  # the new sizes
        assert head["item_id"] == second["item_id"] == shirt["id"]
        assert head["error"] == (
            "total: the item was there already; it also has attributes this sheet does not "
            "list (S, M); its default_quantity_total counts them too: 480"
        )
        async with open_client(RunConfig(settings, Limits(rate=1000))) as client:
            item = await client.get("item", {"event_id": event}, shirt["id"])
        assert sorted(a["name"] for a in item["attributes"]) == ["L", "M", "S", "XL"]
        assert (
            item["default_quantity_total"]
            == 480
            == sum(a["quantity_total"] for a in item["attributes"])
        )
