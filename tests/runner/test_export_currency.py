"""An export of an event in another currency than the default imports again (issue 23):
a euro event's fees, items and promocodes were exported as plain numbers, which an import
reads as dollars, so the sheet was refused by its own event ("this sheet's amounts are USD
(by default ...)") unless --currency was given. Its amounts now say their currency
(`45.50 EUR` in CSV and JSONL, 45.5 under `0.00 [$EUR]` in XLSX): the sheet imports into its
event as unchanged with no write, makes the same in a fresh euro event, and is refused by a
dollar event, as a euro sheet should be. A dollar event's export is written as before."""

from __future__ import annotations

import csv
import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from openpyxl import load_workbook

from bulkspot import api
from bulkspot.core.outcome import Status
from bulkspot.errors import BulkspotError
from bulkspot.simulator import SimulatorConfig, SimulatorThread
from tests.runner.migration import EVENT, KEY, TOKEN, config_for

KINDS = ("fees", "items", "promocodes")


def event_in(sim: SimulatorThread, name: str, currency: str) -> str:
    async def make() -> str:
        async with api.open_client(config_for(f"{sim.url}/v2/")) as client:
            body = {**EVENT, "name": name, "currency_type": currency}
            return str((await client.create("event", {}, body))["id"])

    return anyio.run(make)


def fill(sim: SimulatorThread, event_id: str) -> None:
    async def run() -> None:
        async with api.open_client(config_for(f"{sim.url}/v2/")) as client:
            ids = {"event_id": event_id}
            fee = await client.create("fee", ids, {"label": "General", "fee": 45.5,
                                                    "fee_scope": "BOTH"})  # fmt: skip
            await client.create("item", ids, {
                "name": "Poster", "price": 1200, "per_registrant_limit": 2,
                "show_quantity_available": True, "default_quantity_total": 10})  # fmt: skip
            await client.create("promocode", ids, {
                "code_name": "TENOFF", "code_type": "DISCOUNT", "discount_amount": 10,
                "discount_scope": "FEE_LIST", "fee_ids": [fee["id"]], "quantity_total": 5,
                "is_paused": False})  # fmt: skip

    anyio.run(run)


@pytest.fixture(scope="module")
def sim() -> Iterator[SimulatorThread]:
    with SimulatorThread(SimulatorConfig(rate=0, daily_quota=0)) as sim:
        yield sim


@pytest.fixture(scope="module")
def euros(sim: SimulatorThread) -> str:
    event_id = event_in(sim, "euros", "EUR")
    fill(sim, event_id)
    return event_id


def http_get(url: str) -> Any:
    """What the simulator holds, over plain HTTP."""
    request = urllib.request.Request(
        f"{url}?api_key={KEY}", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def writes(sim: SimulatorThread) -> int:
    return sum(n for m, n in sim.stats()["requests_by_method"].items() if m != "GET")


def export(sim: SimulatorThread, kind: str, event_id: str, sheet: Path, ids: bool = True) -> None:
    config = config_for(f"{sim.url}/v2/")
    api.run_export(kind, sheet, config=config, event_id=event_id, with_ids=ids)


def run_import(sim: SimulatorThread, kind: str, event_id: str, sheet: Path) -> api.RunSummary:
    config = config_for(f"{sim.url}/v2/")
    results = sheet.with_name(f"{sheet.name}.{event_id}.results.csv")
    return api.run_import(kind, sheet, config=config, event_id=event_id, results_path=results)


def test_a_euro_events_csv_says_its_amounts_are_euros(
    sim: SimulatorThread, euros: str, tmp_path: Path
) -> None:
    found = {}
    for kind, column in (("fees", "fee"), ("items", "price"), ("promocodes", "discount_amount")):
        sheet = tmp_path / f"{kind}.csv"
        export(sim, kind, euros, sheet)
        with sheet.open(newline="", encoding="utf-8") as handle:
            found[kind] = next(csv.DictReader(handle))[column]
    assert found == {"fees": "45.50 EUR", "items": "1200.00 EUR", "promocodes": "10.00 EUR"}


def test_xlsx_keeps_amounts_numbers_in_a_format_of_their_currency(
    sim: SimulatorThread, euros: str, tmp_path: Path
) -> None:
    sheet = tmp_path / "fees.xlsx"
    export(sim, "fees", euros, sheet)
    rows = list(load_workbook(sheet).active.iter_rows())
    cell = rows[1][[c.value for c in rows[0]].index("fee")]
    assert (cell.value, cell.number_format) == (45.5, "0.00 [$EUR]")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_euro_events_export_imports_into_it_unchanged(
    sim: SimulatorThread, euros: str, tmp_path: Path, kind: str, suffix: str
) -> None:
    sheet = tmp_path / f"{kind}{suffix}"
    export(sim, kind, euros, sheet)
    before = writes(sim)
    again = run_import(sim, kind, euros, sheet)
    assert dict(again.counts) == {Status.UNCHANGED: 1}
    assert writes(sim) == before


def test_without_ids_it_makes_the_same_in_another_euro_event(
    sim: SimulatorThread, euros: str, tmp_path: Path
) -> None:
    other = event_in(sim, "other euros", "EUR")
    for kind in KINDS:
        sheet = tmp_path / f"{kind}.csv"
        export(sim, kind, euros, sheet, ids=False)
        assert dict(run_import(sim, kind, other, sheet).counts) == {Status.CREATED: 1}
    held = [http_get(f"{sim.url}/v2/eventspot/events/{e}/fees") for e in (euros, other)]
    assert [[f["fee"] for f in fees] for fees in held] == [[45.5], [45.5]]


def test_a_dollar_event_refuses_a_euro_events_export(
    sim: SimulatorThread, euros: str, tmp_path: Path
) -> None:
    dollars = event_in(sim, "dollars", "USD")
    sheet = tmp_path / "fees.csv"
    export(sim, "fees", euros, sheet, ids=False)
    before = writes(sim)
    with pytest.raises(BulkspotError) as refused:
        run_import(sim, "fees", dollars, sheet)
    assert str(refused.value) == (
        f"event {dollars} is in USD, but this sheet's amounts are EUR (by its cell '45.50 EUR'): "
        "nothing was sent. If the amounts are USD, give --currency USD; if they are EUR, "
        "convert them to USD first"
    )
    assert writes(sim) == before


def test_a_dollar_events_amounts_stay_plain_numbers(sim: SimulatorThread, tmp_path: Path) -> None:
    dollars = event_in(sim, "plain", "USD")
    fill(sim, dollars)
    sheet = tmp_path / "fees.csv"
    export(sim, "fees", dollars, sheet)
    with sheet.open(newline="", encoding="utf-8") as handle:
        assert next(csv.DictReader(handle))["fee"] == "45.5"
