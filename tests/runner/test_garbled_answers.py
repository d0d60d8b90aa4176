"""Issue 21: a proxy answered creates the server had made with `201` and a body that was not
the resource (cut short, without an id, an HTML page). Those rows were `created` with an empty
id, an item's sizes `blocked` for good (and 3 subfolders never made), and undo left the items
on the server. A garbled success is now an ambiguous answer, reconciled by natural key."""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path
from typing import Any

import aiohttp

from bulkspot.api import import_sheet, undo_journal
from bulkspot.runner.job import ImportJob
from bulkspot.simulator import DEFAULT_API_KEY, DEFAULT_TOKEN, Simulator, SimulatorConfig
from tests.hostile_proxy import SHAPES, HostileProxy, Spoil
from tests.runner.sheets import new_event, read_results, run_config, write_inventory

SIZES = ("S", "M", "L")
GARBLED_ITEMS = [Spoil("POST", r"/items$", share=0.5), Spoil("POST", r"/attributes$", share=0.3)]


async def on_server(url: str, path: str) -> list[dict[str, Any]]:
    """A collection as the simulator holds it, read over plain HTTP (every page)."""
    found: list[dict[str, Any]] = []
    next_path: str | None = f"/v2/{path}"
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {DEFAULT_TOKEN}"}) as web:
        while next_path:
            glue = "&" if "?" in next_path else "?"
            async with web.get(f"{url}{next_path}{glue}api_key={DEFAULT_API_KEY}") as answer:
                assert answer.status == 200, await answer.text()
                body = await answer.json()
            next_path = None
            if isinstance(body, dict):
                next_path = ((body.get("meta") or {}).get("pagination") or {}).get("next_link")
                body = body["results"]
            found += body
    return found


def items_job(tmp_path: Path, event: str, sheet: Path) -> ImportJob:
    return ImportJob(kind="items", source=sheet, event_id=event,
                     results_path=tmp_path / "results.csv",
                     journal_path=tmp_path / "items.journal.sqlite")  # fmt: skip


async def test_items_with_sizes_end_with_every_id_once_through_garbled_answers(
    tmp_path: Path,
) -> None:
    async with Simulator(SimulatorConfig(rate=0, daily_quota=0, seed=5)) as sim:
        event = await new_event(f"{sim.url}/v2/")
        async with HostileProxy(sim.url, GARBLED_ITEMS, seed=3) as proxy:
            sheet = tmp_path / "inventory.csv"
            write_inventory(sheet, 8, SIZES)
            job = items_job(tmp_path, event, sheet)
            summary = await import_sheet(job, run_config(f"{proxy.url}/v2/"))
            assert sorted({shape for *_, shape in proxy.spoiled}) == sorted(SHAPES)
            assert {path.rsplit("/", 1)[1] for _, path, _ in proxy.spoiled} == {
                "items",
                "attributes",
            }
            assert summary.exit_code == 0
            rows = read_results(tmp_path / "results.csv")
            assert [r["status"] for r in rows] == ["created"] * 24
            items = await on_server(sim.url, f"eventspot/events/{event}/items")
            assert sorted(i["name"] for i in items) == [f"Item {n:04d}" for n in range(8)]
            for item in items:  # each size made once, the total their sum
                assert sorted(a["name"] for a in item["attributes"]) == sorted(SIZES)
                assert item["default_quantity_total"] == 10 + 11 + 12
            assert {r["item_id"] for r in rows} == {i["id"] for i in items}
            sizes = {a["id"] for i in items for a in i["attributes"]}
            assert sorted(r["id"] for r in rows) == sorted(sizes)

            assert job.journal_path is not None
            undone = await undo_journal(job.journal_path, config=run_config(f"{proxy.url}/v2/"))
            assert undone.exit_code == 0
            assert await on_server(sim.url, f"eventspot/events/{event}/items") == []


def write_folders(path: Path) -> list[tuple[str, str]]:
    """Three top folders, two under each, one under each of those, parents named by path."""
    rows: list[tuple[str, str]] = []
    for top in ("Alpha", "Beta", "Gamma"):
        rows.append((top, ""))
        for middle in ("One", "Two"):
            rows += [(middle, top), ("Deep", f"{top}/{middle}")]
    path.write_text("name,parent\n" + "".join(f"{n},{p}\n" for n, p in rows), encoding="utf-8")
    return rows


async def test_nested_folders_end_with_every_id_once_through_garbled_answers(
    tmp_path: Path,
) -> None:
    async with Simulator(SimulatorConfig(rate=0, daily_quota=0, seed=5)) as sim:
        spoils = [Spoil("POST", r"/library/folders$", share=0.5)]
        async with HostileProxy(sim.url, spoils, seed=3) as proxy:
            sheet = tmp_path / "folders.csv"
            wanted = write_folders(sheet)
            job = ImportJob(kind="folders", source=sheet, results_path=tmp_path / "results.csv",
                            journal_path=tmp_path / "folders.journal.sqlite")  # fmt: skip
            summary = await import_sheet(job, run_config(f"{proxy.url}/v2/"))
            assert sorted({shape for *_, shape in proxy.spoiled}) == sorted(SHAPES)
            assert summary.exit_code == 0
            rows = read_results(tmp_path / "results.csv")
            assert [r["status"] for r in rows] == ["created"] * len(wanted)
            folders = await on_server(sim.url, "library/folders")
            by_id = {f["id"]: f for f in folders}
            assert len(by_id) == len(folders) == len(wanted)  # each made once

            def path_of(folder: dict[str, Any]) -> str:
                parent = by_id.get(str(folder.get("parent_id") or ""))
                return f"{path_of(parent)}/{folder['name']}" if parent else folder["name"]

            made = [path_of(by_id[r["id"]]) for r in rows]  # each row's id is its folder
            assert made == [f"{p}/{n}" if p else n for n, p in wanted]

            assert job.journal_path is not None
            undone = await undo_journal(job.journal_path, config=run_config(f"{proxy.url}/v2/"))
            assert undone.exit_code == 0
            assert await on_server(sim.url, "library/folders") == []


# The item's create answered garbled, and every read that could find it garbled too, until
# the row's attempts were spent: the item `failed` (the server has it), its sizes `blocked`.
ITEM_LOST = [
    Spoil("GET", r"/items$", skip=1),  # the look-up before the create passes
    Spoil("POST", r"/items$"),
]


async def blocked_sizes(sim: Simulator, proxy: HostileProxy, tmp_path: Path) -> ImportJob:
    """The first run, through `proxy`: the item failed, its sizes blocked; then it heals."""
    sheet = tmp_path / "inventory.csv"
    write_inventory(sheet, 1, SIZES)
    job = items_job(tmp_path, await new_event(f"{sim.url}/v2/"), sheet)
    summary = await import_sheet(job, run_config(f"{proxy.url}/v2/", attempts=2))
    assert summary.exit_code == 1
    rows = read_results(tmp_path / "results.csv")
    assert [r["status"] for r in rows][1:] == ["blocked", "blocked"]  # (the first: failed)
    assert len(await on_server(sim.url, f"eventspot/events/{job.event_id}/items")) == 1
    proxy.heal()
    return job


async def assert_done_once(sim: Simulator, proxy: HostileProxy, job: ImportJob) -> None:
    rows = read_results(job.results_path or Path())
    assert [r["status"] for r in rows] == ["created"] * 3
    (item,) = await on_server(sim.url, f"eventspot/events/{job.event_id}/items")
    assert Counter(a["name"] for a in item["attributes"]) == Counter(SIZES)
    assert item["default_quantity_total"] == 33
    assert {r["item_id"] for r in rows} == {item["id"]}
    assert job.journal_path is not None
    undone = await undo_journal(job.journal_path, config=run_config(f"{proxy.url}/v2/"))
    assert undone.exit_code == 0
    assert await on_server(sim.url, f"eventspot/events/{job.event_id}/items") == []


async def test_retry_failed_makes_the_sizes_blocked_on_an_item_whose_answer_was_garbled(
    tmp_path: Path,
) -> None:
    async with (
        Simulator(SimulatorConfig(rate=0, daily_quota=0, seed=5)) as sim,
        HostileProxy(sim.url, ITEM_LOST, seed=1) as proxy,
    ):
        job = await blocked_sizes(sim, proxy, tmp_path)
        retry = ImportJob(**{**_fields(job), "retry_failed": True})
        summary = await import_sheet(retry, run_config(f"{proxy.url}/v2/"))
        assert summary.exit_code == 0
        await assert_done_once(sim, proxy, job)


async def test_a_rerun_makes_the_sizes_blocked_on_an_item_kept_without_its_id(
    tmp_path: Path,
) -> None:
    """A journal as runs before the fix kept a garbled create: `created`, with no id."""
    async with (
        Simulator(SimulatorConfig(rate=0, daily_quota=0, seed=5)) as sim,
        HostileProxy(sim.url, ITEM_LOST, seed=1) as proxy,
    ):
        job = await blocked_sizes(sim, proxy, tmp_path)
        assert job.journal_path is not None
        with closing(sqlite3.connect(job.journal_path)) as db, db:
            db.execute("UPDATE ops SET state = 'created', resource_id = '', created = 1 "
                       "WHERE state = 'failed'")  # fmt: skip
        summary = await import_sheet(job, run_config(f"{proxy.url}/v2/"))
        assert summary.exit_code == 0
        await assert_done_once(sim, proxy, job)


def _fields(job: ImportJob) -> dict[str, Any]:
    return {name: getattr(job, name) for name in job.__dataclass_fields__}


SAMPLES = Path(__file__).resolve().parents[2] / "samples"
EVERY_WRITE = [Spoil(method, r".", share=0.5) for method in ("POST", "PUT", "PATCH")]


async def test_every_kind_ends_with_each_row_once_through_garbled_answers(tmp_path: Path) -> None:
    """Events (with an address, whose country code the API answers in lower case), fees,
    promocodes naming fees, lists, campaigns and their schedules; a fifth of the reads are
    garbled too."""
    async with Simulator(SimulatorConfig(rate=0, daily_quota=0, seed=5)) as sim:
        event = await new_event(f"{sim.url}/v2/")
        spoils = [*EVERY_WRITE, Spoil("GET", r".", share=0.2)]
        async with HostileProxy(sim.url, spoils, seed=4) as proxy:
            made: dict[str, list[str]] = {}
            for kind, sheet, event_id in [
                ("events", "events.csv", None), ("fees", "fees.csv", event),
                ("promocodes", "promocodes.csv", event), ("lists", "lists.csv", None),
                ("campaigns", "campaigns.csv", None), ("schedules", "schedules.csv", None),
            ]:  # fmt: skip
                job = ImportJob(kind=kind, source=SAMPLES / sheet, event_id=event_id,
                                results_path=tmp_path / f"{kind}.csv",
                                journal_path=tmp_path / f"{kind}.sqlite")  # fmt: skip
                summary = await import_sheet(job, run_config(f"{proxy.url}/v2/"))
                assert summary.exit_code == 0, kind
                rows = read_results(tmp_path / f"{kind}.csv")
                assert {r["status"] for r in rows} == {"created"}, kind
                made[kind] = sorted(r["id"] for r in rows)
            assert {shape for *_, shape in proxy.spoiled} == set(SHAPES)

        events = await on_server(sim.url, "eventspot/events")
        assert sorted(e["id"] for e in events if e["id"] != event) == made["events"]
        for kind in ("fees", "promocodes"):
            found = await on_server(sim.url, f"eventspot/events/{event}/{kind}")
            assert sorted(r["id"] for r in found) == made[kind], kind
        assert sorted(r["id"] for r in await on_server(sim.url, "lists")) == made["lists"]
        campaigns = await on_server(sim.url, "emailmarketing/campaigns")
        assert sorted(c["id"] for c in campaigns) == made["campaigns"]
        schedules = [s["id"] for c in campaigns for s in await on_server(
            sim.url, f"emailmarketing/campaigns/{c['id']}/schedules")]  # fmt: skip
        assert sorted(schedules) == made["schedules"]
