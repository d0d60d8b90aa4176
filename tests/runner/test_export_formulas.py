"""Exports are safe to open (issue 20): names a spreadsheet would run as a formula are text
in an exported XLSX (it wrote `=HYPERLINK(...)` as a live formula) and quoted in an
exported CSV (it wrote them raw), numbers stay numbers (-1 too), and each export imports
again as `unchanged` with no write."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from openpyxl import load_workbook

from bulkspot import api
from bulkspot.core.outcome import Status
from bulkspot.simulator import SimulatorConfig, SimulatorThread
from tests.runner.migration import config_for, new_event

NAMES = ('=HYPERLINK("http://x","click")', "=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "-x")
LABEL = '=HYPERLINK("http://x","fee")'
FEE = {"label": LABEL, "fee": 10, "fee_scope": "BOTH", "has_restricted_access": True}
ITEM = {"price": 5, "per_registrant_limit": 2, "show_quantity_available": True,
        "default_quantity_total": 10, "description": "-y"}  # fmt: skip


@pytest.fixture(scope="module")
def event() -> Iterator[tuple[SimulatorThread, str]]:
    with SimulatorThread(SimulatorConfig(rate=0, daily_quota=0)) as sim:
        base = f"{sim.url}/v2/"
        event_id = new_event(base, "formulas")

        async def fill() -> None:
            async with api.open_client(config_for(base)) as client:
                ids = {"event_id": event_id}
                fee = await client.create("fee", ids, FEE)
                for name in NAMES:
                    await client.create("item", ids, {**ITEM, "name": name})
                await client.create("promocode", ids, {
                    "code_name": "ALLIN", "code_type": "ACCESS", "fee_ids": [fee["id"]],
                    "quantity_total": -1, "is_paused": False})  # fmt: skip

        anyio.run(fill)
        yield sim, event_id


def writes(sim: SimulatorThread) -> int:
    return sum(n for m, n in sim.stats()["requests_by_method"].items() if m != "GET")


def exported(sim: SimulatorThread, event_id: str, kind: str, sheet: Path) -> int:
    """Export, import the sheet again: every row unchanged, no write sent."""
    config = config_for(f"{sim.url}/v2/")
    rows = api.run_export(kind, sheet, config=config, event_id=event_id).rows
    before = writes(sim)
    again = api.run_import(kind, sheet, config=config, event_id=event_id,
                           results_path=sheet.with_suffix(".results.csv"))  # fmt: skip
    assert dict(again.counts) == {Status.UNCHANGED: rows}
    assert writes(sim) == before
    return rows


@pytest.mark.parametrize("kind", ["fees", "items", "promocodes"])
def test_an_xlsx_export_holds_no_formula_and_imports_unchanged(
    event: tuple[SimulatorThread, str], tmp_path: Path, kind: str
) -> None:
    sheet = tmp_path / f"{kind}.xlsx"
    exported(*event, kind, sheet)
    book = load_workbook(sheet)  # not read-only: each cell with its type
    cells = [cell for row in book.active.iter_rows() for cell in row]  # type: ignore[union-attr]
    assert {c.data_type for c in cells if c.value is not None} <= {"s", "n", "b"}
    texts = {c.value for c in cells if c.data_type == "s"}
    numbers = {c.value for c in cells if c.data_type == "n"}
    if kind == "items":
        assert set(NAMES) | {"-y"} <= texts
    elif kind == "fees":
        assert LABEL in texts
    else:
        assert LABEL in texts and -1 in numbers  # a fee by its label; unlimited is -1


def test_a_csv_export_quotes_formula_text_keeps_numbers_and_imports_unchanged(
    event: tuple[SimulatorThread, str], tmp_path: Path
) -> None:
    found = {}
    for kind in ("fees", "items", "promocodes"):
        sheet = tmp_path / f"{kind}.csv"
        exported(*event, kind, sheet)
        with sheet.open(encoding="utf-8", newline="") as handle:
            found[kind] = list(csv.DictReader(handle))
    assert sorted(r["name"] for r in found["items"]) == sorted(f"'{n}" for n in NAMES)
    assert {r["description"] for r in found["items"]} == {"'-y"}
    assert {r["price"] for r in found["items"]} == {"5"}
    assert [r["label"] for r in found["fees"]] == [f"'{LABEL}"]
    [code] = found["promocodes"]
    assert (code["fees"], code["quantity_total"]) == (f"'{LABEL}", "-1")  # -1 stays a number
