"""Exports are safe to open, for every kind that exports (issue 20): an account whose names
a spreadsheet would run as formulas (`=HYPERLINK(...)`, `=cmd|...`, `+`, `-`, `@`), exported
as XLSX holds no formula cell, and as CSV no cell that starts a formula unquoted; each sheet
imports again with every row `unchanged` and no write sent; registrants (read-only, named by
the public) are exported only. (test_export_formulas.py holds the cells of the three
EventSpot kinds one by one.)"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from openpyxl import load_workbook

from bulkspot import api
from bulkspot.core.formulas import FORMULA_START
from bulkspot.core.outcome import Status
from bulkspot.simulator import SimulatorConfig, SimulatorThread
from tests.paths import SAMPLES
from tests.runner.migration import config_for, new_event

RUN = "=cmd|' /C calc'!A0"
LINK = '=HYPERLINK("http://x","click")'
CAMPAIGN = {  # a draft the API takes: its lists, footer and greeting
    "subject": LINK, "from_name": "@Riverside", "from_email": "news@example.com",
    "reply_to_email": "news@example.com", "text_content": "-text",
    "email_content": "<html><body><p>Hi</p></body></html>", "greeting_salutations": "Hi",
    "greeting_name": "FIRST_NAME",
}  # fmt: skip
# each kind that imports, and the --event its export takes (a schedule's: the campaign)
KINDS = ("events", "fees", "items", "attributes", "promocodes", "folders", "files", "lists",
         "campaigns", "schedules")  # fmt: skip
UNDER = {"fees": "event", "items": "event", "attributes": "event", "promocodes": "event",
         "registrants": "event", "schedules": "campaign"}  # fmt: skip


@pytest.fixture(scope="module")
def account(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SimulatorThread, dict]]:
    """An account whose every kind holds names that start formulas."""
    state = tmp_path_factory.mktemp("state") / "library-state.json"
    shutil.copy(SAMPLES / "library-state.json", state)
    with SimulatorThread(SimulatorConfig(rate=0, daily_quota=0, state_path=state)) as sim:
        base = f"{sim.url}/v2/"
        ids: dict[str, str] = {"event": new_event(base, "@event")}

        async def fill() -> None:
            async with api.open_client(config_for(base)) as client:
                event = {"event_id": ids["event"]}
                fee = await client.create(
                    "fee",
                    event,
                    {
                        "label": LINK,
                        "fee": 10.0,
                        "fee_scope": "BOTH",
                        "has_restricted_access": True,
                    },
                )
                item = await client.create("item", event, {
                    "name": RUN, "price": 5.0, "default_quantity_total": 10,
                    "per_registrant_limit": 2, "show_quantity_available": True,
                    "description": "-y"})  # fmt: skip
                await client.create("attribute", {**event, "item_id": item["id"]},
                                    {"name": "+1 size", "quantity_total": 3})  # fmt: skip
                await client.create("promocode", event, {
                    "code_name": "ALLIN", "code_type": "ACCESS", "fee_ids": [fee["id"]],
                    "quantity_total": -1, "is_paused": False})  # fmt: skip
                top = await client.create("folder", {}, {"name": LINK})
                await client.create("folder", {}, {"name": "@in", "parent_id": top["id"]})
                files = await client.list("file", {})
                await client.update("file", {}, str(files[0]["id"]), {**files[0], "name": RUN})
                contacts = await client.create("list", {}, {"name": "-list", "status": "ACTIVE"})
                campaign = await client.create("campaign", {}, {
                    "name": "=1+1", **CAMPAIGN, "sent_to_contact_lists": [{"id": contacts["id"]}]
                })  # fmt: skip
                await client.create("schedule", {"campaign_id": campaign["id"]},
                                    {"scheduled_date": "2031-05-02T14:30:00.000Z"})  # fmt: skip
                ids["campaign"] = str(campaign["id"])

        anyio.run(fill)
        sim.call(sim.store.add_registrant, ids["event"], {  # a name the public typed in
            "email": "r@example.com", "first_name": LINK, "last_name": "@x",
            "registration_status": "REGISTERED", "payment_status": "PAID"})  # fmt: skip
        yield sim, ids


def writes(sim: SimulatorThread) -> int:
    return sum(n for m, n in sim.stats()["requests_by_method"].items() if m != "GET")


def starts_formula(cell: Any) -> bool:
    """Text a spreadsheet would run (a number, "-1" as text included, runs as no worse)."""
    if not isinstance(cell, str) or not cell.startswith(FORMULA_START):
        return False
    try:
        float(cell)
        return False
    except ValueError:
        return True


@pytest.mark.parametrize("kind", [*KINDS, "registrants"])
def test_every_kinds_export_opens_without_formulas_and_imports_unchanged(
    account: tuple[SimulatorThread, dict[str, str]], tmp_path: Path, kind: str
) -> None:
    """Registrants, read-only, are not imported again; their names are the public's."""
    sim, ids = account
    config = config_for(f"{sim.url}/v2/")
    parent = ids.get(UNDER.get(kind, ""))
    cells: dict[str, list[Any]] = {}
    for suffix in ("csv", "xlsx"):
        sheet = tmp_path / f"{kind}.{suffix}"
        rows = api.run_export(kind, sheet, config=config, event_id=parent).rows
        assert rows >= 1
        if suffix == "xlsx":
            book = load_workbook(sheet)  # not read-only: each cell with its type
            found = [c for row in book.active.iter_rows() for c in row]  # type: ignore[union-attr]
            assert {c.data_type for c in found if c.value is not None} <= {"s", "n", "b"}
            cells[suffix] = [c.value for c in found]
        else:
            with sheet.open(encoding="utf-8-sig", newline="") as handle:
                cells[suffix] = [cell for row in csv.reader(handle) for cell in row]
        if kind == "registrants":
            continue
        before = writes(sim)
        again = api.run_import(kind, sheet, config=config, event_id=parent,
                               results_path=tmp_path / f"{kind}.{suffix}.results.csv")  # fmt: skip
        assert dict(again.counts) == {Status.UNCHANGED: rows}, (kind, suffix)
        assert writes(sim) == before
    assert [c for c in cells["csv"] if starts_formula(c)] == []  # each one quoted
    quoted = {c[1:] for c in cells["csv"] if isinstance(c, str) and c.startswith("'")}
    texts = {c for c in cells["xlsx"] if starts_formula(c)}  # text in the XLSX, as it was
    assert quoted and quoted == texts, (kind, quoted, texts)
