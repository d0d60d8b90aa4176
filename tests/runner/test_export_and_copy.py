"""Issue 14: an exported sheet imported again changes nothing; edited, exactly the edited
rows; imported without ids into a fresh event (or copied between two accounts) it makes the
same event but for ids; paged collections are followed to the end."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest

from bulkspot import api
from bulkspot.core.outcome import Status
from bulkspot.simulator import SimulatorConfig, SimulatorThread
from tests.runner.migration import config_for, new_event, seed_event, snapshot

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SimulatorThread, str]]:
    with SimulatorThread(SimulatorConfig(rate=0, daily_quota=0)) as sim:
        yield sim, seed_event(f"{sim.url}/v2/", tmp_path_factory.mktemp("seed"))


def writes(sim: SimulatorThread) -> int:
    by_method = sim.stats()["requests_by_method"]
    return sum(n for method, n in by_method.items() if method != "GET")


@pytest.mark.parametrize(("kind", "suffix"), [("fees", "xlsx"), ("items", "csv"),
                                              ("promocodes", "jsonl")])  # fmt: skip
def test_an_exported_sheet_imported_again_is_unchanged_and_sends_no_write(
    source: tuple[SimulatorThread, str], tmp_path: Path, kind: str, suffix: str
) -> None:
    sim, event = source
    config = config_for(f"{sim.url}/v2/")
    sheet = tmp_path / f"{kind}.{suffix}"
    exported = api.run_export(kind, sheet, config=config, event_id=event)
    before = writes(sim)
    again = api.run_import(kind, sheet, config=config, event_id=event)
    assert dict(again.counts) == {Status.UNCHANGED: exported.rows}
    assert writes(sim) == before


def test_edited_cells_update_exactly_their_rows(
    source: tuple[SimulatorThread, str], tmp_path: Path
) -> None:
    sim, event = source
    config = config_for(f"{sim.url}/v2/")
    sheet = tmp_path / "items.csv"
    api.run_export("items", sheet, config=config, event_id=event)
    with sheet.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows[1]["attribute_quantity"] = "99"  # Item 00's M
    rows[-1]["price"] = "77.5"  # the last item, without attributes
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    done = api.run_import("items", sheet, config=config, event_id=event)
    assert dict(done.counts) == {Status.UPDATED: 2, Status.UNCHANGED: len(rows) - 2}
    with Path(str(done.results_path)).open(encoding="utf-8") as handle:
        results = list(csv.DictReader(handle))
    assert [r["row"] for r in results if r["status"] == "updated"] == ["3", str(len(rows) + 1)]


def test_exported_without_ids_into_a_fresh_event_is_the_same_event(
    source: tuple[SimulatorThread, str], tmp_path: Path
) -> None:
    sim, event = source
    base = f"{sim.url}/v2/"
    config = config_for(base)
    fresh = new_event(base, "fresh")
    for kind in ("fees", "items", "promocodes"):
        sheet = tmp_path / f"{kind}.csv"
        api.run_export(kind, sheet, config=config, event_id=event, with_ids=False)
        assert api.run_import(kind, sheet, config=config, event_id=fresh).exit_code == 0
    made = snapshot(base, fresh)
    assert made == snapshot(base, event)
    assert (len(made["fees"]), len(made["items"]), len(made["promocodes"])) == (3, 50, 2000)


def test_copy_between_two_accounts_is_the_same_event(
    source: tuple[SimulatorThread, str], tmp_path: Path
) -> None:
    sim, event = source
    with SimulatorThread(SimulatorConfig(rate=0, daily_quota=0, api_key="other-key")) as other:
        target_base = f"{other.url}/v2/"
        target_config = config_for(target_base, key="other-key")
        target = new_event(target_base, "target", key="other-key")
        job = api.CopyJob(event, target, folder=tmp_path / "copy")
        done = anyio.run(lambda: api.copy(job, target_config, config_for(f"{sim.url}/v2/")))
        assert done.exit_code == 0
        assert [p.name for p in done.journals] == [
            "promocodes.journal.sqlite", "items.journal.sqlite", "fees.journal.sqlite"
        ]  # fmt: skip
        copied = snapshot(target_base, target, key="other-key")
        assert copied == snapshot(f"{sim.url}/v2/", event)


def test_paged_events_and_registrants_are_read_to_the_end(tmp_path: Path) -> None:
    with SimulatorThread(SimulatorConfig(rate=0, daily_quota=0)) as sim:
        base = f"{sim.url}/v2/"
        events = [new_event(base, f"e{n}") for n in range(7)]
        for n in range(12):
            registrant = {
                "email": f"r{n}@example.com", "first_name": f"R{n}", "last_name": "X",
                "registration_status": "REGISTERED", "payment_status": "PAID",
            }  # fmt: skip
            sim.call(sim.store.add_registrant, events[0], registrant)
        config = config_for(base)
        found = anyio.run(lambda: api.export(
            api.ExportJob("events", tmp_path / "events.csv", page_size=3), config))  # fmt: skip
        assert (found.resources, found.pages) == (7, 3)
        registrants = api.ExportJob("registrants", tmp_path / "r.csv", events[0], page_size=5)
        people = anyio.run(lambda: api.export(registrants, config))
        assert (people.resources, people.pages) == (12, 3)
        again = api.run_import("events", tmp_path / "events.csv", config=config)
        assert dict(again.counts) == {Status.UNCHANGED: 7}
